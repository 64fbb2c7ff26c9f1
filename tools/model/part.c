// SPDX-License-Identifier: GPL-2.0
/* A part of the model: its state and why (model.h). */
#include "model/model.h"

#include <stdarg.h>
#include <stdio.h>

void part_set(struct part *p, enum part_state st, const char *fmt, ...)
{
	va_list ap;

	p->state = st;
	va_start(ap, fmt);
	vsnprintf(p->why, sizeof(p->why), fmt, ap);
	va_end(ap);
}
