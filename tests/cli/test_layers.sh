#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The one-way include rule (docs/architecture.md) holds on the tree, and
# the checker does catch an include against it: a check reading the
# source, a renderer reading the checks, lib reaching into tools.
set -u
. "$(dirname "$0")/../lib.sh"
top=$(cd "$(dirname "$0")/../.." && pwd)
chk=$top/tests/layers/check-includes.sh

expect_exit "the tree keeps the rule" 0 bash "$chk" "$top"

# a scratch copy of lib/ and tools/ to break on purpose
copy() {
	rm -rf "$TMP/t"
	mkdir -p "$TMP/t"
	cp -r "$top/lib" "$top/tools" "$TMP/t/"
}
breaks() {	# breaks DESC FILE INCLUDE EXPECTED-LINE
	copy
	printf '#include "%s"\n' "$3" >> "$TMP/t/$2"
	expect_exit "$1: refused" 1 bash "$chk" "$TMP/t"
	has "$1: named" "$4" "$TMP/out"
}
breaks "checks -> source" tools/checks/pci.c source/source.h \
	'^tools/checks/pci.c:[0-9]+: checks -> source \(source/source.h\)$'
breaks "render -> checks" tools/render/json.c checks/checks.h \
	'^tools/render/json.c:[0-9]+: render -> checks \(checks/checks.h\)$'
breaks "lib -> tools" lib/bdf.c base/util.h \
	'^lib/bdf.c:[0-9]+: lib -> base \(base/util.h\)$'
breaks "model -> parse (upward)" tools/model/result.c parse/klog.h \
	'^tools/model/result.c:[0-9]+: model -> parse'
breaks "a header without its layer" tools/collect/pci.c util.h \
	'^tools/collect/pci.c:[0-9]+: util.h named without its layer$'

copy
mkdir -p "$TMP/t/tools/misc"
echo 'int x;' > "$TMP/t/tools/misc/x.c"
expect_exit "a folder that is no layer" 2 bash "$chk" "$TMP/t"
has "a folder that is no layer: said" "unknown layer 'misc'" "$TMP/err"

done_testing
