// SPDX-License-Identifier: GPL-2.0
/* TAP version 13, as prove and kselftest runners read it. */
#include "model/result.h"
#include "render/render.h"

#include <string.h>

/* A directive would be cut by '#'; a newline would end the line. */
static void put_clean(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '#' ? '_' : (*s == '\n' ? ' ' : *s), f);
}

void render_tap(const struct report *rep, FILE *f, int verbose)
{
	int i, k;

	fprintf(f, "TAP version 13\n1..%d\n", rep->n);
	fputs("# profile: ", f);
	put_clean(f, rep->profile[0] ? rep->profile : "(none)");
	fputs(" (", f);
	put_clean(f, rep->profile_reason);
	fputs(")\n", f);
	for (i = 0; i < rep->npicks; i++) {
		fprintf(f, "# profile of VF %s: ", rep->picks[i].vf);
		put_clean(f, rep->picks[i].profile[0] ? rep->picks[i].profile : "(none)");
		fputs(" (", f);
		put_clean(f, rep->picks[i].reason);
		fputs(")\n", f);
	}
	for (i = 0; i < rep->nnotes; i++) {
		fputs("# note: ", f);
		put_clean(f, rep->notes[i]);
		fputc('\n', f);
	}
	for (i = 0; i < rep->n; i++) {
		const struct result *r = &rep->r[i];

		fprintf(f, "%s %d - %s", r->status == ST_FAIL ? "not ok" : "ok",
			i + 1, r->id);
		if (r->status == ST_SKIP) {
			fputs(" # SKIP ", f);
			put_clean(f, r->summary);
		}
		fputc('\n', f);
		if (r->status != ST_SKIP && r->summary[0]) {
			fprintf(f, "# %s: ", status_str(r->status));
			put_clean(f, r->summary);
			fputc('\n', f);
		}
		if (result_is_problem(r)) {
			for (k = 0; k < r->nevidence; k++) {
				fputs("#   ", f);
				put_clean(f, r->evidence[k]);
				fputc('\n', f);
			}
			if (r->remedy[0]) {
				fputs("#   remedy: ", f);
				put_clean(f, r->remedy);
				fputc('\n', f);
			}
		}
	}
}
