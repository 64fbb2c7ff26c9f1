// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel log: one streaming pass. Only lines some catalogue pattern wants
 * are kept (a bounded number per pattern), so memory does not grow with
 * the log.
 */
#include "collect.h"
#include "klog.h"
#include "util.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define HIT_TEXT_MAX 400

struct scan_ctx {
	struct log_model *m;
	struct klog_line *kl;
	unsigned long lineno;
};

/*
 * The first PCI address a line names (for scoping). An address has its
 * first ':' 4 bytes in, so only the colons of the line are looked at.
 */
static void first_device(const char *s, size_t len, char *out, size_t n)
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

static void fill_hit(struct log_hit *hit, struct scan_ctx *c, const char *dev)
{
	size_t n = c->kl->len < HIT_TEXT_MAX ? c->kl->len : HIT_TEXT_MAX;

	hit->lineno = c->lineno;
	hit->ts = c->kl->ts;
	hit->has_ts = c->kl->has_ts;
	hv_strlcpy(hit->dev, dev, sizeof(hit->dev));
	/* the buffer of "last" is reused: a long log has many last hits */
	if (!hit->text)
		hit->text = xmalloc(HIT_TEXT_MAX + 1);
	memcpy(hit->text, c->kl->msg, n);
	hit->text[n] = '\0';
}

static void on_hit(void *vctx, int index, const struct sig_caps *caps)
{
	struct scan_ctx *c = vctx;
	struct log_hits *h = &c->m->hits[index];
	struct log_hit *hit;
	char dev[40];

	dev[0] = '\0';
	if (sig_cap_get(caps, SIG_BDF, dev, sizeof(dev))) {
		if (sig_cap_get(caps, SIG_GUID, dev, sizeof(dev)))
			first_device(c->kl->msg, c->kl->len, dev, sizeof(dev));
	}
	if (!h->count)
		h->first_ts = c->kl->has_ts ? c->kl->ts : -1;
	h->count++;
	h->last_ts = c->kl->has_ts ? c->kl->ts : -1;
	if (h->kept < LOG_KEEP) {
		hit = &h->hit[h->kept++];
		fill_hit(hit, c, dev);
	}
	fill_hit(&h->last, c, dev);
}

#define BLOCK (1u << 20)
#define LINE_MAX_KEPT 65536
/* how much of the log's head fits the search index to it */
#define TUNE_SAMPLE (256u << 10)

/* A copy of the line (NULs made spaces) that klog_parse may cut up. */
static int parse_copy(struct scan_ctx *ctx, const char *line, size_t len,
		      char *scratch, struct klog_line *kl)
{
	if (len > LINE_MAX_KEPT - 1)
		len = LINE_MAX_KEPT - 1;
	/* klog_parse makes NULs and other control bytes spaces */
	memcpy(scratch, line, len);
	scratch[len] = '\0';
	ctx->kl = kl;
	return klog_parse(scratch, len, ctx->m->kmsg, kl);
}

/* The head of a line too long for a block: every pattern is tried. */
static void scan_line(struct scan_ctx *ctx, const struct catalog *cat,
		      const char *line, size_t len, char *scratch)
{
	struct klog_line kl;

	if (parse_copy(ctx, line, len, scratch, &kl))
		sig_set_scan(cat->set, kl.msg, kl.len, on_hit, ctx);
}

/*
 * A block of whole lines: find every anchor in it at once, then hand only
 * the lines that hold one to the line parser, with the patterns of those
 * anchors; count the rest.
 */
static void scan_region(struct scan_ctx *ctx, const struct catalog *cat,
			const char *r, size_t n, char *scratch,
			struct sig_occv *occ)
{
	size_t counted = 0, i = 0, j;

