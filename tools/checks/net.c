// SPDX-License-Identifier: GPL-2.0
/* net.vf.bonded, net.ip.placement, net.vf.flaps, rdma.port */
#include "checks/checks.h"
#include "parse/net_pair.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void check_net_bonded(const struct check_ctx *c, struct result *r);
void check_net_ip(const struct check_ctx *c, struct result *r);
void check_net_flaps(const struct check_ctx *c, struct result *r);
void check_rdma_port(const struct check_ctx *c, struct result *r);

static const struct netdev *find_dev(const struct check_ctx *c,
				     const char *name)
{
	int i;

	for (i = 0; i < c->g->net.n; i++)
		if (!strcmp(c->g->net.devs[i].name, name))
			return &c->g->net.devs[i];
	return NULL;
}

/*
 * The pairing lines of every era (ev_joined, "VF slot N added") and the
 * removal lines (ev_removed) of the log, in line order, each with the
 * synthetic NIC and VF netdev it names ("?" for a line of an unexpected
 * shape, which still counts). Only the first LOG_KEEP lines of a kind and
 * the last one are there; *overflow says when lines were left out.
 */
struct vf_ev {
	const struct log_hit *h;
	enum event e;
	char syn[64];
	char vf[64];
};

static int ev_cmp(const void *a, const void *b)
{
	const struct vf_ev *x = a, *y = b;

	if (x->h->lineno != y->h->lineno)
		return x->h->lineno < y->h->lineno ? -1 : 1;
	return (int)x->e - (int)y->e;
}

static int vf_events(const struct check_ctx *c, struct vf_ev **out, int *overflow)
{
	static const enum event evs[] = {
		EV_VF_JOINED, EV_VF_REGISTERING, EV_VF_UP, EV_DP_TO_VF,
		EV_VF_SLOT_ADDED, EV_DP_FROM_VF, EV_VF_UNREGISTERING,
		EV_VF_SLOT_REMOVED,
	};
	struct vf_ev *v = NULL;
	size_t i;
	int n = 0, k;

	*overflow = 0;
	for (i = 0; i < ARRAY_SIZE(evs); i++) {
		const struct log_hits *h = log_event(c, evs[i]);
		int kept = h ? h->nseq : 0;

		if (h && h->count > (unsigned long)h->nseq)
			*overflow = 1;
		for (k = 0; k <= kept; k++) {
			const struct log_hit *hit;
			struct vf_ev *e;

			if (k == kept && !(h && h->count > (unsigned long)h->nseq))
				break;
			hit = k < kept ? &h->seq[k] : &h->last;
			v = xrealloc(v, (size_t)(n + 1) * sizeof(*v));
			e = &v[n];
			e->h = hit;
			e->e = evs[i];
			/* a line of an unexpected shape still counts, unnamed */
			if (event_nics(evs[i], hit->text, e->syn, sizeof(e->syn), e->vf,
				       sizeof(e->vf)))
				hv_strlcpy(e->syn, "?", sizeof(e->syn));
			/* another family's VF joining is not ours */
			if (evs[i] == EV_VF_JOINED && hit->dev[0] &&
			    (c->nvf || c->nlogvf) && !vf_names_dev(c, hit->dev))
				continue;
			n++;
		}
	}
	if (n)
		qsort(v, (size_t)n, sizeof(*v), ev_cmp);
	*out = v;
	return n;
}

/* What the kernel log says about the VF of each synthetic NIC. */
#define MAX_NICS 64

struct nic_log {
	char syn[64];
	char vf[64];			/* VF netdev as last named */
	char bdf[HVD_BDF_STRLEN + 1];	/* from a "joined to" line */
	const struct log_hit *first_join;
	const struct log_hit *last_join;	/* pairing or re-add */
	const struct log_hit *last_rm;		/* unregistering, slot removed */
	const struct log_hit *last_from;	/* data path switched from VF */
};

struct nic_table {
	struct nic_log n[MAX_NICS];
	int count;
	int overflow;
};

static const char *sb(const struct sbuf *b)
{
	return b->s ? b->s : "";
}

static const struct log_hit *later(const struct log_hit *a,
				   const struct log_hit *b)
{
	return !a || (b && b->lineno > a->lineno) ? b : a;
}

