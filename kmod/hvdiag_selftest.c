// SPDX-License-Identifier: GPL-2.0
/* The shared lib/ suites, run inside the kernel, KTAP into a buffer. */
#include <linux/kernel.h>

#include "hvdiag.h"
#include "lib/lib_suites.h"

static void out_print(void *ctx, const char *fmt, ...)
{
	struct hvd_out *o = ctx;
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	vscnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	hvd_out_printf(o, "%s", line);
}

int hvd_selftest(struct hvd_out *o)
{
	static const struct hvd_ktest_suite *const suites[] = {
		&kmod_suite,
	};
	struct hvd_ktest_out out;
	struct hvd_ktest_totals t;

	out.print = out_print;
	out.ctx = o;
	return hvd_ktest_run2(hvd_lib_suites, hvd_lib_nsuites, suites,
			      ARRAY_SIZE(suites), &out, &t);
}

static void show_selftest(struct hvd_out *o)
{
	hvd_selftest(o);
}

const struct hvd_file hvd_file_selftest = {
	.name = "selftest", .mode = 0400, .show = show_selftest,
};
