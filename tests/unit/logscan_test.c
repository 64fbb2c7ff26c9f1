// SPDX-License-Identifier: GPL-2.0
/*
 * The scan of a kernel-log file (collect/log.c, log_parts.c): what one pass
 * over the file finds must be what each line, parsed, matched alone gives,
 * and the parts of a cut file joined must give what one pass gives.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "profile/catalog.h"
#include "collect/log_scan.h"
#include "suites.h"
#include "base/util.h"

/* The built-in events only: their catalogue indices are their numbers. */
static int events(struct catalog *c)
{
	return catalog_build(c, NULL, NULL);
}

static void model_free(struct log_model *m)
{
	log_model_free(m);
	memset(m, 0, sizeof(*m));
}

/* @len bytes of @text as a file, scanned in one range into @m. */
static int scan(const struct catalog *c, const char *text, size_t len,
		struct log_model *m)
{
	FILE *f = tmpfile();
	int r;

	memset(m, 0, sizeof(*m));
	m->npat = c->n;
	m->hits = calloc((size_t)c->n, sizeof(*m->hits));
	if (!f || !m->hits || fwrite(text, 1, len, f) != len || fflush(f)) {
		if (f)
			fclose(f);
		return -1;
	}
	r = log_scan_range(m, c, fileno(f), 0, -1);
	fclose(f);
	return r;
}

/*
 * `dmesg --color=always` (util-linux 2.38.1) colours the stamp and the
 * subsystem prefix: the reset sequence lands inside "hv_vmbus: registering
 * driver hv_pci" and ": joined to ". The parser removes escapes, so the
 * file must give what the plain log gives.
 */
static void logscan_colour(struct hvd_ktest *t)
{
	static const char plain[] =
		"[    1.000000] hv_vmbus: registering driver hv_pci\n"
		"[    2.000000] hv_netvsc 000d3a03-1646-000d-3a03-1646000d3a03 eth0: VF slot 1 added\n"
		"[    3.000000] mlx4_core 0002:00:02.0 eth2: joined to eth1\n";
	static const char colour[] =
		"\x1b[32m[    1.000000] \x1b[0m\x1b[33mhv_vmbus: \x1b[0mregistering driver hv_pci\n"
		"\x1b[32m[    2.000000] \x1b[0m\x1b[33mhv_netvsc 000d3a03-1646-000d-3a03-1646000d3a03 eth0: \x1b[0mVF slot 1 added\n"
		"\x1b[32m[    3.000000] \x1b[0m\x1b[33mmlx4_core 0002:00:02.0 eth2: \x1b[0mjoined to eth1\n";
	static const int ev[] = { EV_REG_HV_PCI, EV_VF_SLOT_ADDED, EV_VF_JOINED };
	struct catalog c;
	struct log_model a, b;
	size_t i;

	HVD_ASSERT_EQ(t, events(&c), 0);
	HVD_ASSERT_EQ(t, scan(&c, plain, sizeof(plain) - 1, &a), 0);
	HVD_ASSERT_EQ(t, scan(&c, colour, sizeof(colour) - 1, &b), 0);
	HVD_EXPECT_EQ(t, b.lines, 3);
	for (i = 0; i < sizeof(ev) / sizeof(ev[0]); i++) {
		const struct log_hits *x = &a.hits[ev[i]], *y = &b.hits[ev[i]];

		HVD_EXPECT_EQ(t, x->count, 1);
		HVD_EXPECT_EQ(t, y->count, 1);
		if (x->count != 1 || y->count != 1)
			continue;
		HVD_EXPECT_EQ(t, y->hit[0].lineno, i + 1);
		HVD_EXPECT_TRUE(t, y->first_ts == (double)(i + 1));
		HVD_EXPECT_STREQ(t, y->hit[0].text, x->hit[0].text);
		HVD_EXPECT_STREQ(t, y->hit[0].dev, x->hit[0].dev);
	}
	model_free(&a);
	model_free(&b);
	catalog_free(&c);
}

/*
 * Other control bytes the parser cleans (NUL, tab, DEL made spaces, a CR
 * inside a line dropped) can make an anchor the raw bytes lack, also on a
 * line that holds another anchor; a CR ending a line (a serial capture)
 * changes nothing.
 */
