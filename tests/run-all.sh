#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run every suite: the KTAP unit suites and the TAP CLI tests, once with the
# normal build and once with the ASan+UBSan build. Prints one totals line.
cd "$(dirname "$0")/.." || exit 2
pass=0 fail=0 skip=0
log=build/test-log.txt
mkdir -p build
: > "$log"

count_ktap() {	# name, file
	local t
	t=$(grep '^# Totals:' "$2" | tail -1)
	if [ -z "$t" ]; then
		echo "FAIL $1: no KTAP totals (crashed?)"
		fail=$((fail + 1))
		return
	fi
	p=$(echo "$t" | sed 's/.*pass:\([0-9]*\).*/\1/')
	f=$(echo "$t" | sed 's/.*fail:\([0-9]*\).*/\1/')
	s=$(echo "$t" | sed 's/.*skip:\([0-9]*\).*/\1/')
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
	echo "$1: $p passed, $f failed, $s skipped"
}

count_tap() {	# name, file, exit code
	local p f
	p=$(grep -c '^ok ' "$2")
	f=$(grep -c '^not ok ' "$2")
	if ! grep -q '^1\.\.[0-9]' "$2" || [ "$3" -ge 128 ]; then
		echo "FAIL $1: incomplete run (exit $3)"
		f=$((f + 1))
	fi
	pass=$((pass + p)); fail=$((fail + f))
	echo "$1: $p passed, $f failed"
	[ "$f" -eq 0 ] || grep -A12 '^not ok' "$2" | sed 's/^/    /'
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for variant in build build-asan; do
	[ -x "$variant/unit" ] || continue
	"$variant/unit" > "$variant/unit.ktap" 2>>"$log"
	count_ktap "$variant/unit" "$variant/unit.ktap"
	hv=$PWD/tools/hvdiag
	[ "$variant" = build-asan ] && hv=$PWD/build-asan/hvdiag
	for t in tests/cli/test_*.sh; do
		out="$variant/$(basename "$t" .sh).tap"
		HVDIAG=$hv bash "$t" > "$out" 2>>"$log"
		count_tap "$variant/$(basename "$t" .sh)" "$out" $?
	done
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
