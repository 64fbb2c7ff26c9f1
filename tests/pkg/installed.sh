#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# installed.sh TOP WORK VERSION KREL DEB...: the packages installed on this
# machine and used as the README's fleet section says, then purged. Run by
# build.sh as root in a mount namespace of its own (unshare -m): DKMS'
# tree (/var/lib/dkms, where dkms also makes its signing key) is a tmpfs
# there and /lib/modules a private copy, so the modules DKMS builds and
# installs, depmod's files and the key go when the namespace does; what
# dpkg installs is purged at the end. Prints unnumbered TAP lines ("ok - ",
# "not ok - ", "# SKIP"); build.sh numbers them.
set -u
top=$1 work=$2 upver=$3 krel=$4
shift 4
prom_dir=/var/lib/prometheus/node-exporter
ok() {		# ok DESC EXIT
	if [ "$2" -eq 0 ]; then echo "ok - $1"; else echo "not ok - $1"; fi
}
skip() { echo "ok - $1 # SKIP $2"; }
show() { tail -n "${2:-25}" "$1" | sed 's/^/#   /'; }

mount -t tmpfs hvdiag-dkms /var/lib/dkms || exit 1
mkdir -p "$work/modules"
cp -a /lib/modules/. "$work/modules/" && mount --bind "$work/modules" /lib/modules || exit 1
# The headers' link goes for the installation and comes back after it:
# the postinst then only adds the module (no build for a kernel without
# headers), and the one build is the explicit one below. One build, not
# two: each takes a minute or more on a shared 2-core machine.
hdr=$(readlink "/lib/modules/$krel/build")
rm -f "/lib/modules/$krel/build"

# what the README says, with the packages' paths
t0=$(date +%s)
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	-o DPkg::Lock::Timeout=300 "$@" > "$work/install.log" 2>&1
r=$?
ok "apt-get install ./hvdiag_*.deb ./hvdiag-dkms_*.deb ./hvdiag-metrics_*.deb ($(($(date +%s) - t0)) s)" $r
if [ $r -ne 0 ]; then
	show "$work/install.log" 40
	exit 0
fi
cleanup() {
	systemctl disable hvdiag-metrics.timer > /dev/null 2>&1
	rm -f "$prom_dir/hvdiag.prom"
	DEBIAN_FRONTEND=noninteractive apt-get purge -y -q -o DPkg::Lock::Timeout=300 \
		hvdiag hvdiag-dkms hvdiag-metrics > "$work/purge.log" 2>&1
	r=$?
	! dpkg-query -W -f='${Status}\n' hvdiag hvdiag-dkms hvdiag-metrics 2>/dev/null |
		grep -q ' installed$' && [ $r -eq 0 ]
	ok "apt-get purge hvdiag hvdiag-dkms hvdiag-metrics" $?
}
trap cleanup EXIT

got=$(hvdiag --version 2>&1)
[ "$got" = "hvdiag $upver" ] && [ "$(command -v hvdiag)" = /usr/sbin/hvdiag ]
ok "installed hvdiag --version: $got" $?
hvdiag check --root "$top/tests/fixtures/seed" > "$work/check.out" 2>&1
r=$?
[ $r -eq 0 ] && grep -q "profile mlx4-ofed-3.10" "$work/check.out" &&
	grep -Eq "^[0-9]+ passed, 0 failed" "$work/check.out"
r=$?
ok "installed hvdiag check --root tests/fixtures/seed: 0 failed (exit 0)" $r
[ $r -eq 0 ] || show "$work/check.out"

# the units: systemd-analyze verify loads them as systemd would and checks
# that every ExecStart binary exists
units="/lib/systemd/system/hvdiag-metrics.service /lib/systemd/system/hvdiag-metrics.timer
	/lib/systemd/system/hvdiag-watch.service"
# shellcheck disable=SC2086
systemd-analyze verify $units > "$work/verify.log" 2>&1
r=$?
ok "systemd-analyze verify hvdiag-metrics.service hvdiag-metrics.timer hvdiag-watch.service" $r
[ $r -eq 0 ] || show "$work/verify.log"
for u in hvdiag-metrics.timer hvdiag-metrics.service hvdiag-watch.service; do
	s=$(systemctl is-enabled "$u" 2>/dev/null)
	[ "$s" = disabled ] || [ "$s" = static ]
	ok "$u not enabled on installation ($s)" $?
done
if [ -d /run/systemd/system ]; then
	systemctl enable --now hvdiag-metrics.timer > "$work/enable.log" 2>&1
	r=$?
	ok "systemctl enable --now hvdiag-metrics.timer" $r
	[ $r -eq 0 ] || show "$work/enable.log"
	systemctl start hvdiag-metrics.service > "$work/start.log" 2>&1
	ok "systemctl start hvdiag-metrics.service" $?
