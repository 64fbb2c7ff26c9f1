/* SPDX-License-Identifier: GPL-2.0 */
#ifndef HVDIAG_SHA256_H
#define HVDIAG_SHA256_H

/* SHA-256 of a file as 64 hex digits; -1 when unreadable. */
int sha256_file(const char *path, char out[65]);

#endif
