// SPDX-License-Identifier: GPL-2.0
/* The kernel-config judgement: one result per option of the fragment. */
#include "checks/kconfig_judge.h"
#include "base/util.h"

#include <string.h>

static enum status verdict_status(enum kreq_verdict v)
{
	switch (v) {
	case KREQ_OK:
		return ST_PASS;
	case KREQ_SKIPPED:
		return ST_SKIP;
	case KREQ_UNAVAILABLE:
		return ST_WARN;	/* the kernel predates the option */
	default:
		return ST_FAIL;
	}
}

static void judge_one(const struct kreq *q, const struct kconfig_model *k,
		      struct result *r)
{
	const char *got, *want = q->want == 'y' ? "y" : "y or m";
	enum kreq_verdict v = kreq_judge(q, k, &got);

	memset(r, 0, sizeof(*r));
	r->id = q->name;
	r->title = q->why;
	result_set(r, verdict_status(v), "%s", got);
	if (r->status == ST_WARN) {
		result_evidence(r, "not available in this kernel (no %s)", q->where);
		result_evidence(r, "a kernel that has it needs %s: %s", want, q->why);
	} else if (r->status != ST_PASS) {
		result_evidence(r, "%s", kreq_verdict_str(v));
	}
	if (r->status == ST_FAIL)
		result_evidence(r, "needs %s: %s", want, q->why);
}

void kconfig_judge(const struct kfrag *f, const struct kconfig_model *k,
		   struct report *rep)
{
	int i;

	rep->r = xrealloc(rep->r, (size_t)(rep->n + f->n + 1) * sizeof(*rep->r));
	for (i = 0; i < f->n; i++)
		judge_one(&f->r[i], k, &rep->r[rep->n++]);
}
