/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netvsc's ethtool statistics: the counters `check` reads of a synthetic
 * NIC, from ETHTOOL_GSTATS (live) or the text of `ethtool -S` (a bundle's
 * ethtool-S-<nic>.txt, a sosreport's ethtool_-S_<nic>).
 */
#ifndef HVDIAG_ETHTOOL_TEXT_H
#define HVDIAG_ETHTOOL_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

/* One counter by name: the VF counters and the queues' packets are kept. */
void nic_stats_add(struct nic_stats *st, const char *name, uint64_t value);
/*
 * The text of `ethtool -S NIC`: a "NIC statistics:" line, then "name:
 * value" lines (indented or not); other lines are skipped. Returns the
 * counters read (0: none), st->known set when there was one.
 */
int ethtool_text_parse(const char *text, size_t len, struct nic_stats *st);

#endif
