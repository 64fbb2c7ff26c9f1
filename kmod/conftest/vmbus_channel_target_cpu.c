// SPDX-License-Identifier: GPL-2.0
#include <linux/hyperv.h>
u32 probe(struct hv_device *h);
u32 probe(struct hv_device *h)
{
	return h->channel->target_cpu + h->channel->offermsg.child_relid;
}
