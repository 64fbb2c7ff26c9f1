#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvdiag kconfig on real configurations: the seed's 3.10.108 .config and
# Debian's own, and edited copies of the seed with each required option
# of the fragment removed.
set -u
. "$(dirname "$0")/../lib.sh"
SEED=${SEED_CONFIG:-$FIX/seed/kernel-config-3.10.108}
FRAG=$(dirname "$0")/../../patches/hyperv-sriov.config

expect_exit "the seed's 3.10.108 config passes" 0 "$HV" kconfig "$SEED"
has "seed: mlx5 (not in 3.10) is skipped, not missing" "^skip +CONFIG_MLX5_CORE +not in this kernel" "$TMP/out"
has "seed: summary" "^0 of 14 required options missing" "$TMP/out"
deb=$(ls /boot/config-* 2>/dev/null | head -1)
if [ -n "$deb" ]; then
	expect_exit "Debian's config ($deb) passes" 0 "$HV" kconfig "$deb"
	has "debian: mlx5 judged" "^ok +CONFIG_MLX5_CORE +m" "$TMP/out"
fi
for o in $(grep -B1 '^CONFIG_' "$FRAG" | paste - - - | grep 'require' | grep -o 'CONFIG_[A-Z0-9_]*=' | tr -d '='); do
	sed "s/^$o=.*/# $o is not set/" "$SEED" > "$TMP/cfg"
	grep -q "^# $o is not set" "$TMP/cfg" || continue
	"$HV" kconfig "$TMP/cfg" > "$TMP/out" 2>&1
	r=$?
	[ $r -eq 1 ] && grep -q "^MISSING $o " "$TMP/out"
	ok "without $o: named, exit 1" $?
done
sed '/^CONFIG_PCI_HYPERV=/d' "$SEED" > "$TMP/cfg"
expect_exit "an absent required option is missing" 1 "$HV" kconfig "$TMP/cfg"
has "absent explained" "^MISSING CONFIG_PCI_HYPERV +\(absent\) +absent \(dependencies unmet" "$TMP/out"
sed 's/^CONFIG_PCI_MSI=y/CONFIG_PCI_MSI=m/' "$SEED" > "$TMP/cfg"
expect_exit "=m where y is needed" 1 "$HV" kconfig "$TMP/cfg"
expect_exit "json output" 0 "$HV" kconfig "$SEED" --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["summary"]["fail"]==0 and len(d["results"])==19' "$TMP/out"
ok "json parses" $?
expect_exit "bundle root: the seed bundle has no config" 2 "$HV" kconfig --root "$FIX/seed"
printf 'CONFIG_X=y\n' > "$TMP/frag"
expect_exit "a fragment line without its hvdiag comment is refused" 2 "$HV" kconfig "$SEED" --fragment "$TMP/frag"
has "fragment error names the line" "frag:1: CONFIG_X has no" "$TMP/err"
done_testing
