#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A synthetic NIC whose VF slot was removed and added again with no join
# line after it (a log cut there, or netvsc's lines filtered out): the
# re-add is its last pairing line, and net.vf.bonded names it rather than
# reading a join that is not there.
set -u
. "$(dirname "$0")/../lib.sh"

d=$(seed_copy readd)
printf '%s\n' \
	'[  500.000000] hv_netvsc 0a9c2a0a-0001-4a0c-9f5c-000000000009 eth9: VF slot 3 removed' \
	'[  530.000000] hv_netvsc 0a9c2a0a-0001-4a0c-9f5c-000000000009 eth9: VF slot 3 added' \
	>> "$d/dmesg.txt"
for f in text json html; do
	expect_exit "slot removed then added, --format $f: judged, no crash" 0 \
		"$HV" check --root "$d" --format "$f"
done
"$HV" check --root "$d" -v > "$TMP/out" 2>&1
has "net.vf.bonded shows the re-add as its evidence" 'log:[0-9]+: \[ +530\.000000\] .*eth9: VF slot 3 added' "$TMP/out"
done_testing
