// SPDX-License-Identifier: GPL-2.0
/*
 * Pairing of VF netdevs with synthetic NICs. netvsc joins each VF netdev
 * below the synthetic NIC of the same MAC; one MANA function serves several
 * synthetic NICs, so the pairing is per netdev, never per PCI function.
 */
#include "parse/net_pair.h"
#include "base/util.h"

#include <strings.h>
#include <string.h>

int net_is_synthetic(const struct netdev *d)
{
	return !strcmp(d->driver, "hv_netvsc") || d->vmbus[0];
}

const struct netdev *net_twin(const struct net_model *m, const struct netdev *d)
{
	const struct netdev *best = NULL;
	int i;

	if (!d->mac[0] || !strcmp(d->mac, "00:00:00:00:00:00"))
		return NULL;
	for (i = 0; i < m->n; i++) {
		const struct netdev *o = &m->devs[i];

		if (o == d || o->pci[0] || strcasecmp(o->mac, d->mac))
			continue;
		if (net_is_synthetic(o))
			return o;
		/* netvsc marks the VF SLAVE, never the NIC it joins it to */
		if (!best || (best->flags >= 0 && (best->flags & NETDEV_IFF_SLAVE)))
			best = o;
	}
	return best;
}

static const struct netdev *lower_of(const struct net_model *m,
				     const struct netdev *d)
{
	int i, k;

	for (i = 0; i < m->n; i++)
		for (k = 0; k < m->devs[i].nlower; k++)
			if (!strcmp(m->devs[i].lower[k], d->name))
				return &m->devs[i];
	return NULL;
}

void net_pair(struct net_model *m)
{
	int i;

	for (i = 0; i < m->n; i++) {
		struct netdev *d = &m->devs[i];
		const struct netdev *s;

		d->synthetic[0] = '\0';
		d->pairing = PAIR_NONE;
		if (net_is_synthetic(d))
			continue;
		if (d->master[0]) {
			hv_strlcpy(d->synthetic, d->master, sizeof(d->synthetic));
			d->pairing = PAIR_MASTER;
		} else if ((s = lower_of(m, d)) != NULL) {
			hv_strlcpy(d->synthetic, s->name, sizeof(d->synthetic));
			d->pairing = PAIR_LOWER;
		} else if (d->flags >= 0 && (d->flags & NETDEV_IFF_SLAVE) &&
			   (s = net_twin(m, d)) != NULL) {
			/* netvsc sets IFF_SLAVE on the VF it joins */
			hv_strlcpy(d->synthetic, s->name, sizeof(d->synthetic));
			d->pairing = PAIR_SLAVE;
		} else if (d->pci[0] && (s = net_twin(m, d)) != NULL) {
			hv_strlcpy(d->synthetic, s->name, sizeof(d->synthetic));
			d->pairing = PAIR_MAC;
		}
	}
}

const char *net_pairing_str(enum net_pairing p)
{
	switch (p) {
	case PAIR_MASTER:
		return "master";
	case PAIR_LOWER:
		return "lower link";
	case PAIR_SLAVE:
		return "SLAVE flag, same MAC";
	case PAIR_MAC:
		return "same MAC, not joined";
	case PAIR_NONE:
		break;
	}
	return "none";
}
