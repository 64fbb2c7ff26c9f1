// SPDX-License-Identifier: GPL-2.0
/*
 * What the HTML page draws besides the results, taken from the model once
 * the checks have run: each VF's device chain (vmbus channel, PCI
 * function, driver, VF netdev, synthetic NIC, addresses) and the kernel
 * log's VF events in file order. Facts only: which check judged what is
 * the renderer's legend, and the judgement stays in the results.
 */
#include "checks/checks.h"
#include "model/log_model.h"
#include "base/util.h"
#include "profile/vf_events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- chains ---- */

static struct report_chain *chain_add(struct report *rep, const char *vf)
{
	struct report_chain *ch;

	if (rep->nchains >= REPORT_MAX_CHAINS) {
		rep->chains_left++;
		return NULL;
	}
	rep->chains = xrealloc(rep->chains,
			       (size_t)(rep->nchains + 1) * sizeof(*rep->chains));
	ch = &rep->chains[rep->nchains++];
	memset(ch, 0, sizeof(*ch));
	hv_strlcpy(ch->vf, vf, sizeof(ch->vf));
	return ch;
}

static const struct netdev *netdev_named(const struct net_model *m,
					 const char *name)
{
	int i;

	for (i = 0; name[0] && i < m->n; i++)
		if (!strcmp(m->devs[i].name, name))
			return &m->devs[i];
	return NULL;
}

/* The synthetic NIC's addresses, and the VF's own when it has any. */
static void chain_addrs(struct report_chain *ch, const struct net_model *m,
			const struct netdev *vf)
{
	const struct netdev *syn = netdev_named(m, ch->name[CN_SYNTH]);
	const struct netdev *d = syn && syn->naddrs ? syn : vf;

	if (m->addr_part.state != PART_OK || !d || !d->naddrs)
		return;
	hv_strlcpy(ch->name[CN_ADDR], d->addrs[0], sizeof(ch->name[CN_ADDR]));
	snprintf(ch->detail[CN_ADDR], sizeof(ch->detail[CN_ADDR]),
		 "%d address(es) on %s%s", d->naddrs, d->name,
		 d == vf ? " (the VF netdev)" : "");
}

/* Whether a kept line names @bdf with netdev @name after it ("mana
 * 7870:00:00.0 vf_eth0: Configured vPort 0"). */
static int log_names_netdev(const struct log_model *m, const char *bdf,
			    const char *name)
{
	char key[128];
	int p, k;

	snprintf(key, sizeof(key), "%s %s:", bdf, name);
	for (p = 0; p < m->npat; p++) {
		const struct log_hits *h = &m->hits[p];

		for (k = 0; k < h->nseq; k++)
			if (h->seq[k].text && strstr(h->seq[k].text, key))
				return 1;
	}
	return 0;
}

/*
 * Rows of one VF from the log: its join lines ("DRV BDF VF: joined to
 * SYN"), else netvsc's lines naming a VF netdev ("SYN: Data path switched
 * to VF: VF", "VF registering: VF") that is this VF's: the only VF, or one
 * a line of the VF's driver names after its address.
 */
