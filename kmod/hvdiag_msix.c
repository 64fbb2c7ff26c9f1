// SPDX-License-Identifier: GPL-2.0
/*
 * MSI-X exercise: enable the device, allocate N vectors, install handlers,
 * read each table entry back, report affinities, and on QEMU's
 * ivshmem-doorbell ring our own doorbell to count delivered interrupts;
 * optionally hold the vectors for a while, interrupts still arriving.
 * Everything is released before returning; the device is left disabled
 * if we enabled it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/delay.h>
#include <linux/device.h>
#include <linux/interrupt.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat/compat.h"
#include "hvdiag.h"
#include "lib/pcicap.h"

#define IVSHMEM_VENDOR 0x1af4
#define IVSHMEM_DEVICE 0x1110
#define IVSHMEM_IVPOSITION 8
#define IVSHMEM_DOORBELL 12

struct vec {
	atomic_t count;
	int irq;
	bool requested;
};

static irqreturn_t hvd_msix_irq(int irq, void *data)
{
	struct vec *v = data;

	atomic_inc(&v->count);
	return IRQ_HANDLED;
}

static void read_table(struct pci_dev *pdev, const struct hvd_msix *m,
		       unsigned int n, struct hvd_out *o)
{
	void __iomem *base;
	unsigned int i;

	base = pci_iomap(pdev, m->table_bir, m->table_offset + n * HVD_MSIX_ENTRY_SIZE);
	if (!base) {
		hvd_fact(o, "table: cannot map BAR %u\n", m->table_bir);
		return;
	}
	for (i = 0; i < n; i++) {
		void __iomem *e = base + m->table_offset + i * HVD_MSIX_ENTRY_SIZE;

		hvd_fact(o, "entry %u addr %#010x%08x data %#x ctrl %#x%s\n", i,
			 ioread32(e + 4), ioread32(e), ioread32(e + 8),
			 ioread32(e + 12), (ioread32(e + 12) & 1) ? " masked" : "");
	}
	pci_iounmap(pdev, base);
}

/* ivshmem-doorbell's registers (BAR 0), or NULL for any other device */
static void __iomem *doorbell_map(struct pci_dev *pdev, u32 *peer)
{
	void __iomem *regs;

	if (pdev->vendor != IVSHMEM_VENDOR || pdev->device != IVSHMEM_DEVICE ||
	    pci_resource_len(pdev, 0) < 16)
		return NULL;
	regs = pci_iomap(pdev, 0, 16);
	if (regs)
		*peer = ioread32(regs + IVSHMEM_IVPOSITION);
	return regs;
}

/* write (own peer id << 16 | vector) to ring ourselves on each vector */
static void ring_all(void __iomem *regs, u32 peer, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		iowrite32((peer << 16) | i, regs + IVSHMEM_DOORBELL);
}

/*
 * On ivshmem-doorbell, ring every vector once and wait (bounded) for each
 * to count it. With @hold_ms, keep the vectors for that long, ringing
 * every 10 ms, so that interrupts keep arriving while the device is held.
 * Every wait ends early when the device goes away. Returns how many
 * vectors counted no interrupt (0 on a device without a doorbell).
 */
static unsigned int deliver(struct pci_dev *pdev, struct vec *v, unsigned int n,
			    unsigned int hold_ms, struct hvd_out *o)
{
	void __iomem *regs;
	u32 peer = 0;
	unsigned int i, rings = 0, silent = 0;
	unsigned long start, end;
	int waited;

	regs = doorbell_map(pdev, &peer);
	if (regs) {
		ring_all(regs, peer, n);
		rings++;
		for (waited = 0; waited < 1000; waited++) {
			unsigned int got = 0;

			for (i = 0; i < n; i++)
				got += atomic_read(&v[i].count) > 0;
			if (got == n || hvd_wait_stop(1))
				break;
		}
	}
	if (hold_ms && !hvd_stopped()) {
		dev_info(&pdev->dev, "msix: %u vectors held for %u ms\n", n, hold_ms);
		start = jiffies;
		end = start + msecs_to_jiffies(hold_ms);
		while (time_before(jiffies, end) && !hvd_stopped()) {
			if (regs) {
				ring_all(regs, peer, n);
				rings++;
			}
			hvd_wait_stop(10);
		}
		hvd_fact(o, "held_ms %u rings %u\n",
			 jiffies_to_msecs(jiffies - start), rings);
	}
	if (!regs)
		return 0;
	pci_iounmap(pdev, regs);
	for (i = 0; i < n; i++) {
		hvd_fact(o, "vector %u irq %d doorbell interrupts %d\n", i,
			 v[i].irq, atomic_read(&v[i].count));
		silent += atomic_read(&v[i].count) == 0;
	}
	return silent;
}

static int msix_exercise(struct pci_dev *pdev, unsigned int n, unsigned int hold_ms,
			 struct hvd_out *o)
{
	struct hvd_msix m;
	struct vec *v;
	int *irqs;
	int cap, err;
	unsigned int i, silent = 0;
	bool enabled_here = false, was_master;
	u16 ctrl;
	u32 table, pba;
	u64 t0, t_alloc, t_free;
	char aff[64];

