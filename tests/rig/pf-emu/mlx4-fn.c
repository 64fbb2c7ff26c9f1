// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated mlx4 function behind pf-emu's comm channel (see mlx4-fn.h).
 * Opcodes, outbox offsets, the EQ context and the EQE layout are facts of
 * the mlx4 command interface; the answers describe one Ethernet port with
 * no BlueFlame, A0 steering, 32-byte EQEs/CQEs and 4 KiB UAR pages.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mlx4-fn.h"
#include "peer.h"

/* opcodes */
#define OP_QUERY_DEV_CAP	0x003
#define OP_QUERY_FW		0x004
#define OP_QUERY_ADAPTER	0x006
#define OP_INIT_PORT		0x009
#define OP_CLOSE_PORT		0x00a
#define OP_QUERY_HCA		0x00b
#define OP_WRITE_MTT		0x011
#define OP_MAP_EQ		0x012
#define OP_SW2HW_EQ		0x013
#define OP_HW2SW_EQ		0x014
#define OP_NOP			0x031
#define OP_SW2HW_CQ		0x016
#define OP_HW2SW_CQ		0x017
#define OP_RST2INIT_QP		0x019
#define OP_INIT2RTR_QP		0x01a
#define OP_RTR2RTS_QP		0x01b
#define OP_2ERR_QP		0x01e
#define OP_2RST_QP		0x021
#define OP_QUERY_PORT		0x043
#define OP_ALLOC_RES		0xf00
#define OP_FREE_RES		0xf01
#define OP_QUERY_FUNC_CAP	0xf0a

/* ALLOC_RES resource types (in_modifier low byte) and operations
 * (op_modifier) */
#define RES_OP_RESERVE		0
#define RES_OP_RESERVE_AND_MAP	1
#define RES_OP_MAP_ICM		2
enum { RES_QP, RES_CQ, RES_SRQ, RES_XRCD, RES_MPT, RES_MTT, RES_MAC,
       RES_VLAN, RES_NPORT_ID, RES_COUNTER, RES_FS_RULE, RES_EQ, RES_N };

/* event types and port-change subtypes */
#define EV_COMP			0x00
#define EV_PORT_CHANGE		0x09
#define EV_CMD			0x0a
#define PORT_SUB_DOWN		1
#define PORT_SUB_ACTIVE		4

#define STAT_BAD_PARAM		0x03
#define STAT_BAD_SYS_STATE	0x04

#define MAILBOX			4096
#define MTT_ENTRY_SZ		64	/* QUERY_DEV_CAP's MTT segment size */
#define MTT_MAX			(1 << 16)
#define MAX_EQ			16
#define RSVD_EQ			4	/* EQ doorbells start on BAR 2's page 1 */
#define EQE_SIZE		32

struct eq {
	int valid;
	unsigned int nent, intr, prod;
	uint64_t mtt;			/* first MTT entry */
	unsigned long eqes, irqs;
};

static struct fn_ctx *ctx;
static uint64_t mtt[MTT_MAX];
static struct eq eqs[MAX_EQ];
static int event_eq[64];		/* event type -> EQ number, -1 none */
static uint16_t cmd_token;
static uint32_t next_id[RES_N];
static int port_up;			/* what QUERY_PORT reports */
static int port_event_pending;		/* 1: INIT_PORT seen, 2: timed */
static uint64_t port_event_at;		/* send PORT_CHANGE active then */
static unsigned long ops_seen, cmd_eqes, port_events;
static unsigned int op_count[0x1000];

