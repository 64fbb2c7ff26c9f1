// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile/sig.h"
#include "suites.h"
#include "base/util.h"

static int m(const char *pat, const char *s, char *bdf)
{
	struct sig_pat p;
	struct sig_caps c;
	char err[128];
	int r;

	if (sig_compile(pat, &p, err, sizeof(err)))
		return -1;
	r = sig_match(&p, s, strlen(s), &c);
	if (r && bdf)
		sig_cap_get(&c, SIG_BDF, bdf, 16);
	sig_free(&p);
	return r;
}

static void sig_literal_and_bdf(struct hvd_ktest *t)
{
	char bdf[16] = "";

	HVD_EXPECT_EQ(t, m("mlx4_core {BDF}: Sending reset",
			   "mlx4_core 0002:00:02.0: Sending reset", bdf), 1);
	HVD_EXPECT_STREQ(t, bdf, "0002:00:02.0");
	HVD_EXPECT_EQ(t, m("mlx4_core {BDF}: Sending reset",
			   "mlx4_core 0002:00:02.0: Sending vhcr0", NULL), 0);
	/* unanchored: the pattern may start anywhere */
	HVD_EXPECT_EQ(t, m("Sending reset", "x mlx4_core 0002:00:02.0: Sending reset", NULL), 1);
}

static void sig_tokens(struct hvd_ktest *t)
{
	HVD_EXPECT_EQ(t, m("irq {N} for MSI", "irq 40 for MSI/MSI-X", NULL), 1);
	HVD_EXPECT_EQ(t, m("irq {N} for MSI", "irq x for MSI/MSI-X", NULL), 0);
	HVD_EXPECT_EQ(t, m("Using version {HEX}", "PCI VMBus probing: Using version 0x10002", NULL), 1);
	HVD_EXPECT_EQ(t, m("hv_pci {GUID}: PCI", "hv_pci 7622ea16-858c-4a2c-9d5a-0a1b2c3d4e5f: PCI host", NULL), 1);
	HVD_EXPECT_EQ(t, m("hv_pci {GUID}: PCI", "hv_pci 7622ea16-858c-4a2c-9d5a: PCI host", NULL), 0);
	HVD_EXPECT_EQ(t, m("{IF}: joined to {IF}", "mlx4_core 0002:00:02.0 eth2: joined to eth1", NULL), 1);
	HVD_EXPECT_EQ(t, m("BAR {N}: can't assign {*}(size", "pci 0002:00:02.0: BAR 2: can't assign mem pref (size 0x800000)", NULL), 1);
	HVD_EXPECT_EQ(t, m("literal {{brace}", "a literal {brace} here", NULL), 1);
}

static void sig_compile_errors(struct hvd_ktest *t)
{
	struct sig_pat p;
	char err[128];

	HVD_EXPECT_EQ(t, sig_compile("", &p, err, sizeof(err)), -1);
	HVD_EXPECT_EQ(t, sig_compile("abc {NOPE}", &p, err, sizeof(err)), -1);
	HVD_EXPECT_TRUE(t, strstr(err, "unknown placeholder") != NULL);
	HVD_EXPECT_EQ(t, sig_compile("abc {BDF", &p, err, sizeof(err)), -1);
	HVD_EXPECT_EQ(t, sig_compile("{N}{*}{BDF}", &p, err, sizeof(err)), -1);
	HVD_EXPECT_TRUE(t, strstr(err, "literal") != NULL);
}

struct seen {
	int n;
	int idx[32];
};

static void on_hit(void *ctx, int index, const struct sig_caps *caps)
{
	struct seen *s = ctx;

	(void)caps;
	if (s->n < (int)ARRAY_SIZE(s->idx))
		s->idx[s->n++] = index;
}

static void sig_set_scan_all(struct hvd_ktest *t)
{
	static const char *const pats[] = {
		"Sending reset", "Sending vhcr0", "{BDF}: Sending {IF}", "joined to {IF}",
	};
	struct sig_pat p[4];
	struct sig_set *set = sig_set_new();
	struct seen s;
	char err[128];
	const char *line = "mlx4_core 0002:00:02.0: Sending reset";
	int i;

	for (i = 0; i < 4; i++) {
		HVD_ASSERT_EQ(t, sig_compile(pats[i], &p[i], err, sizeof(err)), 0);
		sig_set_add(set, &p[i]);
	}
	sig_set_build(set);
	memset(&s, 0, sizeof(s));
	HVD_EXPECT_EQ(t, sig_set_scan(set, line, strlen(line), on_hit, &s), 2);
	HVD_EXPECT_EQ(t, s.n, 2);
	HVD_EXPECT_EQ(t, s.idx[0], 0);
	HVD_EXPECT_EQ(t, s.idx[1], 2);
	memset(&s, 0, sizeof(s));
	HVD_EXPECT_EQ(t, sig_set_scan(set, "x", 1, on_hit, &s), 0);
	for (i = 0; i < 4; i++)
		sig_free(&p[i]);
	sig_set_free(set);
}

