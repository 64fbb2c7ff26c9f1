// SPDX-License-Identifier: GPL-2.0
/* driver.init.sequence, driver.errors */
#include "checks.h"
#include "util.h"

#include <stdio.h>
#include <string.h>

void check_driver_sequence(const struct check_ctx *c, struct result *r);
void check_driver_errors(const struct check_ctx *c, struct result *r);

static int pat_has_device(const struct sig_pat *p)
{
	int i;

	for (i = 0; i < p->nitems; i++)
		if (p->items[i].tok == SIG_BDF)
			return 1;
	return 0;
}

/*
 * The earliest hit of @h after line @after, of device @bdf (or of any
 * device when !@need_dev); NULL when none. Per device the first and the
 * last hit are known: the first when it lies after @after, else the last
 * when it does (a hit in between may be earlier, never later).
 */
static const struct log_hit *hit_after(const struct log_hits *h,
				       const char *bdf, int need_dev,
				       unsigned long after)
{
	const struct log_hit *best = NULL, *x;
	int k;

	for (k = 0; h && k < h->kept; k++) {
		if (need_dev && strcmp(h->hit[k].dev, bdf))
			continue;
		x = h->hit[k].lineno > after ? &h->hit[k] :
		    h->dlast[k].lineno > after ? &h->dlast[k] : NULL;
		if (x && (!best || x->lineno < best->lineno))
			best = x;
	}
	return best;
}

/* The KB entry (scope vf) whose line the log shows for @bdf, if any. */
static const struct kb_entry *vf_failure(const struct check_ctx *c,
					 const char *bdf,
					 const struct log_hit **line)
{
	int i, k, j;

	for (i = 0; c->kb && i < c->kb->n; i++) {
		const struct kb_entry *e = &c->kb->e[i];

		if (e->scope != KB_SCOPE_VF)
			continue;
		for (k = 0; k < e->match.n; k++) {
			const struct log_hits *h = log_pat(c, e->match.cat[k]);

			for (j = 0; h && j < h->kept; j++)
				if (!h->hit[j].dev[0] || !strcmp(h->hit[j].dev, bdf)) {
					*line = &h->hit[j];
					return e;
				}
		}
	}
	return NULL;
}

/* The earliest hit of any alternative of step @st after line @after. */
static const struct log_hit *step_hit(const struct check_ctx *c,
				      const struct profile *p,
				      const struct prof_step *st,
				      const char *bdf, unsigned long after)
{
	const struct log_hit *best = NULL, *x;
	int a;

	for (a = st->first; a < st->first + st->n; a++) {
		x = hit_after(log_pat(c, p->sig.cat[a]), bdf,
			      pat_has_device(&p->sig.pat[a]), after);
		if (x && (!best || x->lineno < best->lineno))
			best = x;
	}
	return best;
}

/* Per VF: its verdict, and the summary line of a failure. */
struct vf_seq {
	enum status st;
	int found, optional_absent;
	char msg[400];
};

static void judge_vf(const struct check_ctx *c, const struct profile *p,
		     const char *bdf, struct result *r, struct vf_seq *v)
{
	unsigned long after = 0;
	int s;

	memset(v, 0, sizeof(*v));
	v->st = ST_PASS;
	for (s = 0; s < p->nsteps; s++) {
		const struct prof_step *st = &p->steps[s];
		const struct log_hit *hit = step_hit(c, p, st, bdf, after);

		if (hit) {
			evidence_hit(r, hit);
			after = hit->lineno;
			v->found++;
			continue;
		}
		if (st->optional) {
			v->optional_absent++;
			continue;
		}
		v->st = ST_FAIL;
		snprintf(v->msg, sizeof(v->msg), "%s: step %d of %d %s: %s", bdf,
			 s + 1, p->nsteps,
			 step_hit(c, p, st, bdf, 0) ? "out of order" : "missing",
			 st->src);
		return;
	}
}

