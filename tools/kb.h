/* SPDX-License-Identifier: GPL-2.0 */
/* Knowledge base: known failure lines -> cause, remedy, curing patch. */
#ifndef HVDIAG_KB_H
#define HVDIAG_KB_H

#include "profile.h"

enum kb_scope {
	KB_SCOPE_ANY,		/* any line counts */
	KB_SCOPE_VF,		/* lines that name the VF (or no device) */
	KB_SCOPE_VMBUS,
	KB_SCOPE_HVPCI,
	KB_SCOPE_NET,
};

struct kb_entry {
	char *id;
	char *title;
	enum kb_scope scope;
	int fail;		/* 1 fail, 0 warn */
	char *cause;
	char *remedy;
	char *patch;		/* may be NULL */
	char *check;		/* check id the entry belongs to, NULL: driver.errors */
	char *family;		/* "mana,mlx5": profiles it is about; NULL: all */
	struct prof_pats match;
	struct prof_pats after;	/* match counts only after one of these */
	unsigned long lineno;
};

struct kb {
	struct kb_entry *e;
	int n;
};

int kb_load_dir(struct kb *kb, const char *dir);
int kb_load_file(struct kb *kb, const char *path);
void kb_free(struct kb *kb);
const struct kb_entry *kb_find(const struct kb *kb, const char *id);
const char *kb_scope_str(enum kb_scope s);
/* Whether @e applies to a VF of @family (NULL: no profile): a record
 * without family applies to all, one with families only to those. */
int kb_for_family(const struct kb_entry *e, const char *family);

#endif
