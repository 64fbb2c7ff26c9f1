// SPDX-License-Identifier: GPL-2.0
/*
 * Prometheus text exposition (format 0.0.4) for node_exporter's textfile
 * collector. Every family has HELP and TYPE; a check's status is a
 * stateset (one series per status, exactly one of them 1); labels carry
 * ids, statuses, the version and the profile name only, never log text.
 * No timestamps on samples: the collector stamps them at scrape time, and
 * hvdiag_last_run_timestamp_seconds says when the run was.
 */
#include "model/result.h"
#include "base/version.h"
#include "base/util.h"
#include "render/render.h"

#include <string.h>

static const enum status states[] = { ST_PASS, ST_WARN, ST_FAIL, ST_SKIP };

/* A label value: backslash, double quote and newline escaped as the
 * exposition format asks; bytes that are not UTF-8 become '?'. */
void prom_put_label(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		int n = utf8_seq_len(p, (size_t)-1);

		if (*p == '\\')
			fputs("\\\\", f);
		else if (*p == '"')
			fputs("\\\"", f);
		else if (*p == '\n')
			fputs("\\n", f);
		else if (n > 1)
			fwrite(p, 1, n, f);
		else
			fputc(n ? *p : '?', f);
		p += n ? n : 1;
	}
}

static void family(FILE *f, const char *name, const char *help)
{
	fprintf(f, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* KTAP documents may repeat a name; a series may appear only once. */
static int seen_before(const struct report *rep, int i)
{
	int k;

	for (k = 0; k < i; k++)
		if (!strcmp(rep->r[k].id, rep->r[i].id))
			return 1;
	return 0;
}

void render_prom(const struct report *rep, FILE *f, int verbose)
{
	size_t s;
	int i;

	family(f, "hvdiag_check_status",
	       "Status of each check in the last run, one series per status; the current one is 1.");
	for (i = 0; i < rep->n; i++) {
		if (seen_before(rep, i))
			continue;
		for (s = 0; s < sizeof(states) / sizeof(states[0]); s++) {
			fputs("hvdiag_check_status{check=\"", f);
			prom_put_label(f, rep->r[i].id);
			fprintf(f, "\",status=\"%s\"} %d\n", status_str(states[s]),
				rep->r[i].status == states[s]);
		}
	}
	family(f, "hvdiag_checks", "Number of checks in each status in the last run.");
	for (s = 0; s < sizeof(states) / sizeof(states[0]); s++)
		fprintf(f, "hvdiag_checks{status=\"%s\"} %d\n",
			status_str(states[s]), report_count(rep, states[s]));
	family(f, "hvdiag_exit_code",
	       "Exit status of the last run: 0 pass, 1 a check failed, 4 nothing applicable.");
	fprintf(f, "hvdiag_exit_code %d\n", report_exit_code(rep));
	family(f, "hvdiag_build_info", "Version of hvdiag that wrote these metrics.");
	fputs("hvdiag_build_info{version=\"", f);
	prom_put_label(f, HVDIAG_VERSION);
	fputs("\"} 1\n", f);
	family(f, "hvdiag_profile_info",
	       "Signature profile the last run judged against (none: no profile fitted).");
	fputs("hvdiag_profile_info{profile=\"", f);
	prom_put_label(f, rep->profile[0] ? rep->profile : "none");
	fputs("\"} 1\n", f);
	if (rep->npicks) {
		/* how many VFs each profile judged (--profile auto picks per
		 * VF); why is free text, never a label: see the other formats */
		family(f, "hvdiag_profile_vfs",
		       "VFs each signature profile judged in the last run (none: no profile fitted them).");
		for (i = 0; i < rep->npicks; i++) {
			const char *name = rep->picks[i].profile[0] ?
					   rep->picks[i].profile : "none";
			int k, n = 0;

			for (k = 0; k < i; k++)
				if (!strcmp(name, rep->picks[k].profile[0] ?
						  rep->picks[k].profile : "none"))
					break;
			if (k < i)
				continue;	/* counted at its first VF */
			for (k = i; k < rep->npicks; k++)
				n += !strcmp(name, rep->picks[k].profile[0] ?
						   rep->picks[k].profile : "none");
			fputs("hvdiag_profile_vfs{profile=\"", f);
			prom_put_label(f, name);
			fprintf(f, "\"} %d\n", n);
		}
	}
	if (rep->run_timed) {
		family(f, "hvdiag_last_run_timestamp_seconds",
		       "Unix time the last run started.");
		fprintf(f, "hvdiag_last_run_timestamp_seconds %.3f\n", rep->run_start);
		family(f, "hvdiag_run_duration_seconds",
		       "Time the last run took to collect its inputs and judge them.");
		fprintf(f, "hvdiag_run_duration_seconds %.6f\n", rep->run_seconds);
	}
}
