// SPDX-License-Identifier: GPL-2.0
/* The check registry, profile choice and helpers the checks share. */
#include "checks/checks.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct log_hits *log_pat(const struct check_ctx *c, int idx)
{
	const struct log_model *m = &c->g->log;

	if (m->part.state != PART_OK || idx < 0 || idx >= m->npat)
		return NULL;
	return &m->hits[idx];
}

const struct log_hits *log_event(const struct check_ctx *c, enum event e)
{
	return log_pat(c, (int)e);	/* events come first in the catalogue */
}

void evidence_hit(struct result *r, const struct log_hit *h)
{
	if (h->has_ts)
		result_evidence(r, "log:%lu: [%12.6f] %s", h->lineno, h->ts,
				h->text);
	else
		result_evidence(r, "log:%lu: %s", h->lineno, h->text);
}

void skip_part(struct result *r, const struct part *p)
{
	result_set(r, ST_SKIP, "%s", p->why[0] ? p->why : "input not available");
}

int vf_names_dev(const struct check_ctx *c, const char *dev)
{
	int i;

	for (i = 0; i < c->npicks; i++)
		if (c->picks[i].prof && !strcmp(c->picks[i].bdf, dev))
			return 1;
	for (i = 0; i < c->nvf; i++)
		if (!strcmp(c->vf[i]->bdf, dev))
			return 1;
	for (i = 0; i < c->nlogvf; i++)
		if (!strcmp(c->logvf[i], dev))
			return 1;
	return 0;
}

void result_from_kb(struct result *r, const struct kb_entry *e)
{
	if (!e)
		return;
	hv_strlcpy(r->kb_id, e->id, sizeof(r->kb_id));
	hv_strlcpy(r->cause, e->cause, sizeof(r->cause));
	/* a family's remedy says whose it is: "mana: modprobe mana" */
	if (e->family)
		snprintf(r->remedy, sizeof(r->remedy), "%s: %s", e->family, e->remedy);
	else
		hv_strlcpy(r->remedy, e->remedy, sizeof(r->remedy));
	if (e->patch)
		hv_strlcpy(r->patch, e->patch, sizeof(r->patch));
}

/*
 * The record for check @id: the one of the profile's family first, else
 * one for every family; never another family's (no mlx4 remedy on a MANA
 * VF).
 */
const struct kb_entry *kb_for_check(const struct check_ctx *c, const char *id)
{
	return kb_for_check_family(c, id, c->prof ? c->prof->family : NULL);
}

/* The same for a VF of family @fam (a guest may hold several families). */
const struct kb_entry *kb_for_check_family(const struct check_ctx *c,
					   const char *id, const char *fam)
{
	const struct kb_entry *any = NULL;
	int i;

	for (i = 0; c->kb && i < c->kb->n; i++) {
		const struct kb_entry *e = &c->kb->e[i];

		if (!e->check || strcmp(e->check, id) || !kb_for_family(e, fam))
			continue;
		if (e->family)
			return e;
		if (!any)
			any = e;
	}
	return any;
}

int vf_netdevs(const struct check_ctx *c, const struct netdev **out, int max)
{
	const struct net_model *m = &c->g->net;
	int i, n = 0;

	for (i = 0; i < m->n && n < max; i++)
		if (m->devs[i].pci[0] && vf_names_dev(c, m->devs[i].pci))
			out[n++] = &m->devs[i];
	/* Without sysfs links: the profile's netdev driver or SLAVE flag. */
	if (!n)
		for (i = 0; i < m->n && n < max; i++) {
			const struct netdev *d = &m->devs[i];

			if ((c->prof && c->prof->netdev_driver && d->driver[0] &&
			     !strcmp(d->driver, c->prof->netdev_driver)) ||
			    (!d->driver[0] && d->flags >= 0 && (d->flags & NETDEV_IFF_SLAVE) &&
			     (d->master[0] || d->pairing == PAIR_SLAVE)))
				out[n++] = d;
		}
	return n;
}

void check_ctx_init(struct check_ctx *c, const struct guest *g,
		    const struct profile_choice *pc, const struct kb *kb,
		    const struct catalog *cat)
{
	const struct profile *p = pc->prof;
	int i;

	memset(c, 0, sizeof(*c));
	c->g = g;
	c->picks = pc->picks;
	c->npicks = pc->npicks;
	c->prof = p;
	c->prof_given = pc->given;
	c->hyperv = guest_hyperv(g);
	c->kb = kb;
	c->cat = cat;
	if (!p)
		return;
	for (i = 0; i < pc->npicks; i++) {
		const struct vf_pick *v = &pc->picks[i];

		if (v->prof != p)
			continue;
		if (v->dev && c->nvf < MAX_VFS)
			c->vf[c->nvf++] = v->dev;
		else if (!v->dev && !c->nvf && c->nlogvf < MAX_VFS)
			hv_strlcpy(c->logvf[c->nlogvf++], v->bdf, sizeof(c->logvf[0]));
		else
			c->vf_over++;
	}
}

static int group_in(const char *only, const char *group)
{
	const char *p = only;
	size_t gl = strlen(group);

	if (!only)
		return 1;
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n == gl && !strncmp(p, group, n))
			return 1;
		p += n;
		if (*p)
			p++;
	}
	return 0;
}

int checks_valid_groups(const char *only, char *bad, size_t n)
{
	const char *p = only;

	while (*p) {
		size_t len = strcspn(p, ",");
		int i, ok = 0;

		for (i = 0; i < nchecks; i++)
			if (strlen(checks[i].group) == len &&
			    !strncmp(p, checks[i].group, len))
				ok = 1;
		if (!ok) {
			snprintf(bad, n, "%.*s", (int)(len > 40 ? 40 : len), p);
			return 0;
		}
		p += len;
		if (*p)
			p++;
	}
	return 1;
}

int not_hyperv(const struct check_ctx *c)
{
	return c->hyperv == 0 && !(c->prof && c->prof->platform_any);
}

int run_checks(const struct check_ctx *c, const char *only,
	       struct report *rep)
{
	int i;

	if (not_hyperv(c)) {
		rep->not_applicable = 1;
		snprintf(rep->not_applicable_why, sizeof(rep->not_applicable_why),
			 "not a Hyper-V guest (%s)", c->g->platform.evidence);
	}
	rep->r = xcalloc((size_t)nchecks, sizeof(*rep->r));
	rep->n = 0;
	for (i = 0; i < nchecks; i++) {
		struct result *r;

		if (!group_in(only, checks[i].group))
			continue;
		r = &rep->r[rep->n++];
		r->id = checks[i].id;
		r->title = checks[i].title;
		r->status = ST_SKIP;
		if (rep->not_applicable && strcmp(checks[i].id, "platform.hyperv")) {
			result_set(r, ST_SKIP, "not a Hyper-V guest");
			continue;
		}
		checks[i].run(c, r);
		if (result_is_problem(r) && !r->remedy[0])
			result_from_kb(r, kb_for_check(c, r->id));
	}
	return rep->n;
}
