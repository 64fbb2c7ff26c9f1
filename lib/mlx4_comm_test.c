// SPDX-License-Identifier: GPL-2.0
/*
 * The VF handshake against the PF model, one case per PF fault mode. The
 * two run in lock step over a four-register comm page: every VF read lets
 * the PF look first, and a virtual clock advances on each access, so the
 * results do not depend on the machine. Compiles in the module too.
 */
#include "ktest.h"
#include "mlx4_comm.h"
#include "mlx4_pf.h"

struct bus {
	hvd_u32 regs[4];
	hvd_u64 clock_us;
	struct hvd_pf pf;
	struct hvd_comm_ops pf_ops;
	struct hvd_comm_ops vf_ops;
	unsigned int vf_writes;
};

static hvd_u32 pf_read(void *ctx, unsigned int off)
{
	return ((struct bus *)ctx)->regs[off / 4];
}

static void pf_write(void *ctx, unsigned int off, hvd_u32 v)
{
	((struct bus *)ctx)->regs[off / 4] = v;
}

static hvd_u64 now(void *ctx)
{
	return ((struct bus *)ctx)->clock_us;
}

static void relax(void *ctx)
{
	((struct bus *)ctx)->clock_us += 50;
}

static hvd_u32 vf_read(void *ctx, unsigned int off)
{
	struct bus *b = ctx;

	b->clock_us += 1;
	hvd_pf_poll(&b->pf);
	return b->regs[off / 4];
}

static void vf_write(void *ctx, unsigned int off, hvd_u32 v)
{
	struct bus *b = ctx;

	b->clock_us += 1;
	b->vf_writes++;
	b->regs[off / 4] = v;
}

static void bus_init(struct bus *b, enum hvd_pf_fault f, hvd_u32 late_us)
{
	unsigned int i;

	for (i = 0; i < sizeof(*b); i++)
		((unsigned char *)b)[i] = 0;
	b->pf_ops.read = pf_read;
	b->pf_ops.write = pf_write;
	b->pf_ops.now_us = now;
	b->pf_ops.relax = relax;
	b->pf_ops.ctx = b;
	b->vf_ops = b->pf_ops;
	b->vf_ops.read = vf_read;
	b->vf_ops.write = vf_write;
	hvd_pf_init(&b->pf, &b->pf_ops, f, late_us);
}

#define DMA 0x00000001fedcb000ULL
#define TIMEOUT_MS 100

static void comm_encoding(struct hvd_ktest *t)
{
	HVD_EXPECT_EQ(t, hvd_comm_word(HVD_COMM_VHCR1, 0xabcd, 1), 0x8002abcdu);
	HVD_EXPECT_EQ(t, hvd_comm_word(HVD_COMM_RESET, 0, 0), 0);
	HVD_EXPECT_EQ(t, hvd_comm_vhcr_slice(0x1122334455667788ULL, HVD_COMM_VHCR0), 0x1122);
	HVD_EXPECT_EQ(t, hvd_comm_vhcr_slice(0x1122334455667788ULL, HVD_COMM_VHCR1), 0x3344);
	HVD_EXPECT_EQ(t, hvd_comm_vhcr_slice(0x1122334455667788ULL, HVD_COMM_VHCR2), 0x5566);
	HVD_EXPECT_EQ(t, hvd_comm_vhcr_slice(0x1122334455667788ULL, HVD_COMM_VHCR_EN), 0x7788);
	HVD_EXPECT_EQ(t, hvd_pf_fault_parse("die-midway"), HVD_PF_DIE_MIDWAY);
	HVD_EXPECT_EQ(t, hvd_pf_fault_parse("die"), -1);
}

static void comm_healthy(struct hvd_ktest *t)
{
	struct bus b;
	struct hvd_comm_result r;

	bus_init(&b, HVD_PF_HEALTHY, 0);
	HVD_ASSERT_EQ(t, hvd_comm_run(&b.vf_ops, DMA, TIMEOUT_MS, &r), HVD_COMM_OK);
	HVD_EXPECT_EQ(t, r.steps_done, HVD_COMM_STEPS);
	HVD_EXPECT_EQ(t, r.failed_step, -1);
	HVD_EXPECT_EQ(t, (r.reset_reply >> 8) & 0xff, 1);
	HVD_EXPECT_EQ(t, r.stale_toggle, 0);
	HVD_EXPECT_TRUE(t, r.caps & HVD_COMM_CAP_VF_RESET);
	/* the PF reassembled the address; the closing RESET then cleared it */
	HVD_EXPECT_EQ(t, b.pf.commands, 6);
	HVD_EXPECT_EQ(t, b.pf.resets, 2);
	HVD_EXPECT_EQ(t, b.pf.rejects, 0);
	HVD_EXPECT_EQ(t, b.pf.last_cmd, HVD_COMM_RESET);
}

