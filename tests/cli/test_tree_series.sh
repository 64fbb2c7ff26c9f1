#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvdiag tree judges the series as a whole: entry N against the tree with
# entries 1..N-1 applied (in a scratch copy of the files the series
# changes), never the tree itself. On the pristine 3.10.108 tree the old
# report called 0002-0006 conflicting because 0001 creates the files they
# edit. Here: 0001 creates b.c, 0002 edits it, 0003 edits a.c, 0004 edits
# the line 0003 changed (fine alone, not after 0003), 0005 is referenced.
set -u
. "$(dirname "$0")/../lib.sh"
K=$TMP/linux
S=$TMP/series
P=$TMP/refs
mkdir -p "$K/sub" "$S" "$P" "$TMP/scratch"
printf 'VERSION = 3\nPATCHLEVEL = 10\nSUBLEVEL = 108\nEXTRAVERSION =\n' > "$K/Makefile"
printf 'one\ntwo\nthree\n' > "$K/sub/a.c"
printf 'alpha\n' > "$K/c.c"
(cd "$K" && git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm base)
clean() { [ -z "$(cd "$K" && git status --porcelain --ignored)" ]; }

printf -- '--- /dev/null\n+++ b/sub/b.c\n@@ -0,0 +1,3 @@\n+first\n+second\n+third\n' \
	> "$S/0001-add-b.patch"
printf -- '--- a/sub/b.c\n+++ b/sub/b.c\n@@ -1,3 +1,3 @@\n first\n-second\n+SECOND\n third\n' \
	> "$S/0002-edit-b.patch"
printf -- '--- a/sub/a.c\n+++ b/sub/a.c\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n' \
	> "$S/0003-edit-a.patch"
printf -- '--- a/sub/a.c\n+++ b/sub/a.c\n@@ -1,3 +1,3 @@\n one\n-two\n+deux\n three\n' \
	> "$S/0004-edit-a-again.patch"
printf -- '--- a/c.c\n+++ b/c.c\n@@ -1 +1 @@\n-alpha\n+ALPHA\n' > "$P/0005-ref.patch"
sum() { sha256sum "$1" | cut -d' ' -f1; }
manifest() {	# manifest ENTRY...: a MANIFEST of these of ours, then 0005
	for n in "$@"; do
		printf 'entry      %s.patch\norigin     ours\nsha256     %s\npurpose    step %s\n\n' \
			"$n" "$(sum "$S/$n.patch")" "$n"
	done
	printf 'entry      0005-ref.patch\norigin     ref stand-in\nsha256     %s\npurpose    a referenced one\n' \
		"$(sum "$P/0005-ref.patch")"
}
manifest 0001-add-b 0002-edit-b 0003-edit-a > "$S/MANIFEST"

# --- the series on a pristine tree: every entry applicable in turn ---
TMPDIR=$TMP/scratch expect_exit "pristine tree: exit 0" 0 "$HV" tree "$K" --series "$S" --patches "$P"
has "0001 applicable" "^  applicable +0001-add-b.patch \(patch --dry-run\)" "$TMP/out"
has "0002 applicable in series, not a conflict" \
	"^  applicable in series +0002-edit-b.patch \(patch --dry-run after the entries before it\)" "$TMP/out"
has "0003 applicable" "^  applicable +0003-edit-a.patch" "$TMP/out"
has "0005 (referenced) applicable" "^  applicable +0005-ref.patch" "$TMP/out"
! grep -qE "conflicting|after earlier ones" "$TMP/out"
ok "no entry reported conflicting or waiting" $?
clean
ok "the tree itself untouched" $?
[ -z "$(ls -A "$TMP/scratch")" ]
ok "the scratch copy removed" $?

# relative KSRC, --series and --patches from another directory
(cd "$TMP" && "$HV" tree linux --series series --patches refs) > "$TMP/out" 2> "$TMP/err"
ok "relative paths: exit 0" $?
has "relative paths: 0002 applicable in series" "^  applicable in series +0002-edit-b.patch" "$TMP/out"

