/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scanning a kernel-log file into a log model: one pass over a byte range
 * (collect_log.c) and the cut of a big file into parts scanned in parallel
 * (log_parts.c).
 */
#ifndef HVDIAG_LOG_SCAN_H
#define HVDIAG_LOG_SCAN_H

#include <sys/types.h>

#include "catalog.h"
#include "model.h"

/*
 * Lines from @start to @end (-1: to the end of the file, however long it
 * has grown) into @m, whose hits are allocated. Line numbers count from
 * @start. Returns 0 or an errno value.
 */
int log_scan_range(struct log_model *m, const struct catalog *cat, int fd,
		   off_t start, off_t end);
/*
 * Where the parallel scan cuts the file of @size bytes into (up to) @n
 * parts: each at the first line start after an n-th of the file. Fills
 * at[0] = 0 < at[1] < ... with the parts' starts and at[parts] = -1 (to
 * the end); @at holds n + 1 entries. Returns the number of parts, fewer
 * than @n where newlines are missing, at most 8.
 */
int log_cut(int fd, off_t size, int n, off_t *at);
/*
 * Append @b, the model of the part that follows @m's, to @m. @b is left
 * empty (its evidence is @m's now) and can scan another part.
 */
void log_join(struct log_model *m, struct log_model *b);
/*
 * The whole regular file of @size bytes: fits the catalogue's index to the
 * file's head, then scans it in one part per CPU (HVDIAG_JOBS caps it) and
 * joins the parts in file order. Returns 0 or an errno value.
 */
int log_scan_file(struct log_model *m, const struct catalog *cat, int fd,
		  off_t size);

#endif
