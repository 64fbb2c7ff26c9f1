// SPDX-License-Identifier: GPL-2.0
/* The module's own cases, beside the lib/ suites: what its files return. */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "hvdiag.h"

/* A write is whole or fails: never a short count a shell would retry. */
static void write_status(struct hvd_ktest *t)
{
	HVD_EXPECT_EQ(t, hvd_write_status(0, 7), 7);
	HVD_EXPECT_EQ(t, hvd_write_status(-EINVAL, 7), -EINVAL);
	HVD_EXPECT_EQ(t, hvd_write_status(-ENODEV, 1), -ENODEV);
	/* a positive status is a handler's bug: an error, not 1 byte taken */
	HVD_EXPECT_TRUE(t, hvd_write_status(1, 7) < 0);
	HVD_EXPECT_TRUE(t, hvd_write_status(3, 3) < 0);
}

/* The IC session says 1 (no common version) or -1 (malformed): errnos */
static void ic_errno(struct hvd_ktest *t)
{
	HVD_EXPECT_EQ(t, hvd_ic_errno(0), 0);
	HVD_EXPECT_EQ(t, hvd_ic_errno(-ETIMEDOUT), -ETIMEDOUT);
	HVD_EXPECT_EQ(t, hvd_ic_errno(1), -EPROTO);
	HVD_EXPECT_EQ(t, hvd_ic_errno(-1), -EPROTO);
}

/* An exercise's result is a KTAP document; its test line ends it. */
static void ktap_doc(struct hvd_ktest *t)
{
	struct hvd_out o = { NULL, 0, 0, NULL, false };
	int i;

	hvd_ktap_begin(&o, "mlx4_comm");
	hvd_fact(&o, "step %s us %u\n", "sync", 38);
	hvd_ktap_not_ok(&o, "%s", "step timeout\nmore");
	HVD_ASSERT_TRUE(t, o.buf != NULL);
	HVD_EXPECT_STREQ(t, o.buf, "KTAP version 1\n1..1\n# step sync us 38\n"
			 "not ok 1 mlx4_comm # step timeout\n");
	hvd_ktap_begin(&o, "vmbus");
	hvd_ktap_skip(&o, "not present");
	HVD_EXPECT_STREQ(t, o.buf, "KTAP version 1\n1..1\nok 1 vmbus # SKIP not present\n");
	/* facts that fill the buffer leave room for the test line */
	hvd_ktap_begin(&o, "msix");
	for (i = 0; i < HVD_OUT_MAX / 16; i++)
		hvd_fact(&o, "vector %d", i);
	hvd_ktap_ok(&o);
	HVD_ASSERT_TRUE(t, o.len > 11 && o.len < HVD_OUT_MAX);
	HVD_EXPECT_STREQ(t, o.buf + o.len - 11, "\nok 1 msix\n");
	hvd_out_free(&o);
}

static const struct hvd_ktest_case kmod_cases[] = {
	{ "write_status", write_status },
	{ "ic_errno", ic_errno },
	{ "ktap_doc", ktap_doc },
	{ NULL, NULL },
};

const struct hvd_ktest_suite kmod_suite = { "kmod", kmod_cases, 0, 0 };
