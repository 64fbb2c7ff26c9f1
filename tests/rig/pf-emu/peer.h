/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The peer at the far end of pf-emu's emulated wire: a host that answers
 * ARP requests for its IPv4 address and ICMP echo requests sent to it, and
 * ignores every other frame. It lets `ping` over the emulated VF get
 * replies without a tap device or a second guest.
 */
#ifndef PF_EMU_PEER_H
#define PF_EMU_PEER_H

#include <stddef.h>
#include <stdint.h>

struct peer {
	unsigned char mac[6];
	unsigned char ip[4];
	unsigned long arp, echo, ignored;
};

/* The rig's peer: 192.0.2.2 (TEST-NET-1), MAC 02:00:c0:00:02:02. */
void peer_init(struct peer *p);
/*
 * Answer the frame @f of @len bytes (no FCS) into @out (room @cap);
 * returns the answer's length, 0 when the frame calls for none.
 */
size_t peer_answer(struct peer *p, const unsigned char *f, size_t len,
		   unsigned char *out, size_t cap);

#endif
