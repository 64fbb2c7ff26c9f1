/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KTAP / TAP documents (kselftest, the module's suites, the rig): parsed
 * into a flat list of leaf results named "suite.case". Nesting is read
 * from 4- or 2-space indentation and from the older "# " prefix.
 */
#ifndef HVDIAG_KTAP_H
#define HVDIAG_KTAP_H

#include "base/linereader.h"
#include "model/result.h"

struct ktap_case {
	char *name;		/* "suite.case" for nested results */
	enum status status;	/* pass, fail or skip */
	char *reason;		/* SKIP reason, or NULL */
	char *comment;		/* what follows " # " on a result line that
				 * is no SKIP/TODO ("not ok 1 x # why"), or
				 * NULL */
	char *diag;		/* "# " lines that came with it, or NULL */
};

struct ktap_doc {
	struct ktap_case *c;
	int n;
	int planned;		/* the top-level plan, -1 when absent */
	int top_results;	/* top-level result lines seen */
	int bail;		/* "Bail out!" seen */
	/* What the structure shows, as failures named "<suite>.ktap.plan"
	 * ("expected 5 tests, got 3", at every level) and
	 * "<suite>.ktap.numbering" (a number repeated or out of order);
	 * "ktap.plan", "ktap.numbering" at the top. */
	struct ktap_case *problems;
	int nproblems;
};

/* 0 ok; -1 with @err when the text holds no result line at all. */
int ktap_parse(struct linereader *lr, struct ktap_doc *d, char *err,
	       size_t errlen);
void ktap_free(struct ktap_doc *d);
/* Turn the leaves into a report the renderers take. */
void ktap_to_report(const struct ktap_doc *d, struct report *rep);

#endif