static int chains_from_log(struct report *rep, const struct check_ctx *c,
			   const struct report_chain *base)
{
	static const enum event ev[] = { EV_VF_JOINED, EV_VF_REGISTERING, EV_DP_TO_VF };
	char seen[16][2][64];
	int nseen = 0, i, k, s;

	for (i = 0; i < (int)ARRAY_SIZE(ev) && (!nseen || ev[i] == EV_VF_JOINED); i++) {
		const struct log_hits *h = log_event(c, ev[i]);

		for (k = 0; h && k < h->nseq; k++) {
			const struct log_hit *hit = &h->seq[k];
			char syn[64], vf[64];
			struct report_chain *ch;

			if (event_nics(ev[i], hit->text, syn, sizeof(syn), vf, sizeof(vf)) ||
			    !vf[0])
				continue;
			if (ev[i] == EV_VF_JOINED ? strcmp(hit->dev, base->vf) :
			    c->npicks > 1 && !log_names_netdev(&c->g->log, base->vf, vf))
				continue;
			for (s = 0; s < nseen; s++)
				if (!strcmp(seen[s][0], vf) && !strcmp(seen[s][1], syn))
					break;
			if (s < nseen || nseen == (int)ARRAY_SIZE(seen))
				continue;
			hv_strlcpy(seen[nseen][0], vf, sizeof(seen[0][0]));
			hv_strlcpy(seen[nseen++][1], syn, sizeof(seen[0][1]));
			ch = chain_add(rep, base->vf);
			if (!ch)
				return nseen;
			*ch = *base;
			hv_strlcpy(ch->name[CN_VFNET], vf, sizeof(ch->name[CN_VFNET]));
			snprintf(ch->detail[CN_VFNET], sizeof(ch->detail[CN_VFNET]),
				 "from log line %lu", hit->lineno);
			hv_strlcpy(ch->name[CN_SYNTH], syn, sizeof(ch->name[CN_SYNTH]));
			snprintf(ch->detail[CN_SYNTH], sizeof(ch->detail[CN_SYNTH]),
				 "%s", ev[i] == EV_VF_JOINED ? "joined, by the log" :
				 "took the VF, by the log");
		}
	}
	return nseen;
}

static void chains_of_pick(struct report *rep, const struct check_ctx *c,
			   const struct vf_pick *p)
{
	const struct net_model *net = &c->g->net;
	const struct pcidev *d = p->dev;
	struct report_chain base, *ch;
	char guid[40];
	int i, rows = 0;

	memset(&base, 0, sizeof(base));
	hv_strlcpy(base.vf, p->bdf, sizeof(base.vf));
	if (!vf_vmbus_guid(c, d, p->bdf, guid, sizeof(guid))) {
		hv_strlcpy(base.name[CN_VMBUS], guid, sizeof(base.name[CN_VMBUS]));
		hv_strlcpy(base.detail[CN_VMBUS], "hv_pci instance",
			   sizeof(base.detail[CN_VMBUS]));
	}
	hv_strlcpy(base.name[CN_PCI], p->bdf, sizeof(base.name[CN_PCI]));
	if (d && (d->known & PK_IDS))
		snprintf(base.detail[CN_PCI], sizeof(base.detail[CN_PCI]),
			 "%04x:%04x%s%.100s", d->vendor, d->device,
			 d->name[0] ? " " : "", d->name);
	else
		hv_strlcpy(base.detail[CN_PCI], d ? "ids unknown" : "named by the kernel log",
			   sizeof(base.detail[CN_PCI]));
	if (d && (d->known & PK_DRIVER)) {
		hv_strlcpy(base.name[CN_DRIVER], d->driver[0] ? d->driver : "none",
			   sizeof(base.name[CN_DRIVER]));
		hv_strlcpy(base.detail[CN_DRIVER], "bound driver",
			   sizeof(base.detail[CN_DRIVER]));
	} else if (p->prof && p->prof->driver) {
		hv_strlcpy(base.name[CN_DRIVER], p->prof->driver,
			   sizeof(base.name[CN_DRIVER]));
		hv_strlcpy(base.detail[CN_DRIVER], "the profile's driver (binding unknown)",
			   sizeof(base.detail[CN_DRIVER]));
	}
	if (p->prof)
		snprintf(base.detail[CN_DRIVER] + strlen(base.detail[CN_DRIVER]),
			 sizeof(base.detail[CN_DRIVER]) - strlen(base.detail[CN_DRIVER]),
			 "; profile %s", p->prof->name);

	/* one row per netdev the function backs (MANA: one per vPort) */
	for (i = 0; i < net->n; i++) {
		const struct netdev *n = &net->devs[i];

		if (strcmp(n->pci, p->bdf) || !(ch = chain_add(rep, p->bdf)))
			continue;
		rows++;
		*ch = base;
		hv_strlcpy(ch->name[CN_VFNET], n->name, sizeof(ch->name[CN_VFNET]));
		snprintf(ch->detail[CN_VFNET], sizeof(ch->detail[CN_VFNET]),
			 "%s%s%s", n->mac, n->driver[0] ? " " : "", n->driver);
		if (n->synthetic[0] || n->master[0]) {
			hv_strlcpy(ch->name[CN_SYNTH], n->synthetic[0] ? n->synthetic : n->master,
				   sizeof(ch->name[CN_SYNTH]));
			hv_strlcpy(ch->detail[CN_SYNTH],
				   n->pairing == PAIR_MAC ? "same MAC, not joined" : "paired",
				   sizeof(ch->detail[CN_SYNTH]));
		}
		chain_addrs(ch, net, n);
	}
	if (!rows)
		rows = chains_from_log(rep, c, &base);
	if (!rows && (ch = chain_add(rep, p->bdf)))
		*ch = base;
}

