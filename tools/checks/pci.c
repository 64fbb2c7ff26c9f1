// SPDX-License-Identifier: GPL-2.0
/* pci.vf.present, pci.vf.bars, pci.vf.msix, pci.vf.command, pci.vf.driver */
#include "checks/checks.h"
#include "parse/kconfig.h"
#include "base/util.h"

#include <stdio.h>
#include <string.h>

void check_pci_present(const struct check_ctx *c, struct result *r);
void check_pci_bars(const struct check_ctx *c, struct result *r);
void check_pci_msix(const struct check_ctx *c, struct result *r);
void check_pci_command(const struct check_ctx *c, struct result *r);
void check_pci_driver(const struct check_ctx *c, struct result *r);

/* A function of another loaded profile (device ids come from profiles). */
static const struct profile *other_profile(const struct check_ctx *c,
					   const struct pcidev *d)
{
	const struct profile_set *ps = c->cat ? c->cat->profiles : NULL;
	int i;

	if (!(d->known & PK_IDS))
		return NULL;
	for (i = 0; ps && i < ps->n; i++)
		if (ps->p[i] != c->prof && !ps->p[i]->platform_any &&
		    profile_matches_device(ps->p[i], d->vendor, d->device) &&
		    !(c->prof && profile_matches_device(c->prof, d->vendor, d->device)))
			return ps->p[i];
	return NULL;
}

static int on_vpci(const struct pcidev *d)
{
	return d->addr.domain != 0 || strstr(d->syspath, "VMBUS") ||
	       strstr(d->syspath, "vmbus");
}

/* Common preamble: PCI data and at least one VF, else a verdict. */
static int need_vfs(const struct check_ctx *c, struct result *r)
{
	if (c->g->pci.part.state != PART_OK) {
		skip_part(r, &c->g->pci.part);
		return 0;
	}
	if (!c->prof) {
		result_set(r, ST_SKIP, "no profile fits this guest");
		return 0;
	}
	if (!c->nvf) {
		result_set(r, ST_SKIP, "no VF of profile '%s' present", c->prof->name);
		return 0;
	}
	return 1;
}

/*
 * The netdevs a function backs, as "eth1, eth2" in @out; their count. One
 * MANA function serves several synthetic NICs, one vPort netdev each.
 */
static int function_netdevs(const struct check_ctx *c, const char *bdf,
			    struct sbuf *out)
{
	int i, n = 0;

	for (i = 0; i < c->g->net.n; i++)
		if (!strcmp(c->g->net.devs[i].pci, bdf))
			sbuf_addf(out, "%s%s", n++ ? ", " : "", c->g->net.devs[i].name);
	return n;
}

