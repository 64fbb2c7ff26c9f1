// SPDX-License-Identifier: GPL-2.0
/*
 * The vmbus back end of compat/vmbus.h. Every vmbus symbol is taken
 * through a weak reference (symbol_get), so the module loads where vmbus
 * is absent: off Hyper-V hv_vmbus cannot load, and a hard link to its
 * symbols would make hvdiag unloadable too. The device list comes from
 * the bus itself: a driver that matches nothing is registered for a
 * moment to learn the bus, whose devices are then walked.
 */
#include <linux/completion.h>
#include <linux/device.h>
#include <linux/errno.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
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
	/* built in, but no host ever answered (any machine off Hyper-V) */
	return *ver ? 0 : -ENOTCONN;
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

#if defined(HAVE_VMBUS_OPEN) && defined(HAVE_VMBUS_DRIVER_REGISTER)
#define IC_RING (4 * PAGE_SIZE)

struct hvd_vmbus_ic {
	struct hv_device *hv;		/* referenced */
	struct vmbus_channel *channel;
	struct completion data;
	u64 requestid;
	int (*open)(struct vmbus_channel *, u32, u32, void *, u32,
		    void (*)(void *), void *);
	void (*close)(struct vmbus_channel *);
	int (*recv)(struct vmbus_channel *, void *, u32, u32 *, u64 *);
	int (*send)(struct vmbus_channel *, void *, u32, u64,
		    enum vmbus_packet_type, u32);
};

static void ic_put(struct hvd_vmbus_ic *ic)
{
	if (ic->open)
		symbol_put(vmbus_open);
	if (ic->close)
		symbol_put(vmbus_close);
	if (ic->recv)
		symbol_put(vmbus_recvpacket);
	if (ic->send)
		symbol_put(vmbus_sendpacket);
	if (ic->hv)
		put_device(&ic->hv->device);
	kfree(ic);
}

static void on_channel(void *context)
{
	struct hvd_vmbus_ic *ic = context;

	complete(&ic->data);
}

struct find {
	const char *name;
	struct hv_device *found;
};

static int match_name(struct device *dev, void *data)
{
	struct find *f = data;

	if (strcmp(dev_name(dev), f->name))
		return 0;
	get_device(dev);
	f->found = container_of(dev, struct hv_device, device);
	return 1;
}

static const struct hv_vmbus_device_id ic_none[] = {
	{ },
};

static int ic_never(struct hv_device *dev, const struct hv_vmbus_device_id *id)
{
	return -ENODEV;
}

static struct hv_driver ic_finder = {
	.name = "hvdiag-open",
	.id_table = ic_none,
	.probe = ic_never,
};

/* The device named @name, referenced, through a momentary driver. */
static int find_device(const char *name, struct hv_device **hv)
{
	int (*reg)(struct hv_driver *, struct module *, const char *);
	void (*unreg)(struct hv_driver *);
	struct find f = { name, NULL };
	int err = -ENODEV;

	reg = symbol_get(__vmbus_driver_register);
	unreg = symbol_get(vmbus_driver_unregister);
	if (reg && unreg) {
		err = reg(&ic_finder, THIS_MODULE, KBUILD_MODNAME);
		if (!err) {
			bus_for_each_dev(ic_finder.driver.bus, NULL, &f, match_name);
			unreg(&ic_finder);
			err = f.found ? 0 : -ENOENT;
		}
	}
	if (reg)
		symbol_put(__vmbus_driver_register);
	if (unreg)
		symbol_put(vmbus_driver_unregister);
	*hv = f.found;
	return err;
}

int hvd_vmbus_ic_open(const char *name, struct hvd_vmbus_ic **icp, char *why,
		      size_t n)
{
	struct hvd_vmbus_ic *ic = kzalloc(sizeof(*ic), GFP_KERNEL);
	struct device *dev;
	int err;

	*icp = NULL;
	if (!ic)
		return -ENOMEM;
	ic->open = symbol_get(vmbus_open);
	ic->close = symbol_get(vmbus_close);
	ic->recv = symbol_get(vmbus_recvpacket);
	ic->send = symbol_get(vmbus_sendpacket);
	if (!ic->open || !ic->close || !ic->recv || !ic->send) {
		scnprintf(why, n, "not-present: vmbus is not loaded");
		err = -ENODEV;
		goto fail;
	}
	err = find_device(name, &ic->hv);
	if (err == -ENOENT) {
		scnprintf(why, n, "no-device: no vmbus device %s", name);
		err = -ENODEV;
		goto fail;
	}
	if (err) {
		scnprintf(why, n, "not-present: cannot register on vmbus (%d)", err);
		goto fail;
	}
	/* whether a driver holds it, asked under the lock that binds */
	dev = &ic->hv->device;
	hvd_device_lock(dev);
	if (dev->driver || !ic->hv->channel) {
		scnprintf(why, n, "busy: %s is bound to %s; unbind it first", name,
			  dev->driver ? dev->driver->name : "?");
		hvd_device_unlock(dev);
		err = -EBUSY;
		goto fail;
	}
	ic->channel = ic->hv->channel;
	hvd_device_unlock(dev);
	init_completion(&ic->data);
	err = ic->open(ic->channel, IC_RING, IC_RING, NULL, 0, on_channel, ic);
	if (err) {
		scnprintf(why, n, "open-failed %d", err);
		goto fail;
	}
	*icp = ic;
	return 0;
fail:
	ic_put(ic);
	return err;
}

int hvd_vmbus_ic_recv(struct hvd_vmbus_ic *ic, u8 *buf, u32 cap, u32 *len,
		      u64 timeout_us)
{
	unsigned long end = jiffies + usecs_to_jiffies(timeout_us);

	for (;;) {
		u32 got = 0;
		int r = ic->recv(ic->channel, buf, cap, &got, &ic->requestid);

		if (r)
			return r;
		if (got) {
			*len = got;
			return 0;
		}
		if (time_after_eq(jiffies, end))
			return -ETIMEDOUT;
		wait_for_completion_timeout(&ic->data, msecs_to_jiffies(100));
	}
}

int hvd_vmbus_ic_send(struct hvd_vmbus_ic *ic, const u8 *buf, u32 len)
{
	return ic->send(ic->channel, (void *)buf, len, ic->requestid,
			VM_PKT_DATA_INBAND, 0);
}

void hvd_vmbus_ic_close(struct hvd_vmbus_ic *ic)
{
	ic->close(ic->channel);
	ic_put(ic);
}
#else
int hvd_vmbus_ic_open(const char *name, struct hvd_vmbus_ic **icp, char *why,
		      size_t n)
{
	*icp = NULL;
	scnprintf(why, n, "not-present: this kernel's headers have no vmbus channel API");
	return -ENODEV;
}

int hvd_vmbus_ic_recv(struct hvd_vmbus_ic *ic, u8 *buf, u32 cap, u32 *len,
		      u64 timeout_us)
{
	return -ENODEV;
}

int hvd_vmbus_ic_send(struct hvd_vmbus_ic *ic, const u8 *buf, u32 len)
{
	return -ENODEV;
}

void hvd_vmbus_ic_close(struct hvd_vmbus_ic *ic)
{
}
#endif
