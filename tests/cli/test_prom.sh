#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvdiag check --format prom: the text exposition node_exporter's textfile
# collector reads, on the seed and on broken variants of it. Checked by
# promtool when it is installed (Debian package prometheus) and always by
# our own reading of the format; the example alert rules of docs/alerts.yml
# are run by promtool against the metrics real runs wrote.
set -u
. "$(dirname "$0")/../lib.sh"
DOCS=$(cd "$(dirname "$0")/../../docs" && pwd)

# format.py PROM JSON EXIT T0 T1 VERSION: the exposition read line by line
# and compared with the JSON report of the same input
cat > "$TMP/format.py" <<'PY'
import json, re, sys
prom, js, code, t0, t1, version = sys.argv[1:7]
rep = json.load(open(js))
name_re = r'[a-zA-Z_:][a-zA-Z0-9_:]*'
lab_re = r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"'
sample_re = re.compile(r'^(' + name_re + r')(\{(?:' + lab_re + r',?)*\})? (\S+)$')
types, helps, seen, order = {}, {}, set(), []
series = {}
for n, line in enumerate(open(prom, encoding='utf-8').read().split('\n'), 1):
    if line == '':
        continue
    m = re.match(r'^# (HELP|TYPE) (' + name_re + r') (.+)$', line)
    if m:
        d = helps if m.group(1) == 'HELP' else types
        assert m.group(2) not in d, f'line {n}: second {m.group(1)} for {m.group(2)}'
        assert m.group(2) not in seen, f'line {n}: {m.group(1)} after samples of {m.group(2)}'
        d[m.group(2)] = m.group(3)
        continue
    assert not line.startswith('#'), f'line {n}: stray comment {line!r}'
    m = sample_re.match(line)
    assert m, f'line {n}: not a sample: {line!r}'
    name = m.group(1)
    assert name.startswith('hvdiag_'), f'line {n}: {name} lacks the hvdiag_ prefix'
    assert types.get(name) in ('gauge', 'counter'), f'line {n}: {name} has no TYPE'
    assert name in helps, f'line {n}: {name} has no HELP'
    assert not name.endswith('_total') or types[name] == 'counter', name
    if order and order[-1] != name:
        assert name not in seen, f'line {n}: {name} split into two groups'
    seen.add(name)
    order.append(name)
    labels = tuple(re.findall(lab_re, m.group(2) or ''))
    for k, v in labels:
        assert k in ('check', 'status', 'version', 'profile'), f'line {n}: label {k}'
    key = (name, labels)
    assert key not in series, f'line {n}: series repeated'
    series[key] = float(m.group(5))
assert set(types) == seen, f'families without samples: {set(types) - seen}'

def get(name, **lab):
    return series[(name, tuple(sorted(lab.items())))]
# the labels of one series come in a fixed order: sort both sides
series = {(k[0], tuple(sorted(k[1]))): v for k, v in series.items()}

states = ('pass', 'warn', 'fail', 'skip')
checks = {}
for (name, labels), v in series.items():
    if name == 'hvdiag_check_status':
        d = dict(labels)
        checks.setdefault(d['check'], {})[d['status']] = v
want = {r['id']: r['status'] for r in rep['results']}
assert set(checks) == set(want), (set(checks) ^ set(want))
for cid, st in checks.items():
    assert set(st) == set(states), f'{cid}: states {sorted(st)}'
    assert all(v in (0.0, 1.0) for v in st.values()), f'{cid}: {st}'
    assert sum(st.values()) == 1, f'{cid}: stateset sums to {sum(st.values())}'
    assert st[want[cid]] == 1, f'{cid}: prom says {st}, json {want[cid]}'
for s in states:
    assert get('hvdiag_checks', status=s) == rep['summary'][s], s
assert get('hvdiag_exit_code') == rep['summary']['exit_code'] == int(code)
assert get('hvdiag_build_info', version=version) == 1
assert get('hvdiag_profile_info', profile=rep['profile'] or 'none') == 1
ts = get('hvdiag_last_run_timestamp_seconds')
assert int(t0) - 1 <= ts <= int(t1) + 1, f'timestamp {ts} not in [{t0}, {t1}]'
du = get('hvdiag_run_duration_seconds')
assert 0 < du <= int(t1) - int(t0) + 1, f'duration {du}'
print(f'{len(checks)} statesets, {len(series)} series, {len(types)} families')
PY

