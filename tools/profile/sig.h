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
 * literal, its anchor (the longest literal piece); the set looks only at
 * lines that contain an anchor, found for all patterns at once.
 */
#ifndef HVDIAG_SIG_H
#define HVDIAG_SIG_H

#include <stddef.h>
#include <stdint.h>

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

/* What a pattern is for, beyond matching (set by its owner). */
#define SIG_F_CRASH	0x1	/* the first line of a crash or warning report */
#define SIG_F_KNOWN	0x2	/* a known failure line (KB entry, forbidden line) */
#define SIG_F_FALLBACK	0x4	/* counts only on a line no SIG_F_KNOWN/CRASH pattern matched */

/*
 * Words a line must hold one of, found like anchors: every word of at
 * least m bytes has its 3-byte grams at offsets 0..m-3 in a 4096-bit
 * filter, so reading one gram every m-2 bytes of the line meets every
 * occurrence.
 */
#define SIG_WORDS_MAX 32
struct sig_words {
	int n;
	char *w[SIG_WORDS_MAX];
	unsigned char len[SIG_WORDS_MAX];
	unsigned int minlen;
	uint64_t gram[64];
};

struct sig_pat {
	char *src;
	unsigned int flags;	/* SIG_F_* */
	/* The line must also hold one of these words (NULL: no such rule). */
	const struct sig_words *need;
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
/*
 * Add a word (4 to 255 characters) to @ws; -1 when it is too short, too
 * long, or @ws is full.
 */
int sig_words_add(struct sig_words *ws, const char *w, size_t len);
void sig_words_free(struct sig_words *ws);
/* Whether s[0..len) holds one of @p's needed words (1 when it needs none). */
int sig_has_needed(const struct sig_pat *p, const char *s, size_t len);
/* Whether the pattern has a placeholder of type @tok (e.g. names a {BDF}). */
int sig_has_tok(const struct sig_pat *p, enum sig_tok tok);
/* The pattern as a POSIX extended regular expression (for grep -E). */
char *sig_to_ere(const struct sig_pat *p);

/* A set of patterns matched together (sig_set.c). */
struct sig_set;
struct sig_set *sig_set_new(void);
/* Adds a compiled pattern (not copied; keep it alive); returns its index. */
int sig_set_add(struct sig_set *set, const struct sig_pat *p);
/* Build the search index; call after the last add. */
void sig_set_build(struct sig_set *set);
/*
 * Optional, after build: fit the index to a head of the text to be
 * searched (faster search; same results).
 */
void sig_set_tune(struct sig_set *set, const char *sample, size_t len);
/*
 * Calls @hit for every pattern that matches @s, in index order. The
 * callback gets the captures of that pattern. Returns the number of hits.
 */
typedef void (*sig_hit_fn)(void *ctx, int index, const struct sig_caps *caps);
int sig_set_scan(const struct sig_set *set, const char *s, size_t len,
		 sig_hit_fn hit, void *ctx);

/* Where an anchor occurs: its start in the text and which anchor. */
struct sig_occ {
	size_t pos;
	int anchor;
};

/* A growing list of occurrences; zero-initialise, sig_occv_free after. */
struct sig_occv {
	struct sig_occ *v;
	size_t n, cap;
};
void sig_occv_free(struct sig_occv *v);

/*
 * Appends every occurrence of every anchor in s[0..len) to @out, ordered
 * by position; returns how many were added. This is the fast path of a
 * log scan: lines without an occurrence need no further look.
 */
size_t sig_set_find(const struct sig_set *set, const char *s, size_t len,
		    struct sig_occv *out);
/*
 * Calls @hit, in index order, for every pattern of the anchors in occ[0..n)
 * that matches @s (the message of the line those occurrences lie in).
 */
int sig_set_match(const struct sig_set *set, const struct sig_occ *occ,
		  size_t n, const char *s, size_t len, sig_hit_fn hit,
		  void *ctx);
/*
 * Whether a line holding occ[0..n) is worth a closer look: 0 when each of
 * those anchors only serves patterns that need words (sig_words) the raw
 * line @line lacks. A fast path: sig_set_match would find nothing.
 */
int sig_set_worth(const struct sig_set *set, const struct sig_occ *occ,
		  size_t n, const char *line, size_t len);
void sig_set_free(struct sig_set *set);

#endif
