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

/* 1 with a line (or a break), 0 at the end, -1 on read error. */
int kv_next(struct linereader *lr, struct kvline *kv);

#endif
