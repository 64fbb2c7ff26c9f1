/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The pattern catalogue: every pattern the log scan looks for, from three
 * homes — built-in events the checks read (events.c), the profiles, and the
 * knowledge base — so that one pass over the log serves them all.
 */
#ifndef HVDIAG_CATALOG_H
#define HVDIAG_CATALOG_H

#include "kb.h"
#include "profile.h"
#include "sig.h"

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
	EV_HEARTBEAT_IC,
	EV_VF_JOINED,
	EV_VF_REGISTERING,
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
	struct sig_pat events[EV_COUNT];
	struct sig_set *set;
};

/* Build from the profiles and the knowledge base (their cat[] indices are
 * filled in). Returns -1 only on an internal pattern error. */
int catalog_build(struct catalog *c, struct profile_set *ps, struct kb *kb);
void catalog_free(struct catalog *c);
const char *event_pattern(enum event e);

#endif
