// SPDX-License-Identifier: GPL-2.0
/* irq.vf.spread: are the VF's MSI-X vectors spread over the CPUs? */
#include "checks/checks.h"
#include "base/util.h"

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

/* A vector of a VF: its action names the VF (after '@'), or the VF's
 * msi_irqs lists it; older descriptions are searched for the address. */
static int vf_irq(const struct check_ctx *c, const struct irq_line *l)
{
	int i, k;

	if (l->dev[0])
		return vf_names_dev(c, l->dev);
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

/* A control vector (the profile's irq-control names): not a queue. */
static int control_irq(const struct check_ctx *c, const struct irq_line *l)
{
	int i;

	for (i = 0; c->prof && l->action[0] && i < c->prof->nirq_control; i++)
		if (!strcmp(l->action, c->prof->irq_control[i]))
			return 1;
	return 0;
}

/* The CPU that counted at least 90 % of a vector's interrupts, or -1. */
static int main_cpu(const struct irq_line *l, int ncpu, uint64_t *total)
{
	uint64_t sum = 0, best = 0;
	int k, cpu = -1;

	for (k = 0; k < ncpu; k++) {
		sum += l->counts[k];
		if (l->counts[k] > best) {
			best = l->counts[k];
			cpu = k;
		}
	}
	*total = sum;
	return sum && best * 10 >= sum * 9 ? cpu : -1;
}

void check_irq_spread(const struct check_ctx *c, struct result *r)
{
	const struct irq_model *m = &c->g->irq;
	unsigned char *aff, *cnt;
	int i, k, nvec = 0, naff = 0, ncnt = 0, with_aff = 0, ncpu, nctl = 0;
	int *owner, nmain = 0, busy = 0, shared = -1, idle = -1;
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
	/* owner[cpu]: how many queue vectors count >= 90 % there */
	owner = xcalloc((size_t)ncpu, sizeof(*owner));
	for (i = 0; i < m->n; i++) {
		const struct irq_line *l = &m->lines[i];
		uint64_t vt;
		int mc;

		if (!vf_irq(c, l))
			continue;
		if (control_irq(c, l)) {
			nctl++;
			result_evidence(r, "irq %s: %s, the control vector, not judged",
					l->name, l->action);
			continue;
		}
		nvec++;
		if (l->affinity[0]) {
			with_aff++;
			naff += cpulist(l->affinity, aff);
		}
		for (k = 0; k < l->ncounts && k < MAXCPU; k++)
			if (l->counts[k]) {
				total += l->counts[k];
				if (!cnt[k]) {
					cnt[k] = 1;
					ncnt++;
				}
			}
		mc = main_cpu(l, ncpu, &vt);
		if (mc >= 0 && vt >= 100) {
			nmain++;
			if (owner[mc]++)
				shared = mc;
		}
		if (nvec <= 12)
			result_evidence(r, "irq %s: affinity %s%s, %s%s%d", l->name,
					l->affinity[0] ? l->affinity : "?",
					l->affinity_effective ? " (effective)" : "",
					l->desc, mc >= 0 && vt >= 100 ? "; mostly on CPU " : "",
					mc >= 0 && vt >= 100 ? mc : 0);
	}
	for (k = 0; k < ncpu; k++) {
		busy += owner[k] > 0;
		if (!owner[k] && idle < 0)
			idle = k;
	}
	free(aff);
	free(cnt);
	free(owner);
	if (!nvec) {
		result_set(r, ST_SKIP, "no VF %sinterrupt in /proc/interrupts",
			   nctl ? "queue " : "");
		return;
	}
	if (nvec < 2) {
		result_set(r, ST_SKIP, "the VF has a single queue vector");
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
	/*
	 * Without affinity files, the counts: when every queue vector fires on
	 * one CPU, two share a CPU while another serves none although there
	 * are as many queues as CPUs, the queues are not spread one to one.
	 */
	if (!with_aff && nmain == nvec && nvec >= ncpu && busy < ncpu &&
	    shared >= 0 && idle >= 0) {
		result_set(r, ST_WARN, "%d VF queue vectors fire on %d of %d CPUs: CPU %d serves two or more, CPU %d none",
			   nvec, busy, ncpu, shared, idle);
		return;
	}
	result_set(r, ST_PASS, "%d VF vectors over %d CPUs", nvec,
		   with_aff ? naff : ncnt);
}
