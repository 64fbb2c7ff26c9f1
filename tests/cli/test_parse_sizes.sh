#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Parsers grow their arrays by doubling, not one entry at a time: an lspci
# listing of 4096 devices and a KTAP document of 40,000 results take a
# moment even in the ASan build, where each one-entry growth copied the
# whole array (25 s and more).
set -u
. "$(dirname "$0")/../lib.sh"

b=$(seed_copy b)
awk 'BEGIN { for (i = 0; i < 4096; i++)
	printf "%02x:%02x.%d Ethernet controller: x\n\n", int(i / 256), int(i / 8) % 32, i % 8 }' \
	> "$b/lspci-vvv.txt"
timeout 10 "$HV" check --root "$b" -v > "$TMP/out" 2> "$TMP/err"
rc=$?
[ $rc -eq 0 ] || [ $rc -eq 1 ]
ok "lspci text of 4096 devices: a verdict within 10 s (exit $rc)" $?
has "all 4096 are read" "4096 PCI functions read through lspci text" "$TMP/out"

awk 'BEGIN { print "KTAP version 1"; print "1..40000";
	for (i = 1; i <= 40000; i++) print "ok " i " case" i }' > "$TMP/big.ktap"
timeout 10 "$HV" ktap "$TMP/big.ktap" --format json -o "$TMP/big.json" > "$TMP/out" 2> "$TMP/err"
ok "KTAP of 40,000 results: converted within 10 s (exit $?)" $?
n=$(grep -c '"status": *"pass"' "$TMP/big.json" 2>/dev/null)
[ "${n:-0}" -eq 40000 ]
ok "all 40,000 results are in the report (${n:-none})" $?
done_testing
