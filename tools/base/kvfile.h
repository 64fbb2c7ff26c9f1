/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The line format of profiles and knowledge-base files: "key value" per
 * line, '#' at the start of a line for comments, blank lines end a record.
 */
#ifndef HVDIAG_KVFILE_H
#define HVDIAG_KVFILE_H

#include "base/linereader.h"

struct kvline {
	unsigned long lineno;
	char *key;	/* NULL for a blank line (record break) */
	char *value;	/* "" when the key has no value */
};

/*
 * Open the data file @path (a profile, a KB file, the VF events) for
 * reading: a regular file only, never waiting on a FIFO. An fd, or -1
 * with the message printed; @what ("profile") names the file in it, or
 * NULL.
 */
int kv_open(const char *path, const char *what);

/* 1 with a line (or a break), 0 at the end, -1 on read error. */
int kv_next(struct linereader *lr, struct kvline *kv);

#endif
