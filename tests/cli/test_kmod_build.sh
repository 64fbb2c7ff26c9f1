#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvdiag.ko's build against the installed kernel headers, in a scratch
# copy of kmod/: KCFLAGS=-fcommon (which old advice for 3.10 trees gave)
# leaves no COMMON symbol, which 3.10's loader refuses; the compile
# probes are made again when KDIR changes. Skips without headers, and in
# the ASan pass (the module does not depend on the tool's build).
. "$(dirname "$0")/../lib.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
case $HV in
*/build-asan/*) echo "1..0 # SKIP module build runs once, in the normal pass"; exit 4 ;;
esac
KDIR=${KDIR:-$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -1)}
if [ -z "$KDIR" ] || [ ! -f "$KDIR/Makefile" ]; then
	echo "1..0 # SKIP no kernel headers (linux-headers-amd64)"
	exit 4
fi
K=$TMP/kmod
mkdir -p "$K"
cp -r "$TOP/kmod/." "$K/"
rm -f "$K/lib"
cp -r "$TOP/lib" "$K/lib"
make -s -C "$K" clean >/dev/null 2>&1

KCFLAGS=-fcommon make -s -C "$K" KDIR="$KDIR" >"$TMP/build.log" 2>&1
ok "builds with KCFLAGS=-fcommon" $?
nm "$K/hvdiag.ko" > "$TMP/nm" 2>&1
ok "hvdiag.ko has symbols" $?
grep ' C ' "$TMP/nm" > "$TMP/common"
[ ! -s "$TMP/common" ]
ok "no COMMON symbol (3.10 refuses them)" $?
[ -s "$TMP/common" ] && sed 's/^/# /' "$TMP/common"
grep -q "is COMMON symbol" "$TMP/build.log"
[ $? -ne 0 ]
ok "modpost warns of no COMMON symbol" $?
has "conftest.h names the tree it was made from" "from $KDIR: do not edit" "$K/compat/conftest.h"

# another KDIR: the probes must run again, not keep the old tree's answers
mkdir -p "$TMP/other"
make -s -C "$K" KDIR="$TMP/other" >"$TMP/other.log" 2>&1
[ $? -ne 0 ]
ok "a KDIR that is no kernel tree fails" $?
has "...in the probes, run again for it" "conftest: no probe ran" "$TMP/other.log"
done_testing
