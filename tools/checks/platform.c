// SPDX-License-Identifier: GPL-2.0
/* platform.hyperv, kernel.config */
#include "checks/checks.h"
#include "checks/kconfig_judge.h"
#include "parse/kconfig.h"
#include "base/util.h"

#include <string.h>

void check_platform_hyperv(const struct check_ctx *c, struct result *r);
void check_kernel_config(const struct check_ctx *c, struct result *r);

/* The kernel log's Hyper-V lines (at most 3) into @r's evidence; how many. */
static int hyperv_log_lines(const struct check_ctx *c, struct result *r)
{
	/* lines only a Hyper-V guest prints: hv_vmbus, hv_pci, netvsc */
	static const enum event evs[] = {
		EV_HYPERV_DETECTED, EV_HYPERV_DMI, EV_HOST_BUILD, EV_VMBUS_VERSION,
		EV_REG_HV_PCI, EV_REG_HV_UTIL, EV_REG_NETVSC, EV_HV_PCI_PROBE,
		EV_HOST_BRIDGE, EV_VF_REGISTERING, EV_DP_TO_VF, EV_DP_FROM_VF,
		EV_VF_UNREGISTERING, EV_VF_SLOT_ADDED, EV_VF_SLOT_REMOVED,
	};
	const struct klog_shape *sh = &c->g->log.shape;
	size_t i;
	int seen = 0;

	/* older kernels say "Microsoft HyperV", no hyphen: the log's head */
	if (c->g->log.part.state == PART_OK && sh->hyperv[0]) {
		result_evidence(r, "log:%lu: %s", sh->hyperv_line, sh->hyperv);
		seen++;
	}
	for (i = 0; i < ARRAY_SIZE(evs) && seen < 3; i++) {
		const struct log_hits *h = log_event(c, evs[i]);

		if (h && h->count) {
			evidence_hit(r, &h->hit[0]);
			seen++;
		}
	}
	return seen;
}

void check_platform_hyperv(const struct check_ctx *c, struct result *r)
{
	const struct platform_model *p = &c->g->platform;

	if (p->part.state == PART_OK) {
		result_evidence(r, "%s", p->evidence);
		if (not_hyperv(c))
			result_set(r, ST_FAIL, "not a Hyper-V guest");
		else if (p->hyperv == 1)
			result_set(r, ST_PASS, "running on Hyper-V");
		else
			result_set(r, ST_PASS,
				   "not Hyper-V, which profile '%s' allows",
				   c->prof->name);
	} else if (hyperv_log_lines(c, r)) {
		result_set(r, ST_PASS, "the kernel log shows a Hyper-V guest");
	} else {
		result_set(r, ST_SKIP, "no CPUID, DMI or kernel-log evidence in the source");
	}
}

struct kconfig_count {
	int total, bad, skipped, unavail;
};

/* The fragment's options, judged once (kconfig_judge), folded into @r:
 * evidence for each one missing or not available, its name in @un. */
static void kconfig_fold(const struct check_ctx *c, struct result *r,
			 struct kconfig_count *n, struct sbuf *un)
{
	struct report opts = { 0 };
	int i;

	if (!c->frag)
		return;
	kconfig_judge(c->frag, &c->g->kconfig, &opts);
	for (i = 0; i < opts.n; i++) {
		const struct result *o = &opts.r[i];
		char want = c->frag->r[i].want;

		n->total++;
		n->skipped += o->status == ST_SKIP;
		if (o->status == ST_WARN) {
			n->unavail++;
			result_evidence(r, "%s: %s; a kernel that has it needs %c: %s",
					o->id, o->evidence[0], want, o->title);
			sbuf_addf(un, "%s%s", un->len ? ", " : "", o->id);
		} else if (o->status == ST_FAIL) {
			n->bad++;
			result_evidence(r, "%s=%s: %s; needs %c: %s", o->id, o->summary,
					o->evidence[0], want, o->title);
		}
	}
	report_free(&opts);
}

/* options a profile adds to the fragment's */
static void kconfig_profile(const struct check_ctx *c, struct result *r,
			    struct kconfig_count *n)
{
	int i;

	for (i = 0; c->prof && i < c->prof->nkconfig; i++) {
		const struct prof_kconfig *o = &c->prof->kconfig[i];
		const char *v = kconfig_get(&c->g->kconfig, o->name);

		n->total++;
		if (kconfig_accepts(o->values, v))
			continue;
		n->bad++;
		result_evidence(r, "%s=%s, needs %s: %s", o->name, v, o->values,
				o->why);
	}
}

void check_kernel_config(const struct check_ctx *c, struct result *r)
{
	const struct kconfig_model *k = &c->g->kconfig;
	struct kconfig_count n = { 0 };
	struct sbuf un;

	if (k->part.state != PART_OK) {
		skip_part(r, &k->part);
		return;
	}
	result_evidence(r, "config: %s", k->part.origin);
	sbuf_init(&un);
	kconfig_fold(c, r, &n, &un);
	kconfig_profile(c, r, &n);
	if (!n.total)
		result_set(r, ST_SKIP, "no kernel options required");
	else if (n.bad)
		result_set(r, ST_FAIL, "%d of %d required options missing", n.bad,
			   n.total - n.skipped - n.unavail);
	else if (n.unavail) {
		result_set(r, ST_WARN, "all %d required options set; %s not available in this kernel",
			   n.total - n.skipped - n.unavail, un.s);
		result_from_kb(r, kb_find(c->kb, "kconfig.unavailable"));
	} else
		result_set(r, ST_PASS, "all %d required options set%s", n.total - n.skipped,
			   n.skipped ? " (optional ones this kernel lacks skipped)" : "");
	sbuf_free(&un);
}
