// SPDX-License-Identifier: GPL-2.0
/*
 * hvdiag tree KSRC: what state a kernel source tree is in with respect to
 * the patch series (applied, applicable, conflicting), where pci-hyperv
 * sits, whether the original work-around is there, and whether KSRC/.config
 * has the fragment's options: a report, in every format. --apply applies
 * the series (cmd/tree_series.c).
 */
#include "cmd/cmds.h"
#include "cmd/tree_series.h"
#include "base/util.h"
#include "render/render.h"
#include "source/source.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct tree_opts {
	const char *series;
	const char *patches;
	int apply;
	enum report_format fmt;
	const char *out;
	/* set by tree_prepare */
	char sabs[PATH_MAX], pabs[PATH_MAX], ver[32];
};

static const struct opt tree_opt[] = {
	OPT_STRING(0, "series", struct tree_opts, series, "DIR",
		   "the series (default: the installed patches/3.10.108)"),
	OPT_STRING(0, "patches", struct tree_opts, patches, "DIR",
		   "your copies of the referenced (not shipped) patches"),
	OPT_FLAG(0, "apply", struct tree_opts, apply,
		 "apply the series in order, all or nothing: every file's\n"
		 "sha256 is checked first, and when an entry does not apply\n"
		 "the entries applied before it are taken back"),
	OPT_FORMAT(struct tree_opts, fmt, "text (default), json, tap, junit, prom or html\n"
		   "(not with --apply)"),
	OPT_OUTPUT(struct tree_opts, out, "write there instead of stdout (see hvdiag(8))"),
	OPT_END(),
};

static const struct opt_help tree_help = {
	"hvdiag tree KSRC [--series DIR] [--patches DIR] [--apply]\n"
	"[--format F] [-o FILE]",
	"Report a kernel source tree against the patch series: its version, each\n"
	"entry applied, applicable or conflicting (patch --dry-run forward and\n"
	"reverse when the patch file is at hand, else recognised by content). The\n"
	"series is judged as a whole: each entry against the tree with the entries\n"
	"before it applied, in a scratch copy of the files the series changes\n"
	"(\"applicable in series\": it applies once those before it are in).\n"
	"The report also says\n"
	"where pci-hyperv is, whether the original PCI resource work-around is in,\n"
	"and whether KSRC/.config has the options of patches/hyperv-sriov.config.",
	"exit status: 0 fine, 1 a conflict, a checksum mismatch or a failed apply,\n"
	"2 usage, a malformed MANIFEST or a missing patch file.",
};

/* @rep's next result, zeroed */
static struct result *add_result(struct report *rep, const char *id,
				 const char *title)
{
	struct result *r;

	rep->r = xrealloc(rep->r, (size_t)(rep->n + 1) * sizeof(*rep->r));
	r = &rep->r[rep->n++];
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->title = title;
	return r;
}

static void tree_pci_hyperv(const char *ksrc, struct report *rep)
{
	static const char *const paths[] = {
		"drivers/pci/pci-hyperv.c", "drivers/pci/host/pci-hyperv.c",
		"drivers/pci/controller/pci-hyperv.c",
	};
	struct result *r = add_result(rep, "tree.pci-hyperv", "where pci-hyperv is");
	char path[4400];
	struct stat st;
	size_t k;

	for (k = 0; k < ARRAY_SIZE(paths); k++) {
		snprintf(path, sizeof(path), "%s/%s", ksrc, paths[k]);
		if (!stat(path, &st)) {
			result_set(r, ST_PASS, "%s", paths[k]);
			return;
		}
	}
	result_set(r, ST_SKIP, "absent (no Hyper-V virtual PCI in this tree)");
}

static enum status state_status(enum tree_state st)
{
	switch (st) {
	case S_APPLIED:
	case S_APPLICABLE:
	case S_SERIES:
		return ST_PASS;
	case S_UNKNOWN:
		return ST_WARN;
	case S_WAITS:
		return ST_SKIP;
	default:
		return ST_FAIL;
	}
}

/* One entry's verdict as a result; the work-around only where it is in. */
static void tree_entry(const struct entry *e, const struct judged *j,
		       struct report *rep)
{
	struct result *r;

	if (j->st == S_HACK_ABSENT)
		return;
	if (j->st == S_HACK) {
		r = add_result(rep, "tree.workaround", "the original PCI resource work-around");
		result_set(r, ST_FAIL, "work-around present: %s", e->file);
		result_evidence(r, "it compiles out the PCI window type checks for every bus;");
		result_evidence(r, "revert it and apply the series' 0002 instead");
		return;
	}
	r = add_result(rep, e->file, e->purpose ? e->purpose : "");
	result_set(r, state_status(j->st), "%s", tree_state_str(j->st));
	result_evidence(r, "%s", j->how);
	if (j->st == S_UNKNOWN && e->symptom)
		result_evidence(r, "without it: %s", e->symptom);
}

static void tree_series(const struct series *s, const char *ksrc,
			const char *pdir, struct report *rep)
{
	struct judged *j = xcalloc((size_t)s->n + 1, sizeof(*j));
	char why[256];
	int i;

	report_note(rep, "series %s", s->dir);
	if (!series_judge(s, ksrc, pdir, j, why, sizeof(why)))
		report_note(rep, "series: each entry judged on the tree alone (no scratch copy: %s)",
			    why);
	for (i = 0; i < s->n; i++)
		tree_entry(&s->e[i], &j[i], rep);
	free(j);
}

