/* SPDX-License-Identifier: GPL-2.0 */
/* Judging hvdiag.ko's exercise results (the text of its debugfs files). */
#ifndef HVDIAG_KMOD_JUDGE_H
#define HVDIAG_KMOD_JUDGE_H

#include "model/result.h"
#include "profile/kb.h"

enum kmod_ex {
	KMOD_PCI,
	KMOD_MSIX,
	KMOD_MLX4_COMM,
	KMOD_VMBUS,
};

int kmod_ex_parse(const char *s, enum kmod_ex *out);
/*
 * Fill @r (id, status, summary, evidence) from the module's text; a
 * failure the knowledge base @kb explains gets its entry (kb id, cause,
 * remedy).
 */
void kmod_judge(enum kmod_ex ex, const char *text, const struct kb *kb,
		struct result *r);

#endif
