# SPDX-License-Identifier: GPL-2.0
# KTAP helpers for shell tests (busybox sh compatible).
KT_N=0
KT_FAIL=0
ktap_header() { echo "KTAP version 1"; echo "1..$1"; }
ktap_ok() {	# ktap_ok DESC STATUS [DIAG]
	KT_N=$((KT_N + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $KT_N $1"
	else
		echo "not ok $KT_N $1"
		KT_FAIL=$((KT_FAIL + 1))
		[ -n "${3:-}" ] && echo "# $3"
	fi
}
ktap_skip() { KT_N=$((KT_N + 1)); echo "ok $KT_N $1 # SKIP $2"; }
