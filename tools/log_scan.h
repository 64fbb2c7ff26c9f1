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
 * Crash reports: the first line of one (a SIG_F_CRASH pattern) opens it
 * (closing one still open); the lines after it are fed until its end
 * trace or LOG_CRASH_LINES lines; closing files it by site.
 */
void log_crash_open(struct log_model *m, int pat, const char *msg,
		    size_t len, double ts, int has_ts, unsigned long lineno);
void log_crash_feed(struct log_model *m, const char *msg, size_t len,
		    double ts, int has_ts, unsigned long lineno);
void log_crash_close(struct log_model *m);
/*
 * For a reader of one report at a time (vf_events.c): hand the open
 * report over to @out instead of filing it; 0 when none is open.
 * log_crash_free releases a report handed over.
 */
int log_crash_take(struct log_model *m, struct log_crash *out);
void log_crash_free(struct log_crash *c);
/* Append the crash sites of the part @b that follows (lines move by
 * @shift); the report @m left open must have been continued through @b
 * first (log_crash_continue): it stays open when @b opened none. */
void log_crash_join(struct log_model *m, struct log_model *b,
		    unsigned long shift);
/* Where a report happened: the RIP's function (else the first line's), the
 * RIP's module (else the first frame's), the first line's source file. */
void log_crash_where(const struct log_crash *c, const char **func,
		     const char **module, const char **file);
/* The same in words: "in f [mod]", "in f, called from g [mod]", ...;
 * @from: the trace frame (ffunc) that placed it, -1 for none. */
void log_crash_place(const struct log_crash *c, int from, char *buf, size_t n);

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
