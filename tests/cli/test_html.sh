#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvdiag check --format html: the page of every corpus case and fixture
# read by an HTML parser and its drawings by an XML parser
# (tests/html_check.py), against the JSON report of the same run; MANA's
# rows per vPort; hostile log lines and paths coming out as text; the
# timeline's bins and its line axis.
set -u
. "$(dirname "$0")/../lib.sh"
CHK=$(cd "$(dirname "$0")/.." && pwd)/html_check.py
CORPUS=$(cd "$(dirname "$0")/../corpus" && pwd)

# page DIR NAME: the page and the JSON report of DIR, checked
page() {
	"$HV" check --root "$1" --format html -o "$TMP/$2.html" 2>"$TMP/$2.err"
	a=$?
	"$HV" check --root "$1" --format json -o "$TMP/$2.json" 2>/dev/null
	b=$?
	python3 "$CHK" "$TMP/$2.html" "$TMP/$2.json" > "$TMP/$2.chk" 2>&1
	r=$?
	[ $r -eq 0 ] && [ "$a" -eq "$b" ]
	r=$?
	ok "$2: a valid page, exit $a as json's $b ($(cut -d: -f2- "$TMP/$2.chk" | head -1))" $r
	[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/$2.chk" "$TMP/$2.err" | head -20
}

for d in "$CORPUS"/*/ "$FIX"/*/ "$FIX"/field/*/; do
	[ -d "$d" ] || continue
	ls "$d" | grep -Eq '^(dmesg\.txt|lspci-vvv\.txt|ip-addr\.txt|sys|proc|sos_commands)$' || continue
	page "$d" "$(basename "$(dirname "$d")")-$(basename "$d")"
done

# MANA: one function, a row per vPort netdev, each with its synthetic NIC
page "$FIX/mana-vyos-4nic" mana4
n=$(grep -c '<g class="row"' "$TMP/mana4.html")
ok "mana, 4 vPorts: 4 chain rows (got $n)" $([ "$n" -eq 4 ]; echo $?)
for i in 0 1 2 3; do
	has "mana row of vf_eth$i" ">vf_eth$i<" "$TMP/mana4.html"
done

# a failing mlx5 case: the failed check colours the driver's node and links
page "$CORPUS/mlx5-probe-fail-fw-timeout-vf-ejected-6.3-hvpci" mlx5fail
has "mlx5 probe failure: verdict FAIL in the header" 'hvdiag check: FAIL<' "$TMP/mlx5fail.html"
has "mlx5 probe failure: a failed link in the chain" 'class="l-fail"' "$TMP/mlx5fail.html"
has "mlx5 probe failure: the driver's node failed" 'class="n-fail"' "$TMP/mlx5fail.html"
has "mlx5 probe failure: the failure lines on the timeline" '<title>known failure, line 2[0-9] \[' "$TMP/mlx5fail.html"
has "mlx5 probe failure: the failed bring-up on the timeline" '<title>bring-up failed, line 27 \[ *183\.178629\]: the VF driver&#39;s bring-up failed' "$TMP/mlx5fail.html"
page "$FIX/seed" seed
grep -q 'class="[nl]-fail"' "$TMP/seed.html"
ok "healthy seed: nothing drawn as failed" $([ $? -ne 0 ]; echo $?)

# hostile input: a log line and a root path full of markup and control bytes
h="$TMP/x<svg onload=alert(3)>]]>$(printf '\001\033')y"
cp -r "$FIX/seed" "$h"
printf '[  900.000001] hv_netvsc 0a9c2a0a-0001-4a0c-9f5c-000000000001 eth0: VF slot 1 removed </script><svg onload=alert(1)>]]>\033[31m\001\177 &amp; "q" \377\376 end\n' >> "$h/dmesg.txt"
printf '[  901.000000] mlx4_core 0002:00:02.0: command 0x23 failed </script><svg onload=alert(2)>]]>\033\002 end\n' >> "$h/dmesg.txt"
page "$h" hostile
f=$TMP/hostile.html
ok "hostile: one </script>, the page's own" $([ "$(grep -o '</script>' "$f" | wc -l)" -eq 1 ]; echo $?)
ok "hostile: no <svg onload" $(! grep -q '<svg onload' "$f"; echo $?)
has "hostile: the event line as text" 'VF slot 1 removed &lt;/script&gt;&lt;svg onload=alert\(1\)&gt;\]\]&gt;' "$f"
has "hostile: the evidence line as text" 'failed &lt;/script&gt;&lt;svg onload=alert\(2\)&gt;\]\]&gt;' "$f"
has "hostile: a path's control bytes shown as escapes" 'alert\(3\)&gt;\]\]&gt;\\x01\\x1by' "$f"
has "hostile: quotes and ampersands as entities" '&amp;amp; &quot;q&quot;' "$f"
has "hostile: bytes that are not UTF-8 as U+FFFD" "$(printf '\357\277\275\357\277\275') end" "$f"

# many events: drawn in bins, the page stays small
b=$(seed_copy binned)
awk 'BEGIN { for (i = 0; i < 3000; i++)
	printf "[%6d.%06d] mlx4_core %04x:00:02.0: Communication channel is offline.\n",
		100 + i, 0, i + 16 }' >> "$b/dmesg.txt"
page "$b" binned
has "3000 events: drawn in bins" '3001 event\(s\) over 3033 log line\(s\).*drawn in 200 bins' "$TMP/binned.html"
has "3000 events: a bin says how many" '<title>[0-9]+ known failure between' "$TMP/binned.html"
n=$(grep -c '<title>known failure, line' "$TMP/binned.html")
ok "3000 events: no mark per event (got $n)" $([ "$n" -eq 0 ]; echo $?)
n=$(grep -c '^<tr><td>[0-9]' "$TMP/binned.html")
ok "3000 events: the list holds 200 (got $n)" $([ "$n" -eq 200 ]; echo $?)
n=$(grep -c '<title>known failure, line' "$TMP/mlx5fail.html")
m=$(grep -c '^<tr><td>[0-9].*>known failure</span>' "$TMP/mlx5fail.html")
ok "a few events: a mark for each listed ($n marks, $m listed)" $([ "$n" -eq "$m" ] && [ "$n" -gt 2 ]; echo $?)

# more events than the list keeps: the page says where it stops
b=$(seed_copy capped)
awk 'BEGIN { for (i = 0; i < 5000; i++)
	printf "[%6d.%06d] mlx4_core %04x:00:02.0: Communication channel is offline.\n",
		100 + i, 0, i + 16 }' >> "$b/dmesg.txt"
page "$b" capped
has "5000 events: the part past the list is marked" '<title>[0-9]+ more event\(s\) after line [0-9]+ not kept</title>' "$TMP/capped.html"
has "5000 events: and said in words" 'more event\(s\) not kept\.' "$TMP/capped.html"
ok "3000 events: nothing marked as not kept" $(! grep -q 'not kept' "$TMP/binned.html"; echo $?)

# a log of two boots: its time stamps restart, so the axis is lines
r="$TMP/reboot"
mkdir "$r"
cat "$CORPUS/mlx5-probe-fail-fw-timeout-vf-ejected-6.3-hvpci/dmesg.txt" \
	"$CORPUS/mlx5-probe-fail-fw-timeout-vf-ejected-6.3-hvpci/dmesg.txt" > "$r/dmesg.txt"
page "$r" reboot
has "two boots in one log: a line axis" 'axis: line numbers \(its time stamps restart' "$TMP/reboot.html"
has "one boot: the log's time axis" "axis: the log's time stamps" "$TMP/mlx5fail.html"

# hvdiag watch --root --format html: the replay's events on one page
for c in mlx5-probe-fail-fw-timeout-vf-ejected-6.3-hvpci mana-healthy-4nic-vyos-5338 \
	mlx4-vf-removed-readded-rhel75-lis-556; do
	"$HV" watch --root "$CORPUS/$c" --format html -o "$TMP/w-$c.html" 2>"$TMP/w.err"
	a=$?
	"$HV" watch --root "$CORPUS/$c" --format json -o "$TMP/w-$c.jsonl" 2>/dev/null
	b=$?
	python3 "$CHK" --watch "$TMP/w-$c.html" "$TMP/w-$c.jsonl" > "$TMP/w.chk" 2>&1
	r=$?
	[ $r -eq 0 ] && [ "$a" -eq "$b" ]
	r=$?
	ok "watch replay of $c: a valid page, exit $a as json's $b" $r
	[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/w.chk" "$TMP/w.err" | head
done
has "watch replay: the failed bring-up drawn" '<title>bring-up failed, line 27' \
	"$TMP/w-mlx5-probe-fail-fw-timeout-vf-ejected-6.3-hvpci.html"
has "watch replay: verdict FAIL" 'hvdiag watch: FAIL<' \
	"$TMP/w-mlx5-probe-fail-fw-timeout-vf-ejected-6.3-hvpci.html"
has "watch replay: a re-added VF drawn" '<title>re-added, line' \
	"$TMP/w-mlx4-vf-removed-readded-rhel75-lis-556.html"
expect_exit "watch --format html without --root" 2 "$HV" watch --format html
has "says a page draws a replay" 'format html draws a replay: give --root DIR' "$TMP/err"
expect_exit "watch --format html of a missing root writes nothing" 2 \
	"$HV" watch --root "$TMP/none" --format html -o "$TMP/none.html"
ok "no page left behind" $([ ! -e "$TMP/none.html" ]; echo $?)

# usage
expect_exit "unknown format lists html" 2 "$HV" check --root "$FIX/seed" --format htm
has "the message names html" "unknown format 'htm' \(text, json, tap, junit, prom, html\)" "$TMP/err"
expect_exit "html into a missing directory" 2 "$HV" check --root "$FIX/seed" --format html -o "$TMP/nodir/x.html"
has "says it cannot write" "cannot write '$TMP/nodir/x.html'" "$TMP/err"
done_testing
