// SPDX-License-Identifier: GPL-2.0
/* The shared lib/ suites in userspace, with the same harness the module uses. */
#include <stdarg.h>
#include <stdio.h>

#include "../../lib/lib_suites.h"

static void out(void *ctx, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

int main(void)
{
	struct hvd_ktest_out o = { out, NULL };

	return hvd_ktest_run(hvd_lib_suites, hvd_lib_nsuites, &o, NULL) ? 1 : 0;
}
