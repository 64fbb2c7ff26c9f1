/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every kernel-version difference the module meets, decided by the compile
 * probes in conftest/ (generated conftest.h), never by LINUX_VERSION_CODE.
 * The .c files call only the hvd_* helpers below.
 */
#ifndef HVDIAG_COMPAT_H
#define HVDIAG_COMPAT_H

#include <linux/cpumask.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/irq.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
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

/*
 * The device lock: what the driver core holds while it binds, unbinds or
 * removes a device, so a test of dev->driver made under it stays true
 * until it is dropped.
 */
static inline void hvd_device_lock(struct device *dev)
{
#ifdef HAVE_DEVICE_LOCK
	device_lock(dev);
#else
	mutex_lock(&dev->mutex);
#endif
}

static inline void hvd_device_unlock(struct device *dev)
{
#ifdef HAVE_DEVICE_LOCK
	device_unlock(dev);
#else
	mutex_unlock(&dev->mutex);
#endif
}

/*
 * driver_override (3.16+): hvd_override_swap() installs @ov and returns
 * the value it replaces; call both under the device lock. Without it,
 * hvd_have_override() is false and neither is used.
 */
static inline bool hvd_have_override(void)
{
#ifdef HAVE_PCI_DRIVER_OVERRIDE
	return true;
#else
	return false;
#endif
}

static inline const char *hvd_override_get(struct pci_dev *pdev)
{
#ifdef HAVE_PCI_DRIVER_OVERRIDE
	return pdev->driver_override;
#else
	return NULL;
#endif
}

static inline const char *hvd_override_swap(struct pci_dev *pdev, const char *ov)
{
#ifdef HAVE_PCI_DRIVER_OVERRIDE
	const char *old = pdev->driver_override;

	/* const char * from 5.19 on, char * before */
	pdev->driver_override = (char *)ov;
	return old;
#else
	return NULL;
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
