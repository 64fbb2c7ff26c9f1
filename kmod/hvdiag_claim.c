// SPDX-License-Identifier: GPL-2.0
/*
 * How an exercise holds its device. The test "no other driver has it" and
 * the claim are made under the device lock, which the driver core holds to
 * bind, unbind and remove, so no driver can slip in between; from then on
 * the device stays ours until hvd_unclaim():
 *
 * - unbound: hvdiag binds it through driver_override, so that no other
 *   driver can match it meanwhile and device-managed state (6.x MSI data)
 *   goes with the unbind; the device's own override is kept aside and the
 *   very same value put back on every way out;
 * - already bound to hvdiag by the user: used as it is;
 * - bound to another driver: refused with EBUSY, unless allow_bound=1;
 *   then, and for an unbound device on a kernel without driver_override,
 *   the device lock is held for the whole exercise (bounded by its
 *   timeout), so nothing binds, unbinds or removes the device meanwhile.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat/compat.h"
#include "hvdiag.h"

static bool ours(struct pci_dev *pdev)
{
	return pdev->dev.driver == &hvd_pci_driver.driver;
}

/* Under the device lock: driver_override back as the claim found it. */
static void restore_override(struct hvd_claim *c)
{
	if (!c->swapped)
		return;
	if (hvd_override_get(c->pdev) == c->ours) {
		hvd_override_swap(c->pdev, c->saved);
		kfree(c->ours);
	} else {
		/* the user wrote a new value meanwhile: theirs stays */
		kfree(c->saved);
	}
	c->swapped = false;
}

int hvd_claim(struct pci_dev *pdev, struct hvd_claim *c, struct hvd_out *o)
{
	struct device *dev = &pdev->dev;
	int r;

	memset(c, 0, sizeof(*c));
	c->pdev = pdev;
	hvd_device_lock(dev);
	if (ours(pdev)) {
		c->how = HVD_CLAIM_USER;
		hvd_device_unlock(dev);
		return 0;
	}
	if (dev->driver) {
		if (!hvd_allow_bound) {
			hvd_out_printf(o, "error: %s is bound to %s; unbind it, bind it to hvdiag, or load with allow_bound=1\n",
				       pci_name(pdev), dev->driver->name);
			hvd_device_unlock(dev);
			return -EBUSY;
		}
		c->how = HVD_CLAIM_LOCKED;	/* the lock stays held */
		return 0;
	}
	if (!hvd_have_override()) {
		c->how = HVD_CLAIM_LOCKED;
		return 0;
	}
	c->ours = kstrdup(hvd_pci_driver.name, GFP_KERNEL);
	if (!c->ours) {
		hvd_device_unlock(dev);
		return -ENOMEM;
	}
	/* from here on only hvdiag matches the device */
	c->saved = hvd_override_swap(pdev, c->ours);
	c->swapped = true;
	hvd_device_unlock(dev);

	r = device_attach(dev);

	hvd_device_lock(dev);
	if (ours(pdev)) {
		c->how = HVD_CLAIM_BOUND;
		hvd_device_unlock(dev);
		return 0;
	}
	/* a driver that matched before the override won the race */
	if (dev->driver) {
		hvd_out_printf(o, "error: %s was bound to %s meanwhile\n",
			       pci_name(pdev), dev->driver->name);
		r = -EBUSY;
	} else {
		hvd_out_printf(o, "result bind-failed %d\n", r);
		r = r < 0 ? r : -ENODEV;
	}
	restore_override(c);
	hvd_device_unlock(dev);
	return r;
}

void hvd_unclaim(struct hvd_claim *c)
{
	struct device *dev = &c->pdev->dev;

	switch (c->how) {
	case HVD_CLAIM_LOCKED:
		hvd_device_unlock(dev);
		break;
	case HVD_CLAIM_BOUND:
		/* the override is still ours: nothing else binds in between */
		if (ours(c->pdev))
			device_release_driver(dev);
		hvd_device_lock(dev);
		restore_override(c);
		hvd_device_unlock(dev);
		break;
	default:
		break;
	}
}