static uint64_t be64_get(const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static uint32_t be32_get(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void be64_put(unsigned char *p, uint64_t v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

static void be32_put(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void be16_put(unsigned char *p, uint16_t v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

/* @len bytes of guest memory at bus address @a, or NULL */
static unsigned char *gpa(uint64_t a, size_t len)
{
	if (!ctx->ram || a > ctx->ram_size || len > ctx->ram_size - a)
		return NULL;
	return ctx->ram + a;
}

/* Write one EQE into @eqn and raise its vector. */
static int gen_eqe(int eqn, const unsigned char eqe[EQE_SIZE])
{
	struct eq *q;
	uint64_t off, page, slot;
	unsigned char *p;
	uint64_t one = 1;
	int k;

	if (eqn < 0 || eqn >= MAX_EQ || !eqs[eqn].valid)
		return -1;
	q = &eqs[eqn];
	off = (uint64_t)(q->prod & (q->nent - 1)) * EQE_SIZE;
	page = mtt[(q->mtt + off / 4096) % MTT_MAX] & ~0xfffULL;
	slot = page + off % 4096;
	p = gpa(slot, EQE_SIZE);
	if (!p)
		return -1;
	memcpy(p, eqe, EQE_SIZE - 1);
	/* ownership last: software owns the entry when its bit matches the
	 * consumer's pass over the ring */
	__atomic_store_n(&p[EQE_SIZE - 1],
			 (unsigned char)((q->prod & q->nent) ? 0x80 : 0x00),
			 __ATOMIC_RELEASE);
	q->prod++;
	q->eqes++;
	for (k = 0; (int)q->intr < ctx->vectors && k < ctx->sets; k++) {
		int fd = ctx->evfd[k * ctx->stride + (int)q->intr];

		if (fd >= 0 && write(fd, &one, sizeof(one)) == sizeof(one))
			q->irqs++;
	}
	return 0;
}

/*
 * The data path. mlx4_en's rings are QPs and CQs in guest memory, found
 * through the MTT entries their contexts point at (SW2HW_CQ, RST2INIT_QP).
 * BAR 2 is plain shared memory here, so pf-emu cannot see a doorbell being
 * written: it polls each send queue's head instead, taking a WQE when its
 * ownership bit matches the pass over the ring and its opcode is a send
 * (a freed WQE is stamped with an invalid opcode). Each sent frame goes to
 * the peer (peer.c); its answer is received on the first RX ring. Every
 * WQE completes with a CQE; a CQ whose arm record asks for it gets one
 * completion EQE per arming, as the hardware does.
 */
#define CQE_SIZE		32
#define TXBB			64
#define MAX_WQE_TXBB		32
#define FRAME_MAX		16384
#define WQE_OP_SEND		0x0a
#define WQE_OP_LSO		0x0e
#define CQE_OP_RECV_SEND	0x01
#define CQE_OP_ERROR		0x1e
#define CQE_SEND_BIT		0x40
#define CQE_OWNER		0x80
#define MAX_CQ			32
#define MAX_QP			32
#define QP_RST			0
#define QP_INIT			1
#define QP_RTR			2
#define QP_RTS			3

/* a queue's buffer: MTT entries from @mtt, pages of 4 KiB << @log_pg */
struct qbuf {
	uint64_t mtt;
	unsigned int log_pg;
};

struct cq {
	int valid;
	uint32_t cqn;
	unsigned int nent, eqn;
	struct qbuf buf;
	uint64_t db;			/* set_ci record, then the arm record */
	uint32_t prod;
	int fired_sn;			/* arm sequence already answered */
	unsigned long cqes, events;
};

struct qp {
	int valid, state;
	uint32_t qpn, scqn, rcqn;
	unsigned int sq_log, sq_slog, rq_log, rq_slog;	/* sizes, strides */
	struct qbuf buf;
	uint64_t db;			/* RQ doorbell record (producer) */
	uint32_t sq_cons, rq_cons;
	unsigned long sent, recv;
};

static struct cq cqs[MAX_CQ];
static struct qp qps[MAX_QP];
static struct peer peer;
static unsigned long tx_frames, tx_bytes, rx_frames, rx_drops, tx_dropped, tx_errors;

/* @len bytes at @off of a queue's buffer, within one page, or NULL */
static unsigned char *qaddr(const struct qbuf *b, uint64_t off, size_t len)
{
	unsigned int shift = 12 + b->log_pg;
	uint64_t page, in = off & ((1ULL << shift) - 1);

	if (shift > 30 || in + len > (1ULL << shift))
		return NULL;
	page = mtt[(b->mtt + (off >> shift)) % MTT_MAX] & ~0xfffULL;
	return gpa(page + in, len);
}

static struct cq *cq_find(uint32_t cqn)
{
	int i;

	for (i = 0; i < MAX_CQ; i++)
		if (cqs[i].valid && cqs[i].cqn == cqn)
			return &cqs[i];
	return NULL;
}

static struct qp *qp_find(uint32_t qpn, int make)
{
	int i, fr = -1;

	for (i = 0; i < MAX_QP; i++) {
		if (qps[i].valid && qps[i].qpn == qpn)
			return &qps[i];
		if (!qps[i].valid && fr < 0)
			fr = i;
	}
	if (!make || fr < 0)
		return NULL;
	memset(&qps[fr], 0, sizeof(qps[fr]));
	qps[fr].qpn = qpn;
	return &qps[fr];
}

/* The CQ's consumer index (its doorbell record) and arm request. */
static void cq_event(struct cq *c)
{
	unsigned char *db = gpa(c->db, 8);
	unsigned char e[EQE_SIZE];
	uint32_t arm, ci;
	int sn;

	if (!db)
		return;
	ci = be32_get(db) & 0xffffff;
	arm = be32_get(db + 4);
	sn = (int)(arm >> 28 & 3);
	if (!(arm >> 24 & 3) || sn == c->fired_sn || ((c->prod - ci) & 0xffffff) == 0)
		return;
	c->fired_sn = sn;
	memset(e, 0, sizeof(e));
	e[1] = EV_COMP;
	be32_put(&e[4], c->cqn);
	if (gen_eqe((int)c->eqn, e) == 0)
		c->events++;
}

static int cq_put(uint32_t cqn, unsigned char cqe[CQE_SIZE])
{
	struct cq *c = cq_find(cqn);
	unsigned char *p;

	if (!c)
		return -1;
	p = qaddr(&c->buf, (uint64_t)(c->prod & (c->nent - 1)) * CQE_SIZE, CQE_SIZE);
	if (!p)
		return -1;
	memcpy(p, cqe, CQE_SIZE - 1);
	__atomic_store_n(&p[CQE_SIZE - 1],
			 (unsigned char)(cqe[CQE_SIZE - 1] | ((c->prod & c->nent) ? CQE_OWNER : 0)),
			 __ATOMIC_RELEASE);
	c->prod++;
	c->cqes++;
	cq_event(c);
	return 0;
}

/* offsets of the SQ and RQ in a QP's buffer: the larger stride first */
static uint64_t sq_base(const struct qp *q)
{
	return q->rq_slog > q->sq_slog ? (uint64_t)1 << (q->rq_log + q->rq_slog) : 0;
}

static uint64_t rq_base(const struct qp *q)
{
	return q->rq_slog > q->sq_slog ? 0 : (uint64_t)1 << (q->sq_log + q->sq_slog);
}

/* Receive @f on the first RX ring; 0 when delivered. */
static int rq_deliver(const unsigned char *f, size_t len)
{
	struct qp *q = NULL;
	unsigned char *db, *d, cqe[CQE_SIZE];
	unsigned int stride, i, idx;
	size_t done = 0;
	int k;

	for (k = 0; k < MAX_QP; k++)
		if (qps[k].valid && qps[k].state >= QP_RTR && qps[k].rq_log &&
		    (!q || qps[k].qpn < q->qpn))
			q = &qps[k];
	db = q ? gpa(q->db, 4) : NULL;
	if (!db || ((be32_get(db) - q->rq_cons) & 0xffff) == 0) {
		rx_drops++;		/* no ring, or no buffer posted */
		return -1;
	}
	idx = q->rq_cons & ((1u << q->rq_log) - 1);
	stride = 1u << q->rq_slog;
	d = qaddr(&q->buf, rq_base(q) + (uint64_t)idx * stride, stride);
	for (i = 0; d && i < stride && done < len; i += 16) {
		uint32_t n = be32_get(d + i);
		uint64_t a = be64_get(d + i + 8);
		unsigned char *dst;

		if (n > len - done)
			n = (uint32_t)(len - done);
		dst = n ? gpa(a, n) : NULL;
		if (dst) {
			memcpy(dst, f + done, n);
			done += n;
		}
	}
	memset(cqe, 0, sizeof(cqe));
	be32_put(&cqe[0], q->qpn);
	be32_put(&cqe[20], (uint32_t)len);
	be16_put(&cqe[24], (uint16_t)q->rq_cons);
	if (done < len) {		/* local length error */
		cqe[27] = 0x01;
		cqe[CQE_SIZE - 1] = CQE_OP_ERROR;
		rx_drops++;
	} else {
		cqe[CQE_SIZE - 1] = CQE_OP_RECV_SEND;
		rx_frames++;
		q->recv++;
	}
	q->rq_cons++;
	return cq_put(q->rcqn, cqe);
}

/* Gather one send WQE (@w, @ds 16-byte units) into @f; its length. */
static size_t wqe_gather(const unsigned char *w, unsigned int ds, unsigned char *f)
{
	unsigned int p = 16, end = ds * 16;
	size_t len = 0;

	if ((be32_get(w) & 0x1f) == WQE_OP_LSO)
		return 0;	/* segmentation offload: not emulated */
	while (p + 4 <= end) {
		uint32_t v = be32_get(w + p);

		if (v & 0x80000000u) {		/* inline data */
			uint32_t n = v & 0x3ff;

			if (p + 4 + n > end || len + n > FRAME_MAX)
				return 0;
			memcpy(f + len, w + p + 4, n);
			len += n;
			p = (p + 4 + n + 15) & ~15u;
		} else {			/* pointer to guest memory */
			unsigned char *src;

			if (p + 16 > end)
				return 0;
			src = v ? gpa(be64_get(w + p + 8), v) : NULL;
			if (v && (!src || len + v > FRAME_MAX))
				return 0;
			if (v)
				memcpy(f + len, src, v);
			len += v;
			p += 16;
		}
	}
	return len;
}

/* Take the valid WQEs at the head of @q's send queue; how many. */
static int sq_poll(struct qp *q)
{
	static unsigned char w[MAX_WQE_TXBB * TXBB], f[FRAME_MAX], r[FRAME_MAX];
	unsigned int size = 1u << q->sq_log;
	int n = 0;

	while (n < 64) {
		unsigned char *c, cqe[CQE_SIZE];
		unsigned int idx = q->sq_cons & (size - 1), ds, nbb, i;
		uint32_t oo;
		size_t len, rl;

		c = qaddr(&q->buf, sq_base(q) + (uint64_t)idx * TXBB, TXBB);
		if (!c)
			break;
		oo = be32_get(c);
		if ((oo >> 31) != ((q->sq_cons & size) ? 1u : 0u) ||
		    ((oo & 0x1f) != WQE_OP_SEND && (oo & 0x1f) != WQE_OP_LSO))
			break;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		ds = c[7] & 0x3f;
		nbb = (ds * 16 + TXBB - 1) / TXBB;
		if (!ds || nbb > MAX_WQE_TXBB || nbb > size)
			nbb = 1;
		for (i = 0; i < nbb; i++) {
			unsigned char *b = qaddr(&q->buf, sq_base(q) +
						 (uint64_t)((idx + i) & (size - 1)) * TXBB, TXBB);

			if (!b)
				break;
			memcpy(w + i * TXBB, b, TXBB);
		}
		len = ds && i == nbb ? wqe_gather(w, ds, f) : 0;
		memset(cqe, 0, sizeof(cqe));
		be32_put(&cqe[0], q->qpn);
		be16_put(&cqe[24], (uint16_t)q->sq_cons);
		if ((oo & 0x1f) == WQE_OP_LSO) {
			tx_dropped++;
			cqe[CQE_SIZE - 1] = CQE_SEND_BIT | WQE_OP_LSO;
		} else if (!len) {		/* local protection error */
			tx_errors++;
			cqe[27] = 0x04;
			cqe[CQE_SIZE - 1] = CQE_OP_ERROR;
		} else {
			tx_frames++;
			tx_bytes += len;
			q->sent++;
			be32_put(&cqe[20], (uint32_t)len);
			cqe[CQE_SIZE - 1] = CQE_SEND_BIT | WQE_OP_SEND;
		}
		q->sq_cons += nbb;
		cq_put(q->scqn, cqe);
		n++;
		if (!len)
			continue;
		/* the wire: only while the link is up */
		rl = port_up ? peer_answer(&peer, f, len, r, sizeof(r)) : 0;
		if (rl)
			rq_deliver(r, rl);
	}
	return n;
}

/* Poll every send queue and every CQ's arm record; work done. */
static int datapath_poll(void)
{
	int i, n = 0;

	for (i = 0; i < MAX_QP; i++)
		if (qps[i].valid && qps[i].state == QP_RTS && qps[i].sq_log)
			n += sq_poll(&qps[i]);
	for (i = 0; i < MAX_CQ; i++)
		if (cqs[i].valid)
			cq_event(&cqs[i]);
	return n;
}

static unsigned int sw2hw_cq(const unsigned char *in, uint32_t cqn, unsigned int op_mod)
{
	struct cq *c = cq_find(cqn);
	unsigned int k;
	int i;

	for (i = 0; !c && i < MAX_CQ; i++)
		if (!cqs[i].valid)
			c = &cqs[i];
	if (!c)
		return STAT_BAD_PARAM;
	memset(c, 0, sizeof(*c));
	c->cqn = cqn;
	c->nent = 1u << (in[12] & 0x1f);
	c->eqn = in[23];
	c->buf.log_pg = in[24] & 0x1f;
	c->buf.mtt = ((uint64_t)in[27] << 32 | be32_get(&in[28])) / MTT_ENTRY_SZ;
	c->db = be64_get(&in[56]);
	c->fired_sn = -1;
	/* op_mod 0: the device hands every CQE to hardware itself */
	for (k = 0; op_mod == 0 && k < c->nent; k++) {
		unsigned char *e = qaddr(&c->buf, (uint64_t)k * CQE_SIZE, CQE_SIZE);

		if (!e)
			return STAT_BAD_PARAM;
		e[CQE_SIZE - 1] = CQE_OWNER;
	}
	c->valid = 1;
	if (ctx->rep)
		fprintf(ctx->rep, "cq %#x nent %u eq %u log_pg %u mtt %#llx db %#llx\n", cqn,
			c->nent, c->eqn, c->buf.log_pg, (unsigned long long)c->buf.mtt,
			(unsigned long long)c->db);
	return 0;
}

static unsigned int modify_qp(unsigned int op, const unsigned char *in, uint32_t qpn)
{
	struct qp *q = qp_find(qpn & 0xffffff, op == OP_RST2INIT_QP);
	const unsigned char *x = in + 8;	/* the QP context */

	if (!q)
		return 0;
	switch (op) {
	case OP_RST2INIT_QP:
		q->rq_log = x[9] >> 3;
		q->rq_slog = (x[9] & 7) + 4;
		q->sq_log = x[10] >> 3;
		q->sq_slog = (x[10] & 7) + 4;
		if (!x[9])
			q->rq_log = 0;		/* no receive queue */
		q->scqn = be32_get(&x[124]) & 0xffffff;
		q->rcqn = be32_get(&x[156]) & 0xffffff;
		q->db = be64_get(&x[160]);
		q->buf.log_pg = x[200] & 0x1f;
		q->buf.mtt = ((uint64_t)x[203] << 32 | be32_get(&x[204])) / MTT_ENTRY_SZ;
		q->sq_cons = q->rq_cons = 0;
		q->state = QP_INIT;
		q->valid = 1;
		if (ctx->rep)
			fprintf(ctx->rep, "qp %#x sq %u/%u rq %u/%u cq %#x/%#x log_pg %u mtt %#llx db %#llx\n",
				q->qpn, q->sq_log, q->sq_slog, q->rq_log, q->rq_slog, q->scqn,
				q->rcqn, q->buf.log_pg, (unsigned long long)q->buf.mtt,
				(unsigned long long)q->db);
		break;
	case OP_INIT2RTR_QP:
		q->state = QP_RTR;
		break;
	case OP_RTR2RTS_QP:
		q->state = QP_RTS;
		break;
	default:			/* to reset or error: the queue stops */
		q->valid = 0;
		break;
	}
	return 0;
}

void fn_init(struct fn_ctx *c)
{
	ctx = c;
	peer_init(&peer);
	fn_reset();
}

void fn_reset(void)
{
	int i;

	memset(eqs, 0, sizeof(eqs));
	memset(mtt, 0, sizeof(mtt));
	for (i = 0; i < 64; i++)
		event_eq[i] = -1;
	cmd_token = 0;
	/* first numbers handed out per resource type */
	memset(next_id, 0, sizeof(next_id));
	next_id[RES_QP] = 0x200;
	next_id[RES_CQ] = 0x40;
	next_id[RES_SRQ] = 0x40;
	next_id[RES_MPT] = 0x10;
	next_id[RES_MTT] = 0x100;
	port_up = 0;
	port_event_pending = 0;
	memset(cqs, 0, sizeof(cqs));
	memset(qps, 0, sizeof(qps));
}

int fn_port_event(int up)
{
	unsigned char e[EQE_SIZE];

	memset(e, 0, sizeof(e));
	e[1] = EV_PORT_CHANGE;
	e[3] = up ? PORT_SUB_ACTIVE : PORT_SUB_DOWN;
	be32_put(&e[12], 1u << 28);	/* port 1 */
	port_up = up;
	port_events++;
	if (ctx->rep)
		fprintf(ctx->rep, "event port_change %s eq %d\n", up ? "active" : "down",
			event_eq[EV_PORT_CHANGE]);
	return gen_eqe(event_eq[EV_PORT_CHANGE], e);
}

int fn_tick(uint64_t now_us)
{
	int busy = datapath_poll() > 0;

	if (port_event_pending == 1) {
		port_event_at = now_us + 50000;
		port_event_pending = 2;
	} else if (port_event_pending == 2 && now_us >= port_event_at) {
		port_event_pending = 0;
		fn_port_event(1);
		return 1;
	}
	return busy;
}

static void query_dev_cap(unsigned char *o)
{
	o[0x10] = 16;		/* log max SRQ size */
	o[0x11] = 16;		/* log max QP size */
	o[0x12] = 6;		/* log reserved QPs */
	o[0x13] = 17;		/* log max QPs */
	o[0x14] = 0x60;		/* log reserved SRQs << 4 */
	o[0x15] = 10;		/* log max SRQs */
	o[0x19] = 22;		/* log max CQ size */
	o[0x1a] = 6;		/* log reserved CQs */
	o[0x1b] = 10;		/* log max CQs */
	o[0x1d] = 17;		/* log max MPTs */
	o[0x1e] = 2;		/* log reserved EQs */
	o[0x1f] = 4;		/* log max EQs */
	o[0x20] = 0x40;		/* log reserved MTTs << 4 */
	o[0x21] = 40;		/* log max MR size */
	o[0x22] = 4;		/* log reserved MRWs */
	o[0x23] = 20;		/* log max MTT segments */
	o[0x2d] = 16;		/* log max GSO size */
	o[0x2e] = 0x37;		/* RSS: XOR and Toeplitz, 128 entries */
	o[0x2f] = 4;
	o[0x37] = 1;		/* one port */
	o[0x43] = 0x01;		/* ext flags: unicast loopback */
	o[0x42] = 0x01;		/* ext flags: UDP RSS */
	be32_put(&o[0x44], 1u << 0 | 1u << 1 | 1u << 2 | 1u << 6 | 1u << 15);
				/* RC, UC, UD, SRQ, big LSO headers */
	o[0x38] = 31;		/* log max message */
	o[0x3b] = 7;
	o[0x3f] = 7;
	o[0x4b] = 9;		/* minimum page size 512 */
	o[0x51] = 32;		/* max SQ s/g */
	be16_put(&o[0x52], 1008);	/* max SQ descriptor */
	o[0x55] = 32;		/* max RQ s/g */
	be16_put(&o[0x56], 512);	/* max RQ descriptor */
	o[0x61] = 7;		/* log max QPs per MCG */
	o[0x63] = 13;		/* log max MCGs */
	o[0x64] = 0x10;		/* reserved PDs << 4 */
	o[0x65] = 17;		/* log max PDs */
	o[0x66] = 0x10;
	o[0x67] = 16;
	be16_put(&o[0x80], 32);
	be16_put(&o[0x82], 256);	/* context entry sizes */
	be16_put(&o[0x84], 64);
	be16_put(&o[0x86], 32);
	be16_put(&o[0x88], 64);
	be16_put(&o[0x8a], 64);
	be16_put(&o[0x8c], 32);
	be16_put(&o[0x8e], 64);
	be16_put(&o[0x90], MTT_ENTRY_SZ);
	be16_put(&o[0x92], 64);
}

static void query_hca(unsigned char *o)
{
	o[0x37] = 17;		/* log QPs */
	o[0x4f] = 10;		/* log SRQs */
	o[0x57] = 10;		/* log CQs */
	o[0x87] = 4;		/* log EQs */
	o[0xd2] = 10;		/* log MC entry size */
	o[0xd8] = 0x08;		/* B0 (unicast VEP) steering */
	o[0xdb] = 13;		/* log MC table size */
	o[0xfb] = 17;		/* log MPT size */
	o[0x12a] = 8;		/* log UAR size */
	o[0x12b] = 0;		/* UAR page size 4 KiB */
}

static void query_func_cap(unsigned char *o, unsigned int op_mod, uint32_t in_mod)
{
	if (op_mod == 1) {	/* port @in_mod */
		o[0x03] = (unsigned char)in_mod;	/* physical port */
		o[0x0c] = 0x10;				/* NIC info valid */
		be32_put(&o[0x10], 0x40 + in_mod - 1);	/* QP0 tunnel */
		be32_put(&o[0x14], 0x50 + in_mod - 1);	/* QP0 proxy */
		be32_put(&o[0x18], 0x42 + in_mod - 1);
		be32_put(&o[0x1c], 0x52 + in_mod - 1);
		return;
	}
	o[0x00] = 0x80 | 0x10 | 0x08 | 0x04;	/* eth, quotas, lkey, mailbox */
	o[0x01] = 1;				/* ports */
	be32_put(&o[0x2c], MAX_EQ);		/* max EQs */
	be32_put(&o[0x30], RSVD_EQ);		/* reserved EQs */
	be32_put(&o[0x48], 0x100);		/* reserved lkey */
	be32_put(&o[0x50], 1 << 14);		/* QP quota */
	be32_put(&o[0x54], 1 << 10);		/* CQ quota */
	be32_put(&o[0x58], 1 << 10);		/* SRQ quota */
	be32_put(&o[0x60], 1 << 14);		/* MPT quota */
	be32_put(&o[0x64], 1 << 18);		/* MTT quota */
	be32_put(&o[0x68], 0);
	be32_put(&o[0x6c], 0);
}

static void query_port(unsigned char *o)
{
	o[0x00] = (unsigned char)((port_up ? 0x80 : 0) | 0x02);	/* Ethernet */
	o[0x01] = 4;			/* IB MTU 2048 (unused on Ethernet) */
	be16_put(&o[0x02], 1522);	/* Ethernet MTU */
	be16_put(&o[0x04], 1500);	/* current MTU (mlx4_en's view) */
	o[0x06] = 2;			/* width */
	o[0x07] = 0x00;			/* log GIDs, log P_Keys */
	o[0x0a] = 0x77;			/* log VLANs << 4 | log MACs */
	o[0x0b] = 0x11;
	be64_put(&o[0x10], 0x0002c9000001ULL);	/* default MAC */
}

static void query_fw(unsigned char *o)
{
	be64_put(&o[0x00], 0x00020000002aULL | (5000ULL << 16));	/* 2.42.5000 */
	be16_put(&o[0x0a], 3);		/* command interface revision */
}

static int alloc_res(unsigned int type, unsigned int op_mod, uint64_t in, uint64_t *out)
{
	uint32_t cnt, align, base;

	switch (type) {
	case RES_QP:
		if (op_mod != RES_OP_RESERVE)	/* map ICM: nothing to hand out */
			return 0;
		cnt = (uint32_t)in & 0xffffff;
		align = (uint32_t)(in >> 32);
		if (!align)
			align = 1;
		base = (next_id[RES_QP] + align - 1) / align * align;
		next_id[RES_QP] = base + (cnt ? cnt : 1);
		*out = base;
		return 0;
	case RES_MTT:
		cnt = 1u << ((uint32_t)in & 0x1f);
		base = (next_id[RES_MTT] + cnt - 1) / cnt * cnt;
		if (base + cnt > MTT_MAX)
			return STAT_BAD_PARAM;
		next_id[RES_MTT] = base + cnt;
		*out = base;
		return 0;
	case RES_CQ: case RES_SRQ: case RES_MPT: case RES_XRCD:
		if (op_mod == RES_OP_MAP_ICM)	/* of an index already reserved */
			return 0;
		*out = next_id[type]++;
		return 0;
	case RES_MAC: case RES_VLAN: case RES_COUNTER:
		*out = next_id[type]++;
		return 0;
	default:
		*out = next_id[type < RES_N ? type : 0]++;
		return 0;
	}
}

/* Returns the status; fills *out for immediate outputs. */
static unsigned int execute(unsigned int op, unsigned int op_mod, uint64_t in_param,
			    uint64_t *out_param, uint32_t in_mod)
{
	unsigned char *o = NULL, *in = NULL;
	uint64_t v;
	uint32_t i, n;

	switch (op) {
	case OP_QUERY_DEV_CAP: case OP_QUERY_HCA: case OP_QUERY_FUNC_CAP:
	case OP_QUERY_PORT: case OP_QUERY_FW: case OP_QUERY_ADAPTER:
		o = gpa(*out_param, MAILBOX);
		if (!o)
			return STAT_BAD_PARAM;
		memset(o, 0, MAILBOX);
		break;
	case OP_WRITE_MTT: case OP_SW2HW_EQ: case OP_SW2HW_CQ:
	case OP_RST2INIT_QP: case OP_INIT2RTR_QP: case OP_RTR2RTS_QP:
		in = gpa(in_param, MAILBOX);
		if (!in)
			return STAT_BAD_PARAM;
		break;
	}
	switch (op) {
	case OP_QUERY_DEV_CAP:
		query_dev_cap(o);
		return 0;
	case OP_QUERY_HCA:
		query_hca(o);
		return 0;
	case OP_QUERY_FUNC_CAP:
		query_func_cap(o, op_mod, in_mod);
		return 0;
	case OP_QUERY_PORT:
		query_port(o);
		return 0;
	case OP_QUERY_FW:
		query_fw(o);
		return 0;
	case OP_QUERY_ADAPTER:
		return 0;
	case OP_ALLOC_RES:
		return (unsigned int)alloc_res(in_mod & 0xff, op_mod, in_param, out_param);
	case OP_WRITE_MTT:
		/* entry 0: first MTT index; entries 2..: page | present */
		v = be64_get(in);
		n = in_mod;
		if (n > MAILBOX / 8 - 2 || v + n > MTT_MAX)
			return STAT_BAD_PARAM;
		for (i = 0; i < n; i++)
			mtt[v + i] = be64_get(in + 16 + 8 * i);
		return 0;
	case OP_SW2HW_EQ: {
		struct eq *q;
		uint64_t maddr, page;
		unsigned int k;

		if (in_mod >= MAX_EQ)
			return STAT_BAD_PARAM;
		q = &eqs[in_mod];
		memset(q, 0, sizeof(*q));
		q->nent = 1u << (in[12] & 0x1f);
		q->intr = in[23];
		maddr = (uint64_t)in[27] << 32 | be32_get(&in[28]);
		q->mtt = maddr / MTT_ENTRY_SZ;
		if (q->mtt >= MTT_MAX)
			return STAT_BAD_PARAM;
		/* hand every entry to hardware: the owner bit of the pass
		 * software is not yet on */
		for (k = 0; k < q->nent; k++) {
			uint64_t off = (uint64_t)k * EQE_SIZE;
			unsigned char *e;

			page = mtt[(q->mtt + off / 4096) % MTT_MAX] & ~0xfffULL;
			e = gpa(page + off % 4096, EQE_SIZE);
			if (!e)
				return STAT_BAD_PARAM;
			e[EQE_SIZE - 1] = 0x80;
		}
		q->valid = 1;
		if (ctx->rep)
			fprintf(ctx->rep, "eq %u nent %u intr %u mtt %#llx page0 %#llx\n",
				in_mod, q->nent, q->intr, (unsigned long long)q->mtt,
				(unsigned long long)(mtt[q->mtt % MTT_MAX] & ~0xfffULL));
		return 0;
	}
	case OP_SW2HW_CQ:
		return sw2hw_cq(in, in_mod & 0xffffff, op_mod);
	case OP_HW2SW_CQ: {
		struct cq *c = cq_find(in_mod & 0xffffff);

		if (c)
			c->valid = 0;
		return 0;
	}
	case OP_RST2INIT_QP: case OP_INIT2RTR_QP: case OP_RTR2RTS_QP:
	case OP_2ERR_QP: case OP_2RST_QP:
		return modify_qp(op, in, in_mod);
	case OP_HW2SW_EQ:
		if (in_mod < MAX_EQ)
			eqs[in_mod].valid = 0;
		return 0;
	case OP_MAP_EQ:
		for (i = 0; i < 64; i++)
			if (in_param & (1ULL << i))
				event_eq[i] = (in_mod & 0x80000000u) ? -1 : (int)(in_mod & 0x3ff);
		return 0;
	case OP_INIT_PORT:
		if (ctx->fault == FN_INIT_PORT_FAILS)
			return STAT_BAD_SYS_STATE;
		/* the link comes up a little after the port is enabled */
		port_event_pending = 1;
		return 0;
	case OP_CLOSE_PORT:
		port_up = 0;
		return 0;
	default:
		/* everything else (NOP, SW2HW/HW2SW of CQs, QPs, MPTs, SET_PORT,
		 * steering, statistics) succeeds without touching memory */
		return 0;
	}
}

unsigned int fn_vhcr_post(uint64_t vhcr)
{
	unsigned char *v = gpa(vhcr, 32);
	unsigned int op, op_mod, status, events;
	uint64_t in_param, out_param;
	uint32_t in_mod;

	if (!v)
		return STAT_BAD_PARAM;
	in_param = be64_get(&v[0x00]);
	in_mod = be32_get(&v[0x08]);
	out_param = be64_get(&v[0x10]);
	events = v[0x1d] & 0x40;
	op = ((unsigned int)v[0x1e] << 8 | v[0x1f]) & 0xfff;
	op_mod = v[0x1e] >> 4;
	status = execute(op, op_mod, in_param, &out_param, in_mod);
	if (op == OP_ALLOC_RES)
		be64_put(&v[0x10], out_param);
	__atomic_store_n(&v[0x1c], (unsigned char)status, __ATOMIC_RELEASE);
	ops_seen++;
	op_count[op]++;
	if (ctx->rep)
		fprintf(ctx->rep, "cmd %#05x mod %u in_mod %#x in %#llx out %#llx status %#x%s\n",
			op, op_mod, in_mod, (unsigned long long)in_param,
			(unsigned long long)out_param, status, events ? " event" : "");
	if (events && ctx->fault != FN_NO_CMD_EQE) {
		unsigned char e[EQE_SIZE];

		memset(e, 0, sizeof(e));
		e[1] = EV_CMD;
		be16_put(&e[6], ++cmd_token);
		e[15] = (unsigned char)status;
		be64_put(&e[16], out_param);
		if (gen_eqe(event_eq[EV_CMD], e) == 0)
			cmd_eqes++;
		else if (ctx->rep)
			fprintf(ctx->rep, "no EQ mapped for command completions\n");
	}
	return status;
}

void fn_report(FILE *f)
{
	int i;

	fprintf(f, "fn commands %lu cmd_eqes %lu port_events %lu\n", ops_seen, cmd_eqes,
		port_events);
	fprintf(f, "fn traffic tx %lu bytes %lu rx %lu rx_drops %lu tx_lso_dropped %lu tx_errors %lu peer arp %lu echo %lu ignored %lu\n",
		tx_frames, tx_bytes, rx_frames, rx_drops, tx_dropped, tx_errors, peer.arp,
		peer.echo, peer.ignored);
	for (i = 0; i < MAX_CQ; i++)
		if (cqs[i].valid && cqs[i].cqes)
			fprintf(f, "fn cq %#x cqes %lu events %lu\n", cqs[i].cqn, cqs[i].cqes,
				cqs[i].events);
	for (i = 0; i < MAX_EQ; i++)
		if (eqs[i].valid || eqs[i].eqes)
			fprintf(f, "fn eq %d nent %u intr %u eqes %lu irqs %lu\n", i,
				eqs[i].nent, eqs[i].intr, eqs[i].eqes, eqs[i].irqs);
}
