// SPDX-License-Identifier: GPL-2.0
/* hvdiag profiles, hvdiag explain */
#include "cmd/cmds.h"
#include "base/klog.h"
#include "base/linereader.h"
#include "collect/log_scan.h"
#include "base/util.h"
#include "render/fields.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct profiles_opts {
	int verbose;
	const char *patterns;
	int json;
};

static const struct opt profiles_opt[] = {
	OPT_VERBOSE(struct profiles_opts, verbose,
		    "also show each profile's file and signature"),
	OPT_STRING(0, "patterns", struct profiles_opts, patterns, "NAME",
		   "print NAME's signature and forbidden patterns as\n"
		   "POSIX extended regular expressions, one per line\n"
		   "(for grep -E -f); 'all' prints every pattern a\n"
		   "check looks for: events, profiles, knowledge base"),
	OPT_CALL('f', "format", struct profiles_opts, json, "F",
		 "text (default) or json (every field, -v or not)",
		 fields_opt_format),
	OPT_END(),
};

static const struct opt_help profiles_help = {
	"hvdiag profiles [-v] [--patterns NAME] [--format text|json]",
	"List the signature profiles (name, device ids, driver, description).",
	NULL,
};

static void put_ere(const struct sig_pat *sig)
{
	char *e = sig_to_ere(sig);

	puts(e);
	free(e);
}

/* --patterns: NAME's patterns, or the whole catalogue ("all": what one
 * log scan of check looks for); an exit status */
static int profiles_patterns(struct data *d, const char *name)
{
	const struct profile *p;
	int k;

	if (!strcmp(name, "all")) {
		for (k = 0; k < d->cat.n; k++)
			put_ere(d->cat.pat[k]);
		return EXIT_PASS;
	}
	p = profiles_find(&d->profiles, name);
	if (!p) {
		errorf("no profile named '%s'", name);
		return EXIT_USAGE;
	}
	for (k = 0; k < p->sig.n; k++)
		put_ere(&p->sig.pat[k]);
	for (k = 0; k < p->forbid.n; k++)
		put_ere(&p->forbid.pat[k]);
	return EXIT_PASS;
}

/* a PCI id: "%04x" in text and, as a string, in JSON */
static void print_pci_id(struct fields *f, const char *key, const char *fmt,
			 unsigned int id)
{
	char b[8];

	snprintf(b, sizeof(b), "%04x", id);
	print_string(f, PRINT_ANY, key, fmt, b);
}

/* the file, the base, the signature's steps: in text with -v */
static void profile_detail(struct fields *f, const struct profile *p,
			   enum print_mode m)
{
	int k;

	print_string(f, m, "file", "    file: %s\n", p->file);
	if (p->base)
		print_string(f, m, "base", "    base: %s\n", p->base);
	else
		print_null(f, m & PRINT_JSON, "base", NULL, NULL);
	fields_array_open(f, m, "steps");
	for (k = 0; k < p->nsteps; k++) {
		fields_object_open(f, m, NULL);
		print_bool(f, m & PRINT_JSON, "optional", NULL, p->steps[k].optional);
		print_string(f, m & PRINT_TEXT, NULL, "    sig%s",
			     p->steps[k].optional ? "?" : " ");
		print_int(f, m & PRINT_TEXT, NULL, " %2d: ", k + 1);
		print_string(f, m, "signature", "%s\n", p->steps[k].src);
		fields_object_close(f, m);
	}
	fields_array_close(f, m);
}

static void profile_row(struct fields *f, const struct profile *p, int verbose)
{
	int k;

	fields_object_open(f, PRINT_JSON, NULL);
	print_string(f, PRINT_ANY, "name", "%-16s ", p->name);
	print_pci_id(f, "vendor", "%s:", p->vendor);
	fields_array_open(f, PRINT_JSON, "devices");
	for (k = 0; k < p->ndevices; k++)
		print_pci_id(f, NULL, k ? ",%s" : "%s", p->devices[k]);
	fields_array_close(f, PRINT_JSON);
	print_string(f, PRINT_ANY, "driver", "  %-10s ", p->driver ? p->driver : "-");
	print_string(f, PRINT_ANY, "description", "%s\n",
		     p->description ? p->description : "");
	profile_detail(f, p, verbose ? PRINT_ANY : PRINT_JSON);
	fields_object_close(f, PRINT_JSON);
}

static int profiles_run(void *opts, char **args, int nargs, struct cmd_env *env)
{
	struct profiles_opts *o = opts;
	struct fields f;
	int i;

	if (o->patterns && o->json) {
		errorf("profiles: --patterns prints expressions, not --format json");
		return EXIT_USAGE;
	}
	if (o->patterns)
		return profiles_patterns(&env->data, o->patterns);
	fields_open(&f, stdout, o->json);
	fields_array_open(&f, PRINT_JSON, NULL);
	for (i = 0; i < env->data.profiles.n; i++)
		profile_row(&f, env->data.profiles.p[i], o->verbose);
	fields_array_close(&f, PRINT_JSON);
	print_string(&f, PRINT_TEXT, NULL, "%-16s picks one per VF: PCI id, then the driver's lines and evidence\n",
		     "auto");
	return EXIT_PASS;
}

static const struct profiles_opts profiles_defaults = { 0, NULL, 0 };

const struct command cmd_profiles = {
	.name = "profiles",
	.summary = "list the signature profiles",
	.opts = profiles_opt,
	.help = &profiles_help,
	.defaults = &profiles_defaults,
	.opts_size = sizeof(struct profiles_opts),
	.min_args = 0,
	.max_args = 0,
	.setup = SETUP_DATA,
	.run = profiles_run,
};

