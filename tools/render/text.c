// SPDX-License-Identifier: GPL-2.0
#include "model/result.h"
#include "render/render.h"

/* VFs whose profile choice the header shows without -v */
#define PICKS_SHOWN 8

void render_text(const struct report *rep, FILE *f, int verbose)
{
	int i, k;

	fprintf(f, "hvdiag check: profile %s, %s source%s%s, kernel %s\n",
		rep->profile[0] ? rep->profile : "(none)", rep->source,
		rep->root[0] ? " " : "", rep->root,
		rep->release[0] ? rep->release : "unknown");
	if (rep->profile_desc[0])
		fprintf(f, "  %s\n", rep->profile_desc);
	fprintf(f, "  profile: %s\n", rep->profile_reason);
	for (i = 0; i < rep->npicks && (verbose || i < PICKS_SHOWN); i++)
		fprintf(f, "  VF %s -> %s: %s\n", rep->picks[i].vf,
			rep->picks[i].profile[0] ? rep->picks[i].profile : "(none)",
			rep->picks[i].reason);
	if (i < rep->npicks)
		fprintf(f, "  (%d more VFs; -v or --format json lists them)\n",
			rep->npicks - i);
	for (i = 0; i < rep->nnotes; i++)
		fprintf(f, "  note: %s\n", rep->notes[i]);
	if (rep->not_applicable)
		fprintf(f, "not applicable: %s\n", rep->not_applicable_why);
	fputc('\n', f);
	for (i = 0; i < rep->n; i++) {
		const struct result *r = &rep->r[i];
		int show = verbose || result_is_problem(r);

		fprintf(f, "%-4s  %-21s %s\n", status_word(r->status), r->id,
			r->summary);
		if (!show)
			continue;
		for (k = 0; k < r->nevidence; k++)
			fprintf(f, "      | %s\n", r->evidence[k]);
		if (r->evidence_dropped)
			fprintf(f, "      | (%d more)\n", r->evidence_dropped);
		if (!result_is_problem(r))
			continue;
		if (r->cause[0])
			fprintf(f, "      cause:  %s\n", r->cause);
		if (r->remedy[0])
			fprintf(f, "      remedy: %s\n", r->remedy);
		if (r->patch[0])
			fprintf(f, "      patch:  %s\n", r->patch);
		if (r->kb_id[0])
			fprintf(f, "      (hvdiag explain --id %s)\n", r->kb_id);
	}
	fprintf(f, "\n%d passed, %d failed, %d warnings, %d skipped\n",
		report_count(rep, ST_PASS), report_count(rep, ST_FAIL),
		report_count(rep, ST_WARN), report_count(rep, ST_SKIP));
}
