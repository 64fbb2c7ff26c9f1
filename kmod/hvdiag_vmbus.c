// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus: the negotiated protocol version and the devices with their
 * primary channel, from compat/vmbus.c, which reads each device under its
 * lock and reference so that a concurrent rescind or unbind cannot pull
 * the channel or the driver from under the listing.
 */
#include <linux/errno.h>

#include "compat/vmbus.h"
#include "hvdiag.h"

static void list_one(const struct hvd_vmbus_dev *d, void *data)
{
	struct hvd_out *o = data;

	hvd_fact(o, "device %s class %pUl instance %pUl driver %s", d->name,
		 d->class_guid, d->instance, d->driver);
	if (d->has_channel)
		hvd_out_printf(o, " relid %u cpu %u state %d", d->relid,
			       d->target_cpu, d->state);
	if (d->rescinded)
		hvd_out_printf(o, " rescinded");
	hvd_out_printf(o, "\n");
}

/* A skip without vmbus; else its version and devices as facts. */
static void vmbus_report(struct hvd_out *o)
{
	u32 ver;
	int err = hvd_vmbus_version(&ver);

	hvd_ktap_begin(o, "vmbus");
	if (err == -EOPNOTSUPP) {
		hvd_ktap_skip(o, "not present (this kernel has no vmbus headers)");
		return;
	}
	if (err == -ENOTCONN) {
		hvd_ktap_skip(o, "not connected (vmbus is in this kernel but negotiated no version with a host)");
		return;
	}
	if (err) {
		hvd_ktap_skip(o, "not present (hv_vmbus not loaded)");
		return;
	}
	hvd_fact(o, "version %u.%u\n", ver >> 16, ver & 0xffff);
	err = hvd_vmbus_for_each(list_one, o);
	if (err == -EOPNOTSUPP)
		hvd_fact(o, "devices: not listed (no vmbus driver API in this kernel's headers)\n");
	else if (err)
		hvd_fact(o, "devices: not listed (cannot register on vmbus: %d)\n", err);
	hvd_ktap_ok(o);
}

const struct hvd_file hvd_file_vmbus = {
	.name = "vmbus", .mode = 0400, .show = vmbus_report,
};