void check_pci_present(const struct check_ctx *c, struct result *r)
{
	const struct pci_model *m = &c->g->pci;
	int i, other = 0, off = 0, nnet = 0, vports = 0;
	struct sbuf vp;

	if (m->part.state != PART_OK) {
		if (c->nlogvf) {
			for (i = 0; i < c->nlogvf; i++)
				result_evidence(r, "VF %s (from the kernel log, a netdev link or an interrupt name)",
						c->logvf[i]);
			result_set(r, ST_PASS, "%d VF(s) named by the kernel log, netdev links or interrupt names (no PCI data)",
				   c->nlogvf);
			return;
		}
		skip_part(r, &m->part);
		return;
	}
	result_evidence(r, "%d PCI functions read through %s", m->n, m->method);
	sbuf_init(&vp);
	for (i = 0; i < c->nvf; i++) {
		const struct pcidev *d = c->vf[i];
		struct sbuf names;
		int k;

		sbuf_init(&names);
		k = function_netdevs(c, d->bdf, &names);
		nnet += k;
		result_evidence(r, "%s [%04x:%04x]%s %s%s%s%s", d->bdf, d->vendor, d->device,
				d->ids_from_name ? " (id from name)" : "", d->name,
				k ? "; netdevs: " : "", k ? names.s : "",
				k > 1 ? " (one vPort each)" : "");
		if (k > 1) {
			sbuf_addf(&vp, "%s%d vPort netdevs of %s: %s", vports ? "; " : "",
				  k, d->bdf, names.s);
			vports++;
		}
		sbuf_free(&names);
		if (!on_vpci(d))
			off++;
	}
	for (i = 0; i < m->n; i++) {
		const struct profile *o = other_profile(c, &m->devs[i]);

		if (!o)
			continue;
		other++;
		result_evidence(r, "%s [%04x:%04x] is a VF of profile '%s' (%s)",
				m->devs[i].bdf, m->devs[i].vendor, m->devs[i].device,
				o->name, o->family);
	}
	if (!c->nvf) {
		sbuf_free(&vp);
		if (other)
			result_set(r, ST_FAIL, "no VF of profile '%s', but %d VF(s) of other profiles; try --profile auto",
				   c->prof ? c->prof->name : "-", other);
		else if (c->prof)
			result_set(r, ST_FAIL, "no VF of profile '%s' (%04x:%04x...) present",
				   c->prof->name, c->prof->vendor, c->prof->devices[0]);
		else
			result_set(r, ST_FAIL, "no SR-IOV VF of any profile present");
		return;
	}
	if (off && c->prof && !c->prof->platform_any)
		result_set(r, ST_WARN, "%d VF(s) present, %d not on a vPCI domain",
			   c->nvf, off);
	else if (vports)
		result_set(r, ST_PASS, "%d VF function(s) present%s serving %d netdevs (%s)",
			   c->nvf, c->prof && !c->prof->platform_any ? " on vPCI domains," : ",",
			   nnet, vp.s);
	else
		result_set(r, ST_PASS, "%d VF(s) present%s", c->nvf,
			   c->prof && !c->prof->platform_any ? " on vPCI domains" : "");
	sbuf_free(&vp);
}

void check_pci_bars(const struct check_ctx *c, struct result *r)
{
	int i, k, bad = 0;

	if (!need_vfs(c, r))
		return;
	if (!c->prof->nbars) {
		result_set(r, ST_SKIP, "the profile expects no BARs");
		return;
	}
	for (i = 0; i < c->nvf; i++) {
		const struct pcidev *d = c->vf[i];

		if (!(d->known & PK_BARS)) {
			result_set(r, ST_SKIP, "BARs of %s %s", d->bdf, (d->known & PK_BRIEF) ?
				   "not in this capture (a one-line lspci listing; lspci -vvv shows them)" :
				   "not known");
			return;
		}
		for (k = 0; k < c->prof->nbars; k++) {
			const struct prof_bar *want = &c->prof->bars[k];
			const struct pci_bar *b = &d->bars[want->index];
			char ws[16], gs[16];
			const char *why = NULL;

			format_size(want->size, ws, sizeof(ws));
			format_size(b->size, gs, sizeof(gs));
			if (!b->flags)
				why = "absent";
			else if (b->flags & HVD_RES_UNSET)
				why = "not assigned";
			else if (b->flags & HVD_RES_DISABLED)
				why = "disabled";
			else if ((b->flags & (HVD_RES_MEM | HVD_RES_IO)) !=
				 (want->flags & (HVD_RES_MEM | HVD_RES_IO)) ||
				 ((want->flags & HVD_RES_MEM64) && !(b->flags & HVD_RES_MEM64)) ||
				 ((want->flags & HVD_RES_PREFETCH) && !(b->flags & HVD_RES_PREFETCH)))
				why = "of the wrong type";
			else if (want->size && b->size != want->size)
				why = "of the wrong size";
			if (why) {
				bad++;
				result_evidence(r, "%s BAR %d %s: %s %s at %#llx, expected %s %s",
						d->bdf, want->index, why,
						hvd_res_type_str(b->flags), gs,
						(unsigned long long)b->start,
						hvd_res_type_str(want->flags), ws);
			} else {
				result_evidence(r, "%s BAR %d: %s %s at %#llx", d->bdf,
						want->index, hvd_res_type_str(b->flags), gs,
						(unsigned long long)b->start);
			}
		}
	}
	if (bad)
		result_set(r, ST_FAIL, "%d BAR(s) not as the profile expects", bad);
	else
		result_set(r, ST_PASS, "BARs assigned with the expected type and size");
}

