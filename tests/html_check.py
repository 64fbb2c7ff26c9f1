#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# html_check.py PAGE.html REPORT.json: read a page of `hvdiag check --format
# html` with an HTML parser and its drawings with an XML parser, and compare
# it with the JSON report of the same run. Prints what is wrong and exits 1,
# or prints a one-line summary and exits 0.
# html_check.py --watch PAGE.html EVENTS.jsonl: a page of `hvdiag watch
# --root DIR --format html`, against `--format json` of the same replay.
import html.parser
import json
import re
import sys
import xml.etree.ElementTree as ET

VOID = {'meta', 'br', 'hr', 'img', 'input', 'link', 'wbr'}
# the elements the page may hold; anything else came from the input
ALLOWED = {'html', 'head', 'meta', 'title', 'style', 'body', 'div', 'h1', 'h2',
           'p', 'table', 'tr', 'th', 'td', 'code', 'ul', 'li', 'details',
           'summary', 'pre', 'b', 'i', 'span', 'script', 'br',
           'svg', 'g', 'rect', 'line', 'text'}
SVG = '{http://www.w3.org/2000/svg}'
SCRIPT = ("window.addEventListener('beforeprint',function(){"
          "document.querySelectorAll('details').forEach(function(d){d.open=true;});});\n")


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.scripts = [], [], []
        self.ids, self.results, self.rows = {}, [], 0
        self.in_results = self.cell = 0
        self.doctype = False
        self.text = []

    def handle_decl(self, decl):
        self.doctype = decl.lower() == 'doctype html'

    def handle_starttag(self, tag, attrs):
        self.start(tag, attrs)
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.start(tag, attrs)

    def start(self, tag, attrs):
        if tag not in ALLOWED:
            self.errors.append(f'element <{tag}> at {self.getpos()}')
        for k, v in attrs:
            if k.startswith('on') or (v and 'javascript:' in v.lower()):
                self.errors.append(f'attribute {k}={v!r} on <{tag}>')
            if k == 'id':
                self.ids[v] = tag
        a = dict(attrs)
        if tag == 'table' and a.get('id') == 'results':
            self.in_results = len(self.stack) + 1
        if self.in_results and tag == 'tr':
            self.results.append([])
        if self.in_results and tag in ('td', 'code', 'span') and self.results:
            self.cell = tag
        if tag == 'g' and a.get('class') == 'row':
            self.rows += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f'</{tag}> closes <{self.stack[-1] if self.stack else None}> at {self.getpos()}')
            return
        self.stack.pop()
        if tag == 'table' and self.in_results == len(self.stack) + 1:
            self.in_results = 0
        if tag in ('code', 'span'):
            self.cell = 0

    def handle_data(self, data):
        if self.stack and self.stack[-1] == 'script':
            self.scripts.append(data)
        self.text.append(data)
        if self.in_results and self.cell in ('code', 'span') and self.results:
            self.results[-1].append(data)


def main():
    watch = sys.argv[1] == '--watch'
    path, js = sys.argv[1 + watch], sys.argv[2 + watch]
    raw = open(path, 'rb').read()
    if watch:
        evs = [json.loads(x) for x in open(js) if x.strip()]
        rep = {'results': [], 'profiles': [],
               'summary': {'exit_code': 1 if any(e['verdict'] == 'fail' for e in evs) else 0}}
    else:
        rep = json.load(open(js))
    err = []
    try:
        s = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        print(f'{path}: not UTF-8: {e}')
        return 1
    bad = [c for c in s if (ord(c) < 0x20 and c not in '\n\t') or ord(c) == 0x7f]
    if bad:
        err.append(f'raw control characters: {bad[:5]!r}')
    if len(raw) >= 1 << 20:
        err.append(f'{len(raw)} bytes: not under 1 MiB')
    p = Page()
    p.feed(s)
    p.close()
    err += p.errors
    if not p.doctype:
        err.append('no <!DOCTYPE html>')
    if p.stack:
        err.append(f'elements left open: {p.stack}')
    if [x.strip() for x in p.scripts] != [SCRIPT.strip()]:
        err.append(f'scripts: {p.scripts!r}')
    # every drawing is well-formed SVG
    svgs = re.findall(r'<svg\b.*?</svg>', s, re.S)
    for k, frag in enumerate(svgs):
        try:
            root = ET.fromstring(frag)
        except ET.ParseError as e:
            err.append(f'svg {k}: {e}')
            continue
        if root.tag != SVG + 'svg':
            err.append(f'svg {k}: root {root.tag}')
        for el in root.iter():
            name = el.tag.replace(SVG, '')
            if name not in ALLOWED | {'style', 'title'}:
                err.append(f'svg {k}: element {name}')
    # the results: the same ids and statuses, in the same order
    got = [r for r in p.results if r]
    want = [[x['id'], x['status'].upper()] for x in rep['results']]
    if [r[:2] for r in got] != want:
        err.append(f'results {got[:3]}... differ from the JSON report {want[:3]}...')
    # one chain row at least per VF the report names
    vfs = {x['vf'] for x in rep.get('profiles', [])}
    if vfs and ('chain' not in p.ids or p.rows < len(vfs)):
        err.append(f'{p.rows} chain rows for {len(vfs)} VF(s)')
    if not vfs and 'chain' in p.ids:
        err.append('a chain drawn with no VF')
    head = ''.join(p.text)
    want_v = {0: 'PASS', 1: 'FAIL', 4: 'NOT APPLICABLE'}[rep['summary']['exit_code']]
    if watch:
        if 'results' in p.ids or 'chain' in p.ids:
            err.append('a replay page with results or a chain')
        m = re.search(r'a replay of the kernel log: (\d+) VF event', head)
        if not m or int(m.group(1)) != len(evs):
            err.append(f'{m and m.group(1)} events on the page, {len(evs)} in the JSON lines')
        want_v = 'FAIL' if want_v == 'FAIL' else 'PASS'
        head = head.replace('hvdiag watch:', 'hvdiag check:')
    if f'hvdiag check: {want_v}' not in head:
        err.append(f'verdict {want_v} not in the header')
    for e in err:
        print(f'{path}: {e}')
    if not err:
        print(f'{path}: {len(raw)} bytes, {len(svgs)} svg, {p.rows} chain rows, '
              f'{len(got)} results, timeline {"timeline" in p.ids}')
    return 1 if err else 0


if __name__ == '__main__':
    sys.exit(main())
