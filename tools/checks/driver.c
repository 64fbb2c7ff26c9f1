// SPDX-License-Identifier: GPL-2.0
/* driver.init.sequence, driver.errors */
#include "checks/checks.h"
#include "model/log_model.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void check_driver_sequence(const struct check_ctx *c, struct result *r);
void check_driver_errors(const struct check_ctx *c, struct result *r);

/* The KB entry (scope vf) whose line the log shows for @bdf, if any. */
static const struct kb_entry *vf_failure(const struct check_ctx *c,
					 const char *bdf,
					 const struct log_hit **line)
{
	int i, k, j;

	for (i = 0; c->kb && i < c->kb->n; i++) {
		const struct kb_entry *e = &c->kb->e[i];

		if (e->scope != KB_SCOPE_VF || e->info)
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

/* Per VF: its verdict, and the summary line of anything but a pass. */
struct vf_seq {
	enum status st;
	int optional_absent;	/* debug-level lines this kernel did not print */
	int before_log;		/* steps before the first line of the log */
	int hidden;		/* steps a filtered log cannot show */
	char msg[400];
};

/* Why the log may not show a VF's bring-up: "" when it starts at boot. */
static void partial_why(const struct log_model *m, char *buf, size_t n)
{
	const struct klog_shape *sh = &m->shape;

	buf[0] = '\0';
	if (sh->nfilter == 2)
		snprintf(buf, n, "it looks filtered: every line holds '%s' or '%s'",
			 sh->filter[0], sh->filter[1]);
	else if (sh->nfilter)
		snprintf(buf, n, "it looks filtered: every line holds '%s'",
			 sh->filter[0]);
	else if (!sh->boot && sh->has_first_ts)
		snprintf(buf, n, "it has no boot lines and starts at %.3f s",
			 sh->first_ts);
	else if (!sh->boot)
		snprintf(buf, n, "it has no boot lines (no 'Linux version')");
}

/* Case-blind: whether @hay holds @w. */
static int holds_word(const char *hay, const char *w)
{
	size_t n = strlen(w);

	for (; *hay; hay++)
		if (!strncasecmp(hay, w, n))
			return 1;
	return 0;
}

/* Whether a log filtered by the shape's words can hold a line of @st. */
static int step_visible(const struct profile *p, const struct prof_step *st,
			const struct klog_shape *sh)
{
	int a, i, w;

	if (!sh->nfilter)
		return 1;
	for (a = st->first; a < st->first + st->n; a++) {
		const struct sig_pat *pat = &p->sig.pat[a];

		for (i = 0; i < pat->nitems; i++)
			for (w = 0; pat->items[i].tok == SIG_LIT && w < sh->nfilter; w++)
				if (holds_word(pat->items[i].lit, sh->filter[w]))
					return 1;
	}
	return 0;
}

/*
 * The log ends right after @hit: less than 10 s later by the timestamps,
 * or, without them, fewer than 20 lines later.
 */
static int ends_soon(const struct log_model *m, const struct log_hit *hit,
		     char *buf, size_t n)
{
	unsigned long after = m->lines - hit->lineno;

	if (hit->has_ts && m->has_last_ts) {
		if (m->last_ts - hit->ts >= 10.0)
			return 0;
		snprintf(buf, n, "%.1f s", m->last_ts - hit->ts);
		return 1;
	}
	if (after < 20) {
		snprintf(buf, n, "%lu line(s)", after);
		return 1;
	}
	return 0;
}

static void judge_vf(const struct check_ctx *c, const struct profile *p,
		     const char *bdf, struct result *r, struct vf_seq *v)
{
	const struct log_model *m = &c->g->log;
	struct step_seen *seen = xcalloc((size_t)p->nsteps, sizeof(*seen));
	const struct log_hit *last = NULL, *fail = NULL;
	int s, k, miss, first = -1;
	char why[200], soon[40];

	memset(v, 0, sizeof(*v));
	v->st = ST_PASS;
	profile_walk(p, m, bdf, seen, &miss);
	partial_why(m, why, sizeof(why));
	if (!profile_vf_line(p, m, bdf) && why[0]) {
		/* a missing first step is evidence only in a log of the bring-up */
		v->st = ST_SKIP;
		snprintf(v->msg, sizeof(v->msg),
			 "%s: the kernel log holds no line of %s naming it; %s",
			 bdf, p->driver ? p->driver : p->name, why);
		free(seen);
		return;
	}
	for (s = 0; s < p->nsteps && first < 0; s++)
		if (seen[s].hit)
			first = s;
	/* a known failure of the VF explains a missing step: no excuses */
	vf_failure(c, bdf, &fail);
	for (s = 0; s < p->nsteps; s++) {
		int later = 0;

		if (seen[s].hit) {
			evidence_hit(r, seen[s].hit);
			last = seen[s].hit;
			continue;
		}
		if (p->steps[s].optional) {
			v->optional_absent++;
			continue;
		}
		if (!m->shape.boot && (first < 0 || s < first)) {
			v->before_log++;	/* printed before the log starts */
			continue;
		}
		if (!fail && !step_visible(p, &p->steps[s], &m->shape)) {
			v->hidden++;
			continue;
		}
		for (k = s + 1; k < p->nsteps && !later; k++)
			later = seen[k].hit != NULL;
		if (!later && last && !fail && ends_soon(m, last, soon, sizeof(soon))) {
			v->st = ST_WARN;
			snprintf(v->msg, sizeof(v->msg),
				 "%s: the log ends %s after step %d; step %d of %d not seen: %s",
				 bdf, soon, s, s + 1, p->nsteps, p->steps[s].src);
			break;
		}
		v->st = ST_FAIL;
		snprintf(v->msg, sizeof(v->msg), "%s: step %d of %d %s: %s", bdf,
			 s + 1, p->nsteps,
			 seen[s].anywhere ? "out of order" : "missing",
			 p->steps[s].src);
		break;
	}
	if (v->st == ST_PASS && first < 0) {
		/* nothing of the bring-up, and nothing the log could show */
		v->st = ST_SKIP;
		snprintf(v->msg, sizeof(v->msg),
			 "%s: the kernel log holds none of %s's bring-up lines; %s",
			 bdf, p->name, why[0] ? why : "they are all optional");
	}
	(void)miss;
	free(seen);
}

static int rank(enum status st)
{
	return st == ST_FAIL ? 3 : st == ST_WARN ? 2 : st == ST_PASS ? 1 : 0;
}

void check_driver_sequence(const struct check_ctx *c, struct result *r)
{
	const struct profile *p = c->prof;
	const struct profile *names[8];
	const struct vf_pick *worst_vf = NULL;
	struct vf_seq worst;
	int i, s, n = 0, opt = 0, nprof = 0, steps = 0, skipped = 0, hidden = 0;
	int before = 0, nbad = 0;

	if (c->g->log.part.state != PART_OK) {
		skip_part(r, &c->g->log.part);
		return;
	}
	if (!c->npicks && p && p->nsteps && !c->prof_given) {
		result_set(r, ST_SKIP, "no VF of %s named in the PCI data or the kernel log",
			   p->name);
		return;
	}
	if (!c->npicks && p && p->nsteps) {
		/* a profile given for a guest that shows none of its VFs */
		for (s = 0; s < p->nsteps - 1 && p->steps[s].optional; s++)
			;
		result_set(r, ST_FAIL, "signature step %d never appears: %s", s + 1,
			   p->steps[s].src);
		return;
	}
	memset(&worst, 0, sizeof(worst));
	worst.st = ST_SKIP;
	for (i = 0; i < c->npicks; i++) {
		const struct vf_pick *v = &c->picks[i];
		struct vf_seq q;
		int k;

		if (!v->prof || !v->prof->nsteps)
			continue;
		n++;
		for (k = 0; k < nprof && names[k] != v->prof; k++)
			;
		if (k == nprof && nprof < (int)ARRAY_SIZE(names)) {
			names[nprof++] = v->prof;
			steps += v->prof->nsteps;
		}
		judge_vf(c, v->prof, v->bdf, r, &q);
		opt += q.optional_absent;
		hidden += q.hidden;
		before += q.before_log;
		if (q.st == ST_SKIP) {
			skipped++;
			if (worst.st == ST_SKIP && !worst.msg[0])
				worst = q;
			continue;
		}
		if (q.st == ST_FAIL || q.st == ST_WARN)
			nbad++;
		if (rank(q.st) > rank(worst.st) || (worst.st == ST_SKIP && q.st == ST_PASS)) {
			worst = q;
			worst_vf = v;
		}
	}
	if (!n) {
		result_set(r, ST_SKIP, c->npicks ?
			   "no profile with a kernel-log signature fits the VF(s)" :
			   "no VF of a known profile in the PCI data or the kernel log");
		return;
	}
	if (skipped == n) {
		result_set(r, ST_SKIP, "%s", worst.msg);
		return;
	}
	if (worst.st == ST_FAIL || worst.st == ST_WARN) {
		result_set(r, worst.st, "%s%s", worst.msg,
			   nbad > 1 ? " (and more VFs)" : "");
		if (worst.st == ST_FAIL) {
			const struct log_hit *why = NULL;
			const struct kb_entry *e = vf_failure(c, worst_vf->bdf, &why);

			if (e) {
				evidence_hit(r, why);
				result_from_kb(r, e);
			} else if (worst_vf->prof) {
				/* the remedy of that VF's family, not the main one's */
				result_from_kb(r, kb_for_check_family(c, r->id,
								      worst_vf->prof->family));
			}
		}
		return;
	}
	{
		struct sbuf b;

		sbuf_init(&b);
		if (nprof > 1)
			sbuf_addf(&b, "each VF's signature in order, %d VF(s) of %d profiles",
				  n - skipped, nprof);
		else if (opt || hidden || before)
			sbuf_addf(&b, "the %d signature steps in order for %d VF(s)", steps,
				  n - skipped);
		else
			sbuf_addf(&b, "all %d signature steps in order for %d VF(s)", steps,
				  n - skipped);
		if (opt)
			sbuf_addf(&b, " (%d optional line(s) not printed by this kernel)", opt);
		if (before)
			sbuf_addf(&b, "; %d step(s) before the log starts", before);
		if (hidden)
			sbuf_addf(&b, "; %d step(s) a filtered log cannot show", hidden);
		if (skipped)
			sbuf_addf(&b, "; %d VF(s) not in the log", skipped);
		result_set(r, ST_PASS, "%s", b.s);
		sbuf_free(&b);
	}
}

static int in_scope(const struct check_ctx *c, const struct kb_entry *e,
		    const struct log_hit *h)
{
	if (e->scope != KB_SCOPE_VF || !h->dev[0])
		return 1;
	if (!c->npicks)
		return 1;
	return vf_names_dev(c, h->dev);
}

/* A forbidden line of @p's: one that names a VF @p judges (or any VF). */
static const struct log_hit *forbid_hit(const struct check_ctx *c,
					const struct profile *p, int k)
{
	const struct log_hits *h = log_pat(c, p->forbid.cat[k]);
	int j, i;

	if (!h || !h->count)
		return NULL;
	if (!sig_has_tok(&p->forbid.pat[k], SIG_BDF) || !c->npicks)
		return &h->hit[0];
	for (j = 0; j < h->kept; j++)
		for (i = 0; i < c->npicks; i++)
			if (c->picks[i].prof == p &&
			    !strcmp(c->picks[i].bdf, h->hit[j].dev))
				return &h->hit[j];
	return NULL;
}

/* The forbidden lines of every profile in use; returns how many. */
static int forbidden(const struct check_ctx *c, struct result *r,
		     struct sbuf *ids)
{
	const struct profile *done[16];
	int ndone = 0, i, k, n = 0;

	for (i = -1; i < c->npicks; i++) {
		const struct profile *p = i < 0 ? c->prof : c->picks[i].prof;
		int j;

		if (!p)
			continue;
		for (j = 0; j < ndone && done[j] != p; j++)
			;
		if (j < ndone || ndone == (int)ARRAY_SIZE(done))
			continue;
		done[ndone++] = p;
		for (k = 0; k < p->forbid.n; k++) {
			const struct log_hit *h = forbid_hit(c, p, k);

			if (!h)
				continue;
			evidence_hit(r, h);
			n++;
			sbuf_addf(ids, "%sforbidden: %s", ids->len ? ", " : "",
				  p->forbid.pat[k].src);
		}
	}
	return n;
}

/* Whether match line @k of @e is the first line of report @arg (several
 * entries share those lines: each has its own copy of the pattern). */
/*
 * The catch-all entry's lines: error lines of the VF, vPCI, netvsc and
 * vmbus drivers no other entry knows. Each device's first (and last) line
 * is evidence; the summary counts them all.
 */
static unsigned long unknown(const struct check_ctx *c,
			     const struct kb_entry *e, struct result *r)
{
	unsigned long total = 0, shown[8];
	int k, j, nshown = 0, i;

	for (k = 0; k < e->match.n; k++) {
		const struct log_hits *h = log_pat(c, e->match.cat[k]);

		for (j = 0; h && j < h->kept; j++) {
			const struct log_hit *x[2] = { &h->hit[j], &h->dlast[j] };
			int w;

			total += h->dcount[j];
			for (w = 0; w < 2 && nshown < (int)ARRAY_SIZE(shown); w++) {
				for (i = 0; i < nshown && shown[i] != x[w]->lineno; i++)
					;
				if (i < nshown)
					continue;
				shown[nshown++] = x[w]->lineno;
				evidence_hit(r, x[w]);
			}
		}
		if (h)
			total += h->dropped;
	}
	return total;
}

static int crash_pat_of(const struct kb_entry *e, int k, const void *arg)
{
	const struct log_crash *x = arg;

	return sig_match(&e->match.pat[k], x->head.text, strlen(x->head.text),
			 NULL);
}

/*
 * Crash and warning reports, judged by the KB's crash entries on where
 * they happened. Returns the entry of the worst; counts into @nfail/@nwarn.
 */
static const struct kb_entry *crashes(const struct check_ctx *c,
				      struct result *r, struct sbuf *ids,
				      int *nfail, int *nwarn)
{
	const struct log_crashes *cs = &c->g->log.crash;
	const struct kb_entry *worst = NULL;
	int i;

	for (i = 0; c->kb && i < cs->n; i++) {
		const struct log_crash *x = &cs->v[i];
		const char *func, *module, *file;
		const struct kb_entry *e;
		const struct log_hit *where;
		char place[300];
		int from;

		log_crash_where(x, &func, &module, &file);
		e = kb_crash_entry_from(c->kb, crash_pat_of, x, func, module, file,
					x->rip.text || x->frame.text || x->qframe.text,
					(const char (*)[64])x->ffunc, x->nff, &from);
		if (!e)
			continue;
		/* the first line, and the lines naming where it happened */
		evidence_hit(r, &x->head);
		if (x->rip.text)
			evidence_hit(r, &x->rip);
		where = x->frame.text ? &x->frame : x->qframe.text ? &x->qframe : NULL;
		if (where && !x->rsite.module[0])
			evidence_hit(r, where);
		if (from >= 0 && (!where || where->lineno != x->ff[from].lineno))
			evidence_hit(r, &x->ff[from]);
		if (e->fail)
			(*nfail)++;
		else
			(*nwarn)++;
		log_crash_place(x, from, place, sizeof(place));
		sbuf_addf(ids, "%s%s %s", ids->len ? ", " : "", e->id, place);
		if (x->count > 1)
			sbuf_addf(ids, " (%lu times)", x->count);
		if (!worst || (e->fail && !worst->fail))
			worst = e;
	}
	if (cs->dropped) {
		/* sites past the limit: not judged, so not passed either */
		result_evidence(r, "%lu crash or warning report(s) at further sites not kept (limit %d sites)",
				cs->dropped, LOG_CRASH_SITES);
		(*nwarn)++;
		sbuf_addf(ids, "%s%lu more crash/warning report(s)", ids->len ? ", " : "",
			  cs->dropped);
	}
	return worst;
}

void check_driver_errors(const struct check_ctx *c, struct result *r)
{
	const struct kb_entry *first = NULL, *cr, *unrec_e = NULL;
	int i, k, j, nfail = 0, nwarn = 0;
	unsigned long unrec = 0;
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

		if (e->crash || e->info)
			continue;	/* judged by the reports' sites below; harmless */
		if (e->fallback) {
			unsigned long u = unknown(c, e, r);

			if (u && !unrec)
				unrec_e = e;
			unrec += u;
			continue;
		}
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
	nfail += forbidden(c, r, &ids);
	cr = crashes(c, r, &ids, &nfail, &nwarn);
	if (cr && (!first || (cr->fail && !first->fail)))
		first = cr;
	if (nfail)
		result_set(r, ST_FAIL, "known failure(s) in the kernel log: %s%s",
			   ids.s, unrec ? "; and unrecognised error line(s)" : "");
	else if (nwarn)
		result_set(r, ST_WARN, "known warning(s) in the kernel log: %s%s",
			   ids.s, unrec ? "; and unrecognised error line(s)" : "");
	else if (unrec)
		result_set(r, ST_WARN, "%lu unrecognised error line(s) of the VF, pci-hyperv, netvsc or vmbus drivers",
			   unrec);
	else
		result_set(r, ST_PASS, "no known-bad line in %lu log lines",
			   c->g->log.lines);
	if (!first)
		first = unrec_e;
	if (first)
		result_from_kb(r, first);
	sbuf_free(&ids);
}
