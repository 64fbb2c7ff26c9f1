#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A command's entry stays short (the issue's "one command frame"): the
# function a command descriptor's .run names, and any cmd_*_main left
# beside it, is under 40 lines from its first line to its closing brace.
# usage: check-entry-length.sh [TOP]   Prints one line per entry too long
# ("FILE:LINE: FUNCTION is N lines (under 40 wanted)") and exits 1 when
# there is one, 0 when none, 2 when a .run names no function of its file.
top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 2
MAX=40

# fn_length FILE FN: "LINE N" of FN's definition in FILE, nothing if none
fn_length() {
	awk -v fn="$2" '
		!start && $0 ~ "^[A-Za-z].*[ *]" fn "\\(" && $0 !~ /;[ \t]*$/ { start = NR }
		start && /^}/ { print start, NR - start + 1; exit }' "$1"
}

bad=0
for f in tools/cmd/*.c; do
	runs=$(sed -n 's/^[[:space:]]*\.run[[:space:]]*=[[:space:]]*\([A-Za-z_][A-Za-z0-9_]*\).*/\1/p' "$f")
	mains=$(sed -n 's/^[A-Za-z].*[ *]\(cmd_[A-Za-z0-9_]*_main\)(.*[^;]$/\1/p' "$f")
	for fn in $runs $mains; do
		read -r line n <<< "$(fn_length "$f" "$fn")"
		if [ -z "${n:-}" ]; then
			echo "$f: .run names '$fn', not defined here" >&2
			exit 2
		fi
		if [ "$n" -ge $MAX ]; then
			echo "$f:$line: $fn is $n lines (under $MAX wanted)"
			bad=1
		fi
	done
done
exit $bad
