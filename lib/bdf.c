// SPDX-License-Identifier: GPL-2.0
#include "bdf.h"

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Read exactly @n hex digits; -1 when any is missing. */
static long hexfield(const char *s, size_t len, size_t n)
{
	long v = 0;
	size_t i;

	if (len < n)
		return -1;
	for (i = 0; i < n; i++) {
		int d = hexval(s[i]);

		if (d < 0)
			return -1;
		v = v * 16 + d;
	}
	return v;
}

static size_t parse_bdf_tail(const char *s, size_t len, struct hvd_bdf *out)
{
	long bus, dev, fn;

	/* "BB:DD.F" */
	if (len < 7 || s[2] != ':' || s[5] != '.')
		return 0;
	bus = hexfield(s, len, 2);
	dev = hexfield(s + 3, len - 3, 2);
	fn = hexfield(s + 6, len - 6, 1);
	if (bus < 0 || dev < 0 || fn < 0 || dev > 31 || fn > 7)
		return 0;
	/* A longer hex run would be some other token (e.g. a MAC). */
	if (len > 7 && hexval(s[7]) >= 0)
		return 0;
	out->bus = (hvd_u8)bus;
	out->dev = (hvd_u8)dev;
	out->fn = (hvd_u8)fn;
	return 7;
}

size_t hvd_bdf_parse(const char *s, size_t len, int allow_short,
		     struct hvd_bdf *out)
{
	struct hvd_bdf b;
	long dom;
	size_t n;

	if (!s)
		return 0;
	dom = hexfield(s, len, 4);
	if (dom >= 0 && len > 4 && s[4] == ':') {
		n = parse_bdf_tail(s + 5, len - 5, &b);
		if (n) {
			b.domain = (hvd_u32)dom;
			*out = b;
			return 5 + n;
		}
	}
	if (!allow_short)
		return 0;
	n = parse_bdf_tail(s, len, &b);
	if (!n)
		return 0;
	b.domain = 0;
	*out = b;
	return n;
}

int hvd_bdf_parse_exact(const char *s, size_t len, struct hvd_bdf *out)
{
	size_t n = hvd_bdf_parse(s, len, 0, out);

	if (!n)
		return -1;
	if (n < len && !(n + 1 == len && s[n] == '\n'))
		return -1;
	return 0;
}

void hvd_bdf_format(const struct hvd_bdf *b, char *buf)
{
	static const char hex[] = "0123456789abcdef";
	hvd_u32 d = b->domain & 0xffff;

	buf[0] = hex[(d >> 12) & 15];
	buf[1] = hex[(d >> 8) & 15];
	buf[2] = hex[(d >> 4) & 15];
	buf[3] = hex[d & 15];
	buf[4] = ':';
	buf[5] = hex[b->bus >> 4];
	buf[6] = hex[b->bus & 15];
	buf[7] = ':';
	buf[8] = hex[(b->dev >> 4) & 15];
	buf[9] = hex[b->dev & 15];
	buf[10] = '.';
	buf[11] = hex[b->fn & 7];
	buf[12] = '\0';
}
