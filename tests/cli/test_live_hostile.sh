#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The live system (not a Hyper-V guest here) and hostile bundles: each ends
# in a clear message or a verdict, never a crash or a hang.
set -u
. "$(dirname "$0")/../lib.sh"
TO="timeout 60"

# --- live ---
if grep -q "^flags.* hypervisor" /proc/cpuinfo && [ -e /sys/bus/vmbus ]; then
	echo "# this machine looks like a Hyper-V guest: live not-applicable tests skipped"
else
	expect_exit "live check on a non-Hyper-V machine" 4 $TO "$HV" check
	has "says it is not a Hyper-V guest" "not a Hyper-V guest" "$TMP/err"
	has "tells how to check a bundle" "--root DIR" "$TMP/err"
	expect_exit "lsvmbus without vmbus" 4 $TO "$HV" lsvmbus
	has "lsvmbus says no vmbus" "no vmbus" "$TMP/err"
fi
# libpci reads the real devices here: the JSON evidence names the count
"$HV" check --only pci -v --profile rig-ivshmem > "$TMP/live" 2>&1
n=$(lspci -D 2>/dev/null | wc -l)
grep -q "$n PCI functions read through libpci sysfs" "$TMP/live"
r=$?; ok "libpci reads the $n real PCI functions" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/live" | head

