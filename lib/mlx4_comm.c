// SPDX-License-Identifier: GPL-2.0
#include "mlx4_comm.h"

hvd_u32 hvd_comm_word(unsigned int cmd, hvd_u16 param, unsigned int toggle)
{
	return (hvd_u32)param | ((hvd_u32)(cmd & 0xff) << 16) |
	       ((hvd_u32)(toggle & 1) << 31);
}

hvd_u16 hvd_comm_vhcr_slice(hvd_u64 dma, unsigned int cmd)
{
	switch (cmd) {
	case HVD_COMM_VHCR0:
		return (hvd_u16)(dma >> 48);
	case HVD_COMM_VHCR1:
		return (hvd_u16)(dma >> 32);
	case HVD_COMM_VHCR2:
		return (hvd_u16)(dma >> 16);
	case HVD_COMM_VHCR_EN:
		return (hvd_u16)dma;
	}
	return 0;
}

const char *hvd_comm_outcome_str(enum hvd_comm_outcome o)
{
	switch (o) {
	case HVD_COMM_OK:
		return "ok";
	case HVD_COMM_OFFLINE:
		return "offline";
	case HVD_COMM_NOT_IDLE:
		return "not idle";
	case HVD_COMM_RESET_TIMEOUT:
		return "reset timeout (FLR in progress)";
	case HVD_COMM_VERSION_MISMATCH:
		return "interface revision mismatch";
	case HVD_COMM_STEP_TIMEOUT:
		return "step timeout";
	case HVD_COMM_REJECTED:
		return "rejected by the PF";
	}
	return "unknown";
}

const char *hvd_comm_step_str(int step)
{
	static const char *const n[HVD_COMM_STEPS] = {
		"sync", "RESET", "VHCR0", "VHCR1", "VHCR2", "VHCR_EN",
	};

	return step >= 0 && step < HVD_COMM_STEPS ? n[step] : "none";
}

static int all_ones(hvd_u32 v)
{
	return v == 0xffffffffu;
}

struct run {
	const struct hvd_comm_ops *ops;
	hvd_u64 budget_us;
	unsigned int toggle;
	struct hvd_comm_result *res;
};

static hvd_u32 rd(struct run *r, unsigned int off)
{
	return r->ops->read(r->ops->ctx, off);
}

/* Wait until slave_read's toggle equals ours; 0 ok, -1 timeout, -2 offline. */
static int wait_toggle(struct run *r)
{
	hvd_u64 start = r->ops->now_us(r->ops->ctx);
	hvd_u32 v;

	for (;;) {
		v = rd(r, HVD_COMM_SLAVE_READ);
		r->res->last_read = v;
		if (!all_ones(v) && (v >> 31) == r->toggle)
			return 0;
		if (r->ops->now_us(r->ops->ctx) - start >= r->budget_us)
			return all_ones(v) ? -2 : -1;
		r->ops->relax(r->ops->ctx);
	}
}

/* Post one command; the PF must not have a reply pending. */
static int post(struct run *r, unsigned int cmd, hvd_u16 param)
{
	hvd_u32 v = rd(r, HVD_COMM_SLAVE_READ);

	if (all_ones(v))
		return -2;
	if ((v >> 31) != r->toggle)
		return -3;
	r->toggle ^= 1;
	r->ops->write(r->ops->ctx, HVD_COMM_SLAVE_WRITE,
		      hvd_comm_word(cmd, param, r->toggle));
	return 0;
}

static enum hvd_comm_outcome fail(struct run *r, int step,
				  enum hvd_comm_outcome o)
{
	r->res->failed_step = step;
	r->res->outcome = o;
	return o;
}

/* Sync toggles as the driver does; a stale pair is cleared (recovery). */
static enum hvd_comm_outcome sync_toggles(struct run *r)
{
	hvd_u64 start = r->ops->now_us(r->ops->ctx);
	hvd_u32 wr, rdv;

