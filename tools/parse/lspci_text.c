// SPDX-License-Identifier: GPL-2.0
#include "parse/lspci_text.h"
#include "base/lineprefix.h"
#include "base/util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	uint32_t cls;
} class_names[] = {
	{ "Ethernet controller", 0x020000 },
	{ "Network controller", 0x028000 },
	{ "Infiniband controller", 0x020700 },
	{ "Host bridge", 0x060000 },
	{ "ISA bridge", 0x060100 },
	{ "PCI bridge", 0x060400 },
	{ "VGA compatible controller", 0x030000 },
	{ "RAM memory", 0x050000 },
	{ "Unclassified device", 0x00ff00 },
};

/* "[15b3:1004]" at or before the end of @s (before "(rev ..)"). */
static int trailing_ids(const char *s, uint16_t *v, uint16_t *d)
{
	const char *p = s;
	const char *found = NULL;

	while ((p = strchr(p, '[')) != NULL) {
		if (strlen(p) >= 11 && isxdigit((unsigned char)p[1]) &&
		    p[5] == ':' && p[10] == ']')
			found = p;
		p++;
	}
	if (!found)
		return -1;
	{
		unsigned int a, b;

		if (sscanf(found, "[%4x:%4x]", &a, &b) != 2)
			return -1;
		*v = (uint16_t)a;
		*d = (uint16_t)b;
	}
	return 0;
}

/* Exactly four hex digits at @s, then @end (a NUL for "the end"). */
static int hex4(const char *s, char end, uint16_t *v)
{
	int i;
	unsigned int x = 0;

	for (i = 0; i < 4; i++) {
		if (!isxdigit((unsigned char)s[i]))
			return 0;
		x = x << 4 | (unsigned int)(isdigit((unsigned char)s[i]) ? s[i] - '0' :
					   (tolower((unsigned char)s[i]) - 'a' + 10));
	}
	if (s[4] != end)
		return 0;
	*v = (uint16_t)x;
	return 1;
}

/* A class by its lspci name; 0 when found. */
static int class_of_name(const char *name, uint32_t *cls)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(class_names); i++)
		if (!strcmp(name, class_names[i].name)) {
			*cls = class_names[i].cls;
			return 0;
		}
	return -1;
}

/* "(rev 80)" and "(prog-if 80 [...])" in a header line */
static void rev_progif(struct pcidev *d, const char *s)
{
	const char *p = strstr(s, "(rev ");
	unsigned int v;

	if (p && sscanf(p + 5, "%2x", &v) == 1 && p[7] == ')') {
		d->rev = (uint8_t)v;
		d->known |= PK_REV;
	}
	p = strstr(s, "(prog-if ");
	if (p && (d->known & PK_CLASS) && sscanf(p + 9, "%2x", &v) == 1)
		d->cls = (d->cls & ~0xffu) | (v & 0xff);
}

/*
 * lspci -n: "0200: 15b3:1016 (rev 80)" after the address. Returns 0 when
 * @rest is one.
 */
static int parse_numeric(struct pcidev *d, const char *rest)
{
	uint16_t c, v, dv;

	if (!hex4(rest, ':', &c) || rest[5] != ' ' || !hex4(rest + 6, ':', &v) ||
	    !isxdigit((unsigned char)rest[11]) || !hex4(rest + 11, rest[15], &dv) ||
	    (rest[15] && rest[15] != ' '))
		return -1;
	d->cls = (uint32_t)c << 8;
	d->vendor = v;
	d->device = dv;
	d->known |= PK_CLASS | PK_IDS;
	rev_progif(d, rest + 15);
	return 0;
}

/*
 * One "quoted" field of lspci -m (backslash escapes a quote or a
 * backslash) into @out; returns what follows it, NULL when @p is none.
 */
static const char *quoted(const char *p, char *out, size_t n)
{
	size_t o = 0;

	if (*p != '"')
		return NULL;
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		if (o + 1 < n)
			out[o++] = *p;
	}
	out[o] = '\0';
	return *p == '"' ? p + 1 : NULL;
}

/*
 * "Mellanox Technologies [15b3]" (-nn): the id, and the length of the name
 * before it; -1 when @f ends in no such id.
 */
static int bracket_id(const char *f, uint16_t *v)
{
	size_t n = strlen(f);

	if (n < 6 || f[n - 6] != '[' || !hex4(f + n - 5, ']', v))
		return -1;
	n -= 6;
	while (n && f[n - 1] == ' ')
		n--;
	return (int)n;
}

