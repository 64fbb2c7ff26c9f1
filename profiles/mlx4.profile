# ConnectX-3 VF with the upstream mlx4 driver (4.x and later kernels).
profile       mlx4
description   ConnectX-3 VF, upstream mlx4_core/mlx4_en
vendor        15b3
device        1004
driver        mlx4_core
netdev-driver mlx4_en
rdma-prefix   mlx4_
platform      hyperv
bar           2 mem64 pref 8M
msix          1-2048
sig           mlx4_core {BDF}: Detected virtual function - running in slave mode
sig           mlx4_core {BDF}: Sending reset
sig           mlx4_core {BDF}: Sending vhcr0
sig           mlx4_core {BDF}: HCA minimum page size:512
sig           mlx4_core {BDF}: Timestamping is not supported in slave mode
sig           mlx4_en {BDF}: Activating port:1
forbid        mlx4_core {BDF}: INTx is not supported in multi-function mode
kconfig       CONFIG_HYPERV            y,m  vmbus itself: without it no synthetic device exists
kconfig       CONFIG_HYPERV_NET        y,m  netvsc, the synthetic NIC the VF is joined to
kconfig       CONFIG_PCI_HYPERV        y,m  Hyper-V virtual PCI: without it no VF ever appears
kconfig       CONFIG_PCI_MSI           y    the VF works only with MSI-X
kconfig       CONFIG_MLX4_CORE         y,m  the VF's core driver
kconfig       CONFIG_MLX4_EN           y,m  the VF's Ethernet driver
