/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width types for code shared by the tools, the module and the tests.
 * Files under lib/ include only this header, so they build with no libc
 * inside the kernel and with no kernel headers in userspace: hvd_sys.h,
 * found by the include path, is kmod/compat/'s in the module and
 * tools/base/'s in userspace builds.
 */
#ifndef HVD_TYPES_H
#define HVD_TYPES_H

#include "hvd_sys.h"

#define HVD_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
