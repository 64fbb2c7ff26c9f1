/* SPDX-License-Identifier: GPL-2.0 */
/* Signature profiles: what a healthy VF of one kind looks like. */
#ifndef HVDIAG_PROFILE_H
#define HVDIAG_PROFILE_H

#include <stdint.h>

#include "sig.h"

struct prof_bar {
	int index;
	unsigned int flags;	/* HVD_RES_* expected */
	uint64_t size;		/* 0: any */
};

struct prof_kconfig {
	char *name;
	char *values;		/* accepted values, comma separated: "y,m" */
	char *why;
};

struct prof_pats {
	struct sig_pat *pat;
	int *cat;		/* catalogue index of each */
	int n;
};

/*
 * One step of a signature: one line the healthy bring-up prints, written
 * as one pattern or as alternatives ("A | B"), any of which counts (kernel
 * eras word the same event differently). An optional step ("sig?") is a
 * line some kernels print only at debug level: its absence is no failure.
 */
struct prof_step {
	int first;		/* its first alternative in profile.sig */
	int n;			/* alternatives */
	int optional;
	char *src;		/* as the profile wrote it */
};

#define PROF_MAX_DEVICES 16

struct profile {
	char *name;
	char *file;
	char *description;
	uint16_t vendor;
	uint16_t devices[PROF_MAX_DEVICES];
	int ndevices;
	char *driver;
	char *netdev_driver;
	char *rdma_prefix;
	int platform_any;	/* 0: requires Hyper-V */
	struct prof_bar bars[6];
	int nbars;
	int msix_min, msix_max;	/* 0,0: no expectation */
	int irq_min;		/* fewest vectors a bound driver uses */
	int flap_per_hour;	/* warn threshold for VF removals */
	struct prof_pats sig;	/* every alternative of every step, in order */
	struct prof_step *steps;
	int nsteps;
	struct prof_pats forbid;
	struct prof_pats detect;
	struct prof_kconfig *kconfig;
	int nkconfig;
};

/*
 * Parse a profile file. Returns NULL and prints "FILE:LINE: message" on
 * any error: unknown key, bad value, missing required key.
 */
struct profile *profile_load(const char *path);
void profile_free(struct profile *p);
int profile_matches_device(const struct profile *p, uint16_t vendor,
			   uint16_t device);

struct profile_set {
	struct profile **p;
	int n;
	char dir[4096];
};

/* Load every *.profile of a directory; -1 on error (message printed). */
int profiles_load_dir(struct profile_set *set, const char *dir);
/* By name, or by path when @name contains a '/' or ends in .profile. */
struct profile *profiles_find(struct profile_set *set, const char *name);
void profiles_free(struct profile_set *set);
/* Where profiles are looked for: $HVDIAG_DATADIR, the build tree, PREFIX. */
const char *hvdiag_datadir(void);

#endif
