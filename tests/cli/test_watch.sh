#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvdiag watch: the VF events of real logs replayed (--root), of /dev/kmsg
# records from a file and a FIFO (sequence gaps counted as lost records),
# its counters file, SIGTERM, hostile options and inputs. The expected
# event sequences are read off the logs by hand (see the comments).
set -u
. "$(dirname "$0")/../lib.sh"
CORPUS=$(cd "$(dirname "$0")/../corpus" && pwd)

# ids.py: the ids of JSON Lines on stdin, one per line ("ID@SEQ@DEVICE")
cat > "$TMP/ids.py" <<'PY'
import json, sys
for n, line in enumerate(sys.stdin, 1):
    e = json.loads(line)
    for k in ("time", "seq", "id", "event", "verdict", "device", "bdf", "nic",
              "vf", "kb", "title", "detail", "evidence"):
        assert k in e, f"line {n}: no {k}"
    assert e["verdict"] in ("info", "pass", "warn", "fail"), e["verdict"]
    print(f'{e["id"]}@{e["seq"]}@{e["device"]}')
PY

bundle() {	# bundle NAME CASE: a bundle that holds only a corpus case's log
	mkdir -p "$TMP/$1"
	cp "$CORPUS/$2/dmesg.txt" "$TMP/$1/dmesg.txt"
	echo "$TMP/$1"
}

# LIS 556 (RHEL 7.5): data path away and "VF unregistering" (lines 1-2),
# mlx4_core probes 0001:00:02.0 again (line 5), the excerpt ends at line 13
# before the VF joins eth0.
B=$(bundle rhel75 mlx4-vf-removed-readded-rhel75-lis-556)
expect_exit "rhel75 replay: no failing event" 0 "$HV" watch --root "$B" --format json
python3 "$TMP/ids.py" < "$TMP/out" > "$TMP/ids"
printf '%s\n' vf.datapath.from_vf@1@eth0 vf.removed@2@eth0 \
	vf.readded@5@0001:00:02.0 vf.bringup.incomplete@13@0001:00:02.0 > "$TMP/want"
cmp -s "$TMP/ids" "$TMP/want"
ok "rhel75: removed, re-added, bring-up cut off, in order" $?
[ $? -eq 0 ] || diff "$TMP/want" "$TMP/ids" | sed 's/^/# /'
"$HV" watch --root "$B" > "$TMP/text"
ok "text: one line per event" $([ "$(wc -l < "$TMP/text")" -eq 4 ]; echo $?)
has "text: the removal names device, id, verdict and the line" \
	'^\[line 2\] eth0 vf.removed warn: .* -- hv_netvsc .*VF unregistering: enP1p0s2$' "$TMP/text"
has "text: the missing step is named" 'step 7 of 7 missing: .*joined to' "$TMP/text"
"$HV" watch --root "$B" --level-prefix > "$TMP/lp"
has "level prefix: <4> for a warning (journald priority)" '^<4>\[line 2\] eth0 vf.removed' "$TMP/lp"
has "level prefix: <6> for info" '^<6>\[line 5\] 0001:00:02.0 vf.readded' "$TMP/lp"

# The 6.3 pci-hyperv patch case: hv_pci offers (line 6), the host ejects
# the VF ("VF slot 1 removed", line 19), mlx5 gives up on the firmware at
# line 27: the bring-up fails there; the probe fails (lines 28-29).
B=$(bundle ejected mlx5-probe-fail-fw-timeout-vf-ejected-6.3-hvpci)
expect_exit "mlx5 ejected: a failing event exits 1" 1 "$HV" watch --root "$B" --format json
python3 "$TMP/ids.py" < "$TMP/out" | grep -v '^vf.known_failure' > "$TMP/ids"
printf '%s\n' vf.offered@6@b92a0085-468b-407a-a88a-d33fac8edc75 vf.removed@19@eth0 \
	vf.bringup.failed@27@468b:00:02.0 > "$TMP/want"
cmp -s "$TMP/ids" "$TMP/want"
ok "mlx5 ejected: offered, removed, bring-up failed at the abort line" $?
has "mlx5 ejected: the failure names its KB entry" '"id":"vf.bringup.failed".*"kb":"mlx5.fw_init"' "$TMP/out"
has "mlx5 ejected: kernel time kept" '"time":183.178629,"seq":27,"id":"vf.bringup.failed"' "$TMP/out"

