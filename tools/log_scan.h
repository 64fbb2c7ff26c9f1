/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scanning a kernel-log file into a log model: one pass over a byte range
 * (collect_log.c) and the cut of a big file into parts scanned in parallel
 * (log_parts.c), and the store of what the scan found (log_store.c).
 */
#ifndef HVDIAG_LOG_SCAN_H
#define HVDIAG_LOG_SCAN_H

#include <sys/types.h>

#include "catalog.h"
#include "model.h"

/* The hit store (log_store.c): per pattern, per device first/last/count. */
void log_hit_set(struct log_hit *h, unsigned long lineno, double ts,
		 int has_ts, const char *dev, const char *text, size_t len);
/* Device @dev's index in @h ("" for lines that name none), or -1. */
int log_hits_find(const struct log_hits *h, const char *dev);
/*
 * The earliest hit after line @after of device @dev (NULL: any device);
 * NULL when none. Per device the first and last hits are known: the first
 * when it lies after @after, else the last when it does (a hit between
 * them may be earlier, never later).
 */
const struct log_hit *log_hits_after(const struct log_hits *h,
				     const char *dev, unsigned long after);
void log_hits_add(struct log_model *m, struct log_hits *h, const char *dev,
		  unsigned long lineno, double ts, int has_ts,
		  const char *text, size_t len);
void log_hits_join(struct log_model *m, struct log_hits *a,
		   struct log_hits *b, unsigned long shift);
void log_hits_free(struct log_hits *h);
void log_model_free(struct log_model *m);

/*
 * Lines from @start to @end (-1: to the end of the file, however long it
 * has grown) into @m, whose hits are allocated. Line numbers count from
 * @start. Returns 0 or an errno value.
 */
int log_scan_range(struct log_model *m, const struct catalog *cat, int fd,
		   off_t start, off_t end);
/*
 * The whole regular file of @size bytes: fits the catalogue's index to the
 * file's head, then scans it in one part per CPU (HVDIAG_JOBS caps it) and
 * joins the parts in file order. Returns 0 or an errno value.
 */
int log_scan_file(struct log_model *m, const struct catalog *cat, int fd,
		  off_t size);

#endif
