/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Hyper-V integration-component (IC) messages, as the heartbeat, shutdown,
 * KVP and time-sync channels carry them: a pipe header, an IC header, and
 * a body. The host starts every exchange; the guest answers in place. Only
 * the logic lives here, over a transport with two callbacks, so that it is
 * tested with a fake host and driven by vmbus in a guest.
 *
 * Layout (all little endian, packed):
 *   pipe header  0: flags u32, 4: msgsize u32
 *   IC header    8: icverframe {major u16, minor u16}, 12: icmsgtype u16,
 *               14: icvermsg {u16, u16}, 18: icmsgsize u16, 20: status u32,
 *               24: ictransaction_id u8, 25: icflags u8, 26: reserved[2]
 *   body        28: negotiate {icframe_vercnt u16, icmsg_vercnt u16,
 *                   reserved u32, versions[] {u16, u16}}
 *                   or heartbeat {seq_num u64, reserved u32[8]}
 */
#ifndef HVD_HV_IC_H
#define HVD_HV_IC_H

#include "hvd_types.h"

#define HVD_IC_HDR		28
#define HVD_IC_NEGOTIATE	0
#define HVD_IC_HEARTBEAT	1
#define HVD_IC_FLAG_TRANSACTION	1
#define HVD_IC_FLAG_REQUEST	2
#define HVD_IC_FLAG_RESPONSE	4
#define HVD_IC_E_FAIL		0x80004005u
#define HVD_IC_MAX_VERSIONS	100

struct hvd_icver {
	hvd_u16 major;
	hvd_u16 minor;
};

struct hvd_ic_msg {
	hvd_u16 type;
	hvd_u8 flags;
	hvd_u8 txid;
	hvd_u32 status;
};

/* Parse the headers; 0, or -1 when the packet is too short. */
int hvd_ic_parse(const hvd_u8 *pkt, hvd_u32 len, struct hvd_ic_msg *m);

/*
 * Answer a version negotiation in place: pick the highest framework and
 * message versions both sides list (ours in preference order, best
 * first). Returns 0 with the choice in @fw/@msg, 1 when nothing matched
 * (the answer then carries HVD_IC_E_FAIL), -1 on a malformed packet.
 * @reply_len gets the answer's length.
 */
int hvd_ic_negotiate(hvd_u8 *pkt, hvd_u32 len, hvd_u32 cap,
		     const struct hvd_icver *our_fw, int nfw,
		     const struct hvd_icver *our_msg, int nmsg,
		     struct hvd_icver *fw, struct hvd_icver *msg,
		     hvd_u32 *reply_len);

/* Answer a heartbeat in place (seq + 1); 0, or -1 when malformed. */
int hvd_ic_heartbeat(hvd_u8 *pkt, hvd_u32 len, hvd_u64 *seq_in);

/* A transport: one packet in, one packet out; 0 or -errno. */
struct hvd_ic_transport {
	int (*recv)(void *ctx, hvd_u8 *buf, hvd_u32 cap, hvd_u32 *len,
		    hvd_u64 timeout_us);
	int (*send)(void *ctx, const hvd_u8 *buf, hvd_u32 len);
	hvd_u64 (*now_us)(void *ctx);
	void *ctx;
};

struct hvd_ic_result {
	int negotiated;		/* 1 ok, 0 no common version, -1 failed */
	struct hvd_icver fw, msg;
	hvd_u64 seq;		/* heartbeat sequence number received */
	hvd_u64 round_trip_us;	/* our answer to the next host packet */
	int error;		/* -errno from the transport, or -1 malformed */
};

/*
 * The guest side of a heartbeat channel's first exchange: answer the
 * host's negotiation, then one heartbeat. @buf is scratch of @cap bytes.
 */
int hvd_ic_heartbeat_session(const struct hvd_ic_transport *t, hvd_u8 *buf,
			     hvd_u32 cap, hvd_u64 timeout_us,
			     struct hvd_ic_result *res);

#endif
