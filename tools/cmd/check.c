// SPDX-License-Identifier: GPL-2.0
#include "checks/checks.h"
#include "cmd/cmds.h"
#include "collect/collect.h"
#include "base/tar_read.h"
#include "base/util.h"
#include "source/source.h"
#include "render/render.h"

#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char check_help[] =
"usage: hvdiag check [--root DIR] [--profile NAME|FILE|auto]\n"
"                    [--format text|json|tap|junit|prom|html] [-o FILE]\n"
"                    [--only GROUP,...] [--kconfig FILE]\n"
"                    [--initrd FILE] [--sample S] [-v]\n"
"\n"
"Judge the live guest, or the bundle or sosreport at DIR, against a\n"
"signature profile. Every check reports pass, warn, fail or skip with the\n"
"evidence that decided it; failures carry a cause and a remedy.\n"
"\n"
"  -r, --root DIR       read DIR instead of / (a bundle from 'hvdiag collect',\n"
"                       also as FILE.tar.gz, or an extracted sosreport)\n"
"  -p, --profile P      a profile name ('hvdiag profiles'), a profile file,\n"
"                       or auto (default): one per VF, by PCI id, then the\n"
"                       driver's lines and evidence; the report says why\n"
"  -f, --format F       text (default), json, tap, junit, prom (Prometheus)\n"
"                       or html (one page: chains and a timeline drawn)\n"
"  -o, --output FILE    write the report to FILE (replaced atomically)\n"
"      --only GROUPS    run only these groups: platform, kconfig, vmbus, pci,\n"
"                       driver, irq, net, rdma, image (comma separated)\n"
"      --kconfig FILE   judge this kernel .config instead of the source's\n"
"      --initrd FILE    list this initrd image instead of the source's\n"
"      --sample S       read the synthetic NICs' VF counters twice, S seconds\n"
"                       apart (live only): net.vf.datapath judges the deltas\n"
"  -v, --verbose        show the evidence of passing checks too\n"
"  -h, --help           this text\n"
"\n"
"exit status: 0 all passed (warnings allowed), 1 a check failed, 2 usage or\n"
"unreadable input (an input of DIR there but unreadable: the report is still\n"
"written), 4 nothing applicable (not a Hyper-V guest, or no input).\n";

/*
 * Inputs the offline root (or --kconfig) has but that could not be read
 * or parsed: said, and exit 2 rather than a quiet skip. The live system's
 * unreadable parts (not root) stay skips. Returns how many.
 */
static int unreadable_inputs(const struct guest *g, int kfile, int ifile)
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
		    (g->src->kind == SRC_LIVE && !(kfile && p == &g->kconfig.part) &&
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
	struct guest *g;
	const struct data *d;
};

static void *ev_thread(void *arg)
{
	struct ev_job *j = arg;

	collect_vf_events(j->g, &j->d->cat, &j->d->kb, &j->d->evdefs);
	return NULL;
}

