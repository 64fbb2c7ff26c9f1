#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# How an exercise holds its device: the user's driver_override comes back
# after every exercise, on success and on each failure path; the mlx4
# handshake holds the device too, so the genuine mlx4_core cannot bind it
# midway; a device another driver holds is refused. Unbound through sysfs
# in the middle of an exercise, the device is let go at once: the
# exercise stops, frees what it holds and says the device is gone; an
# unload waits for the exercise to end. Last,
# the host hot-unplugs the device (QMP device_del, ACPI PCI hotplug) in the
# middle of an MSI-X exercise, then adds a plain ivshmem device and unplugs
# it in the middle of an mlx4 handshake: the same, with the device gone.
. /selftests/ktap_helpers.sh
. /rig/scenario.sh
BDF=$1
S=/sys/bus/pci/devices/$BDF
P=/sys/module/hvdiag/parameters
TMO=1500

# A kernel without driver_override (before 3.16): hvdiag binds through a
# dynamic id instead; what is checked of the override is then only that
# the device is let go, and pci-stub takes it through a dynamic id too.
if [ -e $S/driver_override ]; then
	HAS_OV=1
else
	HAS_OV=
	echo "# no driver_override in this kernel: exercises bind through a dynamic id"
fi
ov() { [ -n "$HAS_OV" ] && cat $S/driver_override || echo "(no driver_override)"; }
# ov_is VALUE: the override is VALUE (any value, on a kernel without one)
ov_is() { [ -z "$HAS_OV" ] || [ "$(ov)" = "$1" ]; }
drv() { [ -e $S/driver ] && basename "$(readlink $S/driver)" || echo none; }
# after an exercise: the override as the user left it, the device unbound
restored() {	# restored EXPECTED_OVERRIDE
	ov_is "$1" && [ "$(drv)" = none ] && return 0
	echo "# override '$(ov)' (want '$1'), driver $(drv)"
	return 1
}
set_ov() { [ -z "$HAS_OV" ] || echo "$1" > $S/driver_override; }
uptime_ms() { awk '{ printf "%d", $1 * 1000 }' /proc/uptime; }
# until SECONDS COMMAND...: run COMMAND until it succeeds, for at most
# SECONDS (by the clock: under TCG a loop's body takes its own time)
until_ok() {
	end=$(($(uptime_ms) + $1 * 1000))
	shift
	while ! "$@"; do
		[ "$(uptime_ms)" -ge $end ] && return 1
		usleep 20000
	done
}
log_has() { dmesg | tail -n +$(($1 + 1)) | grep -q "$2"; }
# wait_log MARK TEXT: until TEXT appears in the log after line MARK
wait_log() {
	until_ok 5 log_has "$1" "$2" && return 0
	echo "# no '$2' in the log"
	return 1
}
absent() { [ ! -e "$1" ]; }
present() { [ -n "$(ivshmem)" ]; }
# in_background FILE COMMAND: run it, its exit status to FILE.rc, stderr to FILE.err
in_background() {
	f=$1
	shift
	rm -f $f.rc
	("$@" 2>$f.err; echo $? > $f.rc) &
}
write_to() { echo "$2" > "$1"; }
# host: ask run.sh's watcher for a hotplug action, on the console
host() { printf '\nHVDIAG-RIG-%s\n' "$*" > /dev/console; }
# an ivshmem device's address, or nothing
ivshmem() {
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat $d/vendor)" = 0x1af4 ] && [ "$(cat $d/device)" = 0x1110 ] &&
			{ basename $d; return; }
	done
}
# gone FILE: the background write failed with ENODEV
gone() {
	[ "$(cat $1.rc)" -ne 0 ] && grep -q "No such device" $1.err && return 0
	echo "# write exit $(cat $1.rc): $(cat $1.err)"
	return 1
}

ktap_plan 15
insmod /rig/hvdiag.ko target=$BDF
mark=$(dmesg | wc -l)

# a user's override survives an exercise that binds the device for itself
set_ov hvdiag-user-choice
echo 2 > $D/msix
r=$?
[ "$(ex_outcome $D/msix)" = ok ] && [ $r -eq 0 ] && restored hvdiag-user-choice
ktap_ok override_restored_after_msix $?

# no override before: none after
set_ov ""
echo 2 > $D/msix && restored "(null)"
ktap_ok no_override_stays_none $?

# the exercise fails after the claim (more vectors than the table has)
set_ov hvdiag-user-choice
! echo 5 > $D/msix 2>/dev/null && ex_outcome $D/msix | grep -q "^too-many" &&
	restored hvdiag-user-choice
