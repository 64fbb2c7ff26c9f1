// SPDX-License-Identifier: GPL-2.0
/* The Prometheus renderer on reports no fixture can produce: label values
 * with a newline, bytes that are not UTF-8, a repeated id, no timing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/result.h"
#include "suites.h"
#include "render/render.h"

static char *render(const struct report *rep)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	if (!f)
		return NULL;
	render_prom(rep, f, 0);
	fclose(f);
	return buf;
}

static void prom_escapes(struct hvd_ktest *t)
{
	struct result r[2];
	struct report rep;
	char *out;

	memset(r, 0, sizeof(r));
	memset(&rep, 0, sizeof(rep));
	r[0].id = "a\\b\"c\nd";
	r[0].status = ST_FAIL;
	r[1].id = "caf\xc3\xa9 \xff \xe2\x82";
	r[1].status = ST_PASS;
	rep.r = r;
	rep.n = 2;
	strcpy(rep.profile, "p\"1");
	out = render(&rep);
	HVD_ASSERT_TRUE(t, out != NULL);
	HVD_EXPECT_TRUE(t, strstr(out, "hvdiag_check_status{check=\"a\\\\b\\\"c\\nd\",status=\"fail\"} 1\n") != NULL);
	HVD_EXPECT_TRUE(t, strstr(out, "{check=\"caf\xc3\xa9 ? ??\",status=\"pass\"} 1\n") != NULL);
	HVD_EXPECT_TRUE(t, strstr(out, "hvdiag_profile_info{profile=\"p\\\"1\"} 1\n") != NULL);
	/* no raw newline inside any sample line: every line is a comment or
	 * a sample that ends in its value */
	HVD_EXPECT_TRUE(t, strstr(out, "c\nd") == NULL);
	/* untimed reports carry no run timestamp */
	HVD_EXPECT_TRUE(t, strstr(out, "hvdiag_last_run_timestamp_seconds") == NULL);
	HVD_EXPECT_TRUE(t, strstr(out, "hvdiag_exit_code 1\n") != NULL);
	free(out);
}

static void prom_repeated_id(struct hvd_ktest *t)
{
	struct result r[3];
	struct report rep;
	char *out, *p;
	int n = 0;

	memset(r, 0, sizeof(r));
	memset(&rep, 0, sizeof(rep));
	r[0].id = "x";
	r[0].status = ST_PASS;
	r[1].id = "y";
	r[1].status = ST_SKIP;
	r[2].id = "x";
	r[2].status = ST_FAIL;
	rep.r = r;
	rep.n = 3;
	rep.run_timed = 1;
	rep.run_start = 1700000000.25;
	rep.run_seconds = 0.5;
	out = render(&rep);
	HVD_ASSERT_TRUE(t, out != NULL);
	for (p = out; (p = strstr(p, "{check=\"x\",status=\"pass\"}")); p++)
		n++;
	HVD_EXPECT_EQ(t, n, 1);
	HVD_EXPECT_TRUE(t, strstr(out, "{check=\"x\",status=\"pass\"} 1\n") != NULL);
	HVD_EXPECT_TRUE(t, strstr(out, "hvdiag_profile_info{profile=\"none\"} 1\n") != NULL);
	HVD_EXPECT_TRUE(t, strstr(out, "\nhvdiag_last_run_timestamp_seconds 1700000000.250\n") != NULL);
	HVD_EXPECT_TRUE(t, strstr(out, "\nhvdiag_run_duration_seconds 0.500000\n") != NULL);
	free(out);
}

static const struct hvd_ktest_case render_prom_cases[] = {
	{ "escapes", prom_escapes },
	{ "repeated_id", prom_repeated_id },
	{ 0, 0 },
};
const struct hvd_ktest_suite render_prom_suite = { "render_prom", render_prom_cases, 0, 0 };
