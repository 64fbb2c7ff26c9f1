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

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
};

int cmd_check(int argc, char **argv);
int cmd_collect(int argc, char **argv);
int cmd_lsvmbus(int argc, char **argv);
int cmd_profiles(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_ktap(int argc, char **argv);
int cmd_exercise(int argc, char **argv);
int cmd_kconfig(int argc, char **argv);
int cmd_tree(int argc, char **argv);
int cmd_watch(int argc, char **argv);

/* Profiles, knowledge base and catalogue from the data directory. */
struct data {
	struct profile_set profiles;
	struct kb kb;
	struct catalog cat;
	struct kfrag frag;	/* patches/hyperv-sriov.config */
	struct vf_event_defs evdefs;	/* kb/vf-events.ev */
};

/* Where the configuration fragment lives under the data directory. */
void fragment_path(char *buf, size_t n);

/* @extra_profile: a profile file to load too (or NULL). 0 or -1. */
int data_load(struct data *d, const char *extra_profile,
	      struct profile **extra);
void data_free(struct data *d);


#endif
