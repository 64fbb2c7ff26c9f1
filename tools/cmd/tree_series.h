/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A patch series against a kernel source tree: each entry judged
 * (applied, applicable, conflicting) with patch(1) and the MANIFEST's
 * probes, the series as a whole in a scratch copy, and the series applied
 * all or nothing.
 */
#ifndef HVDIAG_TREE_SERIES_H
#define HVDIAG_TREE_SERIES_H

#include <stddef.h>

#include "parse/series.h"

enum tree_state {
	S_APPLIED,
	S_APPLICABLE,
	S_CONFLICT,
	S_MISMATCH,
	S_UNKNOWN,		/* no patch file to test, probes do not hold */
	S_WAITS,		/* an earlier entry, not applied, comes first */
	S_SERIES,		/* applies once the entries before it are in */
	S_HACK,			/* the work-around (a hack entry) is in */
	S_HACK_ABSENT,
};

const char *tree_state_str(enum tree_state st);

struct judged {
	enum tree_state st;
	char how[64];
	char path[4200];
	int have;		/* the patch file is at hand */
};

/*
 * Every entry of @s judged against @ksrc (@pdir: the referenced patches,
 * or NULL) into @out (@s->n of them), each on the tree with the entries
 * before it applied where a scratch copy could be made; where it could
 * not, 0 is returned with why in @why. 1: judged in series.
 */
int series_judge(const struct series *s, const char *ksrc, const char *pdir,
		 struct judged *out, char *why, size_t n);
/* Apply @s to @ksrc all or nothing; an exit status (messages printed,
 * each entry's fate on stdout). */
int series_apply(const struct series *s, const char *ksrc, const char *pdir);
/* "3.10.108" from the tree's Makefile; 0 or -1. */
int tree_version(const char *ksrc, char *out, size_t n);

#endif
