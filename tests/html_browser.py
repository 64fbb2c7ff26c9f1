#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# html_browser.py CHROMIUM OUTDIR NAME=PAGE.html...: load each page in one
# headless Chromium, driven over the DevTools protocol on a pipe (no
# network port, no downloads), and print one line per page:
#   NAME errors=N chain=W,H,INK,R,G timeline=W,H,INK,R,G shot=FILE
# errors: console errors, exceptions and log errors while loading; INK: the
# share of pixels (per mille) that are not background in the element's own
# screenshot; R, G: per mille of strongly red and strongly green pixels
# there. A full-page PNG of each page is kept in OUTDIR, and NAME-top.png,
# the page down to its timeline. An element the page
# lacks is "-". PNGs are decoded here (zlib, the five filters).
import base64
import fcntl
import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib


def png_pixels(data):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB(A) PNG."""
    assert data[:8] == b'\x89PNG\r\n\x1a\n', 'not a PNG'
    pos, idat, w = 8, b'', 0
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b'IHDR':
            w, h, depth, ctype = struct.unpack('>IIBB', body[:10])
            assert depth == 8 and ctype in (2, 6), f'PNG depth {depth} type {ctype}'
            bpp = 3 if ctype == 2 else 4
        elif kind == b'IDAT':
            idat += body
        elif kind == b'IEND':
            break
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * bpp:x * bpp + 3]) for x in range(w)])
        prev = line
    return w, h, rows


def ink(png):
    w, h, rows = png_pixels(png)
    n = w * h or 1
    inked = red = green = 0
    for row in rows:
        for r, g, b in row:
            if r < 235 or g < 235 or b < 235:
                inked += 1
            if r > 150 and g < 90 and b < 90:
                red += 1
            if g > 100 and r < 90 and b < 90:
                green += 1
    return f'{w},{h},{inked * 1000 // n},{red * 1000 // n},{green * 1000 // n}'


class Cdp:
    def __init__(self, chromium, profile):
        r_in, self.w = os.pipe()     # we write commands on fd 3 of the browser
        self.r, w_out = os.pipe()    # it answers on fd 4
        os.set_inheritable(r_in, True)
        os.set_inheritable(w_out, True)
        args = [chromium, '--headless', '--remote-debugging-pipe', '--no-sandbox',
                '--disable-gpu', '--no-first-run', '--hide-scrollbars',
                '--disable-extensions', '--disable-background-networking',
                f'--user-data-dir={profile}', 'about:blank']

        def fds():
            # out of the way first: either end may be fd 3 or 4 already
            a = fcntl.fcntl(r_in, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(w_out, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)
        # fds 3 and 4 are kept: the child closes the rest after fds()
        self.p = subprocess.Popen(args, pass_fds=(r_in, w_out, 3, 4), preexec_fn=fds,
                                  stdout=subprocess.DEVNULL, stderr=open(os.path.join(profile, "stderr"), "w") if os.environ.get("CDP_DEBUG") is None else None,
                                  close_fds=True)
        os.close(r_in)
        os.close(w_out)
        self.buf, self.n, self.events = b'', 0, []

    def send(self, method, params=None, session=None):
        self.n += 1
        msg = {'id': self.n, 'method': method, 'params': params or {}}
        if session:
            msg['sessionId'] = session
        os.write(self.w, json.dumps(msg).encode() + b'\0')
        want = self.n
        while True:
            m = self.read()
            if m.get('id') == want:
                if 'error' in m:
                    raise RuntimeError(f'{method}: {m["error"]}')
                return m.get('result', {})
            self.events.append(m)

    def read(self):
        while b'\0' not in self.buf:
            chunk = os.read(self.r, 1 << 20)
            if not chunk:
                raise RuntimeError('the browser closed its pipe')
            self.buf += chunk
        msg, self.buf = self.buf.split(b'\0', 1)
        return json.loads(msg)

    def wait(self, method):
        while True:
            for i, m in enumerate(self.events):
                if m.get('method') == method:
                    del self.events[i]
                    return m
            self.events.append(self.read())

    def close(self):
        try:
            self.send('Browser.close')
        except (RuntimeError, OSError):
            pass
        try:
            self.p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()


RECT = """JSON.stringify(['chain', 'timeline'].map(function (id) {
    var e = document.getElementById(id); if (!e) return null;
    var r = e.getBoundingClientRect();
    return [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height]; }).concat(
    [document.documentElement.scrollHeight]))"""


def errors_of(events):
    n = 0
    for m in events:
        meth, p = m.get('method'), m.get('params', {})
        if meth == 'Runtime.exceptionThrown':
            n += 1
        elif meth == 'Runtime.consoleAPICalled' and p.get('type') in ('error', 'assert'):
            n += 1
        elif meth == 'Log.entryAdded' and p.get('entry', {}).get('level') == 'error':
            n += 1
    return n


def main():
    chromium, outdir, pages = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(outdir, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile:
        cdp = Cdp(chromium, profile)
        try:
            tid = cdp.send('Target.createTarget', {'url': 'about:blank'})['targetId']
            s = cdp.send('Target.attachToTarget', {'targetId': tid, 'flatten': True})['sessionId']
            for dom in ('Page', 'Runtime', 'Log'):
                cdp.send(dom + '.enable', session=s)
            cdp.send('Emulation.setDeviceMetricsOverride',
                     {'width': 1200, 'height': 900, 'deviceScaleFactor': 1, 'mobile': False}, session=s)
            for spec in pages:
                name, path = spec.split('=', 1)
                cdp.events = []
                cdp.send('Page.navigate', {'url': 'file://' + os.path.abspath(path)}, session=s)
                cdp.wait('Page.loadEventFired')
                rects = json.loads(cdp.send('Runtime.evaluate', {'expression': RECT, 'returnByValue': True},
                                            session=s)['result']['value'])
                height = int(rects[-1])
                shot = cdp.send('Page.captureScreenshot',
                                {'format': 'png', 'captureBeyondViewport': True,
                                 'clip': {'x': 0, 'y': 0, 'width': 1200, 'height': height, 'scale': 1}},
                                session=s)
                full = os.path.join(outdir, name + '.png')
                with open(full, 'wb') as f:
                    f.write(base64.b64decode(shot['data']))
                # the page down to the end of its timeline, for a README
                if rects[1]:
                    bottom = rects[1][1] + rects[1][3] + 16
                    top = cdp.send('Page.captureScreenshot',
                                   {'format': 'png', 'captureBeyondViewport': True,
                                    'clip': {'x': 0, 'y': 0, 'width': 1200, 'height': bottom, 'scale': 1}},
                                   session=s)
                    with open(os.path.join(outdir, name + '-top.png'), 'wb') as f:
                        f.write(base64.b64decode(top['data']))
                part = []
                for which, r in zip(('chain', 'timeline'), rects[:2]):
                    if not r:
                        part.append(f'{which}=-')
                        continue
                    png = base64.b64decode(cdp.send('Page.captureScreenshot', {
                        'format': 'png', 'captureBeyondViewport': True,
                        'clip': {'x': r[0], 'y': r[1], 'width': r[2], 'height': r[3], 'scale': 1}},
                        session=s)['data'])
                    with open(os.path.join(outdir, f'{name}-{which}.png'), 'wb') as f:
                        f.write(png)
                    part.append(f'{which}={ink(png)}')
                print(f'{name} errors={errors_of(cdp.events)} {" ".join(part)} shot={full}', flush=True)
        finally:
            cdp.close()
    return 0


if __name__ == '__main__':
    sys.exit(main())
