// SPDX-License-Identifier: GPL-2.0
/* The option table: getopt_long driven from it, --help written from it. */
#include "cmd/options.h"
#include "base/util.h"
#include "render/render.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#define OPTS_MAX 40
#define HELP_COL 23		/* where an option's text starts */

static const struct opt help_opt = {
	OPT_T_FLAG, 'h', "help", 0, NULL, "this text", NULL
};

static size_t opt_count(const struct opt *o)
{
	size_t n = 0;

	while (o[n].type != OPT_T_END)
		n++;
	return n;
}

/* "  -o, --output FILE" or "      --only GROUPS" */
static int opt_left(char *buf, size_t n, const struct opt *o)
{
	char s[8] = "    ";

	if (o->short_name)
		snprintf(s, sizeof(s), "-%c, ", o->short_name);
	return snprintf(buf, n, "  %s--%s%s%s", s, o->long_name,
			o->argh ? " " : "", o->argh ? o->argh : "");
}

/* @text's lines, the first after @col columns taken, the rest at @col */
static void put_indented(FILE *f, const char *text, int col)
{
	const char *nl;

	for (;;) {
		nl = strchr(text, '\n');
		fprintf(f, "%.*s\n", nl ? (int)(nl - text) : (int)strlen(text), text);
		if (!nl || !nl[1])
			return;
		text = nl + 1;
		fprintf(f, "%*s", col, "");
	}
}

static void opt_line(FILE *f, const struct opt *o)
{
	char left[128];
	int w = opt_left(left, sizeof(left), o);

	if (w + 2 > HELP_COL)
		fprintf(f, "%s\n%*s", left, HELP_COL, "");
	else
		fprintf(f, "%-*s", HELP_COL, left);
	put_indented(f, o->help, HELP_COL);
}

void opts_help(FILE *f, const char *cmd, const struct opt *opts,
	       const struct opt_help *h)
{
	size_t i;

	fputs("usage: ", f);
	put_indented(f, h->usage, 7);
	if (h->about) {
		fputc('\n', f);
		put_indented(f, h->about, 0);
	}
	fputc('\n', f);
	for (i = 0; opts[i].type != OPT_T_END; i++)
		if (opts[i].help)
			opt_line(f, &opts[i]);
	opt_line(f, &help_opt);
	if (h->after) {
		fputc('\n', f);
		put_indented(f, h->after, 0);
	}
}

static int opt_store(const struct opt *o, void *st, const char *arg)
{
	void *field = (char *)st + o->off;

	switch (o->type) {
	case OPT_T_FLAG:
		(*(int *)field)++;
		return 0;
	case OPT_T_STRING:
		*(const char **)field = arg;
		return 0;
	default:
		return o->call(field, arg);
	}
}

/* The short-option string and long-option array getopt_long wants; each
 * option's val is its index in @opts (plus 256, past every char). */
static void getopt_tables(const struct opt *opts, size_t n, char *shorts,
			  struct option *longs)
{
	size_t i;
	char *s = shorts;

	*s++ = ':';		/* a missing argument returns ':' */
	*s++ = 'h';
	for (i = 0; i < n; i++) {
		longs[i].name = opts[i].long_name;
		longs[i].has_arg = opts[i].argh ? required_argument : no_argument;
		longs[i].flag = NULL;
		longs[i].val = 256 + (int)i;
		if (opts[i].short_name) {
			*s++ = (char)opts[i].short_name;
			if (opts[i].argh)
				*s++ = ':';
		}
	}
	*s = '\0';
	longs[n] = (struct option){ "help", no_argument, NULL, 'h' };
	longs[n + 1] = (struct option){ NULL, 0, NULL, 0 };
}

static const struct opt *by_short(const struct opt *opts, size_t n, int c)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (opts[i].short_name == c)
			return &opts[i];
	return NULL;
}

static int usage_error(const char *cmd, const struct opt_help *h)
{
	fprintf(stderr, "usage: ");
	put_indented(stderr, h->usage, 7);
	fprintf(stderr, "'hvdiag %s --help' says more.\n", cmd);
	return OPTS_USAGE;
}

/* the option getopt stopped at, as the user wrote it */
static const char *bad_word(char **argv, int c)
{
	static char s[3];

	if (optopt > 0 && optopt < 256 && c != ':') {
		snprintf(s, sizeof(s), "-%c", optopt);
		return s;
	}
	return argv[optind - 1];
}

int opts_parse(const struct opt *opts, const struct opt_help *h, void *st,
	       int min, int max, int argc, char **argv)
{
	struct option longs[OPTS_MAX + 2];
	char shorts[2 * OPTS_MAX + 3];
	const char *cmd = argv[0];
	const struct opt *o;
	size_t n = opt_count(opts);
	int c, nargs;

	if (n > OPTS_MAX)
		n = OPTS_MAX;
	getopt_tables(opts, n, shorts, longs);
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		if (c == 'h') {
			opts_help(stdout, cmd, opts, h);
			return OPTS_HELP;
		}
		if (c == '?' || c == ':') {
			errorf("%s: %s '%s'", cmd, c == ':' ? "missing the argument of" :
			       "unknown option", bad_word(argv, c));
			return usage_error(cmd, h);
		}
		o = c >= 256 ? &opts[c - 256] : by_short(opts, n, c);
		if (!o || opt_store(o, st, optarg))
			return usage_error(cmd, h);
	}
	nargs = argc - optind;
	if (nargs < min) {
		errorf("%s: missing argument", cmd);
		return usage_error(cmd, h);
	}
	if (max >= 0 && nargs > max) {
		errorf("%s: unexpected argument '%s'", cmd, argv[optind + max]);
		return usage_error(cmd, h);
	}
	return optind;
}

int opt_format(void *field, const char *arg)
{
	return report_format_parse(arg, field) ? -1 : 0;
}

int opt_seconds(double *v, const char *arg, const char *name, double lo,
		double hi)
{
	char *end;

	*v = strtod(arg, &end);
	if (end != arg && !*end && *v >= lo && *v <= hi)
		return 0;
	errorf("%s takes seconds from %g to %g, not '%s'", name, lo, hi, arg);
	return -1;
}
