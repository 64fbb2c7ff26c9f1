// SPDX-License-Identifier: GPL-2.0
/*
 * Network interfaces: sysfs links (device, driver, master, lower_*) and
 * udev data; addresses from the live kernel (getifaddrs) or from the
 * bundle's `ip addr` text, which also stands in when sysfs is missing.
 */
#include "collect/collect.h"
#include "parse/ethtool_text.h"
#include "parse/ipaddr_text.h"
#include "parse/net_pair.h"
#include "base/util.h"
#include "source/source.h"
#include "source/bundle_layout.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void read_udev(const struct source *src, struct netdev *d,
		      const char *dir)
{
	char path[PATH_MAX], idx[32], buf[8192];
	int n;

	snprintf(path, sizeof(path), "%s/ifindex", dir);
	if (src_read_attr(src, path, idx, sizeof(idx)) <= 0)
		return;
	snprintf(path, sizeof(path), "/run/udev/data/n%s", idx);
	n = src_read_attr(src, path, buf, sizeof(buf));
	if (n < 0)
		return;
	hv_strlcpy(d->udev_src, path, sizeof(d->udev_src));
	d->nm_unmanaged = strstr(buf, "E:NM_UNMANAGED=1") ||
			  strstr(buf, "E:ID_NET_MANAGED_BY=unmanaged") ||
			  strstr(buf, "E:AZURE_UNMANAGED_SRIOV=1");
}

static void read_sysfs_dev(const struct source *src, struct guest *g,
			   struct netdev *d)
{
	char dir[PATH_MAX], path[PATH_MAX], target[PATH_MAX], buf[64];
	char **names;
	int n, i;

	snprintf(dir, sizeof(dir), "/sys/class/net/%s", d->name);
	if (src_readlink(src, dir, target, sizeof(target)) > 0)
		hv_strlcpy(d->syspath, target, sizeof(d->syspath));
	snprintf(path, sizeof(path), "%s/address", dir);
	if (src_read_attr(src, path, buf, sizeof(buf)) > 0)
		hv_strlcpy(d->mac, buf, sizeof(d->mac));
	snprintf(path, sizeof(path), "%s/flags", dir);
	if (src_read_attr(src, path, buf, sizeof(buf)) > 0)
		d->flags = (int)strtol(buf, NULL, 0);
	snprintf(path, sizeof(path), "%s/master", dir);
	src_readlink_base(src, path, d->master, sizeof(d->master));
	snprintf(path, sizeof(path), "%s/device/driver", dir);
	src_readlink_base(src, path, d->driver, sizeof(d->driver));
	snprintf(path, sizeof(path), "%s/device", dir);
	if (src_readlink(src, path, target, sizeof(target)) > 0) {
		const char *b = strrchr(target, '/');
		struct hvd_bdf a;

		b = b ? b + 1 : target;
		if (!hvd_bdf_parse_exact(b, strlen(b), &a))
			hvd_bdf_format(&a, d->pci);
		else if (strstr(target, "vmbus") || strstr(target, "VMBUS"))
			hv_strlcpy(d->vmbus, b, sizeof(d->vmbus));
	}
	n = src_list(src, dir, &names);
	for (i = 0; i < n; i++)
		if (hv_startswith(names[i], "lower_") && d->nlower < 8)
			hv_strlcpy(d->lower[d->nlower++], names[i] + 6,
				   sizeof(d->lower[0]));
	if (n >= 0)
		src_list_free(names, n);
	read_udev(src, d, dir);
}

