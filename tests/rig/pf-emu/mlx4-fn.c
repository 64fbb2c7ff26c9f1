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

void fn_init(struct fn_ctx *c)
{
	ctx = c;
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
}

/* Write one EQE into @eqn and raise its vector. */
static int gen_eqe(int eqn, const unsigned char eqe[EQE_SIZE])
{
	struct eq *q;
	uint64_t off, page, slot;
	unsigned char *p;
	uint64_t one = 1;

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
	if ((int)q->intr < ctx->vectors && ctx->evfd[q->intr] >= 0 &&
	    write(ctx->evfd[q->intr], &one, sizeof(one)) == sizeof(one))
		q->irqs++;
	return 0;
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
	if (port_event_pending == 1) {
		port_event_at = now_us + 50000;
		port_event_pending = 2;
	} else if (port_event_pending == 2 && now_us >= port_event_at) {
		port_event_pending = 0;
		fn_port_event(1);
		return 1;
	}
	return 0;
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
	case OP_WRITE_MTT: case OP_SW2HW_EQ:
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
	for (i = 0; i < MAX_EQ; i++)
		if (eqs[i].valid || eqs[i].eqes)
			fprintf(f, "fn eq %d nent %u intr %u eqes %lu irqs %lu\n", i,
				eqs[i].nent, eqs[i].intr, eqs[i].eqes, eqs[i].irqs);
}
