#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-kernel.sh: `make rig-kernel KSRC=DIR BACKPORT=FILE`. The seed's
# kernel, built the way the seed's HOWTO says, for the rig to boot:
#   1. KSRC (a pristine 3.10.108) is copied to OUT/src; KSRC itself is
#      never written to;
#   2. patches/3.10.108-toolchain (so that this machine's gcc builds 3.10)
#      and patches/3.10.108 (the guest series: Microsoft's files from
#      BACKPORT's directory, checked by sha256, and ours) are applied there
#      by `hvdiag tree --apply`, all or nothing;
#   3. .config: the seed's (tests/fixtures/seed/kernel-config-3.10.108)
#      merged with patches/hyperv-sriov.config and RIG_KCONFIG (default
#      tests/rig/kernel-rig.config: no debug info, vmbus built in;
#      RIG_KCONFIG= for the seed's config exactly); modules only those
#      of RIG_MODULES (default tests/rig/kernel-rig.modules: the
#      fragment's and the rig's; RIG_MODULES=all for all of the seed's),
#      then judged by `hvdiag kconfig`;
#   4. bzImage and modules with JOBS jobs (default: the CPUs; on a shared
#      machine run it under nice); modules_install into OUT.
# OUT (default build/rig-kernel, beside the Debian image cache
# build/rig-debian/) then holds what `make rig-check RIG_KERNEL=OUT` boots:
#   OUT/bzImage  OUT/lib/modules/<release>/ (build -> OUT/src)
#   OUT/rig-extra/pci-hyperv-without-0006.ko   for the 0006 counterfactual
#   OUT/rig-kernel.txt   what was built, from what, in how long
# An OUT/src made from the same inputs is reused (an interrupted build
# goes on where it stopped); any other is made again.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
hv=$top/tools/hvdiag
out=${OUT:-$top/build/rig-kernel}
jobs=${JOBS:-$(nproc)}
lean=${RIG_KCONFIG-$top/tests/rig/kernel-rig.config}
mods=${RIG_MODULES:-$top/tests/rig/kernel-rig.modules}
[ "$mods" = all ] || [ -f "$mods" ] || die "RIG_MODULES '$mods' is neither 'all' nor a file" 2
seedcfg=$top/tests/fixtures/seed/kernel-config-3.10.108
guest=$top/patches/3.10.108
tool=$top/patches/3.10.108-toolchain
die() { echo "rig-kernel: $*" >&2; exit "${2:-1}"; }
say() { echo "rig-kernel: $*"; }

