// SPDX-License-Identifier: GPL-2.0
/* hvdiag profiles, hvdiag explain */
#include "cmd/cmds.h"
#include "base/klog.h"
#include "base/linereader.h"
#include "collect/log_scan.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char profiles_help[] =
"usage: hvdiag profiles [-v] [--patterns NAME]\n"
"\n"
"List the signature profiles (name, device ids, driver, description).\n"
"  -v, --verbose        also show each profile's file and signature\n"
"      --patterns NAME  print NAME's signature and forbidden patterns as\n"
"                       POSIX extended regular expressions, one per line\n"
"                       (for grep -E -f); 'all' prints every pattern a\n"
"                       check looks for: events, profiles, knowledge base\n";

int cmd_profiles_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "verbose", no_argument, NULL, 'v' },
		{ "patterns", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct data d;
	const char *pat = NULL;
	int verbose = 0, c, i, k;

	optind = 1;
	while ((c = getopt_long(argc, argv, "vh", opts, NULL)) != -1) {
		switch (c) {
		case 'v':
			verbose = 1;
			break;
		case 'P':
			pat = optarg;
			break;
		case 'h':
			fputs(profiles_help, stdout);
			return 0;
		default:
			fputs(profiles_help, stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		errorf("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	if (data_load(&d)) {
		data_free(&d);
		return EXIT_USAGE;
	}
	if (pat && !strcmp(pat, "all")) {
		/* the whole catalogue: what one log scan of check looks for */
		for (k = 0; k < d.cat.n; k++) {
			char *e = sig_to_ere(d.cat.pat[k]);

			puts(e);
			free(e);
		}
		data_free(&d);
		return 0;
	}
	if (pat) {
		struct profile *p = profiles_find(&d.profiles, pat);

		if (!p) {
			errorf("no profile named '%s'", pat);
			data_free(&d);
			return EXIT_USAGE;
		}
		for (k = 0; k < p->sig.n; k++) {
			char *e = sig_to_ere(&p->sig.pat[k]);

			puts(e);
			free(e);
		}
		for (k = 0; k < p->forbid.n; k++) {
			char *e = sig_to_ere(&p->forbid.pat[k]);

			puts(e);
			free(e);
		}
		data_free(&d);
		return 0;
	}
	for (i = 0; i < d.profiles.n; i++) {
		const struct profile *p = d.profiles.p[i];

		printf("%-16s %04x:", p->name, p->vendor);
		for (k = 0; k < p->ndevices; k++)
			printf("%s%04x", k ? "," : "", p->devices[k]);
		printf("  %-10s %s\n", p->driver ? p->driver : "-",
		       p->description ? p->description : "");
		if (!verbose)
			continue;
		printf("    file: %s\n", p->file);
		if (p->base)
			printf("    base: %s\n", p->base);
		for (k = 0; k < p->nsteps; k++)
			printf("    sig%s %2d: %s\n", p->steps[k].optional ? "?" : " ",
			       k + 1, p->steps[k].src);
	}
	printf("%-16s picks one per VF: PCI id, then the driver's lines and evidence\n", "auto");
	data_free(&d);
	return 0;
}

static const char explain_help[] =
"usage: hvdiag explain [TEXT | -] [--id ID] [--list]\n"
"\n"
"Match kernel-log lines against the knowledge base of known failures and\n"
"print each cause and remedy. TEXT is one log line; '-' (or no argument)\n"
"reads lines from standard input, e.g. 'dmesg | hvdiag explain'.\n"
"  --id ID     show one entry of the knowledge base\n"
"  --list      list every entry\n"
"Lines of the VF, pci-hyperv, netvsc and vmbus drivers that read like\n"
"errors (failed, error, err = -N, timed out, BUG, WARNING ...) but that no\n"
"entry knows are listed as unrecognised error lines.\n"
"exit status: 0 known lines matched (or --id/--list), 1 nothing matched,\n"
"2 usage, 3 an unrecognised error line (known ones may have matched too).\n";

static void show_entry(const struct kb_entry *e)
{
	printf("%s%s%s\n", e->id, e->title ? ": " : "", e->title ? e->title : "");
	printf("  level:  %s (scope %s%s%s)\n",
	       e->fail ? "fail" : e->info ? "info (known, harmless)" : "warn",
	       kb_scope_str(e->scope), e->family ? ", family " : "",
	       e->family ? e->family : "");
	printf("  cause:  %s\n", e->cause);
	printf("  remedy: %s\n", e->remedy);
	if (e->patch)
		printf("  patch:  %s\n", e->patch);
}

/*
 * A line of a VF, vPCI, netvsc or vmbus driver that reads like an error
 * and that no entry knows: the catch-all entry's lines (its words and
 * driver prefixes), as check counts them. Returns 1 when it was one.
 */
static int unrecognised(const struct kb *kb, const struct klog_line *kl,
			unsigned long lineno)
{
	const struct kb_entry *fb = NULL;
	int i, k;

	for (i = 0; i < kb->n && !fb; i++)
		if (kb->e[i].fallback)
			fb = &kb->e[i];
	if (!fb || !fb->match.n)
		return 0;
	for (k = 0; k < fb->match.n; k++)
		if (sig_match(&fb->match.pat[k], kl->msg, kl->len, NULL)) {
			printf("line %lu: %s\n  unrecognised error line of a VF, pci-hyperv, netvsc or vmbus driver (%s)\n",
			       lineno, kl->msg, fb->id);
			return 1;
		}
	return 0;
}

static int head_is(const struct kb_entry *e, int k, const void *arg)
{
	const struct log_crash *x = arg;

	return sig_match(&e->match.pat[k], x->head.text, strlen(x->head.text),
			 NULL);
}

/* Each crash report of the input, with where it happened and its entry. */
static int explain_crashes(const struct kb *kb, const struct log_model *m)
{
	int i, n = 0;

	for (i = 0; i < m->crash.n; i++) {
		const struct log_crash *x = &m->crash.v[i];
		const char *func, *module, *file;
		const struct kb_entry *e;
		int placed = x->rip.text || x->frame.text || x->qframe.text;
		char place[300];
		int from;

		log_crash_where(x, &func, &module, &file);
		e = kb_crash_entry_from(kb, head_is, x, func, module, file, placed,
					(const char (*)[64])x->ffunc, x->nff, &from);
		if (!e)
			continue;
		n++;
		printf("line %lu: %s\n", x->head.lineno, x->head.text);
		if (x->rip.text)
			printf("line %lu: %s\n", x->rip.lineno, x->rip.text);
		if (!x->rsite.module[0] && (x->frame.text || x->qframe.text)) {
			const struct log_hit *f = x->frame.text ? &x->frame : &x->qframe;

			printf("line %lu: %s\n", f->lineno, f->text);
		}
		if (from >= 0 && !x->rsite.module[0] &&
		    !((x->frame.text && x->frame.lineno == x->ff[from].lineno) ||
		      (x->qframe.text && x->qframe.lineno == x->ff[from].lineno)))
			printf("line %lu: %s\n", x->ff[from].lineno, x->ff[from].text);
		log_crash_place(x, from, place, sizeof(place));
		printf("  where:  %s%s%s\n", place, file[0] ? "; source " : "", file);
		show_entry(e);
	}
	return n;
}

int cmd_explain_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "id", required_argument, NULL, 'i' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct data d;
	const char *id = NULL;
	int list = 0, c, i, k, matched = 0, r, unrec = 0;
	struct linereader lr;
	char *line;
	size_t len;
	unsigned char *shown;
	struct log_model crash;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			id = optarg;
			break;
		case 'l':
			list = 1;
			break;
		case 'h':
			fputs(explain_help, stdout);
			return 0;
		default:
			fputs(explain_help, stderr);
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		errorf("give one line, or '-' for standard input");
		return EXIT_USAGE;
	}
	if (data_load(&d)) {
		data_free(&d);
		return EXIT_USAGE;
	}
	if (list || id) {
		for (i = 0; i < d.kb.n; i++)
			if (list || !strcmp(d.kb.e[i].id, id)) {
				show_entry(&d.kb.e[i]);
				matched++;
			}
		data_free(&d);
		if (id && !matched) {
			errorf("no knowledge-base entry '%s'", id);
			return EXIT_USAGE;
		}
		return 0;
	}
	if (optind < argc && strcmp(argv[optind], "-"))
		lr_init_mem(&lr, argv[optind], strlen(argv[optind]), 0);
	else
		lr_init_fd(&lr, 0, 0);
	shown = xcalloc((size_t)(d.kb.n ? d.kb.n : 1), 1);
	memset(&crash, 0, sizeof(crash));
	while ((r = lr_next(&lr, &line, &len)) == 1) {
		struct klog_line kl;
		int header = -1, known = 0;

		if (!klog_parse(line, len, 0, &kl))
			continue;
		for (i = 0; i < d.kb.n; i++) {
			const struct kb_entry *e = &d.kb.e[i];

			if (e->fallback)
				continue;
			for (k = 0; k < e->match.n; k++) {
				if (!sig_match(&e->match.pat[k], kl.msg, kl.len, NULL))
					continue;
				if (e->crash) {
					/* judged where the report says it happened */
					if (header < 0)
						header = i;
					break;
				}
				known++;
				matched++;
				printf("line %lu: %s\n", lr.lineno, kl.msg);
				if (!shown[i])
					show_entry(e);
				else
					printf("  (see %s above)\n", e->id);
				shown[i] = 1;
				break;
			}
		}
		if (!known && header < 0)
			unrec += unrecognised(&d.kb, &kl, lr.lineno);
		/* a crash report: its first line, then RIP and trace lines */
		if (header >= 0)
			log_crash_open(&crash, header, kl.msg, kl.len, kl.ts, kl.has_ts,
				       lr.lineno);
		else if (crash.crash.open)
			log_crash_feed(&crash, kl.msg, kl.len, kl.ts, kl.has_ts,
				       lr.lineno);
	}
	log_crash_close(&crash);
	matched += explain_crashes(&d.kb, &crash);
	if (r < 0)
		errorf("read error: %s", strerror(lr.err));
	log_model_free(&crash);
	free(shown);
	lr_free(&lr);
	data_free(&d);
	if (r < 0)
		return EXIT_USAGE;
	if (unrec)
		printf("%d unrecognised error line(s): no knowledge-base entry knows them\n",
		       unrec);
	else if (!matched)
		printf("no known failure matched\n");
	return unrec ? EXIT_UNRECOGNISED : matched ? 0 : 1;
}

const struct command cmd_profiles = {
	.name = "profiles",
	.summary = "list the signature profiles",
	.raw = cmd_profiles_main,
};

const struct command cmd_explain = {
	.name = "explain",
	.summary = "match kernel-log lines against known failures",
	.raw = cmd_explain_main,
};
