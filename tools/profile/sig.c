// SPDX-License-Identifier: GPL-2.0
#include "profile/sig.h"
#include "base/util.h"
#include "lib/bdf.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	enum sig_tok tok;
} tokens[] = {
	{ "BDF", SIG_BDF }, { "GUID", SIG_GUID }, { "N", SIG_NUM },
	{ "HEX", SIG_HEX }, { "IF", SIG_IF }, { "*", SIG_ANY },
};

static void add_item(struct sig_pat *p, enum sig_tok tok, const char *lit,
		     size_t len)
{
	struct sig_item *it;

	/* consecutive {*} are one */
	if (tok == SIG_ANY && p->nitems && p->items[p->nitems - 1].tok == SIG_ANY)
		return;
	p->items = xrealloc(p->items, (size_t)(p->nitems + 1) * sizeof(*it));
	it = &p->items[p->nitems++];
	it->tok = tok;
	it->lit = lit ? xstrndup(lit, len) : NULL;
	it->litlen = len;
}

int sig_compile(const char *src, struct sig_pat *p, char *err, size_t errlen)
{
	struct sbuf lit;
	const char *s = src;
	int i;

	memset(p, 0, sizeof(*p));
	sbuf_init(&lit);
	if (!*src) {
		snprintf(err, errlen, "empty pattern");
		return -1;
	}
	while (*s) {
		if (s[0] == '{' && s[1] == '{') {
			sbuf_addn(&lit, "{", 1);
			s += 2;
			continue;
		}
		if (*s == '{') {
			const char *end = strchr(s, '}');
			size_t k, n;
			int found = 0;

			if (!end) {
				snprintf(err, errlen,
					 "unterminated placeholder at column %d",
					 (int)(s - src) + 1);
				goto fail;
			}
			n = (size_t)(end - s - 1);
			for (k = 0; k < ARRAY_SIZE(tokens); k++) {
				if (strlen(tokens[k].name) == n &&
				    !strncmp(s + 1, tokens[k].name, n)) {
					if (lit.len)
						add_item(p, SIG_LIT, lit.s, lit.len);
					lit.len = 0;
					add_item(p, tokens[k].tok, NULL, 0);
					found = 1;
				}
			}
			if (!found) {
				snprintf(err, errlen,
					 "unknown placeholder '{%.*s}' (known: {BDF} {GUID} {N} {HEX} {IF} {*})",
					 (int)(n > 20 ? 20 : n), s + 1);
				goto fail;
			}
			s = end + 1;
			continue;
		}
		sbuf_addn(&lit, s, 1);
		s++;
	}
	if (lit.len)
		add_item(p, SIG_LIT, lit.s, lit.len);
	sbuf_free(&lit);
	p->src = xstrdup(src);
	for (i = 0; i < p->nitems; i++)
		if (p->items[i].tok == SIG_LIT &&
		    p->items[i].litlen > p->anchorlen) {
			p->anchor = p->items[i].lit;
			p->anchorlen = p->items[i].litlen;
		}
	if (p->anchorlen < 3) {
		snprintf(err, errlen,
			 "pattern needs a literal part of at least 3 characters");
		sig_free(p);
		return -1;
	}
	return 0;
fail:
	sbuf_free(&lit);
	sig_free(p);
	return -1;
}

void sig_free(struct sig_pat *p)
{
	int i;

	for (i = 0; i < p->nitems; i++)
		free(p->items[i].lit);
	free(p->items);
	free(p->src);
	memset(p, 0, sizeof(*p));
}

static int ishex(char c)
{
	return isxdigit((unsigned char)c);
}

