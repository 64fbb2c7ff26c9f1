// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel log: one streaming pass. Of the lines some catalogue pattern
 * wants, each pattern keeps per device the first and last line and a count
 * (model/log_model.c), so memory grows with the devices, not with the log.
 */
#include "collect/collect.h"
#include "base/compat.h"
#include "base/klog.h"
#include "collect/log_scan.h"
#include "base/util.h"
#include "profile/vf_events.h"
#include "source/source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct scan_ctx {
	struct log_model *m;
	const struct catalog *cat;
	struct klog_line *kl;
	unsigned long lineno;
	int crash_pat;		/* the line opens a crash report: its pattern */
	int known;		/* a known failure or crash pattern matched the line */
	/* the line's first catch-all hit, kept until its other patterns are known */
	int nfb;
	struct {
		int index;
		char dev[40];
	} fb[1];
};

static void on_hit(void *vctx, int index, const struct sig_caps *caps)
{
	struct scan_ctx *c = vctx;
	char dev[40];

	dev[0] = '\0';
	if (sig_cap_get(caps, SIG_BDF, dev, sizeof(dev))) {
		if (sig_cap_get(caps, SIG_GUID, dev, sizeof(dev)))
			klog_first_bdf(c->kl->msg, c->kl->len, dev, sizeof(dev));
	}
	if (c->cat->pat[index]->flags & SIG_F_FALLBACK) {
		if (c->nfb < (int)ARRAY_SIZE(c->fb)) {
			c->fb[c->nfb].index = index;
			hv_strlcpy(c->fb[c->nfb].dev, dev, sizeof(c->fb[0].dev));
			c->nfb++;
		}
		return;
	}
	log_hits_add(c->m, &c->m->hits[index], dev, c->lineno, c->kl->ts,
		     c->kl->has_ts, c->kl->msg, c->kl->len);
	if (c->cat->pat[index]->flags & (SIG_F_KNOWN | SIG_F_CRASH))
		c->known = 1;
	if (c->crash_pat < 0 && (c->cat->pat[index]->flags & SIG_F_CRASH))
		c->crash_pat = index;
}

/* Before a line's patterns are tried. */
static void line_begin(struct scan_ctx *c)
{
	c->crash_pat = -1;
	c->known = 0;
	c->nfb = 0;
}

/*
 * After a line's patterns: the first line of a crash report opens one;
 * while one is open, every line is fed to it (registers, RIP, trace).
 */
static void follow_crash(struct scan_ctx *c)
{
	struct klog_line *kl = c->kl;

	/* a catch-all line counts where nothing known matched, once */
	if (!c->known && c->nfb)
		log_hits_add(c->m, &c->m->hits[c->fb[0].index], c->fb[0].dev,
			     c->lineno, kl->ts, kl->has_ts, kl->msg, kl->len);

	if (c->crash_pat >= 0)
		log_crash_open(c->m, c->crash_pat, kl->msg, kl->len, kl->ts,
			       kl->has_ts, c->lineno);
	else if (c->m->crash.open)
		log_crash_feed(c->m, kl->msg, kl->len, kl->ts, kl->has_ts,
			       c->lineno);
}

/* the bytes read at a time (small in the fuzz build: base/compat.h) */
#define BLOCK HVD_LOG_BLOCK
#define LINE_MAX_KEPT 65536
/*
 * The most bytes of a line that are parsed: a line that does not fit a
 * block is judged by the block's worth of its head, and no line by more
 * than LINE_MAX_KEPT - 1 bytes. READ_HEAD: the bytes log_crash_continue
 * reads to find a line's end, so that it cuts lines as the range does.
 */
#define PARSE_MAX (BLOCK < LINE_MAX_KEPT - 1 ? BLOCK : LINE_MAX_KEPT - 1)
#define READ_HEAD (BLOCK < LINE_MAX_KEPT ? BLOCK : LINE_MAX_KEPT)

/* A copy of the line (NULs made spaces) that klog_parse may cut up. */
static int parse_copy(struct scan_ctx *ctx, const char *line, size_t len,
		      char *scratch, struct klog_line *kl)
{
	if (len > PARSE_MAX)
		len = PARSE_MAX;
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

	line_begin(ctx);
	if (parse_copy(ctx, line, len, scratch, &kl)) {
		sig_set_scan(cat->set, kl.msg, kl.len, on_hit, ctx);
		follow_crash(ctx);
	}
}

/*
 * How far s[0..n), which ends where a line does, runs before a control
 * byte the parser changes: one below 0x20 or DEL, but a newline or a CR
 * that only CRs follow to the end of its line. The parser removes escape
 * sequences and CRs and makes the others spaces, which can make an anchor
 * the raw bytes lack (`dmesg --color=always` writes "hv_vmbus:
 * \e[0mregistering driver hv_pci"). The run's newlines are added to *lines.
 */
