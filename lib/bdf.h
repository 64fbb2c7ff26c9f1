/* SPDX-License-Identifier: GPL-2.0 */
/* PCI addresses: strict parsing and canonical formatting (DDDD:BB:DD.F). */
#ifndef HVD_BDF_H
#define HVD_BDF_H

#include "hvd_types.h"

struct hvd_bdf {
	hvd_u32 domain;	/* 16 bits in practice; vPCI domains use all of them */
	hvd_u8 bus;
	hvd_u8 dev;	/* 0..31 */
	hvd_u8 fn;	/* 0..7 */
};

/* Length of the canonical form "DDDD:BB:DD.F" without the terminator. */
#define HVD_BDF_STRLEN 12

/*
 * Parse a PCI address at the start of @s (at most @len bytes). Accepts
 * "DDDD:BB:DD.F" and, when @allow_short, "BB:DD.F" (domain 0, as lspci
 * prints it without -D). Returns the number of bytes consumed, or 0 when
 * @s does not start with an address. Hex digits of either case.
 */
size_t hvd_bdf_parse(const char *s, size_t len, int allow_short,
		     struct hvd_bdf *out);

/* Whole-string parse: trailing characters (but one newline) are an error. */
int hvd_bdf_parse_exact(const char *s, size_t len, struct hvd_bdf *out);

/* Write the canonical form into @buf (at least HVD_BDF_STRLEN + 1 bytes). */
void hvd_bdf_format(const struct hvd_bdf *b, char *buf);

#endif
