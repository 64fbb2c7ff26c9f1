#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvdiag tree --apply is all or nothing, and a MANIFEST that does not say
# what each entry is (or names a file that is not there) is refused with
# its line. The test builds its own small tree and series: 0001 creates
# b.c, 0002 edits it (so it needs 0001 first), 0003 edits a.c, and 0004 is
# a "referenced" patch taken from --patches.
set -u
. "$(dirname "$0")/../lib.sh"
K=$TMP/linux
S=$TMP/series
P=$TMP/refs
mkdir -p "$K" "$S" "$P"
printf 'VERSION = 3\nPATCHLEVEL = 10\nSUBLEVEL = 108\nEXTRAVERSION =\n' > "$K/Makefile"
printf 'one\ntwo\nthree\n' > "$K/a.c"
printf 'alpha\n' > "$K/c.c"
(cd "$K" && git init -q && git add -A && git -c user.name=t -c user.email=t@t commit -qm base)
clean() { [ -z "$(cd "$K" && git status --porcelain --ignored)" ]; }
reset() { (cd "$K" && git checkout -q -- . && git clean -qfdx); }

printf -- '--- /dev/null\n+++ b/b.c\n@@ -0,0 +1,3 @@\n+first\n+second\n+third\n' \
	> "$S/0001-add-b.patch"
printf -- '--- a/b.c\n+++ b/b.c\n@@ -1,3 +1,3 @@\n first\n-second\n+SECOND\n third\n' \
	> "$S/0002-edit-b.patch"
printf -- '--- a/a.c\n+++ b/a.c\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n' \
	> "$S/0003-edit-a.patch"
printf -- '--- a/c.c\n+++ b/c.c\n@@ -1 +1 @@\n-alpha\n+ALPHA\n' > "$P/0004-ref.patch"
sum() { sha256sum "$1" | cut -d' ' -f1; }
manifest() {	# the good MANIFEST
	for n in 0001-add-b 0002-edit-b 0003-edit-a; do
		printf 'entry      %s.patch\norigin     ours\nsha256     %s\npurpose    step %s\n' \
			"$n" "$(sum "$S/$n.patch")" "$n"
		# 0001 no longer reverses once 0002 changed b.c: known by content
		[ $n = 0001-add-b ] && printf 'applied-if file b.c\n'
		printf '\n'
	done
	printf 'entry      0004-ref.patch\norigin     ref stand-in\nsha256     %s\npurpose    a referenced one\n' \
		"$(sum "$P/0004-ref.patch")"
}
manifest > "$S/MANIFEST"

# --- all or nothing ---
sed -i 's/^two$/deux/' "$K/a.c"
(cd "$K" && git -c user.name=t -c user.email=t@t commit -qam "0003 cannot apply")
expect_exit "a conflict at the third entry: exit 1" 1 "$HV" tree "$K" --series "$S" --patches "$P" --apply
has "the conflict is named" "'0003-edit-a.patch' does not apply" "$TMP/err"
has "what was done is said" "nothing applied: 2 entries before it taken back" "$TMP/err"
clean
ok "the tree is as it was: no b.c, no .orig, no .rej" $?
[ ! -e "$K/b.c" ]
ok "the first two entries were taken back" $?

# an entry already in the tree before the run stays in
(cd "$K" && patch -p1 -s < "$S/0001-add-b.patch" && git add b.c &&
 git -c user.name=t -c user.email=t@t commit -qm "0001 by hand")
expect_exit "conflict with 0001 already in: exit 1" 1 "$HV" tree "$K" --series "$S" --patches "$P" --apply
has "one entry taken back" "nothing applied: 1 entry before it taken back" "$TMP/err"
clean
ok "0001 (there before) stays, 0002 is taken back" $?
(cd "$K" && git reset -q --hard HEAD~2)

# --- relative --series and --patches, from another directory ---
clean
ok "back to the base tree" $?
(cd "$TMP" && "$HV" tree linux --series series --patches refs) > "$TMP/out" 2> "$TMP/err"
ok "relative paths: the report runs" $?
[ "$(grep -c '^  applicable  ' "$TMP/out")" -eq 3 ]
ok "relative paths: three entries applicable by dry run" $?
has "relative paths: 0002 applicable once 0001 is in, not a conflict" \
	"^  applicable in series +0002-edit-b.patch" "$TMP/out"
