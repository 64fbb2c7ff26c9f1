# The test rig's stand-in VF: QEMU's ivshmem device, whose BAR 2 is a 64-bit
# prefetchable memory BAR like a ConnectX-3 VF's (facts rig.md). Not a
# Hyper-V guest, so the platform is not required.
profile       rig-ivshmem
description   QEMU ivshmem as a stand-in VF in the test rig (not Hyper-V)
vendor        1af4
device        1110
platform      any
bar           2 mem64 pref
