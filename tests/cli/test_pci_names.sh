#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Device ids of an lspci listing without -nn (the seed's) come from the
# profiles' vendor-name and pci-name lines, nowhere else: with them the
# seed's VF is a ConnectX-3 VF, without them it is a device of no known
# ids; a derived profile of other ids does not claim the base's names;
# bad pci-name lines are refused.
. "$(dirname "$0")/../lib.sh"
TOP=$(cd "$(dirname "$0")/../.." && pwd)

data() {	# a scratch data directory: the project's kb, patches, profiles
	rm -rf "$TMP/d"
	mkdir -p "$TMP/d"
	cp -r "$TOP/kb" "$TOP/profiles" "$TOP/patches" "$TMP/d/"
}
hv() { HVDIAG_DATADIR=$TMP/d "$HV" "$@"; }

data
expect_exit "seed: the VF from its name" 0 hv check --root "$FIX/seed" --only pci -v
has "seed: ids from the name, said" "15b3:1004.*\(id from name\)" "$TMP/out"
has "seed: judged by an mlx4 profile" "^PASS +pci.vf.present +1 VF" "$TMP/out"

# the same data without the names: nothing in C knows them
sed -i '/^pci-name /d; /^vendor-name /d' "$TMP/d/profiles/"*.profile
expect_exit "seed, no pci-name lines: no VF recognised" 1 hv check --root "$FIX/seed" --only pci -v
has "seed, no names: no VF" "pci.vf.present" "$TMP/out"
! grep -q "15b3:1004" "$TMP/out"
ok "seed, no names: no 15b3:1004 invented" $?

# a derived profile of QEMU's ids keeps mlx4's names but cannot claim
# them: the seed's VF resolves to mlx4's 15b3:1004, never to 1af4
data
expect_exit "rig-mlx4 inherits names, not the device" 0 hv check --root "$FIX/seed" --only pci -v
! grep -q "1af4:1004" "$TMP/out"
ok "no 1af4:1004 from a base's name" $?

bad() {	# bad DESC LINE MESSAGE
	data
	printf 'profile x\nvendor 15b3\ndevice 1004\n%s\n' "$2" > "$TMP/d/profiles/x.profile"
	expect_exit "$1: refused" 2 hv profiles
	has "$1: said" "$3" "$TMP/err"
}
bad "pci-name without a name" "pci-name 1004" "x.profile:4: pci-name needs a device id and a name"
bad "pci-name with a bad id" "pci-name zz ConnectX-3" "x.profile:4: pci-name needs a device id and a name"
done_testing
