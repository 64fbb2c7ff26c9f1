#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make deb: build the Debian packages from debian/ in a copy of the tree
# (dpkg-buildpackage -us -uc -b), review them with lintian (no errors;
# warnings listed), unpack them with dpkg-deb -x into a temporary
# directory and use what they hold (the tool on the seed bundle with the
# packaged profiles and knowledge base, the bash completion, the man page,
# the DKMS source); then, as root, install them on this machine as the
# README's fleet section says (tests/pkg/installed.sh: hvdiag --version,
# check on a fixture, systemd-analyze verify of the units, the metrics
# service's run, promtool, a node_exporter scrape, dkms build with -k for
# the Debian kernel whose headers are installed) and purge them.
# TAP; the last line is "deb: N passed, N failed, N skipped".
# Needs: debhelper, dh-dkms, lintian, build dependencies of debian/control;
# linux-headers-amd64 and dkms for the module steps (skipped without);
# prometheus (promtool) and prometheus-node-exporter for the metrics steps.
# Built packages are kept in $DEB_OUT (default build/deb).
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${DEB_OUT:-$top/build/deb}
work=$(mktemp -d "${TMPDIR:-/tmp}/hvdiag-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT
n=0 pass=0 fail=0 skip=0
ok() {		# ok DESC EXIT
	n=$((n + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $n - $1"; pass=$((pass + 1))
	else
		echo "not ok $n - $1"; fail=$((fail + 1))
	fi
}
skip() {	# skip DESC REASON
	n=$((n + 1)) skip=$((skip + 1))
	echo "ok $n - $1 # SKIP $2"
}
show() {	# show FILE: the tail of a log as TAP diagnostics
	tail -n "${2:-25}" "$1" | sed 's/^/#   /'
}
start=$(date +%s)
finish() {
	echo "1..$n"
	echo "# $(($(date +%s) - start)) s in all"
	echo "deb: $pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
	exit
}

ver=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version 2>/dev/null)
upver=${ver%%-*}
[ -n "$ver" ]; ok "debian/changelog names a version ($ver)" $?
grep -q "HVDIAG_VERSION \"$upver\"" "$top/tools/base/version.h"
ok "tools/base/version.h says $upver too" $?
grep -q "MODULE_VERSION(\"$upver\")" "$top/kmod/hvdiag_main.c"
ok "hvdiag.ko's MODULE_VERSION says $upver too" $?

# tracked and new files only: no build output of the tree we came from
src=$work/hvdiag-$upver
mkdir "$src"
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$top" ls-files -z -co --exclude-standard |
		tar -C "$top" --null -T - -cf - | tar -C "$src" -xf -
else
	tar -C "$top" --exclude=./build --exclude=./build-asan \
		--exclude=./build-fuzz --exclude=./report -cf - . | tar -C "$src" -xf -
fi

t0=$(date +%s)
(cd "$src" && dpkg-buildpackage -us -uc -b) > "$work/build.log" 2>&1
r=$?
ok "dpkg-buildpackage -us -uc -b ($(($(date +%s) - t0)) s)" $r
[ $r -eq 0 ] || { show "$work/build.log" 40; finish; }
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
tool=$work/hvdiag_${ver}_$arch.deb
dkms=$work/hvdiag-dkms_${ver}_all.deb
metrics=$work/hvdiag-metrics_${ver}_all.deb
changes=$work/hvdiag_${ver}_$arch.changes
[ -f "$tool" ] && [ -f "$dkms" ] && [ -f "$metrics" ]
ok "hvdiag_${ver}_$arch.deb, hvdiag-dkms_${ver}_all.deb, hvdiag-metrics_${ver}_all.deb built" $?
mkdir -p "$out"
cp "$tool" "$dkms" "$metrics" "$changes" "$out/" 2>/dev/null

if command -v lintian >/dev/null; then
	t0=$(date +%s)
	lintian --fail-on error --display-level '>=warning' "$changes" > "$work/lintian.log" 2>&1
	r=$?
	ok "lintian: no errors ($(($(date +%s) - t0)) s)" $r
	nw=$(grep -c '^W: ' "$work/lintian.log")
	echo "# lintian: $(grep -c '^E: ' "$work/lintian.log") errors, $nw warnings"
	grep -E '^[EW]: ' "$work/lintian.log" | sed 's/^/#   /'
else
	skip "lintian" "lintian not installed"
fi

root=$work/root
for deb in "$tool" "$dkms" "$metrics"; do
	dpkg-deb -x "$deb" "$root"
	ok "dpkg-deb -x $(basename "$deb")" $?
done
dpkg-deb -c "$tool" > "$work/contents"
for f in ./usr/sbin/hvdiag ./usr/share/hvdiag/profiles/mlx4.profile \
	 ./usr/share/hvdiag/kb/ ./usr/share/hvdiag/patches/hyperv-sriov.config \
	 ./usr/share/man/man8/hvdiag.8.gz \
	 ./usr/share/bash-completion/completions/hvdiag; do
	grep -q " $f" "$work/contents"
	ok "hvdiag.deb holds $f" $?
done
dpkg-deb -c "$metrics" > "$work/contents"
for f in ./lib/systemd/system/hvdiag-metrics.service ./lib/systemd/system/hvdiag-metrics.timer \
	 ./lib/systemd/system/hvdiag-watch.service ./var/lib/prometheus/node-exporter/ \
	 ./usr/share/doc/hvdiag-metrics/examples/alerts.yml; do
	grep -q " $f" "$work/contents"
	ok "hvdiag-metrics.deb holds $f" $?
done

hv=$root/usr/sbin/hvdiag
data=$root/usr/share/hvdiag
got=$("$hv" --version 2>&1)
[ "$got" = "hvdiag $upver" ]
ok "packaged hvdiag --version: $got" $?
# The binary looks in /usr/share/hvdiag; HVDIAG_DATADIR points it at the
# unpacked copy instead (this system has none installed).
HVDIAG_DATADIR=$data "$hv" check --root "$top/tests/fixtures/seed" > "$work/check.out" 2>&1
r=$?
[ $r -eq 0 ] && grep -q "profile mlx4-ofed-3.10" "$work/check.out" &&
	grep -q "9 passed, 0 failed" "$work/check.out"
r=$?
ok "packaged hvdiag check on the seed with the packaged data: 9 passed" $r
[ $r -eq 0 ] || show "$work/check.out"
HVDIAG_DATADIR=$data "$hv" check --root "$top/tests/fixtures/seed" \
	--profile "$data/profiles/mlx5.profile" > "$work/check.out" 2>&1
r=$?
[ $r -eq 1 ] && grep -q "^FAIL  pci.vf.present .*profile 'mlx5'" "$work/check.out"
r=$?
ok "packaged profile file by path: the seed is no mlx5 guest (exit 1)" $r
[ $r -eq 0 ] || show "$work/check.out"
HVDIAG_DATADIR=$data "$hv" check --root "$top/tests/fixtures/seed" \
	--format prom -o "$work/hvdiag.prom" 2>"$work/prom.err"
r=$?
[ $r -eq 0 ] && grep -q '^hvdiag_build_info{version="'"$upver"'"} 1$' "$work/hvdiag.prom"
ok "packaged hvdiag writes metrics" $?
HVDIAG_DATADIR=$data "$hv" explain --id mlx4.comm.offline > "$work/explain.out" 2>&1
ok "packaged knowledge base answers explain --id" $?

bash -c '. "$1" && complete -p hvdiag' _ \
	"$root/usr/share/bash-completion/completions/hvdiag" > "$work/comp.out" 2>&1
grep -q "_hvdiag" "$work/comp.out"
ok "packaged bash completion registers for hvdiag" $?
if command -v man >/dev/null; then
	MANWIDTH=80 man -l "$root/usr/share/man/man8/hvdiag.8.gz" > "$work/man.out" 2>&1
	grep -q "PROMETHEUS METRICS" "$work/man.out"
	ok "packaged man page renders" $?
else
	skip "packaged man page renders" "man not installed"
fi

# the DKMS source: dkms.conf filled in by dh_dkms, lib/ a real directory
ksrc=$root/usr/src/hvdiag-$upver
grep -qx "PACKAGE_VERSION=\"$upver\"" "$ksrc/dkms.conf"
ok "dkms.conf: PACKAGE_VERSION=\"$upver\" filled in by dh_dkms" $?
[ -d "$ksrc/lib" ] && [ ! -L "$ksrc/lib" ] && [ -f "$ksrc/lib/mlx4_comm.c" ]
ok "dkms source holds lib/ as a directory" $?
missing=""
# the objects as make reads Kbuild (it takes lib's from lib/sources.mk)
objs=$(cd "$ksrc" && printf 'include Kbuild\nprint-objs:\n\t@echo $(hvdiag-y)\n' |
	make -s --no-print-directory -f - print-objs 2>/dev/null)
for o in $objs; do
	[ -f "$ksrc/${o%.o}.c" ] || missing="$missing ${o%.o}.c"
done
[ -z "$missing" ] && case " $objs " in *" hvdiag_main.o "*" lib/mlx4_comm.o "*) true ;; *) false ;; esac
ok "dkms source holds every file Kbuild names${missing:+ (missing:$missing)}" $?
# Installed on this machine (root only): in a mount namespace of its own
# (installed.sh says why), one run at a time on a machine shared by
# several trees.
kdir=${KDIR:-$(ls -d /usr/src/linux-headers-*-amd64 2>/dev/null | sort -V | tail -1)}
krel=$(basename "${kdir:-none}" | sed 's/^linux-headers-//')
why=""
if [ "$(id -u)" != 0 ]; then
	why="not root"
elif dpkg-query -W -f='${Status}\n' hvdiag hvdiag-dkms hvdiag-metrics 2>/dev/null |
		grep -q ' installed$'; then
	why="an hvdiag package is installed here already; not replaced"
elif [ -z "$kdir" ] || [ ! -f "$kdir/Makefile" ]; then
	why="no kernel headers (linux-headers-amd64)"
elif ! unshare -m true 2>/dev/null; then
	why="no private mount namespace (unshare -m)"
fi
if [ -n "$why" ]; then
	skip "packages installed and used" "$why"
	finish
fi
while IFS= read -r line; do
	case $line in
	"ok - "*"# SKIP "*)
		d=${line#ok - }; skip "${d%% # SKIP *}" "${d#* # SKIP }" ;;
	"ok - "*) ok "${line#ok - }" 0 ;;
	"not ok - "*) ok "${line#not ok - }" 1 ;;
	*) echo "$line" ;;
	esac
done < <(flock -w 900 /run/lock/hvdiag-deb.lock unshare -m bash "$top/tests/pkg/installed.sh" \
	"$top" "$work" "$upver" "$krel" "$tool" "$dkms" "$metrics" 2>&1)
finish
