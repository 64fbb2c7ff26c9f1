// SPDX-License-Identifier: GPL-2.0
/* Suites for lib/: they compile in the module too (no libc here). */
#include "bdf.h"
#include "pcicap.h"
#include "ktest.h"
#include "lib_suites.h"

static void bdf_full(struct hvd_ktest *t)
{
	struct hvd_bdf b;
	char buf[HVD_BDF_STRLEN + 1];

	HVD_ASSERT_EQ(t, hvd_bdf_parse("0002:00:02.0 x", 14, 0, &b), 12);
	HVD_EXPECT_EQ(t, b.domain, 2);
	HVD_EXPECT_EQ(t, b.dev, 2);
	hvd_bdf_parse("CF63:0a:1F.7", 12, 0, &b);
	hvd_bdf_format(&b, buf);
	HVD_EXPECT_STREQ(t, buf, "cf63:0a:1f.7");
}

static void bdf_short(struct hvd_ktest *t)
{
	struct hvd_bdf b;

	HVD_EXPECT_EQ(t, hvd_bdf_parse("00:02.0", 7, 0, &b), 0);
	HVD_EXPECT_EQ(t, hvd_bdf_parse("00:02.0", 7, 1, &b), 7);
	HVD_EXPECT_EQ(t, b.domain, 0);
}

static void bdf_reject(struct hvd_ktest *t)
{
	struct hvd_bdf b;

	/* device 0x20 > 31, function 8, truncated, MAC-like tail */
	HVD_EXPECT_EQ(t, hvd_bdf_parse("0000:00:20.0", 12, 0, &b), 0);
	HVD_EXPECT_EQ(t, hvd_bdf_parse("0000:00:02.8", 12, 0, &b), 0);
	HVD_EXPECT_EQ(t, hvd_bdf_parse("0000:00:02", 10, 0, &b), 0);
	HVD_EXPECT_EQ(t, hvd_bdf_parse("0000:00:02.0a", 13, 0, &b), 0);
	HVD_EXPECT_EQ(t, hvd_bdf_parse_exact("0000:00:02.0\n", 13, &b), 0);
	HVD_EXPECT_EQ(t, hvd_bdf_parse_exact("0000:00:02.0 ", 13, &b), -1);
	HVD_EXPECT_EQ(t, hvd_bdf_parse(0, 0, 0, &b), 0);
}

static const struct hvd_ktest_case bdf_cases[] = {
	{ "parse_full", bdf_full },
	{ "parse_short", bdf_short },
	{ "reject", bdf_reject },
	{ 0, 0 },
};
const struct hvd_ktest_suite bdf_suite = { "bdf", bdf_cases, 0, 0 };

static void bar_flags(struct hvd_ktest *t)
{
	/* 0xc: 64-bit prefetchable memory, as a CX-3 VF's BAR 2 */
	HVD_EXPECT_EQ(t, hvd_bar_flags_from_reg(0xfe00000c),
		      HVD_RES_MEM | HVD_RES_MEM64 | HVD_RES_PREFETCH);
	HVD_EXPECT_EQ(t, hvd_bar_flags_from_reg(0x1001), HVD_RES_IO);
	HVD_EXPECT_STREQ(t, hvd_res_type_str(hvd_bar_flags_from_reg(0xc)), "mem64 pref");
}

static void window_fit(struct hvd_ktest *t)
{
	unsigned int bar = HVD_RES_MEM | HVD_RES_MEM64 | HVD_RES_PREFETCH;

	/* the 3.10 vPCI defect: a window with no type bit at all */
	HVD_EXPECT_EQ(t, hvd_window_fit(bar, 0xfe07fffffULL, HVD_RES_WINDOW),
		      HVD_FIT_WINDOW_UNTYPED);
	HVD_EXPECT_EQ(t, hvd_window_fit(bar, 0xfe07fffffULL,
					HVD_RES_MEM | HVD_RES_MEM64 | HVD_RES_PREFETCH),
		      HVD_FIT_OK);
	/* prefetchable BAR may fall back to a plain memory window below 4G */
	HVD_EXPECT_EQ(t, hvd_window_fit(bar, 0xfe7fffffULL, HVD_RES_MEM), HVD_FIT_OK);
	HVD_EXPECT_EQ(t, hvd_window_fit(bar, 0xfe07fffffULL, HVD_RES_MEM),
		      HVD_FIT_NOT_64BIT);
	HVD_EXPECT_EQ(t, hvd_window_fit(HVD_RES_MEM, 0x1000, HVD_RES_MEM | HVD_RES_PREFETCH),
		      HVD_FIT_PREFETCH_MISMATCH);
	HVD_EXPECT_EQ(t, hvd_window_fit(HVD_RES_IO, 0x1000, HVD_RES_MEM),
		      HVD_FIT_TYPE_MISMATCH);
}