[ -n "${KSRC:-}" ] || die "set KSRC to a pristine 3.10.108 tree" 2
[ -n "${BACKPORT:-}" ] || die "set BACKPORT to Microsoft's 0001-vmbus-backport-for-3.10.108.patch" 2
[ -f "$KSRC/Makefile" ] || die "KSRC '$KSRC' is not a kernel tree (no Makefile)" 2
[ -f "$BACKPORT" ] || die "BACKPORT '$BACKPORT' is not a file" 2
ksrc=$(cd "$KSRC" && pwd)
legacy=$(cd "$(dirname "$BACKPORT")" && pwd)
v=$(sed -n 's/^VERSION = //p; s/^PATCHLEVEL = //p; s/^SUBLEVEL = //p' "$ksrc/Makefile" | head -3 | paste -sd.)
[ "$v" = 3.10.108 ] || die "KSRC is Linux $v; the series is for 3.10.108" 2
[ -x "$hv" ] || die "no $hv (make)" 2
case $out in /*) ;; *) out=$PWD/$out ;; esac
case "$out/" in "$ksrc/"*) die "OUT ($out) must not be inside KSRC" 2 ;; esac

t0=$(date +%s)
mkdir -p "$out"
src=$out/src
# everything the copy is made from: when it changes, the copy is remade
stamp=$( { echo "$ksrc"; cat "$guest/series" "$guest/MANIFEST" "$tool/series" "$tool/MANIFEST";
	sha256sum "$guest"/*.patch "$tool"/*.patch "$legacy"/0001-*.patch "$legacy"/000[345]-*.patch \
		"$seedcfg" "$top/patches/hyperv-sriov.config" ${lean:+"$lean"} 2>/dev/null | cut -d' ' -f1;
	if [ "$mods" = all ]; then echo all; else sha256sum < "$mods"; fi; } |
	sha256sum | cut -d' ' -f1)
if [ -f "$src/.rig-stamp" ] && [ "$(cat "$src/.rig-stamp")" = "$stamp" ]; then
	say "reusing $src (same tree, series and config)"
else
	rm -rf "$src" "$src.tmp"
	mkdir -p "$src.tmp"
	say "copying $ksrc to $src"
	tar -C "$ksrc" --exclude=.git -cf - . | tar -C "$src.tmp" -xf - || die "cannot copy $ksrc"
	mv "$src.tmp" "$src"
	say "toolchain patches ($tool)"
	"$hv" tree "$src" --series "$tool" --apply || die "the toolchain series does not apply"
	say "guest series ($guest, Microsoft's files from $legacy)"
	"$hv" tree "$src" --series "$guest" --patches "$legacy" --apply ||
		die "the guest series does not apply"
	cp "$seedcfg" "$src/.config"
	(cd "$src" && ./scripts/kconfig/merge_config.sh -m .config \
		"$top/patches/hyperv-sriov.config" ${lean:+"$lean"}) > "$out/config.log" 2>&1 ||
		die "merging the configuration failed (see $out/config.log)"
	make -C "$src" olddefconfig >> "$out/config.log" 2>&1 ||
		die "make olddefconfig failed (see $out/config.log)"
	if [ "$mods" != all ]; then
		# every module not on the list off; what the kept ones select
		# comes back with olddefconfig
		awk 'NR == FNR { if ($1 !~ /^#/ && $1 != "") keep["CONFIG_" $1] = 1; next }
		     /^CONFIG_[A-Za-z0-9_]*=m$/ { s = substr($0, 1, length($0) - 2)
			if (!(s in keep)) { print "# " s " is not set"; next } }
		     { print }' "$mods" "$src/.config" > "$src/.config.rig" &&
			mv "$src/.config.rig" "$src/.config" &&
			make -C "$src" olddefconfig >> "$out/config.log" 2>&1 ||
			die "cutting the modules to $mods failed (see $out/config.log)"
	fi
	# last: a copy without it is made again
	echo "$stamp" > "$src/.rig-stamp"
fi
"$hv" kconfig "$src/.config" > "$out/kconfig.txt" || {
	cat "$out/kconfig.txt" >&2
	die "the configuration misses options the fragment requires"
}

say "building bzImage and modules ($(grep -c '=m$' "$src/.config") options =m; make -j$jobs; log: $out/build.log)"
t1=$(date +%s)
make -C "$src" -j"$jobs" bzImage modules > "$out/build.log" 2>&1 || {
	grep -E "error|Error" "$out/build.log" | head -20 >&2
	die "the kernel build failed (see $out/build.log)"
}
t2=$(date +%s)
rel=$(cat "$src/include/config/kernel.release")
rm -rf "$out/lib" "$out/bzImage"
make -C "$src" INSTALL_MOD_PATH="$out" modules_install > "$out/install.log" 2>&1 ||
	die "modules_install failed (see $out/install.log)"
ln -sfn "$src" "$out/lib/modules/$rel/build"
rm -f "$out/lib/modules/$rel/source"
cp "$src/arch/x86/boot/bzImage" "$out/bzImage"
cp "$src/.config" "$out/config"

# The 0006 counterfactual: pci-hyperv as the series would build it
# without our 0006, an external module from the same tree, for the rig
# to show the oops 0006 prevents. Kept apart from lib/modules.
say "pci-hyperv without 0006, for the rig's counterfactual"
cf=$out/rig-extra/without-0006
rm -rf "$out/rig-extra"
mkdir -p "$cf"
cp "$src/drivers/pci/pci-hyperv.c" "$cf/"
patch -s -R -p3 -d "$cf" < "$guest"/0006-*.patch || die "0006 does not come out of pci-hyperv.c"
echo "obj-m := pci-hyperv.o" > "$cf/Kbuild"
make -C "$src" M="$cf" modules > "$out/extra.log" 2>&1 || die "pci-hyperv without 0006 does not build (see $out/extra.log)"
mv "$cf/pci-hyperv.ko" "$out/rig-extra/pci-hyperv-without-0006.ko"
rm -rf "$cf"
t3=$(date +%s)

nmod=$(find "$out/lib/modules/$rel" -name '*.ko' | wc -l)
{
	echo "release    $rel"
	echo "bzImage    $out/bzImage ($(stat -c %s "$out/bzImage") bytes)"
	echo "modules    $out/lib/modules/$rel ($nmod modules)"
	echo "rig extra  $out/rig-extra/pci-hyperv-without-0006.ko"
	echo "build tree $src"
	echo "from       $ksrc"
	echo "series     $(grep -v '^#' "$tool/series" | paste -sd' ')"
	echo "           $(grep -v '^#' "$guest/series" | paste -sd' ')"
	echo "config     seed + hyperv-sriov.config${lean:+ + $(basename "$lean")}, modules: $([ "$mods" = all ] && echo "all of the seed's" || echo "$(basename "$mods")")"
	echo "compiler   $(${CC:-gcc} --version | head -1)"
	echo "wall_s     copy_and_patch $((t1 - t0)) build $((t2 - t1)) install $((t3 - t2)) total $((t3 - t0))"
} > "$out/rig-kernel.txt"
sed 's/^/rig-kernel: /' "$out/rig-kernel.txt"
say "boot it: make rig-check RIG_KERNEL=${out#$top/}"