# The genuine mlx4_core's logs the rig recorded against the PF fault modes
# (tests/fixtures/rig-mlx4): each fault is its knowledge-base event, and the
# bring-up fails at the step the fault stops it before.
R="$FIX/rig-mlx4"
"$HV" watch --root "$R/stale-toggle" --format json > "$TMP/st.json"
python3 "$TMP/ids.py" < "$TMP/st.json" > "$TMP/ids"
has "stale toggle: the resync is a warning of its own" '^vf.known_failure@' "$TMP/ids"
has "stale toggle: named mlx4.comm.recovered, warn" '"verdict":"warn","device":"0000:00:02.0".*"kb":"mlx4.comm.recovered"' "$TMP/st.json"
"$HV" watch --root "$R/offline-flag" --format json > "$TMP/off.json"
has "offline flag: bring-up failed at step 2 (Sending reset), kb mlx4.comm.offline" \
	'"id":"vf.bringup.failed".*"kb":"mlx4.comm.offline".*step 2 of 7 missing: mlx4_core \{BDF\}: Sending reset' "$TMP/off.json"
"$HV" watch --root "$R/flr" --format json > "$TMP/flr.json"
has "FLR: bring-up failed at step 3 (Sending vhcr0), kb mlx4.comm.flr" \
	'"id":"vf.bringup.failed".*"kb":"mlx4.comm.flr".*step 3 of 7 missing' "$TMP/flr.json"
"$HV" watch --root "$R/tier2" --format json > "$TMP/t2.json"
python3 "$TMP/ids.py" < "$TMP/t2.json" | cut -d@ -f1 | tr '\n' ' ' > "$TMP/ids"
has "tier 2: the rig profile's five steps done, then QUERY_ADAPTER fails" \
	'vf.bringup.done vf.known_failure $' "$TMP/ids"

# The tarball form of a bundle is replayed the same way.
tar -czf "$TMP/ejected.tar.gz" -C "$TMP/ejected" .
expect_exit "tarball replay" 1 "$HV" watch --root "$TMP/ejected.tar.gz"
has "tarball: the same bring-up failure" 'vf.bringup.failed fail' "$TMP/out"

# /dev/kmsg records in a file: the RHEL 7.5 messages with sequence numbers
# 100, 101, then 105 (103 and 104 and 102 lost: 3 records) and dictionary
# lines, which are not records.
awk 'NR<=2 { sub(/^.*kernel: /, ""); printf "6,%d,%d,-;%s\n", 99+NR, 1000000+NR, $0 }' \
	"$CORPUS/mlx4-vf-removed-readded-rhel75-lis-556/dmesg.txt" > "$TMP/kmsg"
echo " SUBSYSTEM=net" >> "$TMP/kmsg"
awk 'NR>=4 { sub(/^.*kernel: /, ""); printf "6,%d,%d,-;%s\n", 101+NR, 60000000+NR, $0 }' \
	"$CORPUS/mlx4-vf-removed-readded-rhel75-lis-556/dmesg.txt" >> "$TMP/kmsg"
expect_exit "kmsg file: replayed to its end" 0 "$HV" watch --kmsg "$TMP/kmsg" --format json --prom "$TMP/k.prom"
python3 "$TMP/ids.py" < "$TMP/out" > "$TMP/ids"
printf '%s\n' vf.datapath.from_vf@100@eth0 vf.removed@101@eth0 vf.log.lost@105@ \
	vf.readded@106@0001:00:02.0 vf.bringup.incomplete@114@0001:00:02.0 > "$TMP/want"
cmp -s "$TMP/ids" "$TMP/want"
ok "kmsg file: the gap is a lost-records event before the next record" $?
[ $? -eq 0 ] || diff "$TMP/want" "$TMP/ids" | sed 's/^/# /'
has "kmsg file: 3 records lost, said" '"id":"vf.log.lost".*"detail":"3 record\(s\) lost"' "$TMP/out"
has "kmsg file: kmsg time stamps" '"time":1.000001,"seq":100,' "$TMP/out"
has "counters: lost records" '^hvdiag_watch_lost_records_total 3$' "$TMP/k.prom"
has "counters: records read (dictionary lines are not records)" '^hvdiag_watch_records_total 12$' "$TMP/k.prom"
has "counters: events by id and device" '^hvdiag_watch_events_total\{id="vf.removed",device="eth0",verdict="warn"\} 1$' "$TMP/k.prom"
if command -v promtool >/dev/null 2>&1; then
	promtool check metrics < "$TMP/k.prom" > "$TMP/lint" 2>&1
	ok "promtool accepts the counters" $?
fi

# --format prom: only the counters, to -o FILE (replaced atomically).
echo old > "$TMP/only.prom"
expect_exit "format prom" 0 "$HV" watch --kmsg "$TMP/kmsg" --format prom -o "$TMP/only.prom"
ok "format prom: nothing on standard output" $([ ! -s "$TMP/out" ]; echo $?)
has "format prom: the file replaced" '^hvdiag_watch_lost_records_total 3$' "$TMP/only.prom"
ok "format prom: no temporary left" $([ "$(ls -A "$TMP" | grep -c '^\.only.prom')" -eq 0 ]; echo $?)

