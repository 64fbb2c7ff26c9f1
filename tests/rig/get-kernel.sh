#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# get-kernel.sh CACHE: Debian's kernel image matching the installed
# linux-headers-*-amd64, unpacked into CACHE/<release>/ with apt-get
# download + dpkg-deb -x. Nothing is installed into the host: the rig boots
# the unpacked vmlinuz and takes modules from the unpacked tree. Prints the
# release on stdout.
set -eu
cache=$1
krel=${KREL:-$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null |
	sed 's,^/usr/src/linux-headers-,,' | sort -V | tail -1)}
if [ -z "$krel" ]; then
	echo "get-kernel: no /usr/src/linux-headers-*-amd64 (apt-get install linux-headers-amd64)" >&2
	exit 1
fi
dir=$cache/$krel
if [ ! -f "$dir/boot/vmlinuz-$krel" ]; then
	dl=$(mktemp -d)
	# as root, apt downloads as _apt: let it write there (quiet, sandboxed)
	[ "$(id -u)" != 0 ] || chown _apt "$dl" 2>/dev/null || true
	trap 'rm -rf "$dl"' EXIT
	# apt-get download needs no root; the unsigned package is the same image
	(cd "$dl" && { apt-get download -q "linux-image-$krel-unsigned" ||
		apt-get download -q "linux-image-$krel"; }) >&2 || {
		echo "get-kernel: apt-get download linux-image-$krel failed" >&2
		exit 1
	}
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp"
	dpkg-deb -x "$dl"/linux-image-*.deb "$dir.tmp"
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
fi
echo "$krel"