	for (;;) {
		wr = rd(r, HVD_COMM_SLAVE_WRITE);
		rdv = rd(r, HVD_COMM_SLAVE_READ);
		if (!all_ones(wr) && !all_ones(rdv) && (wr >> 31) == (rdv >> 31)) {
			r->toggle = wr >> 31;
			r->res->initial_toggle = (int)r->toggle;
			return HVD_COMM_OK;
		}
		if (r->ops->now_us(r->ops->ctx) - start >= r->budget_us)
			break;
		r->ops->relax(r->ops->ctx);
	}
	r->res->last_read = rdv;
	if (all_ones(wr) || all_ones(rdv))
		return fail(r, 0, HVD_COMM_OFFLINE);
	/* The previous owner left the channel mid-command. */
	r->ops->write(r->ops->ctx, HVD_COMM_SLAVE_READ, 0);
	r->ops->write(r->ops->ctx, HVD_COMM_SLAVE_WRITE, 0);
	r->toggle = 0;
	r->res->stale_toggle = 1;
	r->res->initial_toggle = 0;
	return HVD_COMM_OK;
}

static enum hvd_comm_outcome command(struct run *r, int step, unsigned int cmd,
				     hvd_u16 param)
{
	int e = post(r, cmd, param);

	if (e == -2)
		return fail(r, step, HVD_COMM_OFFLINE);
	if (e == -3)
		return fail(r, step, HVD_COMM_NOT_IDLE);
	e = wait_toggle(r);
	if (e == -2)
		return fail(r, step, HVD_COMM_OFFLINE);
	if (e)
		return fail(r, step, cmd == HVD_COMM_RESET ?
				     HVD_COMM_RESET_TIMEOUT :
				     HVD_COMM_STEP_TIMEOUT);
	if (r->res->last_read & HVD_COMM_INTERNAL_ERR)
		return fail(r, step, HVD_COMM_REJECTED);
	return HVD_COMM_OK;
}

enum hvd_comm_outcome hvd_comm_run(const struct hvd_comm_ops *ops,
				   hvd_u64 vhcr_dma, unsigned int timeout_ms,
				   struct hvd_comm_result *res)
{
	static const unsigned int vhcr[] = {
		HVD_COMM_VHCR0, HVD_COMM_VHCR1, HVD_COMM_VHCR2, HVD_COMM_VHCR_EN,
	};
	struct run r;
	hvd_u64 t0, t;
	unsigned int i;
	enum hvd_comm_outcome o;

	for (i = 0; i < sizeof(*res); i++)
		((unsigned char *)res)[i] = 0;
	res->failed_step = -1;
	r.ops = ops;
	r.budget_us = (hvd_u64)timeout_ms * 1000;
	r.toggle = 0;
	r.res = res;
	t0 = ops->now_us(ops->ctx);
	res->caps = rd(&r, HVD_COMM_CAPS);
	res->flags = rd(&r, HVD_COMM_FLAGS);
	if (!all_ones(res->flags) && (res->flags & HVD_COMM_FLAG_OFFLINE)) {
		o = fail(&r, 0, HVD_COMM_OFFLINE);
		goto out;
	}
	t = ops->now_us(ops->ctx);
	o = sync_toggles(&r);
	res->step_us[0] = ops->now_us(ops->ctx) - t;
	if (o)
		goto out;
	res->steps_done = 1;

	t = ops->now_us(ops->ctx);
	o = command(&r, 1, HVD_COMM_RESET, 0);
	res->step_us[1] = ops->now_us(ops->ctx) - t;
	if (o)
		goto out;
	res->reset_reply = res->last_read;
	res->steps_done = 2;
	if (((res->reset_reply >> 8) & 0xff) != HVD_CMD_CHAN_IF_REV) {
		o = fail(&r, 1, HVD_COMM_VERSION_MISMATCH);
		goto reset;
	}
	for (i = 0; i < 4; i++) {
		t = ops->now_us(ops->ctx);
		o = command(&r, 2 + (int)i, vhcr[i],
			    hvd_comm_vhcr_slice(vhcr_dma, vhcr[i]));
		res->step_us[2 + i] = ops->now_us(ops->ctx) - t;
		if (o)
			goto reset;
		res->steps_done = 3 + (int)i;
	}
reset:
	/*
	 * Leave the PF with no state for this VF, as the driver's error path
	 * does: a RESET that nobody waits for. Skipped when a reply is still
	 * pending, since posting then would break the toggle protocol.
	 */
	{
		hvd_u32 keep = res->last_read;

		if (post(&r, HVD_COMM_RESET, 0) == 0)
			wait_toggle(&r);
		res->last_read = keep;
	}
out:
	res->total_us = ops->now_us(ops->ctx) - t0;
	res->outcome = o;
	return o;
}
