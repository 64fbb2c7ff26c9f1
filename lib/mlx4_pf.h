/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The PF end of one VF's mlx4 comm channel, as facts §1.5/§1.7 describe
 * the PF's behaviour: toggle handling, the RESET reply with the channel
 * version, VHCR0..VHCR_EN order enforcement (a step out of order resets the
 * VF's state and sets the internal-error bit), VHCR address reassembly and
 * alignment. Fault modes make it misbehave on purpose. The test rig's PF
 * emulator runs this over a shared-memory BAR; unit tests run it in step
 * with the VF code.
 */
#ifndef HVD_MLX4_PF_H
#define HVD_MLX4_PF_H

#include "mlx4_comm.h"

enum hvd_pf_fault {
	HVD_PF_HEALTHY = 0,
	HVD_PF_SILENT,		/* never answers: the VF sees an FLR in progress */
	HVD_PF_LATE,		/* answers after late_us, within the VF's timeout */
	HVD_PF_OFFLINE,		/* every register reads all-ones */
	HVD_PF_STALE_TOGGLE,	/* a previous owner left a command unanswered */
	HVD_PF_WRONG_REV,	/* RESET reply carries interface revision 2 */
	HVD_PF_FORGET,		/* loses the VF's state after VHCR0: order rejection */
	HVD_PF_DIE_MIDWAY,	/* stops answering after VHCR1 */
	HVD_PF_OFFLINE_FLAG,	/* registers fine, the FLAGS offline bit set */
	HVD_PF_NFAULTS
};

const char *hvd_pf_fault_str(enum hvd_pf_fault f);
/* By name ("healthy", "silent", ...); -1 when unknown. */
int hvd_pf_fault_parse(const char *s);

#define HVD_ACCESS_MEM_ALIGN 256

struct hvd_pf {
	const struct hvd_comm_ops *ops;
	enum hvd_pf_fault fault;
	hvd_u32 late_us;
	unsigned int toggle;		/* the PF's copy for this VF */
	int last_cmd;			/* -1: none since init */
	hvd_u64 vhcr;			/* address being assembled */
	hvd_u64 vhcr_seen;		/* the last complete, accepted address */
	int vhcr_ready;			/* VHCR_EN accepted with a good address */
	hvd_u32 stale_word;		/* ignored while slave_write holds it */
	hvd_u64 pending_since;		/* LATE: when the command was seen */
	int pending;
	int dead;
	/*
	 * Optional: execute a VHCR_POST whose 256-byte VHCR sits at the bus
	 * address @vhcr in the VF's memory (the callback writes the status
	 * there). Without it VHCR_POST is refused with the internal-error
	 * bit, as the PF model has no access to guest memory. Kept across
	 * hvd_pf_init(), so zero the struct before the first init.
	 */
	void (*vhcr_post)(void *ctx, hvd_u64 vhcr);
	void *post_ctx;
	unsigned int posts;
	/* what happened, for the emulator's report */
	unsigned int commands, resets, rejects;
	hvd_u32 reply_rev;
};

/* Set the comm page up as the PF leaves it for a fresh VF (per fault). */
void hvd_pf_init(struct hvd_pf *pf, const struct hvd_comm_ops *ops,
		 enum hvd_pf_fault fault, hvd_u32 late_us);
/* Look for a new VF command and answer it. Returns 1 when it answered. */
int hvd_pf_poll(struct hvd_pf *pf);

#endif