/*
 * The set against the obvious: every pattern's sig_match on its own, and
 * every anchor found by a plain search, on lines built at random from the
 * patterns' own pieces (so that anchors, near misses and overlaps occur).
 * Two sets: shortest anchor 3 (grams of 3, every position read) and 8.
 */
static const char *const diff_set_a[] = {
	"abc", "xabcabcab {N} y", "{BDF}: abcab", "bca{*}zz", "cab {IF}",
};
static const char *const diff_set_b[] = {
	"VF slot {N} added", "VF slot {N} removed", "{IF}: joined to {IF}",
	"Data path switched to VF: {IF}", "slot slot slot", "mlx4_core {BDF}: Sending reset",
	"Sending reset", "{BDF}: irq {N} for MSI/MSI-X", "aaaaaaaaaaaa",
};
static const char *const diff_pieces[] = {
	"abc", "ab", "bca", "cab", "xabcabcab ", "zz", " ", "0002:00:02.0", "12",
	"eth1", "VF slot ", "VF slo", " added", " removed", ": joined to ",
	"Data path switched to VF: ", "slot ", "mlx4_core ", ": Sending reset",
	"Sending rese", "irq ", " for MSI/MSI-X", "aaaa", "aaaaaaaa", "\xff", "a",
};

static unsigned int lcg(unsigned int *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 16;
}

