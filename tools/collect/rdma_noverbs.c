// SPDX-License-Identifier: GPL-2.0
/* Built without libibverbs (sources.mk): the port state stays sysfs's. */
#include "collect/rdma_verbs.h"

void rdma_verbs_port_states(struct rdma_model *m)
{
	(void)m;
}
