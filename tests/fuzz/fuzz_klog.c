// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the kernel-log scan every log goes through: the line parser,
 * the pattern set, the one-range file scan and the parallel cut.
 *
 * The signature set. An input that begins with lines "#<f><pattern>" (up
 * to 8; <f> is '=' for a plain pattern, 'c' for the first line of a crash
 * report, 'k' for a known failure, 'f' for a catch-all) is scanned with
 * the set of those patterns, compiled and built for that input (a pattern
 * that does not compile is left out; fuzz_profile fuzzes the compiler).
 * Any other input is scanned with the real catalogue (built-in events,
 * profiles, knowledge base), built and fitted to a real boot log once, in
 * LLVMFuzzerInitialize, as a run does (fuzz_sigtune fuzzes the fitting).
 *
 * Each input is a log file (a memfd). A disagreement aborts:
 *  - each line, parsed and searched by the set, must give exactly the
 *    patterns that match it alone (as a file line for inputs of even size,
 *    as a /dev/kmsg record for odd ones);
 *  - the file scanned as one range (log_scan_range) must give, per
 *    pattern, the count, first and last line and stamps that each line of
 *    the file (as the scan cuts lines) matched alone gives, with the
 *    catch-all rule; and its line and cut-line counts;
 *  - the parallel cut: the file cut at line starts the input chooses (its
 *    last bytes: how many parts, 2 to 4, and which lines start them),
 *    scanned part by part and joined (log_scan_parts, without threads),
 *    must give the one range's model field for field: lines, devices, per
 *    pattern every hit kept (per device first and last, counts, the
 *    sequence) and every crash report (site, lines, frames, modules).
 * Built with a small LOG_BLOCK so that short inputs cross block ends and
 * hold lines longer than a block.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>

#include "base/linereader.h"
#include "collect/log_scan.h"
#include "reference.h"

#ifndef LOG_BLOCK
#error "build with -DLOG_BLOCK (tests/fuzz/run.sh)"
#endif
#if LOG_BLOCK >= 65536
#error "the expected lines assume a block shorter than the longest line kept"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the index is fitted once to this real boot log, as a run fits it once */
#define TUNE_LOG "tests/fixtures/captures/dmesg-full-boot-cx5-gen2--lisa-ai-data-dpdk-netvsc.txt"

#define DPATS 8		/* patterns an input may bring */
/*
 * Parts of the cut, at most: with three, one part lies between two others
 * (a report opened before it runs through it); more parts repeat those
 * joins at the cost of a scan each. The unit test cuts real logs into up
 * to 8 parts, as many as a run uses.
 */
#define PARTS 4

static int memfd = -1;
static char scratch[LOG_BLOCK + 1];

/* ---- the signature set an input brings ---- */

static struct sig_pat dpat[DPATS];
static const struct sig_pat *dptr[DPATS];
static struct catalog dcat;
static struct ref dref;

/*
 * The input's leading "#<f><pattern>" lines as a catalogue; returns how
 * many bytes they take (0: none, the real catalogue serves).
 */
static NOCOV size_t derive_set(const uint8_t *data, size_t size)
{
	static const char flagc[] = "=ckf";
	static const unsigned int flagv[] = { 0, SIG_F_CRASH, SIG_F_KNOWN,
					      SIG_F_FALLBACK };
	size_t at = 0;
	char src[LOG_BLOCK], err[128];
	int n = 0, lines = 0;

	while (lines < DPATS && at + 2 < size && data[at] == '#' &&
	       memchr(flagc, data[at + 1], 4) && data[at + 1]) {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t end = nl ? (size_t)(nl - data) : size, len = end - at - 2;
		const char *f = memchr(flagc, data[at + 1], 4);

		if (len >= sizeof(src) || memchr(data + at + 2, '\0', len))
			break;
		memcpy(src, data + at + 2, len);
		src[len] = '\0';
		if (!sig_compile(src, &dpat[n], err, sizeof(err))) {
			dpat[n].flags = flagv[f - flagc];
			dptr[n] = &dpat[n];
			n++;
		}
		lines++;
		at = nl ? end + 1 : size;
	}
	if (!lines)
		return 0;
	memset(&dcat, 0, sizeof(dcat));
	dcat.pat = dptr;
	dcat.n = n;
	dcat.set = sig_set_new();
	for (lines = 0; lines < n; lines++)
		sig_set_add(dcat.set, &dpat[lines]);
	sig_set_build(dcat.set);
	/* fitted to the log, as a run fits it: only the speed may change */
	if (size & 2)
		sig_set_tune(dcat.set, (const char *)data, size);
	ref_build(&dref, &dcat);
	return at;
}