static size_t clean_run(const char *s, size_t n, unsigned long *lines)
{
	size_t i;
	size_t count = compat_clean_run_fast(s, n, &i);

	for (; i < n; i++) {
		unsigned char b = (unsigned char)s[i];

		if (b == '\n') {
			count++;
			continue;
		}
		if (b == '\r' && (i + 1 == n || s[i + 1] == '\n' || s[i + 1] == '\r'))
			continue;
		if (b < 0x20 || b == 0x7f)
			break;
	}
	*lines += count;
	return i;
}

/*
 * The lines of r[from..to), which hold no anchor as they stand: counted,
 * and those whose cleaning may make one searched whole. Returns where it
 * stopped: @to, or the line after one that opened a crash report (the
 * report takes the lines after it, which the caller reads one by one).
 */
static size_t skip_lines(struct scan_ctx *ctx, const struct catalog *cat,
			 const char *r, size_t from, size_t to, char *scratch)
{
	while (from < to) {
		size_t at = from + clean_run(r + from, to - from, &ctx->m->lines);
		size_t ls = at, le;
		const char *nl;

		if (at == to)
			return to;
		while (ls > from && r[ls - 1] != '\n')
			ls--;
		nl = memchr(r + at, '\n', to - at);
		le = nl ? (size_t)(nl - r) : to;
		ctx->lineno = ctx->m->lines + 1;
		scan_line(ctx, cat, r + ls, le - ls, scratch);
		ctx->m->lines += nl != NULL;
		from = le + 1;
		if (ctx->m->crash.open)
			break;
	}
	return from < to ? from : to;
}

/*
 * A block of whole lines: find every anchor in it at once, then hand only
 * the lines that hold one to the line parser, with the patterns of those
 * anchors; count the rest. While a crash report is open every line is
 * read, anchor or not. Lines with control bytes are searched whole.
 */
static void scan_region(struct scan_ctx *ctx, const struct catalog *cat,
			const char *r, size_t n, char *scratch,
			struct sig_occv *occ)
{
	size_t counted = 0, pos = 0, i = 0, j;

	occ->n = 0;
	sig_set_find(cat->set, r, n, occ);
	while (pos < n) {
		size_t ls, le, stop;
		const char *nl;
		struct klog_line kl;
		unsigned long nls = 0;

		if (ctx->m->crash.open) {
			ls = pos;
		} else if (i < occ->n) {
			ls = occ->v[i].pos;
			while (ls > pos && r[ls - 1] != '\n')
				ls--;
		} else {
			ls = n;		/* no anchor ahead: the rest is counted */
		}
		stop = skip_lines(ctx, cat, r, counted, ls, scratch);
		counted = stop;
		if (stop < ls) {
			pos = stop;	/* a report opened: read every line */
			continue;
		}
		if (ls == n)
			break;
		nl = memchr(r + ls, '\n', n - ls);
		le = nl ? (size_t)(nl - r) : n;
		for (j = i; j < occ->n && occ->v[j].pos < le; j++)
			;
		if (clean_run(r + ls, le - ls, &nls) < le - ls) {
			/* control bytes may hide an anchor: every pattern */
			ctx->lineno = ctx->m->lines + 1;
			scan_line(ctx, cat, r + ls, le - ls, scratch);
			ctx->m->lines += nl != NULL;
			counted = nl ? le + 1 : n;
			i = j;
			pos = le + 1;
			continue;
		}
		if (!ctx->m->crash.open &&
		    !sig_set_worth(cat->set, &occ->v[i], j - i, r + ls, le - ls)) {
			i = j;	/* only word-needing patterns, and no such word */
			pos = le + 1;
			continue;
		}
		ctx->lineno = ctx->m->lines + 1;
		line_begin(ctx);
		if (parse_copy(ctx, r + ls, le - ls, scratch, &kl)) {
			if (j > i)
				sig_set_match(cat->set, &occ->v[i], j - i, kl.msg,
					      kl.len, on_hit, ctx);
			follow_crash(ctx);
		}
		i = j;
		pos = le + 1;
	}
	skip_lines(ctx, cat, r, counted, n, scratch);
	if (n && r[n - 1] != '\n')
		ctx->m->lines++;	/* the last line of the file, unterminated */
}

