// SPDX-License-Identifier: GPL-2.0
#include "checks/kmod_judge.h"
#include "checks/checks.h"
#include "base/linereader.h"
#include "base/util.h"
#include "lib/mlx4_comm.h"
#include "lib/pcicap.h"
#include "parse/ktap.h"

#include <string.h>

static const struct {
	const char *name;
	enum kmod_ex ex;
	const char *test;	/* the module's file, and its KTAP test */
	const char *id;
	const char *title;
} exercises[] = {
	{ "pci", KMOD_PCI, "pci", "kmod.pci.windows", "BARs fit their bridge windows" },
	{ "msix", KMOD_MSIX, "msix", "kmod.msix", "MSI-X vectors allocate and deliver" },
	{ "mlx4-comm", KMOD_MLX4_COMM, "mlx4_comm", "kmod.mlx4.comm", "mlx4 comm-channel handshake" },
	{ "vmbus", KMOD_VMBUS, "vmbus", "kmod.vmbus", "vmbus version" },
};

/* The knowledge base's entry for each failed outcome of the handshake. */
static const char *const comm_kb[] = {
	[HVD_COMM_OFFLINE] = "mlx4.comm.offline",
	[HVD_COMM_NOT_IDLE] = "mlx4.comm.not_idle",
	[HVD_COMM_RESET_TIMEOUT] = "mlx4.comm.flr",
	[HVD_COMM_VERSION_MISMATCH] = "mlx4.comm.version",
	[HVD_COMM_STEP_TIMEOUT] = "mlx4.comm.timeout",
	[HVD_COMM_REJECTED] = "mlx4.slave.init",
};

#define NO_RESULT "no result from the module"

int kmod_ex_parse(const char *s, enum kmod_ex *out)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(exercises); i++)
		if (!strcmp(s, exercises[i].name)) {
			*out = exercises[i].ex;
			return 0;
		}
	return -1;
}

/* The exercise's test in the module's KTAP document, or NULL. */
static const struct ktap_case *find_test(const struct ktap_doc *d,
					 const char *test)
{
	int i;

	for (i = 0; i < d->n; i++)
		if (!strcmp(d->c[i].name, test))
			return &d->c[i];
	return NULL;
}

/* Each fact of the test ("# key value") as evidence, without its "# ". */
static void evidence(const struct ktap_case *c, struct result *r)
{
	const char *p;

	for (p = c->diag; p && *p;) {
		size_t l = strcspn(p, "\n");

		if (l > 2 && !strncmp(p, "# ", 2))
			result_evidence(r, "%.*s", (int)(l - 2), p + 2);
		p += l;
		if (*p)
			p++;
	}
}

/* The evidence that starts with @key ("version "), or NULL. */
static const char *fact(const struct result *r, const char *key)
{
	int i;

	for (i = 0; i < r->nevidence; i++)
		if (!strncmp(r->evidence[i], key, strlen(key)))
			return r->evidence[i];
	return NULL;
}

/* Whether the outcome names a BAR that does not fit its window. */
static int bar_misfit(const char *outcome)
{
	int f;

	for (f = HVD_FIT_WINDOW_UNTYPED; f <= HVD_FIT_NOT_64BIT; f++)
		if (!strcmp(outcome, hvd_fit_str((enum hvd_fit)f)))
			return 1;
	return 0;
}

static void judge_pci(const char *outcome, const struct kb *kb,
		      struct result *r)
{
	if (!strncmp(outcome, "error: ", 7))
		result_set(r, ST_FAIL, "%s", outcome);
	else if (bar_misfit(outcome)) {
		result_set(r, ST_FAIL, "a BAR does not fit its bridge window");
		result_from_kb(r, kb_find(kb, "check.kmod.pci.windows"));
	} else
		result_set(r, ST_FAIL, "MSI-X table or PBA outside an assigned BAR");
}

/* The handshake's failed outcome, by lib's names. */
static void judge_comm(const char *outcome, const struct kb *kb,
		       struct result *r)
{
	int o;

	result_set(r, ST_FAIL, "%s", outcome);
	for (o = HVD_COMM_OFFLINE; o <= HVD_COMM_REJECTED; o++)
		if (!strcmp(outcome, hvd_comm_outcome_str((enum hvd_comm_outcome)o)))
			result_from_kb(r, kb_find(kb, comm_kb[o]));
}

static void judge_vmbus(const struct ktap_case *c, struct result *r)
{
	const char *v = fact(r, "version ");

	if (c->status == ST_SKIP && c->reason && !strncmp(c->reason, "not present", 11))
		result_set(r, ST_SKIP, "vmbus not present");
	else if (c->status == ST_SKIP && c->reason && !strncmp(c->reason, "not connected", 13))
		result_set(r, ST_SKIP, "vmbus not connected: no version negotiated with a host");
	else if (c->status == ST_PASS && v)
		result_set(r, ST_PASS, "%s", v);
	else
		result_set(r, ST_FAIL, "unexpected answer from the module");
}

/* The test's result: a pass, or a failure by its outcome. */
static void judge_test(enum kmod_ex ex, const struct ktap_case *c,
		       const struct kb *kb, struct result *r)
{
	const char *outcome = c->comment ? c->comment : NO_RESULT;

	if (ex == KMOD_VMBUS)
		judge_vmbus(c, r);
	else if (c->status == ST_PASS && ex == KMOD_PCI)
		result_set(r, ST_PASS, "every BAR fits its window");
	else if (c->status == ST_PASS)
		result_set(r, ST_PASS, "ok");
	else if (c->status == ST_FAIL && ex == KMOD_PCI)
		judge_pci(outcome, kb, r);
	else if (c->status == ST_FAIL && ex == KMOD_MLX4_COMM)
		judge_comm(outcome, kb, r);
	else
		result_set(r, ST_FAIL, "%s", outcome);
}

void kmod_judge(enum kmod_ex ex, const char *text, const struct kb *kb,
		struct result *r)
{
	const struct ktap_case *c = NULL;
	struct linereader lr;
	struct ktap_doc d;
	char err[128];
	size_t i;

	memset(&d, 0, sizeof(d));
	for (i = 0; i < ARRAY_SIZE(exercises) - 1; i++)
		if (exercises[i].ex == ex)
			break;
	r->id = exercises[i].id;
	r->title = exercises[i].title;
	lr_init_mem(&lr, text, strlen(text), 0);
	if (!ktap_parse(&lr, &d, err, sizeof(err)))
		c = find_test(&d, exercises[i].test);
	lr_free(&lr);
	if (c) {
		evidence(c, r);
		judge_test(ex, c, kb, r);
	} else {
		result_set(r, ST_FAIL, NO_RESULT);
	}
	ktap_free(&d);
	/* keep the summary a single line */
	r->summary[strcspn(r->summary, "\n")] = '\0';
}
