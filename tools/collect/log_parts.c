// SPDX-License-Identifier: GPL-2.0
/*
 * A big kernel log is cut, at newlines, into one part per CPU (HVDIAG_JOBS
 * caps it); each part is scanned into its own model and the models are
 * joined in file order, so the report is the one a single pass gives.
 */
#include "base/klog.h"
#include "base/compat.h"
#include "collect/log_scan.h"
#include "base/util.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* how much of the log's head fits the search index to it */
#define TUNE_SAMPLE (256u << 10)
#define PART_MIN (8 << 20)
#define PARTS_MAX 8

struct log_part {
	const struct catalog *cat;
	int fd;
	off_t start, end;
	struct log_model m;
	int err;
};

static void *scan_part(void *arg)
{
	struct log_part *pt = arg;

	pt->err = log_scan_range(&pt->m, pt->cat, pt->fd, pt->start, pt->end);
	return NULL;
}

static int jobs_wanted(void)
{
	const char *e = getenv("HVDIAG_JOBS");
	long n = -1;

	if (e && *e) {
		char *endp;

		n = strtol(e, &endp, 10);
		if (*endp || n < 1) {
			warnf("HVDIAG_JOBS='%s' is not a positive number: the log is scanned in one part", e);
			n = 1;
		}
	}
	if (n < 0)
		n = compat_nprocs();
	if (n < 1)
		n = 1;
	return n > PARTS_MAX ? PARTS_MAX : (int)n;
}

/*
 * The shape of the log from its head (@whole: the head is the whole log).
 * A line cut by the end of the head is left out unless it ends the file.
 */
static void log_shape_head(struct log_model *m, const char *head, size_t n,
			   int whole)
{
	size_t pos = 0, cap = 0;
	char *copy = NULL;
	unsigned long lineno = 0;

	klog_shape_init(&m->shape);
	while (pos < n) {
		const char *nl = memchr(head + pos, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - (head + pos)) : n - pos;
		struct klog_line kl;

		if (!nl && !whole)
			break;
		lineno++;
		if (len + 1 > cap) {
			cap = len + 1;
			copy = xrealloc(copy, cap);
		}
		memcpy(copy, head + pos, len);
		copy[len] = '\0';
		if (klog_parse(copy, len, m->kmsg, &kl))
			klog_shape_add(&m->shape, kl.msg, kl.len, kl.ts, kl.has_ts,
				       lineno);
		pos += len + 1;
	}
	free(copy);
	klog_shape_finish(&m->shape, whole);
}

/* The last timestamp of the file: its last 64 KiB, read backwards. */
static void log_last_ts(struct log_model *m, int fd, off_t size)
{
	size_t want = size > 65536 ? 65536 : (size_t)size, end;
	off_t at = size - (off_t)want;
	char *tail = xmalloc(want + 1);
	ssize_t n = pread(fd, tail, want, at);

	if (n > 0) {
		end = (size_t)n;
		while (end > 0) {
			size_t start = end;
			struct klog_line kl;

			while (start > 0 && tail[start - 1] != '\n')
				start--;
			if ((start > 0 || at == 0) && end > start) {
				tail[end] = '\0';
				if (klog_parse(tail + start, end - start, m->kmsg, &kl) &&
				    kl.has_ts) {
					m->has_last_ts = 1;
					m->last_ts = kl.ts;
					break;
				}
			}
			end = start ? start - 1 : 0;
		}
	}
	free(tail);
}

/* The first line start at or after @at (-1: none before the end). */
static off_t line_start_after(int fd, off_t at, off_t size)
{
	char buf[65536];

	while (at < size) {
		ssize_t n = pread(fd, buf, sizeof(buf), at);
		const char *nl;

		if (n <= 0)
			return -1;
		nl = memchr(buf, '\n', (size_t)n);
		if (nl)
			return at + (nl - buf) + 1;
		at += n;
	}
	return -1;
}

