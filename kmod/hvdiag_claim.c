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
 * - unbound, on a kernel without driver_override (before 3.16): hvdiag
 *   binds it through an id table that holds its ids for the time of the
 *   attach (see claim_attach());
 * - already bound to hvdiag by the user: used as it is;
 * - bound to another driver: refused with EBUSY, unless allow_bound=1;
 *   then the device lock is held for the whole exercise (bounded by its
 *   timeout), so nothing binds, unbinds or removes the device meanwhile.
 *
 * While hvdiag is bound, the device can still be unbound (sysfs) or
 * removed (hot-unplug): the driver core then calls hvd_remove() with the
 * device lock held, and what the exercise allocated on the device (IRQs,
 * MSI-X vectors, mappings, DMA memory) must be gone before it returns. So
 * the running exercise is recorded here, under the device lock at the
 * claim; claim_remove() asks it to stop and waits until hvd_unclaim()
 * says it has let go; exercises poll hvd_stopped() and sleep through
 * hvd_wait_stop(). The state is static (one exercise at a time, under
 * the module's lock), so a remover still waking up never touches freed memory.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/jiffies.h>
#include <linux/moduleparam.h>
#include <linux/pci.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/wait.h>

#include "compat/compat.h"
#include "hvdiag.h"

static bool allow_bound;
module_param(allow_bound, bool, 0644);
MODULE_PARM_DESC(allow_bound, "exercise devices bound to another driver (dangerous)");
static bool fail_bind;
module_param(fail_bind, bool, 0644);
MODULE_PARM_DESC(fail_bind, "testing: refuse to bind, so that an exercise's claim fails");

static DEFINE_SPINLOCK(run_lock);
static DECLARE_WAIT_QUEUE_HEAD(run_wq);
static struct pci_dev *run_dev;		/* the device an exercise runs on */
static bool run_gone;			/* it was removed meanwhile */
static atomic_t run_stop = ATOMIC_INIT(0);

/* Under the device lock, so that a remove comes before or sees it. */
static void run_begin(struct pci_dev *pdev)
{
	spin_lock(&run_lock);
	run_dev = pdev;
	run_gone = false;
	atomic_set(&run_stop, 0);
	spin_unlock(&run_lock);
}

/* The exercise has let go of the device; true when it was removed. */
static bool run_end(void)
{
	bool gone;

	spin_lock(&run_lock);
	gone = run_gone;
	run_dev = NULL;
	/* an exercise under the device lock (no run) must not see it */
	atomic_set(&run_stop, 0);
	spin_unlock(&run_lock);
	wake_up_all(&run_wq);
	return gone;
}

static bool run_on(struct pci_dev *pdev)
{
	bool on;

	spin_lock(&run_lock);
	on = run_dev == pdev;
	spin_unlock(&run_lock);
	return on;
}

bool hvd_stopped(void)
{
	return atomic_read(&run_stop) != 0;
}

bool hvd_wait_stop(unsigned int ms)
{
	return wait_event_timeout(run_wq, hvd_stopped(), msecs_to_jiffies(ms)) > 0 ||
	       hvd_stopped();
}

/*
 * The PCI driver's remove: stop an exercise on @pdev and wait for
 * hvd_unclaim().
 */
static void claim_remove(struct pci_dev *pdev)
{
	bool on;

	spin_lock(&run_lock);
	on = run_dev == pdev;
	if (on) {
		run_gone = true;
		atomic_set(&run_stop, 1);
	}
	spin_unlock(&run_lock);
	if (!on)
		return;
	dev_info(&pdev->dev, "going away during an exercise: stopping it\n");
	wake_up_all(&run_wq);
	wait_event(run_wq, !run_on(pdev));
}

static bool ours(struct pci_dev *pdev)
{
	return pdev->dev.driver == &hvd_pci_driver.driver;
}

/*
 * Without driver_override: for the time of the attach, hvdiag's id table
 * (otherwise none) holds the device's vendor, device and subsystem ids,
 * tagged, and claim_probe_ok() lets the tag through only for the
 * device the claim names (claiming). A dynamic id would do the same but
 * could never be taken back (the kernel exports no way), and a leftover
 * one comes before the user's own new_id for the same ids. Claims are
 * made under the module's lock, one at a time.
 */
#define HVD_CLAIM_TAG 0x68766431UL	/* "hvd1" */

static struct pci_device_id claim_ids[2];
static struct pci_dev *claiming;	/* under run_lock */

/*
 * The probe: false for a device the claim's id table matched that no
 * claim names.
 */
static bool claim_probe_ok(struct pci_dev *pdev, const struct pci_device_id *id)
{
	bool ok;

	/* the user's new_id, bind or driver_override: theirs to decide */
	if (!id || id->driver_data != HVD_CLAIM_TAG)
		return true;
	spin_lock(&run_lock);
	ok = claiming == pdev;
	spin_unlock(&run_lock);
	return ok;
}

static void set_claiming(struct pci_dev *pdev)
{
	spin_lock(&run_lock);
	claiming = pdev;
	spin_unlock(&run_lock);
}

/*
 * Without the device lock, which the attach takes. hvdiag's own attach:
 * only hvdiag is tried (a device_attach() would let any other driver
 * that matches the device take it first).
 */
static int claim_attach(struct pci_dev *pdev)
{
	int r;

	memset(claim_ids, 0, sizeof(claim_ids));
	claim_ids[0].vendor = pdev->vendor;
	claim_ids[0].device = pdev->device;
	claim_ids[0].subvendor = pdev->subsystem_vendor;
	claim_ids[0].subdevice = pdev->subsystem_device;
	claim_ids[0].driver_data = HVD_CLAIM_TAG;
	set_claiming(pdev);
	smp_wmb();	/* the table before the pointer to it */
	hvd_pci_driver.id_table = claim_ids;
	r = driver_attach(&hvd_pci_driver.driver);
	hvd_pci_driver.id_table = NULL;
	set_claiming(NULL);
	return r;
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
		run_begin(pdev);
		hvd_device_unlock(dev);
		return 0;
	}
	if (dev->driver) {
		if (!allow_bound) {
			hvd_ktap_not_ok(o, "error: %s is bound to %s; unbind it, bind it to hvdiag, or load with allow_bound=1",
					pci_name(pdev), dev->driver->name);
			hvd_device_unlock(dev);
			return -EBUSY;
		}
		c->how = HVD_CLAIM_LOCKED;	/* the lock stays held */
		return 0;
	}
	if (hvd_have_override()) {
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
	} else {
		hvd_device_unlock(dev);
		r = claim_attach(pdev);
	}

	hvd_device_lock(dev);
	if (ours(pdev)) {
		c->how = HVD_CLAIM_BOUND;
		run_begin(pdev);
		hvd_device_unlock(dev);
		return 0;
	}
	/* a driver that matched before the override won the race */
	if (dev->driver) {
		hvd_ktap_not_ok(o, "error: %s was bound to %s meanwhile",
				pci_name(pdev), dev->driver->name);
		r = -EBUSY;
	} else {
		hvd_ktap_not_ok(o, "bind-failed %d", r);
		r = r < 0 ? r : -ENODEV;
	}
	restore_override(c);
	hvd_device_unlock(dev);
	return r;
}

