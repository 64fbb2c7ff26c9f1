// SPDX-License-Identifier: GPL-2.0
/*
 * net.vf.datapath: where each synthetic NIC's traffic flows now. The last
 * "Data path switched to/from VF" line of the NIC (the VF event list),
 * the VF bonded below it (net model) and netvsc's VF counters (ethtool
 * statistics; with --sample, their movement over a window).
 */
#include "checks/checks.h"
#include "base/util.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void check_net_datapath(const struct check_ctx *c, struct result *r);

/* Queue packets in a sampled window that count as traffic. */
#define SAMPLE_TRAFFIC 10

struct dp_nic {
	char name[64];
	const struct netdev *nic;	/* NULL: known from the log only */
	const struct netdev *vf;	/* the VF bonded below it, NULL: none */
	const struct vf_datapath *dp;	/* its last data path line */
};

static const struct vf_datapath *dp_of(const struct vf_event_list *l,
				       const char *nic)
{
	int i;

	for (i = 0; i < l->ndp; i++)
		if (!strcmp(l->dp[i].nic, nic))
			return &l->dp[i];
	return NULL;
}

static int bonded(const struct netdev *v)
{
	return v->pairing == PAIR_MASTER || v->pairing == PAIR_LOWER ||
	       v->pairing == PAIR_SLAVE;
}

/* IFF_UP of a netdev: 1, 0, or -1 unknown. */
static int up(const struct netdev *d)
{
	return d->flags < 0 ? -1 : (d->flags & NETDEV_IFF_UP) != 0;
}

static int add_nic(struct dp_nic *t, int n, int max, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return n;
	if (n == max)
		return n;
	memset(&t[n], 0, sizeof(t[n]));
	hv_strlcpy(t[n].name, name, sizeof(t[n].name));
	return n + 1;
}

static void counters(struct result *r, const struct dp_nic *x)
{
	const struct nic_stats *st = x->nic ? &x->nic->stats : NULL;

	if (!st || !st->known || !st->has_vf)
		return;
	result_evidence(r, "%s: vf_rx_packets %" PRIu64 ", vf_tx_packets %" PRIu64
			", vf_tx_dropped %" PRIu64 " (%s)", x->name, st->vf_rx_packets,
			st->vf_tx_packets, st->vf_tx_dropped, st->origin);
	if (st->sampled > 0)
		result_evidence(r, "%s: in %.1f s the VF counters moved %" PRIu64
				" packets, the synthetic queues %" PRIu64, x->name,
				st->sampled, st->d_vf_packets, st->d_queue_packets);
}

