#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The genuine mlx4_core against pf-emu: bind the ivshmem device to
# mlx4_core as a VF, let it run its slave handshake, and read what it logs.
# pf-emu answers RESET..VHCR_EN and fails the first VHCR_POST with a status
# in the VHCR, so the driver must stop there cleanly. hvdiag then judges the
# genuine log with the rig-mlx4 profile.
. /selftests/ktap_helpers.sh
. /rig/scenario.sh
BDF=$1
log() { dmesg | grep "mlx4_core" | sed 's/^\[[ 0-9.]*\] //'; }

ktap_plan 13
if [ ! -f /rig/mlx4_core.ko ]; then
	ktap_skip_rest "no mlx4_core.ko in this kernel" loads binds_as_vf signature_start stops_at_vhcr_post replay_stale_toggle replay_offline_flag replay_flr tier2_reaches_min_page_size tier2_timestamping_then_stops_at_query_adapter unloads kernel_log_clean hvdiag_judges names_failure
	ktap_finish
fi
insmod /rig/mlx4_core.ko
ktap_ok "loads" $?
# the VF flag as driver_data: the value mlx4's table gives its VF ids
echo "1af4 1110 ffffffff ffffffff 0 0 1" > /sys/bus/pci/drivers/mlx4_core/new_id
i=0
while [ $i -lt 300 ]; do
	log | grep -qE "probe|Failed|failed|aborting" && break
	i=$((i + 1))
	usleep 100000
done
log > /tmp/mlx4.log
sed 's/^/# /' /tmp/mlx4.log
grep -q "mlx4_core $BDF: Detected virtual function - running in slave mode" /tmp/mlx4.log
ktap_ok "binds_as_vf" $?
awk '/Detected virtual function/ { a = NR } /Sending reset/ { b = NR } /Sending vhcr0/ { c = NR }
     END { exit !(a && b > a && c > b) }' /tmp/mlx4.log
ktap_ok "signature_start" $? "expected Detected, Sending reset, Sending vhcr0 in order"
# the first VHCR_POST (QUERY_HCA or QUERY_FUNC_CAP) fails and probe stops
grep -qE "failed|Failed|aborting" /tmp/mlx4.log && ! grep -q "HCA minimum page size" /tmp/mlx4.log
ktap_ok "stops_at_vhcr_post" $?
# PF fault modes replayed against the genuine driver: its own messages,
# and hvdiag naming each (the logs become fixtures, tests/fixtures/rig-mlx4)
replay() {	# replay NAME FAULT EXPECTED-TEXT KB-ID
	scenario $BDF $2
	mark=$(dmesg | wc -l)
	echo $BDF > /sys/bus/pci/drivers/mlx4_core/bind 2>/dev/null
	i=0
	while [ $i -lt 450 ]; do
		dmesg | tail -n +$((mark + 1)) | grep -q "$3" && break
		i=$((i + 1))
		usleep 100000
	done
	dmesg | tail -n +$((mark + 1)) | grep mlx4_core > /tmp/replay.$1
	sed "s/^/# mlx4-log-$1: /" /tmp/replay.$1
	grep -q "$3" /tmp/replay.$1 && hvdiag explain - < /tmp/replay.$1 | grep -q "^$4"
	ktap_ok "replay_$1" $? "expected '$3' named $4"
}
replay stale_toggle 4 "recovering from previously mis-behaved VM" mlx4.comm.recovered
replay offline_flag 8 "Communication channel is offline" mlx4.comm.offline
replay flr 1 "in the middle of FLR" mlx4.comm.flr

# tier 2: the PF answers QUERY_HCA, QUERY_DEV_CAP and QUERY_FUNC_CAP and
# fails the rest (QUERY_FW, then QUERY_ADAPTER, where the driver stops)
scenario $BDF 0 0 3
mark=$(dmesg | wc -l)
echo $BDF > /sys/bus/pci/drivers/mlx4_core/bind 2>/dev/null
i=0
while [ $i -lt 300 ]; do
	dmesg | tail -n +$((mark + 1)) | grep -qE "aborting|probe of .* failed" && break
	i=$((i + 1))
	usleep 100000
done
dmesg | tail -n +$((mark + 1)) | grep mlx4_core > /tmp/tier2
sed "s/^/# mlx4-log-tier2: /" /tmp/tier2
grep -q "mlx4_core $BDF: HCA minimum page size:512" /tmp/tier2
ktap_ok "tier2_reaches_min_page_size" $?
grep -q "mlx4_core $BDF: Timestamping is not supported in slave mode" /tmp/tier2 &&
	grep -q "QUERY_ADAPTER command failed, aborting" /tmp/tier2
ktap_ok "tier2_timestamping_then_stops_at_query_adapter" $?
scenario $BDF 0

rmmod mlx4_core
ktap_ok "unloads" $?
dmesg | grep -E "WARNING:|BUG:|Oops|general protection" > /tmp/bad
[ ! -s /tmp/bad ]
ktap_ok "kernel_log_clean" $? "$(head -3 /tmp/bad | tr '\n' ';')"
# hvdiag on a bundle of this guest, with the rig's mlx4 profile
hvdiag collect -o /tmp/mlx4-bundle 2>/dev/null
hvdiag check --root /tmp/mlx4-bundle --profile rig-mlx4 --only driver -v > /tmp/mlx4-check.txt
rc=$?
sed 's/^/# /' /tmp/mlx4-check.txt | grep -vE "^# *$"
[ $rc -eq 1 ] && grep -q "^FAIL  driver.init.sequence  $BDF: step 6 of 6 missing: mlx4_en {BDF}: Activating port:1" /tmp/mlx4-check.txt &&
	grep -q "^FAIL  driver.errors" /tmp/mlx4-check.txt
ktap_ok "hvdiag_judges" $?
grep -qE "cause:|remedy:" /tmp/mlx4-check.txt
ktap_ok "names_failure" $?
ktap_finish
