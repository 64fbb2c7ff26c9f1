#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Differences between systems are settled in two places only: kmod/compat/
# for kernels (with the probes of kmod/conftest/) and tools/base/compat.[ch]
# for userspace. Anywhere else under lib/, tools/ and kmod/ a conditional
# directive (#if, #ifdef, #ifndef, #elif, #else) is refused, but a
# header's include guard: its first conditional, an #ifndef NAME that the
# next line #defines.
# usage: check-ifdefs.sh [TOP]   Prints "FILE:LINE: DIRECTIVE" for each one
# and exits 1 when there is one, 0 when none.
top=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$top" || exit 2

find lib tools kmod \( -path kmod/compat -o -path kmod/conftest -o \
	-path tools/completion \) -prune -o \( -name '*.[ch]' -print \) | sort |
while IFS= read -r f; do
	case $f in
	tools/base/compat.c|tools/base/compat.h) continue ;;
	*.mod.c) continue ;;	# kbuild writes it beside a built module
	esac
	awk -v f="$f" '
	function flush() {
		if (pend)
			printf "%s:%d: %s\n", f, pl, pt
		pend = 0
	}
	/^[ \t]*#[ \t]*(if|ifdef|ifndef|elif|else)([ \t(]|$)/ {
		flush()
		if (!seen++ && f ~ /\.h$/ && $0 ~ /^#ifndef [A-Za-z_][A-Za-z0-9_]*[ \t]*$/) {
			pend = 1; pl = NR; pt = $0; guard = $2
			next
		}
		printf "%s:%d: %s\n", f, NR, $0
		next
	}
	pend {
		if ($0 ~ "^#define " guard "([ \t]|$)")
			pend = 0
		else
			flush()
	}
	END { flush() }' "$f"
done | { grep . && exit 1; exit 0; }
