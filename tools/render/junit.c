// SPDX-License-Identifier: GPL-2.0
/*
 * JUnit XML: testsuites > testsuite > testcase, at most one failure or
 * skipped element per case. Every name, message and diagnostic is
 * escaped, and stripped of the characters XML 1.0 cannot carry.
 */
#include "model/result.h"
#include "base/util.h"
#include "render/render.h"

#include <string.h>

/*
 * @n bytes of @s as XML character data, or as an attribute value when
 * @attr (white space kept as character references, not normalised).
 * Markup characters are escaped; what XML 1.0 cannot carry (control
 * characters, bytes that are not UTF-8) becomes '?'.
 */
static void put_xmln(FILE *f, const char *s, size_t n, int attr)
{
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *e = p + n;
	int u;

	while (p < e) {
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
		case '\n':
			fputs(attr ? "&#10;" : "\n", f);
			break;
		case '\t':
			fputs(attr ? "&#9;" : "\t", f);
			break;
		case '\r':
			fputs("&#13;", f);
			break;
		default:
			if (*p < 0x20) {
				fputc('?', f);
			} else if (*p < 0x80) {
				fputc(*p, f);
			} else if ((u = utf8_seq_len(p, (size_t)(e - p))) &&
				   !utf8_nonchar(p, u)) {
				fwrite(p, 1, (size_t)u, f);
				p += u;
				continue;
			} else {
				fputc('?', f);
			}
		}
		p++;
	}
}

static void put_xml(FILE *f, const char *s)
{
	put_xmln(f, s, strlen(s), 0);
}

static void put_attr(FILE *f, const char *s)
{
	put_xmln(f, s, strlen(s), 1);
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

void render_junit(const struct report *rep, FILE *f, int verbose)
{
	int i;
	int fails = report_count(rep, ST_FAIL), skips = report_count(rep, ST_SKIP);

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", f);
	fprintf(f, "<testsuites name=\"hvdiag\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">\n",
		rep->n, fails, skips);
	fputs("  <testsuite name=\"", f);
	put_attr(f, rep->suite[0] ? rep->suite : "hvdiag.check");
	fprintf(f, "\" tests=\"%d\" failures=\"%d\" errors=\"0\" skipped=\"%d\">\n",
		rep->n, fails, skips);
	fputs("    <properties>\n      <property name=\"profile\" value=\"", f);
	put_attr(f, rep->profile);
	fputs("\"/>\n      <property name=\"profile.reason\" value=\"", f);
	put_attr(f, rep->profile_reason);
	fputs("\"/>\n", f);
	for (i = 0; i < rep->npicks; i++) {
		fputs("      <property name=\"profile.vf.", f);
		put_attr(f, rep->picks[i].vf);
		fputs("\" value=\"", f);
		put_attr(f, rep->picks[i].profile[0] ? rep->picks[i].profile : "(none)");
		fputs(": ", f);
		put_attr(f, rep->picks[i].reason);
		fputs("\"/>\n", f);
	}
	fputs("      <property name=\"source\" value=\"", f);
	put_attr(f, rep->source);
	fputs("\"/>\n", f);
	for (i = 0; i < rep->nnotes; i++) {
		fprintf(f, "      <property name=\"note.%d\" value=\"", i + 1);
		put_attr(f, rep->notes[i]);
		fputs("\"/>\n", f);
	}
	fputs("    </properties>\n", f);
	for (i = 0; i < rep->n; i++) {
		const struct result *r = &rep->r[i];
		const char *dot = strchr(r->id, '.');
		size_t glen = dot ? (size_t)(dot - r->id) : strlen(r->id);

		fputs("    <testcase classname=\"hvdiag.", f);
		put_xmln(f, r->id, glen, 1);
		fputs("\" name=\"", f);
		put_attr(f, r->id);
		fputs("\" time=\"0\">\n", f);
		if (r->status == ST_FAIL) {
			fputs("      <failure message=\"", f);
			put_attr(f, r->summary);
			fputs("\" type=\"fail\">", f);
			put_details(f, r);
			fputs("</failure>\n", f);
		} else if (r->status == ST_SKIP) {
			fputs("      <skipped message=\"", f);
			put_attr(f, r->summary);
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
