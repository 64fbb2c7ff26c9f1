// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the kernel-log scan every log goes through, with the real
 * pattern catalogue (built-in events, profiles, knowledge base). As a run
 * does before its one pass, the catalogue is built and its index fitted to
 * a real boot log once (fuzz_sigtune fuzzes the fitting); each input is then
 * a log file. A disagreement aborts:
 *  - each line, parsed and searched by the set, must give exactly the
 *    patterns that match it alone (as a file line for inputs of even size,
 *    as a /dev/kmsg record for odd ones);
 *  - the file scanned as one range (log_scan_range) must give the model
 *    each line matched alone gives: lines, cut lines, and per pattern the
 *    count, first and last stamps, kept evidence and line numbers;
 *  - the file cut where the parallel scan cuts it (log_cut) into 2 to 4
 *    parts, each scanned and joined in order (log_join), must give the one
 *    range's model field for field. Only the threads of log_scan_file are
 *    left out: the parts are scanned one after the other.
 * Built with a small LOG_BLOCK so that short inputs cross block ends and
 * hold lines longer than a block.
 */
#define _GNU_SOURCE
#include <sys/mman.h>
#include <unistd.h>

#include "linereader.h"
#include "log_scan.h"
#include "reference.h"

#ifndef LOG_BLOCK
#error "build with -DLOG_BLOCK (tests/fuzz/run.sh)"
#endif
#if LOG_BLOCK >= 65536
#error "the reference assumes a block shorter than the longest line kept"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the index is fitted once to this real boot log, as a run fits it once */
#define TUNE_LOG "tests/fixtures/captures/dmesg-full-boot-cx5-gen2--lisa-ai-data-dpdk-netvsc.txt"

static int memfd = -1;
static char scratch[LOG_BLOCK + 1];

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

/* ---- the file: expected model, one range, parts ---- */

struct want_pat {
	unsigned long count;
	unsigned long kept_line[LOG_KEEP];
	int kept;
	unsigned long last_line;
	double first_ts, last_ts;
};

struct want {
	unsigned long lines, cut_lines;
	struct want_pat *p;
};

/*
 * Each line of the file as the scan defines it: a line of LOG_BLOCK bytes
 * or more is cut (counted once, judged by its first LOG_BLOCK bytes); every
 * other line is parsed whole. Every pattern is matched alone.
 */
