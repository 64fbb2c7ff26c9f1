// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus: the negotiated protocol version, read through a weak reference so
 * that the module loads where vmbus is absent (off Hyper-V hv_vmbus cannot
 * load, and a hard link to its symbols would make hvdiag unloadable too).
 */
#include <linux/module.h>

#include "compat/compat.h"
#include "hvdiag.h"

#ifdef HAVE_VMBUS_PROTO_VERSION
#include <linux/hyperv.h>
#endif

void hvd_vmbus_report(struct hvd_out *o)
{
#ifdef HAVE_VMBUS_PROTO_VERSION
	u32 *ver = symbol_get(vmbus_proto_version);

	if (!ver) {
		hvd_out_printf(o, "vmbus: not present (hv_vmbus not loaded)\n");
		return;
	}
	hvd_out_printf(o, "vmbus: version %u.%u\n", *ver >> 16, *ver & 0xffff);
	symbol_put(vmbus_proto_version);
#else
	hvd_out_printf(o, "vmbus: not present (this kernel has no vmbus headers)\n");
#endif
}