ktap_ok override_restored_after_failed_exercise $?

# the claim itself fails: hvdiag refuses to bind
echo 1 > $P/fail_bind
! echo 2 > $D/msix 2>/dev/null && ex_outcome $D/msix | grep -q "^bind-failed" &&
	restored hvdiag-user-choice
ktap_ok override_restored_after_failed_claim $?
echo 0 > $P/fail_bind

# the mlx4 handshake claims the device as well
scenario $BDF 0
echo "run $TMO" > $D/mlx4_comm && [ "$(ex_outcome $D/mlx4_comm)" = ok ] &&
	restored hvdiag-user-choice
ktap_ok mlx4_override_restored $?
set_ov ""

# mlx4_core, given the device's id, must not bind it while hvdiag's
# handshake waits on a silent PF (it would then take hvdiag's last RESET)
if [ -f /rig/mlx4_core.ko ]; then
	scenario $BDF 1
	insmod /rig/mlx4_core.ko
	m2=$(dmesg | wc -l)
	(echo "run 2000" > $D/mlx4_comm) 2>/dev/null &
	ex=$!
	wait_log $m2 "comm: handshake"
	echo "1af4 1110 ffffffff ffffffff 0 0 1" > /sys/bus/pci/drivers/mlx4_core/new_id
	echo $BDF > /sys/bus/pci/drivers/mlx4_core/bind 2>/dev/null
	b=$?
	during=$(drv)
	wait $ex
	dmesg | tail -n +$((m2 + 1)) | grep "mlx4_core" | sed 's/^/# /'
	[ $b -ne 0 ] && [ "$during" = hvdiag ] &&
		ex_outcome $D/mlx4_comm | grep -q "^reset timeout" &&
		! dmesg | tail -n +$((m2 + 1)) | grep -q "mlx4_core $BDF"
	ktap_ok mlx4_core_cannot_bind_midway $? "bind exit $b, driver during the exercise: $during"
	[ "$(drv)" = mlx4_core ] && echo $BDF > /sys/bus/pci/drivers/mlx4_core/unbind
	rmmod mlx4_core
	scenario $BDF 0
else
	ktap_skip mlx4_core_cannot_bind_midway "no mlx4_core.ko in this kernel"
fi

# held by another driver: both exercises refuse, the override untouched
insmod /rig/pci-stub.ko 2>/dev/null
stub_hold $BDF
! echo 2 > $D/msix 2>/dev/null && grep -q "bound to pci-stub" $D/msix &&
	! echo "run $TMO" > $D/mlx4_comm 2>/dev/null && grep -q "bound to pci-stub" $D/mlx4_comm &&
	ov_is pci-stub && [ "$(drv)" = pci-stub ]
ktap_ok bound_device_refused $?
stub_release $BDF

# the user binds the device to hvdiag with new_id (a driver with an
# empty id table refuses every new_id); an exercise uses it as it is
id="$(sed 's/^0x//' $S/vendor) $(sed 's/^0x//' $S/device)"
echo "$id" > /sys/bus/pci/drivers/hvdiag/new_id
nb=$?
[ $nb -eq 0 ] && [ "$(drv)" = hvdiag ] && echo 2 > $D/msix && [ "$(ex_outcome $D/msix)" = ok ] &&
	[ "$(drv)" = hvdiag ]
ktap_ok user_new_id_binds $? "new_id exit $nb, driver $(drv)"
echo $BDF > /sys/bus/pci/drivers/hvdiag/unbind
echo "$id" > /sys/bus/pci/drivers/hvdiag/remove_id

# unbound mid-exercise while interrupts keep arriving: the unbind waits
# for the exercise to free its vectors, which it does at once
m=$(dmesg | wc -l)
in_background /tmp/unbind-msix write_to $D/msix "4 4000"
wait_log $m "vectors held for" && usleep 100000
t0=$(uptime_ms)
echo $BDF > /sys/bus/pci/drivers/hvdiag/unbind
t=$(($(uptime_ms) - t0))
wait
ex_show $D/msix | grep -E "held|ok 1|gone"
echo "# unbind took $t ms"
gone /tmp/unbind-msix && ex_outcome $D/msix | grep -q "^device-gone" &&
	! grep -q hvdiag-msix /proc/interrupts && [ $t -lt 2000 ] && restored "(null)" &&
	echo 2 > $D/msix && [ "$(ex_outcome $D/msix)" = ok ]
ktap_ok unbind_during_msix $?

