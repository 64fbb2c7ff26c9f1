// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "sig.h"
#include "suites.h"

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
	int idx[8];
};

static void on_hit(void *ctx, int index, const struct sig_caps *caps)
{
	struct seen *s = ctx;

	(void)caps;
	if (s->n < 8)
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
	{ "to_ere", sig_ere },
	{ 0, 0 },
};
const struct hvd_ktest_suite sig_suite = { "sig", sig_cases, 0, 0 };