# run NAME ARGS...: check --format prom -o into a textfile directory and
# --format json of the same input; prom_lint then reads both
run() {
	name=$1
	shift
	mkdir -p "$TMP/textfile"
	t0=$(date +%s)
	"$HV" check "$@" --format prom -o "$TMP/textfile/$name.prom" 2>"$TMP/err"
	code=$?
	t1=$(date +%s)
	"$HV" check "$@" --format json > "$TMP/$name.json" 2>/dev/null
}
prom_lint() {	# prom_lint NAME WANT-EXIT
	ok "$1: exit $code, want $2" $(( code != $2 ))
	python3 "$TMP/format.py" "$TMP/textfile/$1.prom" "$TMP/$1.json" "$code" \
		"$t0" "$t1" "$("$HV" --version | cut -d' ' -f2)" > "$TMP/py" 2>&1
	r=$?; ok "$1: every sample typed, statesets sum to 1, same verdicts as json" $r
	[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/py"
	if command -v promtool >/dev/null; then
		promtool check metrics < "$TMP/textfile/$1.prom" > "$TMP/lint" 2>&1
		r=$?; ok "$1: promtool check metrics is clean" $r
		[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/lint"
	else
		echo "ok $((T_N += 1)) - $1: promtool check metrics # SKIP promtool not installed (Debian package prometheus)"
	fi
}

# 1. the seed: healthy
run healthy --root "$FIX/seed"
prom_lint healthy 0
has "healthy: pci.vf.present passes" '^hvdiag_check_status\{check="pci.vf.present",status="pass"\} 1$' "$TMP/textfile/healthy.prom"
has "healthy: no check fails" '^hvdiag_checks\{status="fail"\} 0$' "$TMP/textfile/healthy.prom"
has "healthy: profile named" '^hvdiag_profile_info\{profile="mlx4-ofed-3.10"\} 1$' "$TMP/textfile/healthy.prom"
ls -a "$TMP/textfile" | grep -q '\.tmp\.'
ok "no temporary file left in the textfile directory" $(( ! $? ))

# 2. the PF set the comm channel offline: the genuine driver's line from
# the rig (tests/fixtures/rig-mlx4/offline-flag), on the seed's VF
d=$(seed_copy comm)
grep 'Communication channel is offline' "$FIX/rig-mlx4/offline-flag/dmesg.txt" |
	sed 's/0000:00:02.0/0002:00:02.0/' >> "$d/dmesg.txt"
run comm --root "$d"
prom_lint comm 1
has "comm offline: driver.errors fails" '^hvdiag_check_status\{check="driver.errors",status="fail"\} 1$' "$TMP/textfile/comm.prom"
has "comm offline: one check fails" '^hvdiag_checks\{status="fail"\} 1$' "$TMP/textfile/comm.prom"
has "comm offline: exit code 1" '^hvdiag_exit_code 1$' "$TMP/textfile/comm.prom"

# 3. the driver never sent its reset: a signature line removed
d=$(seed_copy noreset)
sed -i '/Sending reset/d' "$d/dmesg.txt"
run noreset --root "$d"
prom_lint noreset 1
has "no reset: driver.init.sequence fails" '^hvdiag_check_status\{check="driver.init.sequence",status="fail"\} 1$' "$TMP/textfile/noreset.prom"

# 4. no VF of the expected kind: the seed judged as an mlx5 guest
run novf --root "$FIX/seed" --profile mlx5
prom_lint novf 1
has "no VF: pci.vf.present fails" '^hvdiag_check_status\{check="pci.vf.present",status="fail"\} 1$' "$TMP/textfile/novf.prom"

# 5. BAR 2 never assigned (3.10's untyped vPCI windows): PCI checks fail
d=$(seed_copy bar)
sed -i 's/Region 2: Memory at fe0000000/Region 2: Memory at <unassigned>/' "$d/lspci-vvv.txt"
run bar --root "$d"
prom_lint bar 1
has "unassigned BAR: pci.vf.bars fails" '^hvdiag_check_status\{check="pci.vf.bars",status="fail"\} 1$' "$TMP/textfile/bar.prom"

# 6. only some groups: the statesets follow the checks that ran
run only --root "$FIX/seed" --only pci
prom_lint only 0
n=$(grep -c '^hvdiag_check_status{' "$TMP/textfile/only.prom")
ok "--only pci: 5 checks, 20 stateset series (got $n)" $(( n != 20 ))

# 7. -o replaces a previous file whole
printf 'garbage\n' > "$TMP/textfile/healthy.prom"
"$HV" check --root "$FIX/seed" --format prom -o "$TMP/textfile/healthy.prom"
has "a second run replaces the file" '^hvdiag_exit_code 0$' "$TMP/textfile/healthy.prom"
grep -q garbage "$TMP/textfile/healthy.prom"
ok "nothing of the old file is left" $(( ! $? ))

# 8. the example alert rules against the metrics of those runs: each
# scenario's series, as a node_exporter scrape would label them, for 3 h
cat > "$TMP/rules_test.py" <<'PY'
import json, re, sys, yaml
alerts, out = sys.argv[1], sys.argv[2]
cases = json.loads(sys.argv[3])
lab_re = r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"'

def read(path, stamp=None):
    ser = []
    for line in open(path):
        if line.startswith('#') or not line.strip():
            continue
        m = re.match(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{.*\})? (\S+)$', line.strip())
        labels = dict(re.findall(lab_re, m.group(2) or ''))
        labels['instance'] = 'vm1'
        value = m.group(3)
        if m.group(1) == 'hvdiag_last_run_timestamp_seconds' and stamp:
            value = None
        ser.append((m.group(1), labels, value))
    return ser

def yq(s):
    return "'" + s.replace("'", "''") + "'"

# the rules and their annotations; the templates use $labels only
rules = {r['alert']: r for g in yaml.safe_load(open(alerts))['groups']
         for r in g['rules']}

def render(t, labels):
    s = re.sub(r'\{\{ \$labels\.(\w+) \}\}', lambda m: labels.get(m.group(1), ''), t)
    assert '{{' not in s, s
    return s

y = [f'rule_files: [{yq(alerts)}]', 'evaluation_interval: 1m', 'tests:']
for c in cases:
    y += ['  - interval: 1m', '    input_series:']
    for name, labels, value in read(c['prom'], c.get('stamp')):
        sel = name + '{' + ','.join(f'{k}="{v}"' for k, v in sorted(labels.items())) + '}'
        vals = c['stamp'] if value is None else f'{value}x180'
        y += [f'      - series: {yq(sel)}', f'        values: {yq(vals)}']
    y += ['    alert_rule_test:']
    for alert, r in rules.items():
        y += ['      - eval_time: 2h', f'        alertname: {alert}', '        exp_alerts:']
        fired = c['fire'].get(alert, [])
        if not fired:
            y[-1] += ' []'
        for check in fired:
            labels = {'instance': 'vm1'}
            if check:
                labels.update(check=check, status='fail')
            labels.update(r.get('labels', {}))
            y += ['          - exp_labels:']
            y += [f'              {k}: {yq(v)}' for k, v in sorted(labels.items())]
            y += ['            exp_annotations:']
            y += [f'              {k}: {yq(render(v, labels))}'
                  for k, v in sorted(r.get('annotations', {}).items())]
open(out, 'w').write('\n'.join(y) + '\n')
PY
tf=$TMP/textfile
cat > "$TMP/cases.json" <<EOF
[{"prom": "$tf/healthy.prom", "fire": {}},
 {"prom": "$tf/comm.prom", "fire": {"HvdiagDriverErrors": ["driver.errors"]}},
 {"prom": "$tf/noreset.prom", "fire": {"HvdiagDriverErrors": ["driver.init.sequence"]}},
 {"prom": "$tf/novf.prom", "fire": {"HvdiagVFMissing": ["pci.vf.present"],
   "HvdiagDriverErrors": ["driver.init.sequence"]}},
 {"prom": "$tf/bar.prom", "fire": {"HvdiagCheckFailing": ["pci.vf.bars", "pci.vf.msix"]}},
 {"prom": "$tf/healthy.prom", "stamp": "0x180", "fire": {"HvdiagMetricsStale": [""]}},
 {"prom": "$tf/healthy.prom", "stamp": "0+60x180", "fire": {}}]
EOF
python3 "$TMP/rules_test.py" "$DOCS/alerts.yml" "$TMP/rules_test.yml" "$(cat "$TMP/cases.json")" > "$TMP/py" 2>&1
r=$?; ok "alert rule tests written from the metrics" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/py"
if command -v promtool >/dev/null; then
	promtool check rules "$DOCS/alerts.yml" > "$TMP/lint" 2>&1
	r=$?; ok "promtool check rules docs/alerts.yml" $r
	[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/lint"
	promtool test rules "$TMP/rules_test.yml" > "$TMP/lint" 2>&1
	r=$?; ok "alerts fire on exactly the failing runs and stale metrics" $r
	[ $r -eq 0 ] || { sed 's/^/#   /' "$TMP/lint" | head -60; }
else
	for what in "check rules" "test rules"; do
		echo "ok $((T_N += 1)) - promtool $what # SKIP promtool not installed (Debian package prometheus)"
	done
fi

done_testing
