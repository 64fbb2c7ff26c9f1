#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Exit codes of check (hvdiag(8)): 0 pass, 1 fail, 2 usage or unreadable
# input, 4 nothing applicable. An input a bundle has but that cannot be
# read is exit 2 (the report still written), never a quiet skip; so is a
# --root that is missing or that we may not read.
set -u
. "$(dirname "$0")/../lib.sh"
TO="timeout 60"

expect_exit "the seed bundle passes" 0 $TO "$HV" check --root "$FIX/seed"

b=$(seed_copy dir)
rm "$b/dmesg.txt" && mkdir "$b/dmesg.txt"
expect_exit "dmesg.txt a directory: exit 2" 2 $TO "$HV" check --root "$b"
has "dmesg.txt a directory: named" "hvdiag: cannot read the kernel log: .*'.*/dir/dmesg.txt'" "$TMP/err"
has "dmesg.txt a directory: the report is still written" "^SKIP +driver.errors +cannot read the kernel log" "$TMP/out"

b=$(seed_copy dangling)
rm "$b/dmesg.txt" && ln -s dmesg.old "$b/dmesg.txt"
expect_exit "dmesg.txt a dangling link: exit 2" 2 $TO "$HV" check --root "$b"
has "dmesg.txt a dangling link: named" "hvdiag: cannot read the kernel log: .*'.*/dangling/dmesg.txt'" "$TMP/err"

b=$(seed_copy nolog)
rm "$b/dmesg.txt"
expect_exit "no dmesg.txt at all is a skip, not an error" 0 $TO "$HV" check --root "$b"

b=$(seed_copy badlspci)
rm "$b/lspci-vvv.txt" && mkdir "$b/lspci-vvv.txt"
expect_exit "lspci-vvv.txt a directory: exit 2" 2 $TO "$HV" check --root "$b"
has "lspci-vvv.txt a directory: named" "cannot read lspci text: .*lspci-vvv.txt" "$TMP/err"

expect_exit "a missing --root: exit 2" 2 $TO "$HV" check --root "$TMP/nothing-here"
has "a missing --root: said" "cannot read '.*nothing-here': No such file or directory" "$TMP/err"
: > "$TMP/afile"
expect_exit "a file as --root: exit 2" 2 $TO "$HV" check --root "$TMP/afile"

# Permission denied for real: as nobody, on a copy nobody may reach
# (root reads everything, so the test drops to uid 65534).
pub=$(mktemp -d /tmp/hvdiag-exit.XXXXXX)
trap 'rm -rf "$TMP" "$pub"' EXIT
chmod 755 "$pub"
cp -r "$FIX/seed" "$pub/b"
chmod -R a+rX "$pub/b"
NOBODY="setpriv --reuid=65534 --regid=65534 --clear-groups"
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null &&
   $NOBODY "$HV" check --root "$pub/b" > /dev/null 2>&1; then
	chmod 000 "$pub/b/dmesg.txt"
	expect_exit "dmesg.txt unreadable (EACCES): exit 2" 2 $TO $NOBODY "$HV" check --root "$pub/b"
	has "dmesg.txt unreadable: said" "cannot read the kernel log: Permission denied.*dmesg.txt" "$TMP/err"
	chmod 644 "$pub/b/dmesg.txt"
	chmod 000 "$pub/b"
	expect_exit "--root unreadable (EACCES): exit 2" 2 $TO $NOBODY "$HV" check --root "$pub/b"
	has "--root unreadable: said" "cannot read '.*/b': Permission denied" "$TMP/err"
	chmod 711 "$pub/b"
	expect_exit "--root not listable (EACCES): exit 2" 2 $TO $NOBODY "$HV" check --root "$pub/b"
	chmod 755 "$pub/b"
else
	echo "ok $((T_N += 1)) - permission tests # SKIP needs root and setpriv, and a binary uid 65534 can run"
fi
done_testing
