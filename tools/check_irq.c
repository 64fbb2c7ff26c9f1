// SPDX-License-Identifier: GPL-2.0
/* irq.vf.spread: are the VF's MSI-X vectors spread over the CPUs? */
#include "checks.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void check_irq_spread(const struct check_ctx *c, struct result *r);

#define MAXCPU 8192

/* Mark CPUs of a list like "0-3,8"; returns how many were marked. */
static int cpulist(const char *s, unsigned char *set)
{
	int n = 0;

	while (*s) {
		char *end;
		long a = strtol(s, &end, 10), b;

		if (end == s)
			break;
		b = a;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		for (; a <= b && a < MAXCPU; a++)
			if (a >= 0 && !set[a]) {
				set[a] = 1;
				n++;
			}
		s = end;
		if (*s == ',')
			s++;
		else
			break;
	}
	return n;
}

static int vf_irq(const struct check_ctx *c, const struct irq_line *l)
{
	int i, k;

	for (i = 0; i < c->nvf; i++) {
		if (strstr(l->desc, c->vf[i]->bdf))
			return 1;
		for (k = 0; k < c->vf[i]->nirqs; k++)
			if (c->vf[i]->irqs[k] == l->irq)
				return 1;
	}
	for (i = 0; i < c->nlogvf; i++)
		if (strstr(l->desc, c->logvf[i]))
			return 1;
	return 0;
}

void check_irq_spread(const struct check_ctx *c, struct result *r)
{
	const struct irq_model *m = &c->g->irq;
	unsigned char *aff, *cnt;
	int i, k, nvec = 0, naff = 0, ncnt = 0, with_aff = 0, ncpu;
	uint64_t total = 0;

	if (m->part.state != PART_OK) {
		skip_part(r, &m->part);
		return;
	}
	ncpu = m->ncpu;
	if (ncpu < 2) {
		result_set(r, ST_SKIP, "one CPU: nothing to spread over");
		return;
	}
	aff = xcalloc(MAXCPU, 1);
	cnt = xcalloc(MAXCPU, 1);
	for (i = 0; i < m->n; i++) {
		const struct irq_line *l = &m->lines[i];

		if (!vf_irq(c, l))
			continue;
		nvec++;
		if (l->affinity[0]) {
			with_aff++;
			naff += cpulist(l->affinity, aff);
		}
		for (k = 0; k < ncpu && k < MAXCPU; k++)
			if (l->counts[k]) {
				total += l->counts[k];
				if (!cnt[k]) {
					cnt[k] = 1;
					ncnt++;
				}
			}
		if (nvec <= 12)
			result_evidence(r, "irq %s: affinity %s%s, %s", l->name,
					l->affinity[0] ? l->affinity : "?",
					l->affinity_effective ? " (effective)" : "",
					l->desc);
	}
	free(aff);
	free(cnt);
	if (!nvec) {
		result_set(r, ST_SKIP, "no VF interrupt in /proc/interrupts");
		return;
	}
	if (nvec < 2) {
		result_set(r, ST_SKIP, "the VF has a single vector");
		return;
	}
	if (with_aff == nvec && naff == 1) {
		result_set(r, ST_FAIL, "all %d VF vectors target one CPU (of %d)", nvec, ncpu);
		return;
	}
	/* a handful of interrupts (no traffic yet) proves nothing */
	if (total >= 100 && ncnt == 1) {
		result_set(r, ST_FAIL, "all %llu VF interrupts were counted on one CPU (of %d)",
			   (unsigned long long)total, ncpu);
		return;
	}
	result_set(r, ST_PASS, "%d VF vectors over %d CPUs", nvec,
		   with_aff ? naff : ncnt);
}
