#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The HTML pages in a real browser: one headless Chromium (Debian package
# chromium) loads the page of a healthy mlx5 case and of a failing one,
# driven over the DevTools protocol (tests/html_browser.py). The pages must
# load without a console error, and the screenshots must show ink where the
# chain and the timeline are (green for the healthy chain, red for the
# failing one). Two control pages prove the harness can tell: one that
# logs errors, one whose chain is blank. The screenshots are kept in
# build/html-shots/ (docs/img/ holds a copy of two for the README).
# Skips, saying why, without chromium; runs once, with the normal build.
set -u
case ${HVDIAG:-} in
*/build-asan/*)
	echo "1..0 # SKIP the browser loads the pages once, from the normal build"
	exit 4 ;;
esac
. "$(dirname "$0")/../lib.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
CORPUS=$TOP/tests/corpus
SHOTS=$TOP/build/html-shots
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser)}
if [ -z "$CHROMIUM" ] || [ ! -x "$CHROMIUM" ]; then
	echo "1..0 # SKIP chromium not installed (tools/install-deps.sh test installs it)"
	exit 4
fi

healthy=mlx5-healthy-cx5-3nic-debian11-6.1-lisa-l3fwd
failing=mlx5-probe-fail-fw-timeout-vf-ejected-6.3-hvpci
# copies, so that the pages name no path of this tree
cp -r "$CORPUS/$healthy" "$CORPUS/$failing" "$TMP/"
expect_exit "healthy case renders (pass)" 0 \
	"$HV" check --root "$TMP/$healthy" --format html -o "$TMP/healthy.html"
expect_exit "failing case renders (fail)" 1 \
	"$HV" check --root "$TMP/$failing" --format html -o "$TMP/failing.html"
printf '<!DOCTYPE html><html><head><title>c</title></head><body><p id="chain" style="width:600px;height:80px"></p><script>console.error("control"); nosuch();</script></body></html>\n' \
	> "$TMP/control.html"

rm -rf "$SHOTS"
timeout 300 python3 "$TOP/tests/html_browser.py" "$CHROMIUM" "$SHOTS" \
	healthy="$TMP/healthy.html" failing="$TMP/failing.html" control="$TMP/control.html" \
	> "$TMP/shots" 2> "$TMP/shots.err"
ok "one browser loaded the three pages (exit $?)" $?
sed 's/^/# /' "$TMP/shots" "$TMP/shots.err" | head -20

# field NAME KEY [INDEX]: a value of the harness's line for NAME
field() {
	v=$(sed -n "s/^$1 .*$2=\([^ ]*\).*/\1/p" "$TMP/shots")
	[ $# -gt 2 ] && v=$(echo "$v" | cut -d, -f"$3")
	case $v in
	'' | -) echo -1 ;;
	*) echo "$v" ;;
	esac
}
for p in healthy failing; do
	ok "$p: no console error" $([ "$(field $p errors)" -eq 0 ]; echo $?)
	ok "$p: a PNG of the whole page and of its top" \
		$(head -c 8 "$SHOTS/$p.png" "$SHOTS/$p-top.png" 2>/dev/null | grep -c PNG | grep -qx 2; echo $?)
	ok "$p: the chain has ink ($(field $p chain 3) per mille)" \
		$([ "$(field $p chain 3)" -ge 50 ]; echo $?)
	ok "$p: the timeline has ink ($(field $p timeline 3) per mille)" \
		$([ "$(field $p timeline 3)" -ge 10 ]; echo $?)
done
ok "healthy: the chain is green, not red" \
	$([ "$(field healthy chain 5)" -gt 0 ] && [ "$(field healthy chain 4)" -eq 0 ]; echo $?)
ok "failing: the chain shows red" $([ "$(field failing chain 4)" -gt 0 ]; echo $?)
ok "failing: the timeline shows its failures in red" $([ "$(field failing timeline 4)" -gt 0 ]; echo $?)
ok "control: the harness sees console errors ($(field control errors))" \
	$([ "$(field control errors)" -ge 2 ]; echo $?)
ok "control: the harness sees a blank chain" $([ "$(field control chain 3)" -eq 0 ]; echo $?)
done_testing
