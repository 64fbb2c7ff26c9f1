#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The one-way rule of docs/architecture.md: a file of a layer includes only
# its own layer's headers and those of the layers the rule lists for it.
# usage: check-includes.sh [TOP]   Prints one line per include against the
# rule ("FILE:LINE: LAYER -> LAYER (HEADER)") and exits 1 when there is
# one, 0 when none, 2 on a file it cannot place.
top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 2

# layer: the layers it may include besides itself
allowed() {
	case $1 in
	lib)		echo "" ;;
	base)		echo "lib" ;;
	model)		echo "base lib" ;;
	parse)		echo "model base lib" ;;
	profile)	echo "parse model base lib" ;;
	source)		echo "base lib" ;;
	collect)	echo "source profile parse model base lib" ;;
	checks)		echo "profile parse model base lib" ;;
	render)		echo "model base lib" ;;
	cmd)		echo "collect checks render source profile parse model base lib" ;;
	*)		return 1 ;;
	esac
}

bad=0
while IFS= read -r f; do
	case $f in
	lib/*)		layer=lib ;;
	tools/*/*)	layer=${f#tools/}; layer=${layer%%/*} ;;
	*)		echo "$f: not in a layer" >&2; exit 2 ;;
	esac
	ok=$(allowed "$layer") || { echo "$f: unknown layer '$layer'" >&2; exit 2; }
	while IFS=: read -r line hdr; do
		case $hdr in
		lib/*)	to=lib ;;
		*/*)	to=${hdr%%/*} ;;
		*)	# same folder, by bare name
			[ "$layer" = lib ] && continue
			echo "$f:$line: $hdr named without its layer"; bad=1; continue ;;
		esac
		[ "$to" = "$layer" ] && continue
		case " $ok " in *" $to "*) continue ;; esac
		echo "$f:$line: $layer -> $to ($hdr)"
		bad=1
	done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
		 sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1:\2/')
done < <(find lib tools -path tools/completion -prune -o \( -name '*.[ch]' -print \) | sort)
exit $bad
