#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# install-deps.sh [build|test]: Debian packages hvdiag needs. "build" is
# enough for `make`; "test" adds what `make check`, the rig, the fuzzers
# and checkpatch use (prometheus: promtool, which lints the metrics;
# chromium: the HTML report loaded and screenshotted headless;
# debhelper to lintian, node_exporter and curl: make deb).
# Runs apt-get directly as root, through sudo otherwise.
# Never installs a kernel image: the rig unpacks its own under build/.
set -eu
what=${1:-build}
build="build-essential pkg-config libpci-dev pciutils zlib1g-dev"
test="$build libibverbs-dev clang libclang-rt-14-dev libxml2-utils python3
	perl iproute2 qemu-system-x86 linux-headers-amd64 busybox-static cpio
	xz-utils kmod prometheus python3-yaml bash-completion chromium
	debhelper dh-dkms dkms lintian prometheus-node-exporter curl"
case $what in
build) pkgs=$build ;;
test) pkgs=$test ;;
*) echo "usage: install-deps.sh [build|test]" >&2; exit 2 ;;
esac
if [ "$(id -u)" = 0 ]; then
	as_root=
elif command -v sudo >/dev/null 2>&1; then
	as_root=sudo
else
	echo "install-deps.sh: not root and no sudo: install as root: $pkgs" >&2
	exit 2
fi
export DEBIAN_FRONTEND=noninteractive
$as_root apt-get update -q >/dev/null
# shellcheck disable=SC2086
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends $pkgs >/dev/null
