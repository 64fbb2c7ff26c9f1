// SPDX-License-Identifier: GPL-2.0
/*
 * JUnit XML: testsuites > testsuite > testcase, at most one failure or
 * skipped element per case. Text from kernel logs is stripped of the
 * characters XML 1.0 cannot carry.
 */
#include "result.h"

#include <string.h>

static void put_xml(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		switch (*p) {
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '&':
			fputs("&amp;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		default:
			if ((*p < 0x20 && *p != '\n' && *p != '\t') || *p == 0x7f)
				fputc(' ', f);
			else if (*p >= 0x80)
				fputc('?', f);	/* keep the file valid whatever the log held */
			else
				fputc(*p, f);
		}
	}
}

static void put_details(FILE *f, const struct result *r)
{
	int k;

	for (k = 0; k < r->nevidence; k++) {
		put_xml(f, r->evidence[k]);
		fputc('\n', f);
	}
	if (r->cause[0]) {
		fputs("cause: ", f);
		put_xml(f, r->cause);
		fputc('\n', f);
	}
	if (r->remedy[0]) {
		fputs("remedy: ", f);
		put_xml(f, r->remedy);
		fputc('\n', f);
	}
}

void render_junit(const struct report *rep, FILE *f)
{
	int i;
	int fails = report_count(rep, ST_FAIL), skips = report_count(rep, ST_SKIP);

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites name=\"hvdiag\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">\n",
		rep->n, fails, skips);
	fputs("  <testsuite name=\"", f);
	put_xml(f, rep->suite[0] ? rep->suite : "hvdiag.check");
	fprintf(f, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">\n",
		rep->n, fails, skips);
	fputs("    <properties>\n      <property name=\"profile\" value=\"", f);
	put_xml(f, rep->profile);
	fputs("\"/>\n      <property name=\"profile.reason\" value=\"", f);
	put_xml(f, rep->profile_reason);
	fputs("\"/>\n", f);
	for (i = 0; i < rep->npicks; i++) {
		fputs("      <property name=\"profile.vf.", f);
		put_xml(f, rep->picks[i].vf);
		fputs("\" value=\"", f);
		put_xml(f, rep->picks[i].profile[0] ? rep->picks[i].profile : "(none)");
		fputs(": ", f);
		put_xml(f, rep->picks[i].reason);
		fputs("\"/>\n", f);
	}
	fputs("      <property name=\"source\" value=\"", f);
	put_xml(f, rep->source);
	fputs("\"/>\n", f);
	for (i = 0; i < rep->nnotes; i++) {
		fprintf(f, "      <property name=\"note.%d\" value=\"", i + 1);
		put_xml(f, rep->notes[i]);
		fputs("\"/>\n", f);
	}
	fputs("    </properties>\n", f);
	for (i = 0; i < rep->n; i++) {
		const struct result *r = &rep->r[i];
		const char *dot = strchr(r->id, '.');
		int glen = dot ? (int)(dot - r->id) : (int)strlen(r->id);

		fprintf(f, "    <testcase classname=\"hvdiag.%.*s\" name=\"", glen, r->id);
		put_xml(f, r->id);
		fputs("\" time=\"0\">\n", f);
		if (r->status == ST_FAIL) {
			fputs("      <failure message=\"", f);
			put_xml(f, r->summary);
			fputs("\" type=\"fail\">", f);
			put_details(f, r);
			fputs("</failure>\n", f);
		} else if (r->status == ST_SKIP) {
			fputs("      <skipped message=\"", f);
			put_xml(f, r->summary);
			fputs("\"/>\n", f);
		} else {
			fputs("      <system-out>", f);
			fprintf(f, "%s: ", status_str(r->status));
			put_xml(f, r->summary);
			fputc('\n', f);
			if (r->status == ST_WARN)
				put_details(f, r);
			fputs("</system-out>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	fputs("  </testsuite>\n</testsuites>\n", f);
}
