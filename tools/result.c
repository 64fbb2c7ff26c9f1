// SPDX-License-Identifier: GPL-2.0
#include "result.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *status_str(enum status s)
{
	static const char *const n[] = { "pass", "warn", "fail", "skip" };

	return n[s];
}

const char *status_word(enum status s)
{
	static const char *const n[] = { "PASS", "WARN", "FAIL", "SKIP" };

	return n[s];
}

void result_set(struct result *r, enum status s, const char *fmt, ...)
{
	va_list ap;

	r->status = s;
	va_start(ap, fmt);
	vsnprintf(r->summary, sizeof(r->summary), fmt, ap);
	va_end(ap);
}

void result_evidence(struct result *r, const char *fmt, ...)
{
	struct sbuf b;
	va_list ap;

	if (r->nevidence >= RESULT_MAX_EVIDENCE) {
		r->evidence_dropped++;
		return;
	}
	sbuf_init(&b);
	va_start(ap, fmt);
	sbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	r->evidence[r->nevidence++] = sbuf_detach(&b);
}

static int rank(enum status s)
{
	switch (s) {
	case ST_FAIL:
		return 3;
	case ST_WARN:
		return 2;
	case ST_PASS:
		return 1;
	default:
		return 0;
	}
}

void result_worsen(struct result *r, enum status s)
{
	if (rank(s) > rank(r->status))
		r->status = s;
}

void report_free(struct report *rep)
{
	int i, k;

	for (i = 0; i < rep->n; i++)
		for (k = 0; k < rep->r[i].nevidence; k++)
			free(rep->r[i].evidence[k]);
	free(rep->r);
	rep->r = NULL;
	rep->n = 0;
}

int report_count(const struct report *rep, enum status s)
{
	int i, n = 0;

	for (i = 0; i < rep->n; i++)
		n += rep->r[i].status == s;
	return n;
}

int report_exit_code(const struct report *rep)
{
	if (rep->not_applicable)
		return EXIT_NOTAPPL;
	if (report_count(rep, ST_FAIL))
		return EXIT_CHECKFAIL;
	if (report_count(rep, ST_SKIP) == rep->n)
		return EXIT_NOTAPPL;
	return EXIT_PASS;
}
