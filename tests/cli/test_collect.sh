#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# collect: a private bundle (0700 directory, 0600 files, whatever the
# umask), whole files (a cap that is said, never silent), no overwrite
# without --force and an atomic replace with it. Runs against a recorded
# tree (--root) built from the azure-4nic fixture, and the live system for
# what does not need one.
set -u
. "$(dirname "$0")/../lib.sh"
TO="timeout 120"

modes_ok() {	# modes_ok DIR: prints what is not 0700/0600
	stat -c '%a %n' "$1"
	find "$1" -mindepth 1 -type d ! -perm 0700 -printf 'dir %m %p\n'
	find "$1" -type f ! -perm 0600 -printf 'file %m %p\n'
}

# --- a recorded tree: the 4-NIC fixture and a 1 MiB /proc/interrupts ---
R=$TMP/root
cp -r "$FIX/azure-4nic" "$R"
mkdir -p "$R/proc"
awk 'BEGIN {
	printf "           "; for (c = 0; c < 64; c++) printf "CPU%-8d", c; printf "\n"
	for (i = 24; n < 1048576; i++) {
		l = sprintf("%4d: ", i)
		for (c = 0; c < 64; c++) l = l sprintf("%10d ", (i * 7919 + c * 104729) % 99991)
		l = l sprintf(" Hyper-V PCIe MSI %d-edge      mlx5_comp%d@pci:2f81:00:02.0", 1000 + i, i % 64)
		print l; n += length(l) + 1
	}
}' > "$R/proc/interrupts"
sz=$(stat -c %s "$R/proc/interrupts")
[ "$sz" -ge 1048576 ]; ok "the recorded /proc/interrupts is over 1 MiB ($sz bytes)" $?
printf 'mlx5_core 2076672 0 - Live 0x0000000000000000\n' > "$R/proc/modules"

# modes, under a wide and a narrow umask
(umask 000; $TO "$HV" collect --root "$R" -o "$TMP/b000") 2>"$TMP/err"
ok "collect --root writes a bundle under umask 000" $?
modes_ok "$TMP/b000" > "$TMP/modes"
[ "$(head -1 "$TMP/modes")" = "700 $TMP/b000" ] && [ "$(wc -l < "$TMP/modes")" -eq 1 ]
r=$?; ok "umask 000: directory 0700, every directory 0700, every file 0600" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/modes" | head
(umask 0277; $TO "$HV" collect --root "$R" -o "$TMP/b277") 2>"$TMP/err"
ok "collect under umask 0277 still fills its directories" $?
modes_ok "$TMP/b277" > "$TMP/modes"
[ "$(head -1 "$TMP/modes")" = "700 $TMP/b277" ] && [ "$(wc -l < "$TMP/modes")" -eq 1 ]
r=$?; ok "umask 0277: directory 0700, files 0600" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/modes" | head
[ -n "$(find "$TMP/b000" -type l | head -1)" ]
ok "sysfs links stay links" $?

cmp -s "$R/proc/interrupts" "$TMP/b000/proc/interrupts"
ok "a 1 MiB /proc/interrupts is copied whole" $?
cmp -s "$R/ip-addr.txt" "$TMP/b000/ip-addr.txt"
ok "a recorded ip-addr.txt is copied as it is" $?
! grep -q '^truncated' "$TMP/b000/MANIFEST"
ok "nothing noted as cut" $?
"$HV" check --root "$R" --format json > "$TMP/a.json" 2>/dev/null
"$HV" check --root "$TMP/b000" --format json > "$TMP/b.json" 2>/dev/null
cmp -s <(grep '"status"' "$TMP/a.json") <(grep '"status"' "$TMP/b.json")
ok "check reads the collected bundle as it reads the tree" $?

# the per-file cap: said on stderr and in MANIFEST, the head kept
truncate -s 65M "$R/proc/modules"
$TO "$HV" collect --root "$R" -o "$TMP/cut" 2>"$TMP/err"
ok "a 65 MiB file: collect still succeeds" $?
has "the cut is said on stderr" "proc/modules' is longer than 64 MiB" "$TMP/err"
has "the cut is noted in MANIFEST" "^truncated /proc/modules 67108864$" "$TMP/cut/MANIFEST"
[ "$(stat -c %s "$TMP/cut/proc/modules")" -eq 67108864 ]
ok "the first 64 MiB are kept" $?
rm -rf "$TMP/cut"
printf 'mlx5_core 2076672 0 - Live 0x0000000000000000\n' > "$R/proc/modules"

