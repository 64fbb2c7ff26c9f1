#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvdiag tree as a report: a small kernel-like tree (the preimage of our
# 0002 in pci-hyperv.c, the seed's .config without CONFIG_PCI_HYPERV)
# through every --format and -o; the text the same as on stdout.
set -u
. "$(dirname "$0")/../lib.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)
OURS=$TOP/patches/3.10.108/0002-PCI-hv-give-the-bridge-windows-a-memory-type.patch
SEED=${SEED_CONFIG:-$FIX/seed/kernel-config-3.10.108}
K=$TMP/linux
mkdir -p "$K/drivers/pci"
printf 'VERSION = 3\nPATCHLEVEL = 10\nSUBLEVEL = 108\nEXTRAVERSION =\n' > "$K/Makefile"
awk '/^@@/ { inh = 1; next } inh && /^(-- |--$)/ { exit } inh && /^[ -]/ { print substr($0, 2) }' "$OURS" \
	> "$K/drivers/pci/pci-hyperv.c"
sed '/^CONFIG_PCI_HYPERV=/d' "$SEED" > "$K/.config"

expect_exit "text: a missing option does not fail the tree" 0 "$HV" tree "$K"
cp "$TMP/out" "$TMP/text"
has "text: the option named" "^config: missing CONFIG_PCI_HYPERV \(absent" "$TMP/text"
has "text: the total" "^config: .*/linux/.config: 1 required options missing$" "$TMP/text"
has "text: our 0002" "^  applicable( in series)? +0002-PCI-hv" "$TMP/text"
expect_exit "-o FILE" 0 "$HV" tree "$K" -o "$TMP/t.txt"
cmp -s "$TMP/text" "$TMP/t.txt" && [ ! -s "$TMP/out" ]
ok "-o: the same text in the file, nothing on stdout" $?

expect_exit "json" 0 "$HV" tree "$K" --format json
python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["source"]["kind"] == "tree"
assert d["source"]["kernel_release"] == "3.10.108"
assert d["source"]["root"].endswith("/linux")
assert d["source"]["fragment"].endswith("hyperv-sriov.config")
r = {x["id"]: x for x in d["results"]}
assert r["tree.pci-hyperv"]["summary"] == "drivers/pci/pci-hyperv.c"
e = r["0002-PCI-hv-give-the-bridge-windows-a-memory-type.patch"]
assert e["status"] == "pass" and e["summary"].startswith("applicable"), e
assert r["CONFIG_PCI_HYPERV"]["status"] == "fail"
assert r["CONFIG_PCI"]["status"] == "pass"
assert "tree.workaround" not in r
assert any(n.startswith("series ") for n in d["notes"])
PY
ok "json: the report, one result per entry and option" $?
# every format says the status the command exits with (0: a missing
# option is reported, not a failure of the tree)
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["summary"]["exit_code"] == 0, d["summary"]' "$TMP/out"
ok "json: exit_code the tree's exit status, 0" $?
for f in tap junit prom html; do
	expect_exit "--format $f" 0 "$HV" tree "$K" --format $f
	cp "$TMP/out" "$TMP/out.$f"
done
has "tap: an entry a test" "^ok [0-9]+ - 0002-PCI-hv" "$TMP/out.tap"
has "junit: the tree suite" "testsuite name=\"hvdiag.tree\"" "$TMP/out.junit"
has "html: a page" "</html>" "$TMP/out.html"
has "prom: exit code the tree's, 0" "^hvdiag_exit_code 0$" "$TMP/out.prom"

# the work-around fails the tree in every format
mkdir -p "$K/drivers/pci"
printf 'int pci_bus_alloc_resource(void)\n{\n#if 0\n\t\t/* type_mask must match */\n}\n' > "$K/drivers/pci/bus.c"
expect_exit "work-around: json, exit 1" 1 "$HV" tree "$K" --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); r={x["id"]: x for x in d["results"]}; assert r["tree.workaround"]["status"]=="fail"' "$TMP/out"
ok "json: the work-around a failure" $?
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["summary"]["exit_code"] == 1' "$TMP/out"
ok "json: exit_code 1 with the work-around" $?

expect_exit "--apply with --format: usage" 2 "$HV" tree "$K" --apply --format json
expect_exit "--apply with -o: usage" 2 "$HV" tree "$K" --apply -o "$TMP/x"
[ ! -e "$TMP/x" ]; ok "--apply -o: nothing written" $?
expect_exit "no KSRC: usage" 2 "$HV" tree
done_testing
