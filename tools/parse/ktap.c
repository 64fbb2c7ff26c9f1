// SPDX-License-Identifier: GPL-2.0
#include "parse/ktap.h"
#include "base/util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 8

struct pstate {
	char *subtest[MAX_DEPTH];	/* "# Subtest: name" per level */
	int results_below[MAX_DEPTH];	/* results seen one level deeper */
	int plan[MAX_DEPTH];		/* this level's plan, -1 when none */
	int count[MAX_DEPTH];		/* result lines at this level */
	int misnumbered[MAX_DEPTH];	/* a numbering problem was said */
	struct sbuf diag;		/* diagnostics since the last result */
};

/* Indentation level and the start of the content. */
static int level_of(char **s)
{
	char *p = *s;
	int spaces = 0, level = 0;

	while (*p == ' ') {
		p++;
		spaces++;
	}
	level = spaces >= 4 ? spaces / 4 : spaces / 2;
	/* older kselftest nesting: "# ok 1 ..." inside the runner's output */
	while (p[0] == '#' && p[1] == ' ' &&
	       (!strncmp(p + 2, "ok ", 3) || !strncmp(p + 2, "not ok ", 7) ||
		!strncmp(p + 2, "# ", 2) || !strncmp(p + 2, "TAP", 3) ||
		!strncmp(p + 2, "KTAP", 4) || !strncmp(p + 2, "1..", 3))) {
		p += 2;
		level++;
	}
	*s = p;
	return level < MAX_DEPTH ? level : MAX_DEPTH - 1;
}

static void add_case(struct ktap_doc *d, struct pstate *ps, int level,
		     const char *name, enum status st, const char *reason,
		     const char *comment)
{
	struct ktap_case *c;
	struct sbuf full;
	int l;

	if (d->n >= 100000)
		return;
	sbuf_init(&full);
	for (l = 1; l <= level; l++)
		if (ps->subtest[l]) {
			sbuf_adds(&full, ps->subtest[l]);
			sbuf_adds(&full, ".");
		}
	sbuf_adds(&full, name);
	/* room doubles at each power of two (ktap_parse starts empty) */
	if (!(d->n & (d->n - 1)))
		d->c = xrealloc(d->c, (size_t)(d->n ? 2 * d->n : 1) * sizeof(*d->c));
	c = &d->c[d->n++];
	c->name = sbuf_detach(&full);
	c->status = st;
	c->reason = reason ? xstrdup(reason) : NULL;
	c->comment = comment ? xstrdup(comment) : NULL;
	c->diag = ps->diag.len ? sbuf_detach(&ps->diag) : NULL;
	sbuf_free(&ps->diag);
}

/* "ok 3 name # SKIP reason" / "not ok 3 - name # TODO" / "not ok 3 name
 * # comment"; @num is the test number, -1 when the line has none (TAP
 * allows that). */
static int parse_result(char *s, enum status *st, char **name, char **reason,
			char **comment, long *num)
{
	char *p, *hash;

	if (!strncmp(s, "ok ", 3)) {
		*st = ST_PASS;
		p = s + 3;
	} else if (!strncmp(s, "not ok ", 7)) {
		*st = ST_FAIL;
		p = s + 7;
	} else {
		return -1;
	}
	*num = -1;
	if (isdigit((unsigned char)*p)) {
		*num = 0;
		while (isdigit((unsigned char)*p)) {
			if (*num < 100000000)
				*num = *num * 10 + (*p - '0');
			p++;
		}
	}
	while (*p == ' ')
		p++;
	if (p[0] == '-' && p[1] == ' ')
		p += 2;
	*reason = NULL;
	*comment = NULL;
	hash = strstr(p, " # ");
	if (!hash && p[0] == '#' && p[1] == ' ')
		hash = p - 1;
	if (hash) {
		char *dir = hash + 3;

		if (!strncasecmp(dir, "SKIP", 4)) {
			*st = ST_SKIP;
			dir += 4;
			while (*dir == ' ')
				dir++;
			*reason = dir;
		} else if (!strncasecmp(dir, "TODO", 4) || !strncasecmp(dir, "XFAIL", 5)) {
			*st = ST_SKIP;
			*reason = dir;
		} else if (*dir) {
			*comment = dir;
		}
		if (hash >= p)
			*hash = '\0';
	}
	*name = hv_trim(p);
	if (!**name)
		*name = "(unnamed)";
	return 0;
}