void check_driver_sequence(const struct check_ctx *c, struct result *r)
{
	const struct profile *p = c->prof;
	int i, s, n, bad = 0, opt = 0;

	if (!p || !p->nsteps) {
		result_set(r, ST_SKIP, "the profile has no kernel-log signature");
		return;
	}
	if (c->g->log.part.state != PART_OK) {
		skip_part(r, &c->g->log.part);
		return;
	}
	n = c->nvf ? c->nvf : c->nlogvf;
	if (!n) {
		for (s = 0; s < p->nsteps - 1 && p->steps[s].optional; s++)
			;
		result_set(r, ST_FAIL, "signature step %d never appears: %s", s + 1,
			   p->steps[s].src);
		return;
	}
	for (i = 0; i < n; i++) {
		const char *bdf = c->nvf ? c->vf[i]->bdf : c->logvf[i];
		struct vf_seq v;

		judge_vf(c, p, bdf, r, &v);
		opt += v.optional_absent;
		if (v.st != ST_FAIL)
			continue;
		bad++;
		if (bad == 1) {
			const struct log_hit *why = NULL;
			const struct kb_entry *e = vf_failure(c, bdf, &why);

			result_set(r, ST_FAIL, "%s", v.msg);
			if (e) {
				evidence_hit(r, why);
				result_from_kb(r, e);
			}
		}
	}
	if (bad)
		return;
	if (opt)
		result_set(r, ST_PASS, "the %d signature steps in order for %d VF(s) (%d optional line(s) not printed by this kernel)",
			   p->nsteps, n, opt);
	else
		result_set(r, ST_PASS, "all %d signature steps in order for %d VF(s)",
			   p->nsteps, n);
}

static int in_scope(const struct check_ctx *c, const struct kb_entry *e,
		    const struct log_hit *h)
{
	if (e->scope != KB_SCOPE_VF || !h->dev[0])
		return 1;
	if (!c->nvf && !c->nlogvf)
		return 1;
	return vf_names_dev(c, h->dev);
}

void check_driver_errors(const struct check_ctx *c, struct result *r)
{
	const struct kb_entry *first = NULL;
	int i, k, j, nfail = 0, nwarn = 0;
	struct sbuf ids;

	if (c->g->log.part.state != PART_OK) {
		skip_part(r, &c->g->log.part);
		return;
	}
	sbuf_init(&ids);
	for (i = 0; c->kb && i < c->kb->n; i++) {
		const struct kb_entry *e = &c->kb->e[i];
		const struct log_hit *seen = NULL;
		unsigned long count = 0, after = 0;

		/* an entry with "after" lines counts only past the first of them */
		if (e->after.n) {
			after = (unsigned long)-1;
			for (k = 0; k < e->after.n; k++) {
				const struct log_hits *h = log_pat(c, e->after.cat[k]);

				if (h && h->count && h->hit[0].lineno < after)
					after = h->hit[0].lineno;
			}
		}
		for (k = 0; k < e->match.n; k++) {
			const struct log_hits *h = log_pat(c, e->match.cat[k]);

			for (j = 0; h && j < h->kept; j++) {
				const struct log_hit *x = h->hit[j].lineno > after ?
					&h->hit[j] : h->dlast[j].lineno > after ?
					&h->dlast[j] : NULL;

				if (!x || !in_scope(c, e, x))
					continue;
				if (!seen || x->lineno < seen->lineno)
					seen = x;
				count++;
			}
		}
		if (!seen)
			continue;
		evidence_hit(r, seen);
		if (e->fail)
			nfail++;
		else
			nwarn++;
		sbuf_addf(&ids, "%s%s", ids.len ? ", " : "", e->id);
		if (!first || (e->fail && !first->fail))
			first = e;
	}
	if (c->prof)
		for (k = 0; k < c->prof->forbid.n; k++) {
			const struct log_hits *h = log_pat(c, c->prof->forbid.cat[k]);

			if (h && h->count) {
				evidence_hit(r, &h->hit[0]);
				nfail++;
				sbuf_addf(&ids, "%sforbidden: %s", ids.len ? ", " : "",
					  c->prof->forbid.pat[k].src);
			}
		}
	if (nfail)
		result_set(r, ST_FAIL, "known failure(s) in the kernel log: %s", ids.s);
	else if (nwarn)
		result_set(r, ST_WARN, "known warning(s) in the kernel log: %s", ids.s);
	else
		result_set(r, ST_PASS, "no known-bad line in %lu log lines",
			   c->g->log.lines);
	if (first)
		result_from_kb(r, first);
	sbuf_free(&ids);
}