static void comm_address_reassembled(struct hvd_ktest *t)
{
	struct bus b;
	struct hvd_comm_result r;

	/* stop the PF before the closing RESET by making it die after EN */
	bus_init(&b, HVD_PF_HEALTHY, 0);
	hvd_comm_run(&b.vf_ops, DMA, TIMEOUT_MS, &r);
	HVD_EXPECT_EQ(t, b.pf.vhcr, 0);		/* cleared by the final RESET */
	HVD_EXPECT_EQ(t, b.pf.vhcr_seen, DMA);	/* but it did arrive whole */
	bus_init(&b, HVD_PF_HEALTHY, 0);
	b.pf.fault = HVD_PF_HEALTHY;
	{
		/* drive the four steps by hand and look at the PF */
		hvd_u32 tog = 0;
		unsigned int cmd;

		for (cmd = HVD_COMM_RESET; cmd <= HVD_COMM_VHCR_EN; cmd++) {
			tog ^= 1;
			vf_write(&b, HVD_COMM_SLAVE_WRITE,
				 hvd_comm_word(cmd, hvd_comm_vhcr_slice(DMA, cmd), tog));
			HVD_ASSERT_EQ(t, hvd_pf_poll(&b.pf), 1);
		}
	}
	HVD_EXPECT_EQ(t, b.pf.vhcr, DMA);
	HVD_EXPECT_EQ(t, b.pf.vhcr_ready, 1);
}

static hvd_u64 posted;

static void record_post(void *ctx, hvd_u64 vhcr)
{
	(void)ctx;
	posted = vhcr;
}

/* drive RESET..VHCR_EN and one VHCR_POST by hand; return the last reply */
static hvd_u32 handshake_and_post(struct bus *b)
{
	hvd_u32 tog = 0;
	unsigned int cmd;

	for (cmd = HVD_COMM_RESET; cmd <= HVD_COMM_VHCR_POST; cmd++) {
		tog ^= 1;
		vf_write(b, HVD_COMM_SLAVE_WRITE,
			 hvd_comm_word(cmd, hvd_comm_vhcr_slice(DMA, cmd), tog));
		hvd_pf_poll(&b->pf);
	}
	return b->regs[HVD_COMM_SLAVE_READ / 4];
}

static void comm_vhcr_post(struct hvd_ktest *t)
{
	struct bus b;

	/* without access to the VF's memory the PF refuses the post */
	bus_init(&b, HVD_PF_HEALTHY, 0);
	HVD_EXPECT_TRUE(t, handshake_and_post(&b) & HVD_COMM_INTERNAL_ERR);
	HVD_EXPECT_EQ(t, b.pf.posts, 0);
	/* with it, the executor gets the reassembled VHCR address */
	bus_init(&b, HVD_PF_HEALTHY, 0);
	b.pf.vhcr_post = record_post;
	posted = 0;
	HVD_EXPECT_FALSE(t, handshake_and_post(&b) & HVD_COMM_INTERNAL_ERR);
	HVD_EXPECT_EQ(t, b.pf.posts, 1);
	HVD_EXPECT_EQ(t, posted, DMA);
	/* and it survives a scenario change (hvd_pf_init) */
	hvd_pf_init(&b.pf, &b.pf_ops, HVD_PF_HEALTHY, 0);
	HVD_EXPECT_TRUE(t, b.pf.vhcr_post == record_post);
}

static void comm_silent(struct hvd_ktest *t)
{
	struct bus b;
	struct hvd_comm_result r;

	bus_init(&b, HVD_PF_SILENT, 0);
	HVD_EXPECT_EQ(t, hvd_comm_run(&b.vf_ops, DMA, TIMEOUT_MS, &r),
		      HVD_COMM_RESET_TIMEOUT);
	HVD_EXPECT_EQ(t, r.failed_step, 1);
	/* bounded: the wait ends at the timeout, not later */
	HVD_EXPECT_TRUE(t, r.total_us >= TIMEOUT_MS * 1000ULL);
	HVD_EXPECT_TRUE(t, r.total_us < 2 * TIMEOUT_MS * 1000ULL);
	/* no second RESET while a reply is still pending */
	HVD_EXPECT_EQ(t, b.vf_writes, 1);
}

static void comm_late(struct hvd_ktest *t)
{
	struct bus b;
	struct hvd_comm_result r;

	bus_init(&b, HVD_PF_LATE, 5000);
	HVD_EXPECT_EQ(t, hvd_comm_run(&b.vf_ops, DMA, TIMEOUT_MS, &r), HVD_COMM_OK);
	HVD_EXPECT_TRUE(t, r.step_us[1] >= 5000);
	HVD_EXPECT_TRUE(t, r.step_us[5] >= 5000);
	bus_init(&b, HVD_PF_LATE, 2 * TIMEOUT_MS * 1000);
	HVD_EXPECT_EQ(t, hvd_comm_run(&b.vf_ops, DMA, TIMEOUT_MS, &r),
		      HVD_COMM_RESET_TIMEOUT);
}

