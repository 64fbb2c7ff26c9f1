/* SPDX-License-Identifier: GPL-2.0 */
/* Subcommands: each file exports one entry of the command table. */
#ifndef HVDIAG_CMDS_H
#define HVDIAG_CMDS_H

#include <stdio.h>

#include "profile/catalog.h"
#include "profile/kb.h"
#include "profile/profile.h"
#include "parse/kconfig.h"
#include "profile/vf_events.h"
#include "cmd/options.h"
#include "source/source.h"
#include "base/tar_read.h"

/* Profiles, knowledge base and catalogue from the data directory. */
struct data {
	struct profile_set profiles;
	struct kb kb;
	struct catalog cat;
	struct kfrag frag;	/* patches/hyperv-sriov.config */
	struct vf_event_defs evdefs;	/* kb/vf-events.ev */
};

/* What the frame sets up before a command runs (struct command's setup). */
#define SETUP_DATA	0x1	/* env->data: profiles, KB, catalogue, fragment */

struct cmd_env {
	struct data data;
};

/*
 * A command: its options (parsed by the frame, into a struct of
 * @opts_size bytes that starts as a copy of @defaults), how many
 * arguments it takes, what it needs set up, and its work.
 */
struct command {
	const char *name;
	const char *summary;
	const struct opt *opts;
	const struct opt_help *help;
	const void *defaults;
	size_t opts_size;
	int min_args, max_args;		/* max -1: any number */
	unsigned int setup;		/* SETUP_* */
	/* the work: an exit status (EXIT_*) */
	int (*run)(void *opts, char **args, int nargs, struct cmd_env *env);
};


extern const struct command cmd_check, cmd_collect, cmd_lsvmbus, cmd_profiles,
	cmd_explain, cmd_ktap, cmd_exercise, cmd_kconfig, cmd_tree, cmd_watch;

/* Where the configuration fragment lives under the data directory. */
void fragment_path(char *buf, size_t n);
/* The fragment at @path (NULL: the installed one); 0 or -1 (said). */
int fragment_load(struct kfrag *frag, const char *path);

struct source;
struct report;
/*
 * The .config at @file (NULL: the one @src holds) judged against @frag
 * (kconfig_judge) into @rep, which names the config and the fragment.
 * 0, or -1 with why in @rep->not_applicable_why. @rep refers to @frag.
 */
int kconfig_report(const struct kfrag *frag, const struct source *src,
		   const char *file, struct report *rep);

/* Everything from the data directory; 0 or -1 (message printed). */
int data_load(struct data *d);
/* Add the profile file @name (a name: found among those loaded) and
 * build the catalogue again; 0 and *@extra, or -1. */
int data_add_profile(struct data *d, const char *name, struct profile **extra);
void data_free(struct data *d);

/* --root DIR (NULL: the live system) as the source: a collected .tar.gz
 * is unpacked privately and read as its directory, shown by its name.
 * 0 or -1 (said); root_close() after either. */
struct rooted {
	struct source src;
	struct tar_tree tar;
};
int root_open(struct rooted *r, const char *root);
void root_close(struct rooted *r);

#endif
