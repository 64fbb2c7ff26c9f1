// SPDX-License-Identifier: GPL-2.0
#include <linux/irq.h>
const struct cpumask *probe(unsigned int irq);
const struct cpumask *probe(unsigned int irq)
{
	return irq_get_effective_affinity_mask(irq);
}