static void diff_fail(struct hvd_ktest *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void diff_fail(struct hvd_ktest *t, const char *fmt, ...)
{
	char buf[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	hvd_ktest_fail_at(t, __FILE__, __LINE__, buf);
}

/* Occurrences the plain way: each distinct anchor, at every position. */
static size_t plain_occ(const struct sig_pat *p, int np, const char *s,
			size_t len, struct sig_occ *out, size_t max)
{
	const char *anc[16];
	size_t alen[16], pos, n = 0;
	int na = 0, i, a;

	for (i = 0; i < np; i++) {
		for (a = 0; a < na; a++)
			if (alen[a] == p[i].anchorlen &&
			    !memcmp(anc[a], p[i].anchor, alen[a]))
				break;
		if (a == na) {
			anc[na] = p[i].anchor;
			alen[na++] = p[i].anchorlen;
		}
	}
	for (pos = 0; pos < len; pos++)
		for (a = 0; a < na; a++)
			if (alen[a] <= len - pos && !memcmp(s + pos, anc[a], alen[a]) &&
			    n < max) {
				out[n].pos = pos;
				out[n++].anchor = a;
			}
	return n;
}

static int diff_one(struct hvd_ktest *t, const char *const *src, int np,
		    unsigned int seed)
{
	struct sig_pat p[16];
	struct sig_set *set = sig_set_new();
	struct sig_occv occ;
	static struct sig_occ want[4096];
	char err[128], line[200], text[8192];
	size_t tlen = 0, nwant, k;
	int i, round, bad = 0;

	memset(&occ, 0, sizeof(occ));
	for (i = 0; i < np; i++) {
		if (sig_compile(src[i], &p[i], err, sizeof(err)))
			return -1;
		sig_set_add(set, &p[i]);
	}
	sig_set_build(set);
	for (round = 0; round < 2; round++) {
		for (k = 0; k < 3000 && !bad; k++) {
			struct seen got, exp;
			size_t len = 0;
			int pieces = (int)(lcg(&seed) % 8) + 1;

			while (pieces--) {
				const char *pc = diff_pieces[lcg(&seed) % ARRAY_SIZE(diff_pieces)];
				size_t pl = strlen(pc);

				if (len + pl >= sizeof(line))
					break;
				memcpy(line + len, pc, pl);
				len += pl;
			}
			line[len] = '\0';
			if (round == 0 && tlen + len + 1 < sizeof(text)) {
				memcpy(text + tlen, line, len);
				text[tlen + len] = '\n';
				tlen += len + 1;
			}
			memset(&got, 0, sizeof(got));
			memset(&exp, 0, sizeof(exp));
			sig_set_scan(set, line, len, on_hit, &got);
			for (i = 0; i < np; i++)
				if (sig_match(&p[i], line, len, NULL))
					on_hit(&exp, i, NULL);
			if (got.n != exp.n || memcmp(got.idx, exp.idx, sizeof(int) * (size_t)got.n)) {
				diff_fail(t, "round %d line '%s': set %d hits, alone %d",
					       round, line, got.n, exp.n);
				bad = 1;
			}
		}
		/* a whole text: every occurrence, in order */
		occ.n = 0;
		sig_set_find(set, text, tlen, &occ);
		nwant = plain_occ(p, np, text, tlen, want, ARRAY_SIZE(want));
		if (occ.n != nwant) {
			diff_fail(t, "round %d: %zu occurrences, plainly %zu",
				       round, occ.n, nwant);
			bad = 1;
		}
		for (k = 0; k < occ.n && k < nwant && !bad; k++)
			if (occ.v[k].pos != want[k].pos || occ.v[k].anchor != want[k].anchor) {
				diff_fail(t, "round %d: occurrence %zu at %zu, plainly %zu",
					       round, k, occ.v[k].pos, want[k].pos);
				bad = 1;
			}
		/* the second round: windows fitted to the text */
		sig_set_tune(set, text, tlen);
	}
	sig_occv_free(&occ);
	for (i = 0; i < np; i++)
		sig_free(&p[i]);
	sig_set_free(set);
	return bad;
}

static void sig_set_differential(struct hvd_ktest *t)
{
	HVD_EXPECT_EQ(t, diff_one(t, diff_set_a, (int)ARRAY_SIZE(diff_set_a), 1), 0);
	HVD_EXPECT_EQ(t, diff_one(t, diff_set_b, (int)ARRAY_SIZE(diff_set_b), 7), 0);
	HVD_EXPECT_EQ(t, diff_one(t, diff_set_b, (int)ARRAY_SIZE(diff_set_b), 99), 0);
}

/* An empty set finds nothing; a text shorter than a gram is no error. */
static void sig_set_edges(struct hvd_ktest *t)
{
	struct sig_set *set = sig_set_new();
	struct sig_occv occ;
	struct sig_pat p;
	char err[128];

	memset(&occ, 0, sizeof(occ));
	sig_set_build(set);
	HVD_EXPECT_EQ(t, sig_set_find(set, "abc", 3, &occ), 0);
	sig_set_free(set);
	set = sig_set_new();
	HVD_ASSERT_EQ(t, sig_compile("Sending reset", &p, err, sizeof(err)), 0);
	sig_set_add(set, &p);
	sig_set_build(set);
	HVD_EXPECT_EQ(t, sig_set_find(set, "Sen", 3, &occ), 0);
	/* at the very end, and twice overlapping nothing */
	HVD_EXPECT_EQ(t, sig_set_find(set, "xSending resetSending reset", 27, &occ), 2);
	HVD_EXPECT_EQ(t, occ.v[0].pos, 1);
	HVD_EXPECT_EQ(t, occ.v[1].pos, 14);
	sig_set_tune(set, "", 0);
	sig_set_tune(set, "Sending", 7);
	occ.n = 0;
	HVD_EXPECT_EQ(t, sig_set_find(set, "Sending reset", 13, &occ), 1);
	sig_occv_free(&occ);
	sig_free(&p);
	sig_set_free(set);
}

static void sig_ere(struct hvd_ktest *t)
{
	struct sig_pat p;
	char err[128], *e;

	HVD_ASSERT_EQ(t, sig_compile("a.b {N} (x)", &p, err, sizeof(err)), 0);
	e = sig_to_ere(&p);
	HVD_EXPECT_STREQ(t, e, "a\\.b [0-9]+ \\(x\\)");
	free(e);
	sig_free(&p);
}

static const struct hvd_ktest_case sig_cases[] = {
	{ "literal_and_bdf", sig_literal_and_bdf },
	{ "tokens", sig_tokens },
	{ "compile_errors", sig_compile_errors },
	{ "set_scan", sig_set_scan_all },
	{ "set_differential", sig_set_differential },
	{ "set_edges", sig_set_edges },
	{ "to_ere", sig_ere },
	{ 0, 0 },
};
const struct hvd_ktest_suite sig_suite = { "sig", sig_cases, 0, 0 };
