// SPDX-License-Identifier: GPL-2.0
/*
 * The VF side of the mlx4 comm channel on BAR 2, poll mode, through the
 * shared handshake in lib/mlx4_comm.c. The module only maps the comm page,
 * allocates the DMA-coherent VHCR page and supplies the accessors. When
 * the device goes away midway, the handshake is cut short and everything
 * is freed before its remove may go on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/pci.h>
#include <linux/sched.h>
#include <linux/string.h>

#include "compat/compat.h"
#include "hvdiag.h"
#include "lib/mlx4_comm.h"

#define COMM_PAGE 4096

/*
 * The accessors' context. Once the device is going away (hvd_stopped())
 * they act as a device that is gone: reads are all-ones, writes dropped,
 * no sleeping, and the clock leaps past any wait's budget at each read,
 * so the handshake ends within a few calls whatever step it is in.
 */
struct comm {
	void __iomem *base;
	u64 leap_us;		/* more than any wait's budget */
	u64 fake_us;
	bool gone;
};

static bool comm_gone(struct comm *c)
{
	if (!c->gone && hvd_stopped())
		c->gone = true;
	return c->gone;
}

static hvd_u32 comm_read(void *ctx, unsigned int off)
{
	struct comm *c = ctx;

	if (comm_gone(c))
		return 0xffffffff;
	/* big-endian registers, 32-bit accesses only (facts §1.3) */
	return ioread32be(c->base + off);
}

static void comm_write(void *ctx, unsigned int off, hvd_u32 v)
{
	struct comm *c = ctx;

	if (!comm_gone(c))
		iowrite32be(v, c->base + off);
}

static hvd_u64 comm_now(void *ctx)
{
	struct comm *c = ctx;

	if (!c->gone) {
		c->fake_us = hvd_now_us();
		return c->fake_us;
	}
	c->fake_us += c->leap_us;
	return c->fake_us;
}

static void comm_relax(void *ctx)
{
	/* sleep briefly: a spinning guest starves the host side (rig facts) */
	if (!comm_gone(ctx))
		usleep_range(20, 50);
}

static int mlx4_exercise(struct pci_dev *pdev, unsigned int timeout_ms,
			 struct hvd_out *o)
{
	struct hvd_comm_ops ops;
	struct hvd_comm_result res;
	struct comm cc;
	void __iomem *comm;
	void *vhcr;
	u64 t0;
	dma_addr_t dma;
	bool enabled_here = false;
	int err, i;
	const char *bdf = pci_name(pdev);

