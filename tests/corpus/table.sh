#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The cases table of tests/corpus/README.md against the cases themselves:
# one row per case folder and no other, and each row's family, verdict and
# checks columns as the case's `expected` file says (checks: its `check ID
# STATUS` lines, in order, "; "-separated). Exit 0 when in sync.
#   table.sh        check, print what differs
#   table.sh --fix  rewrite the checks column from the expected files
here=$(cd "$(dirname "$0")" && pwd)
readme=$here/README.md
fix=0
[ "${1:-}" = --fix ] && fix=1

# want CASE: "family|verdict|checks" from its expected file
want() {
	sed 's/#.*//' "$here/$1/expected" | awk '
		$1 == "verdict" { v = $2 }
		$1 == "family" { f = $2 }
		$1 == "check" { c = c (c == "" ? "" : "; ") $2 " " $3 }
		END { printf "%s|%s|%s\n", (f == "" ? "none" : f), v, (c == "" ? "-" : c) }'
}

if [ "$fix" = 1 ]; then
	tmp=$(mktemp)
	while IFS= read -r line; do
		case $line in
		"| "*" |"*)
			c=$(printf '%s\n' "$line" | awk -F' \\| ' '{ sub(/^\| /, "", $1); print $1 }')
			if [ -f "$here/$c/expected" ]; then
				checks=$(want "$c" | cut -d'|' -f3)
				line=$(printf '%s\n' "$line" | awk -F' \\| ' -v OFS=' | ' -v ck="$checks" '{ $6 = ck; print }')
			fi
			;;
		esac
		printf '%s\n' "$line"
	done < "$readme" > "$tmp"
	cat "$tmp" > "$readme"
	rm -f "$tmp"
fi

bad=0
n=0
rows=$(grep -E '^\| [a-z0-9]' "$readme" | grep -v '^| case |')
for d in "$here"/*/; do
	[ -f "$d/expected" ] || continue
	c=$(basename "$d")
	n=$((n + 1))
	row=$(printf '%s\n' "$rows" | grep -F "| $c |" | head -1)
	if [ -z "$row" ]; then
		echo "table: no row for case $c"
		bad=$((bad + 1))
		continue
	fi
	got=$(printf '%s\n' "$row" | awk -F' \\| ' '{ split($4, v, " "); print $2 "|" v[1] "|" $6 }')
	w=$(want "$c")
	if [ "$got" != "$w" ]; then
		echo "table: $c: row has family|verdict|checks '$got', expected file says '$w'"
		bad=$((bad + 1))
	fi
done
while IFS= read -r row; do
	c=$(printf '%s\n' "$row" | awk -F' \\| ' '{ sub(/^\| /, "", $1); print $1 }')
	[ -f "$here/$c/expected" ] || { echo "table: row for '$c', which is no case"; bad=$((bad + 1)); }
done <<< "$rows"
grep -q "^Counts: $n cases" "$readme" || { echo "table: the Counts line does not say $n cases"; bad=$((bad + 1)); }
[ "$bad" -eq 0 ] && echo "table: $n cases, README in sync"
[ "$bad" -eq 0 ]
