#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvdiag kconfig as a report: every --format and -o through the renderer
# table, the JSON of check's vocabulary, and the total counting what check
# counts (an optional option the kernel has is judged, so it is counted).
set -u
. "$(dirname "$0")/../lib.sh"
SEED=${SEED_CONFIG:-$FIX/seed/kernel-config-3.10.108}
# Debian 12's 6.1 config, MANA set as Debian ships it
zcat "$FIX/mana-nodriver/proc/config.gz" |
	sed 's/^# CONFIG_MICROSOFT_MANA is not set$/CONFIG_MICROSOFT_MANA=m/' > "$TMP/deb"

# the total: the options this kernel has, optional ones it has included
expect_exit "6.1: passes" 0 "$HV" kconfig "$TMP/deb"
has "6.1: mlx5 (optional, present) judged" "^ok +CONFIG_MLX5_CORE +m" "$TMP/out"
has "6.1: the total counts it" "^0 of 18 required options missing$" "$TMP/out"
sed 's/^CONFIG_MLX5_CORE=m$/# CONFIG_MLX5_CORE is not set/' "$TMP/deb" > "$TMP/nomlx5"
expect_exit "6.1 with mlx5 off: missing" 1 "$HV" kconfig "$TMP/nomlx5"
has "mlx5 off: named" "^MISSING CONFIG_MLX5_CORE +n +not set" "$TMP/out"
has "mlx5 off: one missing of those judged, not of fewer" "^1 of 18 required options missing$" "$TMP/out"
expect_exit "check counts the same options" 1 "$HV" check --root "$FIX/seed" \
	--only kconfig --kconfig "$TMP/nomlx5"
has "check: 1 of 18" "kernel.config +1 of 18 required options missing" "$TMP/out"

# every format, one vocabulary
expect_exit "json" 0 "$HV" kconfig "$SEED" --format json
python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["source"]["kind"] == "kconfig"
assert d["source"]["root"].endswith("kernel-config-3.10.108")
assert d["source"]["fragment"].endswith("hyperv-sriov.config")
s = {r["id"]: r for r in d["results"]}
assert s["CONFIG_PCI_HYPERV"]["status"] == "pass"
assert s["CONFIG_MICROSOFT_MANA"]["status"] == "warn"
assert s["CONFIG_MICROSOFT_MANA"]["summary"] == "(absent)"
assert s["CONFIG_MICROSOFT_MANA"]["evidence"][0].startswith("not available in this kernel")
assert d["summary"] == {"pass": 14, "fail": 0, "warn": 2, "skip": 3, "exit_code": 0}
PY
ok "json: the report of check, one result per option" $?
expect_exit "tap" 0 "$HV" kconfig "$SEED" --format tap
has "tap: an option a test" "^ok [0-9]+ - CONFIG_PCI_HYPERV" "$TMP/out"
expect_exit "junit" 0 "$HV" kconfig "$SEED" --format junit
has "junit: the kconfig suite" "testsuite name=\"hvdiag.kconfig\"" "$TMP/out"
expect_exit "prom" 0 "$HV" kconfig "$SEED" --format prom
has "prom: a series per option" "CONFIG_PCI_HYPERV" "$TMP/out"
expect_exit "html" 0 "$HV" kconfig "$SEED" --format html
has "html: a page" "</html>" "$TMP/out"
expect_exit "-o FILE" 0 "$HV" kconfig "$SEED" -o "$TMP/k.txt"
[ ! -s "$TMP/out" ] && grep -q "^0 of 14 required options missing" "$TMP/k.txt"
ok "-o: the text in the file, nothing on stdout" $?
expect_exit "--format nonsense: usage" 2 "$HV" kconfig "$SEED" --format nonsense
expect_exit "two files: usage" 2 "$HV" kconfig "$SEED" "$SEED"
done_testing
