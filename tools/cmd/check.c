// SPDX-License-Identifier: GPL-2.0
/* hvdiag check: the live guest or a bundle judged against its profiles. */
#include "checks/checks.h"
#include "cmd/cmds.h"
#include "collect/collect.h"
#include "base/util.h"
#include "source/source.h"
#include "render/render.h"
#include "cmd/options.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct check_opts {
	const char *root, *profile;
	enum report_format fmt;
	const char *out, *only, *kconfig, *initrd;
	double sample;
	int verbose, list;
};

static int opt_only(void *field, const char *arg)
{
	char bad[64];

	if (!checks_valid_groups(arg, bad, sizeof(bad))) {
		errorf("unknown group '%s' in --only", bad);
		return -1;
	}
	*(const char **)field = arg;
	return 0;
}

static int opt_sample(void *field, const char *arg)
{
	return opt_seconds(field, arg, "--sample", 0.1, 3600);
}

static const struct opt check_opt[] = {
	OPT_ROOT(struct check_opts, root,
		 "read DIR instead of / (a bundle from 'hvdiag collect',\n"
		 "also as FILE.tar.gz, or an extracted sosreport)"),
	OPT_STRING('p', "profile", struct check_opts, profile, "P",
		   "a profile name ('hvdiag profiles'), a profile file,\n"
		   "or auto (default): one per VF, by PCI id, then the\n"
		   "driver's lines and evidence; the report says why"),
	OPT_FORMAT(struct check_opts, fmt,
		   "text (default), json, tap, junit, prom (Prometheus)\n"
		   "or html (one page: chains and a timeline drawn)"),
	OPT_OUTPUT(struct check_opts, out,
		   "write the report to FILE (replaced atomically)"),
	OPT_CALL(0, "only", struct check_opts, only, "GROUPS",
		 "run only these groups: platform, kconfig, vmbus, pci,\n"
		 "driver, irq, net, rdma, image (comma separated)", opt_only),
	OPT_STRING(0, "kconfig", struct check_opts, kconfig, "FILE",
		   "judge this kernel .config instead of the source's"),
	OPT_STRING(0, "initrd", struct check_opts, initrd, "FILE",
		   "list this initrd image instead of the source's"),
	OPT_CALL(0, "sample", struct check_opts, sample, "S",
		 "read the synthetic NICs' VF counters twice, S seconds\n"
		 "apart (live only): net.vf.datapath judges the deltas",
		 opt_sample),
	OPT_VERBOSE(struct check_opts, verbose,
		    "show the evidence of passing checks too"),
	/* hidden: every check, its group and title, for shell completion */
	OPT_FLAG(0, "list", struct check_opts, list, NULL),
	OPT_END(),
};

static const struct opt_help check_help = {
	"hvdiag check [--root DIR] [--profile NAME|FILE|auto]\n"
	"             [--format text|json|tap|junit|prom|html] [-o FILE]\n"
	"             [--only GROUP,...] [--kconfig FILE]\n"
	"             [--initrd FILE] [--sample S] [-v]",
	"Judge the live guest, or the bundle or sosreport at DIR, against a\n"
	"signature profile. Every check reports pass, warn, fail or skip with the\n"
	"evidence that decided it; failures carry a cause and a remedy.",
	"exit status: 0 all passed (warnings allowed), 1 a check failed, 2 usage or\n"
	"unreadable input (an input of DIR there but unreadable: the report is still\n"
	"written), 4 nothing applicable (not a Hyper-V guest, or no input).",
};

/*
 * Inputs the offline root (or --kconfig) has but that could not be read
 * or parsed: said, and exit 2 rather than a quiet skip. The live system's
 * unreadable parts (not root) stay skips. Returns how many.
 */
