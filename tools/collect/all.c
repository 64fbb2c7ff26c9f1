// SPDX-License-Identifier: GPL-2.0
#include "collect/collect.h"
#include "profile/vf_events.h"
#include "parse/interrupts.h"
#include "parse/kconfig.h"
#include "collect/log_scan.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void part_set(struct part *p, enum part_state st, const char *fmt, ...)
{
	va_list ap;

	p->state = st;
	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
}

void collect_all(struct guest *g, const struct catalog *cat)
{
	collect_platform(g);
	collect_pci(g);
	collect_pci_names(&g->pci, cat->profiles);
	collect_log(g, cat);
	collect_vmbus(g);
	collect_net(g);
	collect_irq(g);
	if (g->kconfig.part.state == PART_ABSENT && !g->kconfig.n)
		collect_kconfig(g, NULL);
	collect_modules(g);
	collect_rdma(g);
	collect_kmods(g);
	collect_image(g);
}

void guest_free(struct guest *g)
{
	int i;

	free(g->pci.devs);
	log_model_free(&g->log);
	vf_event_list_free(&g->vfev);
	for (i = 0; i < g->vmbus.n; i++)
		free(g->vmbus.devs[i].chans);
	free(g->vmbus.devs);
	free(g->net.devs);
	irq_model_free(&g->irq);
	kconfig_free(&g->kconfig);
	for (i = 0; i < g->modules.n; i++)
		free(g->modules.names[i]);
	free(g->modules.names);
	free(g->rdma.devs);
	image_free(g);
	memset(g, 0, sizeof(*g));
}
