/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width types for code shared by the tools, the module and the tests.
 * Files under lib/ include only this header, so they build with no libc
 * inside the kernel and with no kernel headers in userspace.
 */
#ifndef HVD_TYPES_H
#define HVD_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/stddef.h>
typedef u8 hvd_u8;
typedef u16 hvd_u16;
typedef u32 hvd_u32;
typedef u64 hvd_u64;
#else
#include <stddef.h>
#include <stdint.h>
typedef uint8_t hvd_u8;
typedef uint16_t hvd_u16;
typedef uint32_t hvd_u32;
typedef uint64_t hvd_u64;
#endif

#define HVD_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
