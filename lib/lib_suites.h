/* SPDX-License-Identifier: GPL-2.0 */
/* The suites of lib/: run in userspace by tests/unit and in the module. */
#ifndef HVD_LIB_SUITES_H
#define HVD_LIB_SUITES_H
#include "ktest.h"
extern const struct hvd_ktest_suite ktest_suite, bdf_suite, pcicap_suite,
	mlx4_comm_suite, hv_ic_suite;
#endif
