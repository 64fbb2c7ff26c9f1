/* SPDX-License-Identifier: GPL-2.0 */
/* Parser for `ip addr` / `ip -d address` text. */
#ifndef HVDIAG_IPADDR_TEXT_H
#define HVDIAG_IPADDR_TEXT_H

#include "base/linereader.h"
#include "model/model.h"

/* Merge interfaces and addresses into @m; returns the interface count. */
int ipaddr_text_parse(struct linereader *lr, struct net_model *m);
struct netdev *net_find(struct net_model *m, const char *name, int create);

#endif
