# ConnectX-3 VF with Mellanox OFED 4.2 mlx4_core on upstream 3.10.108 plus
# the vmbus/pci-hyperv backport: the bring-up the seed HOWTO describes.
# Signature lines are the seed capture's, in its order.
profile       mlx4-ofed-3.10
description   ConnectX-3 VF, Mellanox OFED 4.2 mlx4 on 3.10.108 + vmbus/pci-hyperv backport
vendor        15b3
device        1004
driver        mlx4_core
netdev-driver mlx4_en
rdma-prefix   mlx4_
platform      hyperv
bar           2 mem64 pref 8M
msix          24-108
flap-per-hour 10
detect        mlx_compat
detect        Mellanox ConnectX core driver v4.
sig           mlx4_core {BDF}: Detected virtual function - running in slave mode
sig           mlx4_core {BDF}: Sending reset
sig           mlx4_core {BDF}: Sending vhcr0
sig           mlx4_core {BDF}: HCA minimum page size:512
sig           mlx4_core {BDF}: Timestamping is not supported in slave mode
sig           mlx4_core {BDF}: irq {N} for MSI/MSI-X
sig           mlx4_en {BDF}: Activating port:1
sig           mlx4_en: {BDF}: Port 1: Initializing port
forbid        mlx4_core {BDF}: INTx is not supported in multi-function mode