static int unreadable_inputs(const struct guest *g, int live, int kfile,
			     int ifile)
{
	const struct part *parts[] = {
		&g->platform.part, &g->pci.part, &g->log.part, &g->vmbus.part,
		&g->net.part, &g->net.addr_part, &g->irq.part,
		&g->kconfig.part, &g->modules.part, &g->rdma.part,
		&g->kmods.part, &g->kmods.tree,
		/* a bundle's image.txt may say the live initrd was unreadable:
		 * only an image given with --initrd is this run's input */
		ifile ? &g->image.initrd : NULL,
	};
	size_t i;
	int n = 0;

	for (i = 0; i < ARRAY_SIZE(parts); i++) {
		const struct part *p = parts[i];

		if (!p || p->state != PART_ERROR ||
		    (live && !(kfile && p == &g->kconfig.part) &&
		     !(ifile && p == &g->image.initrd)))
			continue;
		if (p->origin[0] && !strstr(p->why, p->origin))
			errorf("%s ('%s')", p->why, p->origin);
		else
			errorf("%s", p->why);
		n++;
	}
	return n;
}

/* What the head of the kernel log says of the whole of it. */
static void log_notes(struct report *rep, const struct log_model *m)
{
	const struct klog_shape *sh = &m->shape;

	if (m->part.state != PART_OK)
		return;
	if (sh->nfilter == 2)
		report_note(rep, "the kernel log looks filtered: each of its %lu lines holds '%s' or '%s'; a step it cannot show is not judged",
			    m->lines, sh->filter[0], sh->filter[1]);
	else if (sh->nfilter)
		report_note(rep, "the kernel log looks filtered: each of its %lu lines holds '%s'; a step it cannot show is not judged",
			    m->lines, sh->filter[0]);
	if (!sh->boot && sh->has_first_ts)
		report_note(rep, "the kernel log has no boot lines (no 'Linux version'): it starts at %.3f s, so what came before is not judged",
			    sh->first_ts);
	else if (!sh->boot)
		report_note(rep, "the kernel log has no boot lines (no 'Linux version'): it may start after the VFs came up");
}

/* The profile choice, per VF and overall, into the report. */
static void report_picks(struct report *rep, const struct profile_choice *pc)
{
	const struct profile *prof = pc->prof;
	int i;

	if (prof) {
		hv_strlcpy(rep->profile, prof->name, sizeof(rep->profile));
		if (prof->description)
			hv_strlcpy(rep->profile_desc, prof->description,
				   sizeof(rep->profile_desc));
	}
	rep->picks = xcalloc((size_t)(pc->npicks ? pc->npicks : 1),
			     sizeof(*rep->picks));
	rep->npicks = pc->npicks;
	for (i = 0; i < pc->npicks; i++) {
		struct report_pick *r = &rep->picks[i];

		hv_strlcpy(r->vf, pc->picks[i].bdf, sizeof(r->vf));
		if (pc->picks[i].prof)
			hv_strlcpy(r->profile, pc->picks[i].prof->name,
				   sizeof(r->profile));
		hv_strlcpy(r->reason, pc->picks[i].reason, sizeof(r->reason));
	}
	hv_strlcpy(rep->profile_reason, pc->reason, sizeof(rep->profile_reason));
}

/* The VF events of the log, a sequential pass of its own: run beside the
 * other collectors (and the log scan's parts). */
struct ev_job {
	const struct source *src;
	struct guest *g;
	const struct data *d;
};

static void *ev_thread(void *arg)
{
	struct ev_job *j = arg;

	collect_vf_events(j->src, j->g, &j->d->cat, &j->d->kb, &j->d->evdefs);
	return NULL;
}

/* The guest from the source, --kconfig and --initrd, sampled. */
static void check_collect(const struct check_opts *o,
			  const struct source *src, struct guest *g,
			  const struct data *d)
{
	struct ev_job job = { src, g, d };
	pthread_t evth;
	int started;

	if (o->kconfig)
		kconfig_read_file(g, o->kconfig);
	started = !pthread_create(&evth, NULL, ev_thread, &job);
	collect_all(src, g, &d->cat);
	if (started)
		pthread_join(evth, NULL);
	else
		ev_thread(&job);
	if (o->sample > 0)
		collect_net_sample(src, g, o->sample);
	if (o->initrd)
		image_initrd_file(src, g, o->initrd);
}

