# The test rig's stand-in VF driven by the genuine inbox mlx4_core of
# 3.10.108 (driver v1.1, the era before the comm channel's offline flag):
# QEMU's ivshmem bound to mlx4_core as a VF, pf-emu as the PF. Its slave
# bring-up prints the seed's first five steps (its own words: 3.10 ends
# the timestamping notice with a period); it has no offline flag.
profile       rig-mlx4-3.10
description   QEMU ivshmem bound to 3.10's inbox mlx4_core (v1.1) against the emulated PF (test rig)
vendor        1af4
device        1110
driver        mlx4_core
platform      any
bar           2 mem64 pref
detect        Mellanox ConnectX core driver v1.1
sig           mlx4_core {BDF}: Detected virtual function - running in slave mode
sig           mlx4_core {BDF}: Sending reset
sig           mlx4_core {BDF}: Sending vhcr0
sig           mlx4_core {BDF}: HCA minimum page size:512
sig           mlx4_core {BDF}: Timestamping is not supported in slave mode