struct scan_state {
	int skipping;		/* inside a line longer than a block */
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

/* Regular files: big blocks, cut at the last newline (log_scan.h). */
int log_scan_range(struct log_model *m, const struct catalog *cat, int fd,
		   off_t start, off_t end)
{
	struct scan_ctx ctx;
	char *buf = xmalloc(BLOCK);
	struct scan_state st;
	off_t pos = start;
	size_t have = 0;
	int eof = 0, err = 0;

	memset(&ctx, 0, sizeof(ctx));
	ctx.m = m;
	ctx.cat = cat;
	memset(&st, 0, sizeof(st));
	st.scratch = xmalloc(PARSE_MAX + 1);
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
		used = consume(&ctx, cat, &st, buf, have, have == BLOCK, eof);
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	if (st.skipping)
		m->lines++;
	sig_occv_free(&st.occ);
	free(buf);
	free(st.scratch);
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
	memset(&ctx, 0, sizeof(ctx));
	ctx.m = m;
	ctx.cat = cat;
	ctx.kl = &kl;
	if (!m->kmsg && !fstat(lr.fd, &st) && S_ISREG(st.st_mode)) {
		r = log_scan_file(m, cat, lr.fd, st.st_size);
		if (r)
			part_set(&m->part, PART_ERROR, "read error in the kernel log: %s",
				 strerror(r));
	} else {
		/* /dev/kmsg: one record per read, line by line */
		klog_shape_init(&m->shape);
		while ((r = lr_next(&lr, &line, &len)) == 1) {
			ctx.lineno = lr.lineno;
			m->lines++;
			if (!klog_parse(line, len, m->kmsg, &kl))
				continue;
			line_begin(&ctx);
			sig_set_scan(cat->set, kl.msg, kl.len, on_hit, &ctx);
			follow_crash(&ctx);
			klog_shape_add(&m->shape, kl.msg, kl.len, kl.ts, kl.has_ts,
				       lr.lineno);
			if (kl.has_ts) {
				m->has_last_ts = 1;
				m->last_ts = kl.ts;
			}
		}
		m->cut_lines = lr.cut_lines;
		klog_shape_finish(&m->shape, 1);
		if (r < 0)
			part_set(&m->part, PART_ERROR, "read error in the kernel log: %s",
				 strerror(lr.err));
	}
	log_crash_close(m);	/* a report the log ends in */
	if (m->part.state != PART_ERROR) {
		if (!m->lines)
			part_set(&m->part, PART_ABSENT, "the kernel log is empty");
		else
			m->part.state = PART_OK;
	}
	src_close_text(&lr);
}

void collect_vf_events(struct guest *g, const struct catalog *cat,
		       const struct kb *kb, const struct vf_event_defs *defs)
{
	struct vf_event_list *l = &g->vfev;
	struct linereader lr;
	int r, kmsg = 0;

	r = src_open_text(g->src, TXT_KLOG, &lr, l->part.origin,
			  sizeof(l->part.origin), &kmsg);
	if (r == -ENOENT) {
		part_set(&l->part, PART_ABSENT, "no kernel log (dmesg.txt)");
		return;
	}
	if (r) {
		part_set(&l->part, PART_ERROR, "cannot read the kernel log: %s",
			 strerror(-r));
		return;
	}
	r = vf_events_scan_lr(l, &lr, kmsg, defs, cat, kb);
	if (r)
		part_set(&l->part, PART_ERROR, "read error in the kernel log: %s",
			 strerror(r));
	else
		l->part.state = PART_OK;
	src_close_text(&lr);
}

static void flag_crash(void *vctx, int index, const struct sig_caps *caps)
{
	struct scan_ctx *c = vctx;

	(void)caps;
	if (c->crash_pat < 0 && (c->cat->pat[index]->flags & SIG_F_CRASH))
		c->crash_pat = index;
}

/*
 * The crash report @m's range ends in continues into the range from
 * @start (the next part of a cut log): feed it that part's first lines,
 * line by line as one pass would, until the report ends. Line numbers
 * continue m->lines. Returns 0 or an errno value.
 */
int log_crash_continue(struct log_model *m, const struct catalog *cat,
		       int fd, off_t start, off_t end)
{
	struct scan_ctx ctx;
	char *buf = xmalloc(READ_HEAD), *scratch = xmalloc(PARSE_MAX + 1);
	unsigned long rel = 0;
	off_t pos = start;
	int err = 0;

	memset(&ctx, 0, sizeof(ctx));
	ctx.m = m;
	ctx.cat = cat;
	while (m->crash.open && (end < 0 || pos < end)) {
		size_t want = READ_HEAD, len;
		ssize_t n;
		const char *nl;
		struct klog_line kl;

		if (end >= 0 && (off_t)want > end - pos)
			want = (size_t)(end - pos);
		n = pread(fd, buf, want, pos);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? errno : 0;
			break;
		}
		nl = memchr(buf, '\n', (size_t)n);
		len = nl ? (size_t)(nl - buf) : (size_t)n;
		if (nl) {
			pos += (off_t)len + 1;
		} else {
			/* a line longer than the buffer: its head, then its end */
			pos += n;
			while (end < 0 || pos < end) {
				char tail[4096];
				ssize_t k = pread(fd, tail, sizeof(tail), pos);
				const char *e;

				if (k <= 0)
					break;
				e = memchr(tail, '\n', (size_t)k);
				if (e) {
					pos += e - tail + 1;
					break;
				}
				pos += k;
			}
		}
		rel++;
		ctx.lineno = m->lines + rel;
		ctx.crash_pat = -1;
		if (!parse_copy(&ctx, buf, len, scratch, &kl))
			continue;
		sig_set_scan(cat->set, kl.msg, kl.len, flag_crash, &ctx);
		if (ctx.crash_pat >= 0) {
			/* a new report: the part's own scan opened it */
			log_crash_close(m);
			break;
		}
		log_crash_feed(m, kl.msg, kl.len, kl.ts, kl.has_ts, ctx.lineno);
	}
	free(buf);
	free(scratch);
	return err;
}