static const struct log_hit *earlier(const struct log_hit *a,
				     const struct log_hit *b)
{
	return !a || (b && b->lineno < a->lineno) ? b : a;
}

static void nic_table_build(const struct check_ctx *c, struct nic_table *t)
{
	struct vf_ev *ev;
	int nev, i, k;

	memset(t, 0, sizeof(*t));
	nev = vf_events(c, &ev, &t->overflow);
	for (i = 0; i < nev; i++) {
		const struct vf_ev *e = &ev[i];
		struct nic_log *n = NULL;

		for (k = 0; k < t->count; k++)
			if (!strcmp(t->n[k].syn, e->syn))
				n = &t->n[k];
		if (!n) {
			if (t->count >= MAX_NICS)
				continue;
			n = &t->n[t->count++];
			hv_strlcpy(n->syn, e->syn, sizeof(n->syn));
		}
		if (e->vf[0])
			hv_strlcpy(n->vf, e->vf, sizeof(n->vf));
		switch (e->e) {
		case EV_VF_JOINED:
			if (e->h->dev[0])
				hv_strlcpy(n->bdf, e->h->dev, sizeof(n->bdf));
			/* fall through */
		case EV_VF_REGISTERING:
		case EV_VF_UP:
		case EV_DP_TO_VF:
			n->first_join = earlier(n->first_join, e->h);
			n->last_join = later(n->last_join, e->h);
			break;
		case EV_VF_SLOT_ADDED:
			n->last_join = later(n->last_join, e->h);
			break;
		case EV_DP_FROM_VF:
			n->last_from = later(n->last_from, e->h);
			break;
		default:	/* unregistering, slot removed */
			n->last_rm = later(n->last_rm, e->h);
			break;
		}
	}
	free(ev);
}

/* The first line of the VF driver's signature after line @after: the VF
 * was probed again (a host re-add whose netvsc lines the log lacks). */
static const struct log_hit *reprobe_after(const struct check_ctx *c,
					   unsigned long after)
{
	const struct log_hit *best = NULL;
	int s, k;

	for (s = 0; c->prof && s < c->prof->sig.n; s++) {
		const struct log_hits *h = log_pat(c, c->prof->sig.cat[s]);

		for (k = 0; h && k < h->kept; k++)
			if (h->hit[k].lineno > after &&
			    (!h->hit[k].dev[0] || !(c->nvf || c->nlogvf) ||
			     vf_names_dev(c, h->hit[k].dev))) {
				best = earlier(best, &h->hit[k]);
				break;
			}
	}
	return best;
}

/* The one VF function the log's netvsc lines can belong to, or "". */
static const char *only_vf(const struct check_ctx *c)
{
	if (c->nvf + c->nlogvf != 1)
		return "";
	return c->nvf ? c->vf[0]->bdf : c->logvf[0];
}

/*
 * Joined VF netdevs grouped by PCI function, for the summary:
 * "2 vPort netdevs of 7870:00:00.0 joined to e2, e3".
 */
#define MAX_GROUPS 16

struct join_groups {
	struct {
		char bdf[HVD_BDF_STRLEN + 1];
		struct sbuf syns;
		int n;
	} g[MAX_GROUPS];
	int count;
	int total;
};

static void groups_add(struct join_groups *jg, const char *bdf,
		       const char *syn)
{
	int i;

	jg->total++;
	for (i = 0; i < jg->count; i++)
		if (!strcmp(jg->g[i].bdf, bdf))
			break;
	if (i == jg->count) {
		if (jg->count >= MAX_GROUPS)
			return;
		hv_strlcpy(jg->g[i].bdf, bdf, sizeof(jg->g[i].bdf));
		sbuf_init(&jg->g[i].syns);
		jg->g[i].n = 0;
		jg->count++;
	}
	sbuf_addf(&jg->g[i].syns, "%s%s", jg->g[i].n ? ", " : "", syn);
	jg->g[i].n++;
}

/*
 * "4 VF netdevs joined to eth2 (2f81:00:02.0), eth3 (38d5:00:02.0), ...",
 * "2 vPort netdevs of 7870:00:00.0 joined to e2, e3" for a function that
 * serves several NICs, "4 VF netdevs joined to eth0, ..." when the log
 * does not tell the function.
 */
