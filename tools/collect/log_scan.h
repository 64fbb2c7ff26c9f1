/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scanning a kernel-log file into a log model: one pass over a byte range
 * (collect/log.c) and the cut of a big file into parts scanned in
 * parallel (collect/log_parts.c).
 */
#ifndef HVDIAG_LOG_SCAN_H
#define HVDIAG_LOG_SCAN_H

#include <sys/types.h>

#include "profile/catalog.h"
#include "model/log_model.h"

/*
 * Lines from @start to @end (-1: to the end of the file, however long it
 * has grown) into @m, whose hits are allocated. Line numbers count from
 * @start. Returns 0 or an errno value.
 */
int log_scan_range(struct log_model *m, const struct catalog *cat, int fd,
		   off_t start, off_t end);
/*
 * The crash report @m's range ended in, continued line by line with the
 * range from @start (the part of the file that follows), as one pass over
 * both would. Returns 0 or an errno value.
 */
int log_crash_continue(struct log_model *m, const struct catalog *cat,
		       int fd, off_t start, off_t end);
/*
 * The file cut into @n parts (1 to 8): part i runs from @cut[i] to
 * @cut[i + 1] (-1: to the end of the file), and each cut inside starts a
 * line. Each part is scanned into a model of its own (in a thread of its
 * own when @threads) and the models are joined in file order into @m,
 * whose hits are allocated: the model one range from @cut[0] to @cut[n]
 * gives. Returns 0 or an errno value (EINVAL: @n out of range).
 */
int log_scan_parts(struct log_model *m, const struct catalog *cat, int fd,
		   const off_t *cut, int n, int threads);
/*
 * The whole regular file of @size bytes: fits the catalogue's index to the
 * file's head, then scans it in one part per CPU (HVDIAG_JOBS caps it) and
 * joins the parts in file order. Returns 0 or an errno value.
 */
int log_scan_file(struct log_model *m, const struct catalog *cat, int fd,
		  off_t size);

#endif
