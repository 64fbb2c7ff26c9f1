#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# find-kernel.sh KERNEL: what the rig boots when told RIG_KERNEL=KERNEL.
# KERNEL is a bzImage or a directory holding one:
#   - what `make rig-kernel` writes: bzImage, lib/modules/<release>/ and
#     lib/modules/<release>/build, the kernel tree the modules came from;
#   - an unpacked distribution image: boot/vmlinuz-<release> and
#     lib/modules/<release>/;
#   - a kernel tree after `make bzImage modules` (arch/x86/boot/bzImage,
#     its modules still in place).
# A bzImage given as a file is looked for in the same places around it.
# The release is read from the image's own header; the modules and the
# tree to build hvdiag.ko against come from beside the image (a
# distribution image brings no tree: /usr/src/linux-headers-<release>).
# Prints, for eval: image=... release=... modules=... kdir=... extra=...
# (extra: rig-extra/ beside the image, modules for rig scenarios such as
# pci-hyperv without 0006; empty when there is none).
# Exit 2, with the reason, when a piece is missing.
set -u
die() { echo "find-kernel: $*" >&2; exit 2; }
[ $# -eq 1 ] && [ -n "$1" ] || die "usage: find-kernel.sh BZIMAGE|DIR"
k=$1
[ -e "$k" ] || die "'$k' does not exist"

# release IMAGE: the version string of a bzImage's setup header (at
# 0x200 + the 16-bit offset stored at 0x20e, behind the "HdrS" magic)
release() {
	[ "$(dd if="$1" bs=1 skip=$((0x202)) count=4 2>/dev/null)" = HdrS ] || return 1
	off=$(od -An -tu2 -j $((0x20e)) -N2 "$1" | tr -d ' ')
	[ -n "$off" ] && [ "$off" -gt 0 ] || return 1
	dd if="$1" bs=1 skip=$((off + 0x200)) count=128 2>/dev/null | tr '\0' '\n' |
		head -1 | cut -d' ' -f1
}
# a kernel tree with its build products: the module build tree itself
is_tree() { [ -f "$1/Makefile" ] && [ -f "$1/.config" ] && [ -f "$1/Module.symvers" ]; }

if [ -d "$k" ]; then
	dir=$(cd "$k" && pwd)
	image=
	for c in "$dir/bzImage" "$dir"/boot/vmlinuz-* "$dir/arch/x86/boot/bzImage"; do
		[ -f "$c" ] && { image=$c; break; }
	done
	[ -n "$image" ] || die "no bzImage, boot/vmlinuz-* or arch/x86/boot/bzImage in '$k'"
else
	image=$(cd "$(dirname "$k")" && pwd)/$(basename "$k")
	dir=$(dirname "$image")
	case $dir in
	*/arch/x86/boot) dir=${dir%/arch/x86/boot} ;;
	*/boot) dir=${dir%/boot} ;;
	esac
fi
rel=$(release "$image") || die "'$image' is not a bzImage (no HdrS header)"
[ -n "$rel" ] || die "'$image' carries no version string"

if [ -d "$dir/lib/modules/$rel" ]; then
	mods=$dir/lib/modules/$rel
elif is_tree "$dir"; then
	mods=$dir
else
	die "no modules for $rel beside '$image' (looked for $dir/lib/modules/$rel and a kernel tree)"
fi
if [ -f "$mods/build/Makefile" ]; then
	kdir=$(cd "$mods/build" && pwd)
elif is_tree "$dir"; then
	kdir=$dir
elif [ -f "/usr/src/linux-headers-$rel/Makefile" ]; then
	kdir=/usr/src/linux-headers-$rel
else
	die "no module build tree for $rel (no $mods/build, no /usr/src/linux-headers-$rel)"
fi
extra=
[ -d "$dir/rig-extra" ] && extra=$dir/rig-extra
case "$image$mods$kdir$extra" in
*\'*) die "a path with a quote in it: '$image'" ;;
esac
printf "image='%s'\nrelease='%s'\nmodules='%s'\nkdir='%s'\nextra='%s'\n" "$image" "$rel" "$mods" "$kdir" "$extra"
