// SPDX-License-Identifier: GPL-2.0
/* hvdiag kconfig: a kernel .config against patches/hyperv-sriov.config. */
#include "cmd/cmds.h"
#include "checks/kconfig_judge.h"
#include "collect/collect.h"
#include "base/util.h"
#include "render/render.h"
#include "source/source.h"

#include <stdio.h>
#include <string.h>

struct kconfig_opts {
	const char *root;
	const char *frag;
	enum report_format fmt;
	const char *out;
};

static const struct opt kconfig_opt[] = {
	OPT_ROOT(struct kconfig_opts, root, "judge the bundle's configuration (under DIR)"),
	OPT_STRING(0, "fragment", struct kconfig_opts, frag, "FILE",
		   "the options to judge by (default: the installed\n"
		   "patches/hyperv-sriov.config)"),
	OPT_FORMAT(struct kconfig_opts, fmt, "text (default: a line per option), json, tap,\n"
		   "junit, prom or html"),
	OPT_OUTPUT(struct kconfig_opts, out, "write there instead of stdout (see hvdiag(8))"),
	OPT_END(),
};

static const struct opt_help kconfig_help = {
	"hvdiag kconfig [FILE] [--root DIR] [--fragment FILE] [--format F] [-o FILE]",
	"Check a kernel configuration against the options Hyper-V SR-IOV needs\n"
	"(the fragment patches/hyperv-sriov.config, also usable with\n"
	"scripts/kconfig/merge_config.sh). FILE defaults to the running kernel's\n"
	"/boot/config-<release> or /proc/config.gz (under --root DIR, the\n"
	"bundle's). A required option must be set; an optional one is judged only\n"
	"where the kernel has it; one required \"where\" a menu symbol is warns\n"
	"(WARN, not available in this kernel) where the kernel predates it. An\n"
	"option set twice takes its last value, as in Kconfig. FILE must be a\n"
	"regular file (at most 64 MiB).",
	"exit status: 0 all required options set (warnings allowed), 1 some missing,\n"
	"2 usage or unreadable input.",
};

int fragment_load(struct kfrag *frag, const char *path)
{
	char def[4096];

	if (!path) {
		fragment_path(def, sizeof(def));
		path = def;
	}
	return kfrag_load(frag, path);
}

int kconfig_report(const struct kfrag *frag, struct source *src,
		   const char *file, struct report *rep)
{
	struct guest g;

	memset(&g, 0, sizeof(g));
	g.src = src;
	collect_kconfig(&g, file);
	memset(rep, 0, sizeof(*rep));
	if (g.kconfig.part.state != PART_OK) {
		hv_strlcpy(rep->not_applicable_why, g.kconfig.part.why,
			   sizeof(rep->not_applicable_why));
		guest_free(&g);
		return -1;
	}
	hv_strlcpy(rep->source, "kconfig", sizeof(rep->source));
	hv_strlcpy(rep->suite, "hvdiag.kconfig", sizeof(rep->suite));
	hv_strlcpy(rep->root, g.kconfig.part.origin, sizeof(rep->root));
	hv_strlcpy(rep->fragment, frag->path, sizeof(rep->fragment));
	kconfig_judge(frag, &g.kconfig, rep);
	guest_free(&g);
	return 0;
}

/* The configuration judged and written; an exit status. */
static int kconfig_write(const struct kconfig_opts *o, const struct kfrag *frag,
			 const char *file)
{
	struct source src;
	struct report rep;
	int ret;

	if (source_open(&src, o->root))
		return EXIT_USAGE;
	if (kconfig_report(frag, &src, file, &rep)) {
		errorf("%s", rep.not_applicable_why);
		return EXIT_USAGE;
	}
	if (report_write_text(&rep, o->fmt, o->out, 0, render_kconfig_text))
		ret = EXIT_USAGE;
	else
		ret = report_count(&rep, ST_FAIL) ? EXIT_CHECKFAIL : EXIT_PASS;
	report_free(&rep);
	return ret;
}

static int kconfig_run(void *opts, char **args, int nargs, struct cmd_env *env)
{
	struct kfrag frag;
	int ret;

	if (fragment_load(&frag, ((struct kconfig_opts *)opts)->frag))
		return EXIT_USAGE;
	ret = kconfig_write(opts, &frag, nargs ? args[0] : NULL);
	kfrag_free(&frag);
	return ret;
}

static const struct kconfig_opts kconfig_defaults = { NULL, NULL, FMT_TEXT, NULL };

const struct command cmd_kconfig = {
	.name = "kconfig",
	.summary = "check a kernel .config against the SR-IOV fragment",
	.opts = kconfig_opt,
	.help = &kconfig_help,
	.defaults = &kconfig_defaults,
	.opts_size = sizeof(struct kconfig_opts),
	.min_args = 0,
	.max_args = 1,
	.run = kconfig_run,
};
