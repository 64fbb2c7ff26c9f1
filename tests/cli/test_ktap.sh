#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvdiag ktap on hostile and incomplete documents: JUnit stays well-formed
# XML whatever the names, reasons and diagnostics hold (xmllint), and a
# plan the results do not meet is a failure, at the top and nested.
set -u
. "$(dirname "$0")/../lib.sh"

# --- JUnit from hostile names ---
{
	printf 'KTAP version 1\n1..6\n'
	printf '    KTAP version 1\n    # Subtest: s<u>i&t"e\n    1..2\n'
	printf '    ok 1 a<b\n'
	printf '    # diag <b>&amp; "q" \x27a\x27 \x01\x02\x1b[31m]]>\n'
	printf '    not ok 2 c&d"e\n'
	printf 'ok 1 s<u>i&t"e\n'
	printf 'not ok 2 x.y<z> # TODO "later" & <soon>\n'
	printf 'ok 3 ctl\x01\x07\x0bname # SKIP r\x1f<e>a&s"on\n'
	printf 'not ok 4 bad \xff\xfe utf8 \xc3\x28 and good \xc3\xa9\xe2\x82\xac\n'
	printf 'ok 5 \x27quote\x27\t<tab>\n'
	printf 'ok 6 a]]>b\n'
} > "$TMP/hostile.ktap"
"$HV" ktap "$TMP/hostile.ktap" --format junit --name 'n<a>m&e"' -o "$TMP/h.xml" > "$TMP/out" 2> "$TMP/err"
[ $? -eq 1 ]
ok "hostile junit: exit 1 (failures in it)" $?
xmllint --noout "$TMP/h.xml" 2> "$TMP/xerr"
r=$?
ok "hostile junit: well-formed XML (xmllint)" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/xerr" | head -10
python3 - "$TMP/h.xml" > "$TMP/py" 2>&1 <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root.find("testsuite")
assert suite.get("name") == 'n<a>m&e"', suite.get("name")
names = [c.get("name") for c in suite.iter("testcase")]
assert 's<u>i&t"e.a<b' in names, names
assert 's<u>i&t"e.c&d"e' in names, names
assert "x.y<z>" in names, names
assert "bad ?? utf8 ?( and good \u00e9\u20ac" in names, names
assert "ctl???name" in names, names
assert "'quote'\t<tab>" in names, names
assert "a]]>b" in names, names
fail = [c for c in suite.iter("testcase") if c.get("name") == 's<u>i&t"e.c&d"e'][0]
assert "<b>&amp;" in fail.find("failure").text, fail.find("failure").text
skip = [c for c in suite.iter("testcase") if c.get("name") == "ctl???name"][0]
assert skip.find("skipped").get("message") == "r?<e>a&s\"on", skip.find("skipped").get("message")
cls = [c.get("classname") for c in suite.iter("testcase")]
assert 'hvdiag.s<u>i&t"e' in cls, cls
print("ok")
PY
r=$?
ok "hostile junit: names, suite and diagnostics read back as written" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/py"
if ! grep -q $'[\x01-\x08\x0b\x0c\x0e-\x1f]' "$TMP/h.xml"; then r=0; else r=1; fi
ok "hostile junit: no control character XML 1.0 forbids" $r

# --- plans and numbers ---
# kt NAME EXIT TEXT [WANT-REGEX]: TEXT (printf format) through ktap --format
# tap; the exit code and, when given, a line of the output
kt() {
	printf "$3" > "$TMP/$1.ktap"
	expect_exit "$1" "$2" "$HV" ktap "$TMP/$1.ktap" --format tap
	[ $# -lt 4 ] || has "$1: said" "$4" "$TMP/out"
}
kt "complete nested document passes" 0 \
   'KTAP version 1\n1..2\n    KTAP version 1\n    # Subtest: s\n    1..2\n    ok 1 x\n    ok 2 y\nok 1 s\nok 2 t\n'
kt "a trailing plan (TAP) passes" 0 'TAP version 13\nok 1 a\nok 2 b\n1..2\n'
kt "an empty subtest with plan 1..0 passes" 0 \
   'KTAP version 1\n1..1\n    # Subtest: s\n    1..0\nok 1 s # SKIP nothing here\n'
kt "top plan 1..5, 3 results: failure" 1 'KTAP version 1\n1..5\nok 1 a\nok 2 b\nok 3 c\n' \
   '^not ok [0-9]+ - ktap.plan$'
has "top plan: expected 5 tests, got 3" '^# fail: expected 5 tests, got 3$' "$TMP/out"
kt "nested plan 1..4, 2 results: failure" 1 \
   'KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: s\n    1..4\n    ok 1 x\n    ok 2 y\nok 1 s\n' \
   '^# fail: expected 4 tests, got 2$'
has "nested plan: named after its suite" '^not ok [0-9]+ - s.ktap.plan$' "$TMP/out"
kt "nested plan 1..1, 2 results: failure" 1 \
   'KTAP version 1\n1..1\n    # Subtest: s\n    1..1\n    ok 1 x\n    ok 2 y\nok 1 s\n' \
   '^# fail: expected 1 tests, got 2$'
kt "twice nested, the inner one short: failure" 1 \
   'KTAP version 1\n1..1\n    # Subtest: a\n    1..1\n        # Subtest: b\n        1..3\n        ok 1 x\n    ok 1 b\nok 1 a\n' \
   '^not ok [0-9]+ - a.b.ktap.plan'
kt "a subtest left open at the end: failure" 1 \
   'KTAP version 1\n1..1\n    # Subtest: s\n    1..3\n    ok 1 x\n' \
   '^# fail: expected 3 tests, got 1$'
kt "a duplicated number: failure" 1 'TAP version 13\n1..3\nok 1 a\nok 1 b\nok 3 c\n' \
   '^# fail: test 1 \(b\) reported again or out of order, expected 2$'
kt "numbers out of order: failure" 1 'TAP version 13\n1..3\nok 1 a\nok 3 c\nok 2 b\n' \
   '^not ok [0-9]+ - ktap.numbering$'
kt "nested numbers out of order: failure" 1 \
   'KTAP version 1\n1..1\n    # Subtest: s\n    1..2\n    ok 2 y\n    ok 1 x\nok 1 s\n' \
   '^not ok [0-9]+ - s.ktap.numbering$'
kt "results without numbers are not misnumbered" 0 'TAP version 13\n1..2\nok a\nok b\n'
kt "a bail out short of the plan: failure" 1 'KTAP version 1\n1..3\nok 1 a\nBail out! no device\n' \
   '^# fail: expected 3 tests, got 1 \(bailed out\)$'

# check's JUnit: evidence from a kernel log with markup, control bytes and
# broken UTF-8 in it stays well-formed too.
b=$(seed_copy hostile)
printf '[   12.000000] mlx4_core 0002:00:02.0: <x> & "y" \x01\x1b[0m \xff\xc3 Communication channel is offline ]]>\n' >> "$b/dmesg.txt"
"$HV" check --root "$b" --format junit -o "$TMP/c.xml" > /dev/null 2>&1
xmllint --noout "$TMP/c.xml" 2> "$TMP/xerr"
r=$?
ok "check junit with a hostile log line: well-formed XML" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/xerr" | head -10
has "check junit: the hostile line is in the evidence, escaped" '&lt;x&gt; &amp; &quot;y&quot; .*\?\? Communication channel is offline \]\]&gt;' "$TMP/c.xml"
done_testing
