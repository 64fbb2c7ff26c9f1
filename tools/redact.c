// SPDX-License-Identifier: GPL-2.0
#include "redact.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct map {
	char *from;
	char *to;
};

struct redact {
	struct map *m;
	int n;
	int nmac, nv4, nv6;
	char host[256];
};

struct redact *redact_new(void)
{
	struct redact *r = xcalloc(1, sizeof(*r));

	if (gethostname(r->host, sizeof(r->host)) || strlen(r->host) < 3)
		r->host[0] = '\0';
	return r;
}

void redact_free(struct redact *r)
{
	int i;

	if (!r)
		return;
	for (i = 0; i < r->n; i++) {
		free(r->m[i].from);
		free(r->m[i].to);
	}
	free(r->m);
	free(r);
}

static const char *stand_in(struct redact *r, const char *tok, size_t n,
			    int kind)
{
	char buf[64];
	int i;

	for (i = 0; i < r->n; i++)
		if (strlen(r->m[i].from) == n && !strncmp(r->m[i].from, tok, n))
			return r->m[i].to;
	if (kind == 0) {
		r->nmac++;
		snprintf(buf, sizeof(buf), "02:00:00:00:%02x:%02x",
			 (r->nmac >> 8) & 0xff, r->nmac & 0xff);
	} else if (kind == 1) {
		r->nv4++;
		snprintf(buf, sizeof(buf), "192.0.2.%d", r->nv4 % 254 + 1);
	} else {
		r->nv6++;
		snprintf(buf, sizeof(buf), "2001:db8::%x", r->nv6);
	}
	r->m = xrealloc(r->m, (size_t)(r->n + 1) * sizeof(*r->m));
	r->m[r->n].from = xstrndup(tok, n);
	r->m[r->n].to = xstrdup(buf);
	return r->m[r->n++].to;
}

static size_t mac_at(const char *s, size_t left)
{
	size_t i;

	if (left < 17)
		return 0;
	for (i = 0; i < 17; i++) {
		if (i % 3 == 2) {
			if (s[i] != ':')
				return 0;
		} else if (!isxdigit((unsigned char)s[i])) {
			return 0;
		}
	}
	if (left > 17 && (isxdigit((unsigned char)s[17]) || s[17] == ':'))
		return 0;
	return 17;
}

static size_t v4_at(const char *s, size_t left)
{
	size_t i = 0;
	int part;

	for (part = 0; part < 4; part++) {
		size_t st = i;
		int v = 0;

		while (i < left && isdigit((unsigned char)s[i]) && i - st < 3)
			v = v * 10 + (s[i++] - '0');
		if (i == st || v > 255)
			return 0;
		if (part < 3) {
			if (i >= left || s[i] != '.')
				return 0;
			i++;
		}
	}
	if (i < left && (isdigit((unsigned char)s[i]) ||
			 (s[i] == '.' && i + 1 < left && isdigit((unsigned char)s[i + 1]))))
		return 0;
	return i;
}

/* A global IPv6 literal: hex groups and colons, at least two colons. */
static size_t v6_at(const char *s, size_t left)
{
	size_t i = 0;
	int colons = 0, hex = 0;

	while (i < left && (isxdigit((unsigned char)s[i]) || s[i] == ':')) {
		if (s[i] == ':')
			colons++;
		else
			hex++;
		i++;
	}
	/* "0002:00:02.0" and "16:19:49" are not addresses */
	if ((colons < 3 && !hv_memmem(s, i, "::", 2)) || hex < 2 || i < 6)
		return 0;
	if (i < left && (s[i] == '.' || isalnum((unsigned char)s[i])))
		return 0;
	if (!strncmp(s, "fe80:", 5) || !strncmp(s, "::1", 3))
		return 0;
	return i;
}

char *redact_text(struct redact *r, const char *s, size_t len, size_t *outlen)
{
	struct sbuf b;
	size_t i = 0, hl = strlen(r->host);

	sbuf_init(&b);
	while (i < len) {
		size_t n;
		int boundary = !i || !isalnum((unsigned char)s[i - 1]);

		if (boundary && (n = mac_at(s + i, len - i))) {
			sbuf_adds(&b, stand_in(r, s + i, n, 0));
		} else if (boundary && s[i - (i ? 1 : 0)] != '.' &&
			   (n = v4_at(s + i, len - i))) {
			sbuf_adds(&b, stand_in(r, s + i, n, 1));
		} else if (boundary && (n = v6_at(s + i, len - i))) {
			sbuf_adds(&b, stand_in(r, s + i, n, 2));
		} else if (hl && boundary && len - i >= hl &&
			   !strncmp(s + i, r->host, hl) &&
			   (i + hl == len || !isalnum((unsigned char)s[i + hl]))) {
			sbuf_adds(&b, "host-1");
			n = hl;
		} else {
			sbuf_addn(&b, s + i, 1);
			n = 1;
		}
		i += n;
	}
	*outlen = b.len;
	return sbuf_detach(&b);
}