static void groups_summary(struct join_groups *jg, struct sbuf *out)
{
	struct sbuf singles;
	int i, ns = 0, parts = 0;

	if (jg->count > 6) {
		sbuf_addf(out, "%d VF netdevs of %d PCI functions joined to their synthetic NICs",
			  jg->total, jg->count);
		return;
	}
	sbuf_init(&singles);
	for (i = 0; i < jg->count; i++)
		if (jg->g[i].bdf[0] && jg->g[i].n == 1)
			sbuf_addf(&singles, "%s%s (%s)", ns++ ? ", " : "",
				  jg->g[i].syns.s, jg->g[i].bdf);
	if (ns)
		sbuf_addf(out, "%d VF netdev%s joined to %s", ns, ns > 1 ? "s" : "",
			  singles.s);
	parts = ns > 0;
	for (i = 0; i < jg->count; i++) {
		const char *sep = parts ? "; " : "";

		if (jg->g[i].bdf[0] && jg->g[i].n > 1)
			sbuf_addf(out, "%s%d vPort netdevs of %s joined to %s", sep,
				  jg->g[i].n, jg->g[i].bdf, jg->g[i].syns.s);
		else if (!jg->g[i].bdf[0])
			sbuf_addf(out, "%s%d VF netdev%s joined to %s", sep, jg->g[i].n,
				  jg->g[i].n > 1 ? "s" : "", jg->g[i].syns.s);
		else
			continue;
		parts++;
	}
	sbuf_free(&singles);
}

static void groups_free(struct join_groups *jg)
{
	int i;

	for (i = 0; i < jg->count; i++)
		sbuf_free(&jg->g[i].syns);
}

/*
 * The VF netdevs of the network data: those backed by a VF function, and
 * those the kernel log's netvsc lines name as a VF (an `ip addr` without
 * sysfs links tells no backing device).
 */
static int vf_netdev_list(const struct check_ctx *c, const struct nic_table *t,
			  const struct netdev **out, int max)
{
	int n = vf_netdevs(c, out, max), i, k;

	for (i = 0; t && i < t->count && n < max; i++) {
		const struct netdev *d = find_dev(c, t->n[i].vf);

		if (!d || net_is_synthetic(d))
			continue;
		for (k = 0; k < n; k++)
			if (out[k] == d)
				break;
		if (k == n)
			out[n++] = d;
	}
	return n;
}

/* The PCI function of a VF netdev, for grouping: its link, or the only VF. */
static const char *netdev_bdf(const struct check_ctx *c, const struct netdev *d)
{
	return d->pci[0] ? d->pci : only_vf(c);
}

/*
 * netvsc before transparent VF bonding (4.14 upstream; CentOS 7.3)
 * registers the VF ("VF registering", then "VF up", "Data path switched
 * to VF") but never joins it below the synthetic NIC: no "joined to".
 * Where bonding is transparent the two lines come together, so a log with
 * "VF registering" and no "joined to" is such a kernel (a log that starts
 * late shows neither). Its first "VF registering", or NULL.
 */
static const struct log_hit *pre_transparent(const struct check_ctx *c)
{
	const struct log_hits *j = log_event(c, EV_VF_JOINED);
	const struct log_hits *reg = log_event(c, EV_VF_REGISTERING);

	if (!reg || !reg->count || (j && j->count))
		return NULL;
	return &reg->hit[0];
}

/* Whether the log holds a "joined to" line at all. */
static int log_has_joined(const struct check_ctx *c)
{
	const struct log_hits *j = log_event(c, EV_VF_JOINED);

	return j && j->count;
}

/* From the network data: 1 decided, 0 nothing to judge there. */
static int bonded_from_net(const struct check_ctx *c, const struct nic_table *t,
			   struct result *r)
{
	const struct netdev *nd[64];
	struct join_groups jg;
	struct sbuf sum;
	int n, i, k, bad = 0, links = 0;

