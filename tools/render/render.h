/* SPDX-License-Identifier: GPL-2.0 */
/* Reports out: by format name, to a path or a stream. */
#ifndef HVDIAG_RENDER_H
#define HVDIAG_RENDER_H

#include <stdio.h>

#include "model/result.h"

/* Report formats by name: text, json, tap, junit, prom, html. */
enum report_format {
	FMT_TEXT,
	FMT_JSON,
	FMT_TAP,
	FMT_JUNIT,
	FMT_PROM,
	FMT_HTML,
};

/* 0 and the format, or -1 with a message printed for an unknown name. */
int report_format_parse(const char *name, enum report_format *out);
/* @rep in @fmt to @f. */
int report_render(const struct report *rep, enum report_format fmt, FILE *f,
		  int verbose);
/* Write @rep in @fmt to @path through an outfile; 0 or -1 (message
 * printed). */
int report_write(const struct report *rep, enum report_format fmt,
		 const char *path, int verbose);

/* As report_write, but @text draws FMT_TEXT: a command's own listing of
 * its results (render_kconfig_text, ...). */
int report_write_text(const struct report *rep, enum report_format fmt,
		      const char *path, int verbose,
		      void (*text)(const struct report *, FILE *, int));

/* Renderers: one per format, reading the report only (@verbose: text). */
void render_text(const struct report *rep, FILE *f, int verbose);
void render_json(const struct report *rep, FILE *f, int verbose);
void render_tap(const struct report *rep, FILE *f, int verbose);
void render_junit(const struct report *rep, FILE *f, int verbose);
void render_prom(const struct report *rep, FILE *f, int verbose);
void render_html(const struct report *rep, FILE *f, int verbose);
/* hvdiag kconfig's text: a line per option, the missing ones counted. */
void render_kconfig_text(const struct report *rep, FILE *f, int verbose);
/* hvdiag tree's text: the tree, the series entries, the config. */
void render_tree_text(const struct report *rep, FILE *f, int verbose);
/* A Prometheus label value, escaped (render/prom.c; also hvdiag watch). */
void prom_put_label(FILE *f, const char *s);

#endif
