// SPDX-License-Identifier: GPL-2.0
/*
 * The VF event classifier (vf_events.h): each message is matched once
 * against the whole pattern catalogue (catalogue events, profile
 * signatures and forbidden lines, knowledge-base lines), and a few small
 * state tables turn the hits into events: per synthetic NIC (joined,
 * removed, re-added), per VF address (its bring-up: which signature steps
 * of which profiles it has passed) and the crash report being read.
 * Memory is fixed by VFC_NICS, VFC_VFS and one crash report.
 */
#include "profile/vf_events.h"
#include "base/klog.h"
#include "base/kvfile.h"
#include "model/log_model.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const role_names[VFR_COUNT] = {
	[VFR_OFFERED] = "offered",
	[VFR_REMOVED] = "removed",
	[VFR_READDED] = "readded",
	[VFR_DP_TO_VF] = "datapath-to-vf",
	[VFR_DP_FROM_VF] = "datapath-from-vf",
	[VFR_BRINGUP_DONE] = "bringup-done",
	[VFR_BRINGUP_FAILED] = "bringup-failed",
	[VFR_BRINGUP_INCOMPLETE] = "bringup-incomplete",
	[VFR_KNOWN_FAILURE] = "known-failure",
	[VFR_CRASH] = "crash",
	[VFR_LOST] = "lost",
};

const char *vf_role_name(enum vf_role r)
{
	return r < VFR_COUNT ? role_names[r] : "?";
}

const char *vf_verdict_str(enum vf_verdict v)
{
	switch (v) {
	case VFV_INFO:
		return "info";
	case VFV_PASS:
		return "pass";
	case VFV_WARN:
		return "warn";
	case VFV_FAIL:
		return "fail";
	}
	return "?";
}

/* ---- kb/vf-events.ev ---- */

static int def_apply(struct vf_event_def *d, const char *key, const char *v,
		     char *err, size_t n)
{
	if (!strcmp(key, "id")) {
		if (d->id) {
			snprintf(err, n, "a second id");
			return -1;
		}
		d->id = xstrdup(v);
		return 0;
	}
	if (!strcmp(key, "title")) {
		free(d->title);
		d->title = xstrdup(v);
		return 0;
	}
	if (!strcmp(key, "level")) {
		if (!strcmp(v, "info"))
			d->verdict = VFV_INFO;
		else if (!strcmp(v, "pass"))
			d->verdict = VFV_PASS;
		else if (!strcmp(v, "warn"))
			d->verdict = VFV_WARN;
		else if (!strcmp(v, "fail"))
			d->verdict = VFV_FAIL;
		else {
			snprintf(err, n, "level must be info, pass, warn or fail");
			return -1;
		}
		return 0;
	}
	if (!strcmp(key, "timeout")) {
		char *end;
		double t = strtod(v, &end);

		if (end == v || *end || !(t > 0 && t <= 86400)) {
			snprintf(err, n, "timeout must be seconds, 0 < T <= 86400");
			return -1;
		}
		d->timeout = t;
		return 0;
	}
	snprintf(err, n, "unknown key '%s'", key);
	return -1;
}

/* An "event" line at @lineno naming @role: the index it opens, or -1
 * with the message printed. */
static int def_event(const struct vf_event_defs *defs, const char *path,
		     unsigned long lineno, const char *role)
{
	int i;

	for (i = 0; i < VFR_COUNT && strcmp(role, role_names[i]); i++)
		;
	if (i == VFR_COUNT) {
		errorf("%s:%lu: unknown event '%s'", path, lineno, role);
		return -1;
	}
	if (defs->d[i].id || defs->d[i].title) {
		errorf("%s:%lu: event '%s' again", path, lineno, role);
		return -1;
	}
	return i;
}

/* Every event defined, with an id that fits; 0 or -1 (message printed). */
static int defs_complete(struct vf_event_defs *defs, const char *path)
{
	int i;

	for (i = 0; i < VFR_COUNT; i++) {
		if (!defs->d[i].id || !defs->d[i].title) {
			errorf("%s: event '%s' needs id and title", path, role_names[i]);
			return -1;
		}
		if (strlen(defs->d[i].id) >= sizeof(((struct vf_event *)0)->id)) {
			errorf("%s: event '%s': id too long", path, role_names[i]);
			return -1;
		}
	}
	if (defs->d[VFR_BRINGUP_FAILED].timeout <= 0)
		defs->d[VFR_BRINGUP_FAILED].timeout = 60;
	return 0;
}

/* The records of @lr; 0 or -1 (message printed). */
static int defs_read(struct vf_event_defs *defs, const char *path,
		     struct linereader *lr)
{
	struct kvline kv;
	char err[160];
	int r, cur = -1;

	while ((r = kv_next(lr, &kv)) == 1) {
		if (!kv.key) {
			cur = -1;
		} else if (!strcmp(kv.key, "event")) {
			cur = def_event(defs, path, kv.lineno, kv.value);
			if (cur < 0)
				return -1;
		} else if (cur < 0) {
			errorf("%s:%lu: '%s' before 'event'", path, kv.lineno, kv.key);
			return -1;
		} else if (def_apply(&defs->d[cur], kv.key, kv.value, err, sizeof(err))) {
			errorf("%s:%lu: %s", path, kv.lineno, err);
			return -1;
		}
	}
	if (r < 0) {
		errorf("cannot read '%s': %s", path, strerror(lr->err));
		return -1;
	}
	return 0;
}

int vf_event_defs_load(struct vf_event_defs *defs, const char *path)
{
	struct linereader lr;
	int fd, ret;

	memset(defs, 0, sizeof(*defs));
	fd = kv_open(path, NULL);
	if (fd < 0)
		return -1;
	lr_init_fd(&lr, fd, 4096);
	ret = defs_read(defs, path, &lr) || defs_complete(defs, path) ? -1 : 0;
	lr_free(&lr);
	close(fd);
	if (ret)
		vf_event_defs_free(defs);
	else
		defs->loaded = 1;
	return ret;
}

