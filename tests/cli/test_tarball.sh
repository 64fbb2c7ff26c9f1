#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check --root FILE.tar.gz: the tarball collect writes (tar -czf OUT -C DIR .)
# checks as its directory does; hostile tarballs are refused with exit 2 and
# a message naming the entry; the private directory never outlives the run.
set -u
. "$(dirname "$0")/../lib.sh"
TO="timeout 60"
export TMPDIR=$TMP/tmpdir	# where the unpacked copies go: watched below
mkdir -p "$TMPDIR"

# left DESC: no unpacked copy is left behind
left() {
	[ -z "$(ls -A "$TMPDIR")" ]
	ok "$1: nothing left in TMPDIR" $?
}

# same_as_dir DESC DIR TARBALL ARGS...: identical JSON but for the root
same_as_dir() {
	local desc=$1 dir=$2 tgz=$3
	shift 3
	$TO "$HV" check --root "$dir" --format json -v "$@" > "$TMP/dir.json" 2>/dev/null
	echo "exit $?" >> "$TMP/dir.json"
	$TO "$HV" check --root "$tgz" --format json -v "$@" > "$TMP/tgz.json" 2>"$TMP/err"
	echo "exit $?" >> "$TMP/tgz.json"
	grep -q "\"root\": \"$(cd "$(dirname "$tgz")" && pwd)/$(basename "$tgz")\"" "$TMP/tgz.json"
	ok "$desc: the report names the tarball as its root" $?
	sed -i "s|$(cd "$dir" && pwd)|ROOT|g" "$TMP/dir.json"
	sed -i "s|$(cd "$(dirname "$tgz")" && pwd)/$(basename "$tgz")|ROOT|g" "$TMP/tgz.json"
	diff "$TMP/dir.json" "$TMP/tgz.json" > "$TMP/diff"
	r=$?
	ok "$desc: the same report as the directory" $r
	[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/diff" | head -20
	left "$desc"
}

# refused DESC TARBALL PATTERN: exit 2, PATTERN on stderr, nothing left
refused() {
	expect_exit "$1: refused" 2 $TO "$HV" check --root "$2"
	has "$1: says why" "$3" "$TMP/err"
	left "$1"
}

# --- what collect writes ---
tar -czf "$TMP/seed.tar.gz" -C "$FIX/seed" .
same_as_dir "seed as .tar.gz" "$FIX/seed" "$TMP/seed.tar.gz"
grep -q '"exit_code": 0' "$TMP/tgz.json"; ok "seed .tar.gz passes" $?
cp "$TMP/seed.tar.gz" "$TMP/seed.tgz"
same_as_dir "seed as .tgz" "$FIX/seed" "$TMP/seed.tgz"
# sysfs symlinks and long paths (GNU long-name entries past 100 bytes)
tar -czf "$TMP/4nic.tar.gz" -C "$FIX/azure-4nic" .
tar -tvzf "$TMP/4nic.tar.gz" | grep -q '^l'; ok "the 4-NIC tarball holds symlinks" $?
same_as_dir "4-NIC sysfs as .tar.gz" "$FIX/azure-4nic" "$TMP/4nic.tar.gz" --profile mlx5
tar --format=pax -czf "$TMP/4nic-pax.tar.gz" -C "$FIX/azure-4nic" .
same_as_dir "pax format" "$FIX/azure-4nic" "$TMP/4nic-pax.tar.gz" --profile mlx5
tar --format=ustar -czf "$TMP/seed-ustar.tar.gz" -C "$FIX/seed" .
same_as_dir "plain ustar" "$FIX/seed" "$TMP/seed-ustar.tar.gz"
expect_exit "a directory named .tar.gz is a directory" 0 $TO "$HV" check --root "$(mkdir -p "$TMP/d.tar.gz" && cp -r "$FIX/seed/." "$TMP/d.tar.gz" && echo "$TMP/d.tar.gz")"

# --- hostile tarballs, made entry by entry ---
mk() {	# mk OUT.tar.gz PYTHON-STATEMENTS: add entries to tarfile t
	python3 - "$1" "$2" <<'PY'
import io, sys, tarfile
t = tarfile.open(sys.argv[1], "w:gz", format=tarfile.GNU_FORMAT)
def f(name, data=b"x\n", **kw):
    i = tarfile.TarInfo(name); i.size = len(data)
    for k, v in kw.items(): setattr(i, k, v)
    t.addfile(i, io.BytesIO(data))
exec(sys.argv[2])
t.close()
PY
}
mk "$TMP/dotdot.tar.gz" 'f("./dmesg.txt"); f("../escape")'
refused "a ../escape entry" "$TMP/dotdot.tar.gz" "cannot read '.*dotdot.tar.gz': entry '../escape': a '..' component"
[ ! -e "$TMP/escape" ] && [ ! -e "$TMPDIR/escape" ]; ok "../escape was not written" $?
mk "$TMP/deep.tar.gz" 'f("sys/../../escape")'
refused "a .. inside a path" "$TMP/deep.tar.gz" "entry 'sys/../../escape': a '..' component"
mk "$TMP/abs.tar.gz" 'f("/tmp/hvdiag-abs-entry")'
refused "an absolute path" "$TMP/abs.tar.gz" "entry '/tmp/hvdiag-abs-entry': an absolute path"
[ ! -e /tmp/hvdiag-abs-entry ]; ok "the absolute entry was not written" $?
mk "$TMP/etc.tar.gz" 'i = tarfile.TarInfo("sys"); i.type = tarfile.SYMTYPE; i.linkname = "/etc"; t.addfile(i)'
refused "a symlink to /etc" "$TMP/etc.tar.gz" "entry 'sys': a link to '/etc', outside the archive"
mk "$TMP/climb.tar.gz" 'i = tarfile.TarInfo("sys/x"); i.type = tarfile.SYMTYPE; i.linkname = "../../etc"; t.addfile(i)'
refused "a symlink climbing out" "$TMP/climb.tar.gz" "entry 'sys/x': a link to '../../etc', outside the archive"
mk "$TMP/through.tar.gz" 'i = tarfile.TarInfo("d"); i.type = tarfile.SYMTYPE; i.linkname = "."; t.addfile(i); f("d/dmesg.txt")'
refused "an entry written through a link" "$TMP/through.tar.gz" "entry 'd/dmesg.txt': goes through a link"
mk "$TMP/hard.tar.gz" 'f("a"); i = tarfile.TarInfo("b"); i.type = tarfile.LNKTYPE; i.linkname = "a"; t.addfile(i)'
refused "a hard link" "$TMP/hard.tar.gz" "entry 'b': a hard link"
mk "$TMP/fifo.tar.gz" 'i = tarfile.TarInfo("dmesg.txt"); i.type = tarfile.FIFOTYPE; t.addfile(i)'
refused "a FIFO entry" "$TMP/fifo.tar.gz" "entry 'dmesg.txt': a FIFO"
mk "$TMP/dev.tar.gz" 'i = tarfile.TarInfo("dmesg.txt"); i.type = tarfile.CHRTYPE; i.devmajor = 1; i.devminor = 5; t.addfile(i)'
refused "a device entry" "$TMP/dev.tar.gz" "entry 'dmesg.txt': a device node"
mk "$TMP/twice.tar.gz" 'f("dmesg.txt"); f("dmesg.txt")'
refused "an entry twice" "$TMP/twice.tar.gz" "entry 'dmesg.txt': appears twice"

# a header that claims 2 GiB, followed by a few bytes
python3 - "$TMP/claim.tar.gz" <<'PY'
import gzip, sys, tarfile
i = tarfile.TarInfo("dmesg.txt"); i.size = 2 << 30
gzip.open(sys.argv[1], "wb").write(i.tobuf(tarfile.GNU_FORMAT) + b"x" * 4096)
PY
refused "a 2 GiB entry claim" "$TMP/claim.tar.gz" "entry 'dmesg.txt' of 2147483648 bytes: the entries add up to more than 256 MiB, the limit"
truncate -s 2G "$TMP/sparse"
tar --sparse -czf "$TMP/sparse.tar.gz" -C "$TMP" sparse
rm -f "$TMP/sparse"
refused "a GNU sparse entry" "$TMP/sparse.tar.gz" "entry 'sparse': a sparse file"
# many entries: empty files f000000..f100000, headers patched from one
python3 - "$TMP/many.tar.gz" <<'PY'
import gzip, sys, tarfile
h = bytearray(tarfile.TarInfo("f000000").tobuf(tarfile.GNU_FORMAT))
base = sum(h[:148]) + sum(h[156:]) + 8 * 32 - sum(b"f000000")
out = []
for n in range(100001):
    name = b"f%06d" % n
    h[0:7] = name
    h[148:156] = b"%06o\0 " % (base + sum(name))
    out.append(bytes(h))
with gzip.open(sys.argv[1], "wb", compresslevel=1) as z:
    z.write(b"".join(out) + b"\0" * 1024)
PY
refused "100001 entries" "$TMP/many.tar.gz" "more than 100000 entries, the limit"
head -c 3000 "$TMP/seed.tar.gz" > "$TMP/cut.tar.gz"
refused "a truncated gzip" "$TMP/cut.tar.gz" "cannot read '.*cut.tar.gz': truncated"
gzip -dc "$TMP/seed.tar.gz" | head -c 10240 | gzip > "$TMP/noend.tar.gz"
refused "a tar without its end" "$TMP/noend.tar.gz" "truncated"
head -c 5000 /dev/urandom > "$TMP/junk.tar.gz"
refused "random bytes" "$TMP/junk.tar.gz" "cannot read '.*junk.tar.gz': "
mkfifo "$TMP/pipe.tar.gz"
refused "a FIFO named .tar.gz" "$TMP/pipe.tar.gz" "cannot read '.*pipe.tar.gz': not a regular file"
expect_exit "a missing tarball" 2 $TO "$HV" check --root "$TMP/none.tar.gz"
has "a missing tarball: says why" "cannot read '.*none.tar.gz': No such file" "$TMP/err"

# --- a signal mid-check removes the unpacked copy too ---
d=$(seed_copy big)
awk 'BEGIN { for (i = 0; i < 1500000; i++) printf "[%12.6f] systemd[1]: Started unit %d.\n", i / 1000.0, i }' >> "$d/dmesg.txt"
tar -czf "$TMP/big.tar.gz" -C "$d" .
HVDIAG_JOBS=1 "$HV" check --root "$TMP/big.tar.gz" > /dev/null 2>&1 &
pid=$!
for i in $(seq 1 200); do
	[ -n "$(ls -A "$TMPDIR")" ] && break
	sleep 0.05
done
kill -TERM $pid 2>/dev/null
wait $pid
rc=$?
[ $rc -eq 143 ] || [ $rc -eq 0 ]; ok "SIGTERM ends the check (exit $rc)" $?
left "SIGTERM mid-check"

done_testing
