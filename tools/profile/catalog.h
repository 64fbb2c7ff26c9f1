/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pattern catalogue: every pattern the log scan looks for, from three
 * homes — built-in events the checks read (events.c), the profiles, and the
 * knowledge base — so that one pass over the log serves them all.
 */
#ifndef HVDIAG_CATALOG_H
#define HVDIAG_CATALOG_H

#include "profile/kb.h"
#include "profile/profile.h"
#include "profile/sig.h"

enum event {
	EV_HYPERV_DETECTED,
	EV_HYPERV_DMI,
	EV_HOST_BUILD,
	EV_VMBUS_VERSION,
	EV_REG_HV_PCI,
	EV_REG_HV_UTIL,
	EV_REG_NETVSC,
	EV_HV_PCI_PROBE,
	EV_HOST_BRIDGE,
	EV_HOST_BRIDGE_VMBUS_N,
	EV_HEARTBEAT_IC,
	EV_VF_JOINED,
	EV_VF_REGISTERING,
	EV_VF_UP,
	EV_DP_TO_VF,
	EV_DP_FROM_VF,
	EV_VF_UNREGISTERING,
	EV_VF_SLOT_ADDED,
	EV_VF_SLOT_REMOVED,
	EV_IRQ_FOR_MSI,
	EV_COUNT
};

struct catalog {
	const struct sig_pat **pat;
	int n;
	const struct profile_set *profiles;	/* every profile loaded */
	struct sig_pat events[EV_COUNT];
	struct sig_set *set;
};

/* Build from the profiles and the knowledge base (their cat[] indices are
 * filled in). Returns -1 only on an internal pattern error. */
int catalog_build(struct catalog *c, struct profile_set *ps, struct kb *kb);
void catalog_free(struct catalog *c);

/*
 * Pairing evidence: the lines that show a VF netdev joined to its
 * synthetic NIC, in every kernel era (docs/formats.md). Transparent VF
 * bonding (4.14+, the 3.10 backport) prints "joined to" on the VF's netdev;
 * netvsc before it prints only "VF registering", "VF up" and "Data path
 * switched to VF" on the synthetic NIC. Any one of them counts.
 */
extern const enum event ev_joined[];
extern const int nev_joined;
/* Lines that take a VF away from its synthetic NIC (servicing, unload). */
extern const enum event ev_removed[];
extern const int nev_removed;

/*
 * The synthetic NIC and the VF netdev a netvsc event line names: "hv_netvsc
 * ID SYN: VF registering: VF", "DRV BDF VF: joined to SYN". Old kernels
 * name the netvsc device vmbus_N, newer ones by GUID; only the interface
 * names matter here. @vf is "" where the line names none ("VF slot N
 * added"). Returns 0, or -1 when @text is not a line of event @e.
 */
int event_nics(enum event e, const char *text, char *syn, size_t synlen,
	       char *vf, size_t vflen);

#endif
