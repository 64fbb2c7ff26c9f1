// SPDX-License-Identifier: GPL-2.0
/*
 * Redaction: a scanner that recognises identifiers at word starts and a
 * table that gives each one (by class and normalised key: bytes in lower
 * case hex, or the lower-cased text) the next number of its class. The
 * stand-in is made from that number in the original's style, so one
 * identifier has one stand-in and two identifiers never share one.
 */
#include "collect/redact.h"
#include "base/util.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum rkind {
	RK_MAC,
	RK_HW,
	RK_V4,
	RK_V6,
	RK_V6LL,
	RK_UUID,
	RK_SERIAL,
	RK_N,
};

static const char *const kind_name[RK_N] = {
	"MAC addresses", "hardware addresses", "IPv4 addresses",
	"IPv6 addresses", "IPv6 link-local addresses", "UUIDs", "serial numbers",
};

static const uint32_t kind_max[RK_N] = {
	0xfffffffeu, 0xfffffffeu, REDACT_V4_MAX, 0xfffffffeu, 0xfffffffeu,
	0xfffffffeu, 0xfffffffeu,
};

struct rentry {
	char *key;
	uint32_t id;
	unsigned char kind;
};

struct rname {
	char *name;
	size_t len;
	char to[32];
};

struct redact {
	struct rentry *tab;
	size_t cap, used;
	uint32_t count[RK_N];
	struct rname *names;
	int nnames, nhost, ndomain;
	int failed;
	char err[160];
};

struct redact *redact_new(void)
{
	struct redact *r = xcalloc(1, sizeof(*r));

	r->cap = 1024;
	r->tab = xcalloc(r->cap, sizeof(*r->tab));
	return r;
}

void redact_free(struct redact *r)
{
	size_t i;
	int j;

	if (!r)
		return;
	for (i = 0; i < r->cap; i++)
		free(r->tab[i].key);
	free(r->tab);
	for (j = 0; j < r->nnames; j++)
		free(r->names[j].name);
	free(r->names);
	free(r);
}

const char *redact_error(const struct redact *r)
{
	return r->err[0] ? r->err : "no error";
}

static uint64_t key_hash(int kind, const char *k)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)kind;

	for (; *k; k++) {
		h ^= (unsigned char)*k;
		h *= 1099511628211ull;
	}
	return h;
}

