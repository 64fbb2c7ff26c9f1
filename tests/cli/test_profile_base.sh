#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A profile derived from another ("base NAME"): the rig's mlx4 profile is
# the mlx4 one with QEMU's ids, any platform and no netvsc step, and the
# directive's rules hold on scratch profiles.
. "$(dirname "$0")/../lib.sh"
R=$FIX/rig-mlx4

expect_exit "profiles list loads" 0 "$HV" profiles -v
sed -n '/^rig-mlx4 /,/^[a-z]/p' "$TMP/out" > "$TMP/rig"
sed -n '/^mlx4 /,/^[a-z]/p' "$TMP/out" > "$TMP/mlx4"
has "rig-mlx4: its own ids only" "^rig-mlx4 +1af4:1110 +mlx4_core " "$TMP/rig"
has "rig-mlx4: derived from mlx4" "^    base: mlx4$" "$TMP/rig"
grep '^    sig' "$TMP/mlx4" | grep -v "joined to" > "$TMP/want"
grep '^    sig' "$TMP/rig" > "$TMP/got"
[ -s "$TMP/want" ] && cmp -s "$TMP/want" "$TMP/got"
ok "rig-mlx4: every mlx4 step but netvsc's, in order" $?
has "mlx4 itself keeps the netvsc step" "^    sig +7: mlx4_core \{BDF\} \{IF\}: joined to" "$TMP/mlx4"
has "mlx4 itself keeps its ids" "^mlx4 +15b3:1004 " "$TMP/mlx4"

# what the rig profile inherits is judged: the forbidden INTx line
printf '%s\n' "mlx4_core 0000:00:02.0: Detected virtual function - running in slave mode" \
	"mlx4_core 0000:00:02.0: INTx is not supported in multi-function mode, aborting" > "$TMP/intx.txt"
mkdir -p "$TMP/intx"
cp "$TMP/intx.txt" "$TMP/intx/dmesg.txt"
expect_exit "rig-mlx4 inherits mlx4's forbidden line" 1 "$HV" check --root "$TMP/intx" --profile rig-mlx4 --only driver
has "rig-mlx4: INTx named" "INTx is not supported" "$TMP/out"

# scratch data directories: the seed's kb and profiles plus one more
data() {	# data NAME: a data directory with profiles/NAME.profile from stdin
	rm -rf "$TMP/d"
	mkdir -p "$TMP/d"
	cp -r "$(dirname "$0")/../../kb" "$(dirname "$0")/../../profiles" "$(dirname "$0")/../../patches" "$TMP/d/"
	cat > "$TMP/d/profiles/$1.profile"
}
hv() { HVDIAG_DATADIR=$TMP/d "$HV" "$@"; }
data cx3 <<'P'
profile cx3-other
base mlx4
device 1007
bar 0 mem64 pref
P
expect_exit "derived: loads" 0 hv profiles -v
sed -n '/^cx3-other /,/^[a-z]/p' "$TMP/out" > "$TMP/x"
has "derived: its device line replaces the base's ids" "^cx3-other +15b3:1007 +mlx4_core " "$TMP/x"
has "derived: steps kept" "^    sig +7: mlx4_core \{BDF\} \{IF\}: joined to" "$TMP/x"

data bad1 <<'P'
profile bad1
vendor 15b3
base mlx4
P
expect_exit "base after another key: refused" 2 hv profiles
has "base after another key: said where" "bad1.profile:3: 'base' must come before every key but 'profile'" "$TMP/err"
data bad2 <<'P'
profile bad2
base no-such
P
expect_exit "missing base: refused" 2 hv profiles
has "missing base: named" "cannot open profile '.*/no-such.profile'" "$TMP/err"
data bad3 <<'P'
profile bad3
base mlx4
drop-sig mlx5_core
P
expect_exit "drop-sig matching nothing: refused" 2 hv profiles
has "drop-sig matching nothing: said" "bad3.profile:3: 'drop-sig': no step of 'mlx4' begins with 'mlx5_core'" "$TMP/err"
data bad4 <<'P'
profile bad4
vendor 15b3
device 1004
drop-sig mlx4_core
P
expect_exit "drop-sig without a base: refused" 2 hv profiles
has "drop-sig without a base: said" "'drop-sig' needs text, and a 'base' before it" "$TMP/err"
data loop <<'P'
profile loop
base loop
P
expect_exit "a profile based on itself: refused, no hang" 2 timeout 10 env HVDIAG_DATADIR="$TMP/d" "$HV" profiles
has "a loop: depth named" "nested more than 4 deep" "$TMP/err"
data dots <<'P'
profile dots
base ../../etc/passwd
P
expect_exit "a base outside the directory: refused" 2 hv profiles
has "a path as base: refused" "'base' needs one profile name" "$TMP/err"

done_testing
