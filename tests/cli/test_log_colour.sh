#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A kernel log saved with colours (`dmesg --color=always`: escapes around
# the stamp and the subsystem prefix) gives the verdict and the evidence the
# plain log gives: the escapes fall inside texts the scan looks for
# ("mlx4_core 0002:00:02.0: \e[0mSending reset", "eth2: \e[0mjoined to").
set -u
. "$(dirname "$0")/../lib.sh"

plain=$(seed_copy plain)
colour=$(seed_copy colour)
cp "$FIX/seed-colour/dmesg.txt" "$colour/dmesg.txt"
sed 's/\x1b\[[0-9;]*m//g' "$colour/dmesg.txt" | cmp -s - "$plain/dmesg.txt"
ok "the coloured log is the seed's log with escapes" $?

expect_exit "plain log: check passes" 0 "$HV" check --root "$plain" -v
sed 1d "$TMP/out" > "$TMP/plain.txt"
expect_exit "coloured log: check passes" 0 "$HV" check --root "$colour" -v
sed 1d "$TMP/out" > "$TMP/colour.txt"
diff "$TMP/plain.txt" "$TMP/colour.txt" > "$TMP/diff"
r=$?
ok "coloured log: the plain log's report, evidence included" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/diff" | head -20
has "the evidence is the cleaned message" \
	"log:26: \[    7.236279\] mlx4_core 0002:00:02.0 eth2: joined to eth1" "$TMP/colour.txt"
done_testing