/* "suite.sub" of the subtest whose results are at @level ("" at the top). */
static void scope_name(const struct pstate *ps, int level, const char *parent,
		       struct sbuf *b)
{
	int l;

	for (l = 1; l <= level; l++)
		if (ps->subtest[l]) {
			if (b->len)
				sbuf_adds(b, ".");
			sbuf_adds(b, ps->subtest[l]);
		}
	if (!b->len && parent && level) {
		/* no "# Subtest:" line: the result that closes it names it */
		for (l = 1; l < level; l++)
			if (ps->subtest[l]) {
				if (b->len)
					sbuf_adds(b, ".");
				sbuf_adds(b, ps->subtest[l]);
			}
		if (b->len)
			sbuf_adds(b, ".");
		sbuf_adds(b, parent);
	}
}

/* A failure the document's structure shows: "<scope>.ktap.<what>". */
static void add_problem(struct ktap_doc *d, const struct pstate *ps, int level,
			const char *parent, const char *what, const char *fmt, ...)
{
	struct ktap_case *c;
	struct sbuf b;
	va_list ap;

	if (d->nproblems >= 1000)
		return;
	sbuf_init(&b);
	scope_name(ps, level, parent, &b);
	sbuf_addf(&b, "%sktap.%s", b.len ? "." : "", what);
	d->problems = xrealloc(d->problems,
			       (size_t)(d->nproblems + 1) * sizeof(*d->problems));
	c = &d->problems[d->nproblems++];
	memset(c, 0, sizeof(*c));
	c->name = sbuf_detach(&b);
	c->status = ST_FAIL;
	sbuf_init(&b);
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	c->reason = sbuf_detach(&b);
}

/* The subtest at @level is over: its plan against its results. */
static void close_level(struct ktap_doc *d, struct pstate *ps, int level,
			const char *parent)
{
	if (ps->plan[level] >= 0 && ps->plan[level] != ps->count[level])
		add_problem(d, ps, level, parent, "plan",
			    "expected %d tests, got %d%s", ps->plan[level],
			    ps->count[level], d->bail ? " (bailed out)" : "");
	ps->plan[level] = -1;
	ps->count[level] = 0;
	ps->misnumbered[level] = 0;
}

/* A result numbered @num at @level: the next number, once. */
static void check_number(struct ktap_doc *d, struct pstate *ps, int level,
			 long num, const char *name)
{
	long want = ps->count[level] + 1;

	if (num < 0 || num == want || ps->misnumbered[level])
		return;
	ps->misnumbered[level] = 1;
	add_problem(d, ps, level, NULL, "numbering",
		    num < want ? "test %ld (%s) reported again or out of order, expected %ld"
			       : "test %ld (%s) out of order, expected %ld",
		    num, name, want);
}

