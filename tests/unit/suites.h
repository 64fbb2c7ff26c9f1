/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVDIAG_TEST_SUITES_H
#define HVDIAG_TEST_SUITES_H
#include "../../lib/ktest.h"
#include "../../lib/lib_suites.h"
extern const struct hvd_ktest_suite klog_suite, lspci_suite, interrupts_suite,
	kconfig_suite, profile_suite, ipaddr_suite, redact_suite, ktap_suite, kmod_judge_suite;
extern const struct hvd_ktest_suite sig_suite, field_suite;
extern const struct hvd_ktest_suite net_suite;
extern const struct hvd_ktest_suite render_prom_suite;
extern const struct hvd_ktest_suite logscan_suite;
extern const struct hvd_ktest_suite lspci_formats_suite, lineprefix_suite;
extern const struct hvd_ktest_suite vfevents_suite, ethtool_suite;
extern const struct hvd_ktest_suite source_suite;
#endif
