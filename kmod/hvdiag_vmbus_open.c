// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus_open (opt-in): open the channel of an unbound integration-service
 * device (e.g. heartbeat after unbinding hv_utils), answer the host's
 * version negotiation and one heartbeat through lib/hv_ic.c, measure the
 * round trip, close. Every vmbus call goes through weak references, and
 * every wait is bounded.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/device.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "compat/compat.h"
#include "hvdiag.h"
#include "lib/hv_ic.h"

/* 1: no version in common; -1: a malformed packet; else the transport's */
int hvd_ic_errno(int r)
{
	return r == 1 || r == -1 ? -EPROTO : r;
}

#if defined(HAVE_VMBUS_OPEN) && defined(HAVE_VMBUS_DRIVER_REGISTER)
#include <linux/hyperv.h>

#define RING_SIZE (4 * PAGE_SIZE)
#define IC_BUF 4096

struct vmbus_api {
	int (*open)(struct vmbus_channel *, u32, u32, void *, u32,
		    void (*)(void *), void *);
	void (*close)(struct vmbus_channel *);
	int (*recv)(struct vmbus_channel *, void *, u32, u32 *, u64 *);
	int (*send)(struct vmbus_channel *, void *, u32, u64,
		    enum vmbus_packet_type, u32);
};

struct ic_chan {
	struct vmbus_channel *channel;
	struct completion data;
	const struct vmbus_api *api;
	u64 requestid;
};

static void on_channel(void *context)
{
	struct ic_chan *c = context;

	complete(&c->data);
}

static int ic_recv(void *ctx, hvd_u8 *buf, hvd_u32 cap, hvd_u32 *len,
		   hvd_u64 timeout_us)
{
	struct ic_chan *c = ctx;
	u64 end = hvd_now_us() + timeout_us;

	for (;;) {
		u32 got = 0;
		int r = c->api->recv(c->channel, buf, cap, &got, &c->requestid);

		if (r)
			return r;
		if (got) {
			*len = got;
			return 0;
		}
		if (hvd_now_us() >= end)
			return -ETIMEDOUT;
		wait_for_completion_timeout(&c->data, msecs_to_jiffies(100));
	}
}

static int ic_send(void *ctx, const hvd_u8 *buf, hvd_u32 len)
{
	struct ic_chan *c = ctx;

	return c->api->send(c->channel, (void *)buf, len, c->requestid,
			    VM_PKT_DATA_INBAND, 0);
}

static hvd_u64 ic_now(void *ctx)
{
	return hvd_now_us();
}

struct find_ctx {
	const char *name;
	struct hv_device *found;
};

static int match_name(struct device *dev, void *data)
{
	struct find_ctx *f = data;

	if (strcmp(dev_name(dev), f->name))
		return 0;
	f->found = container_of(dev, struct hv_device, device);
	get_device(dev);
	return 1;
}

static const struct hv_vmbus_device_id none[] = {
	{ },
};

static int never(struct hv_device *dev, const struct hv_vmbus_device_id *id)
{
	return -ENODEV;
}

static struct hv_driver finder = {
	.name = "hvdiag-open",
	.id_table = none,
	.probe = never,
};

int hvd_vmbus_open_exercise(const char *name, unsigned int timeout_ms,
			    struct hvd_out *o)
{
	int (*reg)(struct hv_driver *, struct module *, const char *);
	void (*unreg)(struct hv_driver *);
	struct vmbus_api api;
	struct find_ctx f = { name, NULL };
	struct ic_chan c;
	struct hvd_ic_transport t;
	struct hvd_ic_result res;
	hvd_u8 *buf = NULL;
	int err = -ENODEV;

	reg = symbol_get(__vmbus_driver_register);
	unreg = symbol_get(vmbus_driver_unregister);
	api.open = symbol_get(vmbus_open);
	api.close = symbol_get(vmbus_close);
	api.recv = symbol_get(vmbus_recvpacket);
	api.send = symbol_get(vmbus_sendpacket);
	if (!reg || !unreg || !api.open || !api.close || !api.recv || !api.send) {
		hvd_out_printf(o, "result not-present: vmbus is not loaded\n");
		goto out_put;
	}
	if (reg(&finder, THIS_MODULE, KBUILD_MODNAME)) {
		hvd_out_printf(o, "result error: cannot register on vmbus\n");
		goto out_put;
	}
	bus_for_each_dev(finder.driver.bus, NULL, &f, match_name);
	unreg(&finder);
	if (!f.found) {
		hvd_out_printf(o, "result no-device: no vmbus device %s\n", name);
		goto out_put;
	}
	if (f.found->device.driver || !f.found->channel) {
		hvd_out_printf(o, "result busy: %s is bound to %s; unbind it first\n", name,
			       f.found->device.driver ? f.found->device.driver->name : "?");
		err = -EBUSY;
		goto out_dev;
	}
	buf = kzalloc(IC_BUF, GFP_KERNEL);
	if (!buf) {
		err = -ENOMEM;
		goto out_dev;
	}
	c.channel = f.found->channel;
	c.api = &api;
	c.requestid = 0;
	init_completion(&c.data);
	err = api.open(c.channel, RING_SIZE, RING_SIZE, NULL, 0, on_channel, &c);
	if (err) {
		hvd_out_printf(o, "result open-failed %d\n", err);
		goto out_free;
	}
	t.recv = ic_recv;
	t.send = ic_send;
	t.now_us = ic_now;
	t.ctx = &c;
	err = hvd_ic_errno(hvd_ic_heartbeat_session(&t, buf, IC_BUF,
						    (hvd_u64)timeout_ms * 1000, &res));
	api.close(c.channel);
	hvd_out_printf(o, "device %s negotiated %d framework %u.%u message %u.%u\n", name,
		       res.negotiated, res.fw.major, res.fw.minor, res.msg.major,
		       res.msg.minor);
	if (!err)
		hvd_out_printf(o, "heartbeat seq %llu round_trip_us %llu\nresult ok\n",
			       (unsigned long long)res.seq,
			       (unsigned long long)res.round_trip_us);
	else
		hvd_out_printf(o, "result failed %d\n", err);
out_free:
	kfree(buf);
out_dev:
	put_device(&f.found->device);
out_put:
	if (reg)
		symbol_put(__vmbus_driver_register);
	if (unreg)
		symbol_put(vmbus_driver_unregister);
	if (api.open)
		symbol_put(vmbus_open);
	if (api.close)
		symbol_put(vmbus_close);
	if (api.recv)
		symbol_put(vmbus_recvpacket);
	if (api.send)
		symbol_put(vmbus_sendpacket);
	return err;
}
#else
int hvd_vmbus_open_exercise(const char *name, unsigned int timeout_ms,
			    struct hvd_out *o)
{
	hvd_out_printf(o, "result not-present: this kernel's headers have no vmbus channel API\n");
	return -ENODEV;
}
#endif
