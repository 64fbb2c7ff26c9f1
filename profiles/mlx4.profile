# ConnectX-3 VF with the upstream (inbox) mlx4 driver, any kernel era.
profile       mlx4
description   ConnectX-3 VF, upstream mlx4_core/mlx4_en
vendor        15b3
device        1004
# names as pci.ids spells them, for lspci listings without ids (-nn)
vendor-name   Mellanox
pci-name      1004 ConnectX-3/ConnectX-3 Pro Virtual Function
driver        mlx4_core
netdev-driver mlx4_en
# kernel.vf_drivers: an image that may meet this VF needs these modules
# (built in, in /lib/modules, or the option set)
kernel-driver mlx4_core CONFIG_MLX4_CORE
kernel-driver mlx4_en CONFIG_MLX4_EN
rdma-prefix   mlx4_
platform      hyperv
bar           2 mem64 pref 8M
msix          1-2048
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
sig           mlx4_en {BDF}: Activating port:1
# netvsc takes the VF: "joined to" (transparent VF bonding, 4.13+ and the
# 3.10 backport), "VF registering" / "VF up" (older kernels print no
# "joined to"), or the data path switch
sig           mlx4_core {BDF} {IF}: joined to {IF} | VF registering: {IF} | {IF}: VF up: {IF} | Data path switched to VF: {IF}
forbid        mlx4_core {BDF}: INTx is not supported in multi-function mode