/* ---- events ---- */

/* The timeline's lane of each role of the event list (vf_events.h). */
static enum vf_ev_kind role_lane(const char *role)
{
	static const struct {
		enum vf_role role;
		enum vf_ev_kind kind;
	} map[] = {
		{ VFR_OFFERED, VEV_OFFERED },
		{ VFR_REMOVED, VEV_REMOVED },
		{ VFR_READDED, VEV_READDED },
		{ VFR_DP_TO_VF, VEV_SWITCHED },
		{ VFR_DP_FROM_VF, VEV_SWITCHED },
		{ VFR_BRINGUP_DONE, VEV_UP },
		{ VFR_BRINGUP_FAILED, VEV_FAILED },
		{ VFR_BRINGUP_INCOMPLETE, VEV_FAILED },
		{ VFR_KNOWN_FAILURE, VEV_KNOWN },
		{ VFR_CRASH, VEV_OOPS },
		{ VFR_LOST, VEV_LOST },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(role, vf_role_name(map[i].role)))
			return map[i].kind;
	return VEV_KNOWN;
}

/* The model's VF event list (vf_events.c), copied into the report. */
void report_events(struct report *rep, const struct vf_event_list *l)
{
	static const enum status verdict[] = {
		[VFV_INFO] = ST_SKIP, [VFV_PASS] = ST_PASS,
		[VFV_WARN] = ST_WARN, [VFV_FAIL] = ST_FAIL,
	};
	int i;

	if (l->part.state != PART_OK)
		return;
	rep->events = xcalloc((size_t)(l->n ? l->n : 1), sizeof(*rep->events));
	for (i = 0; i < l->n; i++) {
		const struct vf_event *v = &l->v[i];
		struct report_event *e = &rep->events[i];

		e->kind = role_lane(v->role);
		e->verdict = verdict[v->verdict];
		e->lineno = v->seq;
		e->ts = v->ts;
		e->has_ts = v->has_ts;
		hv_strlcpy(e->id, v->id, sizeof(e->id));
		hv_strlcpy(e->title, v->title, sizeof(e->title));
		hv_strlcpy(e->dev, v->bdf[0] ? v->bdf : v->dev, sizeof(e->dev));
		hv_strlcpy(e->detail, v->detail, sizeof(e->detail));
		e->text = xstrdup(v->evidence);
	}
	rep->nevents = l->n;
	rep->events_left = l->dropped;
}

void report_view(struct report *rep, const struct check_ctx *c)
{
	const struct log_model *m = &c->g->log;
	int i;

	for (i = 0; i < c->npicks; i++)
		chains_of_pick(rep, c, &c->picks[i]);
	if (m->part.state != PART_OK)
		return;
	rep->log_lines = m->lines;
	if (m->shape.has_first_ts && m->has_last_ts) {
		rep->log_has_ts = 1;
		rep->log_first_ts = m->shape.first_ts;
		rep->log_last_ts = m->last_ts;
	}
	report_events(rep, &c->g->vfev);
}