void check_pci_msix(const struct check_ctx *c, struct result *r)
{
	int i, k, bad = 0;

	if (!need_vfs(c, r))
		return;
	for (i = 0; i < c->nvf; i++) {
		const struct pcidev *d = c->vf[i];
		const struct hvd_msix *m = &d->msix;
		hvd_u64 sizes[6];
		enum hvd_msix_place pl;
		int bound = (d->known & PK_DRIVER) && d->driver[0];

		if (!(d->known & PK_CAPS)) {
			result_set(r, ST_SKIP, "capabilities of %s %s", d->bdf, (d->known & PK_BRIEF) ?
				   "not in this capture (a one-line lspci listing; lspci -vvv shows them)" :
				   "not readable (run as root)");
			return;
		}
		if (!d->has_msix) {
			bad++;
			result_evidence(r, "%s has no MSI-X capability", d->bdf);
			continue;
		}
		result_evidence(r, "%s MSI-X: Enable%c Count=%u Masked%c table BAR=%u offset=%08x PBA BAR=%u offset=%08x",
				d->bdf, m->enabled ? '+' : '-', m->table_size,
				m->masked ? '+' : '-', m->table_bir, m->table_offset,
				m->pba_bir, m->pba_offset);
		if (c->prof->msix_min &&
		    (m->table_size < c->prof->msix_min || m->table_size > c->prof->msix_max)) {
			bad++;
			result_evidence(r, "%s table size %u outside the expected %d-%d",
					d->bdf, m->table_size, c->prof->msix_min,
					c->prof->msix_max);
		}
		if (d->known & PK_BARS) {
			for (k = 0; k < 6; k++)
				sizes[k] = (d->bars[k].flags & HVD_RES_MEM) &&
					   !(d->bars[k].flags & HVD_RES_UNSET) ?
					   d->bars[k].size : 0;
			pl = hvd_msix_check_place(m, sizes);
			if (pl != HVD_MSIX_PLACE_OK) {
				bad++;
				result_evidence(r, "%s: %s", d->bdf, hvd_msix_place_str(pl));
			}
		}
		if (bound && !m->enabled) {
			bad++;
			result_evidence(r, "%s: driver %s bound but MSI-X disabled",
					d->bdf, d->driver);
		}
	}
	if (bad)
		result_set(r, ST_FAIL, "%d MSI-X problem(s)", bad);
	else
		result_set(r, ST_PASS, "MSI-X capability as expected, table and PBA inside assigned BARs");
}

void check_pci_command(const struct check_ctx *c, struct result *r)
{
	int i, bad = 0, unbound = 0;

	if (!need_vfs(c, r))
		return;
	for (i = 0; i < c->nvf; i++) {
		const struct pcidev *d = c->vf[i];

		if (!(d->known & PK_CMD)) {
			result_set(r, ST_SKIP, "command register of %s %s", d->bdf, (d->known & PK_BRIEF) ?
				   "not in this capture (a one-line lspci listing; lspci -vvv shows it)" :
				   "not known");
			return;
		}
		result_evidence(r, "%s Control: Mem%c BusMaster%c", d->bdf,
				d->mem_enabled ? '+' : '-', d->bus_master ? '+' : '-');
		if (d->mem_enabled && d->bus_master)
			continue;
		if ((d->known & PK_DRIVER) && !d->driver[0])
			unbound++;	/* a driver enables both when it binds */
		else
			bad++;
	}
	if (bad)
		result_set(r, ST_FAIL, "memory decoding or bus mastering off on a bound VF");
	else if (unbound)
		result_set(r, ST_SKIP, "decoding off, but no driver is bound (see pci.vf.driver)");
	else
		result_set(r, ST_PASS, "memory decoding and bus mastering enabled");
}

