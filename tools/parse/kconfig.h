/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel .config files: "CONFIG_X=v" and "# CONFIG_X is not set". */
#ifndef HVDIAG_KCONFIG_H
#define HVDIAG_KCONFIG_H

#include "base/linereader.h"
#include "model/model.h"

/* No real .config is larger: a bigger input is refused, never cut. */
#define KCONFIG_MAX_BYTES (64u << 20)

/* Returns the number of options, -1 when the text has none. An option
 * given more than once takes its last value, as in Kconfig. */
int kconfig_parse(struct linereader *lr, struct kconfig_model *m);
/* The value of an option: "y", "m", "n" (not set or absent), or a string. */
const char *kconfig_get(const struct kconfig_model *m, const char *name);
/* Whether @value is in the comma-separated list @accepted. */
int kconfig_accepts(const char *accepted, const char *value);
void kconfig_free(struct kconfig_model *m);
/* The value of an option, or NULL when the .config does not mention it
 * (a symbol this kernel lacks, or one whose dependencies are unmet). */
const char *kconfig_lookup(const struct kconfig_model *m, const char *name);

/* A requirement of the configuration fragment (patches/hyperv-sriov.config). */
struct kreq {
	char *name;
	char want;		/* 'y' or 'm' ('m' accepts y too) */
	int optional;		/* judged only where the kernel has the option */
	char *where;		/* required only where the .config mentions this
				 * symbol (the menu the option lives in); NULL */
	char *why;
	unsigned long lineno;
};

struct kfrag {
	struct kreq *r;
	int n;
	char path[4096];
};

enum kreq_verdict {
	KREQ_OK,
	KREQ_NOT_SET,		/* "# CONFIG_X is not set" or =n */
	KREQ_ABSENT,		/* not in the .config at all */
	KREQ_WEAK,		/* =m where y is needed */
	KREQ_SKIPPED,		/* optional and absent: not in this kernel */
	KREQ_UNAVAILABLE,	/* required "where" a symbol is that this kernel
				 * lacks: it predates the option (a warning) */
};

/* Load a fragment; -1 with "FILE:LINE: message" printed on error. */
int kfrag_load(struct kfrag *f, const char *path);
void kfrag_free(struct kfrag *f);
enum kreq_verdict kreq_judge(const struct kreq *r, const struct kconfig_model *m,
			     const char **got);
const char *kreq_verdict_str(enum kreq_verdict v);

#endif
