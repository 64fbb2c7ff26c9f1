// SPDX-License-Identifier: GPL-2.0
#include "base/klog.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/bdf.h"
#include "base/lineprefix.h"
#include "base/util.h"

/* Whether any byte of the 8 at @p is below 0x20 or is 0x7f. */
static int has_control8(const char *p)
{
	const uint64_t ones = 0x0101010101010101ull, highs = ones * 0x80;
	uint64_t x, del;

	memcpy(&x, p, 8);
	del = x ^ (ones * 0x7f);
	/* the classic zero-byte test, moved to "below 0x20" and to "0x7f" */
	return (((x - ones * 0x20) & ~x) | ((del - ones) & ~del)) & highs ? 1 : 0;
}

/* Remove ESC sequences and turn other control bytes into spaces. */
static size_t clean(char *s, size_t len)
{
	size_t i = 0, o;

	/* most lines have none: skip the clean head 8 bytes at a time */
	while (len - i >= 8 && !has_control8(s + i))
		i += 8;
	o = i;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0x1b) {
			i++;
			if (i < len && s[i] == '[') {
				/* CSI: parameters, then one final byte */
				i++;
				while (i < len && ((unsigned char)s[i] < 0x40 ||
						   (unsigned char)s[i] > 0x7e))
					i++;
				if (i < len)
					i++;
			} else if (i < len) {
				i++;
			}
			continue;
		}
		if (c == '\r') {
			i++;
			continue;
		}
		s[o++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
		i++;
	}
	s[o] = '\0';
	return o;
}

static int isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* "6,1234,5678901,-;" */
static char *kmsg_header(char *s, double *ts)
{
	char *p = s, *semi;
	int field = 0;
	unsigned long long usec = 0;

	semi = strchr(s, ';');
	if (!semi)
		return NULL;
	while (p < semi && field < 3) {
		char *start = p;

		while (p < semi && isdig(*p))
			p++;
		if (p == start || (*p != ',' && p != semi))
			return NULL;
		if (field == 2)
			usec = strtoull(start, NULL, 10);
		field++;
		if (*p == ',')
			p++;
	}
	if (field < 3)
		return NULL;
	*ts = (double)usec / 1e6;
	return semi + 1;
}

/*
 * Syslog or journal prefix ending in "kernel: " (the timestamp as
 * lineprefix.c reads it): return what follows.
 */
static char *syslog_prefix(char *s)
{
	char *k;

	/* most lines start with '[' or a letter past 'S': one test each */
	if (!isdig(s[0]) && !(s[0] >= 'A' && s[0] <= 'S'))
		return NULL;
	if (!lp_timestamp(s, NULL))
		return NULL;
	k = strstr(s, " kernel: ");
	if (!k || k - s > 120)
		return NULL;
	return k + 9;
}

/* "[   12.345678] " or "[Mon Jul 23 16:19:49 2018] " */
static char *stamp(char *s, double *ts, int *has_ts)
{
	char *p = s + 1, *end;
	double v;

	if (*s != '[')
		return NULL;
	end = strchr(s, ']');
	if (!end || end - s > 40)
		return NULL;
	while (*p == ' ')
		p++;
	if (isdig(*p)) {
		/* seconds.micros by hand: strtod is locale-bound and slow */
		double scale = 1;
		char *q = p;

		v = 0;
		while (isdig(*q))
			v = v * 10 + (*q++ - '0');
		if (*q == '.') {
			double frac = 0;

			q++;
			while (isdig(*q) && scale < 1e15) {
				frac = frac * 10 + (*q++ - '0');
				scale *= 10;
			}
			while (isdig(*q))
				q++;
			v += frac / scale;
		}
		if (q == end) {
			*ts = v;
			*has_ts = 1;
		}
	}
	end++;
	if (*end == ' ')
		end++;
	return end;
}

/*
 * "[   12.345678] " inside the first 256 bytes of @s (seconds with at least
 * three decimals, as the kernel prints them): what follows it.
 */
