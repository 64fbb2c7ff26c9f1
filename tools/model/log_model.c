// SPDX-License-Identifier: GPL-2.0
/*
 * The hits of a log scan, per pattern and per device: first and last hit
 * and a count for each device a matching line names. A model keeps at
 * most LOG_DEVS_MAX device entries; hits of devices beyond that are
 * counted (and the report says so), never silently merged.
 */
#include "model/log_model.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HIT_TEXT_MAX 400
#define HASH_FROM 8		/* devices of one pattern before it gets a hash */

void log_hit_set(struct log_hit *h, unsigned long lineno, double ts,
		 int has_ts, const char *dev, const char *text, size_t len)
{
	if (len > HIT_TEXT_MAX)
		len = HIT_TEXT_MAX;
	h->lineno = lineno;
	h->ts = ts;
	h->has_ts = has_ts;
	hv_strlcpy(h->dev, dev, sizeof(h->dev));
	/* "last" hits are rewritten often: reuse the buffer when it fits */
	if (!h->text || h->cap < len + 1) {
		free(h->text);
		h->cap = len + 1 < 96 ? 96 : len + 1;
		h->text = xmalloc(h->cap);
	}
	memcpy(h->text, text, len);
	h->text[len] = '\0';
}

static void hit_copy(struct log_hit *dst, const struct log_hit *src,
		     unsigned long shift)
{
	log_hit_set(dst, src->lineno + shift, src->ts, src->has_ts, src->dev,
		    src->text ? src->text : "", src->text ? strlen(src->text) : 0);
}

