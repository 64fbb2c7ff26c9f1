// SPDX-License-Identifier: GPL-2.0
/*
 * RDMA devices and port 1 state from /sys/class/infiniband; on the live
 * system, when built with libibverbs, the port state comes from the verbs
 * library itself (what an application would see).
 */
#include "collect/collect.h"
#include "collect/rdma_verbs.h"
#include "base/util.h"
#include "source/source.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The PCI function an IB device's "device" link leads to: the link's last
 * component that is an address. mlx IB devices sit on the function itself;
 * mana_ib binds an auxiliary device below it ("7870:00:00.0/mana.rdma.0").
 */
static void rdma_pci_of(char *target, char *pci)
{
	char *b;

	pci[0] = '\0';
	while (*target) {
		struct hvd_bdf a;

		b = strrchr(target, '/');
		b = b ? b + 1 : target;
		if (!hvd_bdf_parse_exact(b, strlen(b), &a)) {
			hvd_bdf_format(&a, pci);
			return;
		}
		if (b == target)
			return;
		b[-1] = '\0';
	}
}

void collect_rdma(struct guest *g)
{
	struct rdma_model *m = &g->rdma;
	char **names;
	int n, i;

	n = src_list(g->src, "/sys/class/infiniband", &names);
	if (n < 0) {
		part_set(&m->part, n == -ENOENT ? PART_ABSENT : PART_ERROR,
			 "no /sys/class/infiniband (no RDMA driver loaded)");
		return;
	}
	m->devs = xcalloc((size_t)(n ? n : 1), sizeof(*m->devs));
	for (i = 0; i < n; i++) {
		struct rdma_dev *d = &m->devs[m->n++];
		char path[PATH_MAX], target[PATH_MAX], full[PATH_MAX];

		hv_strlcpy(d->name, names[i], sizeof(d->name));
		snprintf(path, sizeof(path), "/sys/class/infiniband/%s/device",
			 names[i]);
		/* resolved: an auxiliary device's link is relative to it */
		if (src_path(g->src, path, full, sizeof(full)) == 0 &&
		    realpath(full, target) &&
		    !strncmp(target, g->src->root, strlen(g->src->root)))
			rdma_pci_of(target + strlen(g->src->root), d->pci);
		else if (src_readlink(g->src, path, target, sizeof(target)) > 0)
			rdma_pci_of(target, d->pci);
		snprintf(path, sizeof(path),
			 "/sys/class/infiniband/%s/ports/1/state", names[i]);
		if (src_read_attr(g->src, path, d->port_state,
				  sizeof(d->port_state)) < 0)
			d->port_state[0] = '\0';
	}
	src_list_free(names, n);
	if (g->src->kind == SRC_LIVE)
		rdma_verbs_port_states(m);
	m->part.state = PART_OK;
}
