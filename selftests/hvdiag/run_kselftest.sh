#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run every test of this directory with the timeout from 'settings' and
# print one KTAP document, each test's own KTAP nested under it.
# Exit status: 0 no failure, 1 a failure.
cd "$(dirname "$0")" || exit 1
timeout=$(sed -n 's/^timeout=//p' settings 2>/dev/null)
timeout=${timeout:-300}
tests="${TEST_PROGS:-cli.sh module.sh exercises.sh} ${TEST_GEN_PROGS:-ktest_user}"
n=0
for t in $tests; do n=$((n + 1)); done
echo "KTAP version 1"
echo "1..$n"
i=0
fail=0
for t in $tests; do
	i=$((i + 1))
	echo "    # Subtest: $t"
	if [ ! -e "./$t" ]; then
		echo "ok $i $t # SKIP not built"
		continue
	fi
	out=$(mktemp)
	case $t in
	*.sh) timeout "$timeout" sh "./$t" > "$out" 2>&1 ;;
	*) timeout "$timeout" "./$t" > "$out" 2>&1 ;;
	esac
	rc=$?
	sed 's/^/    /' "$out"
	rm -f "$out"
	case $rc in
	0) echo "ok $i $t" ;;
	4) echo "ok $i $t # SKIP" ;;
	124) echo "not ok $i $t # TIMEOUT ${timeout}s"; fail=1 ;;
	*) echo "not ok $i $t # exit=$rc"; fail=1 ;;
	esac
done
exit $fail
