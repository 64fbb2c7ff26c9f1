#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# hvdiag watch in the rig guest: init starts it on /dev/kmsg (--from-boot,
# JSON Lines to /tmp/watch.jsonl) before the genuine mlx4_core meets the PF
# fault modes (mlx4-real.sh); here it is stopped with SIGTERM and its
# events judged: each fault as its knowledge-base event, in the order the
# faults were replayed, each reported within a second of the driver's own
# line (lag: from the kmsg record's time stamp to the report).
. /selftests/ktap_helpers.sh
. /rig/eras.sh
BDF=$1
ev=/tmp/watch.jsonl

ktap_plan 7
if [ ! -f /tmp/watch.pid ] || [ -z "$(era_lines replay)" ]; then
	ktap_skip_rest "watch was not started, or no era of mlx4_core replays faults" \
		stops_on_sigterm faults_in_order recovered offline flr lag_under_1s lost_none
	ktap_finish
fi
pid=$(cat /tmp/watch.pid)
kill -TERM "$pid"
i=0
while [ $i -lt 50 ] && [ ! -f /tmp/watch.rc ]; do
	i=$((i + 1))
	usleep 100000
done
[ -f /tmp/watch.rc ] && [ "$(cat /tmp/watch.rc)" = 0 ]
ktap_ok "stops_on_sigterm" $? "exit $(cat /tmp/watch.rc 2>/dev/null)"
sed 's/^/# watch-event: /' $ev | cut -c1-300
sed 's/^/# watch-err: /' /tmp/watch.err

# What each fault shows is the driver era's (mlx4-eras): its knowledge-base
# entry (replay) and the bring-up step it stops short of (missed).
fault_kb() { era_lines replay | awk -v n="$1" '$1 == n { print $3 }'; }
fault_step() { era_lines missed | awk -v n="$1" '$1 == n { print $2 }'; }
# the faults' entries appear among the VF's events in the order replayed
era_lines replay | awk '{ print $3 }' > /tmp/want-kbs
grep "\"device\":\"$BDF\"" $ev | sed -n 's/.*"kb":"\([^"][^"]*\)".*/\1/p' > /tmp/got-kbs
awk 'BEGIN { n = 0; i = 0 } NR == FNR { w[n++] = $1; next } i < n && $1 == w[i] { i++ }
	END { exit !(n > 0 && i == n) }' /tmp/want-kbs /tmp/got-kbs
ktap_ok "faults_in_order" $? "want $(tr '\n' ' ' < /tmp/want-kbs)got $(uniq /tmp/got-kbs | tr '\n' ' ')"
# each fault: a known-failure event of its VF, and (not for the resync,
# which mlx4 survives) the bring-up failed short of the era's step
grep "\"kb\":\"$(fault_kb stale_toggle)\"" $ev | grep -q "\"id\":\"vf.known_failure\".*\"device\":\"$BDF\""
ktap_ok "recovered" $? "$(fault_kb stale_toggle)"
bringup_failed() {	# bringup_failed FAULT
	kb=$(fault_kb "$1") step=$(fault_step "$1")
	[ -n "$kb" ] && [ -n "$step" ] && grep "\"kb\":\"$kb\"" $ev |
		grep -q "\"id\":\"vf.bringup.failed\".*\"device\":\"$BDF\".*step $step of"
}
bringup_failed offline_flag
ktap_ok "offline" $? "$(fault_kb offline_flag), short of step $(fault_step offline_flag)"
bringup_failed flr
ktap_ok "flr" $? "$(fault_kb flr), short of step $(fault_step flr)"
# lag of the fault events (seconds)
grep -E '"kb":"mlx4\.comm\.(recovered|offline|flr)"' $ev |
	sed -n 's/.*"id":"\([^"]*\)".*"kb":"\([^"]*\)".*"lag":\([-0-9.e]*\).*/\1 \2 \3/p' > /tmp/lags
sed 's/^/# watch_lag_s /' /tmp/lags
max=$(awk 'BEGIN { m = -1 } { if ($3 > m) m = $3 } END { print m }' /tmp/lags)
echo "# watch_lag_max_s $max"
[ -s /tmp/lags ] && awk -v m="$max" 'BEGIN { exit !(m >= -0.5 && m < 1.0) }'
ktap_ok "lag_under_1s" $? "max $max s"
! grep -q '"id":"vf.log.lost"' $ev
ktap_ok "lost_none" $?
ktap_finish
