// SPDX-License-Identifier: GPL-2.0
/*
 * Many signature patterns searched together.
 *
 * Patterns that share an anchor share one entry. All anchors are found at
 * once with a sampled gram filter: let m be the shortest anchor and q the
 * gram length (4, or 3 when m is 3). An occurrence of an anchor spans
 * m - q + 1 consecutive start positions of q-byte grams inside its first m
 * bytes, so reading one gram every m - q + 1 bytes meets every occurrence
 * exactly once. Each gram read is looked up in a bitmap of the anchors'
 * grams (64 Kibit, 8 KiB: it stays in the first-level cache); only a set
 * bit leads to the gram's entries and a comparison. Unlike a skip search
 * the reads do not depend on each other, so the loop runs at the width of
 * the CPU rather than at the latency of its loads.
 */
#include "profile/sig.h"
#include "base/util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HBITS 16
#define HSIZE (1u << HBITS)

struct anchor {
	const char *s;
	size_t len;
	size_t win;		/* where its m-byte window of grams starts */
	uint64_t head;		/* its first 8 bytes, when it has 8 */
	int *pats;		/* patterns with this anchor, in index order */
	int npats;
	/* every pattern of it needs one of these words: a line without any
	 * needs no closer look */
	const struct sig_words *need;
};

struct gram_ent {
	uint32_t gram;
	int anchor;
	size_t off;		/* where the gram starts in the anchor */
	int next;		/* next entry with the same hash */
};

struct sig_set {
	const struct sig_pat **pats;
	int n;
	struct anchor *anchors;
	int nanchors;
	size_t m, q, stride;	/* stride 0: no index (empty set) */
	uint64_t bits[HSIZE / 64];
	int *head;		/* HSIZE chains into ents */
	struct gram_ent *ents;
	int nents;
};

static uint32_t load_gram(const char *p, size_t q)
{
	uint32_t g = 0;

	if (q == 4) {
		memcpy(&g, p, 4);	/* one unaligned load on every target */
		return g;
	}
	return (uint32_t)(unsigned char)p[0] |
	       (uint32_t)(unsigned char)p[1] << 8 |
	       (uint32_t)(unsigned char)p[2] << 16;
}

static uint32_t hash_gram(uint32_t g)
{
	return (g * 2654435761u) >> (32 - HBITS);
}

struct sig_set *sig_set_new(void)
{
	return xcalloc(1, sizeof(struct sig_set));
}

int sig_set_add(struct sig_set *set, const struct sig_pat *p)
{
	set->pats = xrealloc(set->pats, (size_t)(set->n + 1) * sizeof(*set->pats));
	set->pats[set->n] = p;
	return set->n++;
}

static int anchor_of(struct sig_set *set, const struct sig_pat *p)
{
	int a;

	for (a = 0; a < set->nanchors; a++)
		if (set->anchors[a].len == p->anchorlen &&
		    !memcmp(set->anchors[a].s, p->anchor, p->anchorlen))
			return a;
	set->anchors = xrealloc(set->anchors,
				(size_t)(a + 1) * sizeof(*set->anchors));
	memset(&set->anchors[a], 0, sizeof(set->anchors[a]));
	set->anchors[a].s = p->anchor;
	set->anchors[a].len = p->anchorlen;
	set->nanchors++;
	return a;
}

static void add_gram(struct sig_set *set, int a, size_t off)
{
	struct gram_ent *e;
	uint32_t g = load_gram(set->anchors[a].s + off, set->q);
	uint32_t h = hash_gram(g);

	e = &set->ents[set->nents];
	e->gram = g;
	e->anchor = a;
	e->off = off;
	e->next = set->head[h];
	set->head[h] = set->nents++;
	set->bits[h >> 6] |= (uint64_t)1 << (h & 63);
}

/* (Re)build the bitmap and the entries from each anchor's window. */
static void index_windows(struct sig_set *set)
{
	size_t off;
	int a;

	memset(set->head, 0xff, HSIZE * sizeof(*set->head));	/* all -1 */
	memset(set->bits, 0, sizeof(set->bits));
	set->nents = 0;
	for (a = 0; a < set->nanchors; a++)
		for (off = 0; off + set->q <= set->m; off++)
			add_gram(set, a, set->anchors[a].win + off);
}