void vf_event_defs_free(struct vf_event_defs *defs)
{
	int i;

	for (i = 0; i < VFR_COUNT; i++) {
		free(defs->d[i].id);
		free(defs->d[i].title);
	}
	memset(defs, 0, sizeof(*defs));
}

/* ---- the classifier ---- */

/* What a catalogue pattern is to the classifier. */
enum pat_kind {
	PK_NONE,
	PK_EVENT,	/* a catalogue event: owner = enum event */
	PK_SIG,		/* profile owner, step sub */
	PK_FORBID,	/* profile owner */
	PK_DETECT,	/* profile owner: its evidence */
	PK_KB,		/* kb entry owner, match line */
	PK_KB_AFTER,	/* kb entry owner, after line */
};

struct pat_role {
	unsigned char kind;
	int owner, sub;
};

#define VFC_NICS 64
#define VFC_VFS 64
#define VFC_HITS 32
#define VFC_PROFILES 32

enum nic_state { NIC_NONE, NIC_OFFERED, NIC_JOINED, NIC_REMOVED, NIC_READDED };

struct nic {
	char name[64];
	char vf[64];
	char bdf[40];
	enum nic_state state;
	unsigned long age;	/* for replacement: the last use */
};

enum bu_state { BU_IDLE, BU_PENDING, BU_DONE, BU_FAILED };

struct vfstate {
	char bdf[40];
	enum bu_state state;
	unsigned int cand;		/* profiles whose steps named it */
	unsigned char pos[VFC_PROFILES];	/* steps passed, per profile */
	signed char miss[VFC_PROFILES];	/* first required step skipped, -1 */
	double last_ts;			/* the last progress */
	int has_ts;
	unsigned long age;
	char nic[64], vf[64];
};

struct vfc_hit {
	int index;
	char dev[40];
	char ifn[64];		/* the first {IF} capture */
};

struct vf_classifier {
	const struct vf_event_defs *defs;
	const struct catalog *cat;
	const struct kb *kb;
	const struct profile_set *ps;
	vf_event_fn fn;
	void *ctx;
	struct pat_role *role;	/* per catalogue index */
	/* the catalogue's patterns that can make an event, matched alone */
	struct sig_set *set;
	int *set_cat;		/* set index -> catalogue index */
	int nset;
	int tuned;
	unsigned char *after_seen;	/* per kb entry */
	struct nic nic[VFC_NICS];
	int nnic;
	struct vfstate vf[VFC_VFS];
	int nvf;
	unsigned long clock;	/* ages */
	int hyperv;		/* a Hyper-V driver's line was seen */
	unsigned int detected;	/* profiles whose detect evidence was seen */
	/* the offer not yet paired with its other line (slot / host bridge) */
	int offer_open;
	int offer_by_slot;
	double offer_ts;
	unsigned long offer_seq;
	/* the crash report being read */
	struct log_model cm;
	double crash_ts;
	int crash_has_ts;
	unsigned long crash_seq;
	/* the line being classified */
	struct vfc_hit hits[VFC_HITS];
	int nhits;
	const char *msg;
	size_t len;
	double ts;
	int has_ts;
	unsigned long seq;
	double now;		/* the latest time seen */
	int has_now;
};

static void mark(struct vf_classifier *c, struct prof_pats *pp,
		 enum pat_kind kind, int owner, int step_of_alt)
{
	int k;

	for (k = 0; k < pp->n; k++) {
		int i = pp->cat[k];

		if (i < 0 || i >= c->cat->n)
			continue;
		c->role[i].kind = (unsigned char)kind;
		c->role[i].owner = owner;
		c->role[i].sub = step_of_alt ? -1 : k;
	}
}

static const struct profile_set no_profiles;

struct vf_classifier *vfc_new(const struct vf_event_defs *defs,
			      const struct catalog *cat, const struct kb *kb,
			      vf_event_fn fn, void *ctx)
{
	struct vf_classifier *c = xcalloc(1, sizeof(*c));
	int i, s, a;

	c->defs = defs;
	c->cat = cat;
	c->kb = kb;
	c->ps = cat->profiles ? cat->profiles : &no_profiles;
	c->fn = fn;
	c->ctx = ctx;
	c->role = xcalloc((size_t)cat->n + 1, sizeof(*c->role));
	for (i = 0; i < EV_COUNT && i < cat->n; i++) {
		c->role[i].kind = PK_EVENT;
		c->role[i].owner = i;
	}
	for (i = 0; c->ps && i < c->ps->n && i < VFC_PROFILES; i++) {
		const struct profile *p = c->ps->p[i];

		for (s = 0; s < p->nsteps; s++)
			for (a = p->steps[s].first; a < p->steps[s].first + p->steps[s].n; a++) {
				int x = p->sig.cat[a];

				if (x < 0 || x >= cat->n)
					continue;
				c->role[x].kind = PK_SIG;
				c->role[x].owner = i;
				c->role[x].sub = s;
			}
		mark(c, &c->ps->p[i]->forbid, PK_FORBID, i, 0);
		mark(c, &c->ps->p[i]->detect, PK_DETECT, i, 0);
	}
	if (kb) {
		c->after_seen = xcalloc((size_t)kb->n + 1, 1);
		for (i = 0; i < kb->n; i++) {
			/* harmless lines and the catch-all make no event */
			if (!kb->e[i].info && !kb->e[i].fallback)
				mark(c, &kb->e[i].match, PK_KB, i, 0);
			mark(c, &kb->e[i].after, PK_KB_AFTER, i, 0);
		}
	}
	/*
	 * Of the catalogue, only the patterns with a role: the catch-all's
	 * and the profiles' vf-line patterns, with the commonest anchors,
	 * stay out, so that a whole log is searched fast.
	 */
	c->set = sig_set_new();
	c->set_cat = xcalloc((size_t)cat->n + 1, sizeof(*c->set_cat));
	for (i = 0; i < cat->n; i++)
		if (c->role[i].kind != PK_NONE) {
			sig_set_add(c->set, cat->pat[i]);
			c->set_cat[c->nset++] = i;
		}
	sig_set_build(c->set);
	return c;
}

