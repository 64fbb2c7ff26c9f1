#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The 0006 counterfactual, on a kernel whose vmbus is built in and never
# connects (the rig is no Hyper-V guest): loading pci-hyperv fails there.
# With 0006 the x86 MSI operations are put back and the next MSI-X set-up
# works; without it they still point into the freed module and that
# set-up oopses at a bad RIP, which hvdiag names. The MSI-X set-up is
# hvdiag's exercise on a virtio-rng device (1af4:1005) that run.sh adds
# for this: any device does, and the ivshmem one is gone by now (the
# claim tests hot-unplug it). Runs last: the oops kills the writer in the
# middle of an exercise and leaves the module's lock held.
. /selftests/ktap_helpers.sh
BDF=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat $d/vendor)" = 0x1af4 ] && [ "$(cat $d/device)" = 0x1005 ] && BDF=$(basename $d)
done
NAMES="with_0006_load_fails with_0006_msix_works with_0006_log_clean without_0006_load_fails without_0006_oops_at_msix_setup hvdiag_names_the_oops"
since() { dmesg | tail -n +$(($1 + 1)); }
bad='BUG:|Oops|general protection|Bad RIP'

ktap_plan 6
if [ ! -f /rig/pci-hyperv-without-0006.ko ] || [ ! -f /rig/pci-hyperv.ko ]; then
	ktap_skip_rest "no pci-hyperv without 0006 beside this kernel (make rig-kernel builds one)" $NAMES
	ktap_finish
fi
if [ -z "$BDF" ]; then
	ktap_skip_rest "no virtio-rng device to set MSI-X up on" $NAMES
	ktap_finish
fi
echo "# MSI-X set-ups on $BDF"
# where virtio_pci is built in it holds the device: let go
[ -e /sys/bus/pci/devices/$BDF/driver ] && echo $BDF > /sys/bus/pci/devices/$BDF/driver/unbind

# the series as shipped
m=$(dmesg | wc -l)
insmod /rig/pci-hyperv.ko 2>/tmp/insmod.err
r=$?
since $m | sed 's/^/# /'
[ $r -ne 0 ] && since $m | grep -q "registering driver hv_pci"
ktap_ok with_0006_load_fails $? "insmod exit $r: $(cat /tmp/insmod.err)"
insmod /rig/hvdiag.ko target=$BDF
echo 2 > $D/msix 2>/dev/null
ex_show $D/msix | grep -v "^# | # entry"
[ "$(ex_outcome $D/msix)" = ok ]
ktap_ok with_0006_msix_works $?
rmmod hvdiag
since $m | grep -E "$bad" > /tmp/bad
[ ! -s /tmp/bad ]
ktap_ok with_0006_log_clean $? "$(head -3 /tmp/bad | tr '\n' ';')"

# without 0006: the same failed load, then any MSI-X set-up
m=$(dmesg | wc -l)
insmod /rig/pci-hyperv-without-0006.ko 2>/tmp/insmod.err
r=$?
[ $r -ne 0 ] && since $m | grep -q "registering driver hv_pci"
ktap_ok without_0006_load_fails $? "insmod exit $r: $(cat /tmp/insmod.err)"
insmod /rig/hvdiag.ko target=$BDF
(echo 2 > $D/msix) 2>/dev/null &
i=0
while [ $i -lt 100 ] && ! since $m | grep -qE "$bad"; do
	i=$((i + 1))
	usleep 100000
done
usleep 500000
since $m > /tmp/oops.log
sed 's/^/# oops-log: /' /tmp/oops.log
grep -q "BUG: unable to handle kernel paging request at ffffffffa" /tmp/oops.log &&
	grep -qE "RIP.*(hv_setup_msi_irqs|0xffffffffa|Bad RIP)" /tmp/oops.log &&
	grep -q "pci_enable_msix\|arch_setup_msi_irqs" /tmp/oops.log
ktap_ok without_0006_oops_at_msix_setup $?
hvdiag explain - < /tmp/oops.log > /tmp/explain.txt
sed 's/^/# /' /tmp/explain.txt | head -5
grep -q "^hvpci.msi_ops_left_behind" /tmp/explain.txt
ktap_ok hvdiag_names_the_oops $?
ktap_finish
