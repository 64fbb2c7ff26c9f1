#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# net.vf.flaps: every VF removal counted with its time, the rate against
# the profile's flap-per-hour, and the end of the log (a VF gone and never
# back fails); net.vf.bonded on the same logs. Real captures, and variants
# cut from them or written here (each says which).
set -u
. "$(dirname "$0")/../lib.sh"
CAP=$FIX/captures

# 1. a healthy boot: the data path switched away once and back (real LISA
#    log, azure-cx5); counted and warned, never "no removal"
expect_exit "boot switch and back: warns, exit 0" 0 "$HV" check --root "$FIX/azure-cx5" --only net -v
has "boot: one removal, a data-path switch, back" "^WARN +net.vf.flaps +1 VF removal \(1 data-path switch away; 1 back\)" "$TMP/out"
has "boot: its line and time" "log:567: \[ +16.559643\] .*Data path switched from VF: enP37498s1" "$TMP/out"
has "boot: data-path remedy" "explain --id netvsc.dp_switch" "$TMP/out"
! grep -q "no VF removal" "$TMP/out"
ok "boot: the summary never says 'no removal' beside one" $?
d=$TMP/switches
mkdir -p "$d"
sed 's/^\[/[/' "$CAP/dmesg-datapath-switch--lisa-ai-data-smoke-serial.txt" > "$d/dmesg.txt"
expect_exit "two switches and back (real smoke log): warns" 0 "$HV" check --root "$d" --only net --profile mlx5
has "smoke: two removals with their span" "^WARN +net.vf.flaps +2 VF removals in 6 s \(2 data-path switches away; 2 back\)" "$TMP/out"

# 2. the log ends with the data path switched away, the VF still registered
#    (vyos-1x #5338, MANA, cut at 31.857 s): a warning, not a removal of the VF
expect_exit "MANA log ending switched away: warns" 0 "$HV" check --root "$FIX/mana-vyos-4nic" --only net -v
has "vyos: still switched away at the end" "^WARN +net.vf.flaps +1 VF removal \(1 data-path switch away; 0 back; 1 still switched away at the end\)" "$TMP/out"
has "vyos: which NIC" "eth0: data path switched away from vf_eth0 at line 15 and not back by the end of the log \(the VF is still registered\)" "$TMP/out"
has "vyos: all four vPorts still joined" "^PASS +net.vf.bonded +the kernel log shows 4 vPort netdevs of 7870:00:00.0" "$TMP/out"

# 3. the log ends with the VF unregistered (oracle-linux #85): fails
d=$TMP/gone
mkdir -p "$d"
cp "$CAP/dmesg-mlx5-ofed-devlink-warning--oracle-linux-issue-85.txt" "$d/dmesg.txt"
expect_exit "VF unregistered at the end: fails" 1 "$HV" check --root "$d" --only net --profile mlx5 -v
has "gone: flaps fails" "^FAIL +net.vf.flaps +1 VF\(s\) removed and not added again by the end of the log \(1 removal: 1 with the VF unregistered; 0 back\)" "$TMP/out"
has "gone: the NIC and its VF named" "eth0: its VF eth1 was removed at line 7 and not added again: traffic is on the synthetic NIC" "$TMP/out"
has "gone: removal's time" "log:7: \[53897.825238\]" "$TMP/out"
has "gone: remedy" "explain --id netvsc.vf_gone" "$TMP/out"
has "gone: bonded fails too" "^FAIL +net.vf.bonded +1 synthetic NIC\(s\) lost their VF at the end of the log" "$TMP/out"
# cut: without its "VF unregistering" line only the switch is left
sed -i '/VF unregistering/d' "$d/dmesg.txt"
expect_exit "cut to the switch alone: warns" 0 "$HV" check --root "$d" --only net --profile mlx5
has "cut: still switched away, VF registered" "^WARN +net.vf.flaps +1 VF removal \(1 data-path switch away; 0 back; 1 still switched away" "$TMP/out"

# 4. removed, and the driver probes the function again (lis-next #556): the
#    VF is back; the log ends before its re-join
expect_exit "removed and probed again: warns" 0 "$HV" check --root "$FIX/netvsc-rhel75-readd" --only net -v
has "readd: one removal with the VF unregistered, back" "^WARN +net.vf.flaps +1 VF removal \(1 with the VF unregistered; 1 back\)" "$TMP/out"
has "readd: the probe is the evidence" "eth0: its VF enP1p0s2 was removed at line 1; the driver probed the function again at line 5" "$TMP/out"
has "readd: servicing remedy" "explain --id netvsc.vf_removed" "$TMP/out"
has "readd: bonded warns, no re-join shown" "^WARN +net.vf.bonded +1 VF\(s\) removed and probed again without a re-join" "$TMP/out"
# cut: without the probe lines the VF never comes back
d=$TMP/readd-cut
mkdir -p "$d"
head -3 "$FIX/netvsc-rhel75-readd/dmesg.txt" > "$d/dmesg.txt"
expect_exit "cut before the probe: fails" 1 "$HV" check --root "$d" --only net --profile mlx4
has "readd cut: gone at the end" "^FAIL +net.vf.flaps +1 VF\(s\) removed and not added again" "$TMP/out"

