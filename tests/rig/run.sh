#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The rig: build hvdiag.ko against the kernel's build tree, an initramfs,
# start pf-emu (ivshmem server + mlx4 PF), boot the kernel under QEMU TCG
# with an ivshmem-doorbell device, and bring the guest's KTAP back. A
# watcher hot-unplugs and hot-adds devices through QMP when the guest
# asks on its console.
# The kernel: RIG_KERNEL, a bzImage or a directory with one and its
# modules (what `make rig-kernel` writes; tests/rig/find-kernel.sh), else
# Debian's image for the installed headers, unpacked under
# build/rig-debian/.
# Output: build/rig/ktap.txt, kernel.log (the guest's whole kernel log),
# console.log, pf-emu.log, qmp.log, hotplug.log, timings.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/rig
mkdir -p "$out"
fail() { echo "rig: $*" >&2; echo "not ok 1 rig # $*" > "$out/ktap.txt"; exit 1; }
if [ -n "${RIG_KERNEL:-}" ]; then
	where=$("$top/tests/rig/find-kernel.sh" "$RIG_KERNEL") || fail "RIG_KERNEL=$RIG_KERNEL: see above"
	eval "$where"
	krel=$release
	vmlinuz=$image
	kdir=${KDIR:-$kdir}
	export RIG_MODULES=$modules RIG_EXTRA=$extra
else
	# Debian's image for the installed headers, unpacked under build/
	# (never installed into the host)
	cache=${RIG_KERNEL_CACHE:-$top/build/rig-debian}
	krel=$("$top/tests/rig/get-kernel.sh" "$cache") ||
		fail "no Debian kernel image for the installed headers"
	kdir=${KDIR:-/usr/src/linux-headers-$krel}
	vmlinuz=$cache/$krel/boot/vmlinuz-$krel
	export RIG_MODULES=$cache/$krel/lib/modules/$krel
fi
echo "rig: kernel $krel ($vmlinuz), modules $RIG_MODULES, module build tree $kdir"

[ -f "$vmlinuz" ] || fail "no kernel image at $vmlinuz"
[ -d "$kdir" ] || fail "no kernel headers at $kdir (apt-get install linux-headers-amd64)"
command -v qemu-system-x86_64 >/dev/null || fail "no qemu-system-x86_64"

t0=$(date +%s.%N)
make -s -C "$top/kmod" KDIR="$kdir" >"$out/kmod-build.log" 2>&1 || fail "module build failed (see $out/kmod-build.log)"
cc -std=gnu99 -O2 -Wall -Wextra -Werror -I"$top/tools/base" -o "$out/pf-emu" "$top/tests/rig/pf-emu/pf-emu.c" \
	"$top/tests/rig/pf-emu/mlx4-fn.c" "$top/tests/rig/pf-emu/peer.c" "$top/lib/mlx4_pf.c" "$top/lib/mlx4_comm.c" || fail "pf-emu build failed"
# the ELF inside an XZ bzImage boots faster (PVH, no decompression under
# TCG); an image without one (3.10's, gzip) boots as it is
boot=$vmlinuz
elf=$out/vmlinux.$krel
if { [ -f "$elf" ] && [ "$elf" -nt "$vmlinuz" ]; } ||
   "$top/tests/rig/extract-vmlinux.sh" "$vmlinuz" "$elf" 2>/dev/null; then
	boot=$elf
fi
"$top/tests/rig/build-initramfs.sh" "$out/initrd.gz" "$top/kmod/hvdiag.ko" "$krel" || fail "initramfs failed"
t1=$(date +%s.%N)

