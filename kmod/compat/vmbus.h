/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbus as hvdiag sees it, with no vmbus type in sight: compat/vmbus.c
 * is the one file that includes linux/hyperv.h and decides, by the
 * probes, what this kernel's vmbus offers.
 */
#ifndef HVDIAG_COMPAT_VMBUS_H
#define HVDIAG_COMPAT_VMBUS_H

#include <linux/stddef.h>
#include <linux/types.h>

/* One vmbus device, read under its device lock while referenced. */
struct hvd_vmbus_dev {
	char name[48];		/* the device's name: its instance GUID */
	char driver[32];	/* "(none)" when unbound */
	u8 class_guid[16];
	u8 instance[16];
	bool has_channel;	/* the fields below are known */
	u32 relid;
	u32 target_cpu;
	int state;
	bool rescinded;		/* the host withdrew the offer */
	bool has_rescind;	/* this kernel's channel says so */
};

/*
 * The negotiated protocol version: 0, -ENODEV when hv_vmbus is not
 * loaded, -ENOTCONN when it is (built in) but never connected to a host
 * (version 0.0), -EOPNOTSUPP when this kernel's headers have no vmbus.
 */
int hvd_vmbus_version(u32 *ver);

/*
 * @fn for each vmbus device, with a snapshot taken under the device's
 * lock (no driver binds or unbinds meanwhile) and a reference (the
 * channel, freed only with the device, stays). 0, or as above, or the
 * error of registering on the bus.
 */
int hvd_vmbus_for_each(void (*fn)(const struct hvd_vmbus_dev *d, void *data),
		       void *data);

/*
 * An integration-service channel opened by hvdiag on a device no driver
 * holds. hvd_vmbus_ic_open(): 0 with *@icp, or -errno with the reason in
 * @why ("not-present: ...", "no-device: ...", "busy: ...", ...).
 * recv waits at most @timeout_us for one packet (-ETIMEDOUT); both return
 * 0 or -errno. close gives everything back.
 */
struct hvd_vmbus_ic;

int hvd_vmbus_ic_open(const char *name, struct hvd_vmbus_ic **icp, char *why,
		      size_t n);
int hvd_vmbus_ic_recv(struct hvd_vmbus_ic *ic, u8 *buf, u32 cap, u32 *len,
		      u64 timeout_us);
int hvd_vmbus_ic_send(struct hvd_vmbus_ic *ic, const u8 *buf, u32 len);
void hvd_vmbus_ic_close(struct hvd_vmbus_ic *ic);

#endif