int cmd_check_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "root", required_argument, NULL, 'r' },
		{ "profile", required_argument, NULL, 'p' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "only", required_argument, NULL, 'O' },
		{ "kconfig", required_argument, NULL, 'k' },
		{ "initrd", required_argument, NULL, 'I' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "list", no_argument, NULL, 'L' },	/* for shell completion */
		{ "sample", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	const char *root = NULL, *pname = "auto", *out = NULL, *only = NULL;
	const char *kfile = NULL, *ifile = NULL;
	enum report_format fmt = FMT_TEXT;
	int verbose = 0, c, ret = EXIT_USAGE;
	struct source src;
	struct data data;
	struct guest g;
	struct check_ctx ctx;
	struct report rep;
	struct profile *extra = NULL;
	const struct profile *forced = NULL;
	struct profile_choice pc;
	struct tar_tree tar;
	char bad[64];
	struct run_clock clk;
	double sample = 0;
	struct ev_job job;
	pthread_t evth;
	int ev_started;

	optind = 1;
	while ((c = getopt_long(argc, argv, "r:p:f:o:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 'p':
			pname = optarg;
			break;
		case 'f':
			if (report_format_parse(optarg, &fmt))
				return EXIT_USAGE;
			break;
		case 'o':
			out = optarg;
			break;
		case 'O':
			only = optarg;
			break;
		case 'k':
			kfile = optarg;
			break;
		case 'I':
			ifile = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'S': {
			char *end;

			sample = strtod(optarg, &end);
			if (end == optarg || *end || !(sample >= 0.1 && sample <= 3600)) {
				errorf("--sample takes seconds from 0.1 to 3600, not '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		}
		case 'h':
			fputs(check_help, stdout);
			return 0;
		case 'L':
			for (c = 0; c < nchecks; c++)
				printf("%-22s %-9s %s\n", checks[c].id,
				       checks[c].group, checks[c].title);
			return 0;
		default:
			fputs(check_help, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		errorf("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (sample > 0 && root) {
		errorf("--sample measures the live system; a bundle holds one reading");
		return EXIT_USAGE;
	}
	if (only && !checks_valid_groups(only, bad, sizeof(bad))) {
		errorf("unknown group '%s' in --only", bad);
		return EXIT_USAGE;
	}
	/* A collected .tar.gz: unpacked privately, read as its directory. */
	memset(&tar, 0, sizeof(tar));
	if (root && tar_is_bundle(root)) {
		char real[PATH_MAX];

		if (tar_unpack(root, &tar))
			return EXIT_USAGE;
		if (source_open(&src, tar.dir)) {
			tar_remove(&tar);
			return EXIT_USAGE;
		}
		source_show_as(&src, realpath(root, real) ? real : root);
	} else if (source_open(&src, root)) {
		return EXIT_USAGE;
	}
	if (data_load(&data) ||
	    (strcmp(pname, "auto") && (strchr(pname, '/') || strstr(pname, ".profile")) &&
	     data_add_profile(&data, pname, &extra))) {
		data_free(&data);
		tar_remove(&tar);
		return EXIT_USAGE;
	}
	memset(&g, 0, sizeof(g));
	g.src = &src;
	run_clock_start(&clk);
	if (kfile)
		collect_kconfig(&g, kfile);
	job.g = &g;
	job.d = &data;
	ev_started = !pthread_create(&evth, NULL, ev_thread, &job);
	collect_all(&g, &data.cat);
	if (ev_started)
		pthread_join(evth, NULL);
	else
		ev_thread(&job);
	if (sample > 0)
		collect_net_sample(&g, sample);
	if (ifile)
		image_initrd_file(&g, ifile);

	if (extra) {
		forced = extra;
	} else if (strcmp(pname, "auto")) {
		forced = profiles_find(&data.profiles, pname);
		if (!forced) {
			errorf("no profile named '%s'; see 'hvdiag profiles'", pname);
			goto out;
		}
	}
	profile_select(&g, &data.profiles, forced, &pc);
	check_ctx_init(&ctx, &g, &pc, &data.kb, &data.cat);
	ctx.frag = &data.frag;
	ctx.profiles = &data.profiles;

	memset(&rep, 0, sizeof(rep));
	hv_strlcpy(rep.source, source_kind_str(src.kind), sizeof(rep.source));
	hv_strlcpy(rep.root, src.shown, sizeof(rep.root));
	hv_strlcpy(rep.release, src.release, sizeof(rep.release));
	if (!rep.release[0] && g.log.part.state == PART_OK && g.log.shape.release[0])
		hv_strlcpy(rep.release, g.log.shape.release, sizeof(rep.release));
	report_picks(&rep, &pc);
	if (ctx.vf_over)
		report_note(&rep, "%d more VF(s) than the %d the pci, irq and net checks judge; the driver checks judge all %d",
			    ctx.vf_over, MAX_VFS, pc.npicks);
	log_notes(&rep, &g.log);
	if (g.log.devs_dropped)
		report_note(&rep, "the kernel log names more devices than the %d entries kept: %lu matching line(s) of further devices not judged",
			    LOG_DEVS_MAX, g.log.devs_dropped);
	run_checks(&ctx, only, &rep);
	if (rep.not_applicable)
		errorf("%s; to check a bundle from one, use --root DIR",
		       rep.not_applicable_why);
	if (fmt == FMT_HTML)
		report_view(&rep, &ctx);
	report_set_run(&rep, &clk);

	if (!report_write(&rep, fmt, out, verbose))
		ret = unreadable_inputs(&g, kfile != NULL, ifile != NULL) ? EXIT_USAGE :
		      report_exit_code(&rep);
	report_free(&rep);
	free(pc.picks);
out:
	guest_free(&g);
	data_free(&data);
	tar_remove(&tar);
	return ret;
}

const struct command cmd_check = {
	.name = "check",
	.summary = "judge a live guest or a bundle against a profile",
	.raw = cmd_check_main,
};
