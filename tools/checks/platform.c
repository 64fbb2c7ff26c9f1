// SPDX-License-Identifier: GPL-2.0
/* platform.hyperv, kernel.config */
#include "checks/checks.h"
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

void check_kernel_config(const struct check_ctx *c, struct result *r)
{
	const struct kconfig_model *k = &c->g->kconfig;
	int i, bad = 0, total = 0, skipped = 0, unavail = 0;
	struct sbuf un;

	if (k->part.state != PART_OK) {
		skip_part(r, &k->part);
		return;
	}
	result_evidence(r, "config: %s", k->part.origin);
	sbuf_init(&un);
	for (i = 0; c->frag && i < c->frag->n; i++) {
		const struct kreq *q = &c->frag->r[i];
		const char *got;
		enum kreq_verdict v = kreq_judge(q, k, &got);

		total++;
		if (v == KREQ_OK)
			continue;
		if (v == KREQ_SKIPPED) {
			skipped++;
			continue;
		}
		if (v == KREQ_UNAVAILABLE) {
			/* the kernel predates the option: a warning */
			unavail++;
			result_evidence(r, "%s: not available in this kernel (no %s); a kernel that has it needs %c: %s",
					q->name, q->where, q->want, q->why);
			sbuf_addf(&un, "%s%s", un.len ? ", " : "", q->name);
			continue;
		}
		bad++;
		result_evidence(r, "%s=%s: %s; needs %c: %s", q->name, got,
				kreq_verdict_str(v), q->want, q->why);
	}
	/* options a profile adds to the fragment's */
	for (i = 0; c->prof && i < c->prof->nkconfig; i++) {
		const struct prof_kconfig *o = &c->prof->kconfig[i];
		const char *v = kconfig_get(k, o->name);

		total++;
		if (kconfig_accepts(o->values, v))
			continue;
		bad++;
		result_evidence(r, "%s=%s, needs %s: %s", o->name, v, o->values,
				o->why);
	}
	if (!total)
		result_set(r, ST_SKIP, "no kernel options required");
	else if (bad)
		result_set(r, ST_FAIL, "%d of %d required options missing", bad,
			   total - skipped - unavail);
	else if (unavail) {
		result_set(r, ST_WARN, "all %d required options set; %s not available in this kernel",
			   total - skipped - unavail, un.s);
		result_from_kb(r, kb_find(c->kb, "kconfig.unavailable"));
	} else
		result_set(r, ST_PASS, "all %d required options set%s", total - skipped,
			   skipped ? " (optional ones this kernel lacks skipped)" : "");
	sbuf_free(&un);
}
