#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Rig-only tests, after the selftests: the mlx4 comm handshake against each
# PF fault mode of pf-emu (picked through a mailbox in BAR 2's second page),
# unload during an exercise, and the CLI on a bundle of this guest.
. /selftests/ktap_helpers.sh
BDF=$1
TMO=1500

. /rig/scenario.sh
uptime_ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }

comm_case() {	# comm_case NAME FAULT_NUMBER EXPECTED_RESULT [LATE_US]
	t0=$(uptime_ms)
	if ! scenario $BDF $2 ${4:-0}; then
		ktap_ok "mlx4_comm_$1" 1 "pf-emu did not take the scenario"
		return
	fi
	echo "run $TMO" > $D/mlx4_comm
	cat $D/mlx4_comm > /tmp/comm.$1
	ex_show /tmp/comm.$1
	echo "# scenario $1 ms $(($(uptime_ms) - t0))"
	[ "$(ex_outcome /tmp/comm.$1)" = "$3" ]
	ktap_ok "mlx4_comm_$1" $? "outcome: $(ex_outcome /tmp/comm.$1)"
}

ktap_plan 18
insmod /rig/hvdiag.ko target=$BDF
comm_case healthy 0 ok
comm_case silent 1 "reset timeout (FLR in progress)"
comm_case late 2 ok 200000
comm_case offline 3 offline
comm_case stale_toggle 4 ok
grep -q "^# caps .* stale_toggle 1" /tmp/comm.stale_toggle
ktap_ok "mlx4_comm_stale_toggle_recovered" $?
comm_case wrong_rev 5 "interface revision mismatch"
comm_case out_of_order 6 "rejected by the PF"
comm_case pf_dies 7 "step timeout"
scenario $BDF 0 >/dev/null

# unload while an exercise waits: refused (busy), then clean
scenario $BDF 1
(echo "run 3000" > $D/mlx4_comm) &
usleep 300000
rmmod hvdiag 2>/dev/null; busy=$?
wait
[ $busy -ne 0 ] && rmmod hvdiag
ktap_ok "unload_waits_for_exercise" $?

# hvdiag exercise: the same results through the CLI, judged
scenario $BDF 0
hvdiag exercise mlx4-comm --target $BDF --module /rig/hvdiag.ko --timeout $TMO > /tmp/ex
rc=$?
sed 's/^/# /' /tmp/ex | grep -E "^# (PASS|FAIL)"
[ $rc -eq 0 ] && grep -q "^PASS  kmod.mlx4.comm" /tmp/ex
ktap_ok "cli_exercise_mlx4_comm_healthy" $?
scenario $BDF 5
hvdiag exercise mlx4-comm --target $BDF --timeout $TMO > /tmp/ex
rc=$?
sed 's/^/# /' /tmp/ex | grep -E "^# (PASS|FAIL)|cause"
[ $rc -eq 1 ] && grep -q "^FAIL  kmod.mlx4.comm .*interface revision mismatch" /tmp/ex &&
	grep -q "cause: " /tmp/ex
ktap_ok "cli_exercise_mlx4_comm_wrong_rev_fails" $?
scenario $BDF 0 >/dev/null
hvdiag exercise pci --target $BDF > /tmp/ex && hvdiag exercise msix --target $BDF --vectors 4 >> /tmp/ex
ktap_ok "cli_exercise_pci_msix" $? "$(tr '\n' ';' < /tmp/ex)"
# no vmbus here: not loaded (a module that cannot load off Hyper-V), or
# built in and never connected (version 0.0): a skip that says which
hvdiag exercise vmbus > /tmp/ex
rc=$?
sed 's/^/# /' /tmp/ex | grep "kmod.vmbus"
[ $rc -eq 4 ] && grep -qE "^SKIP  kmod.vmbus +vmbus not (present|connected)" /tmp/ex
ktap_ok "cli_exercise_vmbus_not_present" $?
rmmod hvdiag

# the CLI on a bundle of this guest sees the BAR the module reports
insmod /rig/hvdiag.ko target=$BDF
start=$(sed -n 's/^# bar 2 \[\(0x[0-9a-f]*\)-.*/\1/p' $D/pci)
rmmod hvdiag
hvdiag collect -o /tmp/bundle 2>/dev/null
hvdiag check --root /tmp/bundle --profile rig-ivshmem -v > /tmp/check.txt
rc=$?
sed 's/^/# /' /tmp/check.txt | grep -E "PASS|FAIL|WARN|BAR"
[ $rc -eq 0 ] && grep -q "^PASS  pci.vf.bars" /tmp/check.txt
ktap_ok "cli_check_rig_bundle" $?
grep -q "$BDF BAR 2: mem64 pref 8M at $start\$" /tmp/check.txt
ktap_ok "cli_sees_the_module_bar" $? "module says BAR 2 at $start"
hvdiag lsvmbus >/dev/null 2>&1
[ $? -eq 4 ]
ktap_ok "cli_lsvmbus_no_vmbus" $?

dmesg | grep -E "WARNING:|BUG:|Oops|general protection" > /tmp/bad
[ ! -s /tmp/bad ]
ktap_ok "kernel_log_clean" $? "$(head -3 /tmp/bad | tr '\n' ';')"
ktap_finish
