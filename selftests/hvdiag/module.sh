#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# hvdiag.ko: load, the in-kernel suites (nested KTAP), every debugfs file
# (an exercise's a KTAP document),
# bad writes refused, load/unload cycles with concurrent readers, a clean
# kernel log. Needs root, debugfs and a module built for this kernel.
. "$(dirname "$0")/ktap_helpers.sh"
CYCLES=${HVDIAG_CYCLES:-20}
NAMES="load kernel files_readable bad_writes_refused load_unload_cycles unload kernel_log_clean"

ktap_plan 7
if ! is_root; then
	ktap_skip_rest "needs root" $NAMES
	ktap_finish
fi
if ! why=$(module_usable); then
	ktap_skip_rest "$why" $NAMES
	ktap_finish
fi
[ -d /sys/kernel/debug/hvdiag ] || mount -t debugfs none /sys/kernel/debug 2>/dev/null
grep -q "^hvdiag " /proc/modules && rmmod hvdiag
mark=$(dmesg | wc -l)

insmod "$HVDIAG_KO"
ktap_ok load $? "insmod $HVDIAG_KO failed"

cat $D/selftest > /tmp/hvdiag-selftest.$$ 2>/dev/null
echo "    # Subtest: kernel"
sed 's/^/    /' /tmp/hvdiag-selftest.$$
grep -q "^# Totals: pass:[0-9]* fail:0" /tmp/hvdiag-selftest.$$
ktap_ok kernel $?
rm -f /tmp/hvdiag-selftest.$$

bad=0
for f in target pci msix mlx4_comm vmbus selftest; do
	cat $D/$f > /dev/null || { bad=1; echo "# cannot read $f"; }
done
# an exercise's file is a KTAP document that its test line ends
for f in pci vmbus; do
	[ "$(head -1 $D/$f)" = "KTAP version 1" ] && tail -1 $D/$f | grep -qE "^(not )?ok 1 $f( |\$)" ||
		{ bad=1; echo "# $f is no KTAP document of one test"; }
done
ktap_ok files_readable $bad

old=$(cat $D/target)
bad=0
for v in zz 0000:00:20.0 "0000:00:02.0 x" 00:02.0 "0000:00:02.0000"; do
	echo "$v" > $D/target 2>/dev/null && { bad=1; echo "# target accepted '$v'"; }
done
head -c 200 /dev/zero | tr '\0' 'a' > $D/target 2>/dev/null && bad=1
[ "$(cat $D/target)" = "$old" ] || bad=1
echo 4x > $D/msix 2>/dev/null && bad=1
echo 0 > $D/msix 2>/dev/null && bad=1
echo "2 99999" > $D/msix 2>/dev/null && bad=1
echo "2 x" > $D/msix 2>/dev/null && bad=1
echo "run 99999999" > $D/mlx4_comm 2>/dev/null && bad=1
echo walk > $D/mlx4_comm 2>/dev/null && bad=1
echo x > $D/pci 2>/dev/null && bad=1
ktap_ok bad_writes_refused $bad

i=0
fails=0
while [ $i -lt "$CYCLES" ]; do
	rmmod hvdiag || fails=$((fails + 1))
	insmod "$HVDIAG_KO" || fails=$((fails + 1))
	for f in target pci msix mlx4_comm vmbus selftest; do
		cat $D/$f > /dev/null 2>&1 &
	done
	wait
	i=$((i + 1))
done
ktap_ok load_unload_cycles $fails "$fails of $CYCLES cycles failed"

rmmod hvdiag
ktap_ok unload $?

dmesg | tail -n +"$mark" | grep -E "WARNING:|BUG:|Oops|general protection|kmemleak|refcount_t" > /tmp/hvdiag-bad.$$
[ ! -s /tmp/hvdiag-bad.$$ ]
ktap_ok kernel_log_clean $? "$(head -3 /tmp/hvdiag-bad.$$ | tr '\n' ';')"
rm -f /tmp/hvdiag-bad.$$
ktap_finish
