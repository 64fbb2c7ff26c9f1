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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HIT_TEXT_MAX 400

struct scan_ctx {
	struct log_model *m;
	struct klog_line *kl;
	unsigned long lineno;
};

/* The first PCI address or GUID a line names (for scoping). */
static void first_device(const char *s, size_t len, char *out, size_t n)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i + 7 <= len; i++) {
		struct hvd_bdf b;

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
	hit->lineno = c->lineno;
	hit->ts = c->kl->ts;
	hit->has_ts = c->kl->has_ts;
	hv_strlcpy(hit->dev, dev, sizeof(hit->dev));
	hit->text = xstrndup(c->kl->msg, c->kl->len < HIT_TEXT_MAX ?
						  c->kl->len : HIT_TEXT_MAX);
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
	free(h->last.text);
	fill_hit(&h->last, c, dev);
}

void collect_log(struct guest *g, const struct catalog *cat)
{
	struct log_model *m = &g->log;
	struct linereader lr;
	struct scan_ctx ctx;
	struct klog_line kl;
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
	while ((r = lr_next(&lr, &line, &len)) == 1) {
		ctx.lineno = lr.lineno;
		m->lines++;
		if (!klog_parse(line, len, m->kmsg, &kl))
			continue;
		sig_set_scan(cat->set, kl.msg, kl.len, on_hit, &ctx);
	}
	m->cut_lines = lr.cut_lines;
	if (r < 0) {
		part_set(&m->part, PART_ERROR, "read error in the kernel log: %s",
			 strerror(lr.err));
	} else if (!m->lines) {
		part_set(&m->part, PART_ABSENT, "the kernel log is empty");
	} else {
		m->part.state = PART_OK;
	}
	src_close_text(&lr);
}
