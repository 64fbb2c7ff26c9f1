// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: the `ip addr` / `ip -br link` parser and the netdev pairing. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parse/ipaddr_text.h"
#include "base/linereader.h"
#include "parse/net_pair.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct linereader lr;
	struct net_model m;
	int i;

	memset(&m, 0, sizeof(m));
	lr_init_mem(&lr, (const char *)data, size, 4096);
	ipaddr_text_parse(&lr, &m);
	net_pair(&m);
	for (i = 0; i < m.n; i++)
		net_twin(&m, &m.devs[i]);
	free(m.devs);
	lr_free(&lr);
	return 0;
}
