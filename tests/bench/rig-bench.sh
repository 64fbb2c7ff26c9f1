#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Figures from the last rig run (make rig-check): boot time, time per PF
# scenario, comm-channel step latencies and MSI-X allocate/free time, as
# the guest measured them. Latencies swing on a shared machine: they are
# reported, never judged.
k=${1:-build/rig/ktap.txt}
t=${2:-build/rig/timings}
[ -f "$k" ] || { echo "rig: no run yet (make rig-check)"; exit 0; }
[ -f "$t" ] && sed 's/^/rig: /' "$t"
sed -n 's/.*# boot_to_init_s \([0-9.]*\).*/rig: guest kernel boot to init \1 s/p' "$k"
sed -n 's/.*# scenario \([a-z_]*\) ms \([0-9]*\).*/\1 \2/p' "$k" |
	awk '{ printf "rig: scenario %-14s %6d ms\n", $1, $2 }'
# step latencies of the healthy run (first mlx4_comm output)
awk '/# device .* vhcr_dma/ { n++ } n == 1 && /# step / { printf "rig: comm healthy step %-8s %6d us\n", $3, $5 }' "$k"
sed -n 's/.*# device .* vectors \([0-9]*\) alloc_us \([0-9]*\).*/rig: msix allocate \1 vectors \2 us/p' "$k"
sed -n 's/.*# free_us \([0-9]*\).*/rig: msix free \1 us/p' "$k"
# traffic over the emulated mlx4 VF (tests/rig/guest/mlx4-up.sh)
sed -n 's/.*# traffic \(.*\)/rig: mlx4 traffic \1/p' "$k"