/* ---- emitting ---- */

static void ev_init(struct vf_classifier *c, struct vf_event *ev,
		    enum vf_role r, double ts, int has_ts, unsigned long seq)
{
	const struct vf_event_def *d = &c->defs->d[r];

	memset(ev, 0, sizeof(*ev));
	ev->ts = ts;
	ev->has_ts = has_ts;
	ev->seq = seq;
	hv_strlcpy(ev->id, d->id, sizeof(ev->id));
	hv_strlcpy(ev->role, role_names[r], sizeof(ev->role));
	hv_strlcpy(ev->title, d->title, sizeof(ev->title));
	ev->verdict = d->verdict;
}

static void ev_emit(struct vf_classifier *c, struct vf_event *ev)
{
	hv_strlcpy(ev->dev, ev->bdf[0] ? ev->bdf : ev->nic[0] ? ev->nic : ev->vf,
		   sizeof(ev->dev));
	c->fn(c->ctx, ev);
}

/* An event about the line being classified. */
static void emit_line(struct vf_classifier *c, enum vf_role r,
		      const char *bdf, const char *nic, const char *vf,
		      const char *kb, const char *detail)
{
	struct vf_event ev;
	size_t n = c->len < sizeof(ev.evidence) - 1 ? c->len : sizeof(ev.evidence) - 1;

	ev_init(c, &ev, r, c->ts, c->has_ts, c->seq);
	hv_strlcpy(ev.bdf, bdf ? bdf : "", sizeof(ev.bdf));
	hv_strlcpy(ev.nic, nic ? nic : "", sizeof(ev.nic));
	hv_strlcpy(ev.vf, vf ? vf : "", sizeof(ev.vf));
	hv_strlcpy(ev.kb, kb ? kb : "", sizeof(ev.kb));
	hv_strlcpy(ev.detail, detail ? detail : "", sizeof(ev.detail));
	memcpy(ev.evidence, c->msg, n);
	ev.evidence[n] = '\0';
	ev_emit(c, &ev);
}

/* ---- NICs ---- */

static struct nic *nic_get(struct vf_classifier *c, const char *name)
{
	struct nic *x = NULL;
	int i;

	if (!name[0])
		return NULL;
	for (i = 0; i < c->nnic; i++)
		if (!strcmp(c->nic[i].name, name)) {
			c->nic[i].age = ++c->clock;
			return &c->nic[i];
		}
	if (c->nnic < VFC_NICS) {
		x = &c->nic[c->nnic++];
	} else {
		/* the longest unused one makes room */
		x = &c->nic[0];
		for (i = 1; i < c->nnic; i++)
			if (c->nic[i].age < x->age)
				x = &c->nic[i];
	}
	memset(x, 0, sizeof(*x));
	hv_strlcpy(x->name, name, sizeof(x->name));
	x->age = ++c->clock;
	return x;
}

/* The NIC removed longest ago and not back yet, or NULL. */
static struct nic *nic_removed(struct vf_classifier *c)
{
	struct nic *best = NULL;
	int i;

	for (i = 0; i < c->nnic; i++)
		if (c->nic[i].state == NIC_REMOVED &&
		    (!best || c->nic[i].age < best->age))
			best = &c->nic[i];
	return best;
}

static struct nic *nic_of_bdf(struct vf_classifier *c, const char *bdf)
{
	int i;

	for (i = 0; bdf[0] && i < c->nnic; i++)
		if (!strcmp(c->nic[i].bdf, bdf))
			return &c->nic[i];
	return NULL;
}

/* ---- VF bring-ups ---- */

static struct vfstate *vf_find(struct vf_classifier *c, const char *bdf)
{
	int i;

	for (i = 0; i < c->nvf; i++)
		if (!strcmp(c->vf[i].bdf, bdf))
			return &c->vf[i];
	return NULL;
}

static struct vfstate *vf_get(struct vf_classifier *c, const char *bdf)
{
	struct vfstate *v = vf_find(c, bdf);
	int i;

	if (v) {
		v->age = ++c->clock;
		return v;
	}
	if (c->nvf < VFC_VFS) {
		v = &c->vf[c->nvf++];
	} else {
		v = &c->vf[0];
		for (i = 1; i < c->nvf; i++)
			if (c->vf[i].age < v->age)
				v = &c->vf[i];
	}
	memset(v, 0, sizeof(*v));
	hv_strlcpy(v->bdf, bdf, sizeof(v->bdf));
	v->age = ++c->clock;
	return v;
}

static void vf_reset(struct vfstate *v)
{
	v->cand = 0;
	memset(v->pos, 0, sizeof(v->pos));
	memset(v->miss, -1, sizeof(v->miss));
}

/*
 * Whether profile @pi may judge a VF, as profile selection rules: a
 * profile that needs evidence ("detect") only once it was seen, a profile
 * for any platform (the rig's) only while no Hyper-V driver spoke.
 */
static int admissible(const struct vf_classifier *c, int pi)
{
	const struct profile *p = c->ps->p[pi];

	if (p->detect.n && !(c->detected & (1u << pi)))
		return 0;
	return !(p->platform_any && c->hyperv);
}

/*
 * The profile that explains a bring-up best: the one that passed the most
 * steps (the first loaded of those), and its first missing step.
 */
