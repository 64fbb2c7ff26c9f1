// SPDX-License-Identifier: GPL-2.0
/*
 * The hits of a log scan, per pattern and per device: first and last hit
 * and a count for each device a matching line names. A model keeps at
 * most LOG_DEVS_MAX device entries; hits of devices beyond that are
 * counted (and the report says so), never silently merged.
 */
#include "log_scan.h"
#include "util.h"

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
	int k;

	for (k = 0; h && k < h->kept; k++) {
		if (dev && strcmp(h->hit[k].dev, dev))
			continue;
		x = h->hit[k].lineno > after ? &h->hit[k] :
		    h->dlast[k].lineno > after ? &h->dlast[k] : NULL;
		if (x && (!best || x->lineno < best->lineno))
			best = x;
	}
	return best;
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

	for (k = 0; k < h->kept; k++) {
		free(h->hit[k].text);
		free(h->dlast[k].text);
	}
	free(h->hit);
	free(h->dlast);
	free(h->dcount);
	free(h->slot);
	free(h->last.text);
	memset(h, 0, sizeof(*h));
}

void log_model_free(struct log_model *m)
{
	int i;

	for (i = 0; m->hits && i < m->npat; i++)
		log_hits_free(&m->hits[i]);
	free(m->hits);
	m->hits = NULL;
}
