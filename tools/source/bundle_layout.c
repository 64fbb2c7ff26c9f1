// SPDX-License-Identifier: GPL-2.0
/* The bundle's layout: one table for its writer and its reader. */
#include "source/bundle_layout.h"
#include "base/compat.h"
#include "base/util.h"

#include <errno.h>
#include <string.h>

const struct bundle_file bundle_files[BF_COUNT] = {
	[BF_SYS_VENDOR] = { "/sys/class/dmi/id/sys_vendor", BH_COPY, NULL, -1 },
	[BF_PRODUCT_NAME] = { "/sys/class/dmi/id/product_name", BH_COPY, NULL, -1 },
	[BF_BIOS_VERSION] = { "/sys/class/dmi/id/bios_version", BH_COPY, NULL, -1 },
	[BF_CPU_ONLINE] = { "/sys/devices/system/cpu/online", BH_COPY, NULL, -1 },
	[BF_INTERRUPTS] = { "/proc/interrupts", BH_COPY, NULL, TXT_INTERRUPTS },
	[BF_MODULES] = { "/proc/modules", BH_COPY, NULL, TXT_MODULES },
	[BF_CMDLINE] = { "/proc/cmdline", BH_COPY, NULL, TXT_CMDLINE },
	[BF_OSRELEASE] = { "/proc/sys/kernel/osrelease", BH_COPY, NULL, -1 },
	[BF_ETHTOOL] = { "/ethtool-S-%s.txt", BH_WRITTEN, NULL, -1 },
	[BF_IMAGE] = { "/image.txt", BH_WRITTEN, NULL, -1 },
	[BF_DMESG] = { "/dmesg.txt", BH_KLOG, NULL, TXT_KLOG },
	[BF_VAR_DMESG] = { "/var/log/dmesg", BH_FOUND, NULL, TXT_KLOG },
	[BF_LSPCI] = { "/lspci-vvv.txt", BH_COMMAND,
		       "lspci -D -nn -vvv 2>/dev/null", TXT_LSPCI },
	[BF_IPADDR] = { "/ip-addr.txt", BH_COMMAND, "ip addr 2>/dev/null",
			TXT_IPADDR },
	[BF_MANIFEST] = { "/MANIFEST", BH_WRITTEN, NULL, TXT_MANIFEST },
};

static const char *const pci_attrs[] = {
	"config", "resource", "vendor", "device", "subsystem_vendor",
	"subsystem_device", "class", "revision", "irq", "enable", "numa_node",
	"local_cpulist", "msi_bus", NULL,
};
static const char *const vmbus_attrs[] = {
	"id", "class_id", "device_id", "state", "monitor_id", "modalias",
	"channel_vp_mapping", "vendor", "device", "numa_node", NULL,
};
static const char *const net_attrs[] = {
	"address", "flags", "operstate", "ifindex", "mtu", "carrier", "type", NULL,
};
static const char *const ib_attrs[] = { "ports/1/state", NULL };
static const char *const driver_link[] = { "driver", NULL };
static const char *const device_link[] = { "device", NULL };

/* A NIC's tree has more (collect/bundle_write.c): its device's driver
 * link, master, lower_ and upper_ links, and udev's record of it. */
const struct bundle_tree bundle_trees[BT_COUNT] = {
	[BT_PCI] = { "/sys/bus/pci/devices", pci_attrs, driver_link,
		     "msi_irqs", "%s" },
	[BT_VMBUS] = { "/sys/bus/vmbus/devices", vmbus_attrs, driver_link,
		       "channels", "%s/cpu" },
	[BT_NET] = { "/sys/class/net", net_attrs, device_link, NULL, NULL },
	[BT_IB] = { "/sys/class/infiniband", ib_attrs, device_link, NULL,
		    NULL },
};

static const char *const key_names[] = {
	[MF_FORMAT] = "format",
	[MF_HVDIAG] = "hvdiag",
	[MF_KERNEL_RELEASE] = "kernel-release",
	[MF_CREATED] = "created",
	[MF_REDACTED] = "redacted",
	[MF_HYPERVISOR] = "hypervisor",
	[MF_TRUNCATED] = "truncated",
};

const char *bundle_key_name(enum bundle_key k)
{
	return key_names[k];
}

int bundle_manifest_get(const struct source *s, enum bundle_key k,
			char *buf, size_t n)
{
	const char *key = bundle_key_name(k);
	size_t kl = strlen(key), len;
	struct linereader lr;
	char *line;
	int r = src_open_text(s, TXT_MANIFEST, &lr, NULL, 0, NULL);

	if (r)
		return r;
	r = -ENOENT;
	/* the last line of the key wins, as a later setting does */
	while (lr_next(&lr, &line, &len) == 1) {
		if (strncmp(line, key, kl) || line[kl] != ':')
			continue;
		hv_strlcpy(buf, hv_trim(line + kl + 1), n);
		r = 0;
	}
	src_close_text(&lr);
	return r;
}
