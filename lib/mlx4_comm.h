/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VF ("slave") side of the mlx4 comm channel, in poll mode: sync the
 * toggles, RESET, check the interface revision, hand over the VHCR address
 * in four 16-bit slices, and always end with a RESET. Register access, the
 * clock and waiting are injected, so the same code drives real BAR 2 in the
 * module and a fake PF in the unit tests. Layout and codes: facts §1.
 */
#ifndef HVD_MLX4_COMM_H
#define HVD_MLX4_COMM_H

#include "hvd_types.h"

/* Offsets in the comm page (BAR 2 + 0); all registers big-endian. */
#define HVD_COMM_SLAVE_WRITE	0x0
#define HVD_COMM_SLAVE_READ	0x4
#define HVD_COMM_CAPS		0x8
#define HVD_COMM_FLAGS		0xc

#define HVD_COMM_TOGGLE		(1u << 31)
#define HVD_COMM_INTERNAL_ERR	(1u << 17)
#define HVD_COMM_FLAG_OFFLINE	(1u << 9)
#define HVD_COMM_CAP_VF_RESET	(1u << 30)

enum hvd_comm_cmd {
	HVD_COMM_RESET = 0,
	HVD_COMM_VHCR0 = 1,
	HVD_COMM_VHCR1 = 2,
	HVD_COMM_VHCR2 = 3,
	HVD_COMM_VHCR_EN = 4,
	HVD_COMM_VHCR_POST = 5,
};

#define HVD_CMD_CHAN_VER	1
#define HVD_CMD_CHAN_IF_REV	1

/* Command word the VF writes: param | cmd << 16 | toggle << 31. */
hvd_u32 hvd_comm_word(unsigned int cmd, hvd_u16 param, unsigned int toggle);
/* The 16-bit slice of the VHCR bus address that step @cmd carries. */
hvd_u16 hvd_comm_vhcr_slice(hvd_u64 dma, unsigned int cmd);

struct hvd_comm_ops {
	/* 32-bit register at @off, in CPU order (the accessor swaps) */
	hvd_u32 (*read)(void *ctx, unsigned int off);
	void (*write)(void *ctx, unsigned int off, hvd_u32 val);
	hvd_u64 (*now_us)(void *ctx);
	/* wait a little between polls; may sleep */
	void (*relax)(void *ctx);
	void *ctx;
};

enum hvd_comm_outcome {
	HVD_COMM_OK = 0,
	HVD_COMM_OFFLINE,		/* all-ones reads or the offline flag */
	HVD_COMM_NOT_IDLE,		/* a toggle was pending before a post */
	HVD_COMM_RESET_TIMEOUT,		/* no RESET reply: FLR in progress */
	HVD_COMM_VERSION_MISMATCH,	/* RESET reply's interface revision != 1 */
	HVD_COMM_STEP_TIMEOUT,		/* a VHCR step got no reply */
	HVD_COMM_REJECTED,		/* PF flagged an internal error */
};

const char *hvd_comm_outcome_str(enum hvd_comm_outcome o);

#define HVD_COMM_STEPS 6	/* sync, RESET, VHCR0, VHCR1, VHCR2, VHCR_EN */

struct hvd_comm_result {
	enum hvd_comm_outcome outcome;
	int failed_step;		/* index into the steps, -1 when none */
	int stale_toggle;		/* toggles disagreed: cleared them */
	int initial_toggle;
	hvd_u32 reset_reply;		/* slave_read after RESET */
	hvd_u32 last_read;		/* slave_read at the failure */
	hvd_u32 caps, flags;
	int steps_done;
	hvd_u64 step_us[HVD_COMM_STEPS];
	hvd_u64 total_us;
};

const char *hvd_comm_step_str(int step);

/*
 * Run the handshake. @timeout_ms bounds every wait (the driver uses 10 s
 * per command). @vhcr_dma is the bus address of a 4 KiB-aligned page.
 * Returns the outcome, also stored in @res.
 */
enum hvd_comm_outcome hvd_comm_run(const struct hvd_comm_ops *ops,
				   hvd_u64 vhcr_dma, unsigned int timeout_ms,
				   struct hvd_comm_result *res);

#endif
