/* SPDX-License-Identifier: GPL-2.0 */
/* The suites of lib/: run in userspace by tests/unit and in the module. */
#ifndef HVD_LIB_SUITES_H
#define HVD_LIB_SUITES_H
#include "ktest.h"
extern const struct hvd_ktest_suite ktest_suite, bdf_suite, pcicap_suite,
	mlx4_comm_suite, hv_ic_suite;
/*
 * The one list every runner starts its suites with (the kernel module's,
 * tests/unit's, the selftests'), in the order they print.
 */
#define HVD_LIB_SUITES \
	&ktest_suite, &bdf_suite, &pcicap_suite, &mlx4_comm_suite, &hv_ic_suite
#endif