static NOCOV void expect_file(const uint8_t *data, size_t size, struct want *w,
			int with_set)
{
	size_t at = 0;
	int i;

	memset(w->p, 0, (size_t)cat.n * sizeof(*w->p));
	w->lines = w->cut_lines = 0;
	while (at < size) {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t end = nl ? (size_t)(nl - data) : size, len = end - at;
		struct klog_line kl;

		w->lines++;
		if (len >= LOG_BLOCK) {
			w->cut_lines++;
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
		for (i = 0; i < cat.n; i++) {
			struct want_pat *p = &w->p[i];
			double ts = kl.has_ts ? kl.ts : -1;

			if (!alone[i])
				continue;
			if (!p->count++)
				p->first_ts = ts;
			p->last_ts = ts;
			if (p->kept < LOG_KEEP)
				p->kept_line[p->kept++] = w->lines;
			p->last_line = w->lines;
		}
	}
}

static NOCOV void model_init(struct log_model *m)
{
	memset(m, 0, sizeof(*m));
	m->npat = cat.n;
	m->hits = calloc((size_t)cat.n, sizeof(*m->hits));
	if (!m->hits)
		die("out of memory");
}

/* Empty again for the next input (only what a scan touched). */
static NOCOV void model_reset(struct log_model *m)
{
	int i, k;

	for (i = 0; i < m->npat; i++) {
		struct log_hits *h = &m->hits[i];

		if (!h->count)
			continue;
		for (k = 0; k < h->kept; k++)
			free(h->hit[k].text);
		free(h->last.text);
		memset(h, 0, sizeof(*h));
	}
	m->lines = 0;
	m->cut_lines = 0;
}

static NOCOV int same_double(double a, double b)
{
	return !memcmp(&a, &b, sizeof(a));
}

static NOCOV void mismatch(const char *what, int i, unsigned long a, unsigned long b)
{
	fprintf(stderr, "pattern %d '%s': %s %lu, expected %lu\n", i,
		i >= 0 ? cat.pat[i]->src : "-", what, a, b);
	die("the scan of the file disagrees");
}

/* The one-range model against each line matched alone. */
static NOCOV void check_range(const struct log_model *m, const struct want *w)
{
	int i, k;

	if (m->lines != w->lines)
		mismatch("lines", -1, m->lines, w->lines);
	if (m->cut_lines != w->cut_lines)
		mismatch("cut lines", -1, m->cut_lines, w->cut_lines);
	for (i = 0; i < cat.n; i++) {
		const struct log_hits *h = &m->hits[i];
		const struct want_pat *p = &w->p[i];

		if (h->count != p->count)
			mismatch("count", i, h->count, p->count);
		if (!p->count)
			continue;
		if (h->kept != p->kept)
			mismatch("kept", i, (unsigned long)h->kept, (unsigned long)p->kept);
		if (!same_double(h->first_ts, p->first_ts) ||
		    !same_double(h->last_ts, p->last_ts))
			mismatch("first or last stamp", i, 0, 0);
		for (k = 0; k < h->kept; k++)
			if (h->hit[k].lineno != p->kept_line[k] || !h->hit[k].text)
				mismatch("kept line", i, h->hit[k].lineno, p->kept_line[k]);
		if (h->last.lineno != p->last_line || !h->last.text)
			mismatch("last line", i, h->last.lineno, p->last_line);
	}
}

static NOCOV int same_hit(const struct log_hit *a, const struct log_hit *b)
{
	return a->lineno == b->lineno && same_double(a->ts, b->ts) &&
	       a->has_ts == b->has_ts && !strcmp(a->dev, b->dev) &&
	       !a->text == !b->text && (!a->text || !strcmp(a->text, b->text));
}

/* The joined parts against the one range, field by field. */
static NOCOV void check_parts(const struct log_model *a, const struct log_model *b)
{
	int i, k;

	if (a->lines != b->lines)
		mismatch("parts: lines", -1, b->lines, a->lines);
	if (a->cut_lines != b->cut_lines)
		mismatch("parts: cut lines", -1, b->cut_lines, a->cut_lines);
	for (i = 0; i < cat.n; i++) {
		const struct log_hits *x = &a->hits[i], *y = &b->hits[i];

		if (x->count != y->count)
			mismatch("parts: count", i, y->count, x->count);
		if (!x->count)
			continue;
		if (x->kept != y->kept)
			mismatch("parts: kept", i, (unsigned long)y->kept, (unsigned long)x->kept);
		if (!same_double(x->first_ts, y->first_ts) ||
		    !same_double(x->last_ts, y->last_ts))
			mismatch("parts: first or last stamp", i, 0, 0);
		for (k = 0; k < x->kept; k++)
			if (!same_hit(&x->hit[k], &y->hit[k]))
				mismatch("parts: kept hit at line", i,
					 y->hit[k].lineno, x->hit[k].lineno);
		if (!same_hit(&x->last, &y->last))
			mismatch("parts: last hit at line", i, y->last.lineno,
				 x->last.lineno);
	}
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
	memfd = memfd_create("fuzz_klog", 0);
	if (memfd < 0)
		die("memfd_create failed");
	return 0;
}

/* The file cut as the parallel scan cuts it, each part scanned, joined. */
static NOCOV void scan_parts(const uint8_t *data, size_t size,
			     struct log_model *joined, struct log_model *part)
{
	off_t at[5];
	int n, i, k;

	n = log_cut(memfd, (off_t)size, 2 + (int)(size % 3), at);
	if (n < 1 || n > 4 || at[0] != 0 || at[n] != -1)
		die("log_cut: parts out of range");
	for (i = 1; i < n; i++)
		if (at[i] <= at[i - 1] || at[i] > (off_t)size || data[at[i] - 1] != '\n')
			die("log_cut: a part does not start a line");
	for (i = 0; i < n; i++) {
		struct log_model *m = i ? part : joined;

		if (log_scan_range(m, &cat, memfd, at[i], at[i + 1]))
			die("log_scan_range failed on a part");
		if (!i)
			continue;
		log_join(joined, part);
		if (part->lines || part->cut_lines)
			die("log_join: the part is not left empty");
		for (k = 0; k < cat.n; k++)
			if (part->hits[k].count || part->hits[k].kept ||
			    part->hits[k].last.text)
				die("log_join: the part is not left empty");
	}
}

NOCOV int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct want w;
	static struct log_model whole, joined, part;

	if (!w.p) {
		w.p = calloc((size_t)cat.n, sizeof(*w.p));
		if (!w.p)
			die("out of memory");
		model_init(&whole);
		model_init(&joined);
		model_init(&part);
	}
	if (size & 1)
		kmsg_lines(data, size);
	expect_file(data, size, &w, !(size & 1));

	write_all(data, size);
	if (log_scan_range(&whole, &cat, memfd, 0, -1))
		die("log_scan_range failed");
	check_range(&whole, &w);
	scan_parts(data, size, &joined, &part);
	check_parts(&whole, &joined);
	model_reset(&whole);
	model_reset(&joined);
	model_reset(&part);
	return 0;
}
