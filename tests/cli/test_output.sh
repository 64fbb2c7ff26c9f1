#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# -o FILE: a regular file (or a new path) is replaced atomically through a
# temporary nobody can predict, keeping its mode; a device, a FIFO or a
# link to our own stdout is written as it is and never replaced; a
# directory, a dangling link or a missing directory is an error (exit 2).
# Device nodes and stdout links are made in the scratch directory first,
# so a regression shows there and never damages the machine's /dev.
set -u
. "$(dirname "$0")/../lib.sh"
SEED=$FIX/seed
chk() {		# chk OUT [ARGS...]: check the seed bundle into OUT
	o=$1
	shift
	"$HV" check --root "$SEED" -o "$o" "$@"
}

# A new path: created, mode from the umask as for any new file.
(umask 027; chk "$TMP/new.txt") > "$TMP/out" 2> "$TMP/err"
ok "new path: exit 0" $?
has "new path: the report" "passed, 0 failed" "$TMP/new.txt"
m=$(stat -c %a "$TMP/new.txt")
[ "$m" = 640 ]
ok "new path: mode 0666 less the umask 027 (got $m)" $?
[ ! -s "$TMP/out" ]
ok "new path: nothing on stdout" $?

# An existing regular file keeps its mode.
echo old > "$TMP/keep.txt"
chmod 600 "$TMP/keep.txt"
(umask 022; chk "$TMP/keep.txt") > /dev/null 2>&1
ok "regular file: exit 0" $?
has "regular file: replaced by the report" "passed, 0 failed" "$TMP/keep.txt"
m=$(stat -c %a "$TMP/keep.txt")
[ "$m" = 600 ]
ok "regular file: mode 0600 kept (got $m)" $?
stray=$(ls -A "$TMP" | grep -v '^\(new\.txt\|keep\.txt\|out\|err\)$')
[ -z "$stray" ]
ok "no temporary left behind${stray:+ ($stray)}" $?

# A symlink planted at the old predictable temporary name (OUT.tmp.PID:
# the shell's pid is the one exec hands to hvdiag) is neither followed
# nor consumed.
mkdir "$TMP/plant"
echo precious > "$TMP/plant/victim"
bash -c 'ln -s "$1" "$2.tmp.$$" && exec "$3" check --root "$4" -o "$2"' \
	sh "$TMP/plant/victim" "$TMP/plant/report.txt" "$HV" "$SEED" > /dev/null 2>&1
ok "planted temporary: exit 0" $?
[ "$(cat "$TMP/plant/victim")" = precious ]
ok "planted temporary: the link's target is untouched" $?
[ -f "$TMP/plant/report.txt" ] && [ ! -L "$TMP/plant/report.txt" ]
ok "planted temporary: the report is a regular file, not the link" $?
has "planted temporary: the report is there" "passed, 0 failed" "$TMP/plant/report.txt"

# A character device is written, not replaced: a private /dev/null, then
# (only once that held) the machine's own.
if [ "$(id -u)" = 0 ] && mknod "$TMP/null" c 1 3 2>/dev/null; then
	expect_exit "private null device: exit 0" 0 chk "$TMP/null"
	[ -c "$TMP/null" ]
	r=$?
	ok "private null device: still a character device" $r
	if [ $r -eq 0 ]; then
		expect_exit "/dev/null: exit 0" 0 chk /dev/null
		[ -c /dev/null ]
		ok "/dev/null: still a character device" $?
	fi
	mknod "$TMP/full" c 1 7
	expect_exit "a full device: a write error is exit 2" 2 chk "$TMP/full"
	has "full device: said" "cannot write '.*full': No space left on device" "$TMP/err"
	[ -c "$TMP/full" ]
	ok "full device: still a character device" $?
else
	echo "ok $((T_N += 1)) - device nodes # SKIP not root, or mknod refused here"
fi

