// SPDX-License-Identifier: GPL-2.0
#include <linux/hyperv.h>
static void cb(void *ctx)
{
}
int probe(struct vmbus_channel *c, void *b, u32 n, u32 *len, u64 *id);
int probe(struct vmbus_channel *c, void *b, u32 n, u32 *len, u64 *id)
{
	int r = vmbus_open(c, 4096, 4096, NULL, 0, cb, c);

	r += vmbus_recvpacket(c, b, n, len, id);
	r += vmbus_sendpacket(c, b, n, *id, VM_PKT_DATA_INBAND, 0);
	vmbus_close(c);
	return r;
}
