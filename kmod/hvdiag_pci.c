// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's view of the target: each BAR with its flags, the chain of
 * parent resources with theirs, whether the BAR's type fits its window
 * (the 3.10 vPCI defect: windows with no type), and the MSI-X capability
 * with table and PBA placement.
 */
#include <linux/ioport.h>
#include <linux/pci.h>

#include "compat/compat.h"
#include "hvdiag.h"
#include "lib/pcicap.h"

static unsigned int res_flags(const struct resource *r)
{
	unsigned int f = 0;

	if (r->flags & IORESOURCE_IO)
		f |= HVD_RES_IO;
	if (r->flags & IORESOURCE_MEM)
		f |= HVD_RES_MEM;
	if (r->flags & IORESOURCE_PREFETCH)
		f |= HVD_RES_PREFETCH;
	if (r->flags & IORESOURCE_MEM_64)
		f |= HVD_RES_MEM64;
	if (r->flags & IORESOURCE_UNSET)
		f |= HVD_RES_UNSET;
	if (r->flags & IORESOURCE_DISABLED)
		f |= HVD_RES_DISABLED;
	return f;
}

/* The BAR's chain of parent resources; how the BAR fits the first. */
static enum hvd_fit report_chain(const struct resource *r,
				 unsigned int bar_flags, struct hvd_out *o)
{
	const struct resource *p;
	enum hvd_fit fit = HVD_FIT_OK;
	int depth = 0;

	for (p = r->parent; p && depth < 16; p = p->parent, depth++) {
		unsigned int wf = res_flags(p) | HVD_RES_WINDOW;

		hvd_fact(o, "    in [%#llx-%#llx] %s flags %#lx (%s)",
			 (unsigned long long)p->start,
			 (unsigned long long)p->end,
			 p->name ? p->name : "?", (unsigned long)p->flags,
			 hvd_res_type_str(wf));
		if (!depth) {
			fit = hvd_window_fit(bar_flags, r->end, wf);
			hvd_out_printf(o, ": %s", hvd_fit_str(fit));
		}
		hvd_out_printf(o, "\n");
	}
	if (!r->parent)
		hvd_fact(o, "    not claimed in the resource tree\n");
	return fit;
}

/*
 * The BARs and the MSI-X capability as facts; the test line names by
 * lib's words the first BAR that does not fit its window, else a MSI-X
 * table or PBA placed outside its BARs.
 */
static void pci_report(struct pci_dev *pdev, struct hvd_out *o)
{
	enum hvd_fit fit, misfit = HVD_FIT_OK;
	enum hvd_msix_place place = HVD_MSIX_PLACE_OK;
	hvd_u64 sizes[6];
	int i, cap;

	hvd_fact(o, "device %s [%04x:%04x] class %06x\n", pci_name(pdev),
		 pdev->vendor, pdev->device, pdev->class);
	hvd_fact(o, "driver %s\n",
		 pdev->dev.driver ? pdev->dev.driver->name : "(none)");
	for (i = 0; i < 6; i++) {
		struct resource *r = &pdev->resource[i];
		unsigned int f = res_flags(r);

		sizes[i] = 0;
		if (!r->flags)
			continue;
		if ((f & HVD_RES_MEM) && !(f & HVD_RES_UNSET) && r->parent)
			sizes[i] = resource_size(r);
		hvd_fact(o, "bar %d [%#llx-%#llx] size %#llx %s%s%s\n", i,
			 (unsigned long long)r->start,
			 (unsigned long long)r->end,
			 (unsigned long long)resource_size(r),
			 hvd_res_type_str(f),
			 (f & HVD_RES_UNSET) ? " unset" : "",
			 (f & HVD_RES_DISABLED) ? " disabled" : "");
		fit = report_chain(r, f, o);
		if (misfit == HVD_FIT_OK)
			misfit = fit;
	}
	cap = pci_find_capability(pdev, PCI_CAP_ID_MSIX);
	if (cap) {
		u16 ctrl;
		u32 table, pba;
		struct hvd_msix m;

		pci_read_config_word(pdev, cap + HVD_MSIX_CTRL, &ctrl);
		pci_read_config_dword(pdev, cap + HVD_MSIX_TABLE, &table);
		pci_read_config_dword(pdev, cap + HVD_MSIX_PBA, &pba);
		hvd_msix_decode(ctrl, table, pba, &m);
		place = hvd_msix_check_place(&m, sizes);
		hvd_fact(o, "msix cap %#x size %u enabled %u masked %u table bar %u offset %#x pba bar %u offset %#x: %s\n",
			 cap, m.table_size, m.enabled, m.masked, m.table_bir,
			 m.table_offset, m.pba_bir, m.pba_offset,
			 hvd_msix_place_str(place));
	} else {
		hvd_fact(o, "msix none\n");
	}
	if (misfit != HVD_FIT_OK)
		hvd_ktap_not_ok(o, "%s", hvd_fit_str(misfit));
	else if (place != HVD_MSIX_PLACE_OK)
		hvd_ktap_not_ok(o, "%s", hvd_msix_place_str(place));
	else
		hvd_ktap_ok(o);
}

static void show_pci(struct hvd_out *o)
{
	struct pci_dev *pdev;

	hvd_ktap_begin(o, "pci");
	pdev = hvd_get_target(o);
	if (!pdev)
		return;
	pci_report(pdev, o);
	pci_dev_put(pdev);
}

const struct hvd_file hvd_file_pci = {
	.name = "pci", .mode = 0400, .show = show_pci,
};
