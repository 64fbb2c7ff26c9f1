// SPDX-License-Identifier: GPL-2.0
/* Userspace runner: the shared suites, printed as one KTAP document. */
#include <stdarg.h>
#include <stdio.h>

#include "suites.h"

static void out_print(void *ctx, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

int main(void)
{
	static const struct hvd_ktest_suite *const suites[] = {
		&sig_suite, &klog_suite,
		&lspci_suite, &interrupts_suite, &kconfig_suite, &profile_suite,
		&ipaddr_suite, &redact_suite, &ktap_suite, &kmod_judge_suite,
		&net_suite, &render_prom_suite, &logscan_suite, &field_suite,
		&lspci_formats_suite, &lineprefix_suite, &vfevents_suite, &ethtool_suite,
	};
	struct hvd_ktest_out out = { out_print, NULL };
	struct hvd_ktest_totals t;

	hvd_ktest_run2(hvd_lib_suites, hvd_lib_nsuites, suites,
		       (int)(sizeof(suites) / sizeof(suites[0])), &out, &t);
	return t.failed ? 1 : 0;
}
