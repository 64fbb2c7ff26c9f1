#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The rig: build hvdiag.ko against Debian's headers, an initramfs, start
# pf-emu (ivshmem server + mlx4 PF), boot Debian's kernel under QEMU TCG
# with an ivshmem-doorbell device, and bring the guest's KTAP back.
# Output: build/rig/ktap.txt, console.log, pf-emu.log, timings.
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
	"$top/lib/mlx4_pf.c" "$top/lib/mlx4_comm.c" || fail "pf-emu build failed"
[ -f "$out/vmlinux.$krel" ] || "$top/tests/rig/extract-vmlinux.sh" "$vmlinuz" "$out/vmlinux.$krel" ||
	fail "cannot extract vmlinux"
"$top/tests/rig/build-initramfs.sh" "$out/initrd.gz" "$top/kmod/hvdiag.ko" "$krel" || fail "initramfs failed"
t1=$(date +%s.%N)

sock=$out/ivshmem.sock
rm -f "$sock"
# guest RAM in a file both QEMU and pf-emu map: the PF writes VHCR status
rm -f "$out/guest-ram"
truncate -s 512M "$out/guest-ram"
"$out/pf-emu" --socket "$sock" --shm "$out/bar2.shm" --vectors 4 --seconds 170 \
	--guest-ram "$out/guest-ram" \
	--report "$out/pf-emu.log" 2>"$out/pf-emu.err" &
pf=$!
for i in $(seq 100); do [ -S "$sock" ] && break; sleep 0.05; done
[ -S "$sock" ] || fail "pf-emu did not start"
timeout 160 qemu-system-x86_64 -accel tcg,thread=multi -smp 2 -m 512 -nographic \
	-object memory-backend-file,id=ram,size=512M,mem-path="$out/guest-ram",share=on \
	-machine memory-backend=ram \
	-vga none -nic none -no-reboot -kernel "$out/vmlinux.$krel" -initrd "$out/initrd.gz" \
	-append "console=ttyS0 panic=-1 quiet loglevel=4${RIG_ONLY:+ hvdiag_rig_only=$RIG_ONLY}" \
	-chardev socket,path="$sock",id=ivsh -device ivshmem-doorbell,chardev=ivsh,vectors=4 \
	</dev/null >"$out/console.log" 2>&1
qrc=$?
kill $pf 2>/dev/null; wait $pf 2>/dev/null
rm -f "$out/guest-ram"
t2=$(date +%s.%N)
tr -d '\r' < "$out/console.log" | sed -n '/HVDIAG-RIG-BEGIN/,/^HVDIAG-RIG-END/p' |
	grep -v '^HVDIAG-RIG-' > "$out/ktap.txt"
[ -s "$out/ktap.txt" ] || fail "no KTAP from the guest (qemu exit $qrc; see $out/console.log)"
# The PF must have seen, in 16-bit slices, the VHCR address the guest used.
gdma=$(grep -m1 'vhcr_dma' "$out/ktap.txt" | sed -n 's/.*vhcr_dma \(0x[0-9a-f]*\).*/\1/p')
hdma=$(sed -n 's/^fault healthy .* vhcr \(0x[0-9a-f]*\)$/\1/p' "$out/pf-emu.log" | head -1)
if [ -n "$gdma" ] && [ "$gdma" = "$hdma" ]; then
	echo "ok 5 host_pf_got_the_guest_vhcr_address" >> "$out/ktap.txt"
elif [ -n "${RIG_ONLY:-}" ] && [ -z "$gdma" ]; then
	echo "ok 5 host_pf_got_the_guest_vhcr_address # SKIP RIG_ONLY=$RIG_ONLY" >> "$out/ktap.txt"
else
	echo "# guest vhcr_dma '$gdma', pf-emu saw '$hdma'" >> "$out/ktap.txt"
	echo "not ok 5 host_pf_got_the_guest_vhcr_address" >> "$out/ktap.txt"
fi
awk -v b="$t1" -v a="$t0" -v c="$t2" 'BEGIN { printf "build_s %.1f\nboot_and_tests_s %.1f\n", b - a, c - b }' > "$out/timings"