	n = vf_netdev_list(c, t, nd, 64);
	for (i = 0; i < c->g->net.n; i++)
		links += c->g->net.devs[i].pci[0] != 0;
	memset(&jg, 0, sizeof(jg));
	for (i = 0; i < n; i++) {
		const struct netdev *d = nd[i];
		const char *bdf = netdev_bdf(c, d);

		if (d->pairing == PAIR_MASTER || d->pairing == PAIR_LOWER ||
		    d->pairing == PAIR_SLAVE) {
			const struct netdev *m = find_dev(c, d->synthetic);

			result_evidence(r, "%s (VF%s%s) is below %s (%s%s%s)", d->name,
					bdf[0] ? " " : "", bdf, d->synthetic,
					net_pairing_str(d->pairing),
					m && m->driver[0] ? ", driver " : "",
					m && m->driver[0] ? m->driver : "");
			groups_add(&jg, bdf, d->synthetic);
		} else {
			const struct netdev *twin = net_twin(&c->g->net, d);

			bad++;
			if (twin)
				result_evidence(r, "%s (VF%s%s) has no master; %s has its MAC but is not its master",
						d->name, bdf[0] ? " " : "", bdf, twin->name);
			else
				result_evidence(r, "%s (VF%s%s) has no master", d->name,
						bdf[0] ? " " : "", bdf);
		}
	}
	/* with sysfs links, a VF function without any netdev is not joined */
	for (i = 0; links && i < c->nvf; i++) {
		const struct pcidev *v = c->vf[i];

		for (k = 0; k < n; k++)
			if (!strcmp(nd[k]->pci, v->bdf))
				break;
		if (k < n)
			continue;
		bad++;
		result_evidence(r, "%s has no netdev%s", v->bdf,
				(v->known & PK_DRIVER) && !v->driver[0] ?
				": no driver is bound (see pci.vf.driver)" : "");
	}
	if (!n && !bad) {
		groups_free(&jg);
		return 0;
	}
	sbuf_init(&sum);
	groups_summary(&jg, &sum);
	if (bad) {
		result_set(r, ST_FAIL, "%d VF netdev(s) or function(s) not joined to a synthetic NIC%s%s",
			   bad, jg.total ? "; " : "", sb(&sum));
		if (pre_transparent(c)) {
			evidence_hit(r, pre_transparent(c));
			result_evidence(r, "netvsc registered the VF but printed no \"joined to\": this kernel predates transparent VF bonding");
			result_from_kb(r, kb_find(c->kb, "netvsc.pre_transparent"));
		}
	} else {
		result_set(r, ST_PASS, "%s", sb(&sum));
	}
	sbuf_free(&sum);
	groups_free(&jg);
	return 1;
}

/* From the kernel log alone: 1 decided, 0 no pairing line. */
static int bonded_from_log(const struct check_ctx *c, const struct nic_table *t,
			   struct result *r)
{
	struct join_groups jg;
	struct sbuf sum;
	int i, bad = 0, warn = 0, seen = 0;

	memset(&jg, 0, sizeof(jg));
	for (i = 0; i < t->count; i++) {
		const struct nic_log *n = &t->n[i];
		const char *bdf = n->bdf[0] ? n->bdf : only_vf(c);
		const struct log_hit *back;

		if (!n->first_join && !n->last_rm && !n->last_from)
			continue;	/* a bare "VF slot N added" */
		seen++;
		if (n->last_rm && (!n->last_join || n->last_rm->lineno > n->last_join->lineno)) {
			evidence_hit(r, n->last_rm);
			back = reprobe_after(c, n->last_rm->lineno);
			if (back) {
				warn++;
				evidence_hit(r, back);
				result_evidence(r, "%s: its VF %s was removed at line %lu and probed again at line %lu; the log shows no re-join",
						n->syn, n->vf[0] ? n->vf : "?", n->last_rm->lineno,
						back->lineno);
			} else {
				bad++;
				result_evidence(r, "%s: its VF %s was removed at line %lu and not joined again",
						n->syn, n->vf[0] ? n->vf : "?", n->last_rm->lineno);
			}
			continue;
		}
		/* a slot added after the removal, with no join line since,
		 * is the only line left to show */
		evidence_hit(r, n->first_join ? n->first_join :
				n->last_from ? n->last_from : n->last_join);
		groups_add(&jg, bdf, n->syn);
	}
	if (!seen) {
		groups_free(&jg);
		return 0;
	}
	sbuf_init(&sum);
	groups_summary(&jg, &sum);
	if (bad)
		result_set(r, ST_FAIL, "%d synthetic NIC(s) lost their VF at the end of the log%s%s",
			   bad, jg.total ? "; " : "", sb(&sum));
	else if (warn) {
		result_set(r, ST_WARN, "%d VF(s) removed and probed again without a re-join in the log%s%s",
			   warn, jg.total ? "; " : "", sb(&sum));
		result_from_kb(r, kb_find(c->kb, "netvsc.rejoin_missing"));
	}
	else
		result_set(r, ST_PASS, "the kernel log shows %s%s", sb(&sum),
			   pre_transparent(c) ? " (netvsc before transparent bonding: VF registered, no \"joined to\")" :
			   !log_has_joined(c) ? " (netvsc's lines; no \"joined to\" in the log)" : "");
	if (t->overflow)
		result_evidence(r, "more than %d lines of a kind: only the first ones and the last are itemised",
				LOG_KEEP);
	sbuf_free(&sum);
	groups_free(&jg);
	return 1;
}

