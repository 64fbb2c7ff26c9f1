// SPDX-License-Identifier: GPL-2.0
#include "catalog.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* Message texts from the kernel (facts: hyperv-sriov.md §1, §4–§7). */
static const char *const event_src[EV_COUNT] = {
	[EV_HYPERV_DETECTED] = "Hypervisor detected: Microsoft Hyper-V",
	[EV_HYPERV_DMI] = "DMI: Microsoft Corporation Virtual Machine",
	[EV_HOST_BUILD] = "Host Build{*}",
	[EV_VMBUS_VERSION] = "Vmbus version:{N}.{N}",
	[EV_REG_HV_PCI] = "hv_vmbus: registering driver hv_pci",
	[EV_REG_HV_UTIL] = "hv_vmbus: registering driver hv_util",
	[EV_REG_NETVSC] = "hv_vmbus: registering driver hv_netvsc",
	[EV_HV_PCI_PROBE] = "PCI VMBus probing: Using version {HEX}",
	[EV_HOST_BRIDGE] = "hv_pci {GUID}: PCI host bridge to bus {HEX}:{HEX}",
	[EV_HEARTBEAT_IC] = "Heartbeat IC version",
	[EV_VF_JOINED] = "{IF}: joined to {IF}",
	[EV_VF_REGISTERING] = "VF registering: {IF}",
	[EV_DP_TO_VF] = "Data path switched to VF: {IF}",
	[EV_DP_FROM_VF] = "Data path switched from VF: {IF}",
	[EV_VF_UNREGISTERING] = "VF unregistering: {IF}",
	[EV_VF_SLOT_ADDED] = "VF slot {N} added",
	[EV_VF_SLOT_REMOVED] = "VF slot {N} removed",
	[EV_IRQ_FOR_MSI] = "{BDF}: irq {N} for MSI/MSI-X",
};

const char *event_pattern(enum event e)
{
	return event_src[e];
}

static int add(struct catalog *c, const struct sig_pat *p)
{
	c->pat = xrealloc(c->pat, (size_t)(c->n + 1) * sizeof(*c->pat));
	c->pat[c->n] = p;
	sig_set_add(c->set, p);
	return c->n++;
}

static void add_pats(struct catalog *c, struct prof_pats *pp)
{
	int i;

	for (i = 0; i < pp->n; i++)
		pp->cat[i] = add(c, &pp->pat[i]);
}

int catalog_build(struct catalog *c, struct profile_set *ps, struct kb *kb)
{
	char err[160];
	int i;

	memset(c, 0, sizeof(*c));
	c->set = sig_set_new();
	for (i = 0; i < EV_COUNT; i++) {
		if (sig_compile(event_src[i], &c->events[i], err, sizeof(err))) {
			errorf("internal pattern %d: %s", i, err);
			return -1;
		}
		add(c, &c->events[i]);
	}
	for (i = 0; ps && i < ps->n; i++) {
		add_pats(c, &ps->p[i]->sig);
		add_pats(c, &ps->p[i]->forbid);
		add_pats(c, &ps->p[i]->detect);
		add_pats(c, &ps->p[i]->vfline);
	}
	for (i = 0; kb && i < kb->n; i++) {
		add_pats(c, &kb->e[i].match);
		add_pats(c, &kb->e[i].after);
	}
	sig_set_build(c->set);
	return 0;
}

void catalog_free(struct catalog *c)
{
	int i;

	for (i = 0; i < EV_COUNT; i++)
		sig_free(&c->events[i]);
	free(c->pat);
	sig_set_free(c->set);
	memset(c, 0, sizeof(*c));
}
