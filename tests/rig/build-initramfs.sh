#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# build-initramfs.sh OUT MODULE KREL: busybox, hvdiag.ko, pci-stub and
# mlx4_core from the kernel's own modules (RIG_MODULES), pci-hyperv with
# and without 0006 when RIG_EXTRA has the latter, the rig scripts, and
# hvdiag with its libraries.
set -eu
out=$1
ko=$2
krel=$3
# the kernel's modules: the rig's unpacked tree, else the host's
mods=${RIG_MODULES:-/lib/modules/$krel}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/bin" "$root/sbin" "$root/proc" "$root/sys" "$root/dev" "$root/rig" \
	"$root/tmp" "$root/lib64" "$root/usr/local/share/hvdiag"
cp /bin/busybox "$root/bin/busybox"
for a in $("$root/bin/busybox" --list); do
	[ -e "$root/bin/$a" ] || ln -s busybox "$root/bin/$a"
done
cp "$here/guest/init" "$root/init"
cp "$here/guest/rig-tests.sh" "$here/guest/mlx4-real.sh" "$here/guest/scenario.sh" \
	"$here/guest/claim.sh" "$here/guest/mlx4-up.sh" "$here/guest/mlx4-eras" \
	"$here/guest/hyperv-0006.sh" "$here/guest/watch.sh" "$here/guest/eras.sh" \
	"$root/rig/"
# take NAME: the kernel's module NAME.ko into /rig/, unpacked (if it has one)
take() {
	m=$(find "$mods" -name "$1.ko*" | head -1)
	case "$m" in
	*.xz) xz -dc "$m" > "$root/rig/$1.ko" ;;
	*) [ -z "$m" ] || cp "$m" "$root/rig/$1.ko" ;;
	esac
}
# the genuine mlx4_core and mlx4_en of this kernel, driven against pf-emu
take mlx4_core
take mlx4_en
# the 0006 counterfactual, where the kernel comes with pci-hyperv built
# without 0006 (make rig-kernel's rig-extra/): that one and its own
if [ -f "${RIG_EXTRA:-/nonexistent}/pci-hyperv-without-0006.ko" ]; then
	cp "$RIG_EXTRA/pci-hyperv-without-0006.ko" "$root/rig/"
	take pci-hyperv
fi
# the selftests, with their C program linked statically for busybox land
mkdir -p "$root/selftests"
cp "$top/selftests/hvdiag/"*.sh "$top/selftests/hvdiag/settings" "$root/selftests/"
make -s -C "$top/selftests/hvdiag" ktest_user LDFLAGS=-static CFLAGS="-O2" >/dev/null
cp "$top/selftests/hvdiag/ktest_user" "$root/selftests/"
cp "$ko" "$root/rig/hvdiag.ko"
take pci-stub
# hvdiag and the shared libraries it needs
if [ -x "$top/tools/hvdiag" ]; then
	cp "$top/tools/hvdiag" "$root/bin/hvdiag"
	ldd "$top/tools/hvdiag" | awk '/=>/ { print $3 } /ld-linux/ { print $1 }' |
	while read -r l; do
		[ -f "$l" ] || continue
		mkdir -p "$root$(dirname "$l")"
		cp -L "$l" "$root$l"
	done
	cp -r "$top/profiles" "$top/kb" "$root/usr/local/share/hvdiag/"
	mkdir -p "$root/usr/local/share/hvdiag/patches"
	cp "$top/patches/hyperv-sriov.config" "$root/usr/local/share/hvdiag/patches/"
fi
chmod +x "$root/init"
(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out"
