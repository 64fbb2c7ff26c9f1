#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The rig: build hvdiag.ko against Debian's headers, an initramfs, start
# pf-emu (ivshmem server + mlx4 PF), boot Debian's kernel under QEMU TCG
# with an ivshmem-doorbell device, and bring the guest's KTAP back. A
# watcher hot-unplugs and hot-adds devices through QMP when the guest
# asks on its console.
# Output: build/rig/ktap.txt, console.log, pf-emu.log, qmp.log,
# hotplug.log, timings.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/rig
mkdir -p "$out"
fail() { echo "rig: $*" >&2; echo "not ok 1 rig # $*" > "$out/ktap.txt"; exit 1; }
# Debian's image for the installed headers, unpacked under build/ (never
# installed into the host)
cache=${RIG_KERNEL_CACHE:-$top/build/rig-kernel}
krel=$("$top/tests/rig/get-kernel.sh" "$cache") ||
	fail "no Debian kernel image for the installed headers"
kdir=${KDIR:-/usr/src/linux-headers-$krel}
vmlinuz=$cache/$krel/boot/vmlinuz-$krel
export RIG_MODULES=$cache/$krel/lib/modules/$krel

[ -f "$vmlinuz" ] || fail "no kernel image at $vmlinuz"
[ -d "$kdir" ] || fail "no kernel headers at $kdir (apt-get install linux-headers-amd64)"
command -v qemu-system-x86_64 >/dev/null || fail "no qemu-system-x86_64"

t0=$(date +%s.%N)
make -s -C "$top/kmod" KDIR="$kdir" >"$out/kmod-build.log" 2>&1 || fail "module build failed (see $out/kmod-build.log)"
cc -std=gnu99 -O2 -Wall -Wextra -Werror -o "$out/pf-emu" "$top/tests/rig/pf-emu/pf-emu.c" \
	"$top/tests/rig/pf-emu/mlx4-fn.c" "$top/lib/mlx4_pf.c" "$top/lib/mlx4_comm.c" || fail "pf-emu build failed"
[ -f "$out/vmlinux.$krel" ] || "$top/tests/rig/extract-vmlinux.sh" "$vmlinuz" "$out/vmlinux.$krel" ||
	fail "cannot extract vmlinux"
"$top/tests/rig/build-initramfs.sh" "$out/initrd.gz" "$top/kmod/hvdiag.ko" "$krel" || fail "initramfs failed"
t1=$(date +%s.%N)

sock=$out/ivshmem.sock
rm -f "$sock"
# guest RAM in a file both QEMU and pf-emu map: the PF writes VHCR status
rm -f "$out/guest-ram"
truncate -s 512M "$out/guest-ram"
"$out/pf-emu" --socket "$sock" --shm "$out/bar2.shm" --vectors 4 --seconds 210 \
	--guest-ram "$out/guest-ram" \
	--report "$out/pf-emu.log" 2>"$out/pf-emu.err" &
pf=$!
for i in $(seq 100); do [ -S "$sock" ] && break; sleep 0.05; done
[ -S "$sock" ] || fail "pf-emu did not start"
# QMP through a pair of FIFOs (QEMU's pipe chardev opens NAME.in and
# NAME.out read-write): bash drives it with no socket client
qmp=$out/qmp
rm -f "$qmp.in" "$qmp.out" "$out/plain.shm" "$out/hotplug.log"
mkfifo "$qmp.in" "$qmp.out" || fail "cannot make the QMP FIFOs"
exec 3<>"$qmp.in"
echo '{"execute": "qmp_capabilities"}' >&3
: > "$out/console.log"
# The ivshmem device (id ivsh0) sits on bus 0 of the i440fx machine, where
# ACPI PCI hotplug removes it. The guest asks for hotplug on its console.
timeout 200 qemu-system-x86_64 -accel tcg,thread=multi -smp 2 -m 512 -nographic \
	-object memory-backend-file,id=ram,size=512M,mem-path="$out/guest-ram",share=on \
	-machine memory-backend=ram \
	-vga none -nic none -no-reboot -kernel "$out/vmlinux.$krel" -initrd "$out/initrd.gz" \
	-append "console=ttyS0 panic=-1 quiet loglevel=${RIG_LOGLEVEL:-4}${RIG_ONLY:+ hvdiag_rig_only=$RIG_ONLY}${RIG_MLX4_DEBUG:+ mlx4_debug=1}" \
	-chardev socket,path="$sock",id=ivsh \
	-device ivshmem-doorbell,chardev=ivsh,vectors=4,id=ivsh0 \
	-chardev pipe,id=qmp,path="$qmp" -mon chardev=qmp,mode=control \
	</dev/null >"$out/console.log" 2>&1 &
