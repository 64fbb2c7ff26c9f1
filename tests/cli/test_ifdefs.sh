#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Conditionals only in kmod/compat/ and tools/base/compat.[ch]: the tree
# keeps the rule, and the checker catches a conditional put anywhere else
# in a scratch copy (a .c file, the module, lib/, a header past its guard,
# a guard that guards nothing), while the two compat places may hold them.
set -u
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
chk=$top/tests/layers/check-ifdefs.sh

expect_exit "the tree keeps the rule" 0 bash "$chk" "$top"

copy() {
	rm -rf "$TMP/t"
	mkdir -p "$TMP/t"
	cp -r "$top/lib" "$top/tools" "$top/kmod" "$TMP/t/"
}
breaks() {	# breaks DESC FILE TEXT EXPECTED-LINE
	copy
	printf '%b' "$3" >> "$TMP/t/$2"
	expect_exit "$1: refused" 1 bash "$chk" "$TMP/t"
	has "$1: named" "$4" "$TMP/out"
}
breaks "#ifdef in a check" tools/checks/pci.c '#ifdef __linux__\n#endif\n' \
	'^tools/checks/pci.c:[0-9]+: #ifdef __linux__$'
breaks "#if defined() in lib" lib/bdf.c '#if defined(__KERNEL__)\n#endif\n' \
	'^lib/bdf.c:[0-9]+: #if defined\(__KERNEL__\)$'
breaks "#else in the module" kmod/hvdiag_pci.c '# if 1\n# else\n# endif\n' \
	'^kmod/hvdiag_pci.c:[0-9]+: # else$'
breaks "#ifndef in a header, past its guard" tools/base/util.h \
	'#ifndef PATH_MAX\n#define PATH_MAX 4096\n#endif\n' \
	'^tools/base/util.h:[0-9]+: #ifndef PATH_MAX$'

# a header whose first #ifndef defines nothing is no guard
copy
printf '/* x */\n#ifndef HAVE_X\nint x;\n#endif\n' > "$TMP/t/tools/base/x.h"
expect_exit "a guard that guards nothing: refused" 1 bash "$chk" "$TMP/t"
has "a guard that guards nothing: named" '^tools/base/x.h:2: #ifndef HAVE_X$' "$TMP/out"

# the two compat places may ask the system
copy
printf '#ifdef __linux__\n#endif\n' >> "$TMP/t/kmod/compat/vmbus.c"
printf '#ifdef __linux__\n#endif\n' >> "$TMP/t/tools/base/compat.c"
expect_exit "kmod/compat/ and tools/base/compat.c may" 0 bash "$chk" "$TMP/t"

done_testing