void check_net_bonded(const struct check_ctx *c, struct result *r)
{
	struct nic_table *t = NULL;
	int decided = 0;

	if (c->prof && !c->prof->netdev_driver) {
		result_set(r, ST_SKIP, "the profile expects no VF netdev");
		return;
	}
	if (c->g->log.part.state == PART_OK) {
		t = xcalloc(1, sizeof(*t));
		nic_table_build(c, t);
	}
	if (c->g->net.part.state == PART_OK)
		decided = bonded_from_net(c, t, r);
	if (!decided && t)
		decided = bonded_from_log(c, t, r);
	free(t);
	if (decided)
		return;
	if (c->g->log.part.state == PART_OK && c->prof && c->prof->netdev_driver &&
	    (c->nvf || c->nlogvf)) {
		int i, unbound = 0;

		for (i = 0; i < c->nvf; i++)
			if ((c->vf[i]->known & PK_DRIVER) && !c->vf[i]->driver[0]) {
				unbound++;
				result_evidence(r, "%s has no driver bound (see pci.vf.driver): no VF netdev can exist",
						c->vf[i]->bdf);
			}
		result_set(r, ST_FAIL, "no VF netdev is joined: %s",
			   unbound ? "the VF has no driver" :
			   "the kernel log has no \"joined to\", \"VF registering\", \"VF up\" or \"Data path switched to VF\" line");
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
	const struct netdev *nd[64];
	struct nic_table *t = NULL;
	int n, i, k, bad = 0, warn = 0, shared = 0;

	if (c->g->net.addr_part.state != PART_OK) {
		skip_part(r, &c->g->net.addr_part);
		return;
	}
	if (c->g->log.part.state == PART_OK) {
		t = xcalloc(1, sizeof(*t));
		nic_table_build(c, t);
	}
	n = vf_netdev_list(c, t, nd, 64);
	free(t);
	if (!n) {
		result_set(r, ST_SKIP, "no VF netdev found");
		return;
	}
	for (i = 0; i < n; i++) {
		const struct netdev *m = nd[i]->synthetic[0] &&
					 nd[i]->pairing != PAIR_MAC ?
					 find_dev(c, nd[i]->synthetic) : NULL;
		const char *bdf = netdev_bdf(c, nd[i]);

		for (k = 0; k < n; k++)
			if (k != i && nd[k]->pci[0] && !strcmp(nd[k]->pci, nd[i]->pci))
				break;
		shared += k < n;
		for (k = 0; k < nd[i]->naddrs; k++) {
			if (link_local(nd[i]->addrs[k])) {
				warn++;
				result_evidence(r, "%s (VF%s%s) has link-local %s: something configures it",
						nd[i]->name, bdf[0] ? " " : "", bdf, nd[i]->addrs[k]);
			} else {
				bad++;
				result_evidence(r, "%s (VF%s%s) has address %s", nd[i]->name,
						bdf[0] ? " " : "", bdf, nd[i]->addrs[k]);
			}
		}
		if (m) {
			int global = 0;

			for (k = 0; k < m->naddrs; k++)
				if (!link_local(m->addrs[k])) {
					global++;
					result_evidence(r, "%s (synthetic, of %s) has %s", m->name,
							nd[i]->name, m->addrs[k]);
				}
			if (!global) {
				warn++;
				result_evidence(r, "%s (synthetic, of %s) has no address", m->name,
						nd[i]->name);
			}
		}
		if (nd[i]->nm_unmanaged == 0) {
			warn++;
			result_evidence(r, "%s: %s does not mark the VF unmanaged (NM_UNMANAGED, ID_NET_MANAGED_BY)",
					nd[i]->name, nd[i]->udev_src);
		}
	}
	if (bad)
		result_set(r, ST_FAIL, "%d address(es) on a VF netdev; they belong on the synthetic NIC", bad);
	else if (warn)
		result_set(r, ST_WARN, "addresses placed right on %d VF netdev(s), with %d caution(s)",
			   n, warn);
	else if (shared)
		result_set(r, ST_PASS, "addresses on the synthetic NICs only (%d VF netdevs, %d of them vPorts sharing a PCI function)",
			   n, shared);
	else
		result_set(r, ST_PASS, "addresses on the synthetic NIC%s only (%d VF netdev%s)",
			   n > 1 ? "s" : "", n, n > 1 ? "s" : "");
}

/*
 * net.vf.flaps: the removals of each synthetic NIC's VF, in log order.
 * A removal starts at "Data path switched from VF", "VF unregistering" or
 * "VF slot N removed" and lasts until a pairing line or "VF slot N added"
 * (the lines of one servicing count once). Every removal warns; more than
 * flap-per-hour removals at a higher rate fail; a VF gone (unregistered,
 * slot removed) at the end of the log and never back fails: traffic is on
 * the synthetic path now. A data path switched away with the VF still
 * registered at the end only warns (an interface down, or a log that
 * stops there).
 */
enum flap_state { FS_UP, FS_SWITCHED, FS_GONE };

struct flap_nic {
	char syn[64];
	char vf[64];
	enum flap_state st;
	const struct log_hit *since;	/* the removal's first line */
};

void check_net_flaps(const struct check_ctx *c, struct result *r)
{
	int limit = c->prof ? c->prof->flap_per_hour : 10;
	struct flap_nic nic[MAX_NICS];
	struct vf_ev *ev = NULL;
	int nev, overflow, nn = 0, i, k, gone_end = 0, back_probe = 0;
	int switched_end = 0, shown = 0;
	unsigned long n = 0, n_gone = 0, back = 0;
	struct sbuf what;
	double first_ts = -1, last_ts = -1, span, rate;

	if (c->g->log.part.state != PART_OK) {
		skip_part(r, &c->g->log.part);
		return;
	}
	nev = vf_events(c, &ev, &overflow);
	for (i = 0; i < nev; i++) {
		const struct vf_ev *e = &ev[i];
		struct flap_nic *f = NULL;
		int removal = e->e == EV_DP_FROM_VF || e->e == EV_VF_UNREGISTERING ||
			      e->e == EV_VF_SLOT_REMOVED;

		for (k = 0; k < nn; k++)
			if (!strcmp(nic[k].syn, e->syn))
				f = &nic[k];
		if (!f) {
			if (nn >= MAX_NICS)
				continue;
			f = &nic[nn++];
			memset(f, 0, sizeof(*f));
			hv_strlcpy(f->syn, e->syn, sizeof(f->syn));
		}
		if (e->vf[0])
			hv_strlcpy(f->vf, e->vf, sizeof(f->vf));
		if (!removal) {
			if (f->st != FS_UP)
				back++;
			f->st = FS_UP;
			continue;
		}
		if (f->st == FS_UP) {
			/* a new removal: counted with its time */
			n++;
			f->since = e->h;
			if (e->h->has_ts) {
				if (first_ts < 0)
					first_ts = e->h->ts;
				last_ts = e->h->ts;
			}
			if (shown++ < 8)
				evidence_hit(r, e->h);
		}
		if (e->e != EV_DP_FROM_VF && f->st != FS_GONE) {
			n_gone++;
			f->st = FS_GONE;
		} else if (f->st == FS_UP) {
			f->st = FS_SWITCHED;
		}
	}
	free(ev);
	if (!n) {
		result_set(r, ST_PASS, "no VF removal in the log");
		return;
	}
	if (shown > 8)
		result_evidence(r, "(%d more removals)", shown - 8);
	if (overflow) {
		/* lines beyond the itemised ones: count removals from the
		 * totals (each removal prints at least one line of its kind) */
		const struct log_hits *from = log_event(c, EV_DP_FROM_VF);
		const struct log_hits *un = log_event(c, EV_VF_UNREGISTERING);
		const struct log_hits *sr = log_event(c, EV_VF_SLOT_REMOVED);
		const struct log_hits *kinds[3] = { from, un, sr };
		unsigned long gone = un->count > sr->count ? un->count : sr->count;
		unsigned long est = from->count > gone ? from->count : gone;

		for (k = 0; k < 3; k++) {
			if (!kinds[k]->count)
				continue;
			if (kinds[k]->first_ts >= 0 && (first_ts < 0 || kinds[k]->first_ts < first_ts))
				first_ts = kinds[k]->first_ts;
			if (kinds[k]->last_ts > last_ts)
				last_ts = kinds[k]->last_ts;
		}
		if (est > n) {
			back += est - n;	/* all but those still away came back */
			n = est;
		}
		if (gone > n_gone)
			n_gone = gone;
		result_evidence(r, "more than %d lines of a kind: %lu removals counted from the line totals, the end judged from the last lines",
				LOG_KEEP, n);
	}
	/* the end: a VF gone and never back */
	for (k = 0; k < nn; k++) {
		const struct log_hit *probe;

		if (nic[k].st == FS_SWITCHED) {
			switched_end++;
			result_evidence(r, "%s: data path switched away from %s at line %lu and not back by the end of the log (the VF is still registered)",
					nic[k].syn, nic[k].vf[0] ? nic[k].vf : "its VF",
					nic[k].since->lineno);
			continue;
		}
		if (nic[k].st != FS_GONE)
			continue;
		probe = reprobe_after(c, nic[k].since->lineno);
		if (probe) {
			back_probe++;
			evidence_hit(r, probe);
			result_evidence(r, "%s: its VF %s was removed at line %lu; the driver probed the function again at line %lu",
					nic[k].syn, nic[k].vf[0] ? nic[k].vf : "?",
					nic[k].since->lineno, probe->lineno);
			continue;
		}
		gone_end++;
		result_evidence(r, "%s: its VF %s was removed at line %lu and not added again: traffic is on the synthetic NIC",
				nic[k].syn, nic[k].vf[0] ? nic[k].vf : "?", nic[k].since->lineno);
	}
	span = first_ts >= 0 ? last_ts - first_ts : -1;
	rate = n > 1 && span > 0 ? (double)(n - 1) * 3600.0 / span : -1;
	/* what the removals were, for the summary */
	sbuf_init(&what);
	if (n - n_gone)
		sbuf_addf(&what, "%lu data-path switch%s away", n - n_gone,
			  n - n_gone > 1 ? "es" : "");
	if (n_gone)
		sbuf_addf(&what, "%s%lu with the VF unregistered", what.len ? ", " : "",
			  n_gone);
	sbuf_addf(&what, "; %lu back", back + back_probe);
	if (switched_end)
		sbuf_addf(&what, "; %d still switched away at the end", switched_end);
	if (gone_end) {
		result_set(r, ST_FAIL, "%d VF(s) removed and not added again by the end of the log (%lu removal%s: %s)",
			   gone_end, n, n > 1 ? "s" : "", what.s);
		result_from_kb(r, kb_find(c->kb, "netvsc.vf_gone"));
	} else if (rate >= 0 && rate > limit && (long)n > limit) {
		result_set(r, ST_FAIL, "%lu VF removals in %.0f s: %.1f per hour (threshold %d; %s)",
			   n, span, rate, limit, what.s);
	} else if (rate >= 0 && (long)n > limit) {
		result_set(r, ST_WARN, "%lu VF removals in %.0f s: %.1f per hour (threshold %d; %s)",
			   n, span, rate, limit, what.s);
	} else if (rate >= 0) {
		result_set(r, ST_WARN, "%lu VF removals in %.0f s (%s)", n, span, what.s);
	} else {
		result_set(r, ST_WARN, "%lu VF removal%s (%s)%s", n, n > 1 ? "s" : "", what.s,
			   (long)n <= limit ? "" : span < 0 ? "; no time stamps to judge the rate" :
			   "; all at one time stamp: no rate to judge");
	}
	/* only switches of the data path: not the host taking the VF away */
	if (r->status == ST_WARN)
		result_from_kb(r, kb_find(c->kb, n_gone ? "netvsc.vf_removed" : "netvsc.dp_switch"));
	sbuf_free(&what);
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