/* KSRC/.config against the fragment (loaded into @frag, which the
 * results refer to): its results moved into @rep. */
static void tree_config(const char *ksrc, struct kfrag *frag,
			struct report *rep)
{
	struct report k;
	struct source src;
	char path[4400];
	struct stat st;

	snprintf(path, sizeof(path), "%s/.config", ksrc);
	if (stat(path, &st)) {
		result_set(add_result(rep, "tree.config", "KSRC/.config"), ST_SKIP,
			   "no .config in the tree");
		return;
	}
	memset(&src, 0, sizeof(src));
	if (fragment_load(frag, NULL) || kconfig_report(frag, &src, path, &k))
		return;
	hv_strlcpy(rep->fragment, frag->path, sizeof(rep->fragment));
	rep->r = xrealloc(rep->r, (size_t)(rep->n + k.n + 1) * sizeof(*rep->r));
	memcpy(&rep->r[rep->n], k.r, (size_t)k.n * sizeof(*k.r));
	rep->n += k.n;
	k.n = 0;
	report_free(&k);
}

/* patch(1) runs in KSRC (-d): the series and the patches are given to it
 * by absolute path. 0 or -1 (said). */
static int tree_dirs(struct tree_opts *o)
{
	struct stat st;
	int e = 0;

	if (o->series && !realpath(o->series, o->sabs)) {
		errorf("cannot read '%s': %s", o->series, strerror(errno));
		return -1;
	}
	if (!o->patches)
		return 0;
	if (!realpath(o->patches, o->pabs) || stat(o->pabs, &st))
		e = errno;
	else if (!S_ISDIR(st.st_mode))
		e = ENOTDIR;
	if (e)
		errorf("cannot read '%s': %s", o->patches, strerror(e));
	return e ? -1 : 0;
}

/* The command line checked, the series loaded; 0 or an exit status. */
static int tree_prepare(struct tree_opts *o, const char *ksrc, struct series *s)
{
	if (o->apply && (o->fmt != FMT_TEXT || o->out)) {
		errorf("tree: --apply prints what it applied; no --format or --output");
		return EXIT_USAGE;
	}
	if (tree_dirs(o))
		return EXIT_USAGE;
	if (tree_version(ksrc, o->ver, sizeof(o->ver))) {
		errorf("'%s' is not a kernel source tree (no VERSION in its Makefile)", ksrc);
		return EXIT_USAGE;
	}
	if (!o->series)
		snprintf(o->sabs, sizeof(o->sabs), "%s/patches/3.10.108", hvdiag_datadir());
	return series_load(s, o->sabs) ? EXIT_USAGE : 0;
}

/* A failure of the tree or the series (the config's options are
 * reported, not judged here): exit 1. */
static int tree_exit(const struct report *rep)
{
	int i;

	for (i = 0; i < rep->n; i++)
		if (rep->r[i].status == ST_FAIL && strncmp(rep->r[i].id, "CONFIG_", 7))
			return EXIT_CHECKFAIL;
	return EXIT_PASS;
}

static int tree_report(const struct tree_opts *o, const char *ksrc,
		       const struct series *s)
{
	struct report rep;
	struct kfrag frag;
	int ret;

	memset(&rep, 0, sizeof(rep));
	memset(&frag, 0, sizeof(frag));
	hv_strlcpy(rep.source, "tree", sizeof(rep.source));
	hv_strlcpy(rep.suite, "hvdiag.tree", sizeof(rep.suite));
	hv_strlcpy(rep.root, ksrc, sizeof(rep.root));
	hv_strlcpy(rep.release, o->ver, sizeof(rep.release));
	tree_pci_hyperv(ksrc, &rep);
	tree_series(s, ksrc, o->patches ? o->pabs : NULL, &rep);
	tree_config(ksrc, &frag, &rep);
	rep.exit_code = tree_exit(&rep);
	rep.exit_code_set = 1;
	ret = rep.exit_code;
	if (report_write_text(&rep, o->fmt, o->out, 0, render_tree_text))
		ret = EXIT_USAGE;
	report_free(&rep);
	kfrag_free(&frag);
	return ret;
}

static int tree_run(void *opts, char **args, int nargs, struct cmd_env *env)
{
	struct tree_opts *o = opts;
	struct series s;
	int ret = tree_prepare(o, args[0], &s);

	if (ret)
		return ret;
	if (o->apply)
		ret = series_apply(&s, args[0], o->patches ? o->pabs : NULL);
	else
		ret = tree_report(o, args[0], &s);
	series_free(&s);
	return ret;
}

static const struct tree_opts tree_defaults = { .fmt = FMT_TEXT };

const struct command cmd_tree = {
	.name = "tree",
	.summary = "a kernel source tree against the patch series",
	.opts = tree_opt,
	.help = &tree_help,
	.defaults = &tree_defaults,
	.opts_size = sizeof(struct tree_opts),
	.min_args = 1,
	.max_args = 1,
	.run = tree_run,
};