/* The report's head: the source, the profile choice, the notes. */
static void check_head(struct report *rep, const struct source *src,
		       const struct check_ctx *ctx,
		       const struct profile_choice *pc)
{
	const struct guest *g = ctx->g;

	memset(rep, 0, sizeof(*rep));
	hv_strlcpy(rep->source, source_kind_str(src->kind), sizeof(rep->source));
	hv_strlcpy(rep->root, src->shown, sizeof(rep->root));
	hv_strlcpy(rep->release, src->release, sizeof(rep->release));
	if (!rep->release[0] && g->log.part.state == PART_OK && g->log.shape.release[0])
		hv_strlcpy(rep->release, g->log.shape.release, sizeof(rep->release));
	report_picks(rep, pc);
	if (ctx->vf_over)
		report_note(rep, "%d more VF(s) than the %d the pci, irq and net checks judge; the driver checks judge all %d",
			    ctx->vf_over, MAX_VFS, pc->npicks);
	log_notes(rep, &g->log);
	if (g->log.devs_dropped)
		report_note(rep, "the kernel log names more devices than the %d entries kept: %lu matching line(s) of further devices not judged",
			    LOG_DEVS_MAX, g->log.devs_dropped);
}

/* Collect, choose the profiles, judge, write; the exit status. */
static int check_judge(const struct check_opts *o, struct source *src,
		       const struct data *d, const struct profile *forced)
{
	struct run_clock clk;
	struct profile_choice pc;
	struct check_ctx ctx;
	struct report rep;
	struct guest g;
	int ret = EXIT_USAGE;

	memset(&g, 0, sizeof(g));
	run_clock_start(&clk);
	check_collect(o, src, &g, d);
	profile_select(&g, &d->profiles, forced, &pc);
	check_ctx_init(&ctx, &g, &pc, &d->kb, &d->cat);
	ctx.frag = &d->frag;
	ctx.profiles = &d->profiles;
	check_head(&rep, src, &ctx, &pc);
	run_checks(&ctx, o->only, &rep);
	if (rep.not_applicable)
		errorf("%s; to check a bundle from one, use --root DIR",
		       rep.not_applicable_why);
	if (o->fmt == FMT_HTML)
		report_view(&rep, &ctx);
	report_set_run(&rep, &clk);
	if (!report_write(&rep, o->fmt, o->out, o->verbose))
		ret = unreadable_inputs(&g, src->kind == SRC_LIVE,
					o->kconfig != NULL, o->initrd != NULL) ?
		      EXIT_USAGE : report_exit_code(&rep);
	report_free(&rep);
	free(pc.picks);
	guest_free(&g);
	return ret;
}

/* The profile --profile names (NULL: auto), a file added to the data;
 * 0 or -1 (said). */
static int check_forced(const char *name, struct data *d,
			const struct profile **forced)
{
	struct profile *extra;

	*forced = NULL;
	if (!strcmp(name, "auto"))
		return 0;
	if (strchr(name, '/') || strstr(name, ".profile")) {
		if (data_add_profile(d, name, &extra))
			return -1;
		*forced = extra;
		return 0;
	}
	*forced = profiles_find(&d->profiles, name);
	if (*forced)
		return 0;
	errorf("no profile named '%s'; see 'hvdiag profiles'", name);
	return -1;
}

/* --list: every check, its group and title (for shell completion). */
static int check_list(void)
{
	int i;

	for (i = 0; i < nchecks; i++)
		printf("%-22s %-9s %s\n", checks[i].id, checks[i].group,
		       checks[i].title);
	return EXIT_PASS;
}

static int check_run(void *opts, char **args, int nargs, struct cmd_env *env)
{
	const struct check_opts *o = opts;
	const struct profile *forced;
	struct rooted rt;
	int ret = EXIT_USAGE;

	if (o->list)
		return check_list();
	if (o->sample > 0 && o->root) {
		errorf("--sample measures the live system; a bundle holds one reading");
		return EXIT_USAGE;
	}
	if (!root_open(&rt, o->root) &&
	    !check_forced(o->profile, &env->data, &forced))
		ret = check_judge(o, &rt.src, &env->data, forced);
	root_close(&rt);
	return ret;
}

static const struct check_opts check_defaults = {
	.profile = "auto",
	.fmt = FMT_TEXT,
};

const struct command cmd_check = {
	.name = "check",
	.summary = "judge a live guest or a bundle against a profile",
	.opts = check_opt,
	.help = &check_help,
	.defaults = &check_defaults,
	.opts_size = sizeof(struct check_opts),
	.min_args = 0,
	.max_args = 0,
	.setup = SETUP_DATA,
	.run = check_run,
};
