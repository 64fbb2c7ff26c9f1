/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The log model's store (log_model.c): hits per pattern and device, and
 * the crash reports, as the scan (collect/log_scan.h) and the VF event
 * reader fill them and the checks read them.
 */
#ifndef HVDIAG_LOG_MODEL_H
#define HVDIAG_LOG_MODEL_H

#include <stddef.h>

#include "model/model.h"

/* The hit store (log_model.c): per pattern, per device first/last/count. */
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

#endif