/*
 * Why the profile's driver is not bound, from the kernel config (the
 * profile's `kconfig` options) and the module list: a kernel without the
 * driver binds nothing and prints nothing, so traffic silently stays on
 * the synthetic NIC. Appends to @why; returns the evidence count.
 */
static int why_unbound(const struct check_ctx *c, struct result *r,
		       struct sbuf *why)
{
	const struct kconfig_model *k = &c->g->kconfig;
	const struct modules_model *mo = &c->g->modules;
	const char *drv = c->prof->driver;
	int i, lacking = 0, module = 0, loaded = 0, n = 0;

	for (i = 0; k->part.state == PART_OK && i < c->prof->nkconfig; i++) {
		const struct prof_kconfig *o = &c->prof->kconfig[i];
		const char *v = kconfig_lookup(k, o->name);

		if (v && kconfig_accepts(o->values, v)) {
			module |= !strcmp(v, "m");
			continue;
		}
		lacking++;
		n++;
		result_evidence(r, "kernel config %s: %s %s; needs %s: %s", k->part.origin,
				o->name, v ? "is not set" : "is absent", o->values, o->why);
		sbuf_addf(why, "%s the kernel is built without %s", lacking > 1 ? "," : ";",
			  o->name);
	}
	if (lacking)
		return n;
	if (mo->part.state == PART_OK && (module || k->part.state != PART_OK)) {
		for (i = 0; i < mo->n; i++)
			loaded |= !strcmp(mo->names[i], drv);
		n++;
		if (loaded) {
			result_evidence(r, "%s is loaded (%s) but did not bind the VF: driver_override, or a driver too old for this device id",
					drv, mo->part.origin);
			sbuf_addf(why, "; %s is loaded but not bound", drv);
		} else {
			result_evidence(r, "%s is not in the module list (%s): not loaded",
					drv, mo->part.origin);
			sbuf_addf(why, "; %s is not loaded", drv);
		}
	} else if (k->part.state == PART_OK && c->prof->nkconfig && !module) {
		n++;
		result_evidence(r, "%s is built into the kernel (%s) but did not bind the VF",
				drv, k->part.origin);
		sbuf_addf(why, "; %s is built in but not bound", drv);
	} else if (k->part.state != PART_OK && mo->part.state != PART_OK) {
		n++;
		result_evidence(r, "no kernel config and no module list in the source to tell why");
	}
	return n;
}

void check_pci_driver(const struct check_ctx *c, struct result *r)
{
	int i, bad = 0, none = 0;
	struct sbuf why;

	if (!need_vfs(c, r))
		return;
	if (!c->prof->driver) {
		result_set(r, ST_SKIP, "the profile names no driver");
		return;
	}
	for (i = 0; i < c->nvf; i++) {
		const struct pcidev *d = c->vf[i];

		if (!(d->known & PK_DRIVER)) {
			result_set(r, ST_SKIP, "driver of %s %s", d->bdf, (d->known & PK_BRIEF) ?
				   "not in this capture (a one-line lspci listing; lspci -k shows it)" :
				   "not known");
			return;
		}
		result_evidence(r, "%s [%04x:%04x]: driver %s", d->bdf, d->vendor, d->device,
				d->driver[0] ? d->driver : "(none)");
		if (strcmp(d->driver, c->prof->driver))
			bad++;
		none += !d->driver[0];
	}
	if (!bad) {
		result_set(r, ST_PASS, "bound to %s", c->prof->driver);
		return;
	}
	sbuf_init(&why);
	if (none)
		why_unbound(c, r, &why);
	result_set(r, ST_FAIL, "%d VF(s) not bound to %s%s", bad, c->prof->driver,
		   why.s ? why.s : "");
	sbuf_free(&why);
}