# make -C patches with relative paths, from the directory make starts in
# (make changes to patches/ first: they used to be looked for there)
TOP=$(cd "$(dirname "$0")/../.." && pwd)
(cd "$TMP" && make -s -C "$TOP/patches" status KSRC=linux SERIES=series BACKPORT=refs/0005-ref.patch \
	HVDIAG="$HV") > "$TMP/out" 2>&1
ok "make -C patches status, relative paths" $?
has "status: 0002 applicable in series" "^  applicable in series +0002-edit-b.patch" "$TMP/out"
(cd "$TMP" && make -s -C "$TOP/patches" apply KSRC=./linux SERIES=series BACKPORT=refs/0005-ref.patch \
	HVDIAG="$HV") > "$TMP/out" 2>&1
ok "make -C patches apply, relative paths" $?
[ "$(grep -c '^applied ' "$TMP/out")" -eq 4 ] && grep -q '^SECOND$' "$K/sub/b.c" && grep -q '^ALPHA$' "$K/c.c"
ok "apply: all four entries in the tree" $?
(cd "$K" && git checkout -q -- . && git clean -qfd)

# --- a conflict that only the series shows ---
manifest 0001-add-b 0002-edit-b 0003-edit-a 0004-edit-a-again > "$S/MANIFEST"
(cd "$K" && patch -p1 -s --dry-run < "$S/0004-edit-a-again.patch")
ok "0004 alone applies to the tree" $?
expect_exit "0004 after 0003: exit 1" 1 "$HV" tree "$K" --series "$S" --patches "$P"
has "0004 conflicting after the entries before it" \
	"^  conflicting +0004-edit-a-again.patch \(patch --dry-run after the entries before it\)" "$TMP/out"
has "0003 still applicable" "^  applicable +0003-edit-a.patch" "$TMP/out"
clean
ok "the tree untouched" $?
manifest 0001-add-b 0002-edit-b 0003-edit-a > "$S/MANIFEST"

# --- part of the series in the tree ---
(cd "$K" && patch -p1 -s < "$S/0001-add-b.patch")
expect_exit "0001 in the tree: exit 0" 0 "$HV" tree "$K" --series "$S" --patches "$P"
has "0001 applied" "^  applied +0001-add-b.patch" "$TMP/out"
has "0002 applicable on the tree itself" "^  applicable +0002-edit-b.patch \(patch --dry-run\)" "$TMP/out"
(cd "$K" && git clean -qfd)

# --- without the referenced file, what it might change cannot be judged ---
printf -- '--- a/c.c\n+++ b/c.c\n@@ -1 +1 @@\n-ALPHA\n+omega\n' > "$S/0006-after-ref.patch"
{ manifest 0001-add-b 0002-edit-b 0003-edit-a; printf '\n'
  printf 'entry      0006-after-ref.patch\norigin     ours\nsha256     %s\npurpose    needs 0005\n' \
	"$(sum "$S/0006-after-ref.patch")"; } > "$S/MANIFEST"
expect_exit "after the referenced entry, with it: exit 0" 0 "$HV" tree "$K" --series "$S" --patches "$P"
has "0006 applicable in series after 0005" "^  applicable in series +0006-after-ref.patch" "$TMP/out"
expect_exit "without the referenced file: exit 0" 0 "$HV" tree "$K" --series "$S"
has "0006 waits for 0005" "^  after earlier ones +0006-after-ref.patch \(needs 0005-ref.patch first\)" "$TMP/out"

# --- a scratch copy that cannot be made: said, and judged entry by entry ---
TMPDIR=$TMP/nowhere expect_exit "no scratch directory: still a report" 0 "$HV" tree "$K" --series "$S" --patches "$P"
has "the fallback is said" "^series: each entry judged on the tree alone \(no scratch copy: " "$TMP/out"
has "and 0002 waits for 0001" "^  after earlier ones +0002-edit-b.patch \(needs 0001-add-b.patch first\)" "$TMP/out"
done_testing