static char *inner_stamp(char *s, double *ts, int *has_ts)
{
	char *p = s, *lim = s + 256;

	while ((p = strchr(p, '[')) != NULL && p < lim) {
		char *q = p + 1, *d;

		p++;
		while (*q == ' ')
			q++;
		d = q;
		while (isdig(*q))
			q++;
		if (q == d || *q != '.')
			continue;
		d = ++q;
		while (isdig(*q))
			q++;
		if (q - d < 3 || q[0] != ']')
			continue;
		return stamp(p - 1, ts, has_ts);
	}
	return NULL;
}

/* A lower-case word of 1 to @max letters, blanks, ':': past the colon,
 * or NULL. */
static char *word_colon(char *s, int max)
{
	char *p = s;

	while (*p >= 'a' && *p <= 'z')
		p++;
	if (p == s || p - s > max)
		return NULL;
	while (*p == ' ')
		p++;
	return *p == ':' ? p + 1 : NULL;
}

/* dmesg -x: "kern  :info  : " (facility, then level) */
static char *facility_prefix(char *s)
{
	char *p = word_colon(s, 8);

	if (p)
		p = word_colon(p, 7);
	if (p && *p == ' ')
		p++;
	return p;
}

int klog_parse(char *line, size_t len, int kmsg, struct klog_line *out)
{
	char *s, *n;

	out->has_ts = 0;
	out->ts = 0;
	len = clean(line, len);
	s = line;
	if (kmsg) {
		if (*s == ' ')
			return 0;	/* dictionary line of the record above */
		n = kmsg_header(s, &out->ts);
		if (n) {
			out->has_ts = 1;
			s = n;
		}
	} else {
		n = syslog_prefix(s);
		if (n)
			s = n;
		if (*s == '<') {
			char *p = s + 1;

			while (isdig(*p))
				p++;
			if (*p == '>' && p > s + 1 && p - s < 6)
				s = p + 1;
		}
		n = facility_prefix(s);
		if (n)
			s = n;
		n = stamp(s, &out->ts, &out->has_ts);
		if (n)
			s = n;
	}
	if (!kmsg && !out->has_ts && s == line) {
		/*
		 * No prefix at the start, but a kernel stamp further in: a
		 * tool's own prefix (a test runner's "... .stdout [ 1.480494]")
		 * or console text glued before the line ("Starting
		 * ...[    9.070297] hv_pci ..."). The message follows the stamp.
		 */
		n = inner_stamp(s, &out->ts, &out->has_ts);
		if (n)
			s = n;
	}
	out->msg = s;
	out->len = len - (size_t)(s - line);
	while (out->len && out->msg[out->len - 1] == ' ')
		out->msg[--out->len] = '\0';
	return out->len > 0;
}

/* ---- crash and warning reports ---- */

static int is_sym(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$';
}

/* Copy at most n - 1 bytes of [s, s + len). */
static void put(char *dst, size_t n, const char *s, size_t len)
{
	if (len > n - 1)
		len = n - 1;
	memcpy(dst, s, len);
	dst[len] = '\0';
}

/*
 * "func+0x12/0xc0" at @p, optionally followed by " [module ...]" (the
 * module's name up to the first blank: newer kernels add a build id).
 * Returns the end of what was read, NULL when @p is not such a token.
 */
static const char *sym_off(const char *p, struct klog_site *s)
{
	const char *f = p, *q;

	while (is_sym(*p))
		p++;
	if (p == f || strncmp(p, "+0x", 3))
		return NULL;
	q = p + 3;
	while (isxdigit((unsigned char)*q))
		q++;
	if (strncmp(q, "/0x", 3))
		return NULL;
	q += 3;
	while (isxdigit((unsigned char)*q))
		q++;
	put(s->func, sizeof(s->func), f, (size_t)(p - f));
	s->module[0] = '\0';
	if (q[0] == ' ' && q[1] == '[' && q[2] != '<') {
		const char *m = q + 2, *e = m;

		while (*e && *e != ' ' && *e != ']')
			e++;
		if (e > m && (*e == ']' || *e == ' ') && strchr(e, ']')) {
			put(s->module, sizeof(s->module), m, (size_t)(e - m));
			q = strchr(e, ']') + 1;
		}
	}
	return q;
}

