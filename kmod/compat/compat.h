/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference the module meets, decided by the compile
 * probes in conftest/ (generated conftest.h), never by LINUX_VERSION_CODE.
 * The .c files call only the hvd_* helpers below.
 */
#ifndef HVDIAG_COMPAT_H
#define HVDIAG_COMPAT_H

#include <linux/cpumask.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "conftest.h"

static inline u64 hvd_now_us(void)
{
#ifdef HAVE_KTIME_GET_NS
	return div_u64(ktime_get_ns(), 1000);
#else
	return div_u64(ktime_to_ns(ktime_get()), 1000);
#endif
}

/*
 * Enable exactly @n MSI-X vectors and return their Linux IRQ numbers in
 * @irqs. 0 on success, -errno otherwise (nothing left enabled).
 */
static inline int hvd_msix_enable(struct pci_dev *pdev, int n, int *irqs)
{
	int i, r;
#if defined(HAVE_PCI_ALLOC_IRQ_VECTORS)
	r = pci_alloc_irq_vectors(pdev, n, n, PCI_IRQ_MSIX);
	if (r < 0)
		return r;
	for (i = 0; i < n; i++)
		irqs[i] = pci_irq_vector(pdev, i);
	return 0;
#else
	struct msix_entry *e = kcalloc(n, sizeof(*e), GFP_KERNEL);

	if (!e)
		return -ENOMEM;
	for (i = 0; i < n; i++)
		e[i].entry = i;
#if defined(HAVE_PCI_ENABLE_MSIX_RANGE)
	r = pci_enable_msix_range(pdev, e, n, n);
	r = r < 0 ? r : 0;
#else
	r = pci_enable_msix(pdev, e, n);
	if (r > 0)
		r = -ENOSPC;	/* fewer vectors available than asked */
#endif
	if (!r)
		for (i = 0; i < n; i++)
			irqs[i] = e[i].vector;
	kfree(e);
	return r;
#endif
}

static inline void hvd_msix_disable(struct pci_dev *pdev)
{
#if defined(HAVE_PCI_ALLOC_IRQ_VECTORS)
	pci_free_irq_vectors(pdev);
#else
	pci_disable_msix(pdev);
#endif
}

/* The CPUs an IRQ is delivered to, as a list ("0-3"). */
static inline void hvd_irq_affinity(unsigned int irq, char *buf, size_t len)
{
	const struct cpumask *m = NULL;
#ifdef HAVE_IRQ_GET_EFFECTIVE_AFFINITY_MASK
	m = irq_get_effective_affinity_mask(irq);
#else
	struct irq_data *d = irq_get_irq_data(irq);

	if (d)
		m = d->affinity;
#endif
	if (!m) {
		scnprintf(buf, len, "?");
		return;
	}
#ifdef HAVE_CPUMASK_PR_ARGS
	scnprintf(buf, len, "%*pbl", cpumask_pr_args(m));
#else
	cpulist_scnprintf(buf, len, m);
#endif
}

#endif
