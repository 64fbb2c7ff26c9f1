/* SPDX-License-Identifier: GPL-2.0 */
/* VF netdevs and their synthetic NICs, many to one per PCI function. */
#ifndef HVDIAG_NET_PAIR_H
#define HVDIAG_NET_PAIR_H

#include "model/model.h"

/* A netdev netvsc drives (driver hv_netvsc, or backed by a vmbus device). */
int net_is_synthetic(const struct netdev *d);
/* Another netdev with the MAC of @d that is not PCI-backed; NULL if none. */
const struct netdev *net_twin(const struct net_model *m, const struct netdev *d);
/*
 * Fill synthetic/pairing of every netdev that is not itself synthetic:
 * its master, else the synthetic NIC whose lower_ link names it, else with
 * the SLAVE flag the NIC of its MAC, else (PCI-backed netdevs only) a NIC
 * with its MAC, recorded as PAIR_MAC: not joined.
 */
void net_pair(struct net_model *m);
const char *net_pairing_str(enum net_pairing p);

#endif
