#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvdiag tree and make -C patches apply on a small kernel-like tree this
# test builds: drivers/pci/pci-hyperv.c holds the lines our real 0002 patch
# expects (its preimage), and two stand-in "referenced" patches, with their
# own sha256 in a copy of the MANIFEST, play 0001 and 0003. A real 3.10.108
# tree cannot be in CI (patches/3.10.108/README.md says how to check one).
set -u
. "$(dirname "$0")/../lib.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
OURS=$TOP/patches/3.10.108/0002-PCI-hv-give-the-bridge-windows-a-memory-type.patch
K=$TMP/linux
S=$TMP/series
P=$TMP/refs
mkdir -p "$K/drivers/pci" "$K/drivers/hv" "$S" "$P"
printf 'VERSION = 3\nPATCHLEVEL = 10\nSUBLEVEL = 108\nEXTRAVERSION =\n' > "$K/Makefile"
# the preimage of every hunk of our patch, one after the other
awk '/^@@/ { inh = 1; next } inh && /^(-- |--$)/ { exit } inh && /^[ -]/ { print substr($0, 2) }' "$OURS" \
	> "$K/drivers/pci/pci-hyperv.c"
printf 'int pci_bus_alloc_resource(void)\n{\n\t\t/* type_mask must match */\n}\n' > "$K/drivers/pci/bus.c"
(cd "$K" && git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm base)

# stand-ins for the referenced patches
mkpatch() {	# mkpatch FILE NEWPATH LINE
	printf -- '--- /dev/null\n+++ b/%s\n@@ -0,0 +1 @@\n+%s\n' "$2" "$3" > "$P/$1"
}
mkpatch 0001-vmbus-backport-for-3.10.108.patch drivers/hv/vmbus_stand_in.c "int vmbus;"
mkpatch 0003-uncomment-the-hv_utils-driver.patch drivers/hv/hv_utils_transport.c "int utils;"
cp "$OURS" "$S/"
sum() { sha256sum "$1" | cut -d' ' -f1; }
cat > "$S/MANIFEST" <<EOM
entry      0001-vmbus-backport-for-3.10.108.patch
origin     ref stand-in
sha256     $(sum "$P/0001-vmbus-backport-for-3.10.108.patch")
purpose    stand-in for the vmbus backport
applied-if file drivers/hv/vmbus_stand_in.c

entry      $(basename "$OURS")
origin     ours
sha256     $(sum "$OURS")
purpose    type the bridge windows
applied-if grep drivers/pci/pci-hyperv.c IORESOURCE_WINDOW | IORESOURCE_MEM

entry      0003-uncomment-the-hv_utils-driver.patch
origin     ref stand-in
sha256     $(sum "$P/0003-uncomment-the-hv_utils-driver.patch")
purpose    stand-in for hv_utils
symptom    no hv_utils
applied-if file drivers/hv/hv_utils_transport.c

hack       0002-hack-pci-res-code-to-make-OFED-driver-work.patch
sha256     0000000000000000000000000000000000000000000000000000000000000000
applied-if grep2 drivers/pci/bus.c #if 0 ||| /* type_mask must match */
EOM

# our sha256 agrees with sha256sum on the shipped patch
grep -q "$(sum "$OURS")" "$TOP/patches/3.10.108/MANIFEST"
ok "MANIFEST carries the shipped patch's sha256" $?

expect_exit "tree: all applicable" 0 "$HV" tree "$K" --series "$S" --patches "$P"
has "tree: version" "^tree .*: Linux 3.10.108" "$TMP/out"
has "tree: pci-hyperv found" "^pci-hyperv: drivers/pci/pci-hyperv.c" "$TMP/out"
[ "$(grep -c '^  applicable ' "$TMP/out")" -eq 3 ]; ok "tree: three entries applicable by dry run" $?
expect_exit "tree without the referenced files" 0 "$HV" tree "$K" --series "$S"
has "tree: by content, with the symptom" "without it: no hv_utils" "$TMP/out"

