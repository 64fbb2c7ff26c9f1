// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: the /proc/interrupts parser. */
#include <stdint.h>
#include <string.h>

#include "parse/interrupts.h"
#include "base/linereader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct linereader lr;
	struct irq_model m;
	char err[128];

	memset(&m, 0, sizeof(m));
	lr_init_mem(&lr, (const char *)data, size, 4096);
	interrupts_parse(&lr, &m, err, sizeof(err));
	irq_model_free(&m);
	lr_free(&lr);
	return 0;
}