(cd "$TMP" && "$HV" tree linux --series ./series --patches refs/ --apply) > "$TMP/out" 2> "$TMP/err"
ok "relative paths: --apply succeeds" $?
[ "$(grep -c '^applied ' "$TMP/out")" -eq 4 ]
ok "relative paths: four applied" $?
grep -q '^SECOND$' "$K/b.c" && grep -q '^TWO$' "$K/a.c" && grep -q '^ALPHA$' "$K/c.c"
ok "relative paths: every change is in" $?
[ -z "$(cd "$K" && git status --porcelain --ignored | grep -v '^?? b.c$' | grep -v '^ M [ac].c$')" ]
ok "relative paths: no .orig or .rej left" $?
expect_exit "apply again: a no-op" 0 "$HV" tree "$K" --series "$S" --patches "$P" --apply
[ "$(grep -c '^already applied' "$TMP/out")" -eq 4 ]
ok "apply again: all already applied" $?
reset

# --- missing inputs ---
expect_exit "--apply without --patches for a referenced entry: exit 2" 2 \
	"$HV" tree "$K" --series "$S" --apply
has "named" "'0004-ref.patch' is a referenced patch: give the directory" "$TMP/err"
clean
ok "nothing applied" $?
mkdir "$TMP/norefs"
expect_exit "--patches without the file: exit 2" 2 "$HV" tree "$K" --series "$S" --patches "$TMP/norefs" --apply
has "named" "cannot read '.*norefs/0004-ref.patch'" "$TMP/err"
expect_exit "--patches that does not exist: exit 2" 2 "$HV" tree "$K" --series "$S" --patches "$TMP/nowhere"
expect_exit "--series that does not exist: exit 2" 2 "$HV" tree "$K" --series "$TMP/nowhere"

# --- malformed MANIFEST: exit 2, the line named, the tree untouched ---
# bad DESC WANT-REGEX SED-SCRIPT: the good MANIFEST edited
bad() {
	manifest | sed "$3" > "$S/MANIFEST"
	for a in "" --apply; do
		expect_exit "$1${a:+ (--apply)}: exit 2" 2 "$HV" tree "$K" --series "$S" --patches "$P" $a
		has "$1${a:+ (--apply)}: said" "$2" "$TMP/err"
	done
	clean
	ok "$1: the tree untouched" $?
}
bad "an entry without sha256" "MANIFEST:7: entry '0002-edit-b.patch' has no sha256 line" '/^sha256 .*/{x;s/^/x/;/^xx$/{x;d};x}'
bad "an entry without purpose" "MANIFEST:12: entry '0003-edit-a.patch' has no purpose line" '/^purpose    step 0003/d'
bad "the last entry without purpose" "MANIFEST:17: entry '0004-ref.patch' has no purpose line" '/^purpose    a referenced/d'
bad "an entry without origin" "MANIFEST:1: entry '0001-add-b.patch' has no origin line" '2d'
bad "an entry without a file name" "MANIFEST:7: entry needs a file name" 's/^entry      0002-edit-b.patch$/entry/'
bad "an unknown key" "MANIFEST:4: unknown key 'purpsoe'" '4s/^purpose/purpsoe/'
bad "a sha256 that is not hex" "MANIFEST:3: sha256 needs 64 hex digits" '3s/^sha256     ./sha256     z/'
bad "a second sha256" "MANIFEST:4: a second 'sha256'" '3p'
bad "an entry of ours whose file is missing" "MANIFEST:12: entry '0003-missing.patch' is ours but '.*0003-missing.patch' is missing" \
	's/0003-edit-a.patch/0003-missing.patch/'
bad "a file name with a slash" "MANIFEST:1: entry needs a file name in the series directory" \
	's|^entry      0001-add-b.patch|entry      ../0001-add-b.patch|'
bad "a file listed twice" "MANIFEST:7: '0001-add-b.patch' is listed twice" 's/0002-edit-b.patch/0001-add-b.patch/'
manifest > "$S/MANIFEST"
expect_exit "the good MANIFEST again" 0 "$HV" tree "$K" --series "$S" --patches "$P"
done_testing
