# ConnectX-4/4 Lx/5/6 VFs with mlx5_core (Azure accelerated networking).
profile       mlx5
description   ConnectX-4/5/6 VF, mlx5_core
vendor        15b3
device        1014 1016 1018 101a 101c 101e
# names as pci.ids spells them, for lspci listings without ids (-nn)
vendor-name   Mellanox
pci-name      1014 ConnectX-4 Virtual Function
pci-name      1016 ConnectX-4 Lx Virtual Function
pci-name      1018 ConnectX-5 Virtual Function
pci-name      101a ConnectX-5 Ex Virtual Function
pci-name      101c ConnectX-6 Virtual Function
pci-name      101e ConnectX Family mlx5Gen Virtual Function
driver        mlx5_core
netdev-driver mlx5_core
# kernel.vf_drivers: an image that may meet this VF needs this module
kernel-driver mlx5_core CONFIG_MLX5_CORE
rdma-prefix   mlx5_
platform      hyperv
bar           0 mem64 pref
msix          1-2048
# any line of the driver that names the VF (VFs of a log without PCI
# data; whether the log holds the VF's bring-up at all)
vf-line       mlx5_core {BDF}
# the PCI core's enumeration line: KERN_DEBUG on 3.10 kernels (CentOS 7
# prints only "BAR 0: assigned"), info on later ones
sig?          pci {BDF}: [15b3:{HEX}] type 00 class 0x020000
sig           mlx5_core {BDF}: firmware version: {N}.{N}.{N}
# netvsc takes the VF: "joined to" (4.13+), "VF registering" / "VF up"
# (older kernels, e.g. CentOS 7.3's 3.10, print no "joined to"), or the
# data path switch
sig           mlx5_core {BDF} {IF}: joined to {IF} | VF registering: {IF} | {IF}: VF up: {IF} | Data path switched to VF: {IF}
