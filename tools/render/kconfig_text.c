// SPDX-License-Identifier: GPL-2.0
/* hvdiag kconfig's text: one line per option of the fragment, the total. */
#include "model/result.h"
#include "render/render.h"

static const char *ev(const struct result *r, int k)
{
	return k < r->nevidence ? r->evidence[k] : "";
}

static void option_line(const struct result *r, FILE *f)
{
	switch (r->status) {
	case ST_PASS:
		fprintf(f, "%-7s %-28s %s\n", "ok", r->id, r->summary);
		return;
	case ST_SKIP:
		fprintf(f, "%-7s %-28s %s\n", "skip", r->id, ev(r, 0));
		return;
	default:
		fprintf(f, "%-7s %-28s %-10s %s\n",
			r->status == ST_FAIL ? "MISSING" : "WARN", r->id,
			r->summary, ev(r, 0));
		fprintf(f, "        %s\n", ev(r, 1));
	}
}

void render_kconfig_text(const struct report *rep, FILE *f, int verbose)
{
	int i, missing = report_count(rep, ST_FAIL);
	int unavail = report_count(rep, ST_WARN);

	fprintf(f, "config %s\nfragment %s\n\n", rep->root, rep->fragment);
	for (i = 0; i < rep->n; i++)
		option_line(&rep->r[i], f);
	/* judged: the options this kernel has (a skipped or unavailable
	 * one is not counted) */
	fprintf(f, "\n%d of %d required options missing", missing,
		missing + report_count(rep, ST_PASS));
	if (unavail)
		fprintf(f, ", %d not available in this kernel (warning)", unavail);
	fputc('\n', f);
}
