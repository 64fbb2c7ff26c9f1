// SPDX-License-Identifier: GPL-2.0
/*
 * Is this a Hyper-V guest? Live: the CPUID hypervisor leaf. Offline: DMI
 * strings in the bundle's sysfs copy; the kernel log is read by the check.
 */
#include "collect/collect.h"
#include "base/compat.h"
#include "base/util.h"
#include "source/source.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int manifest_hypervisor(struct guest *g, char *out, size_t n)
{
	struct linereader lr;
	char *line;
	size_t len;
	int found = 0;

	if (src_open_text(g->src, TXT_MANIFEST, &lr, NULL, 0, NULL))
		return 0;
	while (lr_next(&lr, &line, &len) == 1)
		if (hv_startswith(line, "hypervisor:")) {
			hv_strlcpy(out, hv_trim(line + 11), n);
			found = 1;
		}
	src_close_text(&lr);
	return found;
}

int platform_cpuid_vendor(char *out, size_t n)
{
	return compat_cpuid_vendor(out, n);
}

static int count_cpus(struct guest *g)
{
	char buf[256];
	int n = 0, a, b;
	char *p;

	if (src_read_attr(g->src, "/sys/devices/system/cpu/online", buf,
			  sizeof(buf)) <= 0)
		return 0;
	for (p = strtok(buf, ","); p; p = strtok(NULL, ",")) {
		if (sscanf(p, "%d-%d", &a, &b) == 2 && b >= a)
			n += b - a + 1;
		else if (sscanf(p, "%d", &a) == 1)
			n++;
	}
	return n;
}

void collect_platform(struct guest *g)
{
	struct platform_model *m = &g->platform;
	char vendor[128], product[128];
	int hv, pv;

	m->hyperv = -1;
	m->ncpu = count_cpus(g);
	if (g->src->kind == SRC_LIVE && !compat_cpuid_vendor(m->hypervisor,
						      sizeof(m->hypervisor))) {
		m->hyperv = !strcmp(m->hypervisor, "Microsoft Hv");
		snprintf(m->evidence, sizeof(m->evidence),
			 "CPUID 0x40000000 hypervisor vendor: '%s'",
			 m->hypervisor[0] ? m->hypervisor : "(no hypervisor)");
		m->part.state = PART_OK;
		if (!m->ncpu) {
			long n = sysconf(_SC_NPROCESSORS_ONLN);

			m->ncpu = n > 0 ? (int)n : 0;
		}
		return;
	}
	/* collect records the CPUID verdict, which a bundle cannot re-read */
	if (manifest_hypervisor(g, m->hypervisor, sizeof(m->hypervisor))) {
		m->hyperv = !strcmp(m->hypervisor, "Microsoft Hv");
		snprintf(m->evidence, sizeof(m->evidence),
			 "MANIFEST: CPUID hypervisor vendor '%s' at collection",
			 m->hypervisor[0] ? m->hypervisor : "(no hypervisor)");
		m->part.state = PART_OK;
		return;
	}
	hv = src_read_attr(g->src, "/sys/class/dmi/id/sys_vendor", vendor,
			   sizeof(vendor));
	pv = src_read_attr(g->src, "/sys/class/dmi/id/product_name", product,
			   sizeof(product));
	if (hv > 0) {
		m->hyperv = !strcmp(vendor, "Microsoft Corporation") &&
			    pv > 0 && !strcmp(product, "Virtual Machine");
		snprintf(m->evidence, sizeof(m->evidence),
			 "DMI: sys_vendor '%s', product_name '%s'", vendor,
			 pv > 0 ? product : "?");
		m->part.state = PART_OK;
		return;
	}
	part_set(&m->part, PART_ABSENT, "no CPUID or DMI data in the source");
}
