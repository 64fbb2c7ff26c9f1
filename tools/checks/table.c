// SPDX-License-Identifier: GPL-2.0
/* The registry: stable ids, in report order. */
#include "checks/checks.h"

void check_platform_hyperv(const struct check_ctx *c, struct result *r);
void check_kernel_config(const struct check_ctx *c, struct result *r);
void check_vmbus_up(const struct check_ctx *c, struct result *r);
void check_vmbus_pci_channel(const struct check_ctx *c, struct result *r);
void check_vmbus_utils(const struct check_ctx *c, struct result *r);
void check_vmbus_pci_domain(const struct check_ctx *c, struct result *r);
void check_pci_present(const struct check_ctx *c, struct result *r);
void check_pci_bars(const struct check_ctx *c, struct result *r);
void check_pci_msix(const struct check_ctx *c, struct result *r);
void check_pci_command(const struct check_ctx *c, struct result *r);
void check_pci_driver(const struct check_ctx *c, struct result *r);
void check_driver_sequence(const struct check_ctx *c, struct result *r);
void check_driver_errors(const struct check_ctx *c, struct result *r);
void check_irq_spread(const struct check_ctx *c, struct result *r);
void check_net_bonded(const struct check_ctx *c, struct result *r);
void check_net_ip(const struct check_ctx *c, struct result *r);
void check_net_flaps(const struct check_ctx *c, struct result *r);
void check_rdma_port(const struct check_ctx *c, struct result *r);
void check_kernel_vf_drivers(const struct check_ctx *c, struct result *r);
void check_image_vf_unmanaged(const struct check_ctx *c, struct result *r);
void check_net_datapath(const struct check_ctx *c, struct result *r);

const struct check checks[] = {
	{ "platform.hyperv", "platform", "running on Hyper-V", check_platform_hyperv },
	{ "kernel.config", "kconfig", "kernel options for Hyper-V SR-IOV", check_kernel_config },
	{ "vmbus.up", "vmbus", "vmbus connected", check_vmbus_up },
	{ "vmbus.pci_channel", "vmbus", "PCI pass-through channel bound to hv_pci", check_vmbus_pci_channel },
	{ "vmbus.utils", "vmbus", "integration services bound", check_vmbus_utils },
	{ "vmbus.pci_domain", "vmbus", "VF domain follows from its vmbus instance", check_vmbus_pci_domain },
	{ "pci.vf.present", "pci", "VF present on a vPCI domain", check_pci_present },
	{ "pci.vf.bars", "pci", "VF BARs assigned as expected", check_pci_bars },
	{ "pci.vf.msix", "pci", "VF MSI-X capability", check_pci_msix },
	{ "pci.vf.command", "pci", "memory decoding and bus mastering", check_pci_command },
	{ "pci.vf.driver", "pci", "VF bound to the profile's driver", check_pci_driver },
	{ "driver.init.sequence", "driver", "driver signature in order", check_driver_sequence },
	{ "driver.errors", "driver", "no known-bad kernel-log line", check_driver_errors },
	{ "irq.vf.spread", "irq", "VF interrupts spread over CPUs", check_irq_spread },
	{ "net.vf.bonded", "net", "VF joined to the synthetic NIC", check_net_bonded },
	{ "net.ip.placement", "net", "addresses on the synthetic NIC only", check_net_ip },
	{ "net.vf.flaps", "net", "VF removal rate", check_net_flaps },
	{ "net.vf.datapath", "net", "traffic flows through the VF", check_net_datapath },
	{ "rdma.port", "rdma", "RDMA port active", check_rdma_port },
	{ "kernel.vf_drivers", "image", "kernel drives every VF family", check_kernel_vf_drivers },
	{ "image.vf_unmanaged", "image", "managers kept off VFs, in the initrd too", check_image_vf_unmanaged },
};

const int nchecks = sizeof(checks) / sizeof(checks[0]);
