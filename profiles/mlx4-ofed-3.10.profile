# ConnectX-3 VF with Mellanox OFED 4.2 mlx4_core on upstream 3.10.108 plus
# the vmbus/pci-hyperv backport: the bring-up the seed HOWTO describes.
# Signature lines are the seed capture's, in its order.
profile       mlx4-ofed-3.10
description   ConnectX-3 VF, Mellanox OFED 4.2 mlx4 on 3.10.108 + vmbus/pci-hyperv backport
vendor        15b3
device        1004
# names as pci.ids spells them, for lspci listings without ids (-nn)
vendor-name   Mellanox
pci-name      1004 ConnectX-3/ConnectX-3 Pro Virtual Function
driver        mlx4_core
netdev-driver mlx4_en
# kernel.vf_drivers: OFED's modules live in /lib/modules/<release>/updates
# (or extra), the kernel's options unset
kernel-driver mlx4_core CONFIG_MLX4_CORE
kernel-driver mlx4_en CONFIG_MLX4_EN
rdma-prefix   mlx4_
platform      hyperv
bar           2 mem64 pref 8M
msix          24-108
flap-per-hour 10
# Evidence of OFED that the inbox driver never prints: auto takes this
# profile for a VF only when one of these is in the log. The inbox
# mlx4_core says "driver v4.0-0" (or v2.2-1, v1.1); OFED's banner carries
# its release, "v4.2-1.2.0". The MSI/MSI-X lines are those of the 3.10
# kernels this profile is for.
detect        Mellanox ConnectX core driver v{N}.{N}-{N}.{N}.{N}
detect        MLNX_OFED
detect        mlx_compat
detect        mlx4_core {BDF}: irq {N} for MSI/MSI-X
# any line of the driver that names the VF (VFs of a log without PCI
# data; whether the log holds the VF's bring-up at all)
vf-line       mlx4_core {BDF}
vf-line       mlx4_en {BDF}
vf-line       mlx4_en: {BDF}
sig           mlx4_core {BDF}: Detected virtual function - running in slave mode
sig           mlx4_core {BDF}: Sending reset
sig           mlx4_core {BDF}: Sending vhcr0
sig           mlx4_core {BDF}: HCA minimum page size:512
sig           mlx4_core {BDF}: Timestamping is not supported in slave mode
# KERN_DEBUG in the kernel's MSI set-up: in dmesg, not in syslog files;
# gone from 4.x kernels
sig?          mlx4_core {BDF}: irq {N} for MSI/MSI-X
sig           mlx4_en {BDF}: Activating port:1
sig           mlx4_en: {BDF}: Port 1: Initializing port
# netvsc takes the VF: "joined to" (transparent VF, 3.10 backport and
# 4.13+), "VF registering" and "VF up" (4.4 backport), or the data path
sig           mlx4_core {BDF} {IF}: joined to {IF} | VF registering: {IF} | {IF}: VF up: {IF} | Data path switched to VF: {IF}
forbid        mlx4_core {BDF}: INTx is not supported in multi-function mode
