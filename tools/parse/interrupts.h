/* SPDX-License-Identifier: GPL-2.0 */
/* Parser for /proc/interrupts. */
#ifndef HVDIAG_INTERRUPTS_H
#define HVDIAG_INTERRUPTS_H

#include "base/linereader.h"
#include "model/model.h"

/* Fill @m from the text; -1 with @err when there is no CPU header. */
int interrupts_parse(struct linereader *lr, struct irq_model *m, char *err,
		     size_t errlen);
void irq_model_free(struct irq_model *m);
/* Action name and device of a vector, from its description. */
void irq_line_device(struct irq_line *l);

#endif