void hvd_unclaim(struct hvd_claim *c)
{
	struct device *dev = &c->pdev->dev;
	bool gone;

	if (c->how == HVD_CLAIM_LOCKED) {
		hvd_device_unlock(dev);
		return;
	}
	/* lets a waiting remove finish: the exercise freed what it held */
	gone = run_end();
	if (c->how != HVD_CLAIM_BOUND)
		return;
	/* the override is still ours: nothing else binds in between */
	if (!gone && ours(c->pdev))
		device_release_driver(dev);
	hvd_device_lock(dev);
	restore_override(c);
	hvd_device_unlock(dev);
}

/*
 * ---- a PCI driver that binds nothing by itself ----
 * No id table (but during a claim, claim_attach()): an empty one (only
 * its terminator) makes the kernel refuse every new_id, whose driver_data
 * must match a table entry's when there is a table.
 */

static int hvd_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	if (fail_bind) {
		dev_info(&pdev->dev, "not bound to hvdiag (fail_bind=1)\n");
		return -ENODEV;
	}
	if (!claim_probe_ok(pdev, id))
		return -ENODEV;
	dev_info(&pdev->dev, "bound to hvdiag for exercises\n");
	return 0;
}

/* unbind, hot-unplug or unload: an exercise running on it lets go first */
static void hvd_remove(struct pci_dev *pdev)
{
	claim_remove(pdev);
}

struct pci_driver hvd_pci_driver = {
	.name = "hvdiag",
	.probe = hvd_probe,
	.remove = hvd_remove,
};
