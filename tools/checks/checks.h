/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checks: judgement only. A check reads the model and the profile and
 * fills one result; it never prints and never reads a file.
 */
#ifndef HVDIAG_CHECKS_H
#define HVDIAG_CHECKS_H

#include "profile/catalog.h"
#include "profile/kb.h"
#include "parse/kconfig.h"
#include "model/model.h"
#include "profile/profile.h"
#include "model/result.h"

/* VFs a run judges; more are counted in vf_over and reported. */
#define MAX_VFS 256

struct check_ctx {
	const struct guest *g;
	/* Every VF and the profile that judges it (profile_select) ... */
	const struct vf_pick *picks;
	int npicks;
	/* ... and the profile of most of them, for checks that judge all
	 * VFs against one; NULL when none fits. */
	const struct profile *prof;
	const struct kb *kb;
	const struct catalog *cat;
	const struct kfrag *frag;	/* required kernel options */
	/* The VFs of that profile: PCI functions ... */
	const struct pcidev *vf[MAX_VFS];
	int nvf;
	/* ... or, with no PCI data, addresses named by the log signature or,
	 * failing that, by netdev links to PCI functions. */
	char logvf[MAX_VFS][HVD_BDF_STRLEN + 1];
	int nlogvf;
	int vf_over;		/* VFs beyond MAX_VFS, not in the lists */
	int hyperv;		/* platform verdict: 1, 0, -1 unknown */
	int prof_given;		/* prof was named with --profile */
	const struct profile_set *profiles;	/* every profile (image checks) */
};

struct check {
	const char *id;
	const char *group;
	const char *title;
	void (*run)(const struct check_ctx *c, struct result *r);
};

extern const struct check checks[];
extern const int nchecks;

/*
 * Fill @c: the picks (every VF with its profile), the run's profile
 * (profile_select) and its VF lists, the platform's verdict.
 */
void check_ctx_init(struct check_ctx *c, const struct guest *g,
		    const struct profile_choice *pc, const struct kb *kb,
		    const struct catalog *cat);
/* Whether the run does not apply: not a Hyper-V guest, and no profile
 * that allows another platform. The one place this is decided. */
int not_hyperv(const struct check_ctx *c);
/* Run the checks whose group is in @only (comma list; NULL: all). When
 * not_hyperv(), the report says so (not_applicable) and every check
 * but platform.hyperv is skipped. */
int run_checks(const struct check_ctx *c, const char *only,
	       struct report *rep);
/* Whether @only names only known groups; writes the first bad one. */
int checks_valid_groups(const char *only, char *bad, size_t n);

/* Helpers shared by the check files. */
const struct log_hits *log_event(const struct check_ctx *c, enum event e);
const struct log_hits *log_pat(const struct check_ctx *c, int cat_index);
void evidence_hit(struct result *r, const struct log_hit *h);
void skip_part(struct result *r, const struct part *p);
int vf_names_dev(const struct check_ctx *c, const char *dev);
/* Apply a KB entry's cause/remedy/patch to a result. */
void result_from_kb(struct result *r, const struct kb_entry *e);
const struct kb_entry *kb_for_check(const struct check_ctx *c, const char *id);
const struct kb_entry *kb_for_check_family(const struct check_ctx *c,
					   const char *id, const char *fam);
/* The hv_pci vmbus instance a VF hangs under (sysfs paths, else the
 * log's host bridge line): 0 and @guid, or -1. */
int vf_vmbus_guid(const struct check_ctx *c, const struct pcidev *d,
		  const char *bdf, char *guid, size_t n);
/* The device chains and VF events of the HTML page (report_view.c). */
void report_view(struct report *rep, const struct check_ctx *c);
/* The VF event list (vf_events.c) into @rep's events. */
void report_events(struct report *rep, const struct vf_event_list *l);
/* The netdevs backed by a VF. */
int vf_netdevs(const struct check_ctx *c, const struct netdev **out, int max);

#endif
