// SPDX-License-Identifier: GPL-2.0
/* vmbus.up, vmbus.pci_channel, vmbus.utils, vmbus.pci_domain */
#include "checks/checks.h"
#include "base/util.h"
#include "model/vmbus_names.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void check_vmbus_up(const struct check_ctx *c, struct result *r);
void check_vmbus_pci_channel(const struct check_ctx *c, struct result *r);
void check_vmbus_utils(const struct check_ctx *c, struct result *r);
void check_vmbus_pci_domain(const struct check_ctx *c, struct result *r);

void check_vmbus_up(const struct check_ctx *c, struct result *r)
{
	const struct vmbus_model *v = &c->g->vmbus;
	const struct log_hits *h = log_event(c, EV_VMBUS_VERSION);
	const char *ver = NULL;
	char buf[32];

	if (h && h->count) {
		const char *p = strstr(h->hit[0].text, "Vmbus version:");

		evidence_hit(r, &h->hit[0]);
		if (p) {
			hv_strlcpy(buf, p + 14, sizeof(buf));
			buf[strcspn(buf, " ;,")] = '\0';
			ver = buf;
		}
	}
	if (v->part.state == PART_OK && v->n) {
		result_evidence(r, "%d vmbus devices in %s", v->n, v->part.origin);
		result_set(r, ST_PASS, "vmbus connected, protocol %s",
			   ver ? ver : "not in the log");
		return;
	}
	if (ver) {
		result_set(r, ST_PASS, "vmbus connected, protocol %s", ver);
		return;
	}
	if (v->part.state == PART_OK) {
		result_set(r, ST_FAIL, "vmbus is loaded but offers no device");
		return;
	}
	skip_part(r, &v->part);
}

void check_vmbus_pci_channel(const struct check_ctx *c, struct result *r)
{
	const struct vmbus_model *v = &c->g->vmbus;
	const struct log_hits *reg = log_event(c, EV_REG_HV_PCI);
	const struct log_hits *probe = log_event(c, EV_HV_PCI_PROBE);
	const struct log_hits *br = log_event(c, EV_HOST_BRIDGE);
	const struct log_hits *br_n = log_event(c, EV_HOST_BRIDGE_VMBUS_N);
	int i, n = 0, bound = 0;

	if (v->part.state == PART_OK && v->n) {
		for (i = 0; i < v->n; i++) {
			const struct vmbus_dev *d = &v->devs[i];

			if (strcmp(d->class_id, VMBUS_GUID_PCI))
				continue;
			n++;
			bound += !strcmp(d->driver, "hv_pci");
			result_evidence(r, "vmbus %s: PCI pass-through, driver %s",
					d->name, d->driver[0] ? d->driver : "(none)");
		}
		if (!n)
			result_set(r, ST_FAIL, "no PCI pass-through device offered on vmbus");
		else if (bound < n)
			result_set(r, ST_FAIL, "%d of %d PCI pass-through devices not bound to hv_pci",
				   n - bound, n);
		else
			result_set(r, ST_PASS, "%d PCI pass-through device(s) bound to hv_pci", n);
		return;
	}
	/* older kernels name the hv_pci device vmbus_N, not by GUID */
	if (br && !br->count && br_n && br_n->count)
		br = br_n;
	if (reg && (reg->count || (probe && probe->count) || (br && br->count))) {
		if (reg->count)
			evidence_hit(r, &reg->hit[0]);
		if (probe && probe->count)
			evidence_hit(r, &probe->hit[0]);
		if (br && br->count)
			evidence_hit(r, &br->hit[0]);
		if (br && br->count)
			result_set(r, ST_PASS, "hv_pci created %lu PCI host bridge(s)",
				   br->count);
		else if (reg->count)
			result_set(r, ST_WARN, "hv_pci registered but created no host bridge in the log");
		else
			result_set(r, ST_PASS, "hv_pci probed a pass-through device");
		return;
	}
	skip_part(r, &v->part);
}

void check_vmbus_utils(const struct check_ctx *c, struct result *r)
{
	const struct vmbus_model *v = &c->g->vmbus;
	const struct log_hits *reg = log_event(c, EV_REG_HV_UTIL);
	const struct log_hits *pci = log_event(c, EV_REG_HV_PCI);
	size_t u;
	int i, missing = 0, found = 0;

	if (v->part.state == PART_OK && v->n) {
		for (u = 0; u < vmbus_nclasses; u++)
			for (i = 0; i < v->n; i++) {
				const struct vmbus_dev *d = &v->devs[i];
				const struct vmbus_class *k = &vmbus_classes[u];

				if (!k->util || strcmp(d->class_id, k->guid))
					continue;
				found++;
				if (!d->driver[0]) {
					missing++;
					result_evidence(r, "%s device %s has no driver",
							k->util, d->name);
				} else {
					result_evidence(r, "%s device %s: %s",
							k->util, d->name, d->driver);
				}
			}
		if (!found)
			result_set(r, ST_WARN, "no heartbeat, KVP, shutdown or timesync device offered");
		else if (missing)
			result_set(r, ST_WARN, "%d integration service device(s) unbound", missing);
		else
			result_set(r, ST_PASS, "%d integration service devices bound", found);
		return;
	}
	if (reg && reg->count) {
		evidence_hit(r, &reg->hit[0]);
		result_set(r, ST_PASS, "the util driver registered");
		return;
	}
	if (pci && pci->count) {
		/* A boot log that shows vmbus drivers but not the utils. */
		evidence_hit(r, &pci->hit[0]);
		result_set(r, ST_WARN, "vmbus drivers registered, but not hv_util(s)");
		return;
	}
	skip_part(r, &v->part);
}