void sig_set_build(struct sig_set *set)
{
	int i, a;

	for (i = 0; i < set->n; i++) {
		struct anchor *an;

		a = anchor_of(set, set->pats[i]);	/* may move set->anchors */
		an = &set->anchors[a];
		an->pats = xrealloc(an->pats, (size_t)(an->npats + 1) * sizeof(int));
		an->pats[an->npats++] = i;
	}
	set->head = xmalloc(HSIZE * sizeof(int));
	if (set->nanchors) {
		set->m = set->anchors[0].len;
		for (a = 1; a < set->nanchors; a++)
			if (set->anchors[a].len < set->m)
				set->m = set->anchors[a].len;
		set->q = set->m >= 4 ? 4 : 3;	/* sig_compile guarantees m >= 3 */
		set->stride = set->m - set->q + 1;
	}
	for (a = 0; a < set->nanchors; a++) {
		struct anchor *an = &set->anchors[a];
		int k;

		if (an->len >= 8)
			memcpy(&an->head, an->s, 8);
		an->need = set->pats[an->pats[0]]->need;
		for (k = 1; k < an->npats && an->need; k++)
			if (set->pats[an->pats[k]]->need != an->need)
				an->need = NULL;
	}
	/* each anchor's window holds m - q + 1 grams: sized once, here */
	free(set->ents);
	set->ents = xmalloc((size_t)(set->nanchors ? set->nanchors : 1) *
			    (set->m - set->q + 1) * sizeof(*set->ents));
	index_windows(set);
}

int sig_set_worth(const struct sig_set *set, const struct sig_occ *occ,
		  size_t n, const char *line, size_t len)
{
	struct sig_pat probe;
	size_t i;

	for (i = 0; i < n; i++)
		if (!set->anchors[occ[i].anchor].need)
			return 1;
	memset(&probe, 0, sizeof(probe));
	for (i = 0; i < n; i++) {
		probe.need = set->anchors[occ[i].anchor].need;
		if (sig_has_needed(&probe, line, len))
			return 1;
	}
	return 0;
}

/*
 * Which m bytes of a long anchor to index matters: "Missing UAR" indexed
 * by "Miss", "issi", "ssin", "sing" stops at every "...ing" of a log. The
 * tune counts, in a head of the text about to be searched, how often each
 * gram of every anchor occurs, and moves each window to its rarest place.
 * Only the speed depends on it, never the result.
 */
void sig_set_tune(struct sig_set *set, const char *sample, size_t len)
{
	uint64_t *bits;
	uint32_t *count, *rank, *g = NULL;
	size_t p, w, off, gcap = 0, nbits = 0;
	int a;

	if (!set->stride || len < set->q)
		return;
	bits = xcalloc(HSIZE / 64, sizeof(*bits));
	for (a = 0; a < set->nanchors; a++)
		for (off = 0; off + set->q <= set->anchors[a].len; off++) {
			uint32_t h = hash_gram(load_gram(set->anchors[a].s + off,
							 set->q));

			bits[h >> 6] |= (uint64_t)1 << (h & 63);
		}
	/*
	 * One counter per hash the anchors' grams have, not per hash there
	 * is: a hash's counter is its rank among the set bits.
	 */
	rank = xmalloc(HSIZE / 64 * sizeof(*rank));
	for (w = 0; w < HSIZE / 64; w++) {
		rank[w] = (uint32_t)nbits;
		nbits += (size_t)__builtin_popcountll(bits[w]);
	}
	count = xcalloc(nbits ? nbits : 1, sizeof(*count));
#define SLOT(h) (rank[(h) >> 6] + (uint32_t)__builtin_popcountll( \
		 bits[(h) >> 6] & (((uint64_t)1 << ((h) & 63)) - 1)))
	/* every third position: an unbiased estimate at a third of the work */
	for (p = 0; p + set->q <= len; p += 3) {
		uint32_t h = hash_gram(load_gram(sample + p, set->q));

		if (bits[h >> 6] >> (h & 63) & 1)
			count[SLOT(h)]++;
	}
	for (a = 0; a < set->nanchors; a++) {
		struct anchor *an = &set->anchors[a];
		size_t ng = an->len - set->q + 1, span = set->m - set->q + 1;
		uint64_t best = UINT64_MAX, c = 0;

		/* each gram's count, then every window's sum, sliding */
		if (ng > gcap) {
			gcap = ng;
			g = xrealloc(g, gcap * sizeof(*g));
		}
		for (off = 0; off < ng; off++) {
			uint32_t h = hash_gram(load_gram(an->s + off, set->q));

			g[off] = count[SLOT(h)];
		}
		for (off = 0; off < span; off++)
			c += g[off];
		for (w = 0; w + set->m <= an->len; w++) {
			if (w)
				c += (uint64_t)g[w + span - 1] - g[w - 1];
			if (c < best) {
				best = c;
				an->win = w;
			}
		}
	}
#undef SLOT
	free(g);
	free(count);
	free(rank);
	free(bits);
	index_windows(set);
}