/*
 * lspci -m/-mm, with or without -n/-nn:
 *   "Ethernet controller" "Mellanox Technologies" "MT27710 Family [...]" -r80 "sv" "sd"
 *   "0200" "15b3" "1016" -r80 -p00 "15b3" "0190"
 *   "Ethernet controller [0200]" "Mellanox Technologies [15b3]" "... [1016]" ...
 * Returns 0 when @rest is such a line.
 */
static int parse_machine(struct pcidev *d, const char *rest)
{
	char f[5][200];
	int nf = 0, kv, kd;
	unsigned int x;
	uint16_t a, b;
	const char *p = rest;

	while (*p) {
		while (*p == ' ')
			p++;
		if (*p == '"') {
			if (nf == 5)
				return -1;
			p = quoted(p, f[nf], sizeof(f[nf]));
			if (!p)
				return -1;
			nf++;
		} else if (*p == '-' && (p[1] == 'r' || p[1] == 'p') &&
			   sscanf(p + 2, "%2x", &x) == 1) {
			if (p[1] == 'r') {
				d->rev = (uint8_t)x;
				d->known |= PK_REV;
			} else {
				d->cls |= x & 0xff;
			}
			p += 2;
			while (isxdigit((unsigned char)*p))
				p++;
		} else if (*p) {
			return -1;
		}
	}
	if (nf < 3)
		return -1;
	/* class: "0200", "Ethernet controller [0200]", "Ethernet controller" */
	if (hex4(f[0], '\0', &a) || bracket_id(f[0], &a) >= 0) {
		d->cls = (uint32_t)a << 8 | (d->cls & 0xff);
		d->known |= PK_CLASS;
	} else {
		uint32_t c;

		if (!class_of_name(f[0], &c)) {
			d->cls = c | (d->cls & 0xff);
			d->known |= PK_CLASS;
		}
	}
	if (!(d->known & PK_CLASS))
		d->cls = 0;
	/* ids: numbers (-n), bracketed (-nn) or, from the names, the table's */
	kv = bracket_id(f[1], &a);
	kd = bracket_id(f[2], &b);
	if (kv >= 0 && kd >= 0) {
		f[1][kv] = f[2][kd] = '\0';
		d->vendor = a;
		d->device = b;
		d->known |= PK_IDS;
	} else if (hex4(f[1], '\0', &a) && hex4(f[2], '\0', &b)) {
		d->vendor = a;
		d->device = b;
		d->known |= PK_IDS;
		f[1][0] = '\0';	/* numbers only: no name */
	}
	if (f[1][0]) {
		snprintf(d->name, sizeof(d->name), "%s %s", f[1], f[2]);
	}
	if (nf == 5 && ((hex4(f[3], '\0', &a) && hex4(f[4], '\0', &b)) ||
			(bracket_id(f[3], &a) >= 0 && bracket_id(f[4], &b) >= 0))) {
		d->subvendor = a;
		d->subdevice = b;
	}
	return 0;
}

/* What a later listing of the same function adds to @d. */
static void merge_dev(struct pcidev *d, const struct pcidev *s)
{
	if ((s->known & PK_IDS) &&
	    (!(d->known & PK_IDS) || (d->ids_from_name && !s->ids_from_name))) {
		d->vendor = s->vendor;
		d->device = s->device;
		d->ids_from_name = s->ids_from_name;
	}
	if ((s->known & PK_CLASS) && (!(d->known & PK_CLASS) ||
				      (d->cls >> 8 == s->cls >> 8 && !(d->cls & 0xff))))
		d->cls = s->cls;
	if ((s->known & PK_REV) && !(d->known & PK_REV))
		d->rev = s->rev;
	if (!d->subvendor && !d->subdevice) {
		d->subvendor = s->subvendor;
		d->subdevice = s->subdevice;
	}
	if (!d->name[0])
		hv_strlcpy(d->name, s->name, sizeof(d->name));
	d->known |= s->known & (PK_IDS | PK_CLASS | PK_REV);
}

static struct pcidev *find_dev(struct pci_model *m, const struct hvd_bdf *a)
{
	int i;

	for (i = m->n - 1; i >= 0; i--)
		if (!memcmp(&m->devs[i].addr, a, sizeof(*a)))
			return &m->devs[i];
	return NULL;
}

/* Room doubles at each power of two (lspci_text_parse sees to it first). */
static struct pcidev *new_dev(struct pci_model *m)
{
	struct pcidev *d;

	if (!(m->n & (m->n - 1)))
		m->devs = xrealloc(m->devs, (size_t)(m->n ? 2 * m->n : 1) *
				   sizeof(*m->devs));
	d = &m->devs[m->n++];
	memset(d, 0, sizeof(*d));
	return d;
}