sock=$out/ivshmem.sock
rm -f "$sock"
# guest RAM in a file both QEMU and pf-emu map: the PF writes VHCR status
rm -f "$out/guest-ram"
truncate -s 512M "$out/guest-ram"
# RIG_SLOW=1 adds the scenarios that wait out a driver timeout (minutes)
tmo=${RIG_TIMEOUT:-200}
[ -n "${RIG_SLOW:-}" ] && [ "$tmo" -lt 360 ] && tmo=360
"$out/pf-emu" --socket "$sock" --shm "$out/bar2.shm" --vectors 4 --seconds $((tmo + 10)) \
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
# With RIG_EXTRA (the 0006 counterfactual), a virtio-rng device as well:
# an MSI-X device still there after the hotplug tests.
timeout $tmo qemu-system-x86_64 -accel tcg,thread=multi -smp 2 -m 512 -nographic \
	-object memory-backend-file,id=ram,size=512M,mem-path="$out/guest-ram",share=on \
	-machine memory-backend=ram \
	-vga none -nic none -no-reboot -kernel "$boot" -initrd "$out/initrd.gz" \
	-append "console=ttyS0 panic=-1 quiet loglevel=${RIG_LOGLEVEL:-4}${RIG_ONLY:+ hvdiag_rig_only=$RIG_ONLY}${RIG_MLX4_DEBUG:+ mlx4_debug=1}${RIG_SLOW:+ hvdiag_rig_slow=1}" \
	-chardev socket,path="$sock",id=ivsh \
	-device ivshmem-doorbell,chardev=ivsh,vectors=4,id=ivsh0 \
	${RIG_EXTRA:+-device virtio-rng-pci,id=rng0,vectors=2} \
	-chardev pipe,id=qmp,path="$qmp" -mon chardev=qmp,mode=control \
	</dev/null >"$out/console.log" 2>&1 &
qemu=$!
cat "$qmp.out" > "$out/qmp.log" &
qmplog=$!
# What the guest may ask for, one line on its console each:
#   HVDIAG-RIG-UNPLUG ivsh0|1|2      device_del
#   HVDIAG-RIG-PLUG ivsh1            a new ivshmem-plain (no server) with its
#                                    own 8 MiB of host memory
#   HVDIAG-RIG-PLUG ivsh2            a second ivshmem-doorbell on pf-emu (the
#                                    same shared memory), once
#   HVDIAG-RIG-PORT down|up          pf-emu sends a port-change event (its
#                                    event word, BAR 2 + 0x1018)
tail -n +1 --pid=$qemu -F "$out/console.log" 2>/dev/null |
while read -r a b; do
	b=${b%$'\r'}
	case "$a $b" in
	"HVDIAG-RIG-UNPLUG ivsh0" | "HVDIAG-RIG-UNPLUG ivsh1" | "HVDIAG-RIG-UNPLUG ivsh2")
		echo "{\"execute\": \"device_del\", \"arguments\": {\"id\": \"$b\"}}" >&3
		echo "unplug $b" >> "$out/hotplug.log" ;;
	"HVDIAG-RIG-PLUG ivsh1")
		# QEMU 7.2 crashes (use after free in an fd handler) on a
		# device_add that follows the deletion of an ivshmem device too
		# closely: wait for every DEVICE_DELETED asked for, then a second
		for i in $(seq 100); do
			n=0
			for id in $(sed -n 's/^unplug //p' "$out/hotplug.log" 2>/dev/null); do
				grep -q "\"DEVICE_DELETED\".*\"device\": \"$id\"" "$out/qmp.log" || n=1
			done
			[ $n -eq 0 ] && break
			sleep 0.1
		done
		sleep 1
		echo "{\"execute\": \"object-add\", \"arguments\": {\"qom-type\": \"memory-backend-file\", \"id\": \"hm1\", \"size\": 8388608, \"share\": true, \"mem-path\": \"$out/plain.shm\"}}" >&3
		echo "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"ivshmem-plain\", \"memdev\": \"hm1\", \"id\": \"ivsh1\"}}" >&3
		echo "plug $b" >> "$out/hotplug.log" ;;
	"HVDIAG-RIG-PLUG ivsh2")	# a second doorbell device on pf-emu
		echo "{\"execute\": \"chardev-add\", \"arguments\": {\"id\": \"ivsh2c\", \"backend\": {\"type\": \"socket\", \"data\": {\"server\": false, \"addr\": {\"type\": \"unix\", \"data\": {\"path\": \"$sock\"}}}}}}" >&3
		echo "{\"execute\": \"device_add\", \"arguments\": {\"driver\": \"ivshmem-doorbell\", \"chardev\": \"ivsh2c\", \"vectors\": 4, \"id\": \"ivsh2\"}}" >&3
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
tr -d '\r' < "$out/console.log" | sed -n '/^HVDIAG-DMESG-BEGIN/,/^HVDIAG-DMESG-END/p' |
	grep -v '^HVDIAG-DMESG-' > "$out/kernel.log"
# its first line, and the banner (3.10 prints its cgroup lines before it)
echo "# kernel log: $(head -1 "$out/kernel.log" | sed 's/^\[[ 0-9.]*\] //')" >> "$out/ktap.txt"
echo "# kernel: $(grep -m1 'Linux version' "$out/kernel.log" | sed 's/^\[[ 0-9.]*\] //')" >> "$out/ktap.txt"
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
