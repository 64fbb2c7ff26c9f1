// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus: the negotiated protocol version and the devices with their
 * primary channel, read through weak references so that the module loads
 * where vmbus is absent (off Hyper-V hv_vmbus cannot load, and a hard link
 * to its symbols would make hvdiag unloadable too). The device list comes
 * from the vmbus bus itself: a driver that matches nothing is registered
 * for a moment to learn the bus, whose devices are then walked.
 */
#include <linux/device.h>
#include <linux/module.h>

#include "compat/compat.h"
#include "hvdiag.h"

#ifdef HAVE_VMBUS_PROTO_VERSION
#include <linux/hyperv.h>
#endif

#if defined(HAVE_VMBUS_PROTO_VERSION) && defined(HAVE_VMBUS_DRIVER_REGISTER)
static const struct hv_vmbus_device_id hvd_vmbus_none[] = {
	{ },
};

static int hvd_vmbus_probe(struct hv_device *dev,
			   const struct hv_vmbus_device_id *id)
{
	return -ENODEV;	/* never bound: the id table is empty */
}

static struct hv_driver hvd_vmbus_drv = {
	.name = "hvdiag",
	.id_table = hvd_vmbus_none,
	.probe = hvd_vmbus_probe,
};

static int list_one(struct device *dev, void *data)
{
	struct hvd_out *o = data;
	struct hv_device *hv = container_of(dev, struct hv_device, device);

	hvd_out_printf(o, "device %s class %pUl instance %pUl driver %s",
		       dev_name(dev), &hv->dev_type, &hv->dev_instance,
		       dev->driver ? dev->driver->name : "(none)");
#ifdef HAVE_VMBUS_CHANNEL_TARGET_CPU
	if (hv->channel)
		hvd_out_printf(o, " relid %u cpu %u state %d",
			       hv->channel->offermsg.child_relid,
			       hv->channel->target_cpu, hv->channel->state);
#endif
	hvd_out_printf(o, "\n");
	return 0;
}

static void list_devices(struct hvd_out *o)
{
	int (*reg)(struct hv_driver *, struct module *, const char *);
	void (*unreg)(struct hv_driver *);

	reg = symbol_get(__vmbus_driver_register);
	unreg = symbol_get(vmbus_driver_unregister);
	if (reg && unreg && !reg(&hvd_vmbus_drv, THIS_MODULE, KBUILD_MODNAME)) {
		if (hvd_vmbus_drv.driver.bus)
			bus_for_each_dev(hvd_vmbus_drv.driver.bus, NULL, o, list_one);
		unreg(&hvd_vmbus_drv);
	} else {
		hvd_out_printf(o, "devices: not listed (cannot register on vmbus)\n");
	}
	if (reg)
		symbol_put(__vmbus_driver_register);
	if (unreg)
		symbol_put(vmbus_driver_unregister);
}
#else
static void list_devices(struct hvd_out *o)
{
	hvd_out_printf(o, "devices: not listed (no vmbus driver API in this kernel's headers)\n");
}
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
	list_devices(o);
#else
	hvd_out_printf(o, "vmbus: not present (this kernel has no vmbus headers)\n");
#endif
}
