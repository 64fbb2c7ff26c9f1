/* SPDX-License-Identifier: GPL-2.0 */
/* A kernel configuration judged against the fragment's options. */
#ifndef HVDIAG_KCONFIG_JUDGE_H
#define HVDIAG_KCONFIG_JUDGE_H

#include "parse/kconfig.h"
#include "model/result.h"

/*
 * Each option of @f judged against @k, in the fragment's order, as one
 * result appended to @rep: its id the option, its title why the option
 * is needed, its summary the value the .config gives ("(absent)" when it
 * gives none). pass: set as needed; skip: optional and not in this
 * kernel; warn: the kernel predates it; fail: missing. The first
 * evidence line says the verdict, the second (fail, warn) what it needs.
 */
void kconfig_judge(const struct kfrag *f, const struct kconfig_model *k,
		   struct report *rep);

#endif