/* Match one non-{*} item at @pos; returns the end position or -1. */
static long match_item(const struct sig_item *it, const char *s, size_t len,
		       size_t pos)
{
	size_t e = pos;

	switch (it->tok) {
	case SIG_LIT:
		if (len - pos < it->litlen ||
		    memcmp(s + pos, it->lit, it->litlen))
			return -1;
		return (long)(pos + it->litlen);
	case SIG_BDF: {
		struct hvd_bdf b;
		size_t n = hvd_bdf_parse(s + pos, len - pos, 0, &b);

		return n ? (long)(pos + n) : -1;
	}
	case SIG_GUID: {
		static const int groups[] = { 8, 4, 4, 4, 12 };
		int g, brace = 0;
		int k;

		if (e < len && s[e] == '{') {
			brace = 1;
			e++;
		}
		for (g = 0; g < 5; g++) {
			for (k = 0; k < groups[g]; k++, e++)
				if (e >= len || !ishex(s[e]))
					return -1;
			if (g < 4) {
				if (e >= len || s[e] != '-')
					return -1;
				e++;
			}
		}
		if (brace) {
			if (e >= len || s[e] != '}')
				return -1;
			e++;
		}
		return (long)e;
	}
	case SIG_NUM:
		while (e < len && isdigit((unsigned char)s[e]))
			e++;
		return e > pos ? (long)e : -1;
	case SIG_HEX:
		if (len - e >= 2 && s[e] == '0' && (s[e + 1] == 'x' || s[e + 1] == 'X'))
			e += 2;
		{
			size_t st = e;

			while (e < len && ishex(s[e]))
				e++;
			return e > st ? (long)e : -1;
		}
	case SIG_IF:
		while (e < len && (isalnum((unsigned char)s[e]) || s[e] == '_' ||
				   s[e] == '.' || s[e] == '-' || s[e] == '@'))
			e++;
		return e > pos ? (long)e : -1;
	case SIG_ANY:
		break;
	}
	return -1;
}

static void cap_push(struct sig_caps *c, enum sig_tok tok, const char *s,
		     size_t len)
{
	if (!c || c->n >= SIG_MAXCAP)
		return;
	c->cap[c->n].tok = tok;
	c->cap[c->n].s = s;
	c->cap[c->n].len = len;
	c->n++;
}

/*
 * Glob matching with typed items: only the most recent {*} (or the implicit
 * one at the start) is ever retried, so the work is bounded by
 * len * nitems.
 */
int sig_match(const struct sig_pat *p, const char *s, size_t len,
	      struct sig_caps *caps)
{
	int i = 0, star_i = 0, star_caps = 0;
	size_t pos = 0, star_pos = 0;
	struct sig_caps tmp;

	if (!caps)
		caps = &tmp;
	caps->n = 0;
	for (;;) {
		long e;

		if (i == p->nitems)
			return sig_has_needed(p, s, len);
		if (p->items[i].tok == SIG_ANY) {
			star_i = ++i;
			star_pos = pos;
			star_caps = caps->n;
			continue;
		}
		e = match_item(&p->items[i], s, len, pos);
		if (e >= 0) {
			if (p->items[i].tok == SIG_BDF ||
			    p->items[i].tok == SIG_GUID)
				cap_push(caps, p->items[i].tok, s + pos,
					 (size_t)e - pos);
			pos = (size_t)e;
			i++;
			continue;
		}
		if (star_pos >= len)
			return 0;
		star_pos++;
		/* a literal next: only where it occurs can the retry match */
		if (star_i < p->nitems && p->items[star_i].tok == SIG_LIT) {
			const struct sig_item *it = &p->items[star_i];
			const char *f;

			if (star_pos + it->litlen > len)
				return 0;
			f = hv_memmem(s + star_pos, len - star_pos, it->lit, it->litlen);
			if (!f)
				return 0;
			star_pos = (size_t)(f - s);
		}
		i = star_i;
		pos = star_pos;
		caps->n = star_caps;
	}
}

static unsigned int gram3(const char *p)
{
	uint32_t g = (uint32_t)(unsigned char)p[0] |
		     (uint32_t)(unsigned char)p[1] << 8 |
		     (uint32_t)(unsigned char)p[2] << 16;

	return (g * 2654435761u) >> 20;	/* 12 bits */
}

