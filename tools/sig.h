/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Signature patterns and the engine that matches many of them against each
 * log line in one pass.
 *
 * A pattern is literal text with typed placeholders:
 *   {BDF}   a PCI address DDDD:BB:DD.F (captured)
 *   {GUID}  a GUID, with or without braces (captured)
 *   {N}     decimal digits        {HEX}  hex digits, optional 0x
 *   {IF}    an interface-like name: letters, digits, _ . - @ :
 *   {*}     anything (possibly nothing)
 *   {{      a literal '{'
 * A placeholder takes the longest run it can and never gives any back. A
 * pattern matches anywhere in the message. Every pattern has a required
 * literal (its longest literal piece); the engine looks only at lines that
 * contain it, found for all patterns at once with a bigram index.
 */
#ifndef HVDIAG_SIG_H
#define HVDIAG_SIG_H

#include <stddef.h>

enum sig_tok {
	SIG_LIT,
	SIG_BDF,
	SIG_GUID,
	SIG_NUM,
	SIG_HEX,
	SIG_IF,
	SIG_ANY,
};

struct sig_item {
	enum sig_tok tok;
	char *lit;
	size_t litlen;
};

struct sig_pat {
	char *src;
	struct sig_item *items;
	int nitems;
	const char *anchor;	/* points into an item; NULL when none */
	size_t anchorlen;
};

#define SIG_MAXCAP 4
struct sig_caps {
	int n;
	struct {
		enum sig_tok tok;
		const char *s;
		size_t len;
	} cap[SIG_MAXCAP];
};

/* Compile; on error returns -1 with a message in @err. */
int sig_compile(const char *src, struct sig_pat *p, char *err, size_t errlen);
void sig_free(struct sig_pat *p);
/* Match anywhere in @s; 1 on match (captures in @caps when given). */
int sig_match(const struct sig_pat *p, const char *s, size_t len,
	      struct sig_caps *caps);
/* First capture of type @tok, copied into @buf; 0 when present. */
int sig_cap_get(const struct sig_caps *c, enum sig_tok tok, char *buf,
		size_t n);
/* The pattern as a POSIX extended regular expression (for grep -E). */
char *sig_to_ere(const struct sig_pat *p);

/* A set of patterns matched together. */
struct sig_set;
struct sig_set *sig_set_new(void);
/* Adds a compiled pattern (not copied; keep it alive); returns its index. */
int sig_set_add(struct sig_set *set, const struct sig_pat *p);
/* Build the prefilter index; call after the last add. */
void sig_set_build(struct sig_set *set);
/*
 * Calls @hit for every pattern that matches @s, in index order. The
 * callback gets the captures of that pattern.
 */
typedef void (*sig_hit_fn)(void *ctx, int index, const struct sig_caps *caps);
int sig_set_scan(struct sig_set *set, const char *s, size_t len,
		 sig_hit_fn hit, void *ctx);
/*
 * Where in s[from..len) the next anchor of any pattern starts (len when
 * none): a skip search (Wu-Manber) that lets a log scan jump over the
 * lines no pattern can match without looking at them one by one.
 */
size_t sig_set_next(const struct sig_set *set, const char *s, size_t len,
		    size_t from);
void sig_set_free(struct sig_set *set);

#endif