static struct rentry *slot(struct rentry *tab, size_t cap, int kind,
			   const char *key)
{
	size_t i = (size_t)key_hash(kind, key) & (cap - 1);

	while (tab[i].key && (tab[i].kind != kind || strcmp(tab[i].key, key)))
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static void grow(struct redact *r)
{
	size_t ncap = r->cap * 2, i;
	struct rentry *nt = xcalloc(ncap, sizeof(*nt));

	for (i = 0; i < r->cap; i++)
		if (r->tab[i].key)
			*slot(nt, ncap, r->tab[i].kind, r->tab[i].key) = r->tab[i];
	free(r->tab);
	r->tab = nt;
	r->cap = ncap;
}

/* The number of @key in its class; a new one when @add. 0: unknown (or,
 * with @add, the class is out of stand-ins: r->failed is set). */
static uint32_t id_of(struct redact *r, int kind, const char *key, int add)
{
	struct rentry *e;

	if ((r->used + 1) * 2 > r->cap)
		grow(r);
	e = slot(r->tab, r->cap, kind, key);
	if (e->key)
		return e->id;
	if (!add)
		return 0;
	if (r->count[kind] >= kind_max[kind]) {
		snprintf(r->err, sizeof(r->err),
			 "too many distinct %s to redact (all %u stand-ins used)",
			 kind_name[kind], (unsigned int)kind_max[kind]);
		r->failed = 1;
		return 0;
	}
	e->key = xstrdup(key);
	e->kind = (unsigned char)kind;
	e->id = ++r->count[kind];
	r->used++;
	return e->id;
}

/* ---- names ---- */

static int cmp_len_desc(const void *a, const void *b)
{
	const struct rname *x = a, *y = b;

	return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

static void add_name(struct redact *r, const char *name, size_t len,
		     int domain)
{
	int i;

	while (len && (name[len - 1] == '.' || isspace((unsigned char)name[len - 1])))
		len--;
	while (len && (*name == '.' || isspace((unsigned char)*name))) {
		name++;
		len--;
	}
	if (!len || len > 253 || (len == 6 && !strncmp(name, "(none)", 6)) ||
	    (len == 9 && !strncasecmp(name, "localhost", 9)))
		return;
	for (i = 0; i < r->nnames; i++)
		if (r->names[i].len == len && !strncasecmp(r->names[i].name, name, len))
			return;
	r->names = xrealloc(r->names, (size_t)(r->nnames + 1) * sizeof(*r->names));
	r->names[r->nnames].name = xstrndup(name, len);
	r->names[r->nnames].len = len;
	if (domain)
		snprintf(r->names[r->nnames].to, sizeof(r->names[0].to),
			 "domain-%d.example", ++r->ndomain);
	else
		snprintf(r->names[r->nnames].to, sizeof(r->names[0].to),
			 "host-%d", ++r->nhost);
	r->nnames++;
	qsort(r->names, (size_t)r->nnames, sizeof(*r->names), cmp_len_desc);
}

void redact_add_host(struct redact *r, const char *name)
{
	const char *dot;

	while (*name == '.' || isspace((unsigned char)*name))
		name++;
	dot = strchr(name, '.');
	if (!dot) {
		add_name(r, name, strlen(name), 0);
		return;
	}
	add_name(r, name, (size_t)(dot - name), 0);
	add_name(r, dot + 1, strlen(dot + 1), 1);
}

void redact_add_domain(struct redact *r, const char *name)
{
	add_name(r, name, strlen(name), 1);
}

/* ---- scanning helpers ---- */

static int is_word(int c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static int hexv(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int has_upper_hex(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= 'A' && s[i] <= 'F')
			return 1;
	return 0;
}

static void hex_key(const unsigned char *b, int n, char *key)
{
	static const char hx[] = "0123456789abcdef";
	int i;

	for (i = 0; i < n; i++) {
		key[2 * i] = hx[b[i] >> 4];
		key[2 * i + 1] = hx[b[i] & 15];
	}
	key[2 * n] = '\0';
}

static void put_hex(struct sbuf *o, const unsigned char *b, int n, char sep,
		    int upper)
{
	int i;

	for (i = 0; i < n; i++) {
		if (i && sep)
			sbuf_addn(o, &sep, 1);
		sbuf_addf(o, upper ? "%02X" : "%02x", b[i]);
	}
}

static int all_same(const unsigned char *b, int n, unsigned char v)
{
	int i;

	for (i = 0; i < n; i++)
		if (b[i] != v)
			return 0;
	return 1;
}

/* MAC stand-in: locally administered, group bit of the original. */
static void mac_standin(uint32_t id, unsigned char first, unsigned char *out)
{
	out[0] = (unsigned char)(0x02 | (first & 0x01));
	out[1] = 0;
	out[2] = (unsigned char)(id >> 24);
	out[3] = (unsigned char)(id >> 16);
	out[4] = (unsigned char)(id >> 8);
	out[5] = (unsigned char)id;
}

/* The stand-in bytes of MAC @b (6 bytes); 0 when kept, -1 when out. */
static int mac_map(struct redact *r, const unsigned char *b, unsigned char *out)
{
	char key[13];
	uint32_t id;

	if (all_same(b, 6, 0) || all_same(b, 6, 0xff))
		return 0;
	hex_key(b, 6, key);
	id = id_of(r, RK_MAC, key, 1);
	if (!id)
		return -1;
	mac_standin(id, b[0], out);
	return 1;
}

/* Same for other octet runs (8 or 20 bytes). */
static int hw_map(struct redact *r, const unsigned char *b, int n,
		  unsigned char *out)
{
	char key[41];
	uint32_t id;

	if (all_same(b, n, 0) || all_same(b, n, 0xff))
		return 0;
	hex_key(b, n, key);
	id = id_of(r, RK_HW, key, 1);
	if (!id)
		return -1;
	memset(out, 0, (size_t)n);
	out[0] = 0x02;
	out[n - 4] = (unsigned char)(id >> 24);
	out[n - 3] = (unsigned char)(id >> 16);
	out[n - 2] = (unsigned char)(id >> 8);
	out[n - 1] = (unsigned char)id;
	return 1;
}

/* Two-digit hex octets joined by one separator, ':' or '-'. */
static size_t octets_at(const char *s, size_t left, unsigned char *b, int *n,
			char *sep)
{
	size_t i = 0;
	int k = 0;
	char sp = 0;

	for (;;) {
		if (left - i < 2 || hexv(s[i]) < 0 || hexv(s[i + 1]) < 0 || k == 20)
			return 0;
		b[k++] = (unsigned char)(hexv(s[i]) << 4 | hexv(s[i + 1]));
		i += 2;
		if (i < left && is_word(s[i]))
			return 0;
		if (left - i >= 3 && (s[i] == ':' || s[i] == '-') &&
		    (!sp || s[i] == sp) && hexv(s[i + 1]) >= 0 &&
		    hexv(s[i + 2]) >= 0) {
			sp = s[i++];
			continue;
		}
		break;
	}
	/* "…:5" or an IPv6 "…::" go on: not an octet run */
	if (left - i >= 2 && (s[i] == ':' || s[i] == '-') &&
	    (hexv(s[i + 1]) >= 0 || s[i + 1] == ':'))
		return 0;
	if (k != 6 && k != 8 && k != 20)
		return 0;
	*n = k;
	*sep = sp;
	return i;
}

static size_t v4_at(const char *s, size_t left, uint32_t *addr)
{
	size_t i = 0;
	uint32_t a = 0;
	int part;

	for (part = 0; part < 4; part++) {
		size_t st = i;
		int v = 0;

		while (i < left && isdigit((unsigned char)s[i]) && i - st < 3)
			v = v * 10 + (s[i++] - '0');
		if (i == st || v > 255)
			return 0;
		a = a << 8 | (uint32_t)v;
		if (part < 3) {
			if (i >= left || s[i] != '.')
				return 0;
			i++;
		}
	}
	if (i < left && (is_word(s[i]) ||
			 (s[i] == '.' && i + 1 < left && isdigit((unsigned char)s[i + 1]))))
		return 0;
	*addr = a;
	return i;
}

static int v4_kept(uint32_t a)
{
	unsigned int f = a >> 24;

	return f == 0 || f == 127 || f >= 224 ||
	       a == 0xa83f8110u /* 168.63.129.16, Azure's wire server */ ||
	       a == 0xa9fea9feu /* 169.254.169.254, instance metadata */;
}

/* An IPv6 literal (inet_pton decides); a trailing '.' or ':' is left. */
static size_t v6_at(const char *s, size_t left, unsigned char *b)
{
	char buf[64];
	size_t n = 0;
	int colons = 0;

	while (n < left && n < sizeof(buf) - 1 &&
	       (hexv(s[n]) >= 0 || s[n] == ':' || s[n] == '.')) {
		colons += s[n] == ':';
		n++;
	}
	if (colons < 2 || (n < left && is_word(s[n])) || n == sizeof(buf) - 1)
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, b) == 1)
		return n;
	if (buf[n - 1] == '.' || (buf[n - 1] == ':' && buf[n - 2] != ':')) {
		buf[--n] = '\0';
		if (inet_pton(AF_INET6, buf, b) == 1)
			return n;
	}
	return 0;
}

static int v6_kept(const unsigned char *b)
{
	static const unsigned char loop[16] = { [15] = 1 };

	return all_same(b, 16, 0) || !memcmp(b, loop, 16) || b[0] == 0xff;
}

/* 8-4-4-4-12 hex digits. */
static int guid_at(const char *s, size_t left)
{
	int i;

	if (left < 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (hexv(s[i]) < 0) {
			return 0;
		}
	}
	return left == 36 || !(is_word(s[36]) || s[36] == '-');
}

/* Hex digits and dashes after "UUID=" and the like. */
static size_t uuid_value_at(const char *s, size_t i, size_t len)
{
	static const char *const ctx[] = { "uuid=", "by-uuid/", "by-partuuid/" };
	size_t k, n = 0, digits = 0;

	for (k = 0; k < ARRAY_SIZE(ctx); k++) {
		size_t cl = strlen(ctx[k]);

		if (i >= cl && !strncasecmp(s + i - cl, ctx[k], cl))
			break;
	}
	if (k == ARRAY_SIZE(ctx))
		return 0;
	while (i + n < len && (hexv(s[i + n]) >= 0 || s[i + n] == '-')) {
		digits += s[i + n] != '-';
		n++;
	}
	if (!digits || (i + n < len && is_word(s[i + n])))
		return 0;
	return n;
}

/* The shape of @s (dashes kept) with @id in its hex digits, right-aligned. */
static int shape_standin(struct sbuf *o, const char *s, size_t n, uint32_t id,
			 int upper)
{
	char *t = xstrndup(s, n);
	size_t k = n;

	while (k--) {
		if (t[k] == '-')
			continue;
		t[k] = (upper ? "0123456789ABCDEF" : "0123456789abcdef")[id & 15];
		id >>= 4;
	}
	if (id) {
		free(t);
		return -1;
	}
	sbuf_addn(o, t, n);
	free(t);
	return 0;
}

static void lower_key(const char *s, size_t n, char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		key[i] = (char)tolower((unsigned char)s[i]);
	key[n] = '\0';
}

static void set_failed(struct redact *r, const char *what)
{
	snprintf(r->err, sizeof(r->err), "too many distinct %s to redact "
		 "(the stand-in does not fit the original's length)", what);
	r->failed = 1;
}

/*
 * Try every class at s[i], a word start. Returns the bytes consumed (the
 * stand-in appended to @o) or 0.
 */
static size_t one_token(struct redact *r, struct sbuf *o, const char *s,
			size_t i, size_t len)
{
	const char *p = s + i;
	size_t left = len - i, n;
	char prev = i ? s[i - 1] : ' ';
	unsigned char b[20], sb[20];
	char key[48];
	int k;

	/* UUID=, by-uuid/, by-partuuid/ */
	n = uuid_value_at(s, i, len);
	if (n && n < sizeof(key)) {
		uint32_t id;

		lower_key(p, n, key);
		id = id_of(r, RK_UUID, key, 1);
		if (!id)
			return 0;
		if (shape_standin(o, p, n, id, has_upper_hex(p, n))) {
			set_failed(r, "UUIDs");
			return 0;
		}
		return n;
	}
	if (guid_at(p, left)) {
		char d[33];
		int j, c = 0;

		for (j = 0; j < 36; j++)
			if (p[j] != '-')
				d[c++] = (char)tolower((unsigned char)p[j]);
		d[32] = '\0';
		for (j = 0; j < 20 && d[j] == d[j + 12]; j++)
			;
		if (j == 20) {
			/* Azure's netvsc instance: the MAC, repeated */
			char sh[13];
			int rc;

			for (j = 0; j < 6; j++)
				b[j] = (unsigned char)(hexv(d[2 * j]) << 4 | hexv(d[2 * j + 1]));
			rc = mac_map(r, b, sb);
			if (rc < 0)
				return 0;
			if (rc > 0) {
				int up = has_upper_hex(p, 36);

				hex_key(sb, 6, sh);
				for (j = 0, c = 0; j < 36; j++) {
					char ch = p[j] == '-' ? '-' : sh[c++ % 12];

					if (up)
						ch = (char)toupper((unsigned char)ch);
					sbuf_addn(o, &ch, 1);
				}
				return 36;
			}
		} else {
			uint32_t id;

			lower_key(p, 36, key);
			id = id_of(r, RK_UUID, key, 0);
			if (id && !shape_standin(o, p, 36, id, has_upper_hex(p, 36)))
				return 36;
		}
		sbuf_addn(o, p, 36);	/* a GUID to keep, whole */
		return 36;
	}
	/* enx<MAC>, udev's MAC-based interface name */
	if (left >= 15 && !strncasecmp(p, "enx", 3) &&
	    (left == 15 || !is_word(p[15]))) {
		for (k = 0; k < 6; k++) {
			int hi = hexv(p[3 + 2 * k]), lo = hexv(p[4 + 2 * k]);

			if (hi < 0 || lo < 0)
				break;
			b[k] = (unsigned char)(hi << 4 | lo);
		}
		if (k == 6) {
			int rc = mac_map(r, b, sb);

			if (rc < 0)
				return 0;
			if (rc > 0) {
				sbuf_addn(o, p, 3);
				put_hex(o, sb, 6, 0, has_upper_hex(p + 3, 12));
				return 15;
			}
		}
	}
	if (prev != ':' && prev != '-' && prev != '.') {
		char sep;
		int cnt;

		n = octets_at(p, left, b, &cnt, &sep);
		if (n) {
			int rc = cnt == 6 ? mac_map(r, b, sb) : hw_map(r, b, cnt, sb);

			if (rc < 0)
				return 0;
			if (rc == 0) {
				sbuf_addn(o, p, n);
				return n;
			}
			put_hex(o, sb, cnt, sep, has_upper_hex(p, n));
			return n;
		}
	}
	if (prev != ':' && prev != '.') {
		n = v6_at(p, left, b);
		if (n) {
			char txt[INET6_ADDRSTRLEN];
			uint32_t id;
			int ll;

			if (v6_kept(b)) {
				sbuf_addn(o, p, n);
				return n;
			}
			ll = b[0] == 0xfe && (b[1] & 0xc0) == 0x80;
			hex_key(b, 16, key);
			id = id_of(r, ll ? RK_V6LL : RK_V6, key, 1);
			if (!id)
				return 0;
			memset(sb, 0, 16);
			if (ll) {
				sb[0] = 0xfe;
				sb[1] = 0x80;
			} else {
				sb[0] = 0x20;
				sb[1] = 0x01;
				sb[2] = 0x0d;
				sb[3] = 0xb8;
			}
			sb[12] = (unsigned char)(id >> 24);
			sb[13] = (unsigned char)(id >> 16);
			sb[14] = (unsigned char)(id >> 8);
			sb[15] = (unsigned char)id;
			inet_ntop(AF_INET6, sb, txt, sizeof(txt));
			if (has_upper_hex(p, n))
				for (k = 0; txt[k]; k++)
					txt[k] = (char)toupper((unsigned char)txt[k]);
			sbuf_adds(o, txt);
			return n;
		}
	}
	if (prev != '.') {
		uint32_t a;

		n = v4_at(p, left, &a);
		if (n) {
			uint32_t id;

			if (v4_kept(a)) {
				sbuf_addn(o, p, n);
				return n;
			}
			snprintf(key, sizeof(key), "%08x", (unsigned int)a);
			id = id_of(r, RK_V4, key, 1);
			if (!id)
				return 0;
			a = (198u << 24 | 18u << 16) + id;
			sbuf_addf(o, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255,
				  (a >> 8) & 255, a & 255);
			return n;
		}
	}
	/* a bare word that is a MAC or a serial number seen before */
	for (n = 0; n < left && isalnum((unsigned char)p[n]); n++)
		;
	if (n == 12 && (n == left || !is_word(p[n]))) {
		for (k = 0; k < 12 && hexv(p[k]) >= 0; k++)
			;
		if (k == 12) {
			lower_key(p, 12, key);
			if (id_of(r, RK_MAC, key, 0)) {
				for (k = 0; k < 6; k++)
					b[k] = (unsigned char)(hexv(p[2 * k]) << 4 | hexv(p[2 * k + 1]));
				if (mac_map(r, b, sb) > 0) {
					put_hex(o, sb, 6, 0, has_upper_hex(p, 12));
					return 12;
				}
			}
		}
	}
	if (r->count[RK_SERIAL] && n >= 4 && n < sizeof(key) &&
	    (n == left || !is_word(p[n]))) {
		uint32_t id;

		lower_key(p, n, key);
		id = id_of(r, RK_SERIAL, key, 0);
		if (id) {
			sbuf_addf(o, "serial-%u", (unsigned int)id);
			return n;
		}
	}
	/* host names and domains, whole-word, any case, longest first */
	if (prev != '-') {
		for (k = 0; k < r->nnames; k++) {
			const struct rname *nm = &r->names[k];

			if (nm->len <= left && !strncasecmp(p, nm->name, nm->len) &&
			    (nm->len == left || !(is_word(p[nm->len]) || p[nm->len] == '-'))) {
				sbuf_adds(o, nm->to);
				return nm->len;
			}
		}
	}
	return 0;
}

/* "[SN] Serial number: VALUE" of lspci's VPD dump: the value's span. */
static int vpd_serial(const char *s, size_t i, size_t len, size_t *vs,
		      size_t *ve)
{
	size_t j;

	if (len - i < 4 || strncasecmp(s + i, "[SN]", 4))
		return 0;
	for (j = i + 4; j < len && s[j] != '\n' && s[j] != ':'; j++)
		;
	if (j >= len || s[j] != ':')
		return 0;
	for (j++; j < len && (s[j] == ' ' || s[j] == '\t'); j++)
		;
	*vs = j;
	for (; j < len && s[j] != '\n'; j++)
		;
	while (j > *vs && isspace((unsigned char)s[j - 1]))
		j--;
	*ve = j;
	return j > *vs;
}

char *redact_text(struct redact *r, const char *s, size_t len, size_t *outlen)
{
	struct sbuf o;
	size_t i = 0, flushed = 0;

	r->failed = 0;
	sbuf_init(&o);
	while (i < len && !r->failed) {
		size_t n, vs, ve;

		if (s[i] == '[' && vpd_serial(s, i, len, &vs, &ve)) {
			char key[256];
			uint32_t id;

			if (ve - vs >= sizeof(key)) {
				i++;
				continue;
			}
			lower_key(s + vs, ve - vs, key);
			id = id_of(r, RK_SERIAL, key, 1);
			if (!id)
				break;
			sbuf_addn(&o, s + flushed, vs - flushed);
			sbuf_addf(&o, "serial-%u", (unsigned int)id);
			i = flushed = ve;
			continue;
		}
		if (i && is_word(s[i - 1])) {
			i++;
			continue;
		}
		sbuf_addn(&o, s + flushed, i - flushed);
		flushed = i;
		n = one_token(r, &o, s, i, len);
		if (n) {
			i += n;
			flushed = i;
		} else {
			i++;
		}
	}
	if (r->failed) {
		sbuf_free(&o);
		return NULL;
	}
	sbuf_addn(&o, s + flushed, len - flushed);
	*outlen = o.len;
	return sbuf_detach(&o);
}

int redact_config(struct redact *r, unsigned char *buf, size_t len)
{
	size_t off = 0x100;
	int hops = 0;

	r->failed = 0;
	while (off >= 0x100 && off + 4 <= len && hops++ < 1024) {
		uint32_t h = (uint32_t)buf[off] | (uint32_t)buf[off + 1] << 8 |
			     (uint32_t)buf[off + 2] << 16 | (uint32_t)buf[off + 3] << 24;
		size_t next = (h >> 20) & 0xffc;

		if (!h || h == 0xffffffffu)
			break;
		if ((h & 0xffff) == 0x0003 && off + 12 <= len) {
			/* lspci prints the dwords high byte first */
			unsigned char b[8], sb[8];
			int k, rc;

			for (k = 0; k < 8; k++)
				b[k] = buf[off + 11 - k];
			rc = hw_map(r, b, 8, sb);
			if (rc < 0)
				return -1;
			if (rc > 0)
				for (k = 0; k < 8; k++)
					buf[off + 11 - k] = sb[k];
		}
		if (next <= off)
			break;
		off = next;
	}
	return 0;
}
