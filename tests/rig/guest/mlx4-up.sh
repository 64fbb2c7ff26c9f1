#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The genuine mlx4_core and mlx4_en brought up against pf-emu's emulated
# function (tier 4): event queues whose EQEs pf-emu writes into guest
# memory, the NOP interrupt test on MSI-X, mlx4_en's port, the link brought
# up by a port-change event from the PF; then faults replayed at each new
# stage. The genuine logs are printed after "# mlx4-up-log-NAME: " for
# tests/fixtures/rig-mlx4.
. /selftests/ktap_helpers.sh
. /rig/scenario.sh
BDF=$1
since() { dmesg | tail -n +$(($1 + 1)) | grep -E "mlx4_(core|en)" | sed 's/^\[[ 0-9.]*\] //'; }
waitfor() {	# waitfor MARK REGEX TENTHS
	i=0
	while [ $i -lt $3 ]; do
		since $1 | grep -qE "$2" && return 0
		i=$((i + 1))
		usleep 100000
	done
	return 1
}
# while mlx4_core holds BAR 2 /dev/mem may not map it: the host (run.sh)
# asks pf-emu for a port event when the console says so
pf_event() { echo "HVDIAG-RIG-PORT $1" > /dev/console; }
netdev() { ls /sys/bus/pci/devices/$BDF/net 2>/dev/null | head -1; }
irqs() { awk -v n="$1" '$NF == n { s = 0; for (i = 2; i <= 3; i++) s += $i; print s }' /proc/interrupts; }

ktap_plan 15
if [ ! -f /rig/mlx4_core.ko ] || [ ! -f /rig/mlx4_en.ko ]; then
	ktap_skip_rest "no mlx4_core.ko/mlx4_en.ko in this kernel" binds nop_msix async_vector en_activates netdev link_set_up link_up_by_event comp_vectors hvdiag_rig hvdiag_mlx4 port_down_event init_port_fails replay_clean unloads kernel_log_clean
	ktap_finish
fi
scenario $BDF 0 0 4 0
# a fresh kernel log, as after a boot: the live checks below judge this
# bring-up, not the faults the earlier subtests replayed on purpose
dmesg -c > /dev/null
# pf-emu carries no packets yet (no send queues): keep IPv6 from sending any
echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6
mark=$(dmesg | wc -l)
# probing runs inside the write: done when it returns
insmod /rig/mlx4_core.ko $(grep -o 'mlx4_debug=[0-9]' /proc/cmdline | sed 's/mlx4_debug/debug_level/')
echo "1af4 1110 ffffffff ffffffff 0 0 1" > /sys/bus/pci/drivers/mlx4_core/new_id
[ "$(basename "$(readlink /sys/bus/pci/devices/$BDF/driver)")" = mlx4_core ]
ktap_ok "binds" $?
since $mark > /tmp/core.log
! grep -qE "NOP command failed|INTx is not supported|Trying again without MSI-X|aborting" /tmp/core.log
ktap_ok "nop_msix" $? "$(grep -E 'NOP|INTx|aborting' /tmp/core.log | head -2 | tr '\n' ';')"
n=$(irqs "mlx4-async@pci:$BDF")
[ -n "$n" ] && [ "$n" -gt 0 ]
ktap_ok "async_vector" $? "mlx4-async@pci:$BDF counted '$n'"
insmod /rig/mlx4_en.ko
waitfor $mark "Initializing port|[Ff]ailed" 30
since $mark | grep -q "mlx4_en $BDF: Activating port:1"
ktap_ok "en_activates" $?
dev=$(netdev)
[ -n "$dev" ] && since $mark | grep -q "mlx4_en: $BDF: Port 1: Initializing port"
ktap_ok "netdev" $? "netdev '$dev'"
mark2=$(dmesg | wc -l)
ip link set "$dev" up
ktap_ok "link_set_up" $?
# pf-emu sends the port-change event a little after INIT_PORT
waitfor $mark2 "$dev: Link Up" 50 && [ "$(cat /sys/class/net/$dev/carrier 2>/dev/null)" = 1 ]
ktap_ok "link_up_by_event" $? "operstate $(cat /sys/class/net/$dev/operstate 2>/dev/null)"
since $mark | sed 's/^/# mlx4-up-log-up: /'
grep mlx4 /proc/interrupts | sed 's/^/# /'
[ -n "$(irqs "mlx4-1@$BDF")" ] && [ -n "$(irqs "mlx4-2@$BDF")" ]
ktap_ok "comp_vectors" $?
# hvdiag live: the rig's profile (PCI and the mlx4_core steps), and the
# seed's mlx4 profile on a bundle of this guest (every step but netvsc's)
hvdiag check --profile rig-mlx4 --only pci,driver -v > /tmp/up-check.txt
rc=$?
sed 's/^/# /' /tmp/up-check.txt | grep -E "^# (PASS|FAIL|WARN|SKIP)"
[ $rc -eq 0 ] && ! grep -q "^FAIL" /tmp/up-check.txt &&
	grep -q "^PASS  driver.init.sequence  all 5 signature steps" /tmp/up-check.txt &&
	grep -q "^PASS  pci.vf.msix" /tmp/up-check.txt && grep -q "^PASS  pci.vf.driver" /tmp/up-check.txt