static int vf_best(const struct vf_classifier *c, const struct vfstate *v,
		   int *missing)
{
	int i, best = -1;

	for (i = 0; i < c->ps->n && i < VFC_PROFILES; i++) {
		if (!(v->cand & (1u << i)) || !admissible(c, i))
			continue;
		if (best < 0 || v->pos[i] > v->pos[best])
			best = i;
	}
	*missing = -1;
	if (best >= 0) {
		const struct profile *p = c->ps->p[best];
		int s = v->miss[best] >= 0 ? v->miss[best] : v->pos[best];

		/* the first required step not passed */
		while (s < p->nsteps && p->steps[s].optional && s >= v->pos[best])
			s++;
		*missing = s < p->nsteps ? s : -1;
	}
	return best;
}

static void step_text(const struct vf_classifier *c, int prof, int step,
		      char *buf, size_t n)
{
	const struct profile *p = c->ps->p[prof];

	if (step < 0)
		snprintf(buf, n, "profile %s", p->name);
	else
		snprintf(buf, n, "profile %s, step %d of %d missing: %s", p->name,
			 step + 1, p->nsteps, p->steps[step].src);
}

/* End a pending bring-up with @r; the line being read is the evidence
 * unless @evidence is given. */
static void vf_end_as(struct vf_classifier *c, struct vfstate *v,
		      enum vf_role r, int done_prof, const char *evidence,
		      const char *kb, double ts, int has_ts, unsigned long seq)
{
	struct vf_event ev;
	char detail[240];
	int miss, prof = vf_best(c, v, &miss);

	if (done_prof >= 0)
		prof = done_prof;
	if (prof < 0)
		return;
	if (r == VFR_BRINGUP_DONE)
		snprintf(detail, sizeof(detail), "profile %s, %d steps",
			 c->ps->p[prof]->name, c->ps->p[prof]->nsteps);
	else
		step_text(c, prof, miss, detail, sizeof(detail));
	ev_init(c, &ev, r, ts, has_ts, seq);
	hv_strlcpy(ev.bdf, v->bdf, sizeof(ev.bdf));
	hv_strlcpy(ev.nic, v->nic, sizeof(ev.nic));
	hv_strlcpy(ev.vf, v->vf, sizeof(ev.vf));
	hv_strlcpy(ev.kb, kb ? kb : "", sizeof(ev.kb));
	hv_strlcpy(ev.detail, detail, sizeof(ev.detail));
	if (evidence)
		hv_strlcpy(ev.evidence, evidence, sizeof(ev.evidence));
	else {
		size_t n = c->len < sizeof(ev.evidence) - 1 ? c->len :
			   sizeof(ev.evidence) - 1;

		memcpy(ev.evidence, c->msg, n);
		ev.evidence[n] = '\0';
	}
	v->state = r == VFR_BRINGUP_DONE ? BU_DONE : BU_FAILED;
	ev_emit(c, &ev);
}

static void vf_end(struct vf_classifier *c, struct vfstate *v, enum vf_role r,
		   const char *evidence, const char *kb, double ts, int has_ts,
		   unsigned long seq)
{
	vf_end_as(c, v, r, -1, evidence, kb, ts, has_ts, seq);
}

/* A new bring-up of @v begins with the line being read. */
static void vf_start(struct vf_classifier *c, struct vfstate *v)
{
	struct nic *n;

	if (v->state == BU_PENDING)
		vf_end(c, v, VFR_BRINGUP_FAILED, NULL, NULL, c->ts, c->has_ts,
		       c->seq);
	vf_reset(v);
	v->state = BU_PENDING;
	/* a VF probed while a NIC misses its VF: that VF is back */
	n = nic_removed(c);
	if (n) {
		n->state = NIC_READDED;
		hv_strlcpy(v->nic, n->name, sizeof(v->nic));
		emit_line(c, VFR_READDED, v->bdf, n->name, n->vf, NULL,
			  "the VF driver probes it again");
	}
}

/* A signature step @s of profile @pi for the VF @bdf. */
static void vf_step(struct vf_classifier *c, const char *bdf, int pi, int s)
{
	const struct profile *p = c->ps->p[pi];
	struct vfstate *v = vf_get(c, bdf);
	unsigned int bit = 1u << pi;
	int k, first_req = 0;

	if (!admissible(c, pi))
		return;
	while (first_req < p->nsteps && p->steps[first_req].optional)
		first_req++;
	if (v->state != BU_PENDING) {
		/* a finished bring-up that starts over: a re-probe */
		if (v->state != BU_IDLE && s > first_req)
			return;
		vf_start(c, v);
	} else if ((v->cand & bit) && s < v->pos[pi] && s <= first_req) {
		vf_start(c, v);	/* probed again before it finished */
	}
	v->last_ts = c->ts;
	v->has_ts = c->has_ts;
	if (!(v->cand & bit)) {
		v->cand |= bit;
		v->pos[pi] = 0;
		v->miss[pi] = -1;
		/* joining late: steps before the first seen are before the log */
		v->pos[pi] = (unsigned char)s;
	}
	if (s < v->pos[pi])
		return;		/* a repeated or late line */
	for (k = v->pos[pi]; k < s; k++)
		if (!p->steps[k].optional && v->miss[pi] < 0)
			v->miss[pi] = (signed char)k;
	v->pos[pi] = (unsigned char)(s + 1);
	if (s + 1 == p->nsteps)
		vf_end_as(c, v, v->miss[pi] < 0 ? VFR_BRINGUP_DONE :
			  VFR_BRINGUP_FAILED, v->miss[pi] < 0 ? pi : -1, NULL,
			  NULL, c->ts, c->has_ts, c->seq);
}

/*
 * A step line that names no VF ("VF registering: eth1"): the pending
 * bring-up (the earliest) whose profile waits for exactly this step.
 */
