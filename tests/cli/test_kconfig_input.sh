#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvdiag kconfig (and check --kconfig) on edited and hostile inputs: a
# duplicated option takes its last occurrence, as Kconfig does ("# CONFIG_X
# is not set" counts as one); a device, a FIFO or a huge file is refused
# with exit 2 and never hangs.
set -u
. "$(dirname "$0")/../lib.sh"
SEED=$FIX/seed/kernel-config-3.10.108
TO="timeout 20"

# dup NAME EXIT LINES...: the seed with LINES appended, then judged
dup() {
	name=$1 want=$2
	shift 2
	{ cat "$SEED"; printf '%s\n' "$@"; } > "$TMP/$name.config"
	expect_exit "$name" "$want" $TO "$HV" kconfig "$TMP/$name.config"
}
dup "set, then not set: the last wins (missing)" 1 "# CONFIG_PCI_HYPERV is not set"
has "not set last: named" "^MISSING CONFIG_PCI_HYPERV +n " "$TMP/out"
dup "set =m, then =y: the last wins" 0 "CONFIG_PCI_HYPERV=y"
has "=y last: shown" "^ok +CONFIG_PCI_HYPERV +y$" "$TMP/out"
dup "not set, then set again: the last wins (ok)" 0 \
	"# CONFIG_PCI_HYPERV is not set" "CONFIG_PCI_HYPERV=m"
has "set again last: shown" "^ok +CONFIG_PCI_HYPERV +m$" "$TMP/out"
# many alternating occurrences, so no sort order can hide a wrong pick
lines=()
for i in $(seq 1 40); do lines+=("CONFIG_PCI_HYPERV=m" "# CONFIG_PCI_HYPERV is not set"); done
dup "40 pairs, not set last: missing" 1 "${lines[@]}"
lines+=("CONFIG_PCI_HYPERV=y")
dup "40 pairs, =y last: ok" 0 "${lines[@]}"
{ echo "CONFIG_PCI_MSI=n"; cat "$SEED"; } > "$TMP/first.config"
expect_exit "an early duplicate loses to the later one" 0 $TO "$HV" kconfig "$TMP/first.config"

# check's kernel.config reads the same way
b=$(seed_copy kc)
cp "$TMP/set, then not set: the last wins (missing).config" "$TMP/notset.config"
expect_exit "check --kconfig: not set last fails kernel.config" 1 $TO \
	"$HV" check --root "$b" --kconfig "$TMP/notset.config" --only kconfig
has "check --kconfig: named" "CONFIG_PCI_HYPERV" "$TMP/out"

# inputs that are not a file
expect_exit "/dev/zero: refused, no hang" 2 $TO "$HV" kconfig /dev/zero
has "/dev/zero: said" "cannot read '/dev/zero': not a regular file" "$TMP/err"
mkfifo "$TMP/fifo"
# a writer that never writes nor closes: reading would wait for ever
sleep 30 > "$TMP/fifo" &
w=$!
expect_exit "a FIFO with a silent writer: refused, no hang" 2 $TO "$HV" kconfig "$TMP/fifo"
has "FIFO: said" "cannot read '.*fifo': not a regular file" "$TMP/err"
expect_exit "check --kconfig /dev/zero: exit 2, no hang" 2 $TO \
	"$HV" check --root "$b" --kconfig /dev/zero --only kconfig
has "check --kconfig /dev/zero: said" "not a regular file" "$TMP/err"
kill $w 2>/dev/null
wait $w 2>/dev/null
mkdir "$TMP/dir"
expect_exit "a directory: refused" 2 $TO "$HV" kconfig "$TMP/dir"
truncate -s 65M "$TMP/huge.config"
expect_exit "a 65 MiB file: refused, the limit said" 2 $TO "$HV" kconfig "$TMP/huge.config"
has "65 MiB: said" "huge.config' is larger than 64 MiB" "$TMP/err"
done_testing