static void logscan_control_bytes(struct hvd_ktest *t)
{
	static const char text[] =
		"VF\0slot 1 added\n"
		"VF\tslot 2 added\n"
		"VF\x7fslot 3 added\n"
		"VF sl\rot 4 added\n"
		"VF slot 5 added\r\n"
		"nothing here\r\n"
		"VF slot 6 added, hv_vmbus:\x1b[0m registering driver hv_pci\n"
		"VF slot 7 removed\x01\n";
	struct catalog c;
	struct log_model m;
	int k;

	HVD_ASSERT_EQ(t, events(&c), 0);
	HVD_ASSERT_EQ(t, scan(&c, text, sizeof(text) - 1, &m), 0);
	HVD_EXPECT_EQ(t, m.lines, 8);
	HVD_EXPECT_EQ(t, m.hits[EV_VF_SLOT_ADDED].count, 6);
	for (k = 0; k < m.hits[EV_VF_SLOT_ADDED].kept && k < 6; k++)
		HVD_EXPECT_EQ(t, m.hits[EV_VF_SLOT_ADDED].hit[k].lineno,
			      k < 5 ? k + 1 : 7);
	HVD_EXPECT_EQ(t, m.hits[EV_REG_HV_PCI].count, 1);
	HVD_EXPECT_EQ(t, m.hits[EV_REG_HV_PCI].last.lineno, 7);
	HVD_EXPECT_EQ(t, m.hits[EV_VF_SLOT_REMOVED].count, 1);
	HVD_EXPECT_EQ(t, m.hits[EV_VF_SLOT_REMOVED].last.lineno, 8);
	if (m.hits[EV_VF_SLOT_ADDED].count)
		HVD_EXPECT_STREQ(t, m.hits[EV_VF_SLOT_ADDED].hit[0].text,
				 "VF slot 1 added");
	model_free(&m);
	catalog_free(&c);
}

/*
 * The same hidden anchors at every offset of a 16-byte lane and of a
 * line's tail, with harmless CRs ending lines and tab lines between them:
 * the check of a line's bytes for control bytes is done 16 at a time.
 */
static void logscan_control_everywhere(struct hvd_ktest *t)
{
	static const char *const kinds[] = {
		"hv_vmbus:\x1b[0m registering driver hv_pci\n",
		"VF@slot %d added\n",		/* @: a NUL */
		"VF slot %d removed\r\n",
		"eth1:\x7fjoined to eth0\n",
	};
	static const int ev[] = {
		EV_REG_HV_PCI, EV_VF_SLOT_ADDED, EV_VF_SLOT_REMOVED, EV_VF_JOINED,
	};
	static const char fill[] = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
	char *text = malloc(64 * 160), *p = text;
	unsigned long line = 0, want[4][16];
	struct catalog c;
	struct log_model m;
	int k, i;

	HVD_ASSERT_TRUE(t, text != NULL);
	for (k = 0; k < 64; k++) {
		char *at;
		int n = sprintf(p, "%.*s", k, fill);

		n += sprintf(p + n, kinds[k % 4], k);
		at = memchr(p, '@', (size_t)n);
		if (at)
			*at = '\0';
		p += n;
		want[k % 4][k / 4] = ++line;
		p += sprintf(p, "\tfiller %d\r\n", k);
		line++;
	}
	HVD_ASSERT_EQ(t, events(&c), 0);
	HVD_ASSERT_EQ(t, scan(&c, text, (size_t)(p - text), &m), 0);
	HVD_EXPECT_EQ(t, m.lines, line);
	for (i = 0; i < 4; i++) {
		const struct log_hits *h = &m.hits[ev[i]];

		HVD_EXPECT_EQ(t, h->count, 16);
		for (k = 0; k < h->kept && k < 16; k++)
			HVD_EXPECT_EQ(t, h->hit[k].lineno, want[i][k]);
	}
	model_free(&m);
	catalog_free(&c);
	free(text);
}


/* The catalogue of a run: built-in events, profiles, knowledge base. */
static int full_catalog(struct catalog *c, struct profile_set *ps, struct kb *kb)
{
	char path[4096];

	memset(ps, 0, sizeof(*ps));
	memset(kb, 0, sizeof(*kb));
	snprintf(path, sizeof(path), "%s/profiles", hvdiag_datadir());
	if (profiles_load_dir(ps, path))
		return -1;
	snprintf(path, sizeof(path), "%s/kb", hvdiag_datadir());
	if (kb_load_dir(kb, path))
		return -1;
	return catalog_build(c, ps, kb);
}

/*
 * A crash report whose first line holds a control byte inside its
 * pattern's text (`dmesg --color=always` puts a reset there), followed by
 * lines that hold no pattern's text: the report still takes those lines
 * (its RIP line, its trace), as it does in the plain log. The lines are
 * those of tests/fixtures/oops-msi/dmesg.txt.
 */
