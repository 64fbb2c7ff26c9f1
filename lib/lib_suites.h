/* SPDX-License-Identifier: GPL-2.0 */
/* The suites of lib/: run in userspace by tests/unit and in the module. */
#ifndef HVD_LIB_SUITES_H
#define HVD_LIB_SUITES_H
#include "ktest.h"
extern const struct hvd_ktest_suite ktest_suite, bdf_suite, pcicap_suite,
	mlx4_comm_suite, hv_ic_suite;
/*
 * The one list of them, in the order they print: every runner (the
 * module's, tests/unit's, the selftests') runs it first, its own after
 * (hvd_ktest_run2()).
 */
extern const struct hvd_ktest_suite *const hvd_lib_suites[];
extern const int hvd_lib_nsuites;
#endif
