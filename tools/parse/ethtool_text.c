// SPDX-License-Identifier: GPL-2.0
/* The netvsc counters of `ethtool -S` text and ETHTOOL_GSTATS. */
#include "parse/ethtool_text.h"

#include <string.h>

/* "tx_queue_12_packets": a queue's packet counter. */
static int queue_packets(const char *n)
{
	const char *p;

	if (strncmp(n, "tx_queue_", 9) && strncmp(n, "rx_queue_", 9))
		return 0;
	p = n + 9;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	return !strcmp(p, "_packets");
}

void nic_stats_add(struct nic_stats *st, const char *name, uint64_t v)
{
	static const struct {
		const char *name;
		size_t off;
	} vf[] = {
		{ "vf_rx_packets", offsetof(struct nic_stats, vf_rx_packets) },
		{ "vf_tx_packets", offsetof(struct nic_stats, vf_tx_packets) },
		{ "vf_rx_bytes", offsetof(struct nic_stats, vf_rx_bytes) },
		{ "vf_tx_bytes", offsetof(struct nic_stats, vf_tx_bytes) },
		{ "vf_tx_dropped", offsetof(struct nic_stats, vf_tx_dropped) },
	};
	size_t i;

	st->known = 1;
	for (i = 0; i < sizeof(vf) / sizeof(vf[0]); i++)
		if (!strcmp(name, vf[i].name)) {
			*(uint64_t *)((char *)st + vf[i].off) = v;
			st->has_vf = 1;
			return;
		}
	if (queue_packets(name)) {
		st->has_queues = 1;
		st->queue_packets += v;
	}
}

int ethtool_text_parse(const char *text, size_t len, struct nic_stats *st)
{
	const char *p = text, *end = text + len;
	int n = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *c, *s = p;
		char name[64];
		uint64_t v = 0;
		int digits = 0;

		p = nl ? nl + 1 : end;
		while (s < le && (*s == ' ' || *s == '\t'))
			s++;
		c = memchr(s, ':', (size_t)(le - s));
		if (!c || c == s || (size_t)(c - s) >= sizeof(name))
			continue;
		memcpy(name, s, (size_t)(c - s));
		name[c - s] = '\0';
		if (strchr(name, ' '))
			continue;	/* "NIC statistics", prose */
		for (c++; c < le && (*c == ' ' || *c == '\t'); c++)
			;
		for (; c < le && *c >= '0' && *c <= '9'; c++, digits++) {
			if (v > (UINT64_MAX - (uint64_t)(*c - '0')) / 10)
				break;
			v = v * 10 + (uint64_t)(*c - '0');
		}
		while (c < le && (*c == ' ' || *c == '\t' || *c == '\r'))
			c++;
		if (!digits || c != le)
			continue;
		nic_stats_add(st, name, v);
		n++;
	}
	return n;
}