int ktap_parse(struct linereader *lr, struct ktap_doc *d, char *err,
	       size_t errlen)
{
	struct pstate ps;
	char *line;
	size_t len;
	int r, i, results = 0;

	memset(&ps, 0, sizeof(ps));
	memset(d, 0, sizeof(*d));
	d->planned = -1;
	for (i = 0; i < MAX_DEPTH; i++)
		ps.plan[i] = -1;
	sbuf_init(&ps.diag);
	while ((r = lr_next(lr, &line, &len)) == 1) {
		char *s = line, *name, *reason, *comment;
		enum status st;
		long num;
		int level = level_of(&s);

		if (!strncmp(s, "# Subtest: ", 11)) {
			/* a new subtest at this level ends the one before */
			if (level && (ps.plan[level] >= 0 || ps.count[level]))
				close_level(d, &ps, level, NULL);
			free(ps.subtest[level]);
			ps.subtest[level] = xstrdup(hv_trim(s + 11));
			ps.results_below[level] = 0;
			continue;
		}
		if (!strncmp(s, "1..", 3)) {
			ps.plan[level] = atoi(s + 3);
			if (!level)
				d->planned = ps.plan[0];
			continue;
		}
		if (!strncmp(s, "Bail out!", 9)) {
			d->bail = 1;
			continue;
		}
		if (s[0] == '#') {
			if (ps.diag.len < 16384) {
				sbuf_adds(&ps.diag, s);
				sbuf_adds(&ps.diag, "\n");
			}
			continue;
		}
		if (parse_result(s, &st, &name, &reason, &comment, &num))
			continue;
		results++;
		if (!level)
			d->top_results++;
		check_number(d, &ps, level, num, name);
		ps.count[level]++;
		/* the subtests below this result are over, deepest first */
		for (i = MAX_DEPTH - 1; i > level; i--)
			if (ps.plan[i] >= 0 || ps.count[i])
				close_level(d, &ps, i, i == level + 1 ? name : NULL);
		/* A result with results below it is their suite, not a leaf;
		 * keep it only when it failed without a failing child. */
		if (level + 1 < MAX_DEPTH && ps.results_below[level + 1]) {
			int child_failed = 0;

			for (i = d->n - ps.results_below[level + 1]; i < d->n; i++)
				child_failed |= i >= 0 && d->c[i].status == ST_FAIL;
			if (st == ST_FAIL && !child_failed)
				add_case(d, &ps, level, name, st, reason,
					 comment);
			ps.results_below[level + 1] = 0;
			free(ps.subtest[level + 1]);
			ps.subtest[level + 1] = NULL;
			sbuf_free(&ps.diag);
		} else {
			add_case(d, &ps, level, name, st, reason, comment);
		}
		if (level)
			ps.results_below[level]++;
	}
	/* the end: subtests left open, then the top-level plan */
	if (results)
		for (i = MAX_DEPTH - 1; i >= 0; i--)
			if (ps.plan[i] >= 0 || (i && ps.count[i]))
				close_level(d, &ps, i, NULL);
	for (i = 0; i < MAX_DEPTH; i++)
		free(ps.subtest[i]);
	sbuf_free(&ps.diag);
	if (r < 0) {
		snprintf(err, errlen, "read error");
		return -1;
	}
	if (!results) {
		snprintf(err, errlen, "no test result line (ok/not ok) found");
		return -1;
	}
	return 0;
}

void ktap_free(struct ktap_doc *d)
{
	int i;

	for (i = 0; i < d->n; i++) {
		free(d->c[i].name);
		free(d->c[i].reason);
		free(d->c[i].comment);
		free(d->c[i].diag);
	}
	free(d->c);
	for (i = 0; i < d->nproblems; i++) {
		free(d->problems[i].name);
		free(d->problems[i].reason);
	}
	free(d->problems);
	memset(d, 0, sizeof(*d));
}

void ktap_to_report(const struct ktap_doc *d, struct report *rep)
{
	int i;

	rep->r = xcalloc((size_t)(d->n + d->nproblems + 1), sizeof(*rep->r));
	rep->n = 0;
	for (i = 0; i < d->n; i++) {
		struct result *r = &rep->r[rep->n++];
		const char *p;

		r->id = d->c[i].name;
		r->title = d->c[i].name;
		result_set(r, d->c[i].status, "%s", d->c[i].reason ? d->c[i].reason : "");
		for (p = d->c[i].diag; p && *p && r->nevidence < RESULT_MAX_EVIDENCE;) {
			size_t n = strcspn(p, "\n");

			result_evidence(r, "%.*s", (int)n, p);
			p += n;
			if (*p)
				p++;
		}
	}
	/* plans not met, numbers out of order: failures of their own */
	for (i = 0; i < d->nproblems; i++) {
		struct result *r = &rep->r[rep->n++];

		r->id = d->problems[i].name;
		r->title = d->problems[i].name;
		result_set(r, ST_FAIL, "%s", d->problems[i].reason);
	}
}
