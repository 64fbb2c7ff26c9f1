// SPDX-License-Identifier: GPL-2.0
/*
 * A big kernel log is cut, at newlines, into one part per CPU (HVDIAG_JOBS
 * caps it); each part is scanned into its own model and the models are
 * joined in file order, so the report is the one a single pass gives.
 */
#include "log_scan.h"
#include "util.h"

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
#ifdef _SC_NPROCESSORS_ONLN
	if (n < 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
#endif
	if (n < 1)
		n = 1;
	return n > PARTS_MAX ? PARTS_MAX : (int)n;
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

int log_cut(int fd, off_t size, int n, off_t *at)
{
	int i;

	if (n > PARTS_MAX)
		n = PARTS_MAX;
	at[0] = 0;
	for (i = 1; i < n; i++) {
		off_t cut = size / n * i;

		at[i] = line_start_after(fd, cut > at[i - 1] ? cut : at[i - 1], size);
		if (at[i] <= at[i - 1])
			break;	/* no newline ahead: the part before takes the rest */
	}
	at[i] = -1;
	return i;
}

void log_join(struct log_model *m, struct log_model *b)
{
	int i, k;

	for (i = 0; i < m->npat; i++) {
		struct log_hits *x = &m->hits[i], *y = &b->hits[i];

		if (!y->count)
			continue;
		if (!x->count)
			x->first_ts = y->first_ts;
		x->last_ts = y->last_ts;
		x->count += y->count;
		for (k = 0; k < y->kept; k++) {
			y->hit[k].lineno += m->lines;
			if (x->kept < LOG_KEEP)
				x->hit[x->kept++] = y->hit[k];
			else
				free(y->hit[k].text);
		}
		free(x->last.text);
		x->last = y->last;
		x->last.lineno += m->lines;
		memset(y, 0, sizeof(*y));	/* its texts are m's now */
	}
	m->lines += b->lines;
	m->cut_lines += b->cut_lines;
	b->lines = 0;
	b->cut_lines = 0;
}

/* The file cut into (up to) @n parts, scanned in parallel and joined. */
static int scan_parts(struct log_model *m, const struct catalog *cat, int fd,
		      off_t size, int n)
{
	struct log_part pt[PARTS_MAX];
	pthread_t tid[PARTS_MAX];
	int started[PARTS_MAX];
	off_t at[PARTS_MAX + 1];
	int i, err = 0;

	n = log_cut(fd, size, n, at);
	if (n < 2)
		return log_scan_range(m, cat, fd, 0, -1);
	for (i = 0; i < n; i++) {
		memset(&pt[i], 0, sizeof(pt[i]));
		pt[i].cat = cat;
		pt[i].fd = fd;
		pt[i].start = at[i];
		pt[i].end = at[i + 1];
		pt[i].m.npat = m->npat;
		pt[i].m.kmsg = m->kmsg;
		pt[i].m.hits = i ? xcalloc((size_t)(m->npat ? m->npat : 1),
					   sizeof(*pt[i].m.hits)) : m->hits;
	}
	for (i = 1; i < n; i++)
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
	for (i = 0; i < n; i++) {
		if (pt[i].err && !err)
			err = pt[i].err;
		if (i) {
			log_join(m, &pt[i].m);
			free(pt[i].m.hits);
		}
	}
	return err;
}

int log_scan_file(struct log_model *m, const struct catalog *cat, int fd,
		  off_t size)
{
	int n = jobs_wanted();
	char *head;
	ssize_t hn;

	/* every part searches with the same index: fit it first */
	head = xmalloc(TUNE_SAMPLE);
	hn = pread(fd, head, TUNE_SAMPLE, 0);
	if (hn > 0)
		sig_set_tune(cat->set, head, (size_t)hn);
	free(head);
	if (size / PART_MIN < n)
		n = (int)(size / PART_MIN);
	return scan_parts(m, cat, fd, size, n);
}
