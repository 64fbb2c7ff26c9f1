// SPDX-License-Identifier: GPL-2.0
/* IC negotiation and heartbeat against a fake host. Kernel-compatible. */
#include "hv_ic.h"
#include "ktest.h"

static void put16(hvd_u8 *p, hvd_u16 v)
{
	p[0] = (hvd_u8)v;
	p[1] = (hvd_u8)(v >> 8);
}

static hvd_u16 get16(const hvd_u8 *p)
{
	return (hvd_u16)(p[0] | p[1] << 8);
}

static void zero(hvd_u8 *p, hvd_u32 n)
{
	while (n--)
		p[n] = 0;
}

/* What the host sends: a negotiation listing @nf framework and @nm
 * message versions (major.0 each). */
static hvd_u32 host_negotiate(hvd_u8 *b, const hvd_u16 *fw, int nf,
			      const hvd_u16 *msg, int nm)
{
	int i;
	hvd_u8 *body = b + HVD_IC_HDR;

	zero(b, 256);
	put16(b + 12, HVD_IC_NEGOTIATE);
	b[25] = HVD_IC_FLAG_TRANSACTION | HVD_IC_FLAG_REQUEST;
	put16(body, (hvd_u16)nf);
	put16(body + 2, (hvd_u16)nm);
	for (i = 0; i < nf; i++)
		put16(body + 8 + 4 * i, fw[i]);
	for (i = 0; i < nm; i++)
		put16(body + 8 + 4 * (nf + i), msg[i]);
	return HVD_IC_HDR + 8 + 4 * (hvd_u32)(nf + nm);
}

static hvd_u32 host_heartbeat(hvd_u8 *b, hvd_u32 seq)
{
	zero(b, 256);
	put16(b + 12, HVD_IC_HEARTBEAT);
	put16(b + 18, 40);
	b[25] = HVD_IC_FLAG_TRANSACTION | HVD_IC_FLAG_REQUEST;
	put16(b + HVD_IC_HDR, (hvd_u16)seq);
	put16(b + HVD_IC_HDR + 2, (hvd_u16)(seq >> 16));
	return HVD_IC_HDR + 40;
}

static const struct hvd_icver fw_ours[] = { { 3, 0 }, { 1, 0 } };

static void ic_negotiate_picks_best(struct hvd_ktest *t)
{
	static const hvd_u16 both[] = { 1, 3 }, old[] = { 1 }, future[] = { 4 };
	hvd_u8 b[256];
	struct hvd_icver fw, msg;
	struct hvd_ic_msg m;
	hvd_u32 len, out;

	len = host_negotiate(b, both, 2, both, 2);
	HVD_ASSERT_EQ(t, hvd_ic_negotiate(b, len, sizeof(b), fw_ours, 2, fw_ours, 2,
					  &fw, &msg, &out), 0);
	HVD_EXPECT_EQ(t, fw.major, 3);
	HVD_EXPECT_EQ(t, msg.major, 3);
	HVD_EXPECT_EQ(t, out, HVD_IC_HDR + 16);
	HVD_ASSERT_EQ(t, hvd_ic_parse(b, out, &m), 0);
	HVD_EXPECT_EQ(t, m.flags, HVD_IC_FLAG_TRANSACTION | HVD_IC_FLAG_RESPONSE);
	HVD_EXPECT_EQ(t, m.status, 0);
	HVD_EXPECT_EQ(t, get16(b + 18), 16);
	HVD_EXPECT_EQ(t, get16(b + HVD_IC_HDR), 1);
	HVD_EXPECT_EQ(t, get16(b + HVD_IC_HDR + 2), 1);
	HVD_EXPECT_EQ(t, get16(b + HVD_IC_HDR + 8), 3);

	len = host_negotiate(b, old, 1, old, 1);
	HVD_EXPECT_EQ(t, hvd_ic_negotiate(b, len, sizeof(b), fw_ours, 2, fw_ours, 2,
					  &fw, &msg, &out), 0);
	HVD_EXPECT_EQ(t, fw.major, 1);

	len = host_negotiate(b, future, 1, both, 2);
	HVD_EXPECT_EQ(t, hvd_ic_negotiate(b, len, sizeof(b), fw_ours, 2, fw_ours, 2,
					  &fw, &msg, &out), 1);
	hvd_ic_parse(b, out, &m);
	HVD_EXPECT_EQ(t, m.status, HVD_IC_E_FAIL);
	HVD_EXPECT_EQ(t, get16(b + HVD_IC_HDR), 0);
}

