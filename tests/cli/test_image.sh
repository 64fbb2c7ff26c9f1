#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Image pre-flight on real data: Debian 12's modules.builtin, module paths
# and config (tests/fixtures/image-debian12), the seed's 3.10.108 config,
# the MANA VF without a driver, azure-vm-utils' and Azure's own udev rule,
# networkd and NetworkManager files, and initrd images made by cpio and
# gzip (an early uncompressed archive, then the compressed one).
set -u
. "$(dirname "$0")/../lib.sh"
IMG=$FIX/image-debian12
REL=6.1.0-57-amd64
SEEDCFG=$FIX/seed/kernel-config-3.10.108

img_copy() {	# img_copy NAME: a scratch copy of the Debian 12 image
	rm -rf "$TMP/$1"
	cp -a "$IMG" "$TMP/$1"
	echo "$TMP/$1"
}

expect_exit "Debian 12 image: drives every family, managers kept off" 0 \
	"$HV" check -v --root "$IMG" --only image
has "Debian 12: all three families" "^PASS +kernel.vf_drivers +this kernel drives mana, mlx4 and mlx5$" "$TMP/out"
has "Debian 12: mana from its module path" "mana: drivable \(profile mana\): mana.ko in .*/lib/modules/$REL$" "$TMP/out"
has "Debian 12: managers kept off, in the initrd too" "^PASS +image.vf_unmanaged +network managers are kept off the VFs of all 3 families, in the initrd too" "$TMP/out"

# the option off and no module: warned, with the option to enable
d=$(img_copy nomana)
rm "$d/lib/modules/$REL/kernel/drivers/net/ethernet/microsoft/mana/mana.ko"
sed -i 's/^CONFIG_MICROSOFT_MANA=m/# CONFIG_MICROSOFT_MANA is not set/' "$d/boot/config-$REL"
expect_exit "no MANA driver: a warning (exit 0)" 0 "$HV" check -v --root "$d" --only image
has "no MANA driver: named with its option" "^WARN +kernel.vf_drivers +this kernel cannot drive mana \(mana: CONFIG_MICROSOFT_MANA=m\)$" "$TMP/out"
has "no MANA driver: the evidence says why" "mana: NOT drivable \(profile mana\): no mana: CONFIG_MICROSOFT_MANA is not set, no module file" "$TMP/out"
has "no MANA driver: mlx families still drivable" "mlx5: drivable" "$TMP/out"
has "no MANA driver: remedy from the knowledge base" "linux-modules-extra" "$TMP/out"

# built as a module the image does not ship (linux-modules-extra)
d=$(img_copy extra)
rm "$d/lib/modules/$REL/kernel/drivers/net/ethernet/mellanox/mlx4/mlx4_en.ko"
expect_exit "mlx4_en configured =m but absent: a warning" 0 "$HV" check -v --root "$d" --only image
has "mlx4_en missing: install it" "^WARN +kernel.vf_drivers +this kernel cannot drive mlx4 \(mlx4: install mlx4_en.ko\)$" "$TMP/out"

# built in: modules.builtin speaks even without module files
d=$(img_copy builtin)
rm -r "$d/lib/modules/$REL/kernel"
echo "kernel/drivers/net/ethernet/microsoft/mana/mana.ko" >> "$d/lib/modules/$REL/modules.builtin"
"$HV" check -v --root "$d" --only image > "$TMP/out" 2>&1
has "mana built in (modules.builtin)" "mana: drivable \(profile mana\): mana built in \(modules.builtin\)" "$TMP/out"
has "without module files the config decides for mlx5" "mlx5: drivable \(profile mlx5\): CONFIG_MLX5_CORE=m" "$TMP/out"

# the seed (3.10.108, no MANA in that kernel) with its config: its own
# VF family (mlx4, OFED) judged, MANA missing
expect_exit "seed with its 3.10 config: MANA missing is a warning" 0 \
	"$HV" check -v --root "$FIX/seed" --kconfig "$SEEDCFG" --only image
has "seed: mana and mlx5 are not in 3.10" "^WARN +kernel.vf_drivers +this kernel cannot drive (mana and mlx5|mana, mlx4 and mlx5|mana)" "$TMP/out"
has "seed: MANA option not in that kernel's config" "no mana: CONFIG_MICROSOFT_MANA not in this kernel's config" "$TMP/out"
has "seed: no udev data in the bundle: skipped" "^SKIP +image.vf_unmanaged " "$TMP/out"

