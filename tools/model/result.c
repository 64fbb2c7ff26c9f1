// SPDX-License-Identifier: GPL-2.0
#include "model/result.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

int result_is_problem(const struct result *r)
{
	return r->status == ST_FAIL || r->status == ST_WARN;
}

void report_note(struct report *rep, const char *fmt, ...)
{
	struct sbuf b;
	va_list ap;

	if (rep->nnotes >= REPORT_MAX_NOTES)
		return;
	sbuf_init(&b);
	if (rep->nnotes == REPORT_MAX_NOTES - 1) {
		sbuf_adds(&b, "(further notes left out)");
	} else {
		va_start(ap, fmt);
		sbuf_vaddf(&b, fmt, ap);
		va_end(ap);
	}
	rep->notes[rep->nnotes++] = sbuf_detach(&b);
}

void report_free(struct report *rep)
{
	int i, k;

	for (i = 0; i < rep->nnotes; i++)
		free(rep->notes[i]);
	rep->nnotes = 0;
	free(rep->picks);
	rep->picks = NULL;
	rep->npicks = 0;
	free(rep->chains);
	rep->chains = NULL;
	rep->nchains = 0;
	for (i = 0; i < rep->nevents; i++)
		free(rep->events[i].text);
	free(rep->events);
	rep->events = NULL;
	rep->nevents = 0;
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
	if (rep->exit_code_set)
		return rep->exit_code;
	if (rep->not_applicable)
		return EXIT_NOTAPPL;
	if (report_count(rep, ST_FAIL))
		return EXIT_CHECKFAIL;
	if (report_count(rep, ST_SKIP) == rep->n)
		return EXIT_NOTAPPL;
	return EXIT_PASS;
}

void run_clock_start(struct run_clock *c)
{
	clock_gettime(CLOCK_REALTIME, &c->wall);
	clock_gettime(CLOCK_MONOTONIC, &c->mono);
}

void report_set_run(struct report *rep, const struct run_clock *c)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	rep->run_timed = 1;
	rep->run_start = c->wall.tv_sec + c->wall.tv_nsec / 1e9;
	rep->run_seconds = (now.tv_sec - c->mono.tv_sec) +
			   (now.tv_nsec - c->mono.tv_nsec) / 1e9;
}
