#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# hvdiag watch in the rig guest: init starts it on /dev/kmsg (--from-boot,
# JSON Lines to /tmp/watch.jsonl) before the genuine mlx4_core meets the PF
# fault modes (mlx4-real.sh); here it is stopped with SIGTERM and its
# events judged: each fault as its knowledge-base event, in the order the
# faults were replayed, each reported within a second of the driver's own
# line (lag: from the kmsg record's time stamp to the report).
. /selftests/ktap_helpers.sh
BDF=$1
ev=/tmp/watch.jsonl

ktap_plan 7
if [ ! -f /tmp/watch.pid ]; then
	ktap_skip_rest "watch was not started" stops_on_sigterm faults_in_order recovered offline flr lag_under_1s lost_none
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

# the first event of each fault's knowledge-base entry, by line
first() { grep -n "\"kb\":\"$1\"" $ev | head -1 | cut -d: -f1; }
r=$(first mlx4.comm.recovered)
o=$(first mlx4.comm.offline)
f=$(first mlx4.comm.flr)
[ -n "$r" ] && [ -n "$o" ] && [ -n "$f" ] && [ "$r" -lt "$o" ] && [ "$o" -lt "$f" ]
ktap_ok "faults_in_order" $? "lines: recovered '$r', offline '$o', flr '$f'"
# each fault: a known-failure event of its VF, and (not for the resync,
# which mlx4 survives) the bring-up failed with the step it missed
grep "\"kb\":\"mlx4.comm.recovered\"" $ev | grep -q "\"id\":\"vf.known_failure\".*\"device\":\"$BDF\""
ktap_ok "recovered" $?
grep "\"kb\":\"mlx4.comm.offline\"" $ev | grep -q "\"id\":\"vf.bringup.failed\".*\"device\":\"$BDF\".*step 2 of"
ktap_ok "offline" $?
grep "\"kb\":\"mlx4.comm.flr\"" $ev | grep -q "\"id\":\"vf.bringup.failed\".*\"device\":\"$BDF\".*step 3 of"
ktap_ok "flr" $?
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
