# SPDX-License-Identifier: GPL-2.0
# KTAP helpers for the shell tests (POSIX sh; busybox works). A test sources
# this, calls ktap_plan N, reports with ktap_ok/ktap_skip, ends with
# ktap_finish, whose exit status follows kselftest: 0 pass, 1 fail, 4 skip.
KT_N=0
KT_FAIL=0
KT_SKIP=0
KT_PLAN=0
ktap_plan() { KT_PLAN=$1; echo "KTAP version 1"; echo "1..$1"; }
ktap_ok() {	# ktap_ok DESC STATUS [DIAG]
	KT_N=$((KT_N + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $KT_N $1"
	else
		[ -n "${3:-}" ] && echo "# $3"
		echo "not ok $KT_N $1"
		KT_FAIL=$((KT_FAIL + 1))
	fi
}
ktap_skip() { KT_N=$((KT_N + 1)); KT_SKIP=$((KT_SKIP + 1)); echo "ok $KT_N $1 # SKIP $2"; }
# skip every test still planned: ktap_skip_rest REASON NAME...
ktap_skip_rest() {
	r=$1
	shift
	for n in "$@"; do [ $KT_N -lt $KT_PLAN ] && ktap_skip "$n" "$r"; done
}
ktap_finish() {
	echo "# $0: pass:$((KT_N - KT_FAIL - KT_SKIP)) fail:$KT_FAIL skip:$KT_SKIP"
	[ $KT_FAIL -gt 0 ] && exit 1
	[ $KT_SKIP -eq $KT_N ] && exit 4
	exit 0
}
# common environment
HVDIAG=${HVDIAG:-$(command -v hvdiag || echo "$(dirname "$0")/../../tools/hvdiag")}
HVDIAG_KO=${HVDIAG_KO:-$(dirname "$0")/../../kmod/hvdiag.ko}
D=/sys/kernel/debug/hvdiag
is_root() { [ "$(id -u)" = 0 ]; }
# a loadable module for the running kernel, or a reason on stdout
module_usable() {
	[ -e /proc/modules ] || { echo "this kernel has no module support"; return 1; }
	[ -f "$HVDIAG_KO" ] || { echo "no module at $HVDIAG_KO (make -C kmod)"; return 1; }
	v=$(tr '\0' '\n' < "$HVDIAG_KO" | sed -n 's/^vermagic=//p' | cut -d' ' -f1)
	[ "$v" = "$(uname -r)" ] || { echo "module built for $v, running $(uname -r)"; return 1; }
}
# A device held by pci-stub, on any kernel: through its driver_override
# where the kernel has one (3.16+), else through a dynamic id for its
# vendor and device (taken back by stub_release).
stub_hold() {	# stub_hold BDF
	if [ -e /sys/bus/pci/devices/$1/driver_override ]; then
		echo pci-stub > /sys/bus/pci/devices/$1/driver_override
		echo "$1" > /sys/bus/pci/drivers_probe
	else
		stub_id=$(sed 's/^0x//' /sys/bus/pci/devices/$1/vendor)" "$(sed 's/^0x//' /sys/bus/pci/devices/$1/device)
		echo "$stub_id" > /sys/bus/pci/drivers/pci-stub/new_id
	fi
}
stub_release() {	# stub_release BDF
	echo "$1" > /sys/bus/pci/drivers/pci-stub/unbind
	if [ -e /sys/bus/pci/devices/$1/driver_override ]; then
		echo > /sys/bus/pci/devices/$1/driver_override
	else
		echo "$stub_id" > /sys/bus/pci/drivers/pci-stub/remove_id
	fi
}
# An exercise's result (hvdiag/<exercise>: a KTAP document of one test):
# "ok", or the outcome its "not ok" line names ("reset timeout ...").
ex_outcome() {	# ex_outcome FILE
	sed -n -e 's/^ok 1 [a-z0-9_]*$/ok/p' -e 's/^not ok 1 [a-z0-9_]* # //p' "$1"
}
# An exercise's document in a test's output, each line a diagnostic
# "# | ..." that no KTAP reader takes for a nested plan or result.
ex_show() { sed 's/^/# | /' "$@"; }