/* Skip "[<ffffffffa0123456>] " address brackets (3.x and 4.x traces). */
static const char *skip_addr(const char *p)
{
	while (*p == ' ')
		p++;
	while (p[0] == '[' && p[1] == '<') {
		const char *e = strstr(p, ">]");

		if (!e)
			break;
		p = e + 2;
		while (*p == ' ')
			p++;
	}
	return p;
}

int klog_crash_header(const char *msg, struct klog_site *s)
{
	const char *p, *at, *colon;

	memset(s, 0, sizeof(*s));
	if ((p = strstr(msg, "kernel BUG at ")) != NULL) {
		at = p + 14;
	} else if ((p = strstr(msg, "WARNING: ")) != NULL &&
		   (!strncmp(p + 9, "CPU: ", 5) || !strncmp(p + 9, "at ", 3))) {
		at = strstr(p, " at ");
		if (!at)
			return 0;
		at += 4;
	} else {
		return 0;
	}
	while (!strncmp(at, "../", 3))
		at += 3;
	colon = at;
	while (*colon && *colon != ' ' && *colon != ':')
		colon++;
	put(s->file, sizeof(s->file), at, (size_t)(colon - at));
	p = strchr(colon, ' ');
	if (p) {
		p++;
		if (!sym_off(p, s)) {
			/* older: "func()" or "func() [module]" */
			const char *f = p;

			while (is_sym(*p))
				p++;
			if (p > f && p[0] == '(' && p[1] == ')') {
				put(s->func, sizeof(s->func), f, (size_t)(p - f));
				if (!strncmp(p + 2, " [", 2)) {
					const char *m = p + 4, *e = m;

					while (*e && *e != ']' && *e != ' ')
						e++;
					put(s->module, sizeof(s->module), m, (size_t)(e - m));
				}
			}
		}
	}
	return 1;
}

int klog_crash_rip(const char *msg, struct klog_site *s)
{
	const char *p = NULL, *q;

	memset(s, 0, sizeof(*s));
	if ((q = strstr(msg, "RIP: ")) != NULL)
		p = q + 5;
	else if (!strncmp(msg, "IP: ", 4))
		p = msg + 4;
	else if ((q = strstr(msg, "] IP: ")) != NULL)
		p = q + 6;
	else if (!strncmp(msg, "pc : ", 5))
		p = msg + 5;
	else if (!strncmp(msg, "RIP  [<", 7))
		p = msg + 4;
	if (!p)
		return 0;
	/* "0010:" code segment, then the location */
	if (isxdigit((unsigned char)p[0]) && p[4] == ':')
		p += 5;
	p = skip_addr(p);
	if (!sym_off(p, s)) {
		/* an address only: nothing to name */
		s->func[0] = '\0';
	}
	return 1;
}

int klog_crash_frame(const char *msg, struct klog_site *s, int *unreliable)
{
	const char *p = skip_addr(msg);

	memset(s, 0, sizeof(*s));
	*unreliable = 0;
	if (p[0] == '?' && p[1] == ' ') {
		*unreliable = 1;
		p += 2;
	}
	p = sym_off(p, s);
	if (!p)
		return 0;
	while (*p == ' ')
		p++;
	/* arm64 marks a frame "(P)" or "(L)": taken from pc or lr */
	if (p[0] == '(' && isupper((unsigned char)p[1]) && p[2] == ')') {
		p += 3;
		while (*p == ' ')
			p++;
	}
	return *p == '\0';
}

int klog_crash_end(const char *msg)
{
	return strstr(msg, "---[ end trace") != NULL ||
	       strstr(msg, "---[ end Kernel panic") != NULL;
}

/* ---- the shape of a log ---- */

void klog_shape_init(struct klog_shape *s)
{
	memset(s, 0, sizeof(*s));
}

