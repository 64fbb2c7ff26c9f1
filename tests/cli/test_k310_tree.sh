#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The shipped series against a real, pristine 3.10.108 tree and
# Microsoft's files, when they are given: KSRC=<pristine 3.10.108>
# BACKPORT=<Legacy/3.10.108/0001-vmbus-backport-for-3.10.108.patch>
# (make check KSRC=... BACKPORT=...). A 3.10 tree cannot be fetched in CI:
# without them the test says so and skips (exit 4). The tree is only read.
set -u
. "$(dirname "$0")/../lib.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
if [ -z "${KSRC:-}" ] || [ -z "${BACKPORT:-}" ]; then
	echo "1..0 # SKIP no 3.10.108 tree: set KSRC=<pristine 3.10.108> BACKPORT=<Microsoft's 0001> to run it"
	exit 4
fi
if [ ! -f "$KSRC/Makefile" ] || [ "$(sed -n 's/^SUBLEVEL = //p' "$KSRC/Makefile")" != 108 ]; then
	echo "1..0 # SKIP KSRC '$KSRC' is not a 3.10.108 tree"
	exit 4
fi
refs=$(dirname "$BACKPORT")
before=$(cd "$KSRC" && find . -newer Makefile -type f | head -1)

expect_exit "guest series on the pristine tree: exit 0" 0 "$HV" tree "$KSRC" \
	--series "$TOP/patches/3.10.108" --patches "$refs"
has "0001 applicable" "^  applicable +0001-vmbus-backport-for-3.10.108.patch" "$TMP/out"
[ "$(grep -c '^  applicable in series ' "$TMP/out")" -eq 6 ]
ok "0002-0006 (six entries with 0003a) applicable in series" $?
! grep -qE "conflicting|after earlier ones|checksum mismatch" "$TMP/out"
ok "nothing conflicting, waiting or mismatched" $?
expect_exit "toolchain series on the pristine tree: exit 0" 0 "$HV" tree "$KSRC" \
	--series "$TOP/patches/3.10.108-toolchain"
[ "$(grep -c '^  applicable ' "$TMP/out")" -eq 8 ]
ok "the eight toolchain patches applicable" $?
[ "$(cd "$KSRC" && find . -newer Makefile -type f | head -1)" = "$before" ]
ok "the tree was not written" $?
done_testing