# a MANA VF whose kernel lacks the driver: the guest's own family fails
expect_exit "MANA VF, kernel without mana: fail (exit 1)" 1 \
	"$HV" check -v --root "$FIX/mana-nodriver" --kconfig "$SEEDCFG" --only image
has "MANA VF: this guest's family named" "mana \(this guest's VF\): NOT drivable" "$TMP/out"
has "MANA VF: fail" "^FAIL +kernel.vf_drivers +this kernel cannot drive mana" "$TMP/out"

# no rule for any VF; NetworkManager's drop-in names mlx4 and mlx5 only
d=$(img_copy norule)
rm "$d/usr/lib/udev/rules.d/10-azure-unmanaged-sriov.rules"
"$HV" check -v --root "$d" --only image > "$TMP/out" 2>&1
has "azure-docs' NM drop-in without mana: mana unguarded" "^WARN +image.vf_unmanaged +mana: nothing keeps network managers off the VF" "$TMP/out"
has "NM drop-in covers mlx5" "mlx5 \(mlx5_core\): udev rule none; networkd no Unmanaged=yes file; NetworkManager /etc/NetworkManager/conf.d/99-azure-unmanaged-devices.conf" "$TMP/out"
has "networkd installed: its counterpart missing" "mlx4: no networkd file with Unmanaged=yes for it" "$TMP/out"
has "remedy names the initrd rebuild" "update-initramfs -u" "$TMP/out"

# Azure's hv_pci rule in /etc covers every family, but not in the initrd
d=$(img_copy hvpci)
rm "$d/usr/lib/udev/rules.d/10-azure-unmanaged-sriov.rules"
mkdir -p "$d/etc/udev/rules.d"	# git keeps no empty directory
cp "$FIX/image-rules/68-azure-sriov-nm-unmanaged.rules" "$d/etc/udev/rules.d/"
sed -i 's/^networkd: yes/networkd: no/' "$d/image.txt"
"$HV" check -v --root "$d" --only image > "$TMP/out" 2>&1
has "hv_pci rule: matches mana too" "mana \(mana\): udev rule /etc/udev/rules.d/68-azure-sriov-nm-unmanaged.rules \(NOT in the initrd\)" "$TMP/out"
has "hv_pci rule: missing from the initrd is a warning" "^WARN +image.vf_unmanaged +mana: 68-azure-sriov-nm-unmanaged.rules is not in the initrd" "$TMP/out"
echo "usr/lib/udev/rules.d/68-azure-sriov-nm-unmanaged.rules" >> "$d/image.txt"
"$HV" check -v --root "$d" --only image > "$TMP/out" 2>&1
has "hv_pci rule in the initrd, networkd not installed: pass" "^PASS +image.vf_unmanaged " "$TMP/out"