# 5. servicing removals, each with "VF slot N added" back (written here on
#    the real cx5 boot log, with netvsc's wording of servicing)
flap() {	# flap N GAP_S: N removals GAP_S apart, each added back 30 s later
	awk -v n="$1" -v gap="$2" 'BEGIN { for (i = 0; i < n; i++) {
		t = 100 + i * gap
		printf "[%12.6f] hv_netvsc 7c1e5225-55d2-7c1e-5225-55d27c1e5225 eth0: Data path switched from VF: enP37498s1\n", t
		printf "[%12.6f] hv_netvsc 7c1e5225-55d2-7c1e-5225-55d27c1e5225 eth0: VF unregistering: enP37498s1\n", t + 0.1
		printf "[%12.6f] hv_netvsc 7c1e5225-55d2-7c1e-5225-55d27c1e5225 eth0: VF slot 1 removed\n", t + 0.2
		printf "[%12.6f] hv_netvsc 7c1e5225-55d2-7c1e-5225-55d27c1e5225 eth0: VF slot 1 added\n", t + 30 } }'
}
d=$TMP/flap
mkdir -p "$d"
{ cat "$FIX/azure-cx5/dmesg.txt"; flap 3 600; } > "$d/dmesg.txt"
expect_exit "3 servicing removals, each back: warns" 0 "$HV" check --root "$d" --only net
has "3 back by slot added" "^WARN +net.vf.flaps +4 VF removals in 1283 s \(1 data-path switch away, 3 with the VF unregistered; 4 back\)" "$TMP/out"
has "bonded: a later 'VF slot N added' re-adds" "^PASS +net.vf.bonded " "$TMP/out"
{ cat "$FIX/azure-cx5/dmesg.txt"; flap 3 600 | sed '$d'; } > "$d/dmesg.txt"
expect_exit "the last removal without its slot added: fails" 1 "$HV" check --root "$d" --only net
has "end: the last removal named" "^FAIL +net.vf.flaps +1 VF\(s\) removed and not added again" "$TMP/out"
has "end: bonded fails" "^FAIL +net.vf.bonded +1 synthetic NIC\(s\) lost their VF" "$TMP/out"
{ cat "$FIX/azure-cx5/dmesg.txt"; flap 20 120; } > "$d/dmesg.txt"
expect_exit "20 removals, one every 2 min: fails the rate" 1 "$HV" check --root "$d" --only net
has "rate: above flap-per-hour" "^FAIL +net.vf.flaps +21 VF removals in 2363 s: 30.5 per hour \(threshold 10;" "$TMP/out"
sed 's/^flap-per-hour.*//; s/^profile .*/profile mlx5-loose/' "$(dirname "$0")/../../profiles/mlx5.profile" > "$TMP/loose.profile"
echo "flap-per-hour 60" >> "$TMP/loose.profile"
expect_exit "the profile's flap-per-hour 60: warns" 0 "$HV" check --root "$d" --only net --profile "$TMP/loose.profile"
has "rate: below the profile's threshold, no rate judged" "^WARN +net.vf.flaps +21 VF removals in 2363 s \(1 data-path switch away, 20 with the VF unregistered; 21 back\)" "$TMP/out"

# more removals than lines kept per kind (64): counted from the totals,
# the rate from the first and last times, the end from the last lines
{ cat "$FIX/azure-cx5/dmesg.txt"; flap 100 60; } > "$d/dmesg.txt"
expect_exit "100 removals: fails the rate" 1 "$HV" check --root "$d" --only net -v
has "many: every removal counted" "^FAIL +net.vf.flaps +101 VF removals in 6024 s: 59.8 per hour \(threshold 10; 1 data-path switch away, 100 with the VF unregistered; 101 back\)" "$TMP/out"
has "many: the limit said" "more than 64 lines of a kind: 101 removals counted from the line totals" "$TMP/out"
{ cat "$FIX/azure-cx5/dmesg.txt"; flap 100 60 | sed '$d'; } > "$d/dmesg.txt"
expect_exit "100 removals, the last not back: fails at the end" 1 "$HV" check --root "$d" --only net
has "many: the end still judged" "^FAIL +net.vf.flaps +1 VF\(s\) removed and not added again" "$TMP/out"

# 6. no time stamps (syslog without [uptime]): counted, rate not judged
d=$TMP/nots
mkdir -p "$d"
{ cat "$FIX/azure-cx5/dmesg.txt"; flap 12 60; } | sed 's/^\[ *[0-9.]*\] //' > "$d/dmesg.txt"
expect_exit "12 removals without times: warns" 0 "$HV" check --root "$d" --only net
has "no times: said" "^WARN +net.vf.flaps +13 VF removals \(.*\); no time stamps to judge the rate" "$TMP/out"

done_testing