ktap_ok "hvdiag_rig" $?
rm -rf /tmp/up-log
mkdir -p /tmp/up-log
dmesg > /tmp/up-log/dmesg.txt
hvdiag check --root /tmp/up-log --profile mlx4 --only driver -v > /tmp/up-check2.txt
sed 's/^/# /' /tmp/up-check2.txt | grep -E "^# (PASS|FAIL|WARN)|log:"
grep -qE "^(FAIL|WARN)  driver.init.sequence  .*step 7 of 7 .*joined to" /tmp/up-check2.txt &&
	grep -q "| log:[0-9]*: .*mlx4_en $BDF: Activating port:1" /tmp/up-check2.txt &&
	grep -q "^PASS  driver.errors" /tmp/up-check2.txt
ktap_ok "hvdiag_mlx4" $? "every step but netvsc's join"

# faults at the new stages, each through the genuine drivers
mark=$(dmesg | wc -l)
pf_event down
waitfor $mark "$dev: Link Down" 50 && [ "$(cat /sys/class/net/$dev/carrier)" = 0 ]
rc=$?
pf_event up
waitfor $mark "$dev: Link Up" 50
since $mark | sed 's/^/# mlx4-up-log-port-down: /'
since $mark > /tmp/port-down
[ $rc -eq 0 ] && hvdiag explain - < /tmp/port-down | grep -q "^mlx4.en.link_down"
ktap_ok "port_down_event" $?

echo $BDF > /sys/bus/pci/drivers/mlx4_core/unbind
scenario $BDF 0 0 4 2
mark=$(dmesg | wc -l)
echo $BDF > /sys/bus/pci/drivers/mlx4_core/bind
waitfor $mark "Initializing port|[Ff]ailed" 30
dev=$(netdev)
[ -n "$dev" ] && ip link set "$dev" up 2>/dev/null
rc=$?
usleep 300000
since $mark | sed 's/^/# mlx4-up-log-init-port-fails: /'
since $mark > /tmp/init-port
[ $rc -ne 0 ] && grep -q "Failed Initializing port" /tmp/init-port &&
	hvdiag explain - < /tmp/init-port | grep -q "^mlx4.en.init_port"
ktap_ok "init_port_fails" $?
echo $BDF > /sys/bus/pci/drivers/mlx4_core/unbind
scenario $BDF 0 0 4 0
mark=$(dmesg | wc -l)
echo $BDF > /sys/bus/pci/drivers/mlx4_core/bind
dev=$(netdev)
ip link set "$dev" up && waitfor $mark "$dev: Link Up" 50
ktap_ok "replay_clean" $?

echo $BDF > /sys/bus/pci/drivers/mlx4_core/unbind
rmmod mlx4_en && rmmod mlx4_core
ktap_ok "unloads" $?
scenario $BDF 0 >/dev/null
dmesg | grep -E "WARNING:|BUG:|Oops|general protection" > /tmp/bad
[ ! -s /tmp/bad ]
ktap_ok "kernel_log_clean" $? "$(head -3 /tmp/bad | tr '\n' ';')"
ktap_finish
