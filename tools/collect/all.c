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

void collect_all(const struct source *src, struct guest *g,
		 const struct catalog *cat)
{
	collect_platform(src, g);
	collect_pci(src, g);
	collect_pci_names(&g->pci, cat->profiles);
	collect_log(src, g, cat);
	collect_vmbus(src, g);
	collect_net(src, g);
	collect_irq(src, g);
	if (g->kconfig.part.state == PART_ABSENT && !g->kconfig.n)
		collect_kconfig(src, g);
	collect_modules(src, g);
	collect_rdma(src, g);
	collect_kmods(src, g);
	collect_image(src, g);
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
