// SPDX-License-Identifier: GPL-2.0
#include <linux/hyperv.h>
#include <linux/module.h>
int probe(struct hv_driver *d);
int probe(struct hv_driver *d)
{
	return __vmbus_driver_register(d, THIS_MODULE, "x");
}