static void parse_header(struct pcidev *d, const char *line, size_t off)
{
	const char *rest = line + off;
	const char *colon;
	char cls[64];
	size_t n;

	while (*rest == ' ')
		rest++;
	colon = strstr(rest, ": ");
	if (!colon)
		return;
	n = (size_t)(colon - rest);
	if (n >= sizeof(cls))
		n = sizeof(cls) - 1;
	memcpy(cls, rest, n);
	cls[n] = '\0';
	/* "-nn" form: "Network controller [0207]" */
	{
		char *b = strrchr(cls, '[');
		unsigned int c;

		if (b && sscanf(b, "[%4x]", &c) == 1) {
			d->cls = c << 8;
			d->known |= PK_CLASS;
			while (b > cls && b[-1] == ' ')
				b--;
			*b = '\0';
		}
	}
	if (!(d->known & PK_CLASS) && !class_of_name(cls, &d->cls))
		d->known |= PK_CLASS;
	hv_strlcpy(d->name, colon + 2, sizeof(d->name));
	rev_progif(d, colon + 2);
	if (!trailing_ids(colon + 2, &d->vendor, &d->device))
		d->known |= PK_IDS;
}

/* "Region 2: Memory at fe0000000 (64-bit, prefetchable) [size=8M]" */
static void parse_region(struct pcidev *d, const char *s)
{
	int idx;
	const char *p;
	struct pci_bar *b;
	uint64_t size = 0;

	if (sscanf(s, "Region %d:", &idx) != 1 || idx < 0 || idx > 5)
		return;
	if (!strchr(s, ':'))
		return;
	b = &d->bars[idx];
	memset(b, 0, sizeof(*b));
	d->known |= PK_BARS;
	p = strchr(s, ':');
	if (!p)
		return;	/* "Region 1" with no colon: not a region line */
	p++;
	while (*p == ' ')
		p++;
	if (hv_startswith(p, "[virtual] "))
		p += 10;
	if (hv_startswith(p, "Memory at ")) {
		b->flags = HVD_RES_MEM;
		p += 10;
	} else if (hv_startswith(p, "I/O ports at ")) {
		b->flags = HVD_RES_IO;
		p += 13;
	} else {
		return;
	}
	if (*p == '<') {	/* <unassigned>, <ignored> */
		b->flags |= HVD_RES_UNSET;
	} else {
		char *end;
		unsigned long long a = strtoull(p, &end, 16);

		if (end == p)
			b->flags |= HVD_RES_UNSET;
		b->start = a;
	}
	if (strstr(p, "64-bit"))
		b->flags |= HVD_RES_MEM64;
	if (strstr(p, "non-prefetchable") == NULL && strstr(p, "prefetchable"))
		b->flags |= HVD_RES_PREFETCH;
	if (strstr(p, "[disabled]"))
		b->flags |= HVD_RES_DISABLED;
	p = strstr(p, "[size=");
	if (p) {
		char tmp[24];
		size_t n = strcspn(p + 6, "]");

		if (n < sizeof(tmp)) {
			memcpy(tmp, p + 6, n);
			tmp[n] = '\0';
			if (parse_size(tmp, &size))
				size = 0;
		}
	}
	b->size = size;
	if (!b->start && (b->flags & HVD_RES_UNSET) == 0 && !size)
		b->flags |= HVD_RES_UNSET;
}

static int flag_of(const char *s, const char *name)
{
	const char *p = strstr(s, name);
	size_t n = strlen(name);

	if (!p)
		return -1;
	return p[n] == '+';
}

