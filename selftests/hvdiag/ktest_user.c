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
	static const struct hvd_ktest_suite *const s[] = {
		HVD_LIB_SUITES,
	};
	struct hvd_ktest_out o = { out, NULL };

	return hvd_ktest_run(s, (int)(sizeof(s) / sizeof(s[0])), &o, NULL) ? 1 : 0;
}