	if (!(pci_resource_flags(pdev, 2) & IORESOURCE_MEM) ||
	    pci_resource_len(pdev, 2) < COMM_PAGE) {
		hvd_ktap_not_ok(o, "no-bar2: BAR 2 is not a memory BAR of at least 4 KiB");
		return -ENODEV;
	}
	if (!pci_is_enabled(pdev)) {
		err = pci_enable_device(pdev);
		if (err) {
			hvd_ktap_not_ok(o, "enable-failed %d", err);
			return err;
		}
		enabled_here = true;
	}
	err = dma_set_mask(&pdev->dev, DMA_BIT_MASK(64));
	if (err)
		err = dma_set_mask(&pdev->dev, DMA_BIT_MASK(32));
	if (!err) {
		err = dma_set_coherent_mask(&pdev->dev, DMA_BIT_MASK(64));
		if (err)
			err = dma_set_coherent_mask(&pdev->dev, DMA_BIT_MASK(32));
	}
	if (err) {
		hvd_ktap_not_ok(o, "dma-mask-failed %d", err);
		goto out_disable;
	}
	comm = pci_iomap(pdev, 2, COMM_PAGE);
	if (!comm) {
		hvd_ktap_not_ok(o, "map-failed");
		err = -ENOMEM;
		goto out_disable;
	}
	vhcr = dma_alloc_coherent(&pdev->dev, PAGE_SIZE, &dma, GFP_KERNEL);
	if (!vhcr) {
		hvd_ktap_not_ok(o, "dma-alloc-failed");
		err = -ENOMEM;
		goto out_unmap;
	}
	cc.base = comm;
	cc.leap_us = (u64)timeout_ms * 1000 + 1;
	cc.fake_us = 0;
	cc.gone = false;
	ops.read = comm_read;
	ops.write = comm_write;
	ops.now_us = comm_now;
	ops.relax = comm_relax;
	ops.ctx = &cc;
	pr_info("%s: comm: handshake, timeout %u ms per step\n", bdf, timeout_ms);
	t0 = hvd_now_us();
	hvd_comm_run(&ops, (hvd_u64)dma, timeout_ms, &res);
	if (cc.gone) {
		/* what ran is not a handshake's outcome, nor are its times */
		pr_info("%s: comm: device gone after %llu us\n", bdf,
			(unsigned long long)(hvd_now_us() - t0));
		hvd_fact(o, "device %s vhcr_dma %#llx timeout_ms %u\n", bdf,
			 (unsigned long long)dma, timeout_ms);
		hvd_fact(o, "gone_after_us %llu steps_done %d\n",
			 (unsigned long long)(hvd_now_us() - t0), res.steps_done);
		hvd_ktap_not_ok(o, "device-gone: unbound or removed during the exercise");
		err = -ENODEV;
		goto out_free;
	}
	pr_info("%s: comm: %s%s%s (%llu us)\n", bdf, hvd_comm_outcome_str(res.outcome),
		res.failed_step >= 0 ? " at " : "",
		res.failed_step >= 0 ? hvd_comm_step_str(res.failed_step) : "",
		(unsigned long long)res.total_us);
	hvd_fact(o, "device %s vhcr_dma %#llx timeout_ms %u\n", bdf,
		 (unsigned long long)dma, timeout_ms);
	hvd_fact(o, "caps %#010x flags %#010x initial_toggle %d stale_toggle %d\n",
		 res.caps, res.flags, res.initial_toggle, res.stale_toggle);
	for (i = 0; i < res.steps_done && i < HVD_COMM_STEPS; i++)
		hvd_fact(o, "step %s us %llu\n", hvd_comm_step_str(i),
			 (unsigned long long)res.step_us[i]);
	if (res.steps_done >= 2)
		hvd_fact(o, "reset_reply %#010x if_rev %u\n", res.reset_reply,
			 (res.reset_reply >> 8) & 0xff);
	if (res.failed_step >= 0)
		hvd_fact(o, "failed_step %s slave_read %#010x\n",
			 hvd_comm_step_str(res.failed_step), res.last_read);
	hvd_fact(o, "total_us %llu\n", (unsigned long long)res.total_us);
	/* the handshake's outcome by lib's name: "ok", or what failed */
	if (res.outcome == HVD_COMM_OK)
		hvd_ktap_ok(o);
	else
		hvd_ktap_not_ok(o, "%s", hvd_comm_outcome_str(res.outcome));
	err = 0;
out_free:
	dma_free_coherent(&pdev->dev, PAGE_SIZE, vhcr, dma);
out_unmap:
	pci_iounmap(pdev, comm);
out_disable:
	if (enabled_here)
		pci_disable_device(pdev);
	return err;
}

static int run_mlx4(struct pci_dev *pdev, void *arg, struct hvd_out *o)
{
	return mlx4_exercise(pdev, *(unsigned int *)arg, o);
}

static struct hvd_out mlx4_last;

/* "run [timeout_ms]" */
static int write_mlx4(char *cmd)
{
	unsigned int ms = 2000;

	if (strncmp(cmd, "run", 3) || (cmd[3] && cmd[3] != ' ')) {
		pr_warn("mlx4_comm: expected 'run [timeout_ms]', not '%.32s'\n", cmd);
		return -EINVAL;
	}
	if (cmd[3] && (kstrtouint(cmd + 4, 0, &ms) || ms < 1 || ms > 60000)) {
		pr_warn("mlx4_comm: timeout '%.32s' is not 1-60000 ms\n", cmd + 4);
		return -EINVAL;
	}
	return hvd_run_on_target(&mlx4_last, "mlx4_comm", &ms, run_mlx4);
}

const struct hvd_file hvd_file_mlx4 = {
	.name = "mlx4_comm", .mode = 0600, .write = write_mlx4, .last = &mlx4_last,
	.idle = "no run yet (write 'run [timeout_ms]')\n",
};
