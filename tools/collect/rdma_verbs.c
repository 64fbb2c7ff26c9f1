// SPDX-License-Identifier: GPL-2.0
/*
 * Port state through libibverbs, what an application would see; built
 * when the library is there (sources.mk), else rdma_noverbs.c.
 */
#include "collect/rdma_verbs.h"

#include <infiniband/verbs.h>
#include <stdio.h>
#include <string.h>

void rdma_verbs_port_states(struct rdma_model *m)
{
	struct ibv_device **list;
	int n, i, k;

	list = ibv_get_device_list(&n);
	if (!list)
		return;
	for (i = 0; i < n; i++) {
		struct ibv_context *ctx = ibv_open_device(list[i]);
		struct ibv_port_attr pa;

		if (!ctx)
			continue;
		if (!ibv_query_port(ctx, 1, &pa))
			for (k = 0; k < m->n; k++)
				if (!strcmp(m->devs[k].name, ibv_get_device_name(list[i])))
					snprintf(m->devs[k].port_state,
						 sizeof(m->devs[k].port_state),
						 "%d: %s (verbs)", pa.state,
						 ibv_port_state_str(pa.state));
		ibv_close_device(ctx);
	}
	ibv_free_device_list(list);
}
