// SPDX-License-Identifier: GPL-2.0
#include <linux/ktime.h>
#include <linux/timekeeping.h>
u64 probe(void);
u64 probe(void)
{
	return ktime_get_ns();
}
