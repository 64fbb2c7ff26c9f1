#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The rig's KTAP as report/rig.ktap, rig-junit.xml, rig-report.json, and a
# totals line. Exit status: 0 when nothing failed.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
hv=$top/tools/hvdiag
mkdir -p "$top/report"
cp "$top/build/rig/ktap.txt" "$top/report/rig.ktap"
"$hv" ktap "$top/report/rig.ktap" --name rig --format junit -o "$top/report/rig-junit.xml"
"$hv" ktap "$top/report/rig.ktap" --name rig --format json -o "$top/report/rig-report.json"
[ -f "$top/build/rig/timings" ] && sed 's/^/# /' "$top/build/rig/timings"
"$hv" ktap "$top/report/rig.ktap" --name rig
