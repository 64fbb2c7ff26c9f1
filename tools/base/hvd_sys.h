/* SPDX-License-Identifier: GPL-2.0 */
/* lib/'s fixed-width types in userspace builds (lib/hvd_types.h). */
#ifndef HVD_SYS_H
#define HVD_SYS_H

#include <stddef.h>
#include <stdint.h>

typedef uint8_t hvd_u8;
typedef uint16_t hvd_u16;
typedef uint32_t hvd_u32;
typedef uint64_t hvd_u64;

#endif
