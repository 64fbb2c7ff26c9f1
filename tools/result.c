// SPDX-License-Identifier: GPL-2.0
#include "result.h"
#include "util.h"

#include <errno.h>
#include <stdarg.h>
#include <unistd.h>
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

int result_is_problem(const struct result *r)
{
	return r->status == ST_FAIL || r->status == ST_WARN;
}

void result_worsen(struct result *r, enum status s)
{
	if (rank(s) > rank(r->status))
		r->status = s;
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

int report_format_parse(const char *name, enum report_format *out)
{
	static const char *const names[] = { "text", "json", "tap", "junit" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(name, names[i])) {
			*out = (enum report_format)i;
			return 0;
		}
	errorf("unknown format '%s' (text, json, tap, junit)", name);
	return -1;
}

int report_write(const struct report *rep, enum report_format fmt,
		 const char *path, int verbose)
{
	char tmp[4200];
	FILE *f = stdout;
	int bad;

	if (path && strcmp(path, "-")) {
		snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
		f = fopen(tmp, "w");
		if (!f) {
			errorf("cannot write '%s': %s", path, strerror(errno));
			return -1;
		}
	}
	switch (fmt) {
	case FMT_JSON:
		render_json(rep, f);
		break;
	case FMT_TAP:
		render_tap(rep, f);
		break;
	case FMT_JUNIT:
		render_junit(rep, f);
		break;
	default:
		render_text(rep, f, verbose);
		break;
	}
	bad = ferror(f);
	if (f == stdout)
		return fflush(f) || bad ? -1 : 0;
	if (fclose(f) || bad || rename(tmp, path)) {
		errorf("cannot write '%s': %s", path, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}
