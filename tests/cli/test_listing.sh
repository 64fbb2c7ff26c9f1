#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Listings printed from one description of a row (render/fields.c): the
# text and the JSON of lsvmbus and profiles say the same things.
set -u
. "$(dirname "$0")/../lib.sh"
B=$FIX/azure-4nic

expect_exit "profiles --format json" 0 "$HV" profiles --format json
cp "$TMP/out" "$TMP/p.json"
expect_exit "profiles -v" 0 "$HV" profiles -v
cp "$TMP/out" "$TMP/p.txt"
python3 - "$TMP/p.json" "$TMP/p.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read().splitlines()
rows = [l for l in text if l and not l.startswith(" ") and not l.startswith("auto ")]
assert len(rows) == len(d), (len(rows), len(d))
for p, row in zip(d, rows):
    ids = "%s:%s" % (p["vendor"], ",".join(p["devices"]))
    assert row.split()[:3] == [p["name"], ids, p["driver"] or "-"], (row, p)
    assert row.endswith(p["description"])
    assert "    file: " + p["file"] in text
    for i, s in enumerate(p["steps"]):
        assert "    sig%s %2d: %s" % ("?" if s["optional"] else " ", i + 1, s["signature"]) in text
mana = [p for p in d if p["name"] == "mana"][0]
assert mana["vendor"] == "1414" and mana["devices"] == ["00ba", "00b9"]
PY
ok "profiles: the JSON holds what -v prints, row for row" $?
expect_exit "profiles --patterns with --format json: usage" 2 "$HV" profiles --patterns mana --format json
expect_exit "profiles --format xml: usage" 2 "$HV" profiles --format xml
has "the formats named" "unknown format 'xml' \(text, json\)" "$TMP/err"

expect_exit "lsvmbus -vv" 0 "$HV" lsvmbus --root "$B" -vv
cp "$TMP/out" "$TMP/v.txt"
expect_exit "lsvmbus json" 0 "$HV" lsvmbus --root "$B" --format json
python3 - "$TMP/out" "$TMP/v.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
for x in d:
    head = "VMBUS ID %2d: Class_ID = {%s} - %s\n\tDevice_ID = {%s}\n\tSysfs path: /sys/bus/vmbus/devices/%s\n\tDriver: %s, state %d\n" % (
        x["id"], x["class_id"], x["class"], x["device_id"], x["name"], x["driver"] or "(none)", x["state"])
    chans = "".join("\tRel_ID=%d, target_cpu=%s\n" % (c["relid"], c["target_cpu"] if c["target_cpu"] >= 0 else "?") for c in x["channels"])
    assert head + chans + "\n" in text, x["name"]
PY
ok "lsvmbus: the JSON holds what -vv prints, device for device" $?
done_testing
