// SPDX-License-Identifier: GPL-2.0
/* hvdiag/target: the PCI device the exercises run on. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/pci.h>
#include <linux/string.h>

#include "hvdiag.h"

static struct hvd_bdf target;
static bool target_set;

struct pci_dev *hvd_get_target(struct hvd_out *o)
{
	struct pci_dev *pdev;
	char bdf[HVD_BDF_STRLEN + 1];

	if (!target_set) {
		hvd_ktap_not_ok(o, "error: no target (write DDDD:BB:DD.F to hvdiag/target)");
		return NULL;
	}
	pdev = pci_get_domain_bus_and_slot(target.domain, target.bus,
					   PCI_DEVFN(target.dev, target.fn));
	if (!pdev) {
		hvd_bdf_format(&target, bdf);
		hvd_ktap_not_ok(o, "error: %s: no such PCI device", bdf);
	}
	return pdev;
}

int hvd_run_on_target(struct hvd_out *o, const char *test, void *arg,
		      int (*run)(struct pci_dev *pdev, void *arg, struct hvd_out *o))
{
	struct pci_dev *pdev;
	struct hvd_claim c;
	int err;

	hvd_ktap_begin(o, test);
	pdev = hvd_get_target(o);
	if (!pdev)
		return -ENODEV;
	err = hvd_claim(pdev, &c, o);
	if (!err) {
		err = run(pdev, arg, o);
		hvd_unclaim(&c);
	}
	pci_dev_put(pdev);
	/* every way out ends the document, also one that said nothing */
	if (!o->ended && err)
		hvd_ktap_not_ok(o, "error: %d", err);
	else if (!o->ended)
		hvd_ktap_ok(o);
	return err;
}

static void show_target(struct hvd_out *o)
{
	char bdf[HVD_BDF_STRLEN + 1];

	if (!target_set) {
		hvd_out_printf(o, "none\n");
		return;
	}
	hvd_bdf_format(&target, bdf);
	hvd_out_printf(o, "%s\n", bdf);
}

int hvd_set_target(const char *s)
{
	struct hvd_bdf b;

	if (!*s || !strcmp(s, "none")) {
		target_set = false;
		return 0;
	}
	if (hvd_bdf_parse_exact(s, strlen(s), &b)) {
		pr_warn("target: '%.32s' is not a PCI address DDDD:BB:DD.F\n", s);
		return -EINVAL;
	}
	target = b;
	target_set = true;
	return 0;
}

static int write_target(char *cmd)
{
	return hvd_set_target(cmd);
}

const struct hvd_file hvd_file_target = {
	.name = "target", .mode = 0600, .show = show_target, .write = write_target,
};
