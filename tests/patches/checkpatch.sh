#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Our kernel patches through the kernel's own checkpatch.pl --no-tree. The
# script ships in Debian's linux-source package; only checkpatch.pl and the
# two data files it reads are taken out of it, into build/checkpatch/.
# Prints TAP and "checkpatch: N passed, N failed".
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=${CHECKPATCH_DIR:-$top/build/checkpatch}
cp=${CHECKPATCH:-$dir/scripts/checkpatch.pl}
if [ ! -x "$cp" ] && [ ! -f "$cp" ]; then
	mkdir -p "$dir" && cd "$dir" || exit 2
	pkg=$(apt-cache search --names-only '^linux-source-[0-9.]*$' 2>/dev/null | cut -d' ' -f1 | sort -V | tail -1)
	if [ -z "$pkg" ] || ! apt-get download "$pkg" >/dev/null 2>&1; then
		echo "1..0 # SKIP no linux-source package to take checkpatch.pl from"
		echo "checkpatch: 0 passed, 0 failed"
		exit 0
	fi
	dpkg-deb --fsys-tarfile "$pkg"_*.deb | tar -x --wildcards './usr/src/linux-source-*.tar.xz'
	tar -xJf usr/src/linux-source-*.tar.xz --strip-components=1 --wildcards \
		'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' '*/scripts/const_structs.checkpatch'
	rm -rf usr "$pkg"_*.deb
	cd "$top" || exit 2
fi
n=0
fail=0
for p in $(grep -l '^From: hvdiag maintainers' "$top"/patches/*/*.patch); do
	n=$((n + 1))
	if out=$(perl "$cp" --no-tree --quiet "$p" 2>&1); then
		echo "ok $n - checkpatch $(basename "$p")"
	else
		echo "not ok $n - checkpatch $(basename "$p")"
		echo "$out" | sed 's/^/# /' | head -20
		fail=$((fail + 1))
	fi
done
echo "1..$n"
echo "checkpatch: $((n - fail)) passed, $fail failed"
[ $fail -eq 0 ]
