// SPDX-License-Identifier: GPL-2.0
#include "mlx4_pf.h"

static const char *const fault_names[HVD_PF_NFAULTS] = {
	"healthy", "silent", "late", "offline", "stale-toggle", "wrong-rev",
	"forget", "die-midway", "offline-flag",
};

const char *hvd_pf_fault_str(enum hvd_pf_fault f)
{
	return (unsigned int)f < HVD_PF_NFAULTS ? fault_names[f] : "unknown";
}

int hvd_pf_fault_parse(const char *s)
{
	int i, k;

	for (i = 0; i < HVD_PF_NFAULTS; i++) {
		for (k = 0; s[k] && s[k] == fault_names[i][k]; k++)
			;
		if (!s[k] && !fault_names[i][k])
			return i;
	}
	return -1;
}

static void wr(struct hvd_pf *pf, unsigned int off, hvd_u32 v)
{
	pf->ops->write(pf->ops->ctx, off, v);
}

void hvd_pf_init(struct hvd_pf *pf, const struct hvd_comm_ops *ops,
		 enum hvd_pf_fault fault, hvd_u32 late_us)
{
	unsigned int i;
	void (*post)(void *, hvd_u64) = pf->vhcr_post;
	void *post_ctx = pf->post_ctx;

	for (i = 0; i < sizeof(*pf); i++)
		((unsigned char *)pf)[i] = 0;
	/* the VHCR executor belongs to the host, not to one scenario */
	pf->vhcr_post = post;
	pf->post_ctx = post_ctx;
	pf->ops = ops;
	pf->fault = fault;
	pf->late_us = late_us;
	pf->last_cmd = -1;
	if (fault == HVD_PF_OFFLINE) {
		wr(pf, HVD_COMM_SLAVE_WRITE, 0xffffffffu);
		wr(pf, HVD_COMM_SLAVE_READ, 0xffffffffu);
		wr(pf, HVD_COMM_CAPS, 0xffffffffu);
		wr(pf, HVD_COMM_FLAGS, 0xffffffffu);
		return;
	}
	wr(pf, HVD_COMM_CAPS, HVD_COMM_CAP_VF_RESET);
	wr(pf, HVD_COMM_FLAGS, fault == HVD_PF_OFFLINE_FLAG ? HVD_COMM_FLAG_OFFLINE : 0);
	wr(pf, HVD_COMM_SLAVE_READ, 0);
	if (fault == HVD_PF_STALE_TOGGLE) {
		/* a VHCR_POST of the previous owner, never answered */
		pf->stale_word = hvd_comm_word(HVD_COMM_VHCR_POST, 0, 1);
		wr(pf, HVD_COMM_SLAVE_WRITE, pf->stale_word);
	} else {
		wr(pf, HVD_COMM_SLAVE_WRITE, 0);
	}
}

/* Whether @cmd may follow the last command (the PF's order rule). */
static int in_order(int last, unsigned int cmd)
{
	switch (cmd) {
	case HVD_COMM_RESET:
		return 1;
	case HVD_COMM_VHCR0:
		return last == HVD_COMM_RESET;
	case HVD_COMM_VHCR1:
		return last == HVD_COMM_VHCR0;
	case HVD_COMM_VHCR2:
		return last == HVD_COMM_VHCR1;
	case HVD_COMM_VHCR_EN:
		return last == HVD_COMM_VHCR2;
	case HVD_COMM_VHCR_POST:
		return last == HVD_COMM_VHCR_EN || last == HVD_COMM_VHCR_POST;
	}
	return 0;
}

static void reset_state(struct hvd_pf *pf)
{
	pf->last_cmd = HVD_COMM_RESET;
	pf->vhcr = 0;
	pf->vhcr_ready = 0;
}

int hvd_pf_poll(struct hvd_pf *pf)
{
	hvd_u32 sw, reply;
	unsigned int cmd, param, vf_toggle;
	int ok = 1;

	if (pf->fault == HVD_PF_OFFLINE || pf->fault == HVD_PF_SILENT ||
	    pf->fault == HVD_PF_OFFLINE_FLAG || pf->dead)
		return 0;
	sw = pf->ops->read(pf->ops->ctx, HVD_COMM_SLAVE_WRITE);
	if (pf->stale_word && sw == pf->stale_word)
		return 0;
	pf->stale_word = 0;
	vf_toggle = sw >> 31;
	if (vf_toggle == pf->toggle)
		return 0;		/* nothing new */
	if (pf->fault == HVD_PF_LATE) {
		hvd_u64 now = pf->ops->now_us(pf->ops->ctx);

		if (!pf->pending) {
			pf->pending = 1;
			pf->pending_since = now;
		}
		if (now - pf->pending_since < pf->late_us)
			return 0;
		pf->pending = 0;
	}
	pf->toggle ^= 1;
	cmd = (sw >> 16) & 0xff;
	param = sw & 0xffff;
	pf->commands++;
	reply = (hvd_u32)pf->toggle << 31;
	if (!in_order(pf->last_cmd, cmd)) {
		/* out of order: forget the VF and flag an internal error */
		ok = 0;
		pf->rejects++;
		reset_state(pf);
		reply |= HVD_COMM_INTERNAL_ERR;
	} else {
		switch (cmd) {
		case HVD_COMM_RESET:
			reset_state(pf);
			pf->resets++;
			pf->reply_rev = pf->fault == HVD_PF_WRONG_REV ? 2 :
					HVD_CMD_CHAN_IF_REV;
			reply |= (pf->reply_rev << 8) | HVD_CMD_CHAN_VER;
			break;
		case HVD_COMM_VHCR0:
			pf->vhcr = (hvd_u64)param << 48;
			break;
		case HVD_COMM_VHCR1:
			pf->vhcr |= (hvd_u64)param << 32;
			break;
		case HVD_COMM_VHCR2:
			pf->vhcr |= (hvd_u64)param << 16;
			break;
		case HVD_COMM_VHCR_EN:
			pf->vhcr |= param;
			if (pf->vhcr & (HVD_ACCESS_MEM_ALIGN - 1)) {
				ok = 0;
				pf->rejects++;
				reset_state(pf);
				reply |= HVD_COMM_INTERNAL_ERR;
			} else {
				pf->vhcr_ready = 1;
				pf->vhcr_seen = pf->vhcr;
			}
			break;
		case HVD_COMM_VHCR_POST:
			/* served only with access to the VF's memory */
			if (pf->vhcr_post && pf->vhcr_ready) {
				pf->posts++;
				pf->vhcr_post(pf->post_ctx, pf->vhcr_seen);
			} else {
				ok = 0;
			}
			break;
		default:
			ok = 0;
			break;
		}
		if (!ok && cmd != HVD_COMM_VHCR_EN) {
			pf->rejects++;
			reply |= HVD_COMM_INTERNAL_ERR;
		}
		if (ok)
			pf->last_cmd = (int)cmd;
	}
	if (pf->fault == HVD_PF_FORGET && cmd == HVD_COMM_VHCR0)
		pf->last_cmd = -1;	/* as if the PF reset this VF meanwhile */
	if (pf->fault == HVD_PF_DIE_MIDWAY && cmd == HVD_COMM_VHCR1)
		pf->dead = 1;		/* this one is answered, nothing after */
	pf->ops->write(pf->ops->ctx, HVD_COMM_SLAVE_READ, reply);
	return 1;
}