static void words_index(struct sig_words *ws)
{
	int i;
	unsigned int off;

	memset(ws->gram, 0, sizeof(ws->gram));
	for (i = 0; i < ws->n; i++)
		for (off = 0; off + 3 <= ws->minlen; off++) {
			unsigned int h = gram3(ws->w[i] + off);

			ws->gram[h >> 6] |= (uint64_t)1 << (h & 63);
		}
}

int sig_words_add(struct sig_words *ws, const char *w, size_t len)
{
	if (len < 4 || len > 255 || ws->n == SIG_WORDS_MAX)
		return -1;
	ws->w[ws->n] = xstrndup(w, len);
	ws->len[ws->n] = (unsigned char)len;
	ws->n++;
	if (!ws->minlen || len < ws->minlen)
		ws->minlen = (unsigned int)len;
	words_index(ws);
	return 0;
}

void sig_words_free(struct sig_words *ws)
{
	int i;

	for (i = 0; i < ws->n; i++)
		free(ws->w[i]);
	memset(ws, 0, sizeof(*ws));
}

int sig_has_needed(const struct sig_pat *p, const char *s, size_t len)
{
	const struct sig_words *ws = p->need;
	size_t i, st, off;
	int k;

	if (!ws)
		return 1;
	st = ws->minlen - 2;
	for (i = 0; i + 3 <= len; i += st) {
		unsigned int h = gram3(s + i);

		if (!(ws->gram[h >> 6] >> (h & 63) & 1))
			continue;
		/* a word holding this gram starts at most st - 1 bytes before */
		for (off = 0; off < st && off <= i; off++)
			for (k = 0; k < ws->n; k++)
				if (ws->len[k] <= len - (i - off) &&
				    !memcmp(s + i - off, ws->w[k], ws->len[k]))
					return 1;
	}
	return 0;
}

int sig_cap_get(const struct sig_caps *c, enum sig_tok tok, char *buf,
		size_t n)
{
	int i;

	for (i = 0; i < c->n; i++) {
		if (c->cap[i].tok != tok)
			continue;
		if (n) {
			size_t l = c->cap[i].len < n - 1 ? c->cap[i].len : n - 1;

			memcpy(buf, c->cap[i].s, l);
			buf[l] = '\0';
		}
		return 0;
	}
	return -1;
}

int sig_has_tok(const struct sig_pat *p, enum sig_tok tok)
{
	int i;

	for (i = 0; i < p->nitems; i++)
		if (p->items[i].tok == tok)
			return 1;
	return 0;
}

char *sig_to_ere(const struct sig_pat *p)
{
	struct sbuf b;
	int i;
	size_t k;

	sbuf_init(&b);
	for (i = 0; i < p->nitems; i++) {
		const struct sig_item *it = &p->items[i];

		switch (it->tok) {
		case SIG_LIT:
			for (k = 0; k < it->litlen; k++) {
				if (strchr("\\^$.|?*+()[]{}", it->lit[k]))
					sbuf_addn(&b, "\\", 1);
				sbuf_addn(&b, &it->lit[k], 1);
			}
			break;
		case SIG_BDF:
			sbuf_adds(&b, "[0-9a-fA-F]{4}:[0-9a-fA-F]{2}:[0-9a-fA-F]{2}\\.[0-7]");
			break;
		case SIG_GUID:
			sbuf_adds(&b, "\\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}?");
			break;
		case SIG_NUM:
			sbuf_adds(&b, "[0-9]+");
			break;
		case SIG_HEX:
			sbuf_adds(&b, "(0[xX])?[0-9a-fA-F]+");
			break;
		case SIG_IF:
			sbuf_adds(&b, "[A-Za-z0-9_.@-]+");
			break;
		case SIG_ANY:
			sbuf_adds(&b, ".*");
			break;
		}
	}
	return sbuf_detach(&b);
}
