// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: the lspci -vvv text parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/linereader.h"
#include "parse/lspci_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct linereader lr;
	struct pci_model m;
	char err[128];

	memset(&m, 0, sizeof(m));
	lr_init_mem(&lr, (const char *)data, size, 1024);
	lspci_text_parse(&lr, &m, err, sizeof(err));
	lr_free(&lr);
	free(m.devs);
	return 0;
}