static void logscan_crash_after_control(struct hvd_ktest *t)
{
	static const char plain[] =
		"[    1.840312] hv_vmbus: registering driver hv_pci\n"
		"[   12.772101] BUG: unable to handle kernel paging request at ffffffffa0011f40\n"
		"[   12.772146] IP: [<ffffffffa0011f40>] 0xffffffffa0011f3f\n"
		"[   12.772170] Oops: 0010 [#1] SMP\n";
	static const char colour[] =
		"[    1.840312] hv_vmbus: registering driver hv_pci\n"
		"[   12.772101] BUG: unable to\x1b[0m handle kernel paging request at ffffffffa0011f40\n"
		"[   12.772146] IP: [<ffffffffa0011f40>] 0xffffffffa0011f3f\n"
		"[   12.772170] Oops: 0010 [#1] SMP\n";
	struct catalog c;
	struct profile_set ps;
	struct kb kb;
	struct log_model a, b;

	HVD_ASSERT_EQ(t, full_catalog(&c, &ps, &kb), 0);
	HVD_ASSERT_EQ(t, scan(&c, plain, sizeof(plain) - 1, &a), 0);
	HVD_ASSERT_EQ(t, scan(&c, colour, sizeof(colour) - 1, &b), 0);
	log_crash_close(&a);
	log_crash_close(&b);
	HVD_EXPECT_EQ(t, a.crash.n, 1);
	HVD_EXPECT_EQ(t, b.crash.n, 1);
	if (a.crash.n == 1 && b.crash.n == 1) {
		HVD_EXPECT_EQ(t, a.crash.v[0].head.lineno, 2);
		HVD_EXPECT_EQ(t, a.crash.v[0].rip.lineno, 3);
		HVD_EXPECT_EQ(t, b.crash.v[0].head.lineno, 2);
		HVD_EXPECT_EQ(t, b.crash.v[0].rip.lineno, 3);
		HVD_EXPECT_STREQ(t, b.crash.v[0].rip.text, a.crash.v[0].rip.text);
	}
	model_free(&a);
	model_free(&b);
	catalog_free(&c);
	kb_free(&kb);
	profiles_free(&ps);
}

/* ---- the parallel cut ---- */

/* Real logs, with crash and warning reports among them (each a SOURCE). */
static const char *const cut_logs[] = {
	"tests/fixtures/oops-msi/dmesg.txt",
	"tests/fixtures/field/oops-netns-mana-6.16/dmesg.txt",
	"tests/fixtures/field/oops-mana-arm64-6.17/dmesg.txt",
	"tests/fixtures/field/warning-io-uring-5.10/dmesg.txt",
	"tests/fixtures/field/gpf-hvpci-4.9/dmesg.txt",
	"tests/fixtures/mana-rxq-fail/dmesg.txt",
	"tests/fixtures/captures/dmesg-full-boot-cx5-gen2--lisa-ai-data-dpdk-netvsc.txt",
};

struct cut_ctx {
	struct catalog cat;
	struct profile_set ps;
	struct kb kb;
	int fd;
	off_t size;
	off_t *starts;		/* every line start after the first */
	int nstarts;
	struct log_model whole;
	char why[256];		/* the first difference found */
};

