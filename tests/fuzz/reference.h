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

#include "catalog.h"
#include "kb.h"
#include "klog.h"
#include "profile.h"
#include "sig.h"

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
 */
#define OBITS 12

struct oanchor {
	const char *s;
	size_t len;
	int next;		/* next anchor with the same first 3 bytes' hash */
};

static struct oanchor *oa;
static int noa, ohead[1 << OBITS];
static int *pat_anchor;		/* per pattern: its anchor in oa, -1 none */
static unsigned char *alone, *got, *seen;

static NOCOV unsigned int ohash(const char *p)
{
	uint32_t g = (uint32_t)(unsigned char)p[0] |
		     (uint32_t)(unsigned char)p[1] << 8 |
		     (uint32_t)(unsigned char)p[2] << 16;

	return (g * 2654435761u) >> (32 - OBITS);
}

/* The catalogue of a run, from the data directory, and its anchors. */
static NOCOV void reference_init(const char *name)
{
	const char *dir = hvdiag_datadir();
	char path[4096];
	int i, a;

	fuzz_name = name;
	snprintf(path, sizeof(path), "%s/profiles", dir);
	if (profiles_load_dir(&profiles, path))
		die("cannot load the profiles");
	snprintf(path, sizeof(path), "%s/kb", dir);
	if (kb_load_dir(&kb, path))
		die("cannot load the knowledge base");
	if (catalog_build(&cat, &profiles, &kb))
		die("cannot build the catalogue");
	oa = calloc((size_t)cat.n, sizeof(*oa));
	pat_anchor = calloc((size_t)cat.n, sizeof(*pat_anchor));
	alone = calloc((size_t)cat.n, 1);
	got = calloc((size_t)cat.n, 1);
	seen = calloc((size_t)cat.n, 1);
	if (!oa || !pat_anchor || !alone || !got || !seen)
		die("out of memory");
	memset(ohead, -1, sizeof(ohead));
	for (i = 0; i < cat.n; i++) {
		const struct sig_pat *p = cat.pat[i];

		pat_anchor[i] = -1;
		if (!p->anchor || p->anchorlen < 3)
			continue;	/* tried on every message */
		for (a = 0; a < noa; a++)
			if (oa[a].len == p->anchorlen &&
			    !memcmp(oa[a].s, p->anchor, p->anchorlen))
				break;
		if (a == noa) {
			unsigned int h = ohash(p->anchor);

			oa[a].s = p->anchor;
			oa[a].len = p->anchorlen;
			oa[a].next = ohead[h];
			ohead[h] = a;
			noa++;
		}
		pat_anchor[i] = a;
	}
}

/* How many anchors occur at s[p] (@mark: seen[a] set for each). */
static NOCOV int anchors_at(const char *s, size_t len, size_t p, int mark)
{
	size_t k;
	int a, n = 0;

	for (a = ohead[ohash(s + p)]; a >= 0; a = oa[a].next) {
		if (oa[a].len > len - p)
			continue;
		for (k = 0; k < oa[a].len && s[p + k] == oa[a].s[k]; k++)
			;
		if (k == oa[a].len) {
			n++;
			if (mark)
				seen[a] = 1;
		}
	}
	return n;
}

/* Every pattern alone on @s: alone[i] 1 for each that matches. */
static NOCOV void reference(const char *s, size_t len)
{
	size_t p;
	int i;

	memset(seen, 0, (size_t)noa);
	for (p = 0; p + 3 <= len; p++)
		anchors_at(s, len, p, 1);
	for (i = 0; i < cat.n; i++) {
		int a = pat_anchor[i];

		alone[i] = (a < 0 || seen[a]) &&
			   sig_match(cat.pat[i], s, len, NULL);
	}
}

static NOCOV void set_hit(void *ctx, int i, const struct sig_caps *c)
{
	char buf[64];

	(void)ctx;
	if (i < 0 || i >= cat.n || got[i])
		die("the set reported a pattern out of range or twice");
	got[i] = 1;
	sig_cap_get(c, SIG_BDF, buf, sizeof(buf));
	sig_cap_get(c, SIG_GUID, buf, sizeof(buf));
}

/*
 * The set against each pattern alone on one parsed message; the patterns
 * that match are left in alone[].
 */
static NOCOV void cross_check(const struct klog_line *kl)
{
	int i, hits;

	memset(got, 0, (size_t)cat.n);
	hits = sig_set_scan(cat.set, kl->msg, kl->len, set_hit, NULL);
	reference(kl->msg, kl->len);
	for (i = 0; i < cat.n; i++) {
		if (alone[i] != got[i]) {
			fprintf(stderr, "pattern %d '%s' alone %d, in the set %d, on '%s'\n",
				i, cat.pat[i]->src, alone[i], got[i], kl->msg);
			die("the set disagrees with a pattern alone");
		}
		hits -= alone[i];
	}
	if (hits)
		die("the set's hit count is not its hits");
}

#endif