/* Domain rules of facts §4: bytes 4-5 (5.4+) or bytes 8-9 (4.6-5.3). */
static int domain_rules(const char *guid, unsigned int *modern,
			unsigned int *older)
{
	char g2[5], g4[5];

	if (strlen(guid) < 36)
		return -1;
	memcpy(g2, guid + 9, 4);
	g2[4] = '\0';
	memcpy(g4, guid + 19, 4);
	g4[4] = '\0';
	*modern = (unsigned int)strtoul(g2, NULL, 16);
	*older = (unsigned int)strtoul(g4, NULL, 16);
	return 0;
}

/* "…/VMBUS:01/<guid>/pci<dom>:00/…": the vmbus instance in a sysfs path. */
static int guid_in_path(const char *path, char *guid, size_t n)
{
	const char *q;

	for (q = strchr(path, '/'); q; q = strchr(q + 1, '/'))
		if (strlen(q + 1) >= 37 && q[9] == '-' && q[14] == '-' &&
		    q[19] == '-' && q[24] == '-' && q[37] == '/') {
			hv_strlcpy(guid, q + 1, 37 < n ? 37 : n);
			return 0;
		}
	return -1;
}

/* The hv_pci instance a VF hangs under: sysfs paths, else the log. */
int vf_vmbus_guid(const struct check_ctx *c, const struct pcidev *d,
		  const char *bdf, char *guid, size_t n)
{
	const struct log_hits *br = log_event(c, EV_HOST_BRIDGE);
	int k;

	if (d && (d->known & PK_PATH) && !guid_in_path(d->syspath, guid, n))
		return 0;
	for (k = 0; k < c->g->net.n; k++)
		if (!strcmp(c->g->net.devs[k].pci, bdf) &&
		    !guid_in_path(c->g->net.devs[k].syspath, guid, n))
			return 0;
	for (k = 0; br && k < br->kept; k++) {
		const char *t = strstr(br->hit[k].text, "to bus ");

		if (t && !strncmp(t + 7, bdf, 4)) {
			hv_strlcpy(guid, br->hit[k].dev, n);
			return 0;
		}
	}
	return -1;
}

void check_vmbus_pci_domain(const struct check_ctx *c, struct result *r)
{
	const struct pci_model *pm = &c->g->pci;
	int i, k, dup = 0, unknown = 0, odd = 0, novpci = 0, n;

	n = c->nvf ? c->nvf : c->nlogvf;
	if (!n) {
		result_set(r, ST_SKIP, "no VF to follow");
		return;
	}
	for (i = 0; i < n; i++) {
		const struct pcidev *d = c->nvf ? c->vf[i] : NULL;
		const char *bdf = d ? d->bdf : c->logvf[i];
		unsigned int dom = (unsigned int)strtoul(bdf, NULL, 16);
		unsigned int modern, older;
		char guid[40];
		const struct netdev *nd[4];
		int nn, same = 0;

		if (d && !dom && !strstr(d->syspath, "VMBUS")) {
			novpci++;
			result_evidence(r, "%s is not a vPCI device (domain 0, not under vmbus)",
					bdf);
			continue;
		}
		/* Functions of one device share a domain; two devices must not. */
		for (k = 0; d && k < pm->n; k++) {
			const struct pcidev *o = &pm->devs[k];

			if (o->addr.domain == dom && o != d &&
			    (o->addr.bus != d->addr.bus || o->addr.dev != d->addr.dev))
				same++;
		}
		if (same) {
			dup++;
			result_evidence(r, "%s: domain %04x is shared with another function",
					bdf, dom);
		}
		if (vf_vmbus_guid(c, d, bdf, guid, sizeof(guid)) ||
		    domain_rules(guid, &modern, &older)) {
			unknown++;
			result_evidence(r, "%s: no hv_pci instance found for domain %04x",
					bdf, dom);
			continue;
		}
		{
			struct check_ctx one = *c;

			one.nvf = 0;
			one.nlogvf = 1;
			hv_strlcpy(one.logvf[0], bdf, sizeof(one.logvf[0]));
			nn = vf_netdevs(&one, nd, 4);
		}
		result_evidence(r, "vmbus %s -> domain %04x -> %s -> %s -> %s", guid,
				dom, bdf, nn ? nd[0]->name : "(no netdev)",
				nn && nd[0]->master[0] ? nd[0]->master : "(no synthetic NIC)");
		if (dom == modern)
			result_evidence(r, "%s: domain from instance bytes 4-5 (kernel 5.4+ rule)", bdf);
		else if (dom == older)
			result_evidence(r, "%s: domain from instance bytes 8-9 (kernel 4.6-5.3 rule)", bdf);
		else if (dom < 0x100)
			result_evidence(r, "%s: domain is a child serial number (Microsoft backport rule)", bdf);
		else {
			odd++;
			result_evidence(r, "%s: domain %04x matches no known rule for %s",
					bdf, dom, guid);
		}
	}
	if (novpci == n)
		result_set(r, ST_SKIP, "no VF on a vPCI domain");
	else if (dup)
		result_set(r, ST_FAIL, "PCI domain collision between vPCI devices");
	else if (unknown + novpci == n)
		result_set(r, ST_SKIP, "no vmbus instance to compare with (need sysfs or hv_pci log lines)");
	else if (odd)
		result_set(r, ST_WARN, "a VF domain does not follow from its vmbus instance");
	else
		result_set(r, ST_PASS, "each VF's domain follows from its vmbus instance and is unique");
}
