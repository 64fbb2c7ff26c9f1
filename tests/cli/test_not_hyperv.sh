#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A bundle of a guest that is not on Hyper-V: the checks decide it once
# (checks/checks.c not_hyperv) and every output says the same. The run
# does not apply (exit 4, "not applicable" in the report, one message),
# platform.hyperv fails and every other check is skipped, whichever
# groups run; a profile for any platform (the rig's stand-ins) makes it
# apply, and platform.hyperv passes saying so.
set -u
. "$(dirname "$0")/../lib.sh"

b=$(seed_copy qemu)
mkdir -p "$b/sys/class/dmi/id"
echo QEMU > "$b/sys/class/dmi/id/sys_vendor"
echo "Standard PC (i440FX + PIIX, 1996)" > "$b/sys/class/dmi/id/product_name"
why="not a Hyper-V guest \(DMI: sys_vendor 'QEMU', product_name 'Standard PC \(i440FX \+ PIIX, 1996\)'\)"

expect_exit "not Hyper-V: nothing applicable" 4 "$HV" check --root "$b"
has "the report says why" "^not applicable: $why$" "$TMP/out"
has "platform.hyperv fails" "^FAIL +platform.hyperv +not a Hyper-V guest$" "$TMP/out"
n=$(grep -c "^SKIP .* not a Hyper-V guest$" "$TMP/out")
total=$(grep -c '^	{ "[a-z]' "$(dirname "$0")/../../tools/checks/table.c")
ok "every other check skipped ($n of $((total - 1)))" $(( n != total - 1 ))
has "said once on stderr" "^hvdiag: $why; to check a bundle from one, use --root DIR$" "$TMP/err"
ok "said only once ($(wc -l < "$TMP/err") line(s))" $(( $(wc -l < "$TMP/err") != 1 ))

# the verdict is the run's, not the platform group's
expect_exit "--only pci: still nothing applicable" 4 "$HV" check --root "$b" --only pci -f json
has "json: not applicable" '"applicable": false' "$TMP/out"
has "json: the reason" "\"not_applicable_reason\": \"$why\"" "$TMP/out"
has "json: pci checks skipped as not Hyper-V" '"summary": "not a Hyper-V guest"' "$TMP/out"

# a stand-in profile allows another platform
# (its VF is not there: pci.vf.present fails, exit 1, not 4)
expect_exit "a platform-any profile applies" 1 "$HV" check --root "$b" --profile rig-ivshmem
has "platform.hyperv passes, saying why" "^PASS +platform.hyperv +not Hyper-V, which profile 'rig-ivshmem' allows$" "$TMP/out"
grep -q "not applicable" "$TMP/out" "$TMP/err"
ok "a platform-any profile: no 'not applicable'" $(( ! $? ))

# the seed bundle has no platform data: unknown is not "not Hyper-V"
expect_exit "no platform data: applies" 0 "$HV" check --root "$FIX/seed"
grep -Eq "not applicable|platform.hyperv +not a Hyper-V|^hvdiag: not a Hyper-V" "$TMP/out" "$TMP/err"
ok "no platform data: never 'not a Hyper-V guest'" $(( ! $? ))

done_testing