static void vf_step_unnamed(struct vf_classifier *c, int pi, int s)
{
	struct vfstate *best = NULL;
	int i;

	for (i = 0; i < c->nvf; i++) {
		struct vfstate *v = &c->vf[i];

		if (v->state == BU_PENDING && (v->cand & (1u << pi)) &&
		    admissible(c, pi) &&
		    v->pos[pi] <= s && v->pos[pi] + 1 >= s &&
		    (!best || v->age < best->age))
			best = v;
	}
	if (best) {
		static const enum event joins[] = {
			EV_VF_REGISTERING, EV_VF_UP, EV_DP_TO_VF, EV_VF_JOINED,
		};
		char syn[64], vf[64];
		size_t k;

		/* the line names the NIC the VF joins */
		for (k = 0; k < ARRAY_SIZE(joins); k++)
			if (!event_nics(joins[k], c->msg, syn, sizeof(syn), vf,
					sizeof(vf))) {
				struct nic *n = nic_get(c, syn);

				hv_strlcpy(best->nic, syn, sizeof(best->nic));
				hv_strlcpy(best->vf, vf, sizeof(best->vf));
				if (n)
					hv_strlcpy(n->bdf, best->bdf, sizeof(n->bdf));
				break;
			}
		vf_step(c, best->bdf, pi, s);
	}
}

/* ---- crash reports ---- */

static int crash_pat_of(const struct kb_entry *e, int k, const void *arg)
{
	const struct log_crash *x = arg;

	return sig_match(&e->match.pat[k], x->head.text, strlen(x->head.text),
			 NULL);
}

/* Whether the report happened in @p's driver. */
static int crash_in(const struct profile *p, const char *module,
		    const char *func)
{
	const char *fam = p->family ? p->family : p->driver;
	size_t l = fam ? strlen(fam) : 0;

	if (!module[0] && !func[0])
		return 0;
	if (p->driver && !strcmp(module, p->driver))
		return 1;
	if (p->netdev_driver && !strcmp(module, p->netdev_driver))
		return 1;
	if (l && !strncmp(func, fam, l) && (func[l] == '_' || func[l] == 'e'))
		return 1;
	return 0;
}

static void crash_close(struct vf_classifier *c)
{
	struct log_crash x;
	const struct kb_entry *e = NULL;
	const char *func, *module, *file;
	struct vf_event ev;
	char place[200];
	int from = -1, i, pi;

	if (!log_crash_take(&c->cm, &x))
		return;
	log_crash_where(&x, &func, &module, &file);
	if (c->kb)
		e = kb_crash_entry_from(c->kb, crash_pat_of, &x, func, module, file,
					x.rip.text || x.frame.text || x.qframe.text,
					(const char (*)[64])x.ffunc, x.nff, &from);
	log_crash_place(&x, from, place, sizeof(place));
	ev_init(c, &ev, VFR_CRASH, c->crash_ts, c->crash_has_ts, c->crash_seq);
	if (e) {
		ev.verdict = e->fail ? VFV_FAIL : VFV_WARN;
		hv_strlcpy(ev.kb, e->id, sizeof(ev.kb));
	}
	snprintf(ev.detail, sizeof(ev.detail), "%s%s%s", e ? e->title : "",
		 e ? ": " : "", place);
	hv_strlcpy(ev.evidence, x.head.text ? x.head.text : "",
		   sizeof(ev.evidence));
	/* a bring-up under way in the crashed driver has failed */
	for (i = 0; i < c->nvf; i++) {
		struct vfstate *v = &c->vf[i];

		if (v->state != BU_PENDING || ev.verdict != VFV_FAIL)
			continue;
		for (pi = 0; pi < c->ps->n && pi < VFC_PROFILES; pi++)
			if ((v->cand & (1u << pi)) &&
			    crash_in(c->ps->p[pi], module, func))
				break;
		if (pi < c->ps->n && pi < VFC_PROFILES) {
			if (!ev.bdf[0]) {
				hv_strlcpy(ev.bdf, v->bdf, sizeof(ev.bdf));
				hv_strlcpy(ev.nic, v->nic, sizeof(ev.nic));
			}
		}
	}
	ev_emit(c, &ev);
	for (i = 0; i < c->nvf; i++) {
		struct vfstate *v = &c->vf[i];

		if (v->state == BU_PENDING && ev.bdf[0] && !strcmp(v->bdf, ev.bdf))
			vf_end(c, v, VFR_BRINGUP_FAILED, ev.evidence, ev.kb,
			       ev.ts, ev.has_ts, ev.seq);
	}
	log_crash_free(&x);
}

/* ---- one line ---- */

static void on_hit(void *vctx, int sindex, const struct sig_caps *caps)
{
	struct vf_classifier *c = vctx;
	struct vfc_hit *h;
	int index = sindex >= 0 && sindex < c->nset ? c->set_cat[sindex] : -1;

	if (c->nhits == VFC_HITS || index < 0 || index >= c->cat->n ||
	    c->role[index].kind == PK_NONE)
		return;
	h = &c->hits[c->nhits++];
	h->index = index;
	if (sig_cap_get(caps, SIG_BDF, h->dev, sizeof(h->dev)) &&
	    sig_cap_get(caps, SIG_GUID, h->dev, sizeof(h->dev)))
		klog_first_bdf(c->msg, c->len, h->dev, sizeof(h->dev));
	if (sig_cap_get(caps, SIG_IF, h->ifn, sizeof(h->ifn)))
		h->ifn[0] = '\0';
}

