// SPDX-License-Identifier: GPL-2.0
/*
 * pf-emu's peer (see peer.h). Frame layouts are those of Ethernet II, ARP
 * for IPv4 over Ethernet, IPv4 and ICMP echo; checksums are the Internet
 * ones' complement sum.
 */
#include <string.h>

#include "peer.h"

#define ETH_HLEN	14
#define ETH_ZLEN	60	/* minimum frame without FCS */
#define ET_IPV4		0x0800
#define ET_ARP		0x0806

static unsigned int get16(const unsigned char *p)
{
	return (unsigned int)p[0] << 8 | p[1];
}

static void put16(unsigned char *p, unsigned int v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static unsigned int csum(const unsigned char *p, size_t n)
{
	unsigned long s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += get16(p + i);
	if (n & 1)
		s += (unsigned int)p[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (unsigned int)~s & 0xffff;
}

void peer_init(struct peer *p)
{
	static const unsigned char mac[6] = { 0x02, 0x00, 0xc0, 0x00, 0x02, 0x02 };
	static const unsigned char ip[4] = { 192, 0, 2, 2 };

	memset(p, 0, sizeof(*p));
	memcpy(p->mac, mac, 6);
	memcpy(p->ip, ip, 4);
}

static size_t pad(unsigned char *out, size_t n, size_t cap)
{
	if (n < ETH_ZLEN && cap >= ETH_ZLEN) {
		memset(out + n, 0, ETH_ZLEN - n);
		n = ETH_ZLEN;
	}
	return n;
}

static size_t arp(struct peer *p, const unsigned char *f, size_t len,
		  unsigned char *out, size_t cap)
{
	const unsigned char *a = f + ETH_HLEN;
	unsigned char *r = out + ETH_HLEN;

	/* an Ethernet/IPv4 request for our address */
	if (len < ETH_HLEN + 28 || cap < ETH_HLEN + 28 || get16(a) != 1 ||
	    get16(a + 2) != ET_IPV4 || a[4] != 6 || a[5] != 4 || get16(a + 6) != 1 ||
	    memcmp(a + 24, p->ip, 4))
		return 0;
	memcpy(out, a + 8, 6);			/* to the asker */
	memcpy(out + 6, p->mac, 6);
	put16(out + 12, ET_ARP);
	memcpy(r, a, 6);			/* htype, ptype, hlen, plen */
	put16(r + 6, 2);			/* reply */
	memcpy(r + 8, p->mac, 6);
	memcpy(r + 14, p->ip, 4);
	memcpy(r + 18, a + 8, 10);		/* target: the asker */
	p->arp++;
	return pad(out, ETH_HLEN + 28, cap);
}

static size_t echo(struct peer *p, const unsigned char *f, size_t len,
		   unsigned char *out, size_t cap)
{
	const unsigned char *ip = f + ETH_HLEN;
	unsigned char *rip = out + ETH_HLEN, *icmp;
	size_t ihl, tot;

	if (len < ETH_HLEN + 20 || (ip[0] >> 4) != 4)
		return 0;
	ihl = (size_t)(ip[0] & 0xf) * 4;
	tot = get16(ip + 2);
	if (ihl < 20 || tot < ihl + 8 || tot > len - ETH_HLEN || ETH_HLEN + tot > cap ||
	    ip[9] != 1 || memcmp(ip + 16, p->ip, 4) || (get16(ip + 6) & 0x3fff) ||
	    csum(ip, ihl) != 0 || ip[ihl] != 8 || csum(ip + ihl, tot - ihl) != 0)
		return 0;
	memcpy(out, f + 6, 6);
	memcpy(out + 6, p->mac, 6);
	put16(out + 12, ET_IPV4);
	memcpy(rip, ip, tot);
	memcpy(rip + 12, p->ip, 4);		/* from us, to the sender */
	memcpy(rip + 16, ip + 12, 4);
	rip[8] = 64;
	put16(rip + 10, 0);
	put16(rip + 10, csum(rip, ihl));
	icmp = rip + ihl;
	icmp[0] = 0;				/* echo reply: same id, seq, data */
	put16(icmp + 2, 0);
	put16(icmp + 2, csum(icmp, tot - ihl));
	p->echo++;
	return pad(out, ETH_HLEN + tot, cap);
}

size_t peer_answer(struct peer *p, const unsigned char *f, size_t len,
		   unsigned char *out, size_t cap)
{
	size_t n = 0;

	if (len >= ETH_HLEN && get16(f + 12) == ET_ARP)
		n = arp(p, f, len, out, cap);
	else if (len >= ETH_HLEN && get16(f + 12) == ET_IPV4)
		n = echo(p, f, len, out, cap);
	if (!n)
		p->ignored++;
	return n;
}
