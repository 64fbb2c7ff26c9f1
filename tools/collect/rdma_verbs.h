/* SPDX-License-Identifier: GPL-2.0 */
/* The live port state of RDMA devices through libibverbs, when built with it. */
#ifndef HVDIAG_RDMA_VERBS_H
#define HVDIAG_RDMA_VERBS_H

#include "model/model.h"

/* Port 1's state of each device of @m the verbs library knows. */
void rdma_verbs_port_states(struct rdma_model *m);

#endif