/* An offer line: "VF slot N added" (@by_slot, on @nic) or the host bridge. */
static void offer(struct vf_classifier *c, int by_slot, struct nic *n,
		  const char *guid)
{
	struct nic *gone = by_slot ? (n && n->state == NIC_REMOVED ? n : NULL) :
			   nic_removed(c);
	int near = c->offer_open && c->offer_by_slot != by_slot &&
		   (c->has_ts ? c->ts - c->offer_ts < 5.0 : c->seq - c->offer_seq < 50);

	if (near) {
		/* the other line of the same offer */
		c->offer_open = 0;
		if (n && n->state != NIC_REMOVED)
			n->state = NIC_OFFERED;
		return;
	}
	c->offer_open = 1;
	c->offer_by_slot = by_slot;
	c->offer_ts = c->ts;
	c->offer_seq = c->seq;
	if (gone) {
		gone->state = NIC_READDED;
		emit_line(c, VFR_READDED, by_slot ? "" : guid, gone->name, gone->vf,
			  NULL, NULL);
		return;
	}
	if (n)
		n->state = NIC_OFFERED;
	emit_line(c, VFR_OFFERED, by_slot ? "" : guid, n ? n->name : "", "", NULL,
		  NULL);
}

static void on_event(struct vf_classifier *c, const struct vfc_hit *h,
		     enum event e)
{
	char syn[64], vf[64];
	struct nic *n = NULL;

	if (e != EV_IRQ_FOR_MSI)
		c->hyperv = 1;
	if (e == EV_HOST_BRIDGE || e == EV_HOST_BRIDGE_VMBUS_N) {
		offer(c, 0, NULL, h->dev);
		return;
	}
	if (event_nics(e, c->msg, syn, sizeof(syn), vf, sizeof(vf)))
		return;
	n = nic_get(c, syn);
	if (!n)
		return;
	if (vf[0])
		hv_strlcpy(n->vf, vf, sizeof(n->vf));
	switch (e) {
	case EV_VF_SLOT_ADDED:
		offer(c, 1, n, "");
		break;
	case EV_VF_JOINED:
	case EV_VF_REGISTERING:
	case EV_VF_UP:
		if (e == EV_VF_JOINED && h->dev[0])
			hv_strlcpy(n->bdf, h->dev, sizeof(n->bdf));
		if (n->state == NIC_REMOVED)
			emit_line(c, VFR_READDED, n->bdf, n->name, n->vf, NULL,
				  "joined again");
		n->state = NIC_JOINED;
		if (n->bdf[0]) {
			struct vfstate *v = vf_find(c, n->bdf);

			if (v) {
				hv_strlcpy(v->nic, n->name, sizeof(v->nic));
				hv_strlcpy(v->vf, n->vf, sizeof(v->vf));
			}
		}
		break;
	case EV_DP_TO_VF:
		emit_line(c, VFR_DP_TO_VF, n->bdf, n->name, n->vf, NULL, NULL);
		break;
	case EV_DP_FROM_VF:
		emit_line(c, VFR_DP_FROM_VF, n->bdf, n->name, n->vf, NULL, NULL);
		break;
	case EV_VF_UNREGISTERING:
	case EV_VF_SLOT_REMOVED:
		if (n->state != NIC_REMOVED)
			emit_line(c, VFR_REMOVED, n->bdf, n->name, n->vf, NULL, NULL);
		n->state = NIC_REMOVED;
		break;
	default:
		break;
	}
}

/* A known-failure (or forbidden) line: it fails the VF's bring-up. */
static void fail_line(struct vf_classifier *c, const char *bdf, int fail,
		      const char *kb)
{
	struct vfstate *v = bdf[0] ? vf_find(c, bdf) : NULL;
	int i, pending = 0;

	if (!fail)
		return;
	if (!v) {
		/* a line naming no VF: the only bring-up under way */
		for (i = 0; i < c->nvf; i++)
			if (c->vf[i].state == BU_PENDING) {
				v = &c->vf[i];
				pending++;
			}
		if (pending != 1)
			return;
	}
	if (v && v->state == BU_PENDING)
		vf_end(c, v, VFR_BRINGUP_FAILED, NULL, kb, c->ts, c->has_ts, c->seq);
}

void vfc_line(struct vf_classifier *c, const char *msg, size_t len,
	      double ts, int has_ts, unsigned long seq)
{
	int i, crash = -1;

	c->msg = msg;
	c->len = len;
	c->ts = ts;
	c->has_ts = has_ts;
	c->seq = seq;
	if (has_ts) {
		c->now = ts;
		c->has_now = 1;
	}
	c->nhits = 0;
	sig_set_scan(c->set, msg, len, on_hit, c);

	for (i = 0; i < c->nhits; i++) {
		const struct pat_role *r = &c->role[c->hits[i].index];

		if (r->kind == PK_KB_AFTER)
			c->after_seen[r->owner] = 1;
		if (r->kind == PK_DETECT)
			c->detected |= 1u << r->owner;
		if (r->kind == PK_KB && c->kb->e[r->owner].crash && crash < 0)
			crash = c->hits[i].index;
	}
	/* the crash report: a first line opens one, others feed it */
	if (crash >= 0) {
		crash_close(c);
		log_crash_open(&c->cm, crash, msg, len, ts, has_ts, seq);
		c->crash_ts = ts;
		c->crash_has_ts = has_ts;
		c->crash_seq = seq;
	} else if (c->cm.crash.open) {
		if (klog_crash_end(msg) || c->cm.crash.left <= 1)
			crash_close(c);
		else
			log_crash_feed(&c->cm, msg, len, ts, has_ts, seq);
	}

	for (i = 0; i < c->nhits; i++) {
		const struct vfc_hit *h = &c->hits[i];
		const struct pat_role *r = &c->role[h->index];
		const struct kb_entry *e;

		switch (r->kind) {
		case PK_EVENT:
			on_event(c, h, (enum event)r->owner);
			break;
		case PK_SIG:
			if (h->dev[0] && sig_has_tok(c->cat->pat[h->index], SIG_BDF))
				vf_step(c, h->dev, r->owner, r->sub);
			else if (!sig_has_tok(c->cat->pat[h->index], SIG_BDF))
				vf_step_unnamed(c, r->owner, r->sub);
			break;
		case PK_FORBID:
			if (!admissible(c, r->owner))
				break;
			emit_line(c, VFR_KNOWN_FAILURE, h->dev, NULL, NULL, NULL,
				  "a line the profile forbids");
			fail_line(c, h->dev, 1, NULL);
			break;
		case PK_KB:
			e = &c->kb->e[r->owner];
			if (e->crash || e->info || e->fallback)
				break;
			if (e->after.n && !c->after_seen[r->owner])
				break;
			{
				struct vf_event ev;

				ev_init(c, &ev, VFR_KNOWN_FAILURE, ts, has_ts, seq);
				ev.verdict = e->fail ? VFV_FAIL : VFV_WARN;
				hv_strlcpy(ev.bdf, h->dev, sizeof(ev.bdf));
				hv_strlcpy(ev.kb, e->id, sizeof(ev.kb));
				hv_strlcpy(ev.detail, e->title, sizeof(ev.detail));
				hv_strlcpy(ev.evidence, msg, sizeof(ev.evidence));
				{
					struct nic *n = nic_of_bdf(c, h->dev);

					if (n) {
						hv_strlcpy(ev.nic, n->name, sizeof(ev.nic));
						hv_strlcpy(ev.vf, n->vf, sizeof(ev.vf));
					}
				}
				ev_emit(c, &ev);
			}
			fail_line(c, h->dev, e->fail, e->id);
			break;
		default:
			break;
		}
	}
}