	cap = pci_find_capability(pdev, PCI_CAP_ID_MSIX);
	if (!cap) {
		hvd_ktap_not_ok(o, "no-msix");
		return -ENODEV;
	}
	pci_read_config_word(pdev, cap + HVD_MSIX_CTRL, &ctrl);
	pci_read_config_dword(pdev, cap + HVD_MSIX_TABLE, &table);
	pci_read_config_dword(pdev, cap + HVD_MSIX_PBA, &pba);
	hvd_msix_decode(ctrl, table, pba, &m);
	if (n > m.table_size) {
		hvd_ktap_not_ok(o, "too-many: the table has %u entries", m.table_size);
		return -EINVAL;
	}
	v = kcalloc(n, sizeof(*v), GFP_KERNEL);
	irqs = kcalloc(n, sizeof(*irqs), GFP_KERNEL);
	if (!v || !irqs) {
		err = -ENOMEM;
		goto out_free;
	}
	if (!pci_is_enabled(pdev)) {
		err = pci_enable_device(pdev);
		if (err) {
			hvd_ktap_not_ok(o, "enable-failed %d", err);
			goto out_free;
		}
		enabled_here = true;
	}
	/*
	 * A device a driver was unbound from is left in an unknown power
	 * state, and an enabled one is not powered up again by
	 * pci_enable_device(). The kernel then writes no MSI message to a
	 * device not in D0 (3.10 keeps it for later): the vectors would be
	 * set up while the device kept its old ones.
	 */
	if (pdev->current_state != PCI_D0) {
		hvd_fact(o, "power: state %d, set to D0\n", pdev->current_state);
		pci_set_power_state(pdev, PCI_D0);
	}
	/* leave bus mastering as found, whoever enabled the device */
	was_master = pdev->is_busmaster;
	pci_set_master(pdev);
	t0 = hvd_now_us();
	err = hvd_msix_enable(pdev, n, irqs);
	t_alloc = hvd_now_us() - t0;
	if (err) {
		hvd_ktap_not_ok(o, "alloc-failed %d", err);
		goto out_disable;
	}
	for (i = 0; i < n; i++) {
		v[i].irq = irqs[i];
		err = request_irq(irqs[i], hvd_msix_irq, 0, "hvdiag-msix", &v[i]);
		if (err) {
			hvd_ktap_not_ok(o, "request-irq-failed vector %u irq %d: %d",
					i, irqs[i], err);
			goto out_irqs;
		}
		v[i].requested = true;
	}
	hvd_fact(o, "device %s vectors %u alloc_us %llu\n", pci_name(pdev), n,
		 (unsigned long long)t_alloc);
	for (i = 0; i < n; i++) {
		hvd_irq_affinity(irqs[i], aff, sizeof(aff));
		hvd_fact(o, "vector %u irq %d cpus %s\n", i, irqs[i], aff);
	}
	if (!hvd_stopped())
		read_table(pdev, &m, n, o);
	if (!hvd_stopped())
		silent = deliver(pdev, v, n, hold_ms, o);
	err = 0;
	if (hvd_stopped()) {
		hvd_ktap_not_ok(o, "device-gone: unbound or removed during the exercise");
		err = -ENODEV;
	} else if (silent) {
		hvd_ktap_not_ok(o, "no-interrupts: %u of %u vectors counted none of their doorbell",
				silent, n);
		err = -EIO;
	}
out_irqs:
	/*
	 * In this order, also when the device is going away (its remove
	 * waits for us): free_irq() waits for a running handler, so no
	 * handler sees v[] after this; then the vectors; then the memory.
	 */
	for (i = 0; i < n; i++)
		if (v[i].requested)
			free_irq(v[i].irq, &v[i]);
	t0 = hvd_now_us();
	hvd_msix_disable(pdev);
	t_free = hvd_now_us() - t0;
	if (!err) {
		hvd_fact(o, "free_us %llu\n", (unsigned long long)t_free);
		hvd_ktap_ok(o);
	}
out_disable:
	if (!was_master)
		pci_clear_master(pdev);
	if (enabled_here)
		pci_disable_device(pdev);
out_free:
	kfree(irqs);
	kfree(v);
	return err;
}

struct msix_args {
	unsigned int n, hold_ms;
};

static int run_msix(struct pci_dev *pdev, void *arg, struct hvd_out *o)
{
	const struct msix_args *a = arg;

	return msix_exercise(pdev, a->n, a->hold_ms, o);
}

static struct hvd_out msix_last;

/* "N [hold_ms]" */
static int write_msix(char *cmd)
{
	struct msix_args a = { 0, 0 };
	char *sp = strchr(cmd, ' ');

	if (sp) {
		*sp++ = '\0';
		if (kstrtouint(sp, 0, &a.hold_ms) || a.hold_ms > 60000) {
			pr_warn("msix: hold '%.32s' is not 0-60000 ms\n", sp);
			return -EINVAL;
		}
	}
	if (kstrtouint(cmd, 0, &a.n) || a.n < 1 || a.n > 2048) {
		pr_warn("msix: '%.32s' is not a vector count 1-2048\n", cmd);
		return -EINVAL;
	}
	return hvd_run_on_target(&msix_last, "msix", &a, run_msix);
}

const struct hvd_file hvd_file_msix = {
	.name = "msix", .mode = 0600, .write = write_msix, .last = &msix_last,
	.idle = "no run yet (write a vector count [hold_ms])\n",
};