# unbound while the handshake waits on a silent PF
scenario $BDF 1
m=$(dmesg | wc -l)
in_background /tmp/unbind-comm write_to $D/mlx4_comm "run 4000"
wait_log $m "comm: handshake" && usleep 100000
t0=$(uptime_ms)
echo $BDF > /sys/bus/pci/drivers/hvdiag/unbind
t=$(($(uptime_ms) - t0))
wait
ex_show $D/mlx4_comm | grep -E "ok 1|gone"
echo "# unbind took $t ms"
gone /tmp/unbind-comm && ex_outcome $D/mlx4_comm | grep -q "^device-gone" && [ $t -lt 2000 ] &&
	restored "(null)"
ktap_ok unbind_during_mlx4_comm $?
scenario $BDF 0

# allow_bound=1 on a device pci-stub holds: the exercise runs under the
# device lock, untouched by the stop the previous removal asked for
stub_hold $BDF
echo 1 > $P/allow_bound
echo "run $TMO" > $D/mlx4_comm && [ "$(ex_outcome $D/mlx4_comm)" = ok ] && [ "$(drv)" = pci-stub ]
ktap_ok allow_bound_after_a_removal $? "outcome $(ex_outcome $D/mlx4_comm), driver $(drv)"
echo 0 > $P/allow_bound
stub_release $BDF

# unload asked mid-exercise: refused while the exercise runs (its file
# holds the module), then the override is back and the unload goes through
set_ov hvdiag-user-choice
m=$(dmesg | wc -l)
in_background /tmp/unload-msix write_to $D/msix "2 1000"
wait_log $m "vectors held for"
rmmod hvdiag 2>/dev/null
busy=$?
wait
[ $busy -ne 0 ] && [ "$(cat /tmp/unload-msix.rc)" -eq 0 ] && restored hvdiag-user-choice &&
	rmmod hvdiag && restored hvdiag-user-choice
ktap_ok unload_during_msix $? "rmmod mid-exercise exit $busy"
set_ov ""
insmod /rig/hvdiag.ko target=$BDF

# hot-unplugged mid-exercise, interrupts still arriving
m=$(dmesg | wc -l)
in_background /tmp/unplug-msix write_to $D/msix "4 15000"
wait_log $m "vectors held for" && usleep 100000
t0=$(uptime_ms)
host UNPLUG ivsh0
until_ok 10 absent $S
t=$(($(uptime_ms) - t0))
wait
ex_show $D/msix | grep -E "held|ok 1|gone"
echo "# removed in $t ms"
dmesg | tail -n +$((m + 1)) | grep -iE "hvdiag|pciehp|acpiphp|$BDF" | sed 's/^/# /'
[ ! -e $S ] && gone /tmp/unplug-msix && ex_outcome $D/msix | grep -q "^device-gone" &&
	! grep -q hvdiag-msix /proc/interrupts
ktap_ok hot_unplug_during_msix $?

# a plain ivshmem (BAR 2, no server: the comm channel never answers),
# hot-added (in the slot ivsh0 left), then hot-unplugged while the
# handshake waits for RESET
host PLUG ivsh1
until_ok 10 present
NEW=$(ivshmem)
if [ -n "$NEW" ]; then
	echo "# hot-added $NEW"
	echo $NEW > $D/target
	m=$(dmesg | wc -l)
	in_background /tmp/unplug-comm write_to $D/mlx4_comm "run 15000"
	wait_log $m "comm: handshake" && usleep 100000
	t0=$(uptime_ms)
	host UNPLUG ivsh1
	until_ok 10 absent /sys/bus/pci/devices/$NEW
	t=$(($(uptime_ms) - t0))
	wait
	ex_show $D/mlx4_comm | grep -E "ok 1|gone"
	echo "# removed in $t ms"
	[ ! -e /sys/bus/pci/devices/$NEW ] && gone /tmp/unplug-comm &&
		ex_outcome $D/mlx4_comm | grep -q "^device-gone"
	ktap_ok hot_unplug_during_mlx4_comm $?
else
	ktap_ok hot_unplug_during_mlx4_comm 1 "no device appeared after PLUG ivsh1"
fi

rmmod hvdiag
dmesg | tail -n +$((mark + 1)) |
	grep -E "WARNING:|BUG:|Oops|general protection|KASAN|kmemleak|refcount_t|list_(add|del) corruption" > /tmp/bad
[ ! -s /tmp/bad ]
ktap_ok kernel_log_clean $? "$(head -3 /tmp/bad | tr '\n' ';')"
ktap_finish