void klog_shape_free(struct klog_shape *s)
{
	free(s->buf);
	free(s->off);
	s->buf = NULL;
	s->off = NULL;
	s->used = 0;
	s->cap = 0;
	s->nmsg = 0;
	s->noff = 0;
}

static void copy_field(char *dst, size_t n, const char *s)
{
	size_t i = 0;

	while (s[i] && s[i] != ' ' && i < n - 1) {
		dst[i] = s[i];
		i++;
	}
	dst[i] = '\0';
}

void klog_shape_add(struct klog_shape *s, const char *msg, size_t len,
		    double ts, int has_ts, unsigned long lineno)
{
	const char *p;

	s->lines++;
	if (has_ts && !s->has_first_ts) {
		s->has_first_ts = 1;
		s->first_ts = ts;
	}
	if (!strncmp(msg, "Linux version ", 14)) {
		s->boot = 1;
		if (!s->release[0]) {
			copy_field(s->release, sizeof(s->release), msg + 14);
			s->release_line = lineno;
		}
	} else if (!strncmp(msg, "Command line: ", 14)) {
		s->boot = 1;
	}
	if (!s->hyperv[0] &&
	    (p = strstr(msg, "Hypervisor detected: Microsoft Hyper")) != NULL &&
	    (p[36] == 'V' || p[36] == '-')) {
		size_t n = len < sizeof(s->hyperv) - 1 ? len : sizeof(s->hyperv) - 1;

		memcpy(s->hyperv, msg, n);
		s->hyperv[n] = '\0';
		s->hyperv_line = lineno;
	}
	/* kept for the filter test while the head is small */
	if (s->nmsg >= KLOG_SHAPE_LINES || s->used + len + 1 > KLOG_SHAPE_BYTES)
		return;
	if (s->used + len + 1 > s->cap) {
		s->cap = s->cap ? s->cap * 2 : 4096;
		while (s->cap < s->used + len + 1)
			s->cap *= 2;
		s->buf = xrealloc(s->buf, s->cap);
	}
	if (s->nmsg == s->noff) {
		s->noff = s->noff ? s->noff * 2 : 64;
		s->off = xrealloc(s->off, s->noff * sizeof(*s->off));
	}
	s->off[s->nmsg++] = s->used;
	memcpy(s->buf + s->used, msg, len);
	s->buf[s->used + len] = '\0';
	s->used += len + 1;
}

/*
 * Case-blind substring test, charged to a budget of bytes looked at: the
 * filter test gives up (claims nothing) rather than take long on a
 * hostile log.
 */
static long budget;

static int holds(const char *hay, const char *w)
{
	size_t n = strlen(w);
	const char *h0 = hay;
	int r = 0;

	for (; *hay; hay++)
		if (tolower((unsigned char)*hay) == w[0] && !strncasecmp(hay, w, n)) {
			r = 1;
			break;
		}
	budget -= (long)(hay - h0) + 1;
	return r;
}

#define MAX_CAND 400

/*
 * Candidate filter words of one line: the pieces of its words (letters,
 * digits, '_'), 3 to 12 characters with a letter, lower case (only those
 * a word starts with when @heads); a whole word of 2 capitals ("VF") too.
 */
static int candidates(const char *msg, char (*out)[16], int max, int heads)
{
	int n = 0;
	const char *p = msg;

	while (*p && n < max) {
		const char *w = p;
		size_t len, a, b;

		while (*p && (isalnum((unsigned char)*p) || *p == '_'))
			p++;
		len = (size_t)(p - w);
		if (len == 2 && isupper((unsigned char)w[0]) &&
		    isupper((unsigned char)w[1])) {
			out[n][0] = (char)tolower((unsigned char)w[0]);
			out[n][1] = (char)tolower((unsigned char)w[1]);
			out[n++][2] = '\0';
		}
		for (a = 0; a < len && n < max && (!heads || !a); a++)
			for (b = a + 3; b <= len && b - a <= 12 && n < max; b++) {
				size_t k;
				int alpha = 0, dup = 0, j;

				for (k = a; k < b; k++)
					alpha |= isalpha((unsigned char)w[k]) != 0;
				if (!alpha)
					continue;
				for (k = a; k < b; k++)
					out[n][k - a] = (char)tolower((unsigned char)w[k]);
				out[n][b - a] = '\0';
				for (j = 0; j < n && !dup; j++)
					dup = !strcmp(out[j], out[n]);
				if (!dup)
					n++;
			}
		if (!*p)
			break;
		p++;
	}
	return n;
}

