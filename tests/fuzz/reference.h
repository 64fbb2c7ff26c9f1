/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the fuzz targets of the pattern set check it against: the real
 * catalogue (built-in events, profiles, knowledge base), loaded once, and
 * every pattern matched alone. Included by fuzz_klog.c and fuzz_sigtune.c.
 */
#ifndef HVDIAG_FUZZ_REFERENCE_H
#define HVDIAG_FUZZ_REFERENCE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile/catalog.h"
#include "profile/kb.h"
#include "base/klog.h"
#include "profile/profile.h"
#include "profile/sig.h"

/*
 * The checking code is left out of the coverage the fuzzer steers by: only
 * the code under test should guide it (and the checks run faster).
 */
#define NOCOV __attribute__((no_sanitize("coverage")))

static struct profile_set profiles;
static struct kb kb;
static struct catalog cat;
static const char *fuzz_name;

static NOCOV void die(const char *what)
{
	fprintf(stderr, "%s: %s\n", fuzz_name, what);
	abort();
}

/*
 * The reference: every pattern alone on a message. A pattern can match
 * only where its anchor (its longest literal) occurs, so the reference
 * finds the anchors by looking at every position of the message, plainly,
 * without the set's sampled index or its fitted windows, and runs the
 * matcher for each pattern of each anchor found. That anchors hold is the
 * pattern compiler's promise; fuzz_profile checks it on fuzzed patterns.
 * One reference serves one catalogue (struct ref); ref points at the one
 * in use.
 */
#define OBITS 12

struct oanchor {
	const char *s;
	size_t len;
	int next;		/* next anchor with the same first 3 bytes' hash */
};

struct ref {
	const struct catalog *cat;
	struct oanchor *oa;
	int noa, ohead[1 << OBITS];
	int *pat_anchor;	/* per pattern: its anchor in oa, -1 none */
	unsigned char *alone, *got, *seen;
	int cap;		/* patterns the arrays have room for */
};

static struct ref real, *ref = &real;

static NOCOV unsigned int ohash(const char *p)
{
	uint32_t g = (uint32_t)(unsigned char)p[0] |
		     (uint32_t)(unsigned char)p[1] << 8 |
		     (uint32_t)(unsigned char)p[2] << 16;

	return (g * 2654435761u) >> (32 - OBITS);
}

/* @r made the reference of catalogue @c (its arrays reused when they fit). */
static NOCOV void ref_build(struct ref *r, const struct catalog *c)
{
	int i, a, n = c->n ? c->n : 1;

	if (n > r->cap) {
		free(r->oa);
		free(r->pat_anchor);
		free(r->alone);
		free(r->got);
		free(r->seen);
		r->oa = calloc((size_t)n, sizeof(*r->oa));
		r->pat_anchor = calloc((size_t)n, sizeof(*r->pat_anchor));
		r->alone = calloc((size_t)n, 1);
		r->got = calloc((size_t)n, 1);
		r->seen = calloc((size_t)n, 1);
		if (!r->oa || !r->pat_anchor || !r->alone || !r->got || !r->seen)
			die("out of memory");
		r->cap = n;
	}
	r->cat = c;
	r->noa = 0;
	memset(r->ohead, -1, sizeof(r->ohead));
	for (i = 0; i < c->n; i++) {
		const struct sig_pat *p = c->pat[i];

		r->pat_anchor[i] = -1;
		if (!p->anchor || p->anchorlen < 3)
			continue;	/* tried on every message */
		for (a = 0; a < r->noa; a++)
			if (r->oa[a].len == p->anchorlen &&
			    !memcmp(r->oa[a].s, p->anchor, p->anchorlen))
				break;
		if (a == r->noa) {
			unsigned int h = ohash(p->anchor);

			r->oa[a].s = p->anchor;
			r->oa[a].len = p->anchorlen;
			r->oa[a].next = r->ohead[h];
			r->ohead[h] = a;
			r->noa++;
		}
		r->pat_anchor[i] = a;
	}
}

/* The catalogue of a run, from the data directory, and its reference. */
static NOCOV void reference_init(const char *name)
{
	const char *dir = hvdiag_datadir();
	char path[4096];

	fuzz_name = name;
	snprintf(path, sizeof(path), "%s/profiles", dir);
	if (profiles_load_dir(&profiles, path))
		die("cannot load the profiles");
	snprintf(path, sizeof(path), "%s/kb", dir);
	if (kb_load_dir(&kb, path))
		die("cannot load the knowledge base");
	if (catalog_build(&cat, &profiles, &kb))
		die("cannot build the catalogue");
	ref_build(&real, &cat);
}

/* How many anchors occur at s[p] (@mark: seen[a] set for each). */
static NOCOV int anchors_at(const char *s, size_t len, size_t p, int mark)
{
	size_t k;
	int a, n = 0;

	for (a = ref->ohead[ohash(s + p)]; a >= 0; a = ref->oa[a].next) {
		const struct oanchor *o = &ref->oa[a];

		if (o->len > len - p)
			continue;
		for (k = 0; k < o->len && s[p + k] == o->s[k]; k++)
			;
		if (k == o->len) {
			n++;
			if (mark)
				ref->seen[a] = 1;
		}
	}
	return n;
}

/* Every pattern alone on @s: ref->alone[i] 1 for each that matches. */
static NOCOV void reference(const char *s, size_t len)
{
	const struct catalog *c = ref->cat;
	size_t p;
	int i;

	memset(ref->seen, 0, (size_t)(ref->noa ? ref->noa : 1));
	for (p = 0; p + 3 <= len; p++)
		anchors_at(s, len, p, 1);
	for (i = 0; i < c->n; i++) {
		int a = ref->pat_anchor[i];

		ref->alone[i] = (a < 0 || ref->seen[a]) &&
				sig_match(c->pat[i], s, len, NULL);
	}
}

static NOCOV void set_hit(void *ctx, int i, const struct sig_caps *c)
{
	char buf[64];

	(void)ctx;
	if (i < 0 || i >= ref->cat->n || ref->got[i])
		die("the set reported a pattern out of range or twice");
	ref->got[i] = 1;
	sig_cap_get(c, SIG_BDF, buf, sizeof(buf));
	sig_cap_get(c, SIG_GUID, buf, sizeof(buf));
}

/*
 * The set against each pattern alone on one parsed message; the patterns
 * that match are left in ref->alone[].
 */
static NOCOV void cross_check(const struct klog_line *kl)
{
	const struct catalog *c = ref->cat;
	int i, hits;

	memset(ref->got, 0, (size_t)ref->cap);
	hits = sig_set_scan(c->set, kl->msg, kl->len, set_hit, NULL);
	reference(kl->msg, kl->len);
	for (i = 0; i < c->n; i++) {
		if (ref->alone[i] != ref->got[i]) {
			fprintf(stderr, "pattern %d '%s' alone %d, in the set %d, on '%s'\n",
				i, c->pat[i]->src, ref->alone[i], ref->got[i], kl->msg);
			die("the set disagrees with a pattern alone");
		}
		hits -= ref->alone[i];
	}
	if (hits)
		die("the set's hit count is not its hits");
}

#endif
