# Microsoft Azure Network Adapter (MANA) VFs with the mainline `mana`
# driver (5.13+; Azure supports 5.15+). Facts mana.md.
#
# One MANA PCI function serves several synthetic NICs (vPorts): one BDF,
# several netdevs, each joined to its own netvsc NIC.
#
# The driver maps BAR 0 only; its size and the MSI-X table size are not
# published, so neither is fixed here. It asks for at least 2 vectors
# (the hardware channel and one queue).
profile       mana
description   Microsoft Azure Network Adapter (MANA) VF, mana driver
vendor        1414
device        00ba 00b9
driver        mana
family        mana
netdev-driver mana
# kernel.vf_drivers: an image that may meet this VF needs this module
kernel-driver mana CONFIG_MICROSOFT_MANA
# IB device mana_0 (recent kernels also manae_0, the Ethernet RDMA device)
rdma-prefix   mana
platform      hyperv
bar           0 mem
msix          2-2048
# vector 0 is the hardware channel (mana_hwc@pci:<BDF>), not a queue:
# irq.vf.spread judges the mana_q<N> vectors only
irq-control   mana_hwc
flap-per-hour 10
# Every success message of the hardware channel and GDMA setup is debug
# level: a healthy probe prints one info line, then netvsc pairs each vPort.
sig           mana {BDF}: Microsoft Azure Network Adapter protocol version: {N}.{N}.{N}
# The pairing step. Kernels with MANA (5.13+) all bond the VF transparently
# and print "joined to" on the VF's netdev, once per vPort; net.vf.bonded
# accepts the same line (catalogue event "{IF}: joined to {IF}") and, for
# kernels before transparent bonding, "VF registering", "VF up" and
# "Data path switched to VF" (docs/formats.md, "Pairing evidence").
sig           mana {BDF} {IF}: joined to {IF}
detect        Microsoft Azure Network Adapter protocol version
detect        mana {BDF} {IF}: Configured vPort {N}
detect        mana {BDF} {IF}: Enabled vPort {N}
# failure lines only MANA prints: a log that shows nothing else is MANA's
detect        HWC: Failed hw_channel req: {HEX}
detect        Failed to send mana message: {*}
kconfig       CONFIG_MICROSOFT_MANA y,m the MANA VF driver; without it the VF stays unbound and traffic silently stays on the synthetic NIC (needs NET_VENDOR_MICROSOFT=y)
