# SPDX-License-Identifier: GPL-2.0
# lib/: the code the kernel module and the tools share. One list, read by
# the top-level Makefile (through sources.mk), kmod/Kbuild and the
# selftests' Makefile. Names relative to lib/.
LIB_CODE := bdf.c pcicap.c ktest.c mlx4_comm.c mlx4_pf.c hv_ic.c
# the lib suites, run in the kernel (hvdiag.ko) and in userspace alike
LIB_SUITES := lib_test.c mlx4_comm_test.c hv_ic_test.c
