// SPDX-License-Identifier: GPL-2.0
/* hvdiag: command table and dispatch (OBJECT COMMAND, prefixes accepted). */
#include "cmd/cmds.h"
#include "base/util.h"
#include "base/version.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct command *const cmds[] = {
	&cmd_check, &cmd_collect, &cmd_exercise, &cmd_lsvmbus, &cmd_kconfig,
	&cmd_profiles, &cmd_tree, &cmd_explain, &cmd_watch, &cmd_ktap,
};

static void usage(FILE *f)
{
	size_t i;

	fputs("usage: hvdiag COMMAND [OPTIONS]\n"
	      "       hvdiag --version | --help\n\n"
	      "Diagnose SR-IOV network virtual functions (Mellanox mlx4/mlx5 VFs)\n"
	      "in Linux guests on Hyper-V and Azure.\n\ncommands:\n", f);
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		fprintf(f, "  %-10s %s\n", cmds[i]->name, cmds[i]->summary);
	fputs("\n'hvdiag COMMAND --help' describes each command; see also hvdiag(8).\n"
	      "exit status: 0 pass, 1 a check failed, 2 usage or unreadable input,\n"
	      "4 nothing applicable (not a Hyper-V guest and no bundle given).\n", f);
}

int data_load(struct data *d)
{
	char path[4096];
	const char *dir = hvdiag_datadir();

	memset(d, 0, sizeof(*d));
	snprintf(path, sizeof(path), "%s/profiles", dir);
	if (profiles_load_dir(&d->profiles, path))
		return -1;
	snprintf(path, sizeof(path), "%s/kb", dir);
	if (kb_load_dir(&d->kb, path))
		return -1;
	fragment_path(path, sizeof(path));
	if (kfrag_load(&d->frag, path))
		return -1;
	snprintf(path, sizeof(path), "%s/kb/vf-events.ev", dir);
	if (vf_event_defs_load(&d->evdefs, path))
		return -1;
	return catalog_build(&d->cat, &d->profiles, &d->kb);
}

int data_add_profile(struct data *d, const char *name, struct profile **extra)
{
	*extra = profiles_find(&d->profiles, name);
	if (!*extra)
		return -1;
	catalog_free(&d->cat);
	return catalog_build(&d->cat, &d->profiles, &d->kb);
}

void fragment_path(char *buf, size_t n)
{
	snprintf(buf, n, "%s/patches/hyperv-sriov.config", hvdiag_datadir());
}

void data_free(struct data *d)
{
	kfrag_free(&d->frag);
	vf_event_defs_free(&d->evdefs);
	catalog_free(&d->cat);
	kb_free(&d->kb);
	profiles_free(&d->profiles);
}

int root_open(struct rooted *r, const char *root)
{
	char real[PATH_MAX];

	memset(&r->tar, 0, sizeof(r->tar));
	if (!root || !tar_is_bundle(root))
		return source_open(&r->src, root);
	if (tar_unpack(root, &r->tar) || source_open(&r->src, r->tar.dir))
		return -1;
	source_show_as(&r->src, realpath(root, real) ? real : root);
	return 0;
}

void root_close(struct rooted *r)
{
	tar_remove(&r->tar);
}

/* The command @word names (a unique prefix will do); NULL: said why. */
static const struct command *cmd_find(const char *word)
{
	size_t i, len = strlen(word);
	const struct command *found = NULL;

	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (strncmp(cmds[i]->name, word, len))
			continue;
		if (strlen(cmds[i]->name) == len)
			return cmds[i];
		if (found) {
			errorf("'%s' is ambiguous (%s, %s)", word, found->name,
			       cmds[i]->name);
			return NULL;
		}
		found = cmds[i];
	}
	if (!found)
		errorf("unknown command '%s'; see 'hvdiag --help'", word);
	return found;
}

/* Parse the options, set up what the command needs, run it. */
static int cmd_run(const struct command *c, int argc, char **argv)
{
	struct cmd_env env;
	void *o;
	int i, ret;

	o = xmalloc(c->opts_size);
	memcpy(o, c->defaults, c->opts_size);
	memset(&env, 0, sizeof(env));
	i = opts_parse(c->opts, c->help, o, c->min_args, c->max_args, argc, argv);
	if (i < 0)
		ret = i == OPTS_HELP ? EXIT_PASS : EXIT_USAGE;
	else if ((c->setup & SETUP_DATA) && data_load(&env.data))
		ret = EXIT_USAGE;
	else
		ret = c->run(o, argv + i, argc - i, &env);
	if (c->setup & SETUP_DATA)
		data_free(&env.data);
	free(o);
	return ret;
}

int main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("hvdiag %s\n", HVDIAG_VERSION);
		return 0;
	}
	c = cmd_find(argv[1]);
	return c ? cmd_run(c, argc - 1, argv + 1) : EXIT_USAGE;
}