static void ic_malformed(struct hvd_ktest *t)
{
	static const hvd_u16 both[] = { 1, 3 };
	hvd_u8 b[256];
	struct hvd_icver fw, msg;
	struct hvd_ic_msg m;
	hvd_u32 len, out;
	hvd_u64 seq;

	len = host_negotiate(b, both, 2, both, 2);
	HVD_EXPECT_EQ(t, hvd_ic_parse(b, 10, &m), -1);
	/* the lists claim more versions than the packet holds */
	HVD_EXPECT_EQ(t, hvd_ic_negotiate(b, len - 4, sizeof(b), fw_ours, 2, fw_ours, 2,
					  &fw, &msg, &out), -1);
	put16(b + HVD_IC_HDR, 200);
	HVD_EXPECT_EQ(t, hvd_ic_negotiate(b, sizeof(b), sizeof(b), fw_ours, 2, fw_ours, 2,
					  &fw, &msg, &out), -1);
	HVD_EXPECT_EQ(t, hvd_ic_heartbeat(b, HVD_IC_HDR + 4, &seq), -1);
}

static void ic_heartbeat_answers_seq_plus_one(struct hvd_ktest *t)
{
	hvd_u8 b[256];
	hvd_u64 seq = 0;
	hvd_u32 len = host_heartbeat(b, 41);
	struct hvd_ic_msg m;

	HVD_ASSERT_EQ(t, hvd_ic_heartbeat(b, len, &seq), 0);
	HVD_EXPECT_EQ(t, seq, 41);
	HVD_EXPECT_EQ(t, get16(b + HVD_IC_HDR), 42);
	hvd_ic_parse(b, len, &m);
	HVD_EXPECT_TRUE(t, m.flags & HVD_IC_FLAG_RESPONSE);
	HVD_EXPECT_EQ(t, get16(b + 18), 40);	/* message size kept */
}

/* ---- a fake host behind the transport ---- */
struct fake_host {
	int step;		/* 0 negotiate, 1 heartbeat, 2 done */
	hvd_u64 clock;
	hvd_u16 got_fw;
	hvd_u16 got_seq;
	int silent_after;	/* stop answering after this many packets */
	int sent;
};

static int fh_recv(void *ctx, hvd_u8 *buf, hvd_u32 cap, hvd_u32 *len,
		   hvd_u64 timeout_us)
{
	static const hvd_u16 both[] = { 1, 3 };
	struct fake_host *h = ctx;

	if (h->sent >= h->silent_after) {
		h->clock += timeout_us;
		return -110;	/* -ETIMEDOUT */
	}
	h->clock += 25;
	h->sent++;
	if (h->step == 0)
		*len = host_negotiate(buf, both, 2, both, 2);
	else
		*len = host_heartbeat(buf, 7);
	return cap >= *len ? 0 : -1;
}

static int fh_send(void *ctx, const hvd_u8 *buf, hvd_u32 len)
{
	struct fake_host *h = ctx;

	if (h->step == 0)
		h->got_fw = get16(buf + HVD_IC_HDR + 8);
	else
		h->got_seq = get16(buf + HVD_IC_HDR);
	h->step++;
	return len >= HVD_IC_HDR ? 0 : -1;
}

static hvd_u64 fh_now(void *ctx)
{
	return ((struct fake_host *)ctx)->clock;
}

static void ic_session(struct hvd_ktest *t)
{
	struct fake_host h = { 0, 0, 0, 0, 100, 0 };
	struct hvd_ic_transport tr;
	struct hvd_ic_result res;
	hvd_u8 buf[256];

	tr.recv = fh_recv;
	tr.send = fh_send;
	tr.now_us = fh_now;
	tr.ctx = &h;
	HVD_ASSERT_EQ(t, hvd_ic_heartbeat_session(&tr, buf, sizeof(buf), 1000, &res), 0);
	HVD_EXPECT_EQ(t, res.negotiated, 1);
	HVD_EXPECT_EQ(t, res.fw.major, 3);
	HVD_EXPECT_EQ(t, h.got_fw, 3);
	HVD_EXPECT_EQ(t, res.seq, 7);
	HVD_EXPECT_EQ(t, h.got_seq, 8);
	HVD_EXPECT_EQ(t, res.round_trip_us, 25);
	/* a host that goes quiet after the negotiation: a bounded failure */
	h.step = 0;
	h.sent = 0;
	h.silent_after = 1;
	HVD_EXPECT_EQ(t, hvd_ic_heartbeat_session(&tr, buf, sizeof(buf), 1000, &res), -110);
	HVD_EXPECT_EQ(t, res.negotiated, 1);
	HVD_EXPECT_EQ(t, res.error, -110);
}

static const struct hvd_ktest_case ic_cases[] = {
	{ "negotiate_picks_best", ic_negotiate_picks_best },
	{ "malformed", ic_malformed },
	{ "heartbeat", ic_heartbeat_answers_seq_plus_one },
	{ "session_fake_host", ic_session },
	{ 0, 0 },
};
const struct hvd_ktest_suite hv_ic_suite = { "hv_ic", ic_cases, 0, 0 };
