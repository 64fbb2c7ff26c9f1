// SPDX-License-Identifier: GPL-2.0
#include <linux/pci.h>
int probe(struct pci_dev *p);
int probe(struct pci_dev *p)
{
	return pci_alloc_irq_vectors(p, 1, 1, PCI_IRQ_MSIX) + pci_irq_vector(p, 0);
}
