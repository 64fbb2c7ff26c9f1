# SPDX-License-Identifier: GPL-2.0
# Tiny TAP helpers for the shell tests. Each test file prints TAP.
# Common set-up: the binary under test, the fixtures, a scratch directory.
HV=${HVDIAG:-$(dirname "$0")/../../tools/hvdiag}
HV=$(cd "$(dirname "$HV")" && pwd)/$(basename "$HV")
FIX=$(dirname "$0")/../fixtures
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
T_N=0
T_FAIL=0
ok() {		# ok DESCRIPTION CONDITION-EXIT
	T_N=$((T_N + 1))
	if [ "$2" -eq 0 ]; then echo "ok $T_N - $1"; else echo "not ok $T_N - $1"; T_FAIL=$((T_FAIL + 1)); fi
}
# expect_exit DESC CODE CMD...: run CMD, compare its exit code
expect_exit() {
	desc=$1 want=$2
	shift 2
	"$@" >"$TMP/out" 2>"$TMP/err"
	got=$?
	[ "$got" -eq "$want" ]
	r=$?
	ok "$desc (exit $got, want $want)" $r
	[ $r -eq 0 ] || { echo "# stdout:"; sed 's/^/#   /' "$TMP/out" | head -40; echo "# stderr:"; sed 's/^/#   /' "$TMP/err" | head -10; }
}
# has DESC PATTERN FILE: grep -E in a file
has() {
	grep -Eq -- "$2" "$3"
	r=$?
	ok "$1" $r
	[ $r -eq 0 ] || { echo "# no /$2/ in $3:"; sed 's/^/#   /' "$3" | head -30; }
}
# seed_copy NAME: a scratch copy of the seed bundle, for a test to edit
seed_copy() {
	rm -rf "$TMP/$1"
	cp -r "$FIX/seed" "$TMP/$1"
	echo "$TMP/$1"
}
done_testing() {
	echo "1..$T_N"
	[ "$T_FAIL" -eq 0 ]
}
