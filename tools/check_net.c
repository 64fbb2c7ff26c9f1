// SPDX-License-Identifier: GPL-2.0
/* net.vf.bonded, net.ip.placement, net.vf.flaps, rdma.port */
#include "checks.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

void check_net_bonded(const struct check_ctx *c, struct result *r);
void check_net_ip(const struct check_ctx *c, struct result *r);
void check_net_flaps(const struct check_ctx *c, struct result *r);
void check_rdma_port(const struct check_ctx *c, struct result *r);

#define IFF_SLAVE_BIT 0x800

static const struct netdev *find_dev(const struct check_ctx *c,
				     const char *name)
{
	int i;

	for (i = 0; i < c->g->net.n; i++)
		if (!strcmp(c->g->net.devs[i].name, name))
			return &c->g->net.devs[i];
	return NULL;
}

/* A "joined to" line (3.10 backport and modern) that names a VF. */
static const struct log_hit *log_joined(const struct check_ctx *c)
{
	const struct log_hits *h = log_event(c, EV_VF_JOINED);
	int k;

	for (k = 0; h && k < h->kept; k++)
		if (!h->hit[k].dev[0] || vf_names_dev(c, h->hit[k].dev) ||
		    (!c->nvf && !c->nlogvf))
			return &h->hit[k];
	return NULL;
}

/*
 * netvsc before transparent VF bonding (4.14 upstream; CentOS 7.3)
 * registers the VF ("VF registering", "VF up", "Data path switched to
 * VF") but never joins it below the synthetic NIC, so it prints no
 * "joined to". The first such line, or NULL.
 */
static const struct log_hit *pre_transparent(const struct check_ctx *c)
{
	const struct log_hits *j = log_event(c, EV_VF_JOINED);
	int i;

	if (j && j->count)
		return NULL;
	for (i = 1; i < nev_joined; i++) {
		const struct log_hits *h = log_event(c, ev_joined[i]);

		if (h && h->count)
			return &h->hit[0];
	}
	return NULL;
}

void check_net_bonded(const struct check_ctx *c, struct result *r)
{
	const struct netdev *nd[16];
	const struct log_hit *j = log_joined(c);
	const struct log_hit *old = pre_transparent(c);
	int n, i, bad = 0, other = 0;

	if (c->prof && !c->prof->netdev_driver) {
		result_set(r, ST_SKIP, "the profile expects no VF netdev");
		return;
	}
	if (c->g->net.part.state == PART_OK && (c->nvf || c->nlogvf)) {
		n = vf_netdevs(c, nd, 16);
		for (i = 0; i < n; i++) {
			const struct netdev *m = nd[i]->master[0] ?
						 find_dev(c, nd[i]->master) : NULL;
			int slave = nd[i]->flags >= 0 && (nd[i]->flags & IFF_SLAVE_BIT);

			if (m || (slave && nd[i]->master[0])) {
				result_evidence(r, "%s (VF%s%s) is below %s%s%s", nd[i]->name,
						nd[i]->pci[0] ? " " : "", nd[i]->pci,
						nd[i]->master,
						m && m->driver[0] ? ", driver " : "",
						m && m->driver[0] ? m->driver : "");
			} else {
				bad++;
				result_evidence(r, "%s (VF %s) has no master", nd[i]->name,
						nd[i]->pci[0] ? nd[i]->pci : "?");
			}
		}
		if (n && !bad) {
			if (j)
				evidence_hit(r, j);
			result_set(r, ST_PASS, "%d VF netdev(s) joined to the synthetic NIC", n);
			return;
		}
		if (bad) {
			result_set(r, ST_FAIL, "%d VF netdev(s) not joined to a synthetic NIC", bad);
			if (old) {
				evidence_hit(r, old);
				result_evidence(r, "netvsc registered the VF but no \"joined to\" line: this kernel predates transparent VF bonding");
				result_from_kb(r, kb_find(c->kb, "netvsc.pre_transparent"));
			}
			return;
		}
	}
	/* the log alone: any pairing line of any kernel era */
	if (j)
		evidence_hit(r, j);
	for (i = 1; i < nev_joined; i++) {
		const struct log_hits *h = log_event(c, ev_joined[i]);

		if (h && h->count) {
			evidence_hit(r, &h->hit[0]);
			other++;
		}
	}
	if (j || other) {
		result_set(r, ST_PASS, "the kernel log shows the VF joined to the synthetic NIC%s",
			   j ? "" : " (netvsc without \"joined to\": VF registered and data path switched)");
		return;
	}
	if (c->g->net.part.state == PART_OK && (c->nvf || c->nlogvf)) {
		result_set(r, ST_FAIL, "no netdev of the VF is joined to a synthetic NIC");
		return;
	}
	if (c->g->log.part.state == PART_OK && c->g->net.part.state != PART_OK &&
	    c->prof && c->prof->netdev_driver && (c->nvf || c->nlogvf)) {
		result_set(r, ST_FAIL, "the kernel log has no \"joined to\", \"VF registering\" or \"Data path switched to VF\" line");
		return;
	}
	skip_part(r, c->g->net.part.state != PART_OK ? &c->g->net.part : &c->g->log.part);
}

