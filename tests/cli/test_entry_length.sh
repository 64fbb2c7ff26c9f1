#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Command entries stay under 40 lines (tests/layers/check-entry-length.sh):
# the tree keeps it, and the checker catches an entry grown too long on a
# scratch copy.
set -u
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
chk=$top/tests/layers/check-entry-length.sh

expect_exit "the tree's entries are short" 0 bash "$chk" "$top"

copy() {
	rm -rf "$TMP/t"
	mkdir -p "$TMP/t/tools"
	cp -r "$top/tools/cmd" "$TMP/t/tools/"
}
# pad FILE FN N: N statements more at the top of FN's body
pad() {
	awk -v fn="$2" -v n="$3" '
		{ print }
		$0 ~ "^[a-z].*[ *]" fn "\\(" && !/;$/ { in_fn = 1 }
		in_fn && /^{/ { for (i = 0; i < n; i++) print "\t(void)0;"; in_fn = 0 }' \
		"$1" > "$1.new" && mv "$1.new" "$1"
}

# a run function of the frame grown past the limit
copy
pad "$TMP/t/tools/cmd/ktap.c" ktap_run 30
expect_exit "a long .run: refused" 1 bash "$chk" "$TMP/t"
has "a long .run: named with its length" \
	'^tools/cmd/ktap.c:[0-9]+: ktap_run is [0-9]+ lines \(under 40 wanted\)$' "$TMP/out"

# one line short of the limit passes, the limit itself does not
copy
n=$(awk '/^static int ktap_run\(/ { s = NR } s && /^}/ { print NR - s + 1; exit }' "$top/tools/cmd/ktap.c")
pad "$TMP/t/tools/cmd/ktap.c" ktap_run $((39 - n))
expect_exit "39 lines: kept" 0 bash "$chk" "$TMP/t"
pad "$TMP/t/tools/cmd/ktap.c" ktap_run 1
expect_exit "40 lines: refused" 1 bash "$chk" "$TMP/t"
has "40 lines: said" 'ktap_run is 40 lines' "$TMP/out"

# a cmd_*_main beside the descriptor is judged too
copy
cat > "$TMP/t/tools/cmd/zz.c" <<'C'
int cmd_zz_main(int argc, char **argv)
{
C
for i in $(seq 60); do echo "	argc++;" >> "$TMP/t/tools/cmd/zz.c"; done
printf '\treturn argc;\n}\n\nconst struct command cmd_zz = {\n\t.name = "zz",\n\t.run = zz_run,\n};\n' >> "$TMP/t/tools/cmd/zz.c"
printf 'static int zz_run(void *o, char **a, int n, struct cmd_env *e)\n{\n\treturn 0;\n}\n' >> "$TMP/t/tools/cmd/zz.c"
expect_exit "a long cmd_*_main left beside a .run: refused" 1 bash "$chk" "$TMP/t"
has "a long cmd_*_main: named" '^tools/cmd/zz.c:1: cmd_zz_main is 64 lines' "$TMP/out"

# a .run that names nothing defined in its file
copy
sed -i 's/\.run = ktap_run/.run = ktap_gone/' "$TMP/t/tools/cmd/ktap.c"
expect_exit "a .run naming nothing: exit 2" 2 bash "$chk" "$TMP/t"
has "a .run naming nothing: said" "ktap.c: .run names 'ktap_gone', not defined here" "$TMP/err"

done_testing
