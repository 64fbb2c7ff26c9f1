# The test rig's stand-in VF driven by the genuine mlx4_core + mlx4_en:
# QEMU's ivshmem bound to mlx4_core as a VF (new_id with the driver's VF
# flag), pf-emu as the PF. Everything of the mlx4 profile but what the rig
# cannot be: its PCI ids are QEMU's, it is no Hyper-V guest, and with no
# VMBus there is no netvsc to take the VF (the "joined to" step).
profile       rig-mlx4
base          mlx4
description   QEMU ivshmem bound to the real mlx4_core against the emulated PF (test rig)
vendor        1af4
device        1110
platform      any
drop-sig      mlx4_core {BDF} {IF}: joined to
