// SPDX-License-Identifier: GPL-2.0
/* The module's own cases, beside the lib/ suites: what its files return. */
#include <linux/errno.h>
#include <linux/kernel.h>

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

static const struct hvd_ktest_case kmod_cases[] = {
	{ "write_status", write_status },
	{ "ic_errno", ic_errno },
	{ NULL, NULL },
};

const struct hvd_ktest_suite kmod_suite = { "kmod", kmod_cases, 0, 0 };
