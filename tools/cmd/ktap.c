// SPDX-License-Identifier: GPL-2.0
/* hvdiag ktap: KTAP/TAP results to text, JSON, TAP or JUnit, with totals. */
#include "cmd/cmds.h"
#include "parse/ktap.h"
#include "base/util.h"
#include "render/render.h"
#include "base/outfile.h"
#include "cmd/options.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

struct ktap_opts {
	enum report_format fmt;
	const char *out;
	const char *name;
	const char *in;
};

static const struct opt ktap_opt[] = {
	OPT_FORMAT(struct ktap_opts, fmt, "text (default: the totals line), json, tap, junit,\n"
		   "prom or html"),
	OPT_OUTPUT(struct ktap_opts, out, "write there instead of stdout (see hvdiag(8))"),
	OPT_STRING(0, "name", struct ktap_opts, name, "NAME",
		   "the suite's name (default ktap)"),
	OPT_END(),
};

static const struct opt_help ktap_help = {
	"hvdiag ktap [FILE|-] [--format text|json|tap|junit] [-o FILE] [--name NAME]",
	"Read a KTAP (or TAP) document \u2014 kselftest output, hvdiag.ko's selftest\n"
	"file, the test rig's console \u2014 and write it in another format. Nested\n"
	"results become \"suite.case\". A plan not met at any level (\"expected 5\n"
	"tests, got 3\", failure SUITE.ktap.plan) and a test number repeated or out\n"
	"of order (SUITE.ktap.numbering) are failures. The last line of text output\n"
	"is \"N passed, N failed, N skipped\".",
	"exit status: 0 no failure, 1 a failure, 2 usage or unreadable input.",
};

/* The document at @in ("-": stdin) into @d and @rep, which points into
 * @d (free @d after @rep); 0 or EXIT_USAGE. */
static int ktap_read(const char *in, const char *name, struct ktap_doc *d,
		     struct report *rep)
{
	struct linereader lr;
	char err[128];
	int fd = 0, ret;

	if (strcmp(in, "-")) {
		fd = open(in, O_RDONLY | O_NONBLOCK);
		if (fd < 0) {
			errorf("cannot read '%s': %s", in, strerror(errno));
			return EXIT_USAGE;
		}
		fcntl(fd, F_SETFL, 0);
	}
	lr_init_fd(&lr, fd, 0);
	ret = ktap_parse(&lr, d, err, sizeof(err));
	lr_free(&lr);
	if (fd)
		close(fd);
	if (ret) {
		errorf("'%s': %s", in, err);
		ktap_free(d);
		return EXIT_USAGE;
	}
	memset(rep, 0, sizeof(*rep));
	ktap_to_report(d, rep);
	hv_strlcpy(rep->source, "ktap", sizeof(rep->source));
	hv_strlcpy(rep->profile, name, sizeof(rep->profile));
	hv_strlcpy(rep->suite, name, sizeof(rep->suite));
	return 0;
}

/* text: the totals line test runners read */
static int ktap_totals(const struct report *rep, const char *name,
		       const char *out)
{
	struct outfile o;

	if (outfile_open(&o, out))
		return -1;
	fprintf(o.f, "%s: %d passed, %d failed, %d skipped\n", name,
		report_count(rep, ST_PASS), report_count(rep, ST_FAIL),
		report_count(rep, ST_SKIP));
	return outfile_close(&o);
}

static int ktap_run(void *opts, char **args, int nargs, struct cmd_env *env)
{
	struct ktap_opts *o = opts;
	struct ktap_doc d;
	struct report rep;
	int ret;

	if (nargs)
		o->in = args[0];
	ret = ktap_read(o->in, o->name, &d, &rep);
	if (ret)
		return ret;
	if (o->fmt == FMT_TEXT)
		ret = ktap_totals(&rep, o->name, o->out);
	else
		ret = report_write(&rep, o->fmt, o->out, 0);
	if (!ret)
		ret = report_count(&rep, ST_FAIL) ? EXIT_CHECKFAIL : EXIT_PASS;
	else
		ret = EXIT_USAGE;
	report_free(&rep);
	ktap_free(&d);
	return ret;
}

static const struct ktap_opts ktap_defaults = { FMT_TEXT, NULL, "ktap", "-" };

const struct command cmd_ktap = {
	.name = "ktap",
	.summary = "convert KTAP/TAP results to text, JSON, TAP or JUnit",
	.opts = ktap_opt,
	.help = &ktap_help,
	.defaults = &ktap_defaults,
	.opts_size = sizeof(struct ktap_opts),
	.min_args = 0,
	.max_args = 1,
	.run = ktap_run,
};
