/* SPDX-License-Identifier: GPL-2.0 */
/* Knowledge base: known failure lines -> cause, remedy, curing patch. */
#ifndef HVDIAG_KB_H
#define HVDIAG_KB_H

#include "profile/profile.h"

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
	int info;		/* "level info": a known, harmless line */
	char *cause;
	char *remedy;
	char *patch;		/* may be NULL */
	char *check;		/* check id the entry belongs to, NULL: driver.errors */
	char *family;		/* "mana,mlx5": profiles it is about; NULL: all */
	struct prof_pats match;
	struct prof_pats after;	/* match counts only after one of these */
	unsigned long lineno;
	/*
	 * A crash entry: its match lines are first lines of crash or
	 * warning reports; it applies to a report whose site (function,
	 * module, source file) the in-* lists admit (no list: any site).
	 */
	char *crash;		/* what kind, for the reader: oops, warning ... */
	char **in_module, **in_path, **in_function;
	int nin_module, nin_path, nin_function;
	int unplaced;		/* only for reports with no RIP line and no trace */
	/* A match also needs one of these words in the line ("words"). */
	struct sig_words *words;
	/*
	 * The catch-all ("fallback yes"): its lines count only where no other
	 * entry, forbidden or crash line matched: unrecognised error lines.
	 */
	int fallback;
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
/*
 * Whether crash entry @e admits a report at this site; @placed: the log
 * shows the report's RIP line or trace (else only an "unplaced" entry, or
 * one without in-* lists, admits it).
 */
int kb_crash_admits(const struct kb_entry *e, const char *func,
		    const char *module, const char *file, int placed);
/*
 * The crash entry for a report whose first line @pat_of matched: of the
 * crash entries with such a match line, the first whose in-* lists admit
 * the site, entries with lists (or "unplaced") before those without. @pat_of(e, k) says
 * whether match pattern k of e matched.
 */
const struct kb_entry *kb_crash_entry(const struct kb *kb,
				      int (*pat_of)(const struct kb_entry *e,
						    int k, const void *arg),
				      const void *arg, const char *func,
				      const char *module, const char *file,
				      int placed);
/*
 * The same; when only an entry without in-* lists admits the site, the
 * first of the @nfn caller functions @fn (the report's first trace frames)
 * that a listed entry admits places it: *which is its index, else -1.
 */
const struct kb_entry *kb_crash_entry_from(const struct kb *kb,
					   int (*pat_of)(const struct kb_entry *e,
							 int k, const void *arg),
					   const void *arg, const char *func,
					   const char *module, const char *file,
					   int placed, const char (*fn)[64],
					   int nfn, int *which);
/* Whether @e applies to a VF of @family (NULL: no profile): a record
 * without family applies to all, one with families only to those. */
int kb_for_family(const struct kb_entry *e, const char *family);

#endif