# A link to our own stdout (what /dev/stdout is): the report comes out on
# stdout, whether stdout is a file or a pipe, and the link stays.
ln -s /proc/self/fd/1 "$TMP/stdout"
chk "$TMP/stdout" > "$TMP/so.txt" 2> "$TMP/err"
ok "stdout link to a file: exit 0" $?
has "stdout link to a file: the report is on stdout" "passed, 0 failed" "$TMP/so.txt"
[ -L "$TMP/stdout" ]
r=$?
ok "stdout link: still a link" $r
echo "first line" > "$TMP/append.txt"
chk "$TMP/stdout" >> "$TMP/append.txt" 2> "$TMP/err"
ok "stdout link appended: exit 0" $?
[ "$(head -1 "$TMP/append.txt")" = "first line" ] && grep -q "passed, 0 failed" "$TMP/append.txt"
ok "stdout link appended: what was there stays, the report follows" $?
chk "$TMP/stdout" 2> "$TMP/err" | cat > "$TMP/pipe.txt"
has "stdout link to a pipe: the report comes through" "passed, 0 failed" "$TMP/pipe.txt"
if [ $r -eq 0 ]; then
	chk /dev/stdout > "$TMP/so2.txt" 2> "$TMP/err"
	ok "/dev/stdout: exit 0" $?
	has "/dev/stdout: the report is on stdout" "passed, 0 failed" "$TMP/so2.txt"
	[ -L /dev/stdout ]
	ok "/dev/stdout: still a link" $?
fi

# A FIFO: the reader gets the report; the FIFO stays a FIFO.
mkfifo "$TMP/fifo"
timeout 20 cat "$TMP/fifo" > "$TMP/fifo.txt" &
reader=$!
timeout 20 "$HV" check --root "$SEED" --format json -o "$TMP/fifo" > /dev/null 2>&1
ok "fifo: exit 0" $?
wait "$reader"
ok "fifo: the reader finished" $?
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/fifo.txt" 2>/dev/null
ok "fifo: the reader got the whole JSON report" $?
[ -p "$TMP/fifo" ]
ok "fifo: still a FIFO" $?

# Errors: exit 2, the path named, nothing created.
expect_exit "missing directory: exit 2" 2 chk "$TMP/nodir/sub/report.txt"
has "missing directory: said" "cannot write '.*nodir/sub/report.txt': No such file or directory" "$TMP/err"
[ ! -e "$TMP/nodir" ]
ok "missing directory: nothing created" $?
mkdir "$TMP/adir"
expect_exit "a directory: exit 2" 2 chk "$TMP/adir"
has "a directory: said" "cannot write '.*adir': Is a directory" "$TMP/err"
[ -z "$(ls -A "$TMP/adir")" ]
ok "a directory: left empty" $?
mkdir "$TMP/dl"
ln -s "$TMP/dl/nowhere" "$TMP/dl/link"
expect_exit "a dangling link: exit 2" 2 chk "$TMP/dl/link"
has "a dangling link: said" "cannot write '.*dl/link': .*dangling" "$TMP/err"
[ -L "$TMP/dl/link" ] && [ ! -e "$TMP/dl/nowhere" ] && [ "$(ls -A "$TMP/dl")" = link ]
ok "a dangling link: the link stays, nothing created" $?

# A write error while replacing a regular file (the file size limit):
# the old file stays whole and the temporary is removed.
mkdir "$TMP/lim"
echo old > "$TMP/lim/r.json"
bash -c 'trap "" XFSZ; ulimit -f 1; exec "$1" check --root "$2" --format json -v -o "$3"' \
	sh "$HV" "$SEED" "$TMP/lim/r.json" > /dev/null 2> "$TMP/err"
[ $? -eq 2 ]
ok "write error: exit 2" $?
has "write error: said" "cannot write '.*r.json'" "$TMP/err"
[ "$(cat "$TMP/lim/r.json")" = old ] && [ "$(ls -A "$TMP/lim")" = r.json ]
ok "write error: the old file stays, no temporary left" $?

# ktap honours -o in every format, text too.
printf 'KTAP version 1\n1..2\nok 1 a\nnot ok 2 b\n' > "$TMP/k.ktap"
"$HV" ktap "$TMP/k.ktap" -o "$TMP/k.txt" > "$TMP/out" 2>&1
[ $? -eq 1 ]
ok "ktap text -o: exit 1 for the failure" $?
has "ktap text -o: the totals are in the file" "^ktap: 1 passed, 1 failed, 0 skipped" "$TMP/k.txt"
[ ! -s "$TMP/out" ]
ok "ktap text -o: nothing on stdout" $?
done_testing