/*
 * Append part @pt to the model @m that holds everything before it. A
 * crash report left open at the cut is first completed from the part's
 * first lines, as one pass would have; when the part opens no report of
 * its own, one still open runs on into the part after it.
 */
static int join_part(struct log_model *m, struct log_part *pt)
{
	struct log_model *b = &pt->m;
	int i, err = 0;

	if (m->crash.open)
		err = log_crash_continue(m, pt->cat, pt->fd, pt->start, pt->end);
	log_crash_join(m, b, m->lines);
	m->devs_dropped += b->devs_dropped;
	for (i = 0; i < m->npat; i++)
		log_hits_join(m, &m->hits[i], &b->hits[i], m->lines);
	m->lines += b->lines;
	m->cut_lines += b->cut_lines;
	log_model_free(b);
	return err;
}

int log_scan_parts(struct log_model *m, const struct catalog *cat, int fd,
		   const off_t *cut, int n, int threads)
{
	struct log_part pt[PARTS_MAX];
	pthread_t tid[PARTS_MAX];
	int started[PARTS_MAX];
	int i, err = 0;

	if (n < 1 || n > PARTS_MAX)
		return EINVAL;
	for (i = 0; i < n; i++) {
		memset(&pt[i], 0, sizeof(pt[i]));
		pt[i].cat = cat;
		pt[i].fd = fd;
		pt[i].start = cut[i];
		pt[i].end = cut[i + 1];
		pt[i].m.npat = m->npat;
		pt[i].m.kmsg = m->kmsg;
		pt[i].m.hits = i ? xcalloc((size_t)(m->npat ? m->npat : 1),
					   sizeof(*pt[i].m.hits)) : m->hits;
		started[i] = 0;
	}
	for (i = 1; i < n && threads; i++)
		started[i] = !pthread_create(&tid[i], NULL, scan_part, &pt[i]);
	scan_part(&pt[0]);
	for (i = 1; i < n; i++) {
		if (started[i])
			pthread_join(tid[i], NULL);
		else
			scan_part(&pt[i]);	/* no thread: scan it here */
	}
	m->lines = pt[0].m.lines;
	m->cut_lines = pt[0].m.cut_lines;
	m->ndevs = pt[0].m.ndevs;
	m->devs_dropped = pt[0].m.devs_dropped;
	m->crash = pt[0].m.crash;
	for (i = 0; i < n; i++) {
		if (pt[i].err && !err)
			err = pt[i].err;
		if (i) {
			int e = join_part(m, &pt[i]);

			if (e && !err)
				err = e;
		}
	}
	return err;
}

int log_scan_file(struct log_model *m, const struct catalog *cat, int fd,
		  off_t size)
{
	off_t cut[PARTS_MAX + 1];
	int n = jobs_wanted(), i;
	char *head;
	ssize_t hn;

	/* every part searches with the same index: fit it first */
	head = xmalloc(TUNE_SAMPLE);
	hn = pread(fd, head, TUNE_SAMPLE, 0);
	if (hn > 0) {
		sig_set_tune(cat->set, head, (size_t)hn);
		log_shape_head(m, head, (size_t)hn, (off_t)hn >= size);
	}
	free(head);
	log_last_ts(m, fd, size);
	if (size / PART_MIN < n)
		n = (int)(size / PART_MIN);
	if (n < 2)
		return log_scan_range(m, cat, fd, 0, -1);
	cut[0] = 0;
	for (i = 1; i < n; i++) {
		off_t at = size / n * i;

		if (at < cut[i - 1])
			at = cut[i - 1];
		cut[i] = line_start_after(fd, at, size);
		if (cut[i] < 0 || cut[i] <= cut[i - 1]) {
			n = i;	/* no newline ahead: this part takes the rest */
			break;
		}
	}
	cut[n] = -1;
	return log_scan_parts(m, cat, fd, cut, n, 1);
}
