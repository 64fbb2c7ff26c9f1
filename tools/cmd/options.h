/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A command's options as one table: it parses the command line and writes
 * the --help text, so an option is written down once. Values land in the
 * command's own option struct, by offset:
 *
 *	struct ktap_opts { const char *out; enum report_format fmt; };
 *	static const struct opt ktap_opt[] = {
 *		OPT_FORMAT(struct ktap_opts, fmt, "text (default), json, ..."),
 *		OPT_OUTPUT(struct ktap_opts, out),
 *		OPT_END(),
 *	};
 */
#ifndef HVDIAG_OPTIONS_H
#define HVDIAG_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

enum opt_type {
	OPT_T_END,
	OPT_T_FLAG,		/* int: counts its occurrences */
	OPT_T_STRING,		/* const char *: the argument as given */
	OPT_T_CALL,		/* a parser of the argument into the field */
};

struct opt {
	enum opt_type type;
	int short_name;		/* 0: long only */
	const char *long_name;
	size_t off;		/* the field in the command's option struct */
	const char *argh;	/* the argument's name in --help; NULL: none */
	/* Its --help text; lines after a '\n' are indented under the first.
	 * NULL: hidden (accepted, not listed: for shell completion). */
	const char *help;
	/* OPT_T_CALL: 0, or -1 with the message printed */
	int (*call)(void *field, const char *arg);
};

#define OPT_FLAG(s, l, T, f, h) \
	{ OPT_T_FLAG, (s), (l), offsetof(T, f), NULL, (h), NULL }
#define OPT_STRING(s, l, T, f, a, h) \
	{ OPT_T_STRING, (s), (l), offsetof(T, f), (a), (h), NULL }
#define OPT_CALL(s, l, T, f, a, h, fn) \
	{ OPT_T_CALL, (s), (l), offsetof(T, f), (a), (h), (fn) }
/* the options every reporting command spells the same way */
#define OPT_FORMAT(T, f, h) \
	OPT_CALL('f', "format", T, f, "F", (h), opt_format)
#define OPT_OUTPUT(T, f, h) \
	OPT_STRING('o', "output", T, f, "FILE", (h))
#define OPT_ROOT(T, f, h) \
	OPT_STRING('r', "root", T, f, "DIR", (h))
#define OPT_VERBOSE(T, f, h) \
	OPT_FLAG('v', "verbose", T, f, (h))
#define OPT_END() { OPT_T_END, 0, NULL, 0, NULL, NULL, NULL }

/* What --help says around the options. */
struct opt_help {
	const char *usage;	/* "hvdiag ktap [FILE|-] ..." (lines after '\n'
				 * are indented under the first) */
	const char *about;	/* what the command does; NULL: nothing */
	const char *after;	/* exit status and notes; NULL: nothing */
};

/* opts_parse's results besides the index of the first argument */
#define OPTS_HELP	-1	/* --help printed to stdout: exit 0 */
#define OPTS_USAGE	-2	/* a message printed to stderr: exit 2 */

/*
 * Parse @argv (argv[0] the command's name) into @st by @opts. Returns the
 * index of the first argument that is not an option (options and
 * arguments may mix; "--" ends the options), or OPTS_HELP or OPTS_USAGE.
 * Between @min and @max arguments (-1: any number) are accepted.
 */
int opts_parse(const struct opt *opts, const struct opt_help *h, void *st,
	       int min, int max, int argc, char **argv);
/* The whole --help text: usage, about, the options, after. */
void opts_help(FILE *f, const char *cmd, const struct opt *opts,
	       const struct opt_help *h);
/* OPT_FORMAT's parser: a report format (render/render.h) by name. */
int opt_format(void *field, const char *arg);
/* For an OPT_CALL parser of seconds: @arg from @lo to @hi into *@v; 0,
 * or -1 with "--NAME takes seconds from LO to HI, not 'ARG'" said. */
int opt_seconds(double *v, const char *arg, const char *name, double lo,
		double hi);

#endif
