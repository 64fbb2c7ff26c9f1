# The test rig's stand-in VF driven by the genuine mlx4_core: QEMU's ivshmem
# bound to mlx4_core as a VF (new_id with the driver's VF flag), pf-emu as
# the PF. The signature is the mlx4 VF's, from the seed.
profile       rig-mlx4
description   QEMU ivshmem bound to the real mlx4_core against the emulated PF (test rig)
vendor        1af4
device        1110
driver        mlx4_core
platform      any
bar           2 mem64 pref
sig           mlx4_core {BDF}: Detected virtual function - running in slave mode
sig           mlx4_core {BDF}: Sending reset
sig           mlx4_core {BDF}: Sending vhcr0
sig           mlx4_core {BDF}: HCA minimum page size:512
sig           mlx4_core {BDF}: Timestamping is not supported in slave mode
