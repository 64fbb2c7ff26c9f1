// SPDX-License-Identifier: GPL-2.0
#include "collect/collect.h"
#include "parse/interrupts.h"
#include "base/util.h"
#include "source/source.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Each IRQ's CPUs: the effective affinity where the kernel has it. */
static void read_affinities(const struct source *src, struct irq_model *m)
{
	int i;

	for (i = 0; i < m->n && i < 4096; i++) {
		struct irq_line *l = &m->lines[i];
		char path[128];

		if (l->irq < 0)
			continue;
		snprintf(path, sizeof(path), "/proc/irq/%d/effective_affinity_list",
			 l->irq);
		if (src_read_attr(src, path, l->affinity,
				  sizeof(l->affinity)) > 0) {
			l->affinity_effective = 1;
			continue;
		}
		snprintf(path, sizeof(path), "/proc/irq/%d/smp_affinity_list",
			 l->irq);
		if (src_read_attr(src, path, l->affinity,
				  sizeof(l->affinity)) <= 0)
			l->affinity[0] = '\0';
	}
}

void collect_irq(const struct source *src, struct guest *g)
{
	struct irq_model *m = &g->irq;
	struct linereader lr;
	char err[128];
	int r;

	r = src_open_text(src, TXT_INTERRUPTS, &lr, m->part.origin,
			  sizeof(m->part.origin), NULL);
	if (r == -ENOENT) {
		part_set(&m->part, PART_ABSENT, "no /proc/interrupts");
		return;
	}
	if (r) {
		part_set(&m->part, PART_ERROR, "cannot read /proc/interrupts: %s",
			 strerror(-r));
		return;
	}
	r = interrupts_parse(&lr, m, err, sizeof(err));
	src_close_text(&lr);
	if (r) {
		part_set(&m->part, PART_ERROR, "/proc/interrupts: %s", err);
		return;
	}
	read_affinities(src, m);
	m->part.state = PART_OK;
}
