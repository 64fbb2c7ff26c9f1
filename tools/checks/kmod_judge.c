// SPDX-License-Identifier: GPL-2.0
#include "checks/kmod_judge.h"
#include "base/util.h"

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

/* What each comm outcome means, in the knowledge base's words. */
static const struct {
	const char *outcome;
	const char *cause;
	const char *remedy;
} comm_remedy[] = {
	{ "offline", "The comm page reads all-ones or carries the offline flag: the PF does not serve this VF.",
	  "Check the host side (VF assignment, servicing); see 'hvdiag explain --id mlx4.comm.offline'." },
	{ "reset timeout (FLR in progress)", "The PF did not answer RESET: the function is being reset by the host, or the PF is stuck.",
	  "Retry later; if it persists redeploy the VM (kb mlx4.comm.flr)." },
	{ "interface revision mismatch", "The PF speaks another comm-channel interface revision.",
	  "Update the guest driver or the host PF driver (kb mlx4.comm.version)." },
	{ "step timeout", "The PF stopped answering in the middle of the VHCR address hand-over.",
	  "Collect host logs; reload mlx4_core; redeploy (kb mlx4.comm.timeout)." },
	{ "rejected by the PF", "The PF flagged an internal error: a step out of order or a bad VHCR address.",
	  "Make sure no other driver instance talks to this VF; reload (kb mlx4.slave.init)." },
	{ "not idle", "A reply was still pending before a command: a previous command never completed.",
	  "Unload every mlx4 module and retry (kb mlx4.comm.not_idle)." },
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

void kmod_judge(enum kmod_ex ex, const char *text, struct result *r)
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
		if (strstr(text, "error: "))
			result_set(r, ST_FAIL, "%s", res);
		else if (strstr(text, ": window has no resource type") ||
			 strstr(text, ": window is of another type") ||
			 strstr(text, ": non-prefetchable BAR in a prefetchable window") ||
			 strstr(text, ": BAR above 4 GiB in a 32-bit window")) {
			result_set(r, ST_FAIL, "a BAR does not fit its bridge window");
			hv_strlcpy(r->cause, "The window a BAR sits in has no type or another type: on 3.10 with the vmbus backport, vPCI windows lack the MEM bit.", sizeof(r->cause));
			hv_strlcpy(r->remedy, "Apply the series' vPCI window-type fix instead of 0002-hack-pci-res-code.", sizeof(r->remedy));
		} else if (strstr(text, "msix cap") && !strstr(text, "inside assigned BARs"))
			result_set(r, ST_FAIL, "MSI-X table or PBA outside an assigned BAR");
		else
			result_set(r, ST_PASS, "every BAR fits its window");
		break;
	case KMOD_MSIX:
	case KMOD_MLX4_COMM:
		if (result && !strcmp(result, "ok")) {
			result_set(r, ST_PASS, "ok");
			break;
		}
		result_set(r, ST_FAIL, "%s", result ? result : "no result from the module");
		for (i = 0; ex == KMOD_MLX4_COMM && result && i < ARRAY_SIZE(comm_remedy); i++)
			if (!strcmp(result, comm_remedy[i].outcome)) {
				hv_strlcpy(r->cause, comm_remedy[i].cause, sizeof(r->cause));
				hv_strlcpy(r->remedy, comm_remedy[i].remedy, sizeof(r->remedy));
			}
		break;
	case KMOD_VMBUS:
		if (strstr(text, "not present"))
			result_set(r, ST_SKIP, "vmbus not present");
		else if (strstr(text, "not connected") || strstr(text, "vmbus: version 0.0\n"))
			/* built in, no host answered: older modules say 0.0 */
			result_set(r, ST_SKIP, "vmbus not connected: no version negotiated with a host");
		else if (strstr(text, "vmbus: version "))
			result_set(r, ST_PASS, "%s", strstr(text, "version "));
		else
			result_set(r, ST_FAIL, "unexpected answer from the module");
		break;
	}
	/* keep the summary a single line */
	r->summary[strcspn(r->summary, "\n")] = '\0';
}
