#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The exercises on HVDIAG_TARGET (a VF no driver holds, or the rig's
# ivshmem device): pci report, MSI-X vectors, the mlx4 comm handshake, and
# refusal of a device another driver holds.
#   HVDIAG_TARGET=DDDD:BB:DD.F  HVDIAG_MSIX=2  HVDIAG_EXPECT_COMM=ok
. "$(dirname "$0")/ktap_helpers.sh"
NAMES="pci_report msix mlx4_comm bound_device_refused"
BDF=${HVDIAG_TARGET:-}
N=${HVDIAG_MSIX:-2}
EXPECT=${HVDIAG_EXPECT_COMM:-ok}

ktap_plan 4
if ! is_root; then
	ktap_skip_rest "needs root" $NAMES
	ktap_finish
fi
if [ -z "$BDF" ]; then
	ktap_skip_rest "set HVDIAG_TARGET to a VF no driver holds" $NAMES
	ktap_finish
fi
if [ ! -e /sys/bus/pci/devices/$BDF ]; then
	ktap_skip_rest "no PCI device $BDF" $NAMES
	ktap_finish
fi
if ! why=$(module_usable); then
	ktap_skip_rest "$why" $NAMES
	ktap_finish
fi
loaded=1
if ! grep -q "^hvdiag " /proc/modules; then
	insmod "$HVDIAG_KO" || { ktap_skip_rest "cannot load $HVDIAG_KO" $NAMES; ktap_finish; }
	loaded=0
fi
echo "$BDF" > $D/target

cat $D/pci > /tmp/hvdiag-pci.$$
ex_show /tmp/hvdiag-pci.$$
grep -q "^# bar [0-5] .*\(mem\|io\)" /tmp/hvdiag-pci.$$ && ! grep -q ": window has no resource type" /tmp/hvdiag-pci.$$
ktap_ok pci_report $?
rm -f /tmp/hvdiag-pci.$$

echo "$N" > $D/msix
cat $D/msix > /tmp/hvdiag-msix.$$
ex_show /tmp/hvdiag-msix.$$ | grep -v "^# | # entry"
[ "$(ex_outcome /tmp/hvdiag-msix.$$)" = ok ]
ktap_ok msix $?
rm -f /tmp/hvdiag-msix.$$

echo "run ${HVDIAG_COMM_TIMEOUT:-2000}" > $D/mlx4_comm
cat $D/mlx4_comm > /tmp/hvdiag-comm.$$
ex_show /tmp/hvdiag-comm.$$
[ "$(ex_outcome /tmp/hvdiag-comm.$$)" = "$EXPECT" ]
ktap_ok mlx4_comm $?
rm -f /tmp/hvdiag-comm.$$

if modprobe pci-stub 2>/dev/null || insmod "${HVDIAG_PCI_STUB:-/nonexistent}" 2>/dev/null ||
   [ -d /sys/bus/pci/drivers/pci-stub ]; then
	stub_hold "$BDF"
	echo 1 > $D/msix 2>/dev/null
	r=$?
	grep -q "bound to pci-stub" $D/msix
	g=$?
	stub_release "$BDF"
	[ $r -ne 0 ] && [ $g -eq 0 ]
	ktap_ok bound_device_refused $?
else
	ktap_skip bound_device_refused "no pci-stub driver"
fi
[ $loaded -eq 0 ] && rmmod hvdiag
ktap_finish