# checksum refusal: a changed reference file, and nothing touched
cp "$P/0003-uncomment-the-hv_utils-driver.patch" "$TMP/keep"
echo "# changed" >> "$P/0003-uncomment-the-hv_utils-driver.patch"
expect_exit "apply refuses a file with another sha256" 1 "$HV" tree "$K" --series "$S" --patches "$P" --apply
has "refusal names the file" "is not the expected file" "$TMP/err"
[ -z "$(cd "$K" && git status --porcelain)" ]; ok "refusal left the tree untouched" $?
cp "$TMP/keep" "$P/0003-uncomment-the-hv_utils-driver.patch"

# apply through the Makefile, as users do
make -s -C "$TOP/patches" apply KSRC="$K" SERIES="$S" BACKPORT="$P/0001-vmbus-backport-for-3.10.108.patch" \
	HVDIAG="$HV" > "$TMP/out" 2>&1
ok "make -C patches apply" $?
[ "$(grep -c '^applied ' "$TMP/out")" -eq 3 ]; ok "apply: three applied" $?
grep -q "IORESOURCE_WINDOW | IORESOURCE_MEM;" "$K/drivers/pci/pci-hyperv.c"; ok "apply: our patch is in" $?
expect_exit "tree after apply" 0 "$HV" tree "$K" --series "$S" --patches "$P"
[ "$(grep -c '^  applied ' "$TMP/out")" -eq 3 ]; ok "tree: all applied (reverse dry run)" $?
expect_exit "apply again is a no-op" 0 "$HV" tree "$K" --series "$S" --patches "$P" --apply
[ "$(grep -c '^already applied' "$TMP/out")" -eq 3 ]; ok "apply again: already applied" $?

# reversed: take our patch out again, the tree says applicable once more
(cd "$K" && patch -p1 -R -s < "$OURS")
expect_exit "tree after reverting 0002" 0 "$HV" tree "$K" --series "$S" --patches "$P"
has "reverted 0002 is applicable" "^  applicable +0002-PCI-hv" "$TMP/out"

# conflict: the context our patch needs is gone; apply stops there
(cd "$K" && git checkout -q -- . && git clean -qfd)
sed -i 's/Modify this resource to become a bridge window/Something else/' "$K/drivers/pci/pci-hyperv.c"
expect_exit "tree: conflicting" 1 "$HV" tree "$K" --series "$S" --patches "$P"
has "conflict named" "^  conflicting +0002-PCI-hv" "$TMP/out"
expect_exit "apply stops at the conflict" 1 "$HV" tree "$K" --series "$S" --patches "$P" --apply
has "stop message names the entry" "0002-PCI-hv-give-the-bridge-windows-a-memory-type.patch' does not apply" "$TMP/err"
[ ! -e "$K/drivers/hv/hv_utils_transport.c" ]; ok "nothing after the conflict was applied" $?

# the old work-around
(cd "$K" && git checkout -q -- . && git clean -qfd)
sed -i 's|^\t\t/\* type_mask must match \*/|#if 0\n&|' "$K/drivers/pci/bus.c"
expect_exit "work-around reported" 1 "$HV" tree "$K" --series "$S" --patches "$P"
has "work-around named" "^work-around present: 0002-hack-pci-res-code" "$TMP/out"

# the shipped series recognises our 0006 on a tree holding its preimage
O6=$TOP/patches/3.10.108/0006-PCI-hv-restore-the-x86-MSI-operations-when-registration-fails.patch
K6=$TMP/linux6
mkdir -p "$K6/drivers/pci"
cp "$K/Makefile" "$K6/"
awk '/^@@/ { inh = 1; next } inh && /^(-- |--$)/ { exit } inh && /^[ -]/ { print substr($0, 2) }' "$O6" \
	> "$K6/drivers/pci/pci-hyperv.c"
"$HV" tree "$K6" > "$TMP/out" 2>&1
has "0006 applicable" "^  applicable +0006-PCI-hv-restore" "$TMP/out"
(cd "$K6" && patch -p1 -s < "$O6")
"$HV" tree "$K6" > "$TMP/out" 2>&1
has "0006 applied" "^  applied +0006-PCI-hv-restore.* \(patch --dry-run\)" "$TMP/out"

expect_exit "not a kernel tree" 2 "$HV" tree "$TMP/refs"
done_testing
