# SPDX-License-Identifier: GPL-2.0
# Pick pf-emu's fault mode through its mailbox in BAR 2's second page:
#   scenario BDF FAULT_NUMBER [LATE_US [TIER [FN_FAULT]]]   (numbers as in
#   lib/mlx4_pf.h; TIER 2 makes pf-emu answer mlx4's first queries, 0 fails
#   the first, 4 emulates the whole function with FN_FAULT of mlx4-fn.h)
scenario() {
	base=$(($(sed -n 3p /sys/bus/pci/devices/$1/resource | cut -d' ' -f1)))
	# continue from what pf-emu last saw, whichever script set it
	SEQ=$(($(devmem $((base + 0x1000)) 32) + 1))
	devmem $((base + 0x1004)) 32 $2
	devmem $((base + 0x1008)) 32 ${3:-0}
	devmem $((base + 0x1010)) 32 ${4:-0}
	devmem $((base + 0x1014)) 32 ${5:-0}
	devmem $((base + 0x1000)) 32 $SEQ
	i=0
	while [ $i -lt 500 ]; do
		[ $(($(devmem $((base + 0x100c)) 32))) -eq $SEQ ] && return 0
		i=$((i + 1))
		usleep 10000
	done
	return 1
}
