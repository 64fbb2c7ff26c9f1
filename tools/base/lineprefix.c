// SPDX-License-Identifier: GPL-2.0
#include "base/lineprefix.h"

#include <string.h>

#include "base/util.h"

static int dig(char c)
{
	return c >= '0' && c <= '9';
}

/* @n digits at @s */
static int digits(const char *s, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!dig(s[i]))
			return 0;
	return 1;
}

static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

/* "hh:mm:ss" with an optional ".frac"/",frac"; its length or 0 */
static size_t clock_len(const char *s)
{
	size_t n = 8;

	if (!digits(s, 2) || s[2] != ':' || !digits(s + 3, 2) || s[5] != ':' ||
	    !digits(s + 6, 2))
		return 0;
	if ((s[8] == '.' || s[8] == ',') && dig(s[9])) {
		n = 9;
		while (dig(s[n]) && n < 18)
			n++;
	}
	return n;
}

size_t lp_timestamp(const char *s, char *shape)
{
	size_t n, i, c;

	if (digits(s, 4) && s[4] == '-' && digits(s + 5, 2) && s[7] == '-' &&
	    digits(s + 8, 2) && (s[10] == 'T' || s[10] == ' ')) {
		c = clock_len(s + 11);
		if (!c)
			return 0;
		n = 11 + c;
		if (s[n] == 'Z') {
			n++;
		} else if ((s[n] == '+' || s[n] == '-') && digits(s + n + 1, 2)) {
			if (s[n + 3] == ':' && digits(s + n + 4, 2))
				n += 6;
			else if (digits(s + n + 3, 2))
				n += 5;
		}
		if (shape) {
			for (i = 0; i < n && i < 39; i++)
				shape[i] = dig(s[i]) ? '9' : s[i];
			shape[i] = '\0';
		}
		return n;
	}
	if (s[0] >= 'A' && s[0] <= 'S' && s[1] && s[2] && s[3] == ' ') {
		const char *m;

		for (m = months; *m; m += 3)
			if (!strncmp(s, m, 3))
				break;
		if (!*m)
			return 0;
		/* day: "23" or " 3" */
		if (!(dig(s[4]) || s[4] == ' ') || !dig(s[5]) || s[6] != ' ')
			return 0;
		c = clock_len(s + 7);
		if (!c)
			return 0;
		n = 7 + c;
		if (shape) {
			memcpy(shape, "Mmm 99 ", 7);
			for (i = 7; i < n && i < 39; i++)
				shape[i] = dig(s[i]) ? '9' : s[i];
			shape[i] = '\0';
		}
		return n;
	}
	return 0;
}

static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || dig(c) ||
	       c == '_' || c == '-' || c == '.';
}

/*
 * After the timestamp: "[3176][DEBUG] " or " [INFO] ", then a logger name
 * ending in .stdout/.stderr and its space when there is one.
 */
static size_t bracket(const char *s, size_t t, struct lp_shape *sh)
{
	size_t p = t, f = strlen(sh->form);
	int groups = 0;

	if (s[p] == ' ' && s[p + 1] == '[')
		p++;
	while (s[p] == '[' && groups < 4) {
		size_t q = p + 1;
		int alpha = 0, num = 0;

		while (word_char(s[q]) && q - p <= 32) {
			alpha |= !dig(s[q]);
			num |= dig(s[q]);
			q++;
		}
		if (s[q] != ']' || q == p + 1)
			return 0;
		/* the group's class, not its value: a thread id changes */
		if (f + 4 < sizeof(sh->form)) {
			sh->form[f++] = '[';
			sh->form[f++] = alpha ? (num ? 'x' : 'A') : '9';
			sh->form[f++] = ']';
			sh->form[f] = '\0';
		}
		p = q + 1;
		groups++;
	}
	if (!groups || s[p] != ' ')
		return 0;
	p++;
	/* "lisa.env[generated_264].node[0].cmd[1084].stdout " */
	{
		size_t q = p;

		while (s[q] && s[q] != ' ' && q - p < 256)
			q++;
		if (q - p > 7 && (!strncmp(s + q - 7, ".stdout", 7) ||
				  !strncmp(s + q - 7, ".stderr", 7)) &&
		    (s[q] == ' ' || !s[q]))
			p = s[q] ? q + 1 : q;
	}
	return p;
}

/* " host tag[pid]: " after the timestamp */
static size_t syslog(const char *s, size_t t)
{
	size_t p = t, h;

	if (s[p++] != ' ')
		return 0;
	h = p;
	while (word_char(s[p]) && p - h < 64)
		p++;
	if (p == h || s[p++] != ' ')
		return 0;
	h = p;
	while ((word_char(s[p]) || s[p] == '/') && p - h < 64)
		p++;
	if (p == h)
		return 0;
	if (s[p] == '[') {
		size_t d = ++p;

		while (dig(s[p]) && p - d < 10)
			p++;
		if (p == d || s[p++] != ']')
			return 0;
	}
	if (s[p] != ':' || s[p + 1] != ' ')
		return 0;
	return p + 2;
}

size_t lp_prefix(const char *s, enum lp_kind want, struct lp_shape *sh)
{
	size_t t, n;

	sh->kind = LP_NONE;
	sh->form[0] = '\0';
	t = lp_timestamp(s, sh->form);
	if (!t)
		return 0;
	if (want == LP_NONE || want == LP_BRACKET) {
		n = bracket(s, t, sh);
		if (n) {
			sh->kind = LP_BRACKET;
			return n;
		}
		sh->form[strcspn(sh->form, "[")] = '\0';
	}
	if (want == LP_NONE || want == LP_SYSLOG) {
		n = syslog(s, t);
		if (n) {
			sh->kind = LP_SYSLOG;
			return n;
		}
	}
	if ((want == LP_NONE || want == LP_STAMP) && s[t] == ' ') {
		sh->kind = LP_STAMP;
		return t + 1;
	}
	return 0;
}

void lp_strip_init(struct lp_strip *st)
{
	memset(st, 0, sizeof(*st));
}

char *lp_strip_line(struct lp_strip *st, char *line, size_t *len)
{
	struct lp_shape sh;
	size_t n;

	if (st->state < 0)
		return line;
	if (!st->state) {
		if (!*len)
			return line;
		n = lp_prefix(line, LP_NONE, &st->shape);
		st->state = n ? 1 : -1;
		if (!n)
			return line;
	} else {
		n = lp_prefix(line, st->shape.kind, &sh);
		if (!n || strcmp(sh.form, st->shape.form))
			return line;
	}
	st->stripped++;
	*len -= n;
	return line + n;
}