void vfc_tick(struct vf_classifier *c, double now)
{
	double t = c->defs->d[VFR_BRINGUP_FAILED].timeout;
	int i;

	if (c->cm.crash.open && (!c->crash_has_ts || now - c->crash_ts >= 1.0))
		crash_close(c);
	for (i = 0; i < c->nvf; i++) {
		struct vfstate *v = &c->vf[i];

		if (v->state == BU_PENDING && v->has_ts && now - v->last_ts >= t) {
			char ev[64];

			snprintf(ev, sizeof(ev), "(no progress for %.0f s)", now - v->last_ts);
			vf_end(c, v, VFR_BRINGUP_FAILED, ev, NULL, now, 1, c->seq);
		}
	}
}

void vfc_lost(struct vf_classifier *c, unsigned long n, double ts,
	      int has_ts, unsigned long seq)
{
	struct vf_event ev;

	ev_init(c, &ev, VFR_LOST, ts, has_ts, seq);
	snprintf(ev.detail, sizeof(ev.detail), "%lu record(s) lost", n);
	ev_emit(c, &ev);
}

void vfc_finish(struct vf_classifier *c)
{
	int i;

	crash_close(c);
	for (i = 0; i < c->nvf; i++) {
		struct vfstate *v = &c->vf[i];

		if (v->state == BU_PENDING)
			vf_end(c, v, VFR_BRINGUP_INCOMPLETE, "(the log ends)", NULL,
			       c->has_now ? c->now : 0, c->has_now, c->seq);
	}
}

void vfc_free(struct vf_classifier *c)
{
	if (!c)
		return;
	log_model_free(&c->cm);
	sig_set_free(c->set);
	free(c->set_cat);
	free(c->role);
	free(c->after_seen);
	free(c);
}

/* ---- a whole log ---- */

/* The last data path switch of each NIC, and a removal after it. */
static void datapath_note(struct vf_event_list *l, const struct vf_event *ev)
{
	int to = !strcmp(ev->role, role_names[VFR_DP_TO_VF]);
	int from = !strcmp(ev->role, role_names[VFR_DP_FROM_VF]);
	int removed = !strcmp(ev->role, role_names[VFR_REMOVED]);
	struct vf_datapath *d = NULL;
	int i;

	if ((!to && !from && !removed) || !ev->nic[0])
		return;
	for (i = 0; i < l->ndp; i++)
		if (!strcmp(l->dp[i].nic, ev->nic))
			d = &l->dp[i];
	if (removed) {
		if (d)
			d->removed_after = 1;
		return;
	}
	if (!d) {
		if (l->ndp == VF_DATAPATH_MAX) {
			l->dp_dropped++;
			return;
		}
		if (!l->dp)
			l->dp = xcalloc(VF_DATAPATH_MAX, sizeof(*l->dp));
		d = &l->dp[l->ndp++];
		hv_strlcpy(d->nic, ev->nic, sizeof(d->nic));
	}
	hv_strlcpy(d->vf, ev->vf, sizeof(d->vf));
	d->on_vf = to;
	d->removed_after = 0;
	d->switches++;
	d->seq = ev->seq;
	d->ts = ev->ts;
	d->has_ts = ev->has_ts;
	hv_strlcpy(d->evidence, ev->evidence, sizeof(d->evidence));
}

void vf_event_list_add(struct vf_event_list *l, const struct vf_event *ev)
{
	datapath_note(l, ev);
	if (l->n == VF_EVENTS_MAX) {
		l->dropped++;
		return;
	}
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, (size_t)l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = *ev;
}

void vf_event_list_free(struct vf_event_list *l)
{
	free(l->v);
	free(l->dp);
	l->v = NULL;
	l->dp = NULL;
	l->n = l->cap = l->ndp = 0;
	l->dropped = l->dp_dropped = 0;
}

static void list_add(void *ctx, const struct vf_event *ev)
{
	vf_event_list_add(ctx, ev);
}

#define SCAN_LINE_MAX 65536

#define SCAN_BLOCK (1u << 20)

struct block_scan {
	struct vf_classifier *c;
	int kmsg;
	unsigned long lineno;
	char *scratch;
};