static NOCOV void derived_free(void)
{
	int i;

	sig_set_free(dcat.set);
	for (i = 0; i < dcat.n; i++)
		sig_free(&dpat[i]);
	memset(&dcat, 0, sizeof(dcat));
}

/* ---- what the file scan must find ---- */

struct want_pat {
	unsigned long count, first_line, last_line;
	double first_ts, last_ts;
};

static struct want_pat *want;
static unsigned long want_lines, want_cut;

/*
 * Each line of the file as the scan defines it: a line of LOG_BLOCK bytes
 * or more is cut (counted once, judged by its first LOG_BLOCK bytes); every
 * other line is parsed whole. Every pattern is matched alone (@with_set:
 * the set checked against them too). A catch-all pattern counts only on a
 * line no known or crash pattern matched, and only the first of them.
 */
static NOCOV void expect_file(const uint8_t *data, size_t size, int with_set)
{
	const struct catalog *c = ref->cat;
	size_t at = 0;
	int i;

	memset(want, 0, (size_t)(c->n ? c->n : 1) * sizeof(*want));
	want_lines = want_cut = 0;
	while (at < size) {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t end = nl ? (size_t)(nl - data) : size, len = end - at;
		struct klog_line kl;
		int known = 0, fb = -1;

		want_lines++;
		if (len >= LOG_BLOCK) {
			want_cut++;
			len = LOG_BLOCK;
		}
		memcpy(scratch, data + at, len);
		scratch[len] = '\0';
		at = end + 1;
		if (!klog_parse(scratch, len, 0, &kl))
			continue;
		if (with_set)
			cross_check(&kl);
		else
			reference(kl.msg, kl.len);
		for (i = 0; i < c->n; i++) {
			if (!ref->alone[i])
				continue;
			if (c->pat[i]->flags & SIG_F_FALLBACK) {
				if (fb < 0)
					fb = i;
				ref->alone[i] = 0;
			} else if (c->pat[i]->flags & (SIG_F_KNOWN | SIG_F_CRASH)) {
				known = 1;
			}
		}
		if (fb >= 0 && !known)
			ref->alone[fb] = 1;
		for (i = 0; i < c->n; i++) {
			struct want_pat *p = &want[i];
			double ts = kl.has_ts ? kl.ts : -1;

			if (!ref->alone[i])
				continue;
			if (!p->count++) {
				p->first_ts = ts;
				p->first_line = want_lines;
			}
			p->last_ts = ts;
			p->last_line = want_lines;
		}
	}
}

static NOCOV int same_double(double a, double b)
{
	return !memcmp(&a, &b, sizeof(a));
}

static NOCOV void mismatch(const char *what, int i, unsigned long a,
			   unsigned long b)
{
	fprintf(stderr, "pattern %d '%s': %s %lu, expected %lu\n", i,
		i >= 0 ? ref->cat->pat[i]->src : "-", what, a, b);
	die("the scan of the file disagrees");
}

/* The one-range model against each line matched alone. */
static NOCOV void check_range(const struct log_model *m)
{
	int i;

	if (m->lines != want_lines)
		mismatch("lines", -1, m->lines, want_lines);
	if (m->cut_lines != want_cut)
		mismatch("cut lines", -1, m->cut_lines, want_cut);
	for (i = 0; i < ref->cat->n; i++) {
		const struct log_hits *h = &m->hits[i];
		const struct want_pat *p = &want[i];

		if (h->count != p->count)
			mismatch("count", i, h->count, p->count);
		if (!p->count)
			continue;
		if (!same_double(h->first_ts, p->first_ts) ||
		    !same_double(h->last_ts, p->last_ts))
			mismatch("first or last stamp", i, 0, 0);
		if (h->nseq < 1 || h->seq[0].lineno != p->first_line)
			mismatch("first line", i, h->nseq ? h->seq[0].lineno : 0,
				 p->first_line);
		if (h->last.lineno != p->last_line || !h->last.text)
			mismatch("last line", i, h->last.lineno, p->last_line);
		if (h->kept < 1 || h->hit[0].lineno != p->first_line)
			mismatch("first device's first line", i,
				 h->kept ? h->hit[0].lineno : 0, p->first_line);
	}
}

/* ---- the parallel cut against the one range ---- */

static NOCOV int same_hit(const struct log_hit *a, const struct log_hit *b)
{
	return a->lineno == b->lineno && same_double(a->ts, b->ts) &&
	       a->has_ts == b->has_ts && !strcmp(a->dev, b->dev) &&
	       !a->text == !b->text && (!a->text || !strcmp(a->text, b->text));
}

static NOCOV void check_hit(const char *what, int i, const struct log_hit *a,
			    const struct log_hit *b)
{
	if (!same_hit(a, b))
		mismatch(what, i, b->lineno, a->lineno);
}