int lspci_text_parse(struct linereader *lr, struct pci_model *m, char *err,
		     size_t errlen)
{
	struct pcidev *one;	/* a listing of a function seen before */
	struct pcidev *d = NULL;
	struct lp_strip pfx;
	char *line;
	size_t len;
	int ndev = 0, in_msix = 0, r;

	if (m->n & (m->n - 1)) {	/* appending: room to a power of two */
		size_t room = 1;

		while (room < (size_t)m->n)
			room <<= 1;
		m->devs = xrealloc(m->devs, room * sizeof(*m->devs));
	}
	one = xmalloc(sizeof(*one));
	lp_strip_init(&pfx);
	while ((r = lr_next(lr, &line, &len)) == 1) {
		struct hvd_bdf a;
		struct pcidev *old;
		size_t n;
		char *s;

		line = lp_strip_line(&pfx, line, &len);
		if (len && line[0] != ' ' && line[0] != '\t') {
			in_msix = 0;
			n = hvd_bdf_parse(line, len, 1, &a);
			if (!n || line[n] != ' ') {
				d = NULL;
				continue;
			}
			/* a function listed again (lspci -n, then -m): one device */
			old = find_dev(m, &a);
			if (!old && m->n >= 4096) {
				d = NULL;
				continue;
			}
			d = old ? one : new_dev(m);
			memset(d, 0, sizeof(*d));
			d->addr = a;
			hvd_bdf_format(&a, d->bdf);
			/* until a line only -v prints shows up */
			d->known |= PK_BRIEF;
			if (parse_machine(d, line + n + 1) &&
			    parse_numeric(d, line + n + 1)) {
				/* lspci, -nn, the head of a -v block */
				memset(d, 0, sizeof(*d));
				d->addr = a;
				hvd_bdf_format(&a, d->bdf);
				d->known |= PK_BRIEF;
				parse_header(d, line, n);
			}
			if (old) {
				merge_dev(old, d);
				d = old;
			} else {
				ndev++;
			}
			continue;
		}
		if (!d)
			continue;
		s = hv_trim(line);
		if (!hv_startswith(s, "Subsystem: ") && !hv_startswith(s, "Kernel "))
			d->known &= ~PK_BRIEF;
		if (hv_startswith(s, "Subsystem: ")) {
			uint16_t v, dd;

			/* -nn "... [15b3:0190]", -n "15b3:0190" */
			if (!trailing_ids(s, &v, &dd) ||
			    (hex4(s + 11, ':', &v) && hex4(s + 16, '\0', &dd))) {
				d->subvendor = v;
				d->subdevice = dd;
			}
		} else if (hv_startswith(s, "Kernel modules: ")) {
			/* -k lists the driver in use before this: none when absent */
			d->known |= PK_DRIVER;
		} else if (hv_startswith(s, "Control: ")) {
			int mem = flag_of(s, "Mem"), io = flag_of(s, "I/O");
			int bm = flag_of(s, "BusMaster");

			if (mem >= 0 && bm >= 0) {
				d->known |= PK_CMD;
				d->mem_enabled = mem;
				d->io_enabled = io > 0;
				d->bus_master = bm;
			}
		} else if (hv_startswith(s, "Region ")) {
			parse_region(d, s);
		} else if (hv_startswith(s, "Capabilities: ")) {
			in_msix = 0;
			if (strstr(s, "<access denied>"))
				continue;
			d->known |= PK_CAPS;
			if (strstr(s, "MSI-X: ")) {
				const char *c = strstr(s, "Count=");
				int cnt = c ? atoi(c + 6) : 0;

				d->has_msix = 1;
				in_msix = 1;
				d->msix.enabled = flag_of(s, "Enable") > 0;
				d->msix.masked = flag_of(s, "Masked") > 0;
				d->msix.table_size = (uint16_t)(cnt > 0 && cnt <= 2048 ? cnt : 0);
			} else if (strstr(s, "MSI: ")) {
				d->has_msi = 1;
				d->msi_enabled = flag_of(s, "Enable") > 0;
			}
		} else if (in_msix && (hv_startswith(s, "Vector table: ") ||
				       hv_startswith(s, "PBA: "))) {
			unsigned int bir, off;
			const char *b = strstr(s, "BAR=");
			const char *o = strstr(s, "offset=");

			if (b && o && sscanf(b, "BAR=%u", &bir) == 1 &&
			    sscanf(o, "offset=%x", &off) == 1) {
				if (s[0] == 'V') {
					d->msix.table_bir = (uint8_t)(bir & 7);
					d->msix.table_offset = off;
				} else {
					d->msix.pba_bir = (uint8_t)(bir & 7);
					d->msix.pba_offset = off;
				}
			}
		} else if (hv_startswith(s, "Kernel driver in use: ")) {
			hv_strlcpy(d->driver, hv_trim(s + 22), sizeof(d->driver));
			d->known |= PK_DRIVER;
		}
	}
	free(one);
	if (r < 0) {
		snprintf(err, errlen, "read error");
		return -1;
	}
	if (!ndev) {
		snprintf(err, errlen, "no PCI device block found (is it lspci output?)");
		return -1;
	}
	/* lspci -vvv prints a driver line only when one is bound. With
	 * capabilities visible (so the block is complete) no line means none. */
	{
		int i;

		for (i = m->n - ndev; i < m->n; i++)
			if (m->devs[i].known & PK_CAPS)
				m->devs[i].known |= PK_DRIVER;
	}
	return ndev;
}