qemu=$!
cat "$qmp.out" > "$out/qmp.log" &
qmplog=$!
# What the guest may ask for, one line on its console each:
#   HVDIAG-RIG-UNPLUG ivsh0|ivsh1    device_del
#   HVDIAG-RIG-PLUG ivsh1            a new ivshmem-plain (no server) with its
#                                    own 8 MiB of host memory
#   HVDIAG-RIG-PORT down|up          pf-emu sends a port-change event (its
#                                    event word, BAR 2 + 0x1018)
tail -n +1 --pid=$qemu -F "$out/console.log" 2>/dev/null |
while read -r a b; do
	b=${b%$'\r'}
	case "$a $b" in
	"HVDIAG-RIG-UNPLUG ivsh0" | "HVDIAG-RIG-UNPLUG ivsh1")
		echo "{\"execute\": \"device_del\", \"arguments\": {\"id\": \"$b\"}}" >&3
		echo "unplug $b" >> "$out/hotplug.log" ;;
	"HVDIAG-RIG-PLUG ivsh1")
		echo "{\"execute\": \"object-add\", \"arguments\": {\"qom-type\": \"memory-backend-file\", \"id\": \"hm1\", \"size\": 8388608, \"share\": true, \"mem-path\": \"$out/plain.shm\"}}" >&3
		echo "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"ivshmem-plain\", \"memdev\": \"hm1\", \"id\": \"ivsh1\"}}" >&3
		echo "plug $b" >> "$out/hotplug.log" ;;
	"HVDIAG-RIG-PORT down" | "HVDIAG-RIG-PORT up")
		[ "$b" = up ] && ev='\002' || ev='\001'
		printf "$ev" | dd of="$out/bar2.shm" bs=1 seek=$((0x1018)) conv=notrunc 2>/dev/null ;;
	esac
done &
watcher=$!
wait $qemu
qrc=$?
kill $pf 2>/dev/null; wait $pf 2>/dev/null
kill $watcher $qmplog 2>/dev/null
wait $watcher $qmplog 2>/dev/null
exec 3>&-
rm -f "$out/guest-ram" "$out/plain.shm" "$qmp.in" "$qmp.out"
t2=$(date +%s.%N)
tr -d '\r' < "$out/console.log" | sed -n '/HVDIAG-RIG-BEGIN/,/^HVDIAG-RIG-END/p' |
	grep -v '^HVDIAG-RIG-' > "$out/ktap.txt"
[ -s "$out/ktap.txt" ] || fail "no KTAP from the guest (qemu exit $qrc; see $out/console.log)"
# the host's two results follow the guest's subtests
h1=$(($(sed -n 's/^1\.\.\([0-9]*\)$/\1/p' "$out/ktap.txt" | head -1) - 1))
h2=$((h1 + 1))
# The PF must have seen, in 16-bit slices, the VHCR address the guest used.
gdma=$(grep -m1 'vhcr_dma' "$out/ktap.txt" | sed -n 's/.*vhcr_dma \(0x[0-9a-f]*\).*/\1/p')
hdma=$(sed -n 's/^fault healthy .* vhcr \(0x[0-9a-f]*\)$/\1/p' "$out/pf-emu.log" | head -1)
if [ -n "$gdma" ] && [ "$gdma" = "$hdma" ]; then
	echo "ok $h1 host_pf_got_the_guest_vhcr_address" >> "$out/ktap.txt"
elif [ -n "${RIG_ONLY:-}" ] && [ -z "$gdma" ]; then
	echo "ok $h1 host_pf_got_the_guest_vhcr_address # SKIP RIG_ONLY=$RIG_ONLY" >> "$out/ktap.txt"
else
	echo "# guest vhcr_dma '$gdma', pf-emu saw '$hdma'" >> "$out/ktap.txt"
	echo "not ok $h1 host_pf_got_the_guest_vhcr_address" >> "$out/ktap.txt"
fi
# Each device the guest had unplugged, QEMU reports gone (the guest's
# ACPI eject completed).
asked=$(sed -n 's/^unplug //p' "$out/hotplug.log" 2>/dev/null | sort -u | tr '\n' ' ')
bad=
for id in $asked; do
	grep -q "\"DEVICE_DELETED\".*\"device\": \"$id\"" "$out/qmp.log" || bad="$bad $id"
done
if [ -z "$asked" ] && [ -n "${RIG_ONLY:-}" ]; then
	echo "ok $h2 host_qemu_deleted_the_unplugged_devices # SKIP RIG_ONLY=$RIG_ONLY" >> "$out/ktap.txt"
elif [ -n "$asked" ] && [ -z "$bad" ]; then
	echo "# unplugged: $asked" >> "$out/ktap.txt"
	echo "ok $h2 host_qemu_deleted_the_unplugged_devices" >> "$out/ktap.txt"
else
	echo "# asked to unplug '$asked'; no DEVICE_DELETED for '$bad' (see $out/qmp.log)" >> "$out/ktap.txt"
	echo "not ok $h2 host_qemu_deleted_the_unplugged_devices" >> "$out/ktap.txt"
fi
awk -v b="$t1" -v a="$t0" -v c="$t2" 'BEGIN { printf "build_s %.1f\nboot_and_tests_s %.1f\n", b - a, c - b }' > "$out/timings"
