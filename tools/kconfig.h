/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel .config files: "CONFIG_X=v" and "# CONFIG_X is not set". */
#ifndef HVDIAG_KCONFIG_H
#define HVDIAG_KCONFIG_H

#include "linereader.h"
#include "model.h"

/* Returns the number of options, -1 when the text has none. */
int kconfig_parse(struct linereader *lr, struct kconfig_model *m);
/* The value of an option: "y", "m", "n" (not set or absent), or a string. */
const char *kconfig_get(const struct kconfig_model *m, const char *name);
/* Whether @value is in the comma-separated list @accepted. */
int kconfig_accepts(const char *accepted, const char *value);
void kconfig_free(struct kconfig_model *m);

#endif