# --- no overwrite without --force ---
mkdir -p "$TMP/mine" && echo keep > "$TMP/mine/notes"
expect_exit "-o an existing directory: refused" 2 "$HV" collect --root "$R" -o "$TMP/mine"
has "the refusal names --force" "'$TMP/mine' exists; give a new path, or --force" "$TMP/err"
[ "$(cat "$TMP/mine/notes")" = keep ]; ok "the existing directory is untouched" $?
expect_exit "--force over a directory that is not a bundle: refused" 2 \
	"$HV" collect --root "$R" -o "$TMP/mine" --force
has "says it is not a bundle" "is not a bundle or an empty directory" "$TMP/err"
[ "$(cat "$TMP/mine/notes")" = keep ]; ok "that directory is untouched" $?

echo old > "$TMP/b000/old-marker"
expect_exit "--force over a bundle" 0 "$HV" collect --root "$R" -o "$TMP/b000" --force
[ ! -e "$TMP/b000/old-marker" ] && [ -f "$TMP/b000/MANIFEST" ]
ok "the bundle is replaced whole" $?
[ "$(stat -c %a "$TMP/b000")" = 700 ]; ok "the replacement is 0700" $?

echo precious > "$TMP/x.tar.gz"
expect_exit "-o an existing .tar.gz: refused" 2 "$HV" collect --root "$R" -o "$TMP/x.tar.gz"
has "the refusal names the file" "'$TMP/x.tar.gz' exists" "$TMP/err"
[ "$(cat "$TMP/x.tar.gz")" = precious ]; ok "the existing file is untouched" $?
(umask 000; "$HV" collect --root "$R" -o "$TMP/x.tar.gz" --force) 2>"$TMP/err"
ok "--force over a .tar.gz" $?
mkdir "$TMP/xt" && tar -xzf "$TMP/x.tar.gz" -C "$TMP/xt" && cmp -s "$R/proc/interrupts" "$TMP/xt/proc/interrupts"
ok "the new tarball holds the bundle" $?
[ "$(stat -c %a "$TMP/x.tar.gz")" = 600 ]; ok "the tarball is 0600 under umask 000" $?
mkfifo "$TMP/f.tar.gz"
expect_exit "--force over a FIFO: refused" 2 $TO "$HV" collect --root "$R" -o "$TMP/f.tar.gz" --force
has "says it is not a regular file" "is not a regular file" "$TMP/err"
[ -p "$TMP/f.tar.gz" ]; ok "the FIFO is left" $?
expect_exit "--force over a device node: refused" 2 "$HV" collect --root "$R" -o /dev/null --force
[ -c /dev/null ]; ok "/dev/null is left" $?
"$HV" collect --root "$R" -o "$TMP/it's.tar.gz" 2>"$TMP/err"
ok "a quote in the tarball name" $?
[ -z "$(ls -a "$TMP" | grep '\.tmp\.')" ]; ok "no temporary left beside the outputs" $?

# a hostile tree: a FIFO and a link out are not followed, nothing hangs
mkdir -p "$TMP/hostile/proc" "$TMP/hostile/sys/class/net"
mkfifo "$TMP/hostile/proc/interrupts"
ln -s /etc/passwd "$TMP/hostile/proc/cmdline"
expect_exit "a FIFO and a link out in the tree" 0 $TO "$HV" collect --root "$TMP/hostile" -o "$TMP/hb"
has "the FIFO is said" "proc/interrupts' is not a regular file" "$TMP/err"
has "the link out is said" "proc/cmdline' leads out of the tree" "$TMP/err"
! grep -rq "root:" "$TMP/hb"; ok "nothing of /etc/passwd in the bundle" $?
expect_exit "--root that does not exist" 2 "$HV" collect --root "$TMP/nope" -o "$TMP/nb"
[ ! -e "$TMP/nb" ]; ok "no bundle for a missing root" $?

# --- the live system ---
(umask 000; $TO "$HV" collect -o "$TMP/live.tar.gz") 2>"$TMP/err"
ok "live collect to .tar.gz under umask 000" $?
[ "$(stat -c %a "$TMP/live.tar.gz")" = 600 ]; ok "live tarball 0600" $?
mkdir "$TMP/lt" && tar -xzf "$TMP/live.tar.gz" -C "$TMP/lt"
[ "$(find "$TMP/lt" -type f ! -perm 0600 | wc -l)" -eq 0 ]
ok "live bundle files 0600" $?
if [ -r /dev/kmsg ] || dmesg >/dev/null 2>&1; then
	[ "$(find "$TMP/lt" -name dmesg.txt -perm 0600 | wc -l)" -eq 1 ]
	ok "the kernel log is 0600" $?
fi
expect_exit "live: an existing .tar.gz is refused" 2 "$HV" collect -o "$TMP/live.tar.gz"

done_testing
