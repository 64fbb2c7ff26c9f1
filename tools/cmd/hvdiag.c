// SPDX-License-Identifier: GPL-2.0
/* hvdiag: command table and dispatch (OBJECT COMMAND, prefixes accepted). */
#include "cmd/cmds.h"
#include "base/util.h"
#include "base/version.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct cmd cmds[] = {
	{ "check", cmd_check, "judge a live guest or a bundle against a profile" },
	{ "collect", cmd_collect, "gather a bundle from the live guest" },
	{ "exercise", cmd_exercise, "run a hvdiag.ko exercise (pci, msix, mlx4-comm, vmbus)" },
	{ "lsvmbus", cmd_lsvmbus, "list vmbus devices and their channels" },
	{ "kconfig", cmd_kconfig, "check a kernel .config against the SR-IOV fragment" },
	{ "profiles", cmd_profiles, "list the signature profiles" },
	{ "tree", cmd_tree, "a kernel source tree against the patch series" },
	{ "explain", cmd_explain, "match kernel-log lines against known failures" },
	{ "watch", cmd_watch, "follow the kernel log and report VF events as they happen" },
	{ "ktap", cmd_ktap, "convert KTAP/TAP results to text, JSON, TAP or JUnit" },
};

static void usage(FILE *f)
{
	size_t i;

	fputs("usage: hvdiag COMMAND [OPTIONS]\n"
	      "       hvdiag --version | --help\n\n"
	      "Diagnose SR-IOV network virtual functions (Mellanox mlx4/mlx5 VFs)\n"
	      "in Linux guests on Hyper-V and Azure.\n\ncommands:\n", f);
	for (i = 0; i < ARRAY_SIZE(cmds); i++)
		fprintf(f, "  %-10s %s\n", cmds[i].name, cmds[i].summary);
	fputs("\n'hvdiag COMMAND --help' describes each command; see also hvdiag(8).\n"
	      "exit status: 0 pass, 1 a check failed, 2 usage or unreadable input,\n"
	      "4 nothing applicable (not a Hyper-V guest and no bundle given).\n", f);
}

int data_load(struct data *d, const char *extra_profile,
	      struct profile **extra)
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
	if (extra_profile) {
		*extra = profiles_find(&d->profiles, extra_profile);
		if (!*extra)
			return -1;
	}
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

int main(int argc, char **argv)
{
	size_t i, len;
	const struct cmd *found = NULL;

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
	len = strlen(argv[1]);
	for (i = 0; i < ARRAY_SIZE(cmds); i++) {
		if (strncmp(cmds[i].name, argv[1], len))
			continue;
		if (strlen(cmds[i].name) == len) {
			found = &cmds[i];
			break;
		}
		if (found) {
			errorf("'%s' is ambiguous (%s, %s)", argv[1], found->name,
			       cmds[i].name);
			return EXIT_USAGE;
		}
		found = &cmds[i];
	}
	if (!found) {
		errorf("unknown command '%s'; see 'hvdiag --help'", argv[1]);
		return EXIT_USAGE;
	}
	return found->fn(argc - 1, argv + 1);
}
