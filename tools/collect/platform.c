// SPDX-License-Identifier: GPL-2.0
/*
 * Is this a Hyper-V guest? Live: the CPUID hypervisor leaf. Offline: DMI
 * strings in the bundle's sysfs copy; the kernel log is read by the check.
 */
#include "collect/collect.h"
#include "base/compat.h"
#include "base/util.h"
#include "source/source.h"
#include "source/bundle_layout.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* collect records the CPUID verdict in the MANIFEST; 1 when it did */
static int manifest_hypervisor(const struct source *src, char *out, size_t n)
{
	return !bundle_manifest_get(src, MF_HYPERVISOR, out, n);
}

int platform_cpuid_vendor(char *out, size_t n)
{
	return compat_cpuid_vendor(out, n);
}

static int count_cpus(const struct source *src)
{
	char buf[256];
	int n = 0, a, b;
	char *p;

	if (src_read_attr(src, "/sys/devices/system/cpu/online", buf,
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

/* The CPUID verdict, live, or the one collect recorded in the MANIFEST;
 * 1 when there is one. */
static int platform_cpuid(const struct source *src, struct platform_model *m)
{
	int live = src->kind == SRC_LIVE;

	if (live ? compat_cpuid_vendor(m->hypervisor, sizeof(m->hypervisor)) :
	    !manifest_hypervisor(src, m->hypervisor, sizeof(m->hypervisor)))
		return 0;
	m->hyperv = !strcmp(m->hypervisor, "Microsoft Hv");
	snprintf(m->evidence, sizeof(m->evidence), live ?
		 "CPUID 0x40000000 hypervisor vendor: '%s'" :
		 "MANIFEST: CPUID hypervisor vendor '%s' at collection",
		 m->hypervisor[0] ? m->hypervisor : "(no hypervisor)");
	m->part.state = PART_OK;
	if (live && !m->ncpu) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		m->ncpu = n > 0 ? (int)n : 0;
	}
	return 1;
}

void collect_platform(const struct source *src, struct guest *g)
{
	struct platform_model *m = &g->platform;
	char vendor[128], product[128];
	int hv, pv;

	m->hyperv = -1;
	m->ncpu = count_cpus(src);
	if (platform_cpuid(src, m))
		return;
	hv = src_read_attr(src, "/sys/class/dmi/id/sys_vendor", vendor,
			   sizeof(vendor));
	pv = src_read_attr(src, "/sys/class/dmi/id/product_name", product,
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