static uint32_t hash_dev(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void slot_put(struct log_hits *h, int k)
{
	uint32_t i = hash_dev(h->hit[k].dev) & (uint32_t)(h->nslot - 1);

	while (h->slot[i])
		i = (i + 1) & (uint32_t)(h->nslot - 1);
	h->slot[i] = k + 1;
}

static void rehash(struct log_hits *h)
{
	int k;

	free(h->slot);
	h->nslot = 16;
	while (h->nslot < 2 * h->cap)
		h->nslot *= 2;
	h->slot = xcalloc((size_t)h->nslot, sizeof(*h->slot));
	for (k = 0; k < h->kept; k++)
		slot_put(h, k);
}

int log_hits_find(const struct log_hits *h, const char *dev)
{
	int k;

	if (!h)
		return -1;
	if (!h->slot) {
		for (k = 0; k < h->kept; k++)
			if (!strcmp(h->hit[k].dev, dev))
				return k;
		return -1;
	}
	{
		uint32_t i = hash_dev(dev) & (uint32_t)(h->nslot - 1);

		while (h->slot[i]) {
			k = h->slot[i] - 1;
			if (!strcmp(h->hit[k].dev, dev))
				return k;
			i = (i + 1) & (uint32_t)(h->nslot - 1);
		}
	}
	return -1;
}

const struct log_hit *log_hits_after(const struct log_hits *h,
				     const char *dev, unsigned long after)
{
	const struct log_hit *best = NULL, *x;
	int k, end;

	if (!h)
		return NULL;
	k = 0;
	end = h->kept;
	if (dev) {
		/* one device: its entry only */
		k = log_hits_find(h, dev);
		if (k < 0)
			return NULL;
		end = k + 1;
	}
	for (; k < end; k++) {
		x = h->hit[k].lineno > after ? &h->hit[k] :
		    h->dlast[k].lineno > after ? &h->dlast[k] : NULL;
		if (x && (!best || x->lineno < best->lineno))
			best = x;
	}
	return best;
}

/*
 * The next entry of the hit sequence (nseq < LOG_KEEP), emptied. Its room
 * grows with it, 4, 8, ... LOG_KEEP entries, and follows from nseq: most
 * patterns hit once or a few times.
 */
static struct log_hit *seq_next(struct log_hits *h)
{
	int n = h->nseq;

	if (!n || (n >= 4 && !(n & (n - 1)))) {
		int room = n ? 2 * n : 4;

		h->seq = xrealloc(h->seq, (size_t)room * sizeof(*h->seq));
		memset(&h->seq[n], 0, (size_t)(room - n) * sizeof(*h->seq));
	}
	return &h->seq[h->nseq++];
}

/* A new device entry, or -1 when the model has no room for one. */
static int new_dev(struct log_model *m, struct log_hits *h, const char *dev)
{
	int k;

	/* lines that name no device always have their entry */
	if (dev[0] && m->ndevs >= LOG_DEVS_MAX)
		return -1;
	if (h->kept == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 2;
		h->hit = xrealloc(h->hit, (size_t)h->cap * sizeof(*h->hit));
		h->dlast = xrealloc(h->dlast, (size_t)h->cap * sizeof(*h->dlast));
		h->dcount = xrealloc(h->dcount, (size_t)h->cap * sizeof(*h->dcount));
		if (h->cap >= HASH_FROM)
			rehash(h);
	}
	k = h->kept++;
	memset(&h->hit[k], 0, sizeof(h->hit[k]));
	memset(&h->dlast[k], 0, sizeof(h->dlast[k]));
	h->dcount[k] = 0;
	hv_strlcpy(h->hit[k].dev, dev, sizeof(h->hit[k].dev));
	if (h->slot)
		slot_put(h, k);
	if (dev[0])
		m->ndevs++;
	return k;
}

void log_hits_add(struct log_model *m, struct log_hits *h, const char *dev,
		  unsigned long lineno, double ts, int has_ts,
		  const char *text, size_t len)
{
	int k = log_hits_find(h, dev);

	if (!h->count)
		h->first_ts = has_ts ? ts : -1;
	h->count++;
	h->last_ts = has_ts ? ts : -1;
	log_hit_set(&h->last, lineno, ts, has_ts, dev, text, len);
	if (h->nseq < LOG_KEEP)
		log_hit_set(seq_next(h), lineno, ts, has_ts, dev, text, len);
	if (k < 0) {
		k = new_dev(m, h, dev);
		if (k < 0) {
			h->dropped++;
			m->devs_dropped++;
			return;
		}
		log_hit_set(&h->hit[k], lineno, ts, has_ts, dev, text, len);
	}
	h->dcount[k]++;
	log_hit_set(&h->dlast[k], lineno, ts, has_ts, dev, text, len);
}

/*
 * Append @b, the hits of the part that follows, to @a; @b's line numbers
 * move by @shift. Devices keep the order of their first hit in the file.
 */
void log_hits_join(struct log_model *m, struct log_hits *a,
		   struct log_hits *b, unsigned long shift)
{
	int k;

	if (!b->count)
		return;
	if (!a->count)
		a->first_ts = b->first_ts;
	a->last_ts = b->last_ts;
	a->count += b->count;
	a->dropped += b->dropped;
	hit_copy(&a->last, &b->last, shift);
	for (k = 0; k < b->nseq && a->nseq < LOG_KEEP; k++)
		hit_copy(seq_next(a), &b->seq[k], shift);
	for (k = 0; k < b->kept; k++) {
		int j = log_hits_find(a, b->hit[k].dev);

		if (j < 0) {
			j = new_dev(m, a, b->hit[k].dev);
			if (j < 0) {
				a->dropped += b->dcount[k];
				m->devs_dropped += b->dcount[k];
				continue;
			}
			hit_copy(&a->hit[j], &b->hit[k], shift);
		}
		a->dcount[j] += b->dcount[k];
		hit_copy(&a->dlast[j], &b->dlast[k], shift);
	}
}

void log_hits_free(struct log_hits *h)
{
	int k;

	if (!h->count)
		return;		/* a pattern without a hit holds nothing */
	for (k = 0; k < h->kept; k++) {
		free(h->hit[k].text);
		free(h->dlast[k].text);
	}
	for (k = 0; k < h->nseq; k++)
		free(h->seq[k].text);
	free(h->seq);
	free(h->hit);
	free(h->dlast);
	free(h->dcount);
	free(h->slot);
	free(h->last.text);
	memset(h, 0, sizeof(*h));
}


/* ---- crash reports ---- */

void log_crash_where(const struct log_crash *c, const char **func,
		     const char **module, const char **file)
{
	const struct klog_site *f = c->frame.text ? &c->fsite :
				    c->qframe.text ? &c->fsite : NULL;

	*func = c->rsite.func[0] ? c->rsite.func : c->hsite.func;
	*module = c->rsite.module[0] ? c->rsite.module :
		  f && f->module[0] ? f->module : c->hsite.module;
	*file = c->hsite.file;
}

void log_crash_place(const struct log_crash *c, int from, char *buf, size_t n)
{
	const char *func, *module, *file;
	int frame = (c->frame.text || c->qframe.text) && c->fsite.func[0];

	log_crash_where(c, &func, &module, &file);
	if (from >= 0 && from < c->nff && !c->rsite.module[0] && !frame)
		snprintf(buf, n, "in %s, called from %s", func[0] ? func : "?",
			 c->ffunc[from]);
	else if (func[0] && c->rsite.module[0])
		snprintf(buf, n, "in %s [%s]", func, c->rsite.module);
	else if (func[0] && frame)
		snprintf(buf, n, "in %s, called from %s [%s]", func, c->fsite.func,
			 c->fsite.module);
	else if (frame)
		snprintf(buf, n, "in %s [%s] (first trace frame naming a module)",
			 c->fsite.func, c->fsite.module);
	else if (func[0])
		snprintf(buf, n, "in %s%s%s%s%s", func, module[0] ? " [" : "", module,
			 module[0] ? "]" : "", c->rip.text || frame ? "" :
			 " (the log shows no RIP line or trace)");
	else if (file[0])
		snprintf(buf, n, "at %s", file);
	else
		snprintf(buf, n, "(the log does not say where)");
}

static int same_site(const struct log_crash *a, const struct log_crash *b)
{
	const char *fa, *ma, *la, *fb, *mb, *lb;

	if (a->pat != b->pat)
		return 0;
	log_crash_where(a, &fa, &ma, &la);
	log_crash_where(b, &fb, &mb, &lb);
	return !strcmp(fa, fb) && !strcmp(ma, mb) && !strcmp(la, lb);
}

static void crash_free(struct log_crash *c)
{
	int k;

	free(c->head.text);
	free(c->rip.text);
	free(c->frame.text);
	free(c->qframe.text);
	free(c->last.text);
	for (k = 0; k < c->nff; k++)
		free(c->ff[k].text);
	memset(c, 0, sizeof(*c));
}

void log_crash_free(struct log_crash *c)
{
	crash_free(c);
}

int log_crash_take(struct log_model *m, struct log_crash *out)
{
	struct log_crashes *cs = &m->crash;

	if (!cs->open)
		return 0;
	cs->open = 0;
	*out = cs->cur;
	memset(&cs->cur, 0, sizeof(cs->cur));
	return 1;
}

static void crash_shift(struct log_crash *c, unsigned long shift)
{
	int k;

	c->head.lineno += shift;
	c->last.lineno += shift;
	if (c->rip.text)
		c->rip.lineno += shift;
	if (c->frame.text)
		c->frame.lineno += shift;
	if (c->qframe.text)
		c->qframe.lineno += shift;
	for (k = 0; k < c->nff; k++)
		c->ff[k].lineno += shift;
}

/* File @c (moved: the caller's copy is cleared) among the sites. */
static void crash_insert(struct log_crashes *cs, struct log_crash *c)
{
	int i;

	for (i = 0; i < cs->n; i++)
		if (same_site(&cs->v[i], c)) {
			cs->v[i].count += c->count;
			hit_copy(&cs->v[i].last, &c->last, 0);
			crash_free(c);
			return;
		}
	if (cs->n == LOG_CRASH_SITES) {
		cs->dropped += c->count;
		crash_free(c);
		return;
	}
	cs->v = xrealloc(cs->v, (size_t)(cs->n + 1) * sizeof(*cs->v));
	cs->v[cs->n++] = *c;
	memset(c, 0, sizeof(*c));
}

void log_crash_close(struct log_model *m)
{
	struct log_crashes *cs = &m->crash;

	if (!cs->open)
		return;
	cs->open = 0;
	crash_insert(cs, &cs->cur);
}

void log_crash_open(struct log_model *m, int pat, const char *msg,
		    size_t len, double ts, int has_ts, unsigned long lineno)
{
	struct log_crashes *cs = &m->crash;

	log_crash_close(m);
	memset(&cs->cur, 0, sizeof(cs->cur));
	cs->cur.pat = pat;
	cs->cur.count = 1;
	log_hit_set(&cs->cur.head, lineno, ts, has_ts, "", msg, len);
	log_hit_set(&cs->cur.last, lineno, ts, has_ts, "", msg, len);
	klog_crash_header(cs->cur.head.text, &cs->cur.hsite);
	cs->open = 1;
	cs->left = LOG_CRASH_LINES;
	cs->reports++;
}

void log_crash_feed(struct log_model *m, const char *msg, size_t len,
		    double ts, int has_ts, unsigned long lineno)
{
	struct log_crashes *cs = &m->crash;
	struct log_crash *c = &cs->cur;
	struct klog_site site;
	int unreliable;

	if (!cs->open)
		return;
	if (klog_crash_end(msg)) {
		log_crash_close(m);
		return;
	}
	if (!c->rip.text && klog_crash_rip(msg, &site)) {
		log_hit_set(&c->rip, lineno, ts, has_ts, "", msg, len);
		c->rsite = site;
	} else if (klog_crash_frame(msg, &site, &unreliable)) {
		int k;

		if (!unreliable && site.func[0] && c->nff < LOG_CRASH_FRAMES) {
			log_hit_set(&c->ff[c->nff], lineno, ts, has_ts, "", msg, len);
			hv_strlcpy(c->ffunc[c->nff++], site.func, sizeof(c->ffunc[0]));
		}
		if (!site.module[0])
			goto next;
		for (k = 0; k < c->nmods && strcmp(c->mods[k], site.module); k++)
			;
		if (k == c->nmods && k < (int)(sizeof(c->mods) / sizeof(c->mods[0])))
			hv_strlcpy(c->mods[c->nmods++], site.module, sizeof(c->mods[0]));
		if (!unreliable && !c->frame.text) {
			log_hit_set(&c->frame, lineno, ts, has_ts, "", msg, len);
			c->fsite = site;
			free(c->qframe.text);
			memset(&c->qframe, 0, sizeof(c->qframe));
		} else if (unreliable && !c->frame.text && !c->qframe.text) {
			log_hit_set(&c->qframe, lineno, ts, has_ts, "", msg, len);
			c->fsite = site;
		}
	}
next:
	if (--cs->left == 0)
		log_crash_close(m);
}

void log_crash_join(struct log_model *m, struct log_model *b,
		    unsigned long shift)
{
	struct log_crashes *a = &m->crash, *y = &b->crash;
	int i;

	/* a report @b opened closed the one open before it */
	if (y->reports)
		log_crash_close(m);
	a->reports += y->reports;
	a->dropped += y->dropped;
	for (i = 0; i < y->n; i++) {
		crash_shift(&y->v[i], shift);
		crash_insert(a, &y->v[i]);
	}
	free(y->v);
	y->v = NULL;
	y->n = 0;
	if (y->open) {
		crash_shift(&y->cur, shift);
		a->cur = y->cur;
		a->open = 1;
		a->left = y->left;
		memset(&y->cur, 0, sizeof(y->cur));
		y->open = 0;
	}
}

static void crashes_free(struct log_crashes *cs)
{
	int i;

	for (i = 0; i < cs->n; i++)
		crash_free(&cs->v[i]);
	free(cs->v);
	crash_free(&cs->cur);
	memset(cs, 0, sizeof(*cs));
}

void log_model_free(struct log_model *m)
{
	int i;

	for (i = 0; m->hits && i < m->npat; i++)
		log_hits_free(&m->hits[i]);
	free(m->hits);
	m->hits = NULL;
	crashes_free(&m->crash);
	klog_shape_free(&m->shape);
}
