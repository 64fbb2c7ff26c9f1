// SPDX-License-Identifier: GPL-2.0
#include "checks/kmod_judge.h"
#include "checks/checks.h"
#include "base/util.h"
#include "lib/mlx4_comm.h"
#include "lib/pcicap.h"

#include <string.h>

static const struct {
	const char *name;
	enum kmod_ex ex;
	const char *id;
	const char *title;
} exercises[] = {
	{ "pci", KMOD_PCI, "kmod.pci.windows", "BARs fit their bridge windows" },
	{ "msix", KMOD_MSIX, "kmod.msix", "MSI-X vectors allocate and deliver" },
	{ "mlx4-comm", KMOD_MLX4_COMM, "kmod.mlx4.comm", "mlx4 comm-channel handshake" },
	{ "vmbus", KMOD_VMBUS, "kmod.vmbus", "vmbus version" },
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

/* Each line of the module's output as evidence; the "result" line's text. */
static const char *evidence_and_result(const char *text, struct result *r,
				       char *res, size_t n)
{
	const char *p = text;
	const char *found = NULL;

	res[0] = '\0';
	while (*p) {
		size_t l = strcspn(p, "\n");

		if (l) {
			result_evidence(r, "%.*s", (int)l, p);
			if (l > 7 && !strncmp(p, "result ", 7)) {
				snprintf(res, n, "%.*s", (int)(l - 7), p + 7);
				found = res;
			}
			if (l > 7 && !strncmp(p, "error: ", 7) && !found) {
				snprintf(res, n, "%.*s", (int)l, p);
				found = res;
			}
		}
		p += l;
		if (*p)
			p++;
	}
	return found;
}

/* Whether a window line of the module names a BAR that does not fit it. */
static int bar_misfit(const char *text)
{
	char s[96];
	int f;

	for (f = HVD_FIT_WINDOW_UNTYPED; f <= HVD_FIT_NOT_64BIT; f++) {
		snprintf(s, sizeof(s), ": %s", hvd_fit_str((enum hvd_fit)f));
		if (strstr(text, s))
			return 1;
	}
	return 0;
}

static void judge_pci(const char *text, const char *res, const struct kb *kb,
		      struct result *r)
{
	if (strstr(text, "error: "))
		result_set(r, ST_FAIL, "%s", res);
	else if (bar_misfit(text)) {
		result_set(r, ST_FAIL, "a BAR does not fit its bridge window");
		result_from_kb(r, kb_find(kb, "check.kmod.pci.windows"));
	} else if (strstr(text, "msix cap") &&
		   !strstr(text, hvd_msix_place_str(HVD_MSIX_PLACE_OK)))
		result_set(r, ST_FAIL, "MSI-X table or PBA outside an assigned BAR");
	else
		result_set(r, ST_PASS, "every BAR fits its window");
}

/* The handshake's outcome the module printed, by lib's names. */
static void judge_comm(const char *res, const struct kb *kb, struct result *r)
{
	int o;

	if (res && !strcmp(res, hvd_comm_outcome_str(HVD_COMM_OK))) {
		result_set(r, ST_PASS, "%s", res);
		return;
	}
	result_set(r, ST_FAIL, "%s", res ? res : "no result from the module");
	for (o = HVD_COMM_OFFLINE; res && o <= HVD_COMM_REJECTED; o++)
		if (!strcmp(res, hvd_comm_outcome_str((enum hvd_comm_outcome)o)))
			result_from_kb(r, kb_find(kb, comm_kb[o]));
}

static void judge_msix(const char *res, struct result *r)
{
	if (res && !strcmp(res, "ok"))
		result_set(r, ST_PASS, "ok");
	else
		result_set(r, ST_FAIL, "%s", res ? res : "no result from the module");
}

static void judge_vmbus(const char *text, struct result *r)
{
	if (strstr(text, "not present"))
		result_set(r, ST_SKIP, "vmbus not present");
	else if (strstr(text, "not connected") || strstr(text, "vmbus: version 0.0\n"))
		/* built in, no host answered: older modules say 0.0 */
		result_set(r, ST_SKIP, "vmbus not connected: no version negotiated with a host");
	else if (strstr(text, "vmbus: version "))
		result_set(r, ST_PASS, "%s", strstr(text, "version "));
	else
		result_set(r, ST_FAIL, "unexpected answer from the module");
}

void kmod_judge(enum kmod_ex ex, const char *text, const struct kb *kb,
		struct result *r)
{
	char res[256];
	const char *result;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(exercises); i++)
		if (exercises[i].ex == ex) {
			r->id = exercises[i].id;
			r->title = exercises[i].title;
		}
	result = evidence_and_result(text, r, res, sizeof(res));
	switch (ex) {
	case KMOD_PCI:
		judge_pci(text, res, kb, r);
		break;
	case KMOD_MSIX:
		judge_msix(result, r);
		break;
	case KMOD_MLX4_COMM:
		judge_comm(result, kb, r);
		break;
	case KMOD_VMBUS:
		judge_vmbus(text, r);
		break;
	}
	/* keep the summary a single line */
	r->summary[strcspn(r->summary, "\n")] = '\0';
}
