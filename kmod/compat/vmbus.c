// SPDX-License-Identifier: GPL-2.0
/*
 * The vmbus back end of compat/vmbus.h. Every vmbus symbol is taken
 * through a weak reference (symbol_get), so the module loads where vmbus
 * is absent: off Hyper-V hv_vmbus cannot load, and a hard link to its
 * symbols would make hvdiag unloadable too. The device list comes from
 * the bus itself: a driver that matches nothing is registered for a
 * moment to learn the bus, whose devices are then walked.
 */
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/string.h>

#include "compat.h"
#include "vmbus.h"

#if defined(HAVE_VMBUS_PROTO_VERSION)
#include <linux/hyperv.h>

int hvd_vmbus_version(u32 *ver)
{
	u32 *v = symbol_get(vmbus_proto_version);

	if (!v)
		return -ENODEV;
	*ver = *v;
	symbol_put(vmbus_proto_version);
	return 0;
}
#else
int hvd_vmbus_version(u32 *ver)
{
	return -EOPNOTSUPP;
}
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

struct walk {
	void (*fn)(const struct hvd_vmbus_dev *d, void *data);
	void *data;
};

/*
 * Under the device lock: the channel as this kernel describes it. The
 * target CPU, state and rescind flag may change meanwhile (each a single
 * word, read once): a snapshot, not a promise.
 */
static void read_channel(struct vmbus_channel *ch, struct hvd_vmbus_dev *d)
{
#ifdef HAVE_VMBUS_CHANNEL_TARGET_CPU
	d->has_channel = true;
	d->relid = ch->offermsg.child_relid;
	d->target_cpu = ch->target_cpu;
	d->state = ch->state;
#endif
#ifdef HAVE_VMBUS_CHANNEL_RESCIND
	d->has_rescind = true;
	d->rescinded = ch->rescind;
#endif
}

/*
 * A rescind unregisters the device, and a driver's unbind may run the
 * channel's removal: holding a reference keeps the device, and with it
 * the channel, which is freed only when the device is released; holding
 * the device lock keeps its driver (and the driver's name) in place.
 */
static int snapshot(struct device *dev, void *data)
{
	struct walk *w = data;
	struct hv_device *hv = container_of(dev, struct hv_device, device);
	struct hvd_vmbus_dev d;

	memset(&d, 0, sizeof(d));
	get_device(dev);
	hvd_device_lock(dev);
	scnprintf(d.name, sizeof(d.name), "%s", dev_name(dev));
	scnprintf(d.driver, sizeof(d.driver), "%s",
		  dev->driver ? dev->driver->name : "(none)");
	memcpy(d.class_guid, &hv->dev_type, sizeof(d.class_guid));
	memcpy(d.instance, &hv->dev_instance, sizeof(d.instance));
	if (hv->channel)
		read_channel(hv->channel, &d);
	hvd_device_unlock(dev);
	put_device(dev);
	w->fn(&d, w->data);
	return 0;
}

int hvd_vmbus_for_each(void (*fn)(const struct hvd_vmbus_dev *d, void *data),
		       void *data)
{
	int (*reg)(struct hv_driver *, struct module *, const char *);
	void (*unreg)(struct hv_driver *);
	struct walk w = { fn, data };
	int err = -ENODEV;

	reg = symbol_get(__vmbus_driver_register);
	unreg = symbol_get(vmbus_driver_unregister);
	if (reg && unreg) {
		err = reg(&hvd_vmbus_drv, THIS_MODULE, KBUILD_MODNAME);
		if (!err) {
			if (hvd_vmbus_drv.driver.bus)
				bus_for_each_dev(hvd_vmbus_drv.driver.bus, NULL, &w,
						 snapshot);
			unreg(&hvd_vmbus_drv);
		}
	}
	if (reg)
		symbol_put(__vmbus_driver_register);
	if (unreg)
		symbol_put(vmbus_driver_unregister);
	return err;
}
#else
int hvd_vmbus_for_each(void (*fn)(const struct hvd_vmbus_dev *d, void *data),
		       void *data)
{
	return -EOPNOTSUPP;
}
#endif