static int link_local(const char *a)
{
	return !strncmp(a, "fe80:", 5) || !strncmp(a, "169.254.", 8);
}

void check_net_ip(const struct check_ctx *c, struct result *r)
{
	const struct netdev *nd[16];
	int n, i, k, bad = 0, warn = 0;

	if (c->g->net.addr_part.state != PART_OK) {
		skip_part(r, &c->g->net.addr_part);
		return;
	}
	n = vf_netdevs(c, nd, 16);
	if (!n) {
		result_set(r, ST_SKIP, "no VF netdev found");
		return;
	}
	for (i = 0; i < n; i++) {
		const struct netdev *m = nd[i]->master[0] ? find_dev(c, nd[i]->master) : NULL;

		for (k = 0; k < nd[i]->naddrs; k++) {
			if (link_local(nd[i]->addrs[k])) {
				warn++;
				result_evidence(r, "%s (VF) has link-local %s: something configures it",
						nd[i]->name, nd[i]->addrs[k]);
			} else {
				bad++;
				result_evidence(r, "%s (VF) has address %s", nd[i]->name,
						nd[i]->addrs[k]);
			}
		}
		if (m) {
			int global = 0;

			for (k = 0; k < m->naddrs; k++)
				if (!link_local(m->addrs[k])) {
					global++;
					result_evidence(r, "%s (synthetic) has %s", m->name,
							m->addrs[k]);
				}
			if (!global) {
				warn++;
				result_evidence(r, "%s (synthetic) has no address", m->name);
			}
		}
		if (nd[i]->nm_unmanaged == 0) {
			warn++;
			result_evidence(r, "%s: %s does not mark the VF unmanaged (NM_UNMANAGED, ID_NET_MANAGED_BY)",
					nd[i]->name, nd[i]->udev_src);
		}
	}
	if (bad)
		result_set(r, ST_FAIL, "%d address(es) on a VF; they belong on the synthetic NIC", bad);
	else if (warn)
		result_set(r, ST_WARN, "addresses placed right, with %d caution(s)", warn);
	else
		result_set(r, ST_PASS, "addresses on the synthetic NIC only");
}

void check_net_flaps(const struct check_ctx *c, struct result *r)
{
	const struct log_hits *unreg = log_event(c, EV_VF_UNREGISTERING);
	const struct log_hits *rem = log_event(c, EV_VF_SLOT_REMOVED);
	const struct log_hits *from = log_event(c, EV_DP_FROM_VF);
	const struct log_hits *h;
	unsigned long n;
	double span, rate;
	int limit = c->prof ? c->prof->flap_per_hour : 10;

	if (c->g->log.part.state != PART_OK) {
		skip_part(r, &c->g->log.part);
		return;
	}
	h = unreg;
	if (rem && rem->count > h->count)
		h = rem;
	n = h->count;
	if (from->count)
		result_evidence(r, "%lu \"Data path switched from VF\" line(s) (a few at boot are normal)",
				from->count);
	if (!n) {
		result_set(r, ST_PASS, "no VF removal in the log");
		return;
	}
	evidence_hit(r, &h->hit[0]);
	if (n > 1)
		evidence_hit(r, &h->last);
	span = h->last_ts - h->first_ts;
	if (h->first_ts < 0 || h->last_ts < 0 || n < 2 || span <= 0) {
		if ((long)n > limit)
			result_set(r, ST_WARN, "%lu VF removals (no time span known; threshold %d/hour)",
				   n, limit);
		else
			result_set(r, ST_PASS, "%lu VF removal(s)", n);
		return;
	}
	rate = (double)(n - 1) * 3600.0 / span;
	if (rate > limit && (long)n > limit)
		result_set(r, ST_WARN, "%lu VF removals in %.0f s: %.1f per hour (threshold %d)",
			   n, span, rate, limit);
	else
		result_set(r, ST_PASS, "%lu VF removal(s) in %.0f s: %.1f per hour", n, span, rate);
}

void check_rdma_port(const struct check_ctx *c, struct result *r)
{
	const struct rdma_model *m = &c->g->rdma;
	int i, found = 0, active = 0;

	if (!c->prof || !c->prof->rdma_prefix) {
		result_set(r, ST_SKIP, "the profile expects no RDMA device");
		return;
	}
	if (m->part.state != PART_OK) {
		skip_part(r, &m->part);
		return;
	}
	for (i = 0; i < m->n; i++) {
		const struct rdma_dev *d = &m->devs[i];

		if (!(d->pci[0] && vf_names_dev(c, d->pci)) &&
		    !(!d->pci[0] && !strncmp(d->name, c->prof->rdma_prefix,
					     strlen(c->prof->rdma_prefix))))
			continue;
		found++;
		active += strstr(d->port_state, "ACTIVE") != NULL;
		result_evidence(r, "%s (%s) port 1: %s", d->name,
				d->pci[0] ? d->pci : "?", d->port_state[0] ? d->port_state : "?");
	}
	if (!found)
		result_set(r, ST_FAIL, "no RDMA device for the VF");
	else if (active < found)
		result_set(r, ST_FAIL, "RDMA port not ACTIVE");
	else
		result_set(r, ST_PASS, "%d RDMA device(s), port ACTIVE", found);
}