static NOCOV int same_site(const struct klog_site *a, const struct klog_site *b)
{
	return !strcmp(a->func, b->func) && !strcmp(a->module, b->module) &&
	       !strcmp(a->file, b->file);
}

static NOCOV void check_crashes(const struct log_crashes *a,
				const struct log_crashes *b)
{
	int i, k;

	if (a->n != b->n || a->reports != b->reports || a->dropped != b->dropped)
		mismatch("parts: crash sites", -1, (unsigned long)b->n,
			 (unsigned long)a->n);
	if (a->open || b->open)
		die("a crash report is left open after the scan closed");
	for (i = 0; i < a->n; i++) {
		const struct log_crash *x = &a->v[i], *y = &b->v[i];

		if (x->pat != y->pat || x->count != y->count)
			mismatch("parts: crash pattern or count", y->pat,
				 y->count, x->count);
		check_hit("parts: crash first line", x->pat, &x->head, &y->head);
		check_hit("parts: crash RIP line", x->pat, &x->rip, &y->rip);
		check_hit("parts: crash frame", x->pat, &x->frame, &y->frame);
		check_hit("parts: crash ? frame", x->pat, &x->qframe, &y->qframe);
		check_hit("parts: crash last report", x->pat, &x->last, &y->last);
		if (!same_site(&x->hsite, &y->hsite) ||
		    !same_site(&x->rsite, &y->rsite) ||
		    !same_site(&x->fsite, &y->fsite))
			mismatch("parts: crash site", x->pat, 0, 0);
		if (x->nmods != y->nmods || x->nff != y->nff)
			mismatch("parts: crash modules or frames", x->pat,
				 (unsigned long)y->nff, (unsigned long)x->nff);
		for (k = 0; k < x->nmods; k++)
			if (strcmp(x->mods[k], y->mods[k]))
				mismatch("parts: crash module", x->pat, k, k);
		for (k = 0; k < x->nff; k++) {
			check_hit("parts: crash trace frame", x->pat, &x->ff[k],
				  &y->ff[k]);
			if (strcmp(x->ffunc[k], y->ffunc[k]))
				mismatch("parts: crash frame function", x->pat, k, k);
		}
	}
}

/* The joined parts against the one range, field by field. */
static NOCOV void check_parts(const struct log_model *a, const struct log_model *b)
{
	int i, k;

	if (a->lines != b->lines)
		mismatch("parts: lines", -1, b->lines, a->lines);
	if (a->cut_lines != b->cut_lines)
		mismatch("parts: cut lines", -1, b->cut_lines, a->cut_lines);
	if (a->ndevs != b->ndevs || a->devs_dropped != b->devs_dropped)
		mismatch("parts: devices", -1, (unsigned long)b->ndevs,
			 (unsigned long)a->ndevs);
	for (i = 0; i < ref->cat->n; i++) {
		const struct log_hits *x = &a->hits[i], *y = &b->hits[i];

		if (x->count != y->count)
			mismatch("parts: count", i, y->count, x->count);
		if (!x->count)
			continue;
		if (!same_double(x->first_ts, y->first_ts) ||
		    !same_double(x->last_ts, y->last_ts))
			mismatch("parts: first or last stamp", i, 0, 0);
		check_hit("parts: last hit at line", i, &x->last, &y->last);
		if (x->kept != y->kept || x->dropped != y->dropped)
			mismatch("parts: devices kept", i, (unsigned long)y->kept,
				 (unsigned long)x->kept);
		for (k = 0; k < x->kept; k++) {
			check_hit("parts: device's first hit at line", i,
				  &x->hit[k], &y->hit[k]);
			check_hit("parts: device's last hit at line", i,
				  &x->dlast[k], &y->dlast[k]);
			if (x->dcount[k] != y->dcount[k])
				mismatch("parts: device's count", i, y->dcount[k],
					 x->dcount[k]);
		}
		if (x->nseq != y->nseq)
			mismatch("parts: hits in sequence", i,
				 (unsigned long)y->nseq, (unsigned long)x->nseq);
		for (k = 0; k < x->nseq; k++)
			check_hit("parts: hit in sequence at line", i, &x->seq[k],
				  &y->seq[k]);
	}
	check_crashes(&a->crash, &b->crash);
}

/*
 * Where the input cuts itself: its last byte says into how many parts (2
 * to PARTS), the bytes before it which line starts the cuts fall on.
 * Returns the number of parts; cut[0] is 0, cut[n] the end (-1 or the
 * size, as the last byte says).
 */