void check_net_datapath(const struct check_ctx *c, struct result *r)
{
	const struct net_model *m = &c->g->net;
	const struct vf_event_list *l = &c->g->vfev;
	struct dp_nic t[64];
	int n = 0, i, k, nfail = 0, nwarn = 0, npass = 0, idle = 0, unknown = 0;
	int behind = 0;
	int net = m->part.state == PART_OK;

	if (net)
		for (i = 0; i < m->n; i++) {
			const struct netdev *d = &m->devs[i];

			if (!strcmp(d->driver, "hv_netvsc") || d->stats.has_vf)
				n = add_nic(t, n, (int)ARRAY_SIZE(t), d->name);
			if (d->synthetic[0] && bonded(d))
				n = add_nic(t, n, (int)ARRAY_SIZE(t), d->synthetic);
		}
	if (l->part.state == PART_OK)
		for (i = 0; i < l->ndp; i++)
			n = add_nic(t, n, (int)ARRAY_SIZE(t), l->dp[i].nic);
	for (k = 0; k < n; k++) {
		for (i = 0; net && i < m->n; i++) {
			const struct netdev *d = &m->devs[i];

			if (!strcmp(d->name, t[k].name))
				t[k].nic = d;
			if (!strcmp(d->synthetic, t[k].name) && bonded(d))
				t[k].vf = d;
		}
		t[k].dp = dp_of(l, t[k].name);
	}
	for (k = 0; k < n; k++) {
		struct dp_nic *x = &t[k];
		const struct nic_stats *st = x->nic ? &x->nic->stats : NULL;

		if (x->vf && x->dp && !x->dp->on_vf && up(x->vf) == 1 &&
		    x->nic && up(x->nic) == 1) {
			/*
			 * netvsc keeps the data path on a VF that is up below a
			 * NIC that is up: the log ends before it switched back
			 * (an excerpt, or lines lost)
			 */
			nwarn++;
			behind++;
			result_evidence(r, "%s: the log ends with the data path switched from %s (line %lu), but both are up now: the log stops before netvsc switched back",
					x->name, x->vf->name, x->dp->seq);
		} else if (x->vf && x->dp && !x->dp->on_vf) {
			nfail++;
			result_evidence(r, "%s: data path switched from the VF (line %lu: %s) while %s is bonded below it (%s): traffic runs through the host",
					x->name, x->dp->seq, x->dp->evidence, x->vf->name,
					up(x->vf) == 0 ? "the VF is down" :
					x->nic && up(x->nic) == 0 ? "the synthetic NIC is down" :
					"up or down unknown");
		} else if (x->vf && st && st->sampled > 0 && st->has_vf &&
			   st->d_vf_packets == 0 && st->d_queue_packets >= SAMPLE_TRAFFIC) {
			nwarn++;
			idle++;
			result_evidence(r, "%s: %" PRIu64 " packets through the synthetic queues and none through %s in %.1f s",
					x->name, st->d_queue_packets, x->vf->name, st->sampled);
		} else if (x->vf) {
			npass++;
			if (x->dp)
				result_evidence(r, "%s: data path on %s (line %lu: %s)", x->name,
						x->vf->name, x->dp->seq, x->dp->evidence);
			else
				result_evidence(r, "%s: %s bonded; the log has no data path line of it",
						x->name, x->vf->name);
		} else if (x->dp && !net) {
			/* the log alone: no word on what is bonded now */
			if (x->dp->on_vf) {
				npass++;
				result_evidence(r, "%s: data path switched to %s (line %lu)",
						x->name, x->dp->vf, x->dp->seq);
			} else if (x->dp->removed_after) {
				npass++;
				result_evidence(r, "%s: data path switched from %s, then the VF was removed (see net.vf.flaps)",
						x->name, x->dp->vf);
			} else {
				nwarn++;
				unknown++;
				result_evidence(r, "%s: data path switched from %s at line %lu and not back by the end of the log: %s",
						x->name, x->dp->vf, x->dp->seq, x->dp->evidence);
			}
		} else {
			continue;	/* no VF below it: net.vf.bonded's matter */
		}
		counters(r, x);
	}
	if (l->dp_dropped)
		result_evidence(r, "data path lines of %lu NIC(s) beyond %d were not judged",
				l->dp_dropped, VF_DATAPATH_MAX);
	if (nfail) {
		result_set(r, ST_FAIL, "%d synthetic NIC(s) carry traffic off their bonded VF", nfail);
		result_from_kb(r, kb_find(c->kb, "netvsc.datapath_off"));
	} else if (idle) {
		result_set(r, ST_WARN, "%d bonded VF(s) carried no packet in the sampled window while the synthetic NIC did",
			   idle);
		result_from_kb(r, kb_find(c->kb, "netvsc.vf_idle"));
	} else if (unknown) {
		result_set(r, ST_WARN, "%d synthetic NIC(s) end the log with the data path off the VF (no network state to tell whether a VF is bonded now)",
			   unknown);
		result_from_kb(r, kb_find(c->kb, "netvsc.dp_switch"));
	} else if (nwarn) {
		result_set(r, ST_WARN, "%d synthetic NIC(s): the log ends with the data path off a VF that is up now",
			   behind);
		result_from_kb(r, kb_find(c->kb, "netvsc.dp_switch"));
	} else if (npass) {
		result_set(r, ST_PASS, "%d synthetic NIC(s) judged, none with its traffic off a bonded VF", npass);
	} else if (!net && l->part.state != PART_OK) {
		skip_part(r, &m->part);
	} else {
		result_set(r, ST_SKIP, "no synthetic NIC with a VF bonded or a data path line");
	}
}