	occ->n = 0;
	sig_set_find(cat->set, r, n, occ);
	while (i < occ->n) {
		size_t ls = occ->v[i].pos, le;
		const char *nl = memchr(r + ls, '\n', n - ls);
		struct klog_line kl;

		le = nl ? (size_t)(nl - r) : n;
		while (ls > counted && r[ls - 1] != '\n')
			ls--;
		for (j = i + 1; j < occ->n && occ->v[j].pos < le; j++)
			;
		ctx->m->lines += hv_memcount(r + counted, ls - counted, '\n');
		counted = ls;
		ctx->lineno = ctx->m->lines + 1;
		if (parse_copy(ctx, r + ls, le - ls, scratch, &kl))
			sig_set_match(cat->set, &occ->v[i], j - i, kl.msg,
				      kl.len, on_hit, ctx);
		i = j;
	}
	ctx->m->lines += hv_memcount(r + counted, n - counted, '\n');
	if (n && r[n - 1] != '\n')
		ctx->m->lines++;	/* the last line of the file, unterminated */
}

struct scan_state {
	int skipping;		/* inside a line longer than a block */
	int tuned;
	struct sig_occv occ;
	char *scratch;
};

/*
 * Judge the whole lines of b[0..have); returns how many bytes are done
 * with. A partial last line is left for the next block unless @eof; a
 * line that fills a whole block (@full) is judged by its head and skipped.
 */
static size_t consume(struct scan_ctx *ctx, const struct catalog *cat,
		      struct scan_state *st, const char *b, size_t have,
		      int full, int eof)
{
	size_t end, start = 0;

	if (!st->tuned && have) {
		sig_set_tune(cat->set, b, have < TUNE_SAMPLE ? have : TUNE_SAMPLE);
		st->tuned = 1;
	}
	for (end = have; end > 0 && b[end - 1] != '\n'; end--)
		;
	if (eof)
		end = have;
	if (!end) {
		if (!full)
			return 0;
		if (!st->skipping) {
			ctx->lineno = ctx->m->lines + 1;
			scan_line(ctx, cat, b, have, st->scratch);
			ctx->m->cut_lines++;
			st->skipping = 1;
		}
		return have;
	}
	if (st->skipping) {
		const char *nl = memchr(b, '\n', end);

		start = nl ? (size_t)(nl - b) + 1 : end;
		ctx->m->lines++;
		st->skipping = 0;
	}
	scan_region(ctx, cat, b + start, end - start, st->scratch, &st->occ);
	return end;
}

/*
 * Regular files: big blocks, cut at the last newline, from @start to @end
 * (-1: to the end of the file, however long it has grown).
 */
static int scan_file(struct scan_ctx *ctx, const struct catalog *cat, int fd,
		     off_t start, off_t end, int tune)
{
	char *buf = xmalloc(BLOCK);
	struct scan_state st;
	off_t pos = start;
	size_t have = 0;
	int eof = 0, err = 0;

	memset(&st, 0, sizeof(st));
	st.tuned = !tune;
	st.scratch = xmalloc(LINE_MAX_KEPT);
	while (!eof) {
		size_t want = BLOCK - have, used;
		ssize_t n;

		if (end >= 0 && (off_t)want > end - pos)
			want = (size_t)(end - pos);
		n = want ? pread(fd, buf + have, want, pos) : 0;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		eof = n == 0;
		pos += n;
		have += (size_t)n;
		used = consume(ctx, cat, &st, buf, have, have == BLOCK, eof);
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	if (st.skipping)
		ctx->m->lines++;
	sig_occv_free(&st.occ);
	free(buf);
	free(st.scratch);
	return err;
}

/*
 * A big file is cut, at newlines, into one part per CPU (HVDIAG_JOBS caps
 * it); each part is scanned into its own model and the models are joined
 * in file order, so the result is the one a single pass gives.
 */
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
	struct scan_ctx ctx;
	struct klog_line kl;

	memset(&ctx, 0, sizeof(ctx));
	ctx.m = &pt->m;
	ctx.kl = &kl;
	pt->err = scan_file(&ctx, pt->cat, pt->fd, pt->start, pt->end, 0);
	return NULL;
}

static int jobs_wanted(void)
{
	const char *e = getenv("HVDIAG_JOBS");
	long n = -1;

	if (e && *e) {
		char *endp;

		n = strtol(e, &endp, 10);
		if (*endp || n < 1)
			n = 1;
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

/* Append part @b to the model @m that holds everything before it. */
static void join_part(struct log_model *m, struct log_model *b)
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
	}
	m->lines += b->lines;
	m->cut_lines += b->cut_lines;
	free(b->hits);
}