static void comm_offline(struct hvd_ktest *t)
{
	struct bus b;
	struct hvd_comm_result r;

	bus_init(&b, HVD_PF_OFFLINE, 0);
	HVD_EXPECT_EQ(t, hvd_comm_run(&b.vf_ops, DMA, TIMEOUT_MS, &r), HVD_COMM_OFFLINE);
	HVD_EXPECT_EQ(t, r.failed_step, 0);
	HVD_EXPECT_EQ(t, b.vf_writes, 0);	/* nothing written to a dead page */
	/* the modern offline flag alone is enough */
	bus_init(&b, HVD_PF_OFFLINE_FLAG, 0);
	HVD_EXPECT_EQ(t, hvd_comm_run(&b.vf_ops, DMA, TIMEOUT_MS, &r), HVD_COMM_OFFLINE);
}

static void comm_stale_toggle(struct hvd_ktest *t)
{
	struct bus b;
	struct hvd_comm_result r;

	bus_init(&b, HVD_PF_STALE_TOGGLE, 0);
	HVD_EXPECT_EQ(t, hvd_comm_run(&b.vf_ops, DMA, TIMEOUT_MS, &r), HVD_COMM_OK);
	HVD_EXPECT_EQ(t, r.stale_toggle, 1);
	HVD_EXPECT_EQ(t, r.steps_done, HVD_COMM_STEPS);
}

static void comm_wrong_rev(struct hvd_ktest *t)
{
	struct bus b;
	struct hvd_comm_result r;

	bus_init(&b, HVD_PF_WRONG_REV, 0);
	HVD_EXPECT_EQ(t, hvd_comm_run(&b.vf_ops, DMA, TIMEOUT_MS, &r),
		      HVD_COMM_VERSION_MISMATCH);
	HVD_EXPECT_EQ(t, (r.reset_reply >> 8) & 0xff, 2);
	HVD_EXPECT_EQ(t, b.pf.resets, 2);	/* and left clean */
}

static void comm_forget(struct hvd_ktest *t)
{
	struct bus b;
	struct hvd_comm_result r;

	bus_init(&b, HVD_PF_FORGET, 0);
	HVD_EXPECT_EQ(t, hvd_comm_run(&b.vf_ops, DMA, TIMEOUT_MS, &r), HVD_COMM_REJECTED);
	HVD_EXPECT_STREQ(t, hvd_comm_step_str(r.failed_step), "VHCR1");
	HVD_EXPECT_TRUE(t, r.last_read & HVD_COMM_INTERNAL_ERR);
	HVD_EXPECT_EQ(t, b.pf.rejects, 1);
}

static void comm_die_midway(struct hvd_ktest *t)
{
	struct bus b;
	struct hvd_comm_result r;

	bus_init(&b, HVD_PF_DIE_MIDWAY, 0);
	HVD_EXPECT_EQ(t, hvd_comm_run(&b.vf_ops, DMA, TIMEOUT_MS, &r),
		      HVD_COMM_STEP_TIMEOUT);
	HVD_EXPECT_STREQ(t, hvd_comm_step_str(r.failed_step), "VHCR2");
	HVD_EXPECT_EQ(t, r.steps_done, 4);
}

static void comm_misaligned(struct hvd_ktest *t)
{
	struct bus b;
	struct hvd_comm_result r;

	bus_init(&b, HVD_PF_HEALTHY, 0);
	HVD_EXPECT_EQ(t, hvd_comm_run(&b.vf_ops, DMA + 0x10, TIMEOUT_MS, &r),
		      HVD_COMM_REJECTED);
	HVD_EXPECT_STREQ(t, hvd_comm_step_str(r.failed_step), "VHCR_EN");
}

static const struct hvd_ktest_case comm_cases[] = {
	{ "encoding", comm_encoding },
	{ "healthy", comm_healthy },
	{ "address_reassembled", comm_address_reassembled },
	{ "vhcr_post", comm_vhcr_post },
	{ "silent_pf_is_flr", comm_silent },
	{ "late_pf", comm_late },
	{ "offline", comm_offline },
	{ "stale_toggle_recovered", comm_stale_toggle },
	{ "wrong_revision", comm_wrong_rev },
	{ "out_of_order_rejected", comm_forget },
	{ "pf_dies_midway", comm_die_midway },
	{ "misaligned_vhcr", comm_misaligned },
	{ 0, 0 },
};
const struct hvd_ktest_suite mlx4_comm_suite = { "mlx4_comm", comm_cases, 0, 0 };