static void live_addresses(struct net_model *m)
{
	struct ifaddrs *ifa, *i;

	if (getifaddrs(&ifa)) {
		part_set(&m->addr_part, PART_ERROR, "getifaddrs: %s",
			 strerror(errno));
		return;
	}
	for (i = ifa; i; i = i->ifa_next) {
		struct netdev *d;
		char a[64];
		const void *p;
		int fam, plen = 0;

		if (!i->ifa_addr)
			continue;
		fam = i->ifa_addr->sa_family;
		if (fam != AF_INET && fam != AF_INET6)
			continue;
		d = net_find(m, i->ifa_name, 0);
		if (!d || d->naddrs >= 16)
			continue;
		p = fam == AF_INET ?
			(const void *)&((struct sockaddr_in *)i->ifa_addr)->sin_addr :
			(const void *)&((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr;
		if (!inet_ntop(fam, p, a, sizeof(a)))
			continue;
		if (i->ifa_netmask) {
			const unsigned char *mb;
			size_t k, nb = fam == AF_INET ? 4 : 16;

			mb = fam == AF_INET ?
				(const unsigned char *)&((struct sockaddr_in *)i->ifa_netmask)->sin_addr :
				(const unsigned char *)&((struct sockaddr_in6 *)i->ifa_netmask)->sin6_addr;
			for (k = 0; k < nb; k++) {
				unsigned char b = mb[k];

				while (b) {
					plen += b & 1;
					b >>= 1;
				}
			}
		}
		snprintf(d->addrs[d->naddrs++], sizeof(d->addrs[0]), "%s/%d", a,
			 plen);
	}
	freeifaddrs(ifa);
	hv_strlcpy(m->addr_part.origin, "getifaddrs", sizeof(m->addr_part.origin));
	m->addr_part.state = PART_OK;
}

static void stat_cb(void *ctx, const char *name, unsigned long long v)
{
	nic_stats_add(ctx, name, (uint64_t)v);
}

#define ETHTOOL_TEXT_MAX (1u << 20)

/*
 * A synthetic NIC's counters: live through SIOCETHTOOL (netvsc NICs
 * only), offline from the `ethtool -S` text collect or sos saved.
 */
static void read_stats(const struct source *src, struct netdev *d,
		       struct nic_stats *st)
{
	char path[PATH_MAX], *buf;
	ssize_t n;
	size_t have = 0;
	int fd;

	memset(st, 0, sizeof(*st));
	if (strchr(d->name, '/') || !strcmp(d->name, ".") || !strcmp(d->name, ".."))
		return;
	if (src->kind == SRC_LIVE) {
		if (strcmp(d->driver, "hv_netvsc"))
			return;
		if (src_ethtool_gstats(d->name, stat_cb, st))
			memset(st, 0, sizeof(*st));
		else
			snprintf(st->origin, sizeof(st->origin), "ethtool statistics of %s (SIOCETHTOOL)",
				 d->name);
		return;
	}
	if (src->kind == SRC_SOSREPORT)
		snprintf(path, sizeof(path), "/sos_commands/networking/ethtool_-S_%s", d->name);
	else
		snprintf(path, sizeof(path), bundle_files[BF_ETHTOOL].path, d->name);
	fd = src_open_file(src, path);
	if (fd < 0)
		return;
	buf = xmalloc(ETHTOOL_TEXT_MAX + 1);
	while (have <= ETHTOOL_TEXT_MAX &&
	       (n = read(fd, buf + have, ETHTOOL_TEXT_MAX + 1 - have)) > 0)
		have += (size_t)n;
	close(fd);
	/* a capture over 1 MiB is no netvsc statistics: not read in part */
	if (have <= ETHTOOL_TEXT_MAX && ethtool_text_parse(buf, have, st) > 0 &&
	    (st->has_vf || st->has_queues))
		src_path(src, path, st->origin, sizeof(st->origin));
	else
		memset(st, 0, sizeof(*st));
	free(buf);
}

void collect_net_sample(const struct source *src, struct guest *g,
			double seconds)
{
	struct nic_stats *after;
	struct timespec nap;
	int i;

	if (src->kind != SRC_LIVE || seconds <= 0)
		return;
	nap.tv_sec = (time_t)seconds;
	nap.tv_nsec = (long)((seconds - (double)nap.tv_sec) * 1e9);
	while (nanosleep(&nap, &nap) && errno == EINTR)
		;
	after = xcalloc((size_t)g->net.n + 1, sizeof(*after));
	for (i = 0; i < g->net.n; i++) {
		struct netdev *d = &g->net.devs[i];
		struct nic_stats *b = &d->stats;

		if (!b->known)
			continue;
		read_stats(src, d, &after[i]);
		if (!after[i].known)
			continue;
		b->sampled = seconds;
		b->d_vf_packets = (after[i].vf_rx_packets + after[i].vf_tx_packets) -
				  (b->vf_rx_packets + b->vf_tx_packets);
		b->d_queue_packets = after[i].queue_packets - b->queue_packets;
		/* a counter that went back (reset, VF re-added): no delta */
		if (after[i].vf_rx_packets + after[i].vf_tx_packets <
		    b->vf_rx_packets + b->vf_tx_packets)
			b->d_vf_packets = 0;
		if (after[i].queue_packets < b->queue_packets)
			b->d_queue_packets = 0;
	}
	free(after);
}

/* The NICs of sys/class/net. */
static void net_sysfs(const struct source *src, struct guest *g)
{
	struct net_model *m = &g->net;
	char **names;
	int n, i;

	n = src_list(src, "/sys/class/net", &names);
	if (n < 0)
		return;
	for (i = 0; i < n; i++) {
		struct netdev *d = net_find(m, names[i], 1);

		if (d)
			read_sysfs_dev(src, g, d);
	}
	src_list_free(names, n);
	hv_strlcpy(m->part.origin, "/sys/class/net", sizeof(m->part.origin));
	m->part.state = PART_OK;
}

/* The recorded `ip addr` (ip-addr.txt or sos's): addresses, and links
 * enough for the pairing checks when there is no sysfs copy. */
static void net_addresses(const struct source *src, struct net_model *m)
{
	struct linereader lr;
	int r, links;

	r = src_open_text(src, TXT_IPADDR, &lr, m->addr_part.origin,
			  sizeof(m->addr_part.origin), NULL);
	if (r) {
		part_set(&m->addr_part, r == -ENOENT ? PART_ABSENT : PART_ERROR,
			 "no address list (ip-addr.txt)");
		return;
	}
	links = ipaddr_text_parse(&lr, m);
	if (links > 0 && !m->addr_lines)
		part_set(&m->addr_part, PART_ABSENT,
			 "'%s' lists links but no addresses (ip link)",
			 m->addr_part.origin);
	else if (links > 0)
		m->addr_part.state = PART_OK;
	else
		part_set(&m->addr_part, PART_ERROR,
			 "'%s' lists no interface", m->addr_part.origin);
	src_close_text(&lr);
	if (m->part.state != PART_OK && links > 0) {
		m->part.state = PART_OK;
		hv_strlcpy(m->part.origin, m->addr_part.origin,
			   sizeof(m->part.origin));
	}
}

void collect_net(const struct source *src, struct guest *g)
{
	struct net_model *m = &g->net;
	int i;

	net_sysfs(src, g);
	if (src->kind == SRC_LIVE) {
		live_addresses(m);
	} else {
		net_addresses(src, m);
		if (m->part.state != PART_OK && !m->part.why[0])
			part_set(&m->part, PART_ABSENT, "no network data (sys/class/net or ip-addr.txt)");
	}
	net_pair(m);
	for (i = 0; i < m->n; i++)
		read_stats(src, &m->devs[i], &m->devs[i].stats);
}
