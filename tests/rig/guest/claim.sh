#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# How an exercise holds its device: the user's driver_override comes back
# after every exercise, on success and on each failure path.
. /selftests/ktap_helpers.sh
. /rig/scenario.sh
BDF=$1
S=/sys/bus/pci/devices/$BDF
P=/sys/module/hvdiag/parameters
TMO=1500

ov() { cat $S/driver_override; }
drv() { [ -e $S/driver ] && basename "$(readlink $S/driver)" || echo none; }
# after an exercise: the override as the user left it, the device unbound
restored() {	# restored EXPECTED_OVERRIDE
	[ "$(ov)" = "$1" ] && [ "$(drv)" = none ] && return 0
	echo "# override '$(ov)' (want '$1'), driver $(drv)"
	return 1
}
set_ov() { echo "$1" > $S/driver_override; }

ktap_plan 5
insmod /rig/hvdiag.ko target=$BDF
mark=$(dmesg | wc -l)

# a user's override survives an exercise that binds the device for itself
set_ov hvdiag-user-choice
echo 2 > $D/msix
r=$?
grep -q "^result ok" $D/msix && [ $r -eq 0 ] && restored hvdiag-user-choice
ktap_ok override_restored_after_msix $?

# no override before: none after
set_ov ""
echo 2 > $D/msix && restored "(null)"
ktap_ok no_override_stays_none $?

# the exercise fails after the claim (more vectors than the table has)
set_ov hvdiag-user-choice
! echo 5 > $D/msix 2>/dev/null && grep -q "^result too-many" $D/msix &&
	restored hvdiag-user-choice
ktap_ok override_restored_after_failed_exercise $?

# the claim itself fails: hvdiag refuses to bind
echo 1 > $P/fail_bind
! echo 2 > $D/msix 2>/dev/null && grep -q "^result bind-failed" $D/msix &&
	restored hvdiag-user-choice
ktap_ok override_restored_after_failed_claim $?
echo 0 > $P/fail_bind
set_ov ""

rmmod hvdiag
dmesg | tail -n +$((mark + 1)) |
	grep -E "WARNING:|BUG:|Oops|general protection|KASAN|kmemleak|refcount_t|list_(add|del) corruption" > /tmp/bad
[ ! -s /tmp/bad ]
ktap_ok kernel_log_clean $? "$(head -3 /tmp/bad | tr '\n' ';')"
ktap_finish
