// SPDX-License-Identifier: GPL-2.0
/* hvdiag kconfig: a kernel .config against patches/hyperv-sriov.config. */
#include "cmd/cmds.h"
#include "collect/collect.h"
#include "base/json_out.h"
#include "base/util.h"
#include "source/source.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

static const char kconfig_help[] =
"usage: hvdiag kconfig [FILE] [--root DIR] [--fragment FILE] [--format text|json]\n"
"\n"
"Check a kernel configuration against the options Hyper-V SR-IOV needs\n"
"(the fragment patches/hyperv-sriov.config, also usable with\n"
"scripts/kconfig/merge_config.sh). FILE defaults to the running kernel's\n"
"/boot/config-<release> or /proc/config.gz (under --root DIR, the\n"
"bundle's). A required option must be set; an optional one is judged only\n"
"where the kernel has it; one required \"where\" a menu symbol is warns\n"
"(WARN, not available in this kernel) where the kernel predates it. An\n"
"option set twice takes its last value, as in Kconfig. FILE must be a\n"
"regular file (at most 64 MiB).\n"
"exit status: 0 all required options set (warnings allowed), 1 some missing,\n"
"2 usage or unreadable input.\n";

int cmd_kconfig_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "fragment", required_argument, NULL, 'F' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *root = NULL, *frag_path = NULL, *fmt = "text", *file = NULL;
	char path[4096];
	struct kfrag frag;
	struct source src;
	struct guest g;
	int c, i, missing = 0, json, required = 0, unavail = 0;
	struct json j;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 'F':
			frag_path = optarg;
			break;
		case 'f':
			fmt = optarg;
			break;
		case 'h':
			fputs(kconfig_help, stdout);
			return 0;
		default:
			fputs(kconfig_help, stderr);
			return EXIT_USAGE;
		}
	}
	if (strcmp(fmt, "text") && strcmp(fmt, "json")) {
		errorf("unknown format '%s' (text, json)", fmt);
		return EXIT_USAGE;
	}
	json = !strcmp(fmt, "json");
	if (optind < argc)
		file = argv[optind++];
	if (optind < argc) {
		errorf("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (!frag_path) {
		fragment_path(path, sizeof(path));
		frag_path = path;
	}
	if (kfrag_load(&frag, frag_path))
		return EXIT_USAGE;
	if (source_open(&src, root)) {
		kfrag_free(&frag);
		return EXIT_USAGE;
	}
	memset(&g, 0, sizeof(g));
	if (file)
		kconfig_read_file(&g, file);
	else
		collect_kconfig(&src, &g);
	if (g.kconfig.part.state != PART_OK) {
		errorf("%s", g.kconfig.part.why);
		guest_free(&g);
		kfrag_free(&frag);
		return EXIT_USAGE;
	}
	if (json) {
		json_init(&j, stdout, 1);
		json_obj_begin(&j, NULL);
		json_str(&j, "config", g.kconfig.part.origin);
		json_str(&j, "fragment", frag.path);
		json_arr_begin(&j, "options");
	} else {
		printf("config %s\nfragment %s\n\n", g.kconfig.part.origin, frag.path);
	}
	for (i = 0; i < frag.n; i++) {
		const struct kreq *q = &frag.r[i];
		const char *got;
		enum kreq_verdict v = kreq_judge(q, &g.kconfig, &got);
		int bad = v != KREQ_OK && v != KREQ_SKIPPED && v != KREQ_UNAVAILABLE;

		missing += bad;
		unavail += v == KREQ_UNAVAILABLE;
		required += !q->optional;
		if (json) {
			json_obj_begin(&j, NULL);
			json_str(&j, "name", q->name);
			json_str(&j, "value", got);
			json_str(&j, "want", q->want == 'y' ? "y" : "y,m");
			json_bool(&j, "required", !q->optional);
			json_str(&j, "verdict", bad ? "missing" : v == KREQ_SKIPPED ? "skipped" :
				 v == KREQ_UNAVAILABLE ? "unavailable" : "ok");
			json_str(&j, "detail", kreq_verdict_str(v));
			json_str(&j, "why", q->why);
			json_obj_end(&j);
		} else {
			if (bad)
				printf("MISSING %-28s %-10s %s\n", q->name, got,
				       kreq_verdict_str(v));
			else if (v == KREQ_UNAVAILABLE)
				printf("WARN    %-28s %-10s not available in this kernel (no %s)\n",
				       q->name, got, q->where);
			else
				printf("%-7s %-28s %s\n", v == KREQ_SKIPPED ? "skip" : "ok",
				       q->name, v == KREQ_SKIPPED ? "not in this kernel" : got);
			if (bad || v == KREQ_UNAVAILABLE)
				printf("        %s %s: %s\n", bad ? "needs" : "a kernel that has it needs",
				       q->want == 'y' ? "y" : "y or m", q->why);
		}
	}
	if (json) {
		json_arr_end(&j);
		json_int(&j, "missing", missing);
		json_int(&j, "unavailable", unavail);
		json_obj_end(&j);
	} else {
		printf("\n%d of %d required options missing", missing, required - unavail);
		if (unavail)
			printf(", %d not available in this kernel (warning)", unavail);
		printf("\n");
	}
	guest_free(&g);
	kfrag_free(&frag);
	return missing ? EXIT_CHECKFAIL : EXIT_PASS;
}

const struct command cmd_kconfig = {
	.name = "kconfig",
	.summary = "check a kernel .config against the SR-IOV fragment",
	.raw = cmd_kconfig_main,
};
