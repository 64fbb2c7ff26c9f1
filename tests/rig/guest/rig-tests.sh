#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs inside the rig guest (Debian's kernel under QEMU TCG): hvdiag.ko
# against the ivshmem-doorbell device whose BAR 2 pf-emu serves as an mlx4
# PF. Prints one KTAP document on the console.
. /rig/ktap.sh
D=/sys/kernel/debug/hvdiag
TMO=1500

find_ivshmem() {
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat $d/vendor)" = 0x1af4 ] && [ "$(cat $d/device)" = 0x1110 ] &&
			{ basename $d; return; }
	done
}
bar2() { sed -n 3p /sys/bus/pci/devices/$BDF/resource | cut -d' ' -f1; }

# pick a PF fault mode through the mailbox pf-emu reads (second page)
SEQ=0
scenario() {	# scenario FAULT_NUMBER [LATE_US]
	SEQ=$((SEQ + 1))
	base=$(($(bar2)))
	devmem $((base + 0x1004)) 32 $1
	devmem $((base + 0x1008)) 32 ${2:-0}
	devmem $((base + 0x1000)) 32 $SEQ
	i=0
	while [ $i -lt 500 ]; do
		[ $(($(devmem $((base + 0x100c)) 32))) -eq $SEQ ] && return 0
		i=$((i + 1))
		usleep 10000
	done
	return 1
}

comm_case() {	# comm_case NAME FAULT_NUMBER EXPECTED_RESULT [LATE_US]
	if ! scenario $2 ${4:-0}; then
		ktap_ok "mlx4_comm_$1" 1 "pf-emu did not take the scenario"
		return
	fi
	echo "run $TMO" > $D/mlx4_comm
	cat $D/mlx4_comm > /tmp/comm.$1
	sed 's/^/# /' /tmp/comm.$1 | grep -E "step|result|failed|vhcr_dma"
	grep -q "^result $3\$" /tmp/comm.$1
	ktap_ok "mlx4_comm_$1" $? "$(tr '\n' ';' < /tmp/comm.$1)"
}

ktap_header 24
BDF=$(find_ivshmem)
[ -n "$BDF" ]; ktap_ok "ivshmem_present" $? "no 1af4:1110 device"
echo 1 > /sys/bus/pci/devices/$BDF/enable

insmod /rig/hvdiag.ko run_selftests=1
ktap_ok "module_loads" $?
dmesg | grep -q "hvdiag: # Totals: pass:[0-9]* fail:0 skip:0"
ktap_ok "in_kernel_suites_pass" $? "$(dmesg | grep 'hvdiag: # Totals')"
# the shared lib/ suites, run by the kernel: nested KTAP
cat $D/selftest > /tmp/selftest
echo "    # Subtest: kernel"
sed 's/^/    /' /tmp/selftest
grep -q "^# Totals: pass:[0-9]* fail:0" /tmp/selftest
ktap_ok "kernel" $?

# target: good value, then strictly refused bad ones
echo $BDF > $D/target && [ "$(cat $D/target)" = "$BDF" ]
ktap_ok "target_set" $?
bad=0
for v in zz 0000:00:20.0 "$BDF x" 00:02.0 "0000:00:02.0000"; do
	echo "$v" > $D/target 2>/dev/null && bad=1
done
head -c 200 /dev/zero | tr '\0' 'a' > $D/target 2>/dev/null && bad=1
[ "$(cat $D/target)" = "$BDF" ] || bad=1
ktap_ok "target_bad_writes_refused" $bad
echo 4x > $D/msix 2>/dev/null; r1=$?
echo 0 > $D/msix 2>/dev/null; r2=$?
echo "run 99999999" > $D/mlx4_comm 2>/dev/null; r3=$?
echo "walk" > $D/mlx4_comm 2>/dev/null; r4=$?
[ $r1 -ne 0 ] && [ $r2 -ne 0 ] && [ $r3 -ne 0 ] && [ $r4 -ne 0 ]
ktap_ok "exercise_bad_writes_refused" $?

cat $D/pci > /tmp/pci
sed 's/^/# /' /tmp/pci
grep -q "^bar 2 .*mem64 pref" /tmp/pci && grep -q ": fits" /tmp/pci
ktap_ok "pci_bar2_mem64_pref_fits_window" $?
grep -q "^msix cap .* size 4 .*: table and PBA inside assigned BARs" /tmp/pci
ktap_ok "pci_msix_decoded" $?

echo 4 > $D/msix
cat $D/msix > /tmp/msix
sed 's/^/# /' /tmp/msix
grep -q "^result ok" /tmp/msix && [ "$(grep -c 'doorbell interrupts [1-9]' /tmp/msix)" -eq 4 ]
ktap_ok "msix_4_vectors_doorbells_delivered" $?
grep -q "^entry 3 addr 0x00000000fee" /tmp/msix
ktap_ok "msix_table_read_back" $?

# refusal of a device another driver holds
insmod /rig/pci-stub.ko 2>/dev/null
echo pci-stub > /sys/bus/pci/devices/$BDF/driver_override
echo $BDF > /sys/bus/pci/drivers_probe
echo 2 > $D/msix 2>/dev/null; r=$?
grep -q "bound to pci-stub" $D/msix; g=$?
[ $r -ne 0 ] && [ $g -eq 0 ]
ktap_ok "bound_device_refused" $? "write $r, $(cat $D/msix)"
echo $BDF > /sys/bus/pci/drivers/pci-stub/unbind
echo > /sys/bus/pci/devices/$BDF/driver_override

# PF fault modes: numbers as in lib/mlx4_pf.h
comm_case healthy 0 ok
comm_case silent 1 "reset timeout (FLR in progress)"
comm_case late 2 ok 200000
comm_case offline 3 offline
comm_case stale_toggle 4 ok
grep -q "stale_toggle 1" /tmp/comm.stale_toggle
ktap_ok "mlx4_comm_stale_toggle_recovered" $?
comm_case wrong_rev 5 "interface revision mismatch"
comm_case out_of_order 6 "rejected by the PF"
comm_case pf_dies 7 "step timeout"
scenario 0 >/dev/null

# unload while an exercise waits: refused (busy), then clean
scenario 1
(echo "run 3000" > $D/mlx4_comm) &
usleep 300000
rmmod hvdiag 2>/dev/null; busy=$?
wait
[ $busy -ne 0 ] && rmmod hvdiag
ktap_ok "unload_waits_for_exercise" $?

# 100 load/unload cycles with concurrent readers of every file
i=0; fails=0
while [ $i -lt 100 ]; do
	insmod /rig/hvdiag.ko target=$BDF || fails=$((fails + 1))
	for f in target pci msix mlx4_comm vmbus selftest; do
		cat $D/$f > /dev/null 2>&1 &
	done
	wait
	rmmod hvdiag || fails=$((fails + 1))
	i=$((i + 1))
done
ktap_ok "load_unload_100_cycles_with_readers" $fails

dmesg | grep -E "WARNING:|BUG:|Oops|general protection|kmemleak" > /tmp/bad
[ ! -s /tmp/bad ]
ktap_ok "kernel_log_clean" $? "$(head -3 /tmp/bad | tr '\n' ';')"
echo "# rig: $KT_FAIL failed"