static void msix_seed(struct hvd_ktest *t)
{
	/* seed: Count=108, table BAR=2 offset 0x2000, PBA BAR=2 offset 0x3000 */
	struct hvd_msix m;
	hvd_u64 sizes[6] = { 0, 0, 8 << 20, 0, 0, 0 };

	hvd_msix_decode(0x8000 | 107, 0x2002, 0x3002, &m);
	HVD_EXPECT_EQ(t, m.table_size, 108);
	HVD_EXPECT_EQ(t, m.enabled, 1);
	HVD_EXPECT_EQ(t, m.masked, 0);
	HVD_EXPECT_EQ(t, m.table_bir, 2);
	HVD_EXPECT_EQ(t, m.table_offset, 0x2000);
	HVD_EXPECT_EQ(t, hvd_msix_table_bytes(&m), 108 * 16);
	HVD_EXPECT_EQ(t, hvd_msix_pba_bytes(&m), 16);
	HVD_EXPECT_EQ(t, hvd_msix_check_place(&m, sizes), HVD_MSIX_PLACE_OK);
	sizes[2] = 0;
	HVD_EXPECT_EQ(t, hvd_msix_check_place(&m, sizes), HVD_MSIX_TABLE_NO_BAR);
	sizes[2] = 0x2100;	/* table runs past the end */
	HVD_EXPECT_EQ(t, hvd_msix_check_place(&m, sizes), HVD_MSIX_TABLE_OUTSIDE);
}

static void msix_bad(struct hvd_ktest *t)
{
	struct hvd_msix m;
	hvd_u64 sizes[6] = { 1 << 20, 0, 0, 0, 0, 0 };

	hvd_msix_decode(0x7ff, 0x7, 0x0, &m);
	HVD_EXPECT_EQ(t, m.table_size, 2048);
	HVD_EXPECT_EQ(t, hvd_msix_check_place(&m, sizes), HVD_MSIX_TABLE_BAD_BIR);
	hvd_msix_decode(3, 0x0, 0x0, &m);	/* table and PBA both at 0 */
	HVD_EXPECT_EQ(t, hvd_msix_check_place(&m, sizes), HVD_MSIX_OVERLAP);
}

static const struct hvd_ktest_case pcicap_cases[] = {
	{ "bar_flags", bar_flags },
	{ "window_fit", window_fit },
	{ "msix_seed", msix_seed },
	{ "msix_bad", msix_bad },
	{ 0, 0 },
};
const struct hvd_ktest_suite pcicap_suite = { "pcicap", pcicap_cases, 0, 0 };

/* The harness itself: a failing expectation must be seen as a failure. */
static void sink(void *ctx, const char *fmt, ...)
{
	(*(int *)ctx)++;
	(void)fmt;
}

static void failing(struct hvd_ktest *t)
{
	HVD_EXPECT_EQ(t, 1, 2);
}

static void skipping(struct hvd_ktest *t)
{
	hvd_ktest_skip(t, "no device");
}

static void asserting(struct hvd_ktest *t)
{
	HVD_ASSERT_TRUE(t, 0);
	HVD_EXPECT_TRUE(t, 0);	/* never reached */
}

static const struct hvd_ktest_case inner_cases[] = {
	{ "failing", failing },
	{ "skipping", skipping },
	{ "asserting", asserting },
	{ 0, 0 },
};
static const struct hvd_ktest_suite inner = { "inner", inner_cases, 0, 0 };

static void harness_counts(struct hvd_ktest *t)
{
	const struct hvd_ktest_suite *const s[] = { &inner };
	int lines = 0;
	struct hvd_ktest_out out = { sink, &lines };
	struct hvd_ktest_totals tot;

	HVD_EXPECT_EQ(t, hvd_ktest_run(s, 1, &out, &tot), 2);
	HVD_EXPECT_EQ(t, tot.failed, 2);
	HVD_EXPECT_EQ(t, tot.skipped, 1);
	HVD_EXPECT_EQ(t, tot.passed, 0);
	HVD_EXPECT_TRUE(t, lines > 8);
}

/* Two lists in one document: one header and one totals line, all counted. */
static void harness_two_lists(struct hvd_ktest *t)
{
	const struct hvd_ktest_suite *const s[] = { &inner };
	int one = 0, two = 0;
	struct hvd_ktest_out out1 = { sink, &one }, out2 = { sink, &two };
	struct hvd_ktest_totals tot;

	hvd_ktest_run(s, 1, &out1, NULL);
	HVD_EXPECT_EQ(t, hvd_ktest_run2(s, 1, s, 1, &out2, &tot), 4);
	HVD_EXPECT_EQ(t, tot.failed, 4);
	HVD_EXPECT_EQ(t, tot.skipped, 2);
	/* "KTAP version 1", "1..N" and the totals once */
	HVD_EXPECT_EQ(t, two, 2 * one - 3);
}

static const struct hvd_ktest_case ktest_cases[] = {
	{ "counts", harness_counts },
	{ "two_lists", harness_two_lists },
	{ 0, 0 },
};
const struct hvd_ktest_suite ktest_suite = { "ktest", ktest_cases, 0, 0 };

const struct hvd_ktest_suite *const hvd_lib_suites[] = {
	&ktest_suite, &bdf_suite, &pcicap_suite, &mlx4_comm_suite, &hv_ic_suite,
};
const int hvd_lib_nsuites = HVD_ARRAY_SIZE(hvd_lib_suites);