# --- collect, then check the bundle: same verdicts as live ---
$TO "$HV" collect -o "$TMP/bundle" 2>"$TMP/err"
ok "collect writes a bundle" $?
[ -f "$TMP/bundle/MANIFEST" ] && [ -e "$TMP/bundle/sys/bus/pci/devices" ]
ok "bundle has MANIFEST and sysfs" $?
"$HV" check --format json --profile mlx4 > "$TMP/live.json" 2>/dev/null
"$HV" check --format json --profile mlx4 --root "$TMP/bundle" > "$TMP/bundle.json" 2>/dev/null
python3 - "$TMP/live.json" "$TMP/bundle.json" <<'PY' > "$TMP/py" 2>&1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
sa = {r["id"]: r["status"] for r in a["results"]}
sb = {r["id"]: r["status"] for r in b["results"]}
# live reads CPUID, the bundle DMI: both must say "not Hyper-V"
assert a["applicable"] == b["applicable"], (a["applicable"], b["applicable"])
assert sa == sb, {k: (sa[k], sb.get(k)) for k in sa if sa[k] != sb.get(k)}
PY
r=$?; ok "check --root on the collected bundle gives the live verdicts" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/py"
$TO "$HV" collect --redact -o "$TMP/red.tar.gz" 2>/dev/null
ok "collect --redact to .tar.gz" $?
mkdir "$TMP/red" && tar -xzf "$TMP/red.tar.gz" -C "$TMP/red"
mac=$(cat /sys/class/net/*/address 2>/dev/null | grep -v '^00:00:00:00:00:00' | head -1)
if [ -n "$mac" ]; then
	! grep -rqi "$mac" "$TMP/red" 2>/dev/null
	ok "redacted bundle holds no real MAC" $?
fi
[ -f "$TMP/red/MANIFEST" ] && grep -q "redacted: yes" "$TMP/red/MANIFEST"
ok "redacted MANIFEST says so" $?

# --- hostile bundles ---
mkdir -p "$TMP/empty"
expect_exit "empty bundle: nothing applicable" 4 $TO "$HV" check --root "$TMP/empty"

mkdir -p "$TMP/loop/sys/bus/pci"
ln -s devices "$TMP/loop/sys/bus/pci/devices.x"
ln -s devices.x "$TMP/loop/sys/bus/pci/devices"
ln -s dmesg.txt "$TMP/loop/dmesg.txt" 2>/dev/null || true
expect_exit "symlink loops: unreadable input" 2 $TO "$HV" check --root "$TMP/loop"

mkdir -p "$TMP/escape"
ln -s /etc/passwd "$TMP/escape/dmesg.txt"
ln -s /etc/passwd "$TMP/escape/lspci-vvv.txt"
expect_exit "links out of the bundle are refused: unreadable input" 2 $TO "$HV" check --root "$TMP/escape"
grep -q "root:" "$TMP/out"; [ $? -ne 0 ]; ok "nothing of /etc/passwd in the report" $?

mkdir -p "$TMP/fifo"
mkfifo "$TMP/fifo/dmesg.txt"
cp "$FIX/seed/lspci-vvv.txt" "$TMP/fifo/"
expect_exit "a FIFO as dmesg.txt does not hang: unreadable input" 2 $TO "$HV" check --root "$TMP/fifo"
has "the FIFO is named" "cannot read the kernel log: .*fifo/dmesg.txt" "$TMP/err"

mkdir -p "$TMP/bin"
head -c 3000000 /dev/urandom > "$TMP/bin/dmesg.txt"
head -c 200000 /dev/urandom > "$TMP/bin/lspci-vvv.txt"
head -c 100000 /dev/urandom > "$TMP/bin/ip-addr.txt"
mkdir -p "$TMP/bin/proc" && head -c 100000 /dev/urandom > "$TMP/bin/proc/interrupts"
$TO "$HV" check --root "$TMP/bin" > "$TMP/out" 2>"$TMP/err"
r=$?
[ $r -eq 2 ] || [ $r -eq 4 ] || [ $r -eq 1 ] || [ $r -eq 0 ]
ok "binary files: a verdict (exit $r)" $?

mkdir -p "$TMP/huge"
cp "$FIX/seed/lspci-vvv.txt" "$TMP/huge/"
{ head -c 10485760 /dev/zero | tr '\0' 'x'; echo; cat "$FIX/seed/dmesg.txt"; } > "$TMP/huge/dmesg.txt"
expect_exit "a 10 MB line, then the seed log: still passes" 0 $TO "$HV" check --root "$TMP/huge"

mkdir -p "$TMP/long"
cp "$FIX/seed/lspci-vvv.txt" "$TMP/long/"
awk 'BEGIN { for (i = 0; i < 1000000; i++) printf "[%12.6f] systemd[1]: Started unit %d.\n", i / 1000.0, i }' > "$TMP/long/dmesg.txt"
cat "$FIX/seed/dmesg.txt" >> "$TMP/long/dmesg.txt"
expect_exit "a 1,000,000-line log" 0 $TO "$HV" check --root "$TMP/long" -v
has "line numbers stay exact across read blocks" "log:1000005: .*Sending reset" "$TMP/out"

# A big log is cut at newlines into parts scanned in parallel: verdicts,
# counts and line numbers must be those of one pass. Hits in every part, a
# 10 MB line across a cut, a last line without its newline.
mkdir -p "$TMP/parts"
cp "$FIX/seed/lspci-vvv.txt" "$TMP/parts/"
{ head -n 400000 "$TMP/long/dmesg.txt"; cat "$FIX/seed/dmesg.txt"
  head -c 10485760 /dev/zero | tr '\0' 'y'; echo
  head -n 300000 "$TMP/long/dmesg.txt"; cat "$FIX/seed/dmesg.txt"
  head -n 300000 "$TMP/long/dmesg.txt"; grep -v 'Port 1: Initializing' "$FIX/seed/dmesg.txt"
  printf '[ 99.000000] mlx4_core 0002:00:02.0: Communication channel is offline.'
} > "$TMP/parts/dmesg.txt"
for j in 1 2 4; do
	HVDIAG_JOBS=$j $TO "$HV" check --root "$TMP/parts" -v --format json > "$TMP/parts-$j.json" 2>&1
	echo "exit $?" >> "$TMP/parts-$j.json"
done
has "the parted log ends in a failure found in its last line" '"id": "driver.errors"' "$TMP/parts-1.json"
has "line numbers of the last part are absolute" 'log:1[0-9]{6}: .*Communication channel is offline' "$TMP/parts-1.json"
cmp -s "$TMP/parts-1.json" "$TMP/parts-2.json"
ok "2 parts: the report of one pass" $?
cmp -s "$TMP/parts-1.json" "$TMP/parts-4.json"
ok "4 parts: the report of one pass" $?
HVDIAG_JOBS=x $TO "$HV" check --root "$TMP/parts" > /dev/null 2> "$TMP/err"
[ $? -eq 1 ]
ok "HVDIAG_JOBS that is not a number: the check still runs (the log's failure)" $?
has "HVDIAG_JOBS that is not a number: said so" "HVDIAG_JOBS='x' is not a positive number" "$TMP/err"

expect_exit "truncated lspci text" 0 $TO "$HV" check --root "$FIX/seed" --only driver
head -c 150 "$FIX/seed/lspci-vvv.txt" > "$TMP/trunc.txt"
mkdir -p "$TMP/trunc" && cp "$TMP/trunc.txt" "$TMP/trunc/lspci-vvv.txt"
$TO "$HV" check --root "$TMP/trunc" > "$TMP/out" 2>&1
r=$?; [ $r -ne 124 ] && [ $r -lt 128 ]; ok "truncated lspci: no crash (exit $r)" $?

# explain: a known line, an unknown one
expect_exit "explain a known line" 0 "$HV" explain "mlx4_core 0002:00:02.0: Communication channel is offline."
has "explain names the entry" "mlx4.comm.offline" "$TMP/out"
expect_exit "explain an unknown line" 1 "$HV" explain "all is well"
printf 'x\n[  1.0] hv_pci 7622ea16-858c-4a2c-9d5a-0a1b2c3d4e5f: Need 0x800000 of high MMIO space. Consider reconfiguring the VM.\n' > "$TMP/in"
expect_exit "explain from stdin" 0 sh -c "\"$HV\" explain - < \"$TMP/in\""
has "explain stdin names hvpci.mmio" "hvpci.mmio" "$TMP/out"
expect_exit "profiles lists auto" 0 "$HV" profiles
has "profiles lists the seed profile" "^mlx4-ofed-3.10 +15b3:1004" "$TMP/out"

done_testing
