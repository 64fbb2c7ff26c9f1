#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The hvdiag CLI on the live system: check, lsvmbus, and collect followed
# by check --root on the bundle just collected (same verdicts as live).
. "$(dirname "$0")/ktap_helpers.sh"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
PROFILE=${HVDIAG_PROFILE:-auto}

ktap_plan 4
if [ ! -x "$HVDIAG" ]; then
	ktap_skip_rest "no hvdiag binary (build tools/ first)" check_live lsvmbus collect_same_verdicts explain
	ktap_finish
fi

"$HVDIAG" check --profile "$PROFILE" --format tap > "$T/live.tap" 2> "$T/live.err"
rc=$?
case $rc in
0|1) sed -n 's/^\(not ok\|ok\) [0-9]* - \([^ ]*\).*/# \1 \2/p' "$T/live.tap" | grep "not ok" | head -5
     ktap_ok check_live 0 ;;
4) ktap_skip check_live "$(sed 's/^hvdiag: //; s/;.*//' "$T/live.err" | head -1)" ;;
*) ktap_ok check_live 1 "exit $rc: $(head -c 200 "$T/live.err")" ;;
esac

"$HVDIAG" lsvmbus > "$T/ls" 2> "$T/ls.err"
rc=$?
case $rc in
0) ktap_ok lsvmbus 0 ;;
4) ktap_skip lsvmbus "no vmbus here" ;;
*) ktap_ok lsvmbus 1 "exit $rc: $(cat "$T/ls.err")" ;;
esac

if "$HVDIAG" collect -o "$T/bundle" 2> "$T/collect.err"; then
	"$HVDIAG" check --root "$T/bundle" --profile "$PROFILE" --format tap > "$T/bundle.tap" 2>/dev/null
	# statuses only: evidence paths differ between live and bundle
	grep -E '^(not )?ok ' "$T/live.tap" | sed 's/ # SKIP.*/ # SKIP/' > "$T/a"
	grep -E '^(not )?ok ' "$T/bundle.tap" | sed 's/ # SKIP.*/ # SKIP/' > "$T/b"
	diff "$T/a" "$T/b" > "$T/diff"
	ktap_ok collect_same_verdicts $? "$(head -4 "$T/diff" | tr '\n' ';')"
else
	ktap_ok collect_same_verdicts 1 "collect failed: $(cat "$T/collect.err")"
fi

"$HVDIAG" explain "mlx4_core 0002:00:02.0: Communication channel is offline." > "$T/ex"
grep -q "mlx4.comm.offline" "$T/ex"
ktap_ok explain $?
ktap_finish
