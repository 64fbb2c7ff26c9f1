#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: the speed and memory targets of hvdiag check.
#  1. live check vs lspci -vvv alone (ratio, best of 5 each);
#  2. offline check of a bundle whose dmesg.txt has 1,000,000 lines (the
#     real full-boot capture repeated, plus the seed's mlx4 lines) vs
#     grep -E -f with the profile's patterns on the same file; peak RSS;
#     the same check scanning in one part (HVDIAG_JOBS=1) for reference;
#  3. the same check written as the HTML page: time and size.
cd "$(dirname "$0")/../.." || exit 2
HV=$PWD/tools/hvdiag
RS=$PWD/build/runstat
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

best() {	# best-of-5 wall time and max RSS of a command
	local i t r bt=999 br=0
	for i in 1 2 3 4 5; do
		# stdout to a file: GNU grep stops at the first match when it is /dev/null
		read -r t r _ < <("$RS" "$@" 2>&1 >"$TMP/stdout" | tail -1)
		bt=$(awk -v a="$t" -v b="$bt" 'BEGIN { print (a < b) ? a : b }')
		[ "$r" -gt "$br" ] && br=$r
	done
	echo "$bt $br"
}

read -r lt lr < <(best "$HV" check)
read -r pt pr < <(best lspci -vvv)
echo "live: hvdiag check ${lt}s (${lr} KiB), lspci -vvv ${pt}s, ratio $(awk -v a="$lt" -v b="$pt" 'BEGIN { printf "%.2f", a / b }')"

mkdir -p "$TMP/b"
cp tests/fixtures/seed/lspci-vvv.txt "$TMP/b/"
src=tests/fixtures/captures/dmesg-full-boot-cx5-gen2--lisa-ai-data-dpdk-netvsc.txt
if [ -f "$src" ]; then
	sed 's/^.*\.stdout //' "$src" | grep '^\[' > "$TMP/boot.txt"
else
	cp tests/fixtures/seed/dmesg.txt "$TMP/boot.txt"
fi
n=$(wc -l < "$TMP/boot.txt")
awk -v n="$n" -v want=1000000 '{ l[NR] = $0 } END {
	for (i = 0; i < want - 40; i++) print l[i % n + 1] }' "$TMP/boot.txt" > "$TMP/b/dmesg.txt"
cat tests/fixtures/seed/dmesg.txt >> "$TMP/b/dmesg.txt"
lines=$(wc -l < "$TMP/b/dmesg.txt")
size=$(du -m "$TMP/b/dmesg.txt" | cut -f1)
"$HV" profiles --patterns mlx4-ofed-3.10 > "$TMP/pats"
read -r ot orss < <(best "$HV" check --root "$TMP/b" --profile mlx4-ofed-3.10)
read -r st srss < <(best env HVDIAG_JOBS=1 "$HV" check --root "$TMP/b" --profile mlx4-ofed-3.10)
read -r gt grss < <(best grep -E -f "$TMP/pats" "$TMP/b/dmesg.txt")
"$HV" profiles --patterns all > "$TMP/allpats"
read -r at arss < <(best grep -E -f "$TMP/allpats" "$TMP/b/dmesg.txt")
"$HV" check --root "$TMP/b" --profile mlx4-ofed-3.10 > "$TMP/verdict"
echo "offline: $lines log lines (${size} MiB): hvdiag check ${ot}s, peak RSS $((orss / 1024)) MiB ($(getconf _NPROCESSORS_ONLN) CPUs; one part, HVDIAG_JOBS=1: ${st}s)"
echo "  grep -E -f, the profile's $(wc -l < "$TMP/pats") patterns: ${gt}s; all $(wc -l < "$TMP/allpats") patterns hvdiag scans for: ${at}s"
tail -1 "$TMP/verdict"
# the HTML page of the same check: its time (the check included) and size
read -r ht hrss < <(best "$HV" check --root "$TMP/b" --profile mlx4-ofed-3.10 --format html -o "$TMP/page.html")
hsize=$(wc -c < "$TMP/page.html")
echo "html: the page of that check: ${ht}s (the text report: ${ot}s), $hsize bytes, peak RSS $((hrss / 1024)) MiB"
awk -v t="$ht" -v s="$hsize" 'BEGIN {
	printf "html targets: under 1 s %s, under 1 MiB %s\n",
		(t < 1.0) ? "met" : "MISSED", (s < 1048576) ? "met" : "MISSED" }'
awk -v t="$ot" -v g="$gt" -v r="$orss" 'BEGIN {
	printf "targets: under 1 s %s, faster than grep %s, RSS under 16 MiB %s\n",
		(t < 1.0) ? "met" : "MISSED", (t < g) ? "met" : "MISSED", (r < 16384) ? "met" : "MISSED" }'