/* One line of a block, parsed from a copy, into the classifier. */
static void block_line(struct block_scan *b, const char *s, size_t len)
{
	struct klog_line kl;

	if (len > SCAN_LINE_MAX - 1)
		len = SCAN_LINE_MAX - 1;
	memcpy(b->scratch, s, len);
	b->scratch[len] = '\0';
	if (klog_parse(b->scratch, len, b->kmsg, &kl))
		vfc_line(b->c, kl.msg, kl.len, kl.ts, kl.has_ts, b->lineno);
}

/*
 * The whole lines r[0..n): every anchor of the catalogue found at once
 * (sig_set_find), and only the lines holding one classified, as the log
 * scan does; a line with an escape byte (which the parser removes, and
 * which may hide an anchor) and every line while a crash report is open
 * are classified too. Other lines can give no event.
 */
static void block_region(struct block_scan *b, const char *r, size_t n,
			 struct sig_occv *occ)
{
	size_t pos = 0, i = 0;

	occ->n = 0;
	if (!b->c->tuned) {
		sig_set_tune(b->c->set, r, n);
		b->c->tuned = 1;
	}
	sig_set_find(b->c->set, r, n, occ);
	while (pos < n) {
		const char *nl;
		size_t ls, le;

		if (b->c->cm.crash.open) {
			ls = pos;
		} else {
			size_t next = i < occ->n ? occ->v[i].pos : n;
			const char *esc = memchr(r + pos, 0x1b, next - pos);

			if (esc)
				next = (size_t)(esc - r);
			if (next >= n) {
				b->lineno += hv_memcount(r + pos, n - pos, '\n');
				return;
			}
			ls = next;
			while (ls > pos && r[ls - 1] != '\n')
				ls--;
			b->lineno += hv_memcount(r + pos, ls - pos, '\n');
		}
		nl = memchr(r + ls, '\n', n - ls);
		le = nl ? (size_t)(nl - r) : n;
		b->lineno++;
		block_line(b, r + ls, le > ls && r[le - 1] == '\r' ? le - ls - 1 : le - ls);
		while (i < occ->n && occ->v[i].pos < le)
			i++;
		pos = le + 1;
	}
}

/* A regular file from @fd's offset, block by block. 0 or an errno. */
static int scan_blocks(struct vf_classifier *c, int fd, int kmsg)
{
	struct block_scan b = { c, kmsg, 0, xmalloc(SCAN_LINE_MAX) };
	struct sig_occv occ;
	char *buf = xmalloc(SCAN_BLOCK + 1);
	size_t have = 0;
	int skipping = 0, err = 0;

	memset(&occ, 0, sizeof(occ));
	for (;;) {
		ssize_t got = read(fd, buf + have, SCAN_BLOCK - have);
		size_t end;

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			err = errno;
			break;
		}
		have += (size_t)got;
		if (!have)
			break;
		for (end = have; end && buf[end - 1] != '\n'; end--)
			;
		if (got == 0)
			end = have;	/* the last line, unterminated */
		if (!end) {
			/* a line longer than a block: its head, the rest skipped */
			if (!skipping) {
				b.lineno++;
				block_line(&b, buf, have);
			}
			skipping = 1;
			have = 0;
			continue;
		}
		if (skipping) {
			/* the tail of the long line ends at the first newline */
			char *nl = memchr(buf, '\n', end);
			size_t cut = (size_t)(nl - buf) + 1;

			memmove(buf, buf + cut, have - cut);
			have -= cut;
			end -= cut;
			skipping = 0;
		}
		block_region(&b, buf, end, &occ);
		memmove(buf, buf + end, have - end);
		have -= end;
		if (got == 0)
			break;
	}
	sig_occv_free(&occ);
	free(b.scratch);
	free(buf);
	return err;
}

int vf_events_scan_fd(struct vf_event_list *l, int fd, int kmsg,
		      const struct vf_event_defs *defs,
		      const struct catalog *cat, const struct kb *kb)
{
	struct linereader lr;
	int err;

	lr_init_fd(&lr, fd, SCAN_LINE_MAX);
	err = vf_events_scan_lr(l, &lr, kmsg, defs, cat, kb);
	lr_free(&lr);
	return err;
}

int vf_events_scan_lr(struct vf_event_list *l, struct linereader *lr,
		      int kmsg, const struct vf_event_defs *defs,
		      const struct catalog *cat, const struct kb *kb)
{
	struct vf_classifier *c = vfc_new(defs, cat, kb, list_add, l);
	int err = vfc_scan(c, lr, kmsg);

	vfc_finish(c);
	vfc_free(c);
	return err;
}

void vfc_reset(struct vf_classifier *c)
{
	struct log_crash x;

	if (log_crash_take(&c->cm, &x))
		log_crash_free(&x);
	c->nnic = c->nvf = 0;
	c->clock = 0;
	c->hyperv = 0;
	c->detected = 0;
	c->offer_open = 0;
	c->has_now = 0;
	if (c->kb)
		memset(c->after_seen, 0, (size_t)c->kb->n + 1);
}

int vfc_scan(struct vf_classifier *c, struct linereader *lr, int kmsg)
{
	char *line;
	size_t len;
	unsigned long lineno = 0;
	struct stat st;
	int r, err = 0;

	if (lr->fd >= 0 && !kmsg && !fstat(lr->fd, &st) && S_ISREG(st.st_mode) &&
	    lr->start == lr->end && !lr->eof) {
		/* a file not yet read from: the fast path */
		return scan_blocks(c, lr->fd, kmsg);
	}
	while ((r = lr_next(lr, &line, &len)) == 1) {
		struct klog_line kl;

		lineno++;
		if (klog_parse(line, len, kmsg, &kl))
			vfc_line(c, kl.msg, kl.len, kl.ts, kl.has_ts, lineno);
	}
	if (r < 0)
		err = lr->err ? lr->err : EIO;
	return err;
}
