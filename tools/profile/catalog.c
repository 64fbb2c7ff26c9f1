// SPDX-License-Identifier: GPL-2.0
#include "profile/catalog.h"
#include "base/util.h"

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
	/* 4.4-era and RHEL/CentOS 7 kernels name vmbus devices vmbus_N */
	[EV_HOST_BRIDGE_VMBUS_N] = "hv_pci vmbus_{N}: PCI host bridge to bus {HEX}:{HEX}",
	[EV_HEARTBEAT_IC] = "Heartbeat IC version",
	[EV_VF_JOINED] = "{IF}: joined to {IF}",
	[EV_VF_REGISTERING] = "VF registering: {IF}",
	[EV_VF_UP] = "{IF}: VF up: {IF}",
	[EV_DP_TO_VF] = "Data path switched to VF: {IF}",
	[EV_DP_FROM_VF] = "Data path switched from VF: {IF}",
	[EV_VF_UNREGISTERING] = "VF unregistering: {IF}",
	[EV_VF_SLOT_ADDED] = "VF slot {N} added",
	[EV_VF_SLOT_REMOVED] = "VF slot {N} removed",
	[EV_IRQ_FOR_MSI] = "{BDF}: irq {N} for MSI/MSI-X",
};

const enum event ev_joined[] = {
	EV_VF_JOINED, EV_VF_REGISTERING, EV_VF_UP, EV_DP_TO_VF,
};
const int nev_joined = ARRAY_SIZE(ev_joined);

const enum event ev_removed[] = {
	EV_DP_FROM_VF, EV_VF_UNREGISTERING, EV_VF_SLOT_REMOVED,
};
const int nev_removed = ARRAY_SIZE(ev_removed);

/* The interface name that ends just before @end (at most @n back). */
static int word_before(const char *start, const char *end, char *out,
		       size_t n)
{
	const char *b = end;

	while (b > start && b[-1] != ' ')
		b--;
	if (b == end || (size_t)(end - b) >= n)
		return -1;
	memcpy(out, b, (size_t)(end - b));
	out[end - b] = '\0';
	return 0;
}

static int word_at(const char *s, char *out, size_t n)
{
	size_t k = strcspn(s, " \t:");

	if (!k || k >= n)
		return -1;
	memcpy(out, s, k);
	out[k] = '\0';
	return 0;
}

int event_nics(enum event e, const char *text, char *syn, size_t synlen,
	       char *vf, size_t vflen)
{
	static const struct {
		enum event e;
		const char *lit;	/* what follows "SYN" (or "VF") */
		int vf_first;		/* "VF: joined to SYN" */
	} forms[] = {
		{ EV_VF_JOINED, ": joined to ", 1 },
		{ EV_VF_REGISTERING, ": VF registering: ", 0 },
		{ EV_VF_UP, ": VF up: ", 0 },
		{ EV_DP_TO_VF, ": Data path switched to VF: ", 0 },
		{ EV_DP_FROM_VF, ": Data path switched from VF: ", 0 },
		{ EV_VF_UNREGISTERING, ": VF unregistering: ", 0 },
		{ EV_VF_SLOT_ADDED, ": VF slot ", 0 },
		{ EV_VF_SLOT_REMOVED, ": VF slot ", 0 },
	};
	size_t i;

	syn[0] = vf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(forms); i++) {
		const char *at;

		if (forms[i].e != e)
			continue;
		at = strstr(text, forms[i].lit);
		if (!at)
			return -1;
		if (forms[i].vf_first)
			return word_before(text, at, vf, vflen) ||
			       word_at(at + strlen(forms[i].lit), syn, synlen) ? -1 : 0;
		if (word_before(text, at, syn, synlen))
			return -1;
		if (e == EV_VF_SLOT_ADDED || e == EV_VF_SLOT_REMOVED)
			return 0;
		return word_at(at + strlen(forms[i].lit), vf, vflen);
	}
	return -1;
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
	c->profiles = ps;
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
