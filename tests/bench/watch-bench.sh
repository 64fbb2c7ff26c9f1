#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: the targets of hvdiag watch and check --format prom.
#  1. watch replays 1,000,000 /dev/kmsg records (the real full-boot capture
#     repeated, as the check benchmark builds its log): time, peak RSS
#     (target: under 8 MiB);
#  2. watch following an idle kernel log for 10 s (/dev/kmsg when it can be
#     read, else a FIFO nobody writes to): CPU time over wall time (target:
#     under 1 %);
#  3. check --format prom against check --format json on that log's bundle,
#     best of 5 each (target: prom no slower than json, 5 % noise allowed).
cd "$(dirname "$0")/../.." || exit 2
HV=$PWD/tools/hvdiag
RS=$PWD/build/runstat
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"; [ -n "${W:-}" ] && kill "$W" 2>/dev/null' EXIT

best() {	# best-of-5 wall time and max RSS of a command
	local i t r bt=999 br=0
	for i in 1 2 3 4 5; do
		read -r t r _ < <("$RS" "$@" 2>&1 >/dev/null | tail -1)
		bt=$(awk -v a="$t" -v b="$bt" 'BEGIN { print (a < b) ? a : b }')
		[ "$r" -gt "$br" ] && br=$r
	done
	echo "$bt $br"
}

src=tests/fixtures/captures/dmesg-full-boot-cx5-gen2--lisa-ai-data-dpdk-netvsc.txt
sed 's/^.*\.stdout //' "$src" | grep '^\[' > "$TMP/boot.txt"
n=$(wc -l < "$TMP/boot.txt")
# kmsg records: "pri,seq,usec,-;text", the stamp taken from the line
awk -v n="$n" -v want=1000000 '{ l[NR] = $0 } END {
	for (i = 0; i < want; i++) {
		s = l[i % n + 1]; t = s; sub(/^\[ */, "", t); sub(/\].*$/, "", t)
		m = s; sub(/^\[[^]]*\] ?/, "", m)
		printf "6,%d,%d,-;%s\n", i, int(t * 1000000) + int(i / n) * 100000000, m
	} }' "$TMP/boot.txt" > "$TMP/kmsg"
read -r wt wr < <(best "$HV" watch --kmsg "$TMP/kmsg" --format json -o /dev/null --prom "$TMP/w.prom")
recs=$(sed -n 's/^hvdiag_watch_records_total //p' "$TMP/w.prom")
evs=$(grep -v '^#' "$TMP/w.prom" | sed -n 's/^hvdiag_watch_events_total{[^}]*} //p' | awk '{ s += $1 } END { print s + 0 }')
echo "watch: $recs kmsg records replayed, $evs events: ${wt}s, peak RSS $((wr / 1024)) MiB ($wr KiB)"

# idle: CPU ticks of the process over 10 s
if dd if=/dev/kmsg of=/dev/null bs=8192 count=1 iflag=nonblock 2>/dev/null; then
	what="/dev/kmsg"
	"$HV" watch > /dev/null 2>&1 &
	W=$!
else
	what="an idle FIFO"
	mkfifo "$TMP/fifo"
	exec 9<>"$TMP/fifo"
	"$HV" watch --kmsg "$TMP/fifo" > /dev/null 2>&1 &
	W=$!
fi
sleep 1
t0=$(awk '{ print $14 + $15 }' /proc/$W/stat)
s0=$(date +%s.%N)
sleep 10
t1=$(awk '{ print $14 + $15 }' /proc/$W/stat)
s1=$(date +%s.%N)
rss=$(awk '/^VmHWM/ { print $2 }' /proc/$W/status)
kill -TERM $W
wait $W
W=
hz=$(getconf CLK_TCK)
cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s0="$s0" -v s1="$s1" 'BEGIN { printf "%.3f", 100 * (b - a) / hz / (s1 - s0) }')
echo "watch idle on $what: ${cpu} % CPU over $(awk -v a="$s0" -v b="$s1" 'BEGIN { printf "%.1f", b - a }') s, RSS ${rss} KiB"

mkdir -p "$TMP/b"
cp tests/fixtures/seed/lspci-vvv.txt "$TMP/b/"
awk -v n="$n" -v want=1000000 '{ l[NR] = $0 } END {
	for (i = 0; i < want - 40; i++) print l[i % n + 1] }' "$TMP/boot.txt" > "$TMP/b/dmesg.txt"
cat tests/fixtures/seed/dmesg.txt >> "$TMP/b/dmesg.txt"
read -r jt jr < <(best "$HV" check --root "$TMP/b" --format json)
read -r pt pr < <(best "$HV" check --root "$TMP/b" --format prom)
echo "check of 1,000,000 lines: --format json ${jt}s, --format prom ${pt}s"
awk -v r="$wr" -v c="$cpu" -v j="$jt" -v p="$pt" 'BEGIN {
	printf "targets: watch RSS under 8 MiB %s, idle CPU under 1 %% %s, prom no slower than json %s\n",
		(r < 8192) ? "met" : "MISSED", (c < 1.0) ? "met" : "MISSED",
		(p <= j * 1.05) ? "met" : "MISSED" }'