static void occv_push(struct sig_occv *v, size_t pos, int anchor)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->v = xrealloc(v->v, v->cap * sizeof(*v->v));
	}
	v->v[v->n].pos = pos;
	v->v[v->n].anchor = anchor;
	v->n++;
}

void sig_occv_free(struct sig_occv *v)
{
	free(v->v);
	memset(v, 0, sizeof(*v));
}

/* The entries of a gram that was read at @p: compare their anchors. */
static void verify(const struct sig_set *set, const char *s, size_t len,
		   size_t p, uint32_t g, uint32_t h, struct sig_occv *out)
{
	int k;

	for (k = set->head[h]; k >= 0; k = set->ents[k].next) {
		const struct gram_ent *e = &set->ents[k];
		const struct anchor *an = &set->anchors[e->anchor];
		size_t x;

		if (e->gram != g || p < e->off)
			continue;
		x = p - e->off;
		if (an->len > len - x)
			continue;
		if (an->len >= 8) {
			uint64_t h8;

			memcpy(&h8, s + x, 8);
			if (h8 != an->head ||
			    memcmp(s + x + 8, an->s + 8, an->len - 8))
				continue;
		} else if (memcmp(s + x, an->s, an->len)) {
			continue;
		}
		occv_push(out, x, e->anchor);
	}
}

size_t sig_set_find(const struct sig_set *set, const char *s, size_t len,
		    struct sig_occv *out)
{
	size_t first = out->n, p, st = set->stride, q = set->q, i;

	if (!st || len < q)
		return 0;
	if (q == 4) {
		for (p = 0; p + 4 <= len; p += st) {
			uint32_t g, h;

			memcpy(&g, s + p, 4);
			h = hash_gram(g);
			if (set->bits[h >> 6] >> (h & 63) & 1)
				verify(set, s, len, p, g, h, out);
		}
	} else {
		for (p = 0; p + 3 <= len; p += st) {
			uint32_t g = load_gram(s + p, 3), h = hash_gram(g);

			if (set->bits[h >> 6] >> (h & 63) & 1)
				verify(set, s, len, p, g, h, out);
		}
	}
	/*
	 * Grams are read in order and an occurrence starts at most an anchor's
	 * length before its gram: the list is nearly sorted already.
	 */
	for (i = first + 1; i < out->n; i++) {
		struct sig_occ o = out->v[i];
		size_t j = i;

		while (j > first && (out->v[j - 1].pos > o.pos ||
				     (out->v[j - 1].pos == o.pos &&
				      out->v[j - 1].anchor > o.anchor))) {
			out->v[j] = out->v[j - 1];
			j--;
		}
		out->v[j] = o;
	}
	return out->n - first;
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int sig_set_match(const struct sig_set *set, const struct sig_occ *occ,
		  size_t n, const char *s, size_t len, sig_hit_fn hit,
		  void *ctx)
{
	int local[64], *cand = local, ncand = 0, cap = 64, hits = 0, k;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct anchor *an = &set->anchors[occ[i].anchor];

		for (k = 0; k < an->npats; k++) {
			if (ncand == cap) {
				cap *= 2;
				if (cand == local) {
					cand = xmalloc((size_t)cap * sizeof(int));
					memcpy(cand, local, sizeof(local));
				} else {
					cand = xrealloc(cand, (size_t)cap * sizeof(int));
				}
			}
			cand[ncand++] = an->pats[k];
		}
	}
	if (ncand > 1)
		qsort(cand, (size_t)ncand, sizeof(int), cmp_int);
	for (k = 0; k < ncand; k++) {
		struct sig_caps caps;

		if (k && cand[k] == cand[k - 1])
			continue;	/* an anchor met twice in the line */
		if (sig_match(set->pats[cand[k]], s, len, &caps)) {
			hits++;
			if (hit)
				hit(ctx, cand[k], &caps);
		}
	}
	if (cand != local)
		free(cand);
	return hits;
}

int sig_set_scan(const struct sig_set *set, const char *s, size_t len,
		 sig_hit_fn hit, void *ctx)
{
	struct sig_occv v;
	int hits = 0;

	memset(&v, 0, sizeof(v));
	if (sig_set_find(set, s, len, &v))
		hits = sig_set_match(set, v.v, v.n, s, len, hit, ctx);
	sig_occv_free(&v);
	return hits;
}

void sig_set_free(struct sig_set *set)
{
	int a;

	if (!set)
		return;
	for (a = 0; a < set->nanchors; a++)
		free(set->anchors[a].pats);
	free(set->anchors);
	free(set->pats);
	free(set->head);
	free(set->ents);
	free(set);
}