# initrd images made by cpio (newc) and gzip, listed without extracting
if command -v cpio > /dev/null && command -v gzip > /dev/null; then
	t=$TMP/tree
	mkdir -p "$t/early/kernel/x86/microcode" "$t/main/usr/lib/udev/rules.d" "$t/main/usr/bin"
	head -c 3000 /dev/urandom > "$t/early/kernel/x86/microcode/GenuineIntel.bin"
	cp "$IMG/usr/lib/udev/rules.d/10-azure-unmanaged-sriov.rules" "$t/main/usr/lib/udev/rules.d/"
	head -c 100000 /dev/urandom > "$t/main/usr/bin/blob"
	(cd "$t/early" && find . | sort | cpio -o -H newc --quiet) > "$TMP/early.cpio"
	(cd "$t/main" && find . | sort | cpio -o -H newc --quiet | gzip -9) > "$TMP/main.cpio.gz"
	cat "$TMP/early.cpio" "$TMP/main.cpio.gz" > "$TMP/initrd.img"
	d=$(img_copy live)
	rm "$d/image.txt"
	expect_exit "--initrd: early cpio + gzip cpio listed" 0 \
		"$HV" check -v --root "$d" --initrd "$TMP/initrd.img" --only image
	has "--initrd: both archives read" "initrd: $TMP/initrd.img \(cpio \+ gzip cpio, 1[0-9] entries\)" "$TMP/out"
	has "--initrd: the rule found inside" "10-azure-unmanaged-sriov.rules \(in the initrd\)" "$TMP/out"
	rm "$t/main/usr/lib/udev/rules.d/10-azure-unmanaged-sriov.rules"
	(cd "$t/main" && find . | sort | cpio -o -H newc --quiet | gzip) > "$TMP/norule.img"
	"$HV" check -v --root "$d" --initrd "$TMP/norule.img" --only image > "$TMP/out" 2>&1
	has "--initrd gzip only, without the rule: warned" "^WARN +image.vf_unmanaged +mana: 10-azure-unmanaged-sriov.rules is not in the initrd" "$TMP/out"
	# hostile images: said, never a crash
	head -c 20000 "$TMP/initrd.img" > "$TMP/cut.img"
	"$HV" check -v --root "$d" --initrd "$TMP/cut.img" --only image > "$TMP/out" 2>&1
	has "truncated initrd: said" "initrd: '.*cut.img': truncated" "$TMP/out"
	head -c 5000 /dev/urandom | tr '\0' x > "$TMP/junk.img"
	"$HV" check -v --root "$d" --initrd "$TMP/junk.img" --only image > "$TMP/out" 2>&1
	has "junk initrd: not cpio, said" "initrd: '.*junk.img': neither a cpio archive nor a known compression" "$TMP/out"
	printf '070701%0104d' 0 | sed 's/0000000000000000$/FFFFFFFF00000000/' > "$TMP/bigname.img"
	"$HV" check -v --root "$d" --initrd "$TMP/bigname.img" --only image > "$TMP/out" 2>&1
	has "huge name size in a header: refused" "initrd: '.*bigname.img': (bad cpio header|truncated)" "$TMP/out"
	mkfifo "$TMP/fifo.img"
	expect_exit "FIFO as initrd: unreadable input, no hang" 2 \
		timeout 10 "$HV" check -v --root "$d" --initrd "$TMP/fifo.img" --only image
	has "FIFO as initrd: refused and named" "initrd: cannot read '.*fifo.img': not a regular file" "$TMP/out"
	has "FIFO as initrd: said on stderr" "^hvdiag: cannot read '.*fifo.img': not a regular file" "$TMP/err"
	expect_exit "junk initrd given: unreadable input" 2 \
		"$HV" check --root "$d" --initrd "$TMP/junk.img" --only image
	# a bundle's record of an unreadable live initrd is no error of this run
	d2=$(img_copy recorded)
	sed -i 's/^initrd: .*/initrd-error: no initrd for 6.1.0-57-amd64/' "$d2/image.txt"
	expect_exit "bundle recording no initrd: not an unreadable input" 0 \
		"$HV" check -v --root "$d2" --only image
	has "bundle recording no initrd: said" "initrd: no initrd for 6.1.0-57-amd64" "$TMP/out"
	if command -v zstd > /dev/null && ! command -v lsinitramfs > /dev/null &&
		! command -v lsinitrd > /dev/null; then
		(cd "$t/main" && find . | sort | cpio -o -H newc --quiet | zstd -q) > "$TMP/zstd.img"
		"$HV" check -v --root "$d" --initrd "$TMP/zstd.img" --only image > "$TMP/out" 2>&1
		has "zstd initrd without a lister: said" "compressed with zstd: neither lsinitramfs nor lsinitrd installed" "$TMP/out"
	fi
else
	ok "initrd images # SKIP cpio or gzip not installed" 0
fi

# collect records what the bundle needs: image.txt and the module lists
if [ "$(uname -r)" = "$REL" ] || [ -d "/lib/modules/$(uname -r)" ]; then
	"$HV" collect -o "$TMP/b" > /dev/null 2>&1
	[ -f "$TMP/b/image.txt" ] && grep -q "^initrd" "$TMP/b/image.txt"
	ok "collect writes image.txt" $?
else
	"$HV" collect -o "$TMP/b" > /dev/null 2>&1
	[ -f "$TMP/b/image.txt" ] && grep -q "^initrd-error: no initrd for $(uname -r)" "$TMP/b/image.txt"
	ok "collect writes image.txt (this kernel has no initrd: said)" $?
fi
done_testing
