// SPDX-License-Identifier: GPL-2.0
#include <linux/hyperv.h>
u32 probe(void);
u32 probe(void)
{
	return vmbus_proto_version;
}
