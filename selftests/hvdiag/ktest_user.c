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
		&ktest_suite, &bdf_suite, &pcicap_suite, &mlx4_comm_suite,
		&hv_ic_suite,
	};
	struct hvd_ktest_out o = { out, NULL };

	return hvd_ktest_run(s, 5, &o, NULL) ? 1 : 0;
}
