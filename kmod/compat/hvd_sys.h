/* SPDX-License-Identifier: GPL-2.0 */
/* lib/'s fixed-width types in the module (lib/hvd_types.h). */
#ifndef HVD_SYS_H
#define HVD_SYS_H

#include <linux/types.h>
#include <linux/stddef.h>

typedef u8 hvd_u8;
typedef u16 hvd_u16;
typedef u32 hvd_u32;
typedef u64 hvd_u64;

#endif
