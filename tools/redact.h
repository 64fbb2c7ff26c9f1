/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Consistent redaction for bundles: each MAC, IPv4 and IPv6 address and
 * the host name gets one stand-in, the same in every file.
 */
#ifndef HVDIAG_REDACT_H
#define HVDIAG_REDACT_H

#include <stddef.h>

struct redact;
struct redact *redact_new(void);
void redact_free(struct redact *r);
/* A new buffer with every sensitive token replaced. */
char *redact_text(struct redact *r, const char *s, size_t len, size_t *outlen);

#endif
