#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: the unit suites (KTAP) and CLI tests (TAP), with the normal
# build and again with ASan+UBSan, then the selftests on this system (with
# the module when this kernel's build tree exists). Writes one KTAP
# document to report/ktap.txt, plus report/junit.xml and report/report.json;
# the last line is "check: N passed, N failed, N skipped".
cd "$(dirname "$0")/.." || exit 2
mkdir -p report build
doc=build/check-body.ktap
log=build/test-log.txt
: > "$doc"
: > "$log"
n=0

nest() {	# nest NAME EXIT FILE: FILE as a subtest of the report
	n=$((n + 1))
	{
		echo "    # Subtest: $1"
		sed 's/^/    /' "$3"
		case $2 in
		0) echo "ok $n $1" ;;
		4) echo "ok $n $1 # SKIP" ;;
		*) echo "not ok $n $1 # exit=$2" ;;
		esac
	} >> "$doc"
	printf '%-34s exit %s\n' "$1" "$2"
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for variant in build build-asan; do
	[ -x "$variant/unit" ] || continue
	"$variant/unit" > "$variant/unit.ktap" 2>>"$log"
	nest "$variant.unit" $? "$variant/unit.ktap"
	hv=$PWD/tools/hvdiag
	[ "$variant" = build-asan ] && hv=$PWD/build-asan/hvdiag
	for t in tests/cli/test_*.sh; do
		out="$variant/$(basename "$t" .sh).tap"
		HVDIAG=$hv bash "$t" > "$out" 2>>"$log"
		nest "$variant.$(basename "$t" .sh)" $? "$out"
	done
done

# selftests: what a user runs in a guest; the module only for this kernel
krel=$(uname -r)
if [ -d "/lib/modules/$krel/build" ]; then
	make -s -C kmod KDIR="/lib/modules/$krel/build" >build/kmod.log 2>&1 ||
		echo "module build failed for $krel (build/kmod.log)"
else
	echo "no kernel build tree for $krel: module tests skip (the rig runs them)"
fi
make -s -C selftests/hvdiag >>"$log" 2>&1
HVDIAG=$PWD/tools/hvdiag sh selftests/hvdiag/run_kselftest.sh > build/selftests.ktap 2>>"$log"
nest selftests $? build/selftests.ktap

{ echo "KTAP version 1"; echo "1..$n"; cat "$doc"; } > report/ktap.txt
tools/hvdiag ktap report/ktap.txt --name check --format junit -o report/junit.xml
tools/hvdiag ktap report/ktap.txt --name check --format json -o report/report.json
tools/hvdiag ktap report/ktap.txt --name check --format tap |
	grep -A12 '^not ok' | head -60
tools/hvdiag ktap report/ktap.txt --name check
