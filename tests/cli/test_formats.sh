#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Output formats read by the tools that consume them: JSON by a parser and
# the schema's required fields, JUnit by xmllint and its structure, TAP by prove.
set -u
. "$(dirname "$0")/../lib.sh"
# every check of the registry is in each report
NCHECKS=$("$HV" check --list | wc -l)
export NCHECKS

# a bundle whose log carries binary bytes, escapes and markup characters
b=$(seed_copy b)
printf '[    9.000000] mlx4_core 0002:00:02.0: Communication channel is offline. <&"\x27> \xff\xfe \x01\x1b[31m\n' >> "$b/dmesg.txt"

expect_exit "json report" 1 "$HV" check --root "$b" --format json -o "$TMP/r.json"
python3 - "$TMP/r.json" "$(dirname "$0")/../../docs/report.schema.json" <<'PY' > "$TMP/py" 2>&1
import json, os, sys
r = json.load(open(sys.argv[1]))
schema = json.load(open(sys.argv[2]))
def check(obj, sch, path):
    t = sch.get("type")
    types = t if isinstance(t, list) else [t]
    pymap = {"object": dict, "array": list, "string": str, "integer": int, "boolean": bool, "null": type(None)}
    assert any(isinstance(obj, pymap[x]) for x in types if x), f"{path}: type {type(obj).__name__} not {types}"
    if "enum" in sch:
        assert obj in sch["enum"], f"{path}: {obj} not in {sch['enum']}"
    if isinstance(obj, dict):
        for k in sch.get("required", []):
            assert k in obj, f"{path}: missing {k}"
        for k, v in obj.items():
            if k in sch.get("properties", {}):
                check(v, sch["properties"][k], path + "." + k)
    if isinstance(obj, list) and "items" in sch:
        for i, v in enumerate(obj):
            check(v, sch["items"], f"{path}[{i}]")
check(r, schema, "$")
ids = [x["id"] for x in r["results"]]
nchecks = int(os.environ["NCHECKS"])
assert len(ids) == nchecks and len(set(ids)) == nchecks, ids
e = [x for x in r["results"] if x["id"] == "driver.errors"][0]
assert e["status"] == "fail" and e["remedy"]["kb"] == "mlx4.comm.offline", e
assert r["summary"]["exit_code"] == 1
print("json ok")
PY
r=$?; ok "json parses and follows docs/report.schema.json" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/py"

expect_exit "junit report" 1 "$HV" check --root "$b" --format junit -o "$TMP/r.xml"
xmllint --noout "$TMP/r.xml" 2>"$TMP/xerr"
r=$?; ok "junit is well-formed XML" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/xerr"
python3 - "$TMP/r.xml" <<'PY' > "$TMP/py" 2>&1
import os, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == "testsuites"
suites = root.findall("testsuite")
assert len(suites) == 1
cases = suites[0].findall("testcase")
assert len(cases) == int(suites[0].get("tests")) == int(os.environ["NCHECKS"])
for c in cases:
    marks = [x for x in c if x.tag in ("failure", "error", "skipped")]
    assert len(marks) <= 1, c.get("name")
    assert c.get("classname").startswith("hvdiag.")
fails = [c for c in cases if c.find("failure") is not None]
assert len(fails) == int(suites[0].get("failures")) == int(root.get("failures"))
skips = [c for c in cases if c.find("skipped") is not None]
assert len(skips) == int(suites[0].get("skipped"))
print("junit ok")
PY
r=$?; ok "junit structure as CI systems read it" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/py"

"$HV" check --root "$FIX/seed" --format tap > "$TMP/r.tap"
prove --exec cat "$TMP/r.tap" > "$TMP/prove" 2>&1
r=$?; ok "prove accepts the TAP of a passing run" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/prove"
"$HV" check --root "$b" --format tap > "$TMP/f.tap"
prove --exec cat "$TMP/f.tap" > "$TMP/prove" 2>&1
[ $? -ne 0 ] && grep -q "Failed 1/$NCHECKS" "$TMP/prove"
r=$?; ok "prove sees the one failing check" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/prove"

# -o replaces atomically and leaves no temporary file behind
ls "$TMP" | grep -q '\.tmp\.' ; r=$?
[ $r -ne 0 ]; ok "no temporary file left by -o" $?

done_testing
