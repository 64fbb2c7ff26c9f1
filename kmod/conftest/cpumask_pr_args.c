// SPDX-License-Identifier: GPL-2.0
#include <linux/kernel.h>
#include <linux/cpumask.h>
int probe(char *b, size_t n, const struct cpumask *m);
int probe(char *b, size_t n, const struct cpumask *m)
{
	return scnprintf(b, n, "%*pbl", cpumask_pr_args(m));
}
