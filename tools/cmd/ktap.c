// SPDX-License-Identifier: GPL-2.0
/* hvdiag ktap: KTAP/TAP results to text, JSON, TAP or JUnit, with totals. */
#include "cmd/cmds.h"
#include "parse/ktap.h"
#include "base/util.h"
#include "render/render.h"
#include "base/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char ktap_help[] =
"usage: hvdiag ktap [FILE|-] [--format text|json|tap|junit] [-o FILE] [--name NAME]\n"
"\n"
"Read a KTAP (or TAP) document — kselftest output, hvdiag.ko's selftest\n"
"file, the test rig's console — and write it in another format. Nested\n"
"results become \"suite.case\". A plan not met at any level (\"expected 5\n"
"tests, got 3\", failure SUITE.ktap.plan) and a test number repeated or out\n"
"of order (SUITE.ktap.numbering) are failures. The last line of text output\n"
"is \"N passed, N failed, N skipped\".\n"
"  -o, --output FILE  write there instead of stdout (see hvdiag(8))\n"
"exit status: 0 no failure, 1 a failure, 2 usage or unreadable input.\n";

int cmd_ktap(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = NULL, *name = "ktap", *in = "-";
	enum report_format fmt = FMT_TEXT;
	struct linereader lr;
	struct ktap_doc d;
	struct report rep;
	char err[128];
	int c, fd = 0, ret;

	optind = 1;
	while ((c = getopt_long(argc, argv, "f:o:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (report_format_parse(optarg, &fmt))
				return EXIT_USAGE;
			break;
		case 'o':
			out = optarg;
			break;
		case 'n':
			name = optarg;
			break;
		case 'h':
			fputs(ktap_help, stdout);
			return 0;
		default:
			fputs(ktap_help, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc)
		in = argv[optind++];
	if (optind < argc) {
		errorf("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (strcmp(in, "-")) {
		fd = open(in, O_RDONLY | O_NONBLOCK);
		if (fd < 0) {
			errorf("cannot read '%s': %s", in, strerror(errno));
			return EXIT_USAGE;
		}
		fcntl(fd, F_SETFL, 0);
	}
	lr_init_fd(&lr, fd, 0);
	ret = ktap_parse(&lr, &d, err, sizeof(err));
	lr_free(&lr);
	if (fd)
		close(fd);
	if (ret) {
		errorf("'%s': %s", in, err);
		ktap_free(&d);
		return EXIT_USAGE;
	}
	memset(&rep, 0, sizeof(rep));
	ktap_to_report(&d, &rep);
	hv_strlcpy(rep.source, "ktap", sizeof(rep.source));
	hv_strlcpy(rep.profile, name, sizeof(rep.profile));
	hv_strlcpy(rep.suite, name, sizeof(rep.suite));
	ret = EXIT_USAGE;
	if (fmt == FMT_TEXT) {
		struct outfile o;

		/* the totals line test runners read */
		if (!outfile_open(&o, out)) {
			fprintf(o.f, "%s: %d passed, %d failed, %d skipped\n", name,
				report_count(&rep, ST_PASS), report_count(&rep, ST_FAIL),
				report_count(&rep, ST_SKIP));
			if (!outfile_close(&o))
				ret = EXIT_PASS;
		}
	} else if (!report_write(&rep, fmt, out, 0)) {
		ret = EXIT_PASS;
	}
	if (ret == EXIT_PASS && report_count(&rep, ST_FAIL))
		ret = EXIT_CHECKFAIL;
	report_free(&rep);
	ktap_free(&d);
	return ret;
}