# A FIFO: records arrive while watch waits; it ends when the writer leaves.
mkfifo "$TMP/fifo"
"$HV" watch --kmsg "$TMP/fifo" > "$TMP/fifo.out" 2>&1 &
W=$!
{ head -2 "$TMP/kmsg"; sleep 1; tail -n +3 "$TMP/kmsg"; } > "$TMP/fifo"
for i in $(seq 50); do kill -0 $W 2>/dev/null || break; sleep 0.1; done
kill -0 $W 2>/dev/null && { kill $W; wait $W; }
wait $W 2>/dev/null
grep -c 'vf\.' "$TMP/fifo.out" > "$TMP/n"
ok "fifo: the events of both writes (5)" $([ "$(cat "$TMP/n")" -eq 5 ]; echo $?)
has "fifo: the gap counted" 'vf.log.lost warn: .*3 record\(s\) lost' "$TMP/fifo.out"

# SIGTERM: watch blocked on a FIFO whose writer stays; it ends at once,
# exit 0, the counters written, no "incomplete" events (the log did not end).
mkfifo "$TMP/fifo2"
"$HV" watch --kmsg "$TMP/fifo2" --prom "$TMP/term.prom" > "$TMP/term.out" 2>&1 &
W=$!
exec 7>"$TMP/fifo2"
head -8 "$TMP/kmsg" >&7
sleep 1
kill -TERM $W
for i in $(seq 30); do kill -0 $W 2>/dev/null || break; sleep 0.1; done
if kill -0 $W 2>/dev/null; then
	ok "SIGTERM ends watch within 3 s" 1
	kill -KILL $W
else
	ok "SIGTERM ends watch within 3 s" 0
fi
wait $W
ok "SIGTERM: exit 0" $?
exec 7>&-
has "SIGTERM: counters written at exit" '^hvdiag_watch_records_total 7$' "$TMP/term.prom"
ok "SIGTERM: a pending bring-up is not called incomplete" \
	$(! grep -q incomplete "$TMP/term.out"; echo $?)
has "SIGTERM: the events before it were reported" 'vf.readded' "$TMP/term.out"

# SIGINT the same way (Ctrl-C).
mkfifo "$TMP/fifo3"
"$HV" watch --kmsg "$TMP/fifo3" > /dev/null 2>&1 &
W=$!
exec 8>"$TMP/fifo3"
sleep 0.5
kill -INT $W
for i in $(seq 30); do kill -0 $W 2>/dev/null || break; sleep 0.1; done
kill -0 $W 2>/dev/null && { ok "SIGINT ends watch" 1; kill -KILL $W; } || ok "SIGINT ends watch" 0
wait $W
ok "SIGINT: exit 0" $?
exec 8>&-

# The live /dev/kmsg, read only (never written): a replay of the ring.
if [ -r /dev/kmsg ] && dd if=/dev/kmsg of=/dev/null bs=8192 count=1 iflag=nonblock 2>/dev/null; then
	expect_exit "live /dev/kmsg: --from-boot --once" 0 timeout 20 "$HV" watch --from-boot --once --prom "$TMP/live.prom"
	has "live: records counted" '^hvdiag_watch_records_total [1-9][0-9]*$' "$TMP/live.prom"
else
	echo "ok $((T_N + 1)) # SKIP /dev/kmsg not readable here"; T_N=$((T_N + 1))
fi

# Hostile options and inputs: usage errors, exit 2, a message.
expect_exit "unknown format" 2 "$HV" watch --format xml --root "$TMP/rhel75"
expect_exit "prom without -o" 2 "$HV" watch --format prom --root "$TMP/rhel75"
expect_exit "root with --from-boot" 2 "$HV" watch --root "$TMP/rhel75" --from-boot
expect_exit "bad interval" 2 "$HV" watch --interval 0 --root "$TMP/rhel75"
expect_exit "no such root" 2 "$HV" watch --root "$TMP/nonexistent"
has "no such root: said" "hvdiag: " "$TMP/err"
mkdir -p "$TMP/empty"
expect_exit "a bundle without a log" 2 "$HV" watch --root "$TMP/empty"
has "no log: said" "cannot read the kernel log of" "$TMP/err"
expect_exit "kmsg path is a directory" 2 "$HV" watch --kmsg "$TMP"
head -c 200000 /dev/urandom > "$TMP/binary"
expect_exit "binary kmsg file: no crash" 0 "$HV" watch --kmsg "$TMP/binary"
expect_exit "events to a directory" 2 "$HV" watch --root "$TMP/rhel75" -o "$TMP"
expect_exit "counters to a directory" 2 "$HV" watch --root "$TMP/rhel75" --prom "$TMP"

done_testing