else
	# no systemd running (a container): enable works on the files; the
	# service's command is run as the unit states it
	systemctl enable hvdiag-metrics.timer > "$work/enable.log" 2>&1
	r=$?
	[ $r -eq 0 ] && [ "$(systemctl is-enabled hvdiag-metrics.timer)" = enabled ]
	ok "systemctl enable hvdiag-metrics.timer (no systemd running: not started)" $?
	cmd=$(sed -n 's/^ExecStart=//p' /lib/systemd/system/hvdiag-metrics.service)
	ok_codes=" 0 $(sed -n 's/^SuccessExitStatus=//p' /lib/systemd/system/hvdiag-metrics.service) "
	$cmd > "$work/start.log" 2>&1
	r=$?
	case $ok_codes in *" $r "*) r=0 ;; esac
	ok "hvdiag-metrics.service's ExecStart, run by hand, succeeds as the unit counts it" $r
	[ $r -eq 0 ] || show "$work/start.log"
fi
[ -s "$prom_dir/hvdiag.prom" ] &&
	grep -q "^hvdiag_build_info{version=\"$upver\"} 1$" "$prom_dir/hvdiag.prom"
ok "$prom_dir/hvdiag.prom written" $?
if command -v promtool > /dev/null; then
	promtool check metrics < "$prom_dir/hvdiag.prom" > "$work/promtool.log" 2>&1
	r=$?
	ok "promtool check metrics < $prom_dir/hvdiag.prom" $r
	[ $r -eq 0 ] || show "$work/promtool.log"
	promtool check rules /usr/share/doc/hvdiag-metrics/examples/alerts.yml \
		> "$work/rules.log" 2>&1
	r=$?
	ok "promtool check rules /usr/share/doc/hvdiag-metrics/examples/alerts.yml" $r
	[ $r -eq 0 ] || show "$work/rules.log"
else
	skip "promtool check metrics and rules" "promtool not installed (prometheus)"
fi
# node_exporter's textfile collector reads the file: a scrape shows it
ne=$(command -v prometheus-node-exporter)
if [ -n "$ne" ] && command -v curl > /dev/null; then
	port=$((20000 + $$ % 20000))
	"$ne" --web.listen-address="127.0.0.1:$port" --collector.disable-defaults \
		--collector.textfile --collector.textfile.directory="$prom_dir" \
		> "$work/ne.log" 2>&1 &
	nepid=$!
	r=1
	for _ in $(seq 50); do
		curl -fsS "http://127.0.0.1:$port/metrics" > "$work/scrape.txt" 2>/dev/null &&
			{ r=0; break; }
		sleep 0.1
	done
	kill "$nepid" 2>/dev/null
	wait "$nepid" 2>/dev/null
	[ $r -eq 0 ] && grep -q "^hvdiag_build_info{version=\"$upver\"} 1$" "$work/scrape.txt" &&
		grep -q '^node_textfile_scrape_error 0$' "$work/scrape.txt"
	r=$?
	ok "node_exporter's textfile collector serves hvdiag.prom" $r
	[ $r -eq 0 ] || { show "$work/ne.log"; show "$work/scrape.txt" 10; }
else
	skip "node_exporter scrape" "prometheus-node-exporter or curl not installed"
fi

# DKMS: the postinst added the module; a kernel's headers arrive (as on
# a kernel upgrade); the module is built for that kernel, named with -k
# explicitly (the running kernel here is not Debian's), then installed
# by the hook Debian's kernel packages run.
st=$(dkms status -m hvdiag -v "$upver" 2>&1)
echo "$st" | grep -q "hvdiag/$upver: added"
ok "postinst: dkms status hvdiag/$upver: added ($st)" $?
ln -s "$hdr" "/lib/modules/$krel/build"
t0=$(date +%s)
dkms build -m hvdiag -v "$upver" -k "$krel" > "$work/dkms.log" 2>&1
r=$?
ok "dkms build -m hvdiag -v $upver -k $krel ($(($(date +%s) - t0)) s)" $r
if [ $r -ne 0 ]; then
	show "$work/dkms.log"
	show "/var/lib/dkms/hvdiag/$upver/build/make.log" 2>/dev/null
fi
/etc/kernel/postinst.d/dkms "$krel" >> "$work/dkms.log" 2>&1
ko=$(find "/lib/modules/$krel/updates" -name 'hvdiag.ko*' 2>/dev/null | head -1)
v=$(/sbin/modinfo -F version "$ko" 2>/dev/null)
dkms status -m hvdiag -v "$upver" -k "$krel" 2>&1 | grep -q ": installed" &&
	[ "$v" = "$upver" ]
r=$?
ok "kernel hook /etc/kernel/postinst.d/dkms $krel installs hvdiag.ko $v" $r
[ $r -eq 0 ] || show "$work/dkms.log"
