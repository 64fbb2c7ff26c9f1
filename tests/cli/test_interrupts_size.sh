#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A /proc/interrupts in a bundle costs memory in proportion to its size:
# a header of 8192 CPUs over 65,536 rows of "0:" (229 KB) once took 3 GB
# and 10 s, a count slot per CPU for every row however few counts it held.
set -u
. "$(dirname "$0")/../lib.sh"

b=$(seed_copy b)
mkdir -p "$b/proc"
awk 'BEGIN { for (i = 0; i < 8192; i++) printf "CPU%d ", i; print "";
	for (i = 0; i < 65536; i++) print i ":" }' > "$b/proc/interrupts"

# an address-space limit, but not for ASan, which reserves terabytes of it
case $HV in
*build-asan*) limit=unlimited ;;
*) limit=400000 ;;	# KiB
esac
(ulimit -v "$limit" && exec timeout 60 "$HV" check --root "$b") > "$TMP/out" 2> "$TMP/err"
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ]
ok "a 229 KB /proc/interrupts of 8192 CPUs: the check runs to a verdict (exit $rc)" $?
[ $rc -eq 0 ] || [ $rc -eq 1 ] || sed 's/^/#   /' "$TMP/err" | head -5
has "the interrupt part is read" "^(PASS|FAIL|WARN|SKIP) +irq\." "$TMP/out"

# a real listing's counts are all read, up to the last CPU's column
mkdir -p "$TMP/r"
cp -r "$FIX/seed/." "$TMP/r/"
mkdir -p "$TMP/r/proc"
irq() {
	printf '           CPU0       CPU1       CPU2       CPU3\n'
	printf '  24:          0 %10d          0       1000   PCI-MSI 1-edge      mlx4-1@pci:0002:00:02.0\n' "$1"
	printf '  25:          0          0          0          5   PCI-MSI 2-edge      mlx4-2@pci:0002:00:02.0\n'
	printf ' ERR:          0\n'
}
irq 7 > "$TMP/r/proc/interrupts"
"$HV" check --root "$TMP/r" > "$TMP/out" 2>&1
has "counts on CPU1 and CPU3: spread over 2 CPUs" "PASS +irq.vf.spread +2 VF vectors over 2 CPUs" "$TMP/out"
irq 0 > "$TMP/r/proc/interrupts"
"$HV" check --root "$TMP/r" > "$TMP/out" 2>&1
has "counts on CPU3 alone: one CPU" "FAIL +irq.vf.spread +all 1005 VF interrupts were counted on one CPU \(of 4\)" "$TMP/out"
done_testing