struct explain_opts {
	const char *id;
	int list;
};

static const struct opt explain_opt[] = {
	OPT_STRING(0, "id", struct explain_opts, id, "ID",
		   "show one entry of the knowledge base"),
	OPT_FLAG(0, "list", struct explain_opts, list, "list every entry"),
	OPT_END(),
};

static const struct opt_help explain_help = {
	"hvdiag explain [TEXT | -] [--id ID] [--list]",
	"Match kernel-log lines against the knowledge base of known failures and\n"
	"print each cause and remedy. TEXT is one log line; '-' (or no argument)\n"
	"reads lines from standard input, e.g. 'dmesg | hvdiag explain'.",
	"Lines of the VF, pci-hyperv, netvsc and vmbus drivers that read like\n"
	"errors (failed, error, err = -N, timed out, BUG, WARNING ...) but that no\n"
	"entry knows are listed as unrecognised error lines.\n"
	"exit status: 0 known lines matched (or --id/--list), 1 nothing matched,\n"
	"2 usage, 3 an unrecognised error line (known ones may have matched too).",
};

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

/* --list, --id: entries of the knowledge base; an exit status */
static int explain_entries(const struct kb *kb, const char *id)
{
	int i, n = 0;

	for (i = 0; i < kb->n; i++)
		if (!id || !strcmp(kb->e[i].id, id)) {
			show_entry(&kb->e[i]);
			n++;
		}
	if (id && !n) {
		errorf("no knowledge-base entry '%s'", id);
		return EXIT_USAGE;
	}
	return EXIT_PASS;
}

/* Reading the input: what was found so far. */
struct explain_state {
	const struct kb *kb;
	unsigned char *shown;	/* entries shown already, by index */
	struct log_model crash;	/* the crash report being read */
	int matched, unrec;
};

/* the entries whose patterns @kl matches; the first crash entry's index
 * in *@header (judged where the report says it happened) */
static int explain_known(struct explain_state *x, const struct klog_line *kl,
			 unsigned long lineno, int *header)
{
	int i, k, known = 0;

	for (i = 0; i < x->kb->n; i++) {
		const struct kb_entry *e = &x->kb->e[i];

		for (k = 0; !e->fallback && k < e->match.n; k++) {
			if (!sig_match(&e->match.pat[k], kl->msg, kl->len, NULL))
				continue;
			if (e->crash) {
				if (*header < 0)
					*header = i;
				break;
			}
			known++;
			printf("line %lu: %s\n", lineno, kl->msg);
			if (!x->shown[i])
				show_entry(e);
			else
				printf("  (see %s above)\n", e->id);
			x->shown[i] = 1;
			break;
		}
	}
	return known;
}

static void explain_line(struct explain_state *x, char *line, size_t len,
			 unsigned long lineno)
{
	struct klog_line kl;
	int header = -1, known;

	if (!klog_parse(line, len, 0, &kl))
		return;
	known = explain_known(x, &kl, lineno, &header);
	x->matched += known;
	if (!known && header < 0)
		x->unrec += unrecognised(x->kb, &kl, lineno);
	/* a crash report: its first line, then RIP and trace lines */
	if (header >= 0)
		log_crash_open(&x->crash, header, kl.msg, kl.len, kl.ts, kl.has_ts,
			       lineno);
	else if (x->crash.crash.open)
		log_crash_feed(&x->crash, kl.msg, kl.len, kl.ts, kl.has_ts, lineno);
}

/* every line of @lr explained; 0, or -1 on a read error (said) */
static int explain_read(struct explain_state *x, struct linereader *lr)
{
	char *line;
	size_t len;
	int r;

	while ((r = lr_next(lr, &line, &len)) == 1)
		explain_line(x, line, len, lr->lineno);
	log_crash_close(&x->crash);
	x->matched += explain_crashes(x->kb, &x->crash);
	if (r < 0)
		errorf("read error: %s", strerror(lr->err));
	return r < 0 ? -1 : 0;
}

static int explain_run(void *opts, char **args, int nargs, struct cmd_env *env)
{
	struct explain_opts *o = opts;
	struct explain_state x;
	struct linereader lr;
	int r;

	memset(&x, 0, sizeof(x));
	x.kb = &env->data.kb;

	if (o->list || o->id)
		return explain_entries(x.kb, o->list ? NULL : o->id);
	if (nargs && strcmp(args[0], "-"))
		lr_init_mem(&lr, args[0], strlen(args[0]), 0);
	else
		lr_init_fd(&lr, 0, 0);
	x.shown = xcalloc((size_t)(x.kb->n ? x.kb->n : 1), 1);
	r = explain_read(&x, &lr);
	log_model_free(&x.crash);
	free(x.shown);
	lr_free(&lr);
	if (r < 0)
		return EXIT_USAGE;
	if (x.unrec)
		printf("%d unrecognised error line(s): no knowledge-base entry knows them\n",
		       x.unrec);
	else if (!x.matched)
		printf("no known failure matched\n");
	return x.unrec ? EXIT_UNRECOGNISED : x.matched ? 0 : 1;
}

static const struct explain_opts explain_defaults = { NULL, 0 };

const struct command cmd_explain = {
	.name = "explain",
	.summary = "match kernel-log lines against known failures",
	.opts = explain_opt,
	.help = &explain_help,
	.defaults = &explain_defaults,
	.opts_size = sizeof(struct explain_opts),
	.min_args = 0,
	.max_args = 1,
	.setup = SETUP_DATA,
	.run = explain_run,
};
