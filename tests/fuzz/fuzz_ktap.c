// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: the KTAP/TAP parser and its conversion to a report. */
#include <stdint.h>
#include <string.h>

#include "parse/ktap.h"
#include "base/linereader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct linereader lr;
	struct ktap_doc d;
	struct report rep;
	char err[128];

	lr_init_mem(&lr, (const char *)data, size, 1024);
	if (!ktap_parse(&lr, &d, err, sizeof(err))) {
		memset(&rep, 0, sizeof(rep));
		ktap_to_report(&d, &rep);
		report_free(&rep);
	}
	ktap_free(&d);
	lr_free(&lr);
	return 0;
}