static NOCOV int choose_cuts(const uint8_t *data, size_t size, off_t *cut)
{
	static size_t *starts;
	static size_t cap;
	size_t nstarts = 0, p;
	int want_parts, n = 1, i;

	if (!size)
		return 0;
	if (cap < size) {
		free(starts);
		cap = size;
		starts = malloc(cap * sizeof(*starts));
		if (!starts)
			die("out of memory");
	}
	for (p = 0; p + 1 < size; p++)
		if (data[p] == '\n')
			starts[nstarts++] = p + 1;
	want_parts = 2 + data[size - 1] % (PARTS - 1);	/* 2 to PARTS */
	cut[0] = 0;
	for (i = 1; i < want_parts && nstarts; i++) {
		size_t pick = size >= (size_t)i + 1 ? data[size - 1 - i] : 0;

		cut[n++] = (off_t)starts[pick * nstarts / 256];
	}
	/* in file order, each once */
	for (i = 1; i < n; i++) {
		off_t v = cut[i];
		int j = i;

		while (j > 1 && cut[j - 1] > v) {
			cut[j] = cut[j - 1];
			j--;
		}
		cut[j] = v;
	}
	for (i = p = 1; i < n; i++)
		if (cut[i] != cut[p - 1])
			cut[p++] = cut[i];
	n = (int)p;
	cut[n] = data[size - 1] & 0x80 ? (off_t)size : -1;
	return n;
}

/*
 * The models of the one range and of the parts: their hits arrays (one
 * entry per pattern of the larger catalogue) are allocated once and
 * emptied after each input.
 */
static struct log_model whole, joined;

static NOCOV void model_init(struct log_model *m, int npat)
{
	if (!m->hits) {
		m->hits = calloc((size_t)(cat.n > DPATS ? cat.n : DPATS),
				 sizeof(*m->hits));
		if (!m->hits)
			die("out of memory");
	}
	m->npat = npat;
}

/* Everything a scan put in @m freed, its hits array kept (all empty). */
static NOCOV void model_empty(struct log_model *m)
{
	struct log_hits *keep = m->hits;
	int i;

	for (i = 0; i < m->npat; i++)
		log_hits_free(&keep[i]);
	m->hits = NULL;
	log_model_free(m);
	memset(m, 0, sizeof(*m));
	m->hits = keep;
}

static NOCOV void write_all(const uint8_t *data, size_t size)
{
	size_t done = 0;

	if (ftruncate(memfd, 0))
		die("ftruncate failed");
	while (done < size) {
		ssize_t n = pwrite(memfd, data + done, size - done, (off_t)done);

		if (n <= 0)
			die("pwrite failed");
		done += (size_t)n;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char path[4096];
	FILE *f;
	char *buf;
	size_t n;

	reference_init("fuzz_klog");
	snprintf(path, sizeof(path), "%s/%s", hvdiag_datadir(), TUNE_LOG);
	f = fopen(path, "r");
	if (!f)
		die("cannot read the boot log the index is fitted to");
	buf = malloc(256 << 10);
	if (!buf)
		die("out of memory");
	n = fread(buf, 1, 256 << 10, f);
	fclose(f);
	sig_set_tune(cat.set, buf, n);
	free(buf);
	want = calloc((size_t)(cat.n > DPATS ? cat.n : DPATS), sizeof(*want));
	memfd = memfd_create("fuzz_klog", 0);
	if (!want || memfd < 0)
		die("cannot set up");
	return 0;
}

/* /dev/kmsg records go through the line reader and the set, line by line. */
static NOCOV void kmsg_lines(const uint8_t *data, size_t size)
{
	struct linereader lr;
	struct klog_line kl;
	char *line;
	size_t len;

	lr_init_mem(&lr, (const char *)data, size, 512);
	while (lr_next(&lr, &line, &len) == 1)
		if (klog_parse(line, len, 1, &kl))
			cross_check(&kl);
	lr_free(&lr);
}

NOCOV int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	off_t cut[PARTS + 1];
	int n;

	ref = derive_set(data, size) ? &dref : &real;
	if (size & 1)
		kmsg_lines(data, size);
	expect_file(data, size, !(size & 1));

	write_all(data, size);
	model_init(&whole, ref->cat->n);
	if (log_scan_range(&whole, ref->cat, memfd, 0, -1))
		die("log_scan_range failed");
	log_crash_close(&whole);
	check_range(&whole);

	n = choose_cuts(data, size, cut);
	if (n) {
		model_init(&joined, ref->cat->n);
		if (log_scan_parts(&joined, ref->cat, memfd, cut, n, 0))
			die("log_scan_parts failed");
		log_crash_close(&joined);
		check_parts(&whole, &joined);
		model_empty(&joined);
	}
	model_empty(&whole);
	if (ref == &dref)
		derived_free();
	return 0;
}
