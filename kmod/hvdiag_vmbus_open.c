// SPDX-License-Identifier: GPL-2.0
/*
 * vmbus_open (opt-in): open the channel of an unbound integration-service
 * device (e.g. heartbeat after unbinding hv_utils), answer the host's
 * version negotiation and one heartbeat through lib/hv_ic.c, measure the
 * round trip, close. The channel comes from compat/vmbus.c (weak
 * references to every vmbus call); every wait is bounded.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat/compat.h"
#include "compat/vmbus.h"
#include "hvdiag.h"
#include "lib/hv_ic.h"

#define IC_BUF 4096

/* 1: no version in common; -1: a malformed packet; else the transport's */
int hvd_ic_errno(int r)
{
	return r == 1 || r == -1 ? -EPROTO : r;
}

static int ic_recv(void *ctx, hvd_u8 *buf, hvd_u32 cap, hvd_u32 *len,
		   hvd_u64 timeout_us)
{
	return hvd_vmbus_ic_recv(ctx, buf, cap, len, timeout_us);
}

static int ic_send(void *ctx, const hvd_u8 *buf, hvd_u32 len)
{
	return hvd_vmbus_ic_send(ctx, buf, len);
}

static hvd_u64 ic_now(void *ctx)
{
	return hvd_now_us();
}

static int vmbus_open_exercise(const char *name, unsigned int timeout_ms,
			       struct hvd_out *o)
{
	struct hvd_vmbus_ic *ic;
	struct hvd_ic_transport t;
	struct hvd_ic_result res;
	char why[96];
	hvd_u8 *buf;
	int err;

	buf = kzalloc(IC_BUF, GFP_KERNEL);
	if (!buf) {
		hvd_ktap_not_ok(o, "error: %d", -ENOMEM);
		return -ENOMEM;
	}
	err = hvd_vmbus_ic_open(name, &ic, why, sizeof(why));
	if (err) {
		hvd_ktap_not_ok(o, "%s", why);
		kfree(buf);
		return err;
	}
	t.recv = ic_recv;
	t.send = ic_send;
	t.now_us = ic_now;
	t.ctx = ic;
	err = hvd_ic_errno(hvd_ic_heartbeat_session(&t, buf, IC_BUF,
						    (hvd_u64)timeout_ms * 1000, &res));
	hvd_vmbus_ic_close(ic);
	hvd_fact(o, "device %s negotiated %d framework %u.%u message %u.%u\n", name,
		 res.negotiated, res.fw.major, res.fw.minor, res.msg.major,
		 res.msg.minor);
	if (!err) {
		hvd_fact(o, "heartbeat seq %llu round_trip_us %llu\n",
			 (unsigned long long)res.seq,
			 (unsigned long long)res.round_trip_us);
		hvd_ktap_ok(o);
	} else {
		hvd_ktap_not_ok(o, "failed %d", err);
	}
	kfree(buf);
	return err;
}

static struct hvd_out vmbus_open_last;

/* "GUID [timeout_ms]": the vmbus device's name is its instance GUID */
static int write_vmbus_open(char *cmd)
{
	unsigned int ms = 10000;
	char *sp = strchr(cmd, ' ');
	size_t i;

	if (sp) {
		*sp++ = '\0';
		if (kstrtouint(sp, 0, &ms) || ms < 1 || ms > 60000) {
			pr_warn("vmbus_open: timeout '%.32s' is not 1-60000 ms\n", sp);
			return -EINVAL;
		}
	}
	for (i = 0; cmd[i]; i++)
		if (!(isxdigit(cmd[i]) || (cmd[i] == '-' && (i == 8 || i == 13 ||
							     i == 18 || i == 23))))
			break;
	if (i != 36 || cmd[i]) {
		pr_warn("vmbus_open: '%.40s' is not a device GUID\n", cmd);
		return -EINVAL;
	}
	hvd_ktap_begin(&vmbus_open_last, "vmbus_open");
	return vmbus_open_exercise(cmd, ms, &vmbus_open_last);
}

const struct hvd_file hvd_file_vmbus_open = {
	.name = "vmbus_open", .mode = 0600, .write = write_vmbus_open,
	.last = &vmbus_open_last,
	.idle = "no run yet (write the GUID of an unbound util device)\n",
};
