// SPDX-License-Identifier: GPL-2.0
#include <linux/device.h>
void probe(struct device *d);
void probe(struct device *d)
{
	device_lock(d);
	device_unlock(d);
}
