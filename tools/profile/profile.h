/* SPDX-License-Identifier: GPL-2.0 */
/* Signature profiles: what a healthy VF of one kind looks like. */
#ifndef HVDIAG_PROFILE_H
#define HVDIAG_PROFILE_H

#include <stdint.h>

#include "profile/sig.h"
#include "lib/bdf.h"

struct guest;
struct pcidev;
struct log_model;
struct log_hit;

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

/* A module the family needs and the option that builds it ("kernel-driver"). */
struct prof_kdriver {
	char *module;		/* "mlx4_core" */
	char *option;		/* "CONFIG_MLX4_CORE" */
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
#define PROF_MAX_PCI_NAMES 16

/* A device's name as pci.ids spells it ("pci-name"), for listings that
 * carry names, not ids (lspci without -n). */
struct prof_pci_name {
	uint16_t device;
	char *name;
};

struct profile {
	char *name;
	char *file;
	char *description;
	uint16_t vendor;
	uint16_t devices[PROF_MAX_DEVICES];
	int ndevices;
	char *vendor_name;	/* "vendor-name": a listing's name holds it */
	struct prof_pci_name pci_names[PROF_MAX_PCI_NAMES];
	int npci_names;
	char *driver;
	char *family;		/* "mana", "mlx4": whose KB records apply */
	char *netdev_driver;
	char *rdma_prefix;
	int platform_any;	/* 0: requires Hyper-V */
	struct prof_bar bars[6];
	int nbars;
	int msix_min, msix_max;	/* 0,0: no expectation */
	int irq_min;		/* fewest vectors a bound driver uses */
	char *irq_control[4];	/* action names of control vectors: "mana_hwc" */
	int nirq_control;
	int flap_per_hour;	/* warn threshold for VF removals */
	struct prof_pats sig;	/* every alternative of every step, in order */
	struct prof_step *steps;
	int nsteps;
	struct prof_pats forbid;
	struct prof_pats detect;
	struct prof_pats vfline;	/* any line of the VF's driver naming it */
	struct prof_kconfig *kconfig;
	int nkconfig;
	char *base;		/* the profile it derives from ("base"), or NULL */
	int inherit_devices;	/* the next "device" replaces the base's ids */
	int inherit_bars;	/* the next "bar" replaces the base's BARs */
	struct prof_kdriver *kdriver;	/* kernel.vf_drivers: what an image needs */
	int nkdriver;
};

/*
 * Parse a profile file. Returns NULL and prints "FILE:LINE: message" on
 * any error: unknown key, bad value, missing required key. A "base NAME"
 * line takes every line of NAME.profile in the same directory first (up to
 * PROF_MAX_BASE_DEPTH deep); the profile's own lines then override its
 * values, replace its device ids and BARs, add steps, and "drop-sig TEXT"
 * removes the inherited steps that begin with TEXT.
 */
#define PROF_MAX_BASE_DEPTH 4
struct profile *profile_load(const char *path);
void profile_free(struct profile *p);
int profile_matches_device(const struct profile *p, uint16_t vendor,
			   uint16_t device);

struct profile_set {
	struct profile **p;
	int n;
	char dir[4096];
};

/*
 * The ids of a device a listing names but does not number ("Mellanox
 * Technologies MT27500/MT27520 Family [ConnectX-3/ConnectX-3 Pro Virtual
 * Function]"): the first profile whose vendor-name and one of whose
 * pci-names (of a device it judges) the name holds. 0 when found.
 */
int profiles_ids_by_name(const struct profile_set *set, const char *name,
			 uint16_t *vendor, uint16_t *device);

/* Load every *.profile of a directory; -1 on error (message printed). */
int profiles_load_dir(struct profile_set *set, const char *dir);
/* By name, or by path when @name contains a '/' or ends in .profile. */
struct profile *profiles_find(struct profile_set *set, const char *name);
void profiles_free(struct profile_set *set);
/* A signature step walked for one device through the kernel log. */
struct step_seen {
	const struct log_hit *hit;	/* after the step before; NULL: absent */
	int anywhere;			/* a line of it exists, maybe too early */
};

/*
 * Walk @p's signature for device @bdf through the log: each step is the
 * earliest line of one of its alternatives after the last step found
 * (steps that name no device take any line). @seen has p->nsteps slots.
 * Returns how many steps were found; *first_missing is the first required
 * step absent (-1: none).
 */
int profile_walk(const struct profile *p, const struct log_model *m,
		 const char *bdf, struct step_seen *seen, int *first_missing);

/*
 * A line of @p's driver naming @bdf: one of its signature, forbidden,
 * vf-line or detect lines, else any other line the log model kept that
 * the driver prints with the address ("mana 7870:00:00.0 eth0: ...").
 * NULL: the log holds none.
 */
const struct log_hit *profile_vf_line(const struct profile *p,
				      const struct log_model *m,
				      const char *bdf);

/* One VF and the profile that judges it. */
struct vf_pick {
	char bdf[HVD_BDF_STRLEN + 1];
	const struct pcidev *dev;	/* NULL: named by the log or a netdev only */
	const struct profile *prof;	/* NULL: no profile fits */
	char reason[400];
};

/* The platform's verdict: 1 a Hyper-V guest, 0 not, -1 unknown. */
int guest_hyperv(const struct guest *g);

/* Which profile judges which VF of a run, and which judges the run. */
struct profile_choice {
	struct vf_pick *picks;		/* every VF (free()) */
	int npicks;
	const struct profile *prof;	/* the run's profile; NULL: none */
	int given;			/* prof named with --profile */
	char reason[256];		/* why prof */
};

/*
 * For every VF of the guest the profile that judges it, and why: the PCI
 * id (lspci/sysfs, else the log's enumeration line) first, else the
 * driver's own lines naming the VF; a profile that needs evidence (its
 * "detect" lines, e.g. OFED's version banner) only when the log shows it;
 * then the bound driver, then how much of each signature the VF's lines
 * fit; never the order of the list. The platform (guest_hyperv) keeps
 * stand-in profiles (platform any) off Hyper-V guests and Hyper-V
 * profiles off others. Picks are in PCI or log order. The run's profile
 * is @forced when given (then only its VFs are picked), else the one of
 * most VFs, else, with no VF at all, the one whose driver a crash report
 * of the log names.
 */
void profile_select(const struct guest *g, const struct profile_set *ps,
		    const struct profile *forced, struct profile_choice *pc);

/* Where profiles are looked for: $HVDIAG_DATADIR, the build tree, PREFIX. */
const char *hvdiag_datadir(void);

#endif