static int differ(struct cut_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int differ(struct cut_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	return 1;
}

static int hit_differs(const struct log_hit *a, const struct log_hit *b)
{
	return a->lineno != b->lineno || a->has_ts != b->has_ts ||
	       (a->has_ts && a->ts != b->ts) || strcmp(a->dev, b->dev) ||
	       !a->text != !b->text || (a->text && strcmp(a->text, b->text));
}

static int site_differs(const struct klog_site *a, const struct klog_site *b)
{
	return strcmp(a->func, b->func) || strcmp(a->module, b->module) ||
	       strcmp(a->file, b->file);
}

/* Whether @b, the joined parts, differs from @a, one pass (c->why says how). */
static int model_differs(struct cut_ctx *c, const struct log_model *a,
			 const struct log_model *b)
{
	const struct log_crashes *x = &a->crash, *y = &b->crash;
	int i, k;

	if (a->lines != b->lines || a->cut_lines != b->cut_lines)
		return differ(c, "lines %lu, one pass %lu", b->lines, a->lines);
	if (a->ndevs != b->ndevs || a->devs_dropped != b->devs_dropped)
		return differ(c, "devices %d, one pass %d", b->ndevs, a->ndevs);
	for (i = 0; i < a->npat; i++) {
		const struct log_hits *p = &a->hits[i], *q = &b->hits[i];
		const char *src = c->cat.pat[i]->src;

		if (p->count != q->count || p->kept != q->kept ||
		    p->nseq != q->nseq || p->dropped != q->dropped)
			return differ(c, "'%s': %lu hits of %d devices, one pass %lu of %d",
				      src, q->count, q->kept, p->count, p->kept);
		if (!p->count)
			continue;
		if (p->first_ts != q->first_ts || p->last_ts != q->last_ts ||
		    hit_differs(&p->last, &q->last))
			return differ(c, "'%s': last hit at line %lu, one pass %lu",
				      src, q->last.lineno, p->last.lineno);
		for (k = 0; k < p->kept; k++)
			if (hit_differs(&p->hit[k], &q->hit[k]) ||
			    hit_differs(&p->dlast[k], &q->dlast[k]) ||
			    p->dcount[k] != q->dcount[k])
				return differ(c, "'%s': device '%s' first at line %lu, one pass %lu",
					      src, q->hit[k].dev, q->hit[k].lineno,
					      p->hit[k].lineno);
		for (k = 0; k < p->nseq; k++)
			if (hit_differs(&p->seq[k], &q->seq[k]))
				return differ(c, "'%s': hit %d at line %lu, one pass %lu",
					      src, k, q->seq[k].lineno, p->seq[k].lineno);
	}
	if (x->n != y->n || x->reports != y->reports || x->dropped != y->dropped ||
	    x->open != y->open)
		return differ(c, "%lu crash reports at %d sites, one pass %lu at %d",
			      y->reports, y->n, x->reports, x->n);
	for (i = 0; i < x->n; i++) {
		const struct log_crash *p = &x->v[i], *q = &y->v[i];
		int same = p->pat == q->pat && p->count == q->count &&
			   !hit_differs(&p->head, &q->head) &&
			   !hit_differs(&p->rip, &q->rip) &&
			   !hit_differs(&p->frame, &q->frame) &&
			   !hit_differs(&p->qframe, &q->qframe) &&
			   !hit_differs(&p->last, &q->last) &&
			   !site_differs(&p->hsite, &q->hsite) &&
			   !site_differs(&p->rsite, &q->rsite) &&
			   !site_differs(&p->fsite, &q->fsite) &&
			   p->nmods == q->nmods && p->nff == q->nff;

		for (k = 0; same && k < p->nmods; k++)
			same = !strcmp(p->mods[k], q->mods[k]);
		for (k = 0; same && k < p->nff; k++)
			same = !hit_differs(&p->ff[k], &q->ff[k]) &&
			       !strcmp(p->ffunc[k], q->ffunc[k]);
		if (!same)
			return differ(c, "crash site %d (line %lu): RIP line %lu, %d frames; one pass: RIP line %lu, %d frames",
				      i, q->head.lineno, q->rip.lineno, q->nff,
				      p->rip.lineno, p->nff);
	}
	return 0;
}

static void model_new(const struct cut_ctx *c, struct log_model *m)
{
	memset(m, 0, sizeof(*m));
	m->npat = c->cat.n;
	m->hits = calloc((size_t)c->cat.n, sizeof(*m->hits));
}

/* The log cut at c->starts[pick[0..n-1)], scanned in parts and joined. */
static int cut_differs(struct cut_ctx *c, const int *pick, int n, int threads)
{
	off_t cut[9];
	struct log_model m;
	int i, bad;

	cut[0] = 0;
	for (i = 1; i < n; i++)
		cut[i] = c->starts[pick[i - 1]];
	cut[n] = -1;
	model_new(c, &m);
	if (!m.hits)
		return differ(c, "out of memory");
	if (log_scan_parts(&m, &c->cat, c->fd, cut, n, threads)) {
		log_model_free(&m);
		return differ(c, "log_scan_parts failed");
	}
	log_crash_close(&m);
	bad = model_differs(c, &c->whole, &m);
	if (bad) {
		char at[64];
		size_t len = strlen(c->why);

		for (i = 1; i < n && len < sizeof(c->why) - 1; i++) {
			snprintf(at, sizeof(at), "%s%lld", i == 1 ? " (cut at byte " : ", ",
				 (long long)cut[i]);
			hv_strlcpy(c->why + len, at, sizeof(c->why) - len);
			len = strlen(c->why);
		}
		hv_strlcpy(c->why + len, ")", sizeof(c->why) - len);
	}
	log_model_free(&m);
	return bad;
}

static int cut_open(struct cut_ctx *c, const char *path)
{
	char buf[4096];
	ssize_t n;
	off_t at = 0;
	int cap = 0;

	c->fd = open(path, O_RDONLY);
	c->nstarts = 0;
	c->starts = NULL;
	if (c->fd < 0)
		return -1;
	while ((n = pread(c->fd, buf, sizeof(buf), at)) > 0) {
		ssize_t i;

		for (i = 0; i < n; i++) {
			if (buf[i] != '\n')
				continue;
			if (c->nstarts == cap) {
				cap = cap ? cap * 2 : 64;
				c->starts = realloc(c->starts, (size_t)cap * sizeof(off_t));
				if (!c->starts)
					return -1;
			}
			c->starts[c->nstarts++] = at + i + 1;
		}
		at += n;
	}
	c->size = at;
	/* a cut starts a line; the end of the file starts none */
	if (c->nstarts && c->starts[c->nstarts - 1] == c->size)
		c->nstarts--;
	model_new(c, &c->whole);
	if (!c->whole.hits || log_scan_range(&c->whole, &c->cat, c->fd, 0, -1))
		return -1;
	log_crash_close(&c->whole);
	return 0;
}

static void cut_close(struct cut_ctx *c)
{
	log_model_free(&c->whole);
	free(c->starts);
	if (c->fd >= 0)
		close(c->fd);
}

/*
 * A real log cut into parts, each part scanned on its own and the parts
 * joined in order (log_scan_parts): what one pass over the log gives,
 * field for field (hits per pattern and device, crash reports), wherever
 * the cuts fall: at every line into two parts; at every two lines into
 * three (a report opened in the first part runs through the second, one
 * line or many, into the third); into 2 to 8 parts of even size, also in
 * threads as a run scans them.
 */
static void logscan_parts(struct hvd_ktest *t)
{
	struct cut_ctx c;
	size_t f;
	int pick[8], i, j, n, bad = 0, checked = 0;

	memset(&c, 0, sizeof(c));
	HVD_ASSERT_EQ(t, full_catalog(&c.cat, &c.ps, &c.kb), 0);
	for (f = 0; f < sizeof(cut_logs) / sizeof(cut_logs[0]) && !bad; f++) {
		if (cut_open(&c, cut_logs[f])) {
			differ(&c, "cannot scan %s", cut_logs[f]);
			HVD_EXPECT_STREQ(t, c.why, "");
			cut_close(&c);
			bad = 1;
			break;
		}
		HVD_EXPECT_TRUE(t, c.nstarts > 4);
		if (c.nstarts <= 160) {
			for (i = 0; i < c.nstarts && !bad; i++, checked++) {
				pick[0] = i;
				bad = cut_differs(&c, pick, 2, 0);
			}
		}
		if (c.nstarts <= 80) {
			for (i = 0; i < c.nstarts && !bad; i++)
				for (j = i + 1; j < c.nstarts && !bad; j++, checked++) {
					pick[0] = i;
					pick[1] = j;
					bad = cut_differs(&c, pick, 3, 0);
				}
		}
		for (n = 2; n <= 8 && !bad && c.nstarts >= n; n++, checked += 2) {
			for (i = 1; i < n; i++)
				pick[i - 1] = c.nstarts * i / n;
			bad = cut_differs(&c, pick, n, 0) ||
			      cut_differs(&c, pick, n, 1);
		}
		if (bad) {
			size_t len = strlen(c.why);

			snprintf(c.why + len, sizeof(c.why) - len, " in %s",
				 cut_logs[f] + sizeof("tests/fixtures/") - 1);
			HVD_EXPECT_STREQ(t, c.why, "");
		}
		cut_close(&c);
	}
	HVD_EXPECT_EQ(t, bad, 0);
	HVD_EXPECT_TRUE(t, checked > 2000);
	catalog_free(&c.cat);
	kb_free(&c.kb);
	profiles_free(&c.ps);
}

/* The cut's arguments are checked: 1 to 8 parts. */
static void logscan_parts_range(struct hvd_ktest *t)
{
	struct catalog c;
	struct log_model m;
	off_t cut[10] = { 0, -1 };

	HVD_ASSERT_EQ(t, events(&c), 0);
	memset(&m, 0, sizeof(m));
	m.npat = c.n;
	HVD_EXPECT_EQ(t, log_scan_parts(&m, &c, -1, cut, 0, 0), EINVAL);
	HVD_EXPECT_EQ(t, log_scan_parts(&m, &c, -1, cut, 9, 0), EINVAL);
	catalog_free(&c);
}

static const struct hvd_ktest_case logscan_cases[] = {
	{ "colour", logscan_colour },
	{ "control_bytes", logscan_control_bytes },
	{ "control_everywhere", logscan_control_everywhere },
	{ "crash_after_control", logscan_crash_after_control },
	{ "parts", logscan_parts },
	{ "parts_range", logscan_parts_range },
	{ 0, 0 },
};
const struct hvd_ktest_suite logscan_suite = { "logscan", logscan_cases, 0, 0 };