static int scan_parts(struct scan_ctx *ctx, const struct catalog *cat, int fd,
		      off_t size)
{
	struct log_part pt[PARTS_MAX];
	pthread_t tid[PARTS_MAX];
	int started[PARTS_MAX];
	int n = jobs_wanted(), i, err = 0;
	off_t at = 0;
	char *head;
	ssize_t hn;

	if (size / PART_MIN < n)
		n = (int)(size / PART_MIN);
	if (n < 2)
		return scan_file(ctx, cat, fd, 0, -1, 1);
	/* every part searches with the same index: fit it first */
	head = xmalloc(TUNE_SAMPLE);
	hn = pread(fd, head, TUNE_SAMPLE, 0);
	if (hn > 0)
		sig_set_tune(cat->set, head, (size_t)hn);
	free(head);
	for (i = 0; i < n; i++) {
		off_t end = -1;

		if (i < n - 1) {
			off_t cut = size / n * (i + 1);

			end = line_start_after(fd, cut > at ? cut : at, size);
		}
		if (i < n - 1 && (end < 0 || end <= at)) {
			n = i + 1;	/* no newline ahead: this part takes the rest */
			end = -1;
		}
		memset(&pt[i], 0, sizeof(pt[i]));
		pt[i].cat = cat;
		pt[i].fd = fd;
		pt[i].start = at;
		pt[i].end = end;
		pt[i].m.npat = ctx->m->npat;
		pt[i].m.kmsg = ctx->m->kmsg;
		pt[i].m.hits = i ? xcalloc((size_t)(ctx->m->npat ? ctx->m->npat : 1),
					   sizeof(*pt[i].m.hits)) : ctx->m->hits;
		at = end;
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
	ctx->m->lines = pt[0].m.lines;
	ctx->m->cut_lines = pt[0].m.cut_lines;
	for (i = 0; i < n; i++) {
		if (pt[i].err && !err)
			err = pt[i].err;
		if (i)
			join_part(ctx->m, &pt[i].m);
	}
	return err;
}

void collect_log(struct guest *g, const struct catalog *cat)
{
	struct log_model *m = &g->log;
	struct linereader lr;
	struct scan_ctx ctx;
	struct klog_line kl;
	struct stat st;
	char *line;
	size_t len;
	int r;

	m->npat = cat->n;
	m->hits = xcalloc((size_t)(cat->n ? cat->n : 1), sizeof(*m->hits));
	r = src_open_text(g->src, TXT_KLOG, &lr, m->part.origin,
			  sizeof(m->part.origin), &m->kmsg);
	if (r == -ENOENT) {
		part_set(&m->part, PART_ABSENT, "no kernel log (dmesg.txt)");
		return;
	}
	if (r) {
		part_set(&m->part, PART_ERROR, "cannot read the kernel log: %s%s",
			 strerror(-r), r == -EPERM || r == -EACCES ?
			 " (run as root, or give a bundle with --root)" : "");
		return;
	}
	ctx.m = m;
	ctx.kl = &kl;
	if (!m->kmsg && !fstat(lr.fd, &st) && S_ISREG(st.st_mode)) {
		r = scan_parts(&ctx, cat, lr.fd, st.st_size);
		if (r)
			part_set(&m->part, PART_ERROR, "read error in the kernel log: %s",
				 strerror(r));
	} else {
		/* /dev/kmsg: one record per read, line by line */
		while ((r = lr_next(&lr, &line, &len)) == 1) {
			ctx.lineno = lr.lineno;
			m->lines++;
			if (!klog_parse(line, len, m->kmsg, &kl))
				continue;
			sig_set_scan(cat->set, kl.msg, kl.len, on_hit, &ctx);
		}
		m->cut_lines = lr.cut_lines;
		if (r < 0)
			part_set(&m->part, PART_ERROR, "read error in the kernel log: %s",
				 strerror(lr.err));
	}
	if (m->part.state != PART_ERROR) {
		if (!m->lines)
			part_set(&m->part, PART_ABSENT, "the kernel log is empty");
		else
			m->part.state = PART_OK;
	}
	src_close_text(&lr);
}
