// SPDX-License-Identifier: GPL-2.0
#include <linux/pci.h>
int probe(struct pci_dev *p, struct msix_entry *e);
int probe(struct pci_dev *p, struct msix_entry *e)
{
	return pci_enable_msix(p, e, 1);
}
