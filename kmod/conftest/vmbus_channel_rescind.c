// SPDX-License-Identifier: GPL-2.0
#include <linux/hyperv.h>
bool probe(struct vmbus_channel *c);
bool probe(struct vmbus_channel *c)
{
	return c->rescind;
}
