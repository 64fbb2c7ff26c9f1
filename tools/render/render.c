// SPDX-License-Identifier: GPL-2.0
/* The renderers by format: the one road from a report to its output. */
#include "render/render.h"
#include "base/outfile.h"
#include "base/util.h"

#include <errno.h>
#include <string.h>

/* In enum report_format's order. */
static const struct renderer {
	const char *name;
	void (*render)(const struct report *rep, FILE *f, int verbose);
} renderers[] = {
	[FMT_TEXT] = { "text", render_text },
	[FMT_JSON] = { "json", render_json },
	[FMT_TAP] = { "tap", render_tap },
	[FMT_JUNIT] = { "junit", render_junit },
	[FMT_PROM] = { "prom", render_prom },
	[FMT_HTML] = { "html", render_html },
};

int report_format_parse(const char *name, enum report_format *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(renderers); i++)
		if (!strcmp(name, renderers[i].name)) {
			*out = (enum report_format)i;
			return 0;
		}
	errorf("unknown format '%s' (text, json, tap, junit, prom, html)", name);
	return -1;
}

int report_render(const struct report *rep, enum report_format fmt, FILE *f,
		  int verbose)
{
	if ((size_t)fmt >= ARRAY_SIZE(renderers))
		fmt = FMT_TEXT;
	renderers[fmt].render(rep, f, verbose);
	return 0;
}

int report_write_text(const struct report *rep, enum report_format fmt,
		      const char *path, int verbose,
		      void (*text)(const struct report *, FILE *, int))
{
	struct outfile o;

	if (outfile_open(&o, path))
		return -1;
	errno = 0;
	if (fmt == FMT_TEXT && text)
		text(rep, o.f, verbose);
	else
		report_render(rep, fmt, o.f, verbose);
	return outfile_close(&o);
}

int report_write(const struct report *rep, enum report_format fmt,
		 const char *path, int verbose)
{
	return report_write_text(rep, fmt, path, verbose, NULL);
}