static const char *msg_at(const struct klog_shape *s, unsigned long i)
{
	return s->buf + s->off[i];
}

/* The original spelling of @w in @msg (for the report). */
static void spelled(const char *msg, const char *w, char *out, size_t n)
{
	size_t len = strlen(w);

	for (; *msg; msg++)
		if (!strncasecmp(msg, w, len)) {
			if (len > n - 1)
				len = n - 1;
			memcpy(out, msg, len);
			out[len] = '\0';
			return;
		}
	hv_strlcpy(out, w, n);
}

void klog_shape_finish(struct klog_shape *s, int whole)
{
	static char c1[MAX_CAND][16], c2[MAX_CAND][16];
	unsigned long i, u;
	int n1, n2, a, b, best = -1;

	s->nfilter = 0;
	if (!whole || s->nmsg < 3 || s->nmsg < s->lines)
		return;
	budget = 4L << 20;
	/* one word in every line: the longest such */
	n1 = candidates(msg_at(s, 0), c1, MAX_CAND, 0);
	for (a = 0; a < n1 && budget > 0; a++) {
		for (i = 1; i < s->nmsg && holds(msg_at(s, i), c1[a]); i++)
			;
		if (i == s->nmsg && (best < 0 || strlen(c1[a]) > strlen(c1[best])))
			best = a;
	}
	if (budget <= 0)
		return;		/* too costly to tell: no claim */
	if (best >= 0) {
		spelled(msg_at(s, 0), c1[best], s->filter[0], sizeof(s->filter[0]));
		s->nfilter = 1;
		return;
	}
	/* one of two words in every line: the first line gives one, the first
	 * line without it the other (words as a line's words start) */
	n1 = candidates(msg_at(s, 0), c1, MAX_CAND, 1);
	for (a = 0; a < n1 && budget > 0; a++) {
		if (strlen(c1[a]) < 3)
			continue;
		for (u = 1; u < s->nmsg && holds(msg_at(s, u), c1[a]); u++)
			;
		if (u == s->nmsg || u < 2)
			continue;	/* a word of every line, or of too few */
		n2 = candidates(msg_at(s, u), c2, MAX_CAND, 1);
		for (b = 0; b < n2 && budget > 0; b++) {
			if (strlen(c2[b]) < 3)
				continue;
			for (i = u + 1; i < s->nmsg; i++)
				if (!holds(msg_at(s, i), c1[a]) && !holds(msg_at(s, i), c2[b]))
					break;
			if (i == s->nmsg && budget > 0) {
				spelled(msg_at(s, 0), c1[a], s->filter[0], sizeof(s->filter[0]));
				spelled(msg_at(s, u), c2[b], s->filter[1], sizeof(s->filter[1]));
				s->nfilter = 2;
				return;
			}
		}
	}
}

/* An address has its first ':' 4 bytes in: only the line's colons are tried. */
void klog_first_bdf(const char *s, size_t len, char *out, size_t n)
{
	const char *c = s, *end = s + len;

	out[0] = '\0';
	while ((c = memchr(c, ':', (size_t)(end - c))) != NULL) {
		size_t i = (size_t)(c - s);
		struct hvd_bdf b;

		c++;
		if (i < 4)
			continue;
		i -= 4;
		if (i && s[i - 1] != ' ' && s[i - 1] != '[' && s[i - 1] != '@' &&
		    s[i - 1] != ':' && s[i - 1] != '(')
			continue;
		if (hvd_bdf_parse(s + i, len - i, 0, &b)) {
			char tmp[HVD_BDF_STRLEN + 1];

			hvd_bdf_format(&b, tmp);
			hv_strlcpy(out, tmp, n);
			return;
		}
	}
}
