// SPDX-License-Identifier: GPL-2.0
#include "hv_ic.h"

static hvd_u16 get16(const hvd_u8 *p)
{
	return (hvd_u16)(p[0] | p[1] << 8);
}

static hvd_u32 get32(const hvd_u8 *p)
{
	return (hvd_u32)p[0] | (hvd_u32)p[1] << 8 | (hvd_u32)p[2] << 16 |
	       (hvd_u32)p[3] << 24;
}

static void put16(hvd_u8 *p, hvd_u16 v)
{
	p[0] = (hvd_u8)v;
	p[1] = (hvd_u8)(v >> 8);
}

static void put32(hvd_u8 *p, hvd_u32 v)
{
	put16(p, (hvd_u16)v);
	put16(p + 2, (hvd_u16)(v >> 16));
}

int hvd_ic_parse(const hvd_u8 *pkt, hvd_u32 len, struct hvd_ic_msg *m)
{
	if (!pkt || len < HVD_IC_HDR)
		return -1;
	m->type = get16(pkt + 12);
	m->status = get32(pkt + 20);
	m->txid = pkt[24];
	m->flags = pkt[25];
	return 0;
}

static void make_response(hvd_u8 *pkt, hvd_u16 icmsgsize, hvd_u32 status)
{
	put16(pkt + 18, icmsgsize);
	put32(pkt + 20, status);
	pkt[25] = HVD_IC_FLAG_TRANSACTION | HVD_IC_FLAG_RESPONSE;
}

/* The best of ours that the host lists among @n versions at @v. */
static int pick(const hvd_u8 *v, int n, const struct hvd_icver *ours,
		int nours, struct hvd_icver *out)
{
	int i, k;

	for (i = 0; i < nours; i++)
		for (k = 0; k < n; k++)
			if (get16(v + 4 * k) == ours[i].major &&
			    get16(v + 4 * k + 2) == ours[i].minor) {
				*out = ours[i];
				return 0;
			}
	return -1;
}

int hvd_ic_negotiate(hvd_u8 *pkt, hvd_u32 len, hvd_u32 cap,
		     const struct hvd_icver *our_fw, int nfw,
		     const struct hvd_icver *our_msg, int nmsg,
		     struct hvd_icver *fw, struct hvd_icver *msg,
		     hvd_u32 *reply_len)
{
	hvd_u8 *body = pkt + HVD_IC_HDR;
	hvd_u32 nf, nm;
	int ok;

	if (len < HVD_IC_HDR + 8 || cap < HVD_IC_HDR + 16)
		return -1;
	nf = get16(body);
	nm = get16(body + 2);
	if (nf > HVD_IC_MAX_VERSIONS || nm > HVD_IC_MAX_VERSIONS ||
	    HVD_IC_HDR + 8 + 4 * (nf + nm) > len)
		return -1;
	ok = !pick(body + 8, (int)nf, our_fw, nfw, fw) &&
	     !pick(body + 8 + 4 * nf, (int)nm, our_msg, nmsg, msg);
	/* the answer: one framework and one message version */
	put16(body, ok ? 1 : 0);
	put16(body + 2, ok ? 1 : 0);
	put32(body + 4, 0);
	if (ok) {
		put16(body + 8, fw->major);
		put16(body + 10, fw->minor);
		put16(body + 12, msg->major);
		put16(body + 14, msg->minor);
	}
	make_response(pkt, 16, ok ? 0 : HVD_IC_E_FAIL);
	*reply_len = HVD_IC_HDR + 16;
	return ok ? 0 : 1;
}

int hvd_ic_heartbeat(hvd_u8 *pkt, hvd_u32 len, hvd_u64 *seq_in)
{
	hvd_u8 *body = pkt + HVD_IC_HDR;
	hvd_u64 seq;

	if (len < HVD_IC_HDR + 8)
		return -1;
	seq = (hvd_u64)get32(body) | (hvd_u64)get32(body + 4) << 32;
	*seq_in = seq;
	seq++;
	put32(body, (hvd_u32)seq);
	put32(body + 4, (hvd_u32)(seq >> 32));
	make_response(pkt, get16(pkt + 18), 0);
	return 0;
}

int hvd_ic_heartbeat_session(const struct hvd_ic_transport *t, hvd_u8 *buf,
			     hvd_u32 cap, hvd_u64 timeout_us,
			     struct hvd_ic_result *res)
{
	static const struct hvd_icver fw[] = { { 3, 0 }, { 1, 0 } };
	static const struct hvd_icver hb[] = { { 3, 0 }, { 1, 0 } };
	struct hvd_ic_msg m;
	hvd_u32 len, out;
	hvd_u64 t0;
	int r;

	res->negotiated = -1;
	res->seq = 0;
	res->round_trip_us = 0;
	res->error = 0;
	r = t->recv(t->ctx, buf, cap, &len, timeout_us);
	if (r) {
		res->error = r;
		return r;
	}
	if (hvd_ic_parse(buf, len, &m) || m.type != HVD_IC_NEGOTIATE) {
		res->error = -1;
		return -1;
	}
	r = hvd_ic_negotiate(buf, len, cap, fw, 2, hb, 2, &res->fw, &res->msg, &out);
	if (r < 0) {
		res->error = -1;
		return -1;
	}
	res->negotiated = r == 0;
	t0 = t->now_us(t->ctx);
	r = t->send(t->ctx, buf, out);
	if (r || !res->negotiated) {
		res->error = r;
		return r ? r : 1;
	}
	r = t->recv(t->ctx, buf, cap, &len, timeout_us);
	if (r) {
		res->error = r;
		return r;
	}
	res->round_trip_us = t->now_us(t->ctx) - t0;
	if (hvd_ic_parse(buf, len, &m) || m.type != HVD_IC_HEARTBEAT ||
	    hvd_ic_heartbeat(buf, len, &res->seq)) {
		res->error = -1;
		return -1;
	}
	r = t->send(t->ctx, buf, len);
	res->error = r;
	return r;
}
