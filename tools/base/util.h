/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers every part of the tool uses: memory, strings, messages. */
#ifndef HVDIAG_UTIL_H
#define HVDIAG_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Exit codes, stable for scripts (see hvdiag(8)). */
#define EXIT_PASS	0
#define EXIT_CHECKFAIL	1
#define EXIT_USAGE	2
#define EXIT_NOTAPPL	4
/* explain: a line reads like an error and no entry knows it */
#define EXIT_UNRECOGNISED	3

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* "hvdiag: <message>" on stderr; errors are lower case, no final period. */
void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Copy with truncation; always terminates when n > 0. Returns strlen(src). */
size_t hv_strlcpy(char *dst, const char *src, size_t n);
/* Portable memmem (not every old libc has one). */
const void *hv_memmem(const void *hay, size_t hlen, const void *needle,
		      size_t nlen);
/* How many bytes of s[0..n) equal @c (SSE2 where the target has it). */
size_t hv_memcount(const char *s, size_t n, char c);
int hv_startswith(const char *s, const char *prefix);
/*
 * Length of the well-formed UTF-8 sequence at @p (1 for ASCII; no
 * overlong forms, surrogates or code points past U+10FFFF), within @left
 * bytes ((size_t)-1 for a NUL-terminated string), or 0 when it is not one.
 */
int utf8_seq_len(const unsigned char *p, size_t left);
/* Whether the @n-byte sequence at @p is U+FFFE or U+FFFF (no text). */
int utf8_nonchar(const unsigned char *p, int n);
/* Strip leading and trailing white space in place; returns the start. */
char *hv_trim(char *s);

/* A growable string. */
struct sbuf {
	char *s;
	size_t len;
	size_t cap;
};
void sbuf_init(struct sbuf *b);
void sbuf_free(struct sbuf *b);
void sbuf_addn(struct sbuf *b, const char *s, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vaddf(struct sbuf *b, const char *fmt, va_list ap);
char *sbuf_detach(struct sbuf *b);

/* "8M", "1G", "4096", "0x1000" -> bytes; -1 on error. */
int parse_size(const char *s, uint64_t *out);
/* Strict unsigned decimal/hex parse of the whole string. */
int parse_u64(const char *s, uint64_t *out);
/* Format bytes the way lspci does: 8M, 1M, 256, 4K. */
void format_size(uint64_t n, char *buf, size_t len);

#endif
