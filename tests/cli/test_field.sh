#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Kernel logs as they come from the field: many VFs, crashes of any kernel
# era, old netvsc wording, filtered and cut logs, lines no entry knows.
# Logs are built here from the real lines of tests/fixtures (the seed's
# capture, the Azure captures); where a test changes a line it says which.
set -u
. "$(dirname "$0")/../lib.sh"
SEED=$FIX/seed/dmesg.txt

# mlx4_vfs N IRQS DIR: a bundle whose dmesg.txt repeats the seed's mlx4
# lines for N VFs (domains 0002, 0003, ...), each with IRQS "irq N for
# MSI/MSI-X" lines (the seed's own line, its number counted up).
mlx4_vfs() {
	mkdir -p "$3"
	awk -v n="$1" -v irqs="$2" '
		{ l[NR] = $0 }
		END {
			for (v = 0; v < n; v++) {
				dom = sprintf("%04x", v + 2)
				for (i = 1; i <= NR; i++) {
					s = l[i]
					if (s ~ /irq 40 for MSI/) {
						for (q = 0; q < irqs; q++) {
							t = s
							sub(/irq 40/, "irq " (40 + v * irqs + q), t)
							gsub(/0002:00:02\.0/, dom ":00:02.0", t)
							print t
						}
						continue
					}
					if (s ~ /irq 4[1-8] for MSI/)
						continue
					gsub(/0002:00:02\.0/, dom ":00:02.0", s)
					gsub(/eth2/, "eth" (v + 2), s)
					print s
				}
			}
		}' "$SEED" > "$3/dmesg.txt"
}

# 1. Every line of every VF is judged: a healthy guest with 4 VFs and 33
#    MSI-X lines each passes (a cap on kept lines once failed VF 3 at
#    step 6), and VFs beyond 64 are judged, not dropped.
mlx4_vfs 4 33 "$TMP/vf4"
expect_exit "4 healthy VFs, 33 MSI-X lines each: pass" 0 "$HV" check --root "$TMP/vf4" --only driver
has "4 VFs: every signature step in order for all 4" "^PASS +driver.init.sequence +all [0-9]+ signature steps in order for 4 VF" "$TMP/out"
grep -q "step 6" "$TMP/out"; [ $? -ne 0 ]
ok "4 VFs: no step reported missing" $?

mlx4_vfs 65 9 "$TMP/vf65"
expect_exit "65 healthy VFs: pass" 0 "$HV" check --root "$TMP/vf65" --only driver
has "65 VFs: all 65 judged" "^PASS +driver.init.sequence .* for 65 VF" "$TMP/out"
sed -i '/0042:00:02.0: Port 1: Initializing port/d' "$TMP/vf65/dmesg.txt"	# the 65th VF's port never initialised
expect_exit "65 VFs, the last one incomplete: fail" 1 "$HV" check --root "$TMP/vf65" --only driver
has "65 VFs: the 65th is the one named" "^FAIL +driver.init.sequence +0042:00:02.0: step [0-9]+ of [0-9]+ missing" "$TMP/out"

mlx4_vfs 300 1 "$TMP/vf300"
expect_exit "300 VFs: judged up to the limit" 0 "$HV" check --root "$TMP/vf300" --only driver
has "300 VFs: the limit is said in the report" "note: 44 more VF\(s\) than the 256 a run judges" "$TMP/out"
"$HV" check --root "$TMP/vf300" --only driver --format json > "$TMP/j"
has "300 VFs: the note is in the JSON too" '"notes": \[' "$TMP/j"

# More devices than the log model keeps: said, not silent.
mkdir -p "$TMP/devs"
awk 'BEGIN { for (i = 0; i < 16500; i++)
	printf "[    7.%06d] mlx4_core %04x:00:02.0: Sending reset\n", i, i + 16 }' > "$TMP/devs/dmesg.txt"
"$HV" check --root "$TMP/devs" --only driver > "$TMP/out" 2>&1
has "16500 devices in the log: the kept-entry limit is reported" "note: the kernel log names more devices than the 16384 entries kept" "$TMP/out"

# 2. Kernel-era wording. CentOS 7.3 (3.10) with a healthy ConnectX-4 Lx VF:
#    "hv_netvsc vmbus_11", no "[15b3:1016] type 00" line (KERN_DEBUG there),
#    no "joined to", only "VF registering" / "VF up" / "Data path switched".
C73=$FIX/field/centos73-cx4lx
expect_exit "CentOS 7.3, old netvsc wording: passes" 0 "$HV" check --root "$C73"
has "CentOS 7.3: the sequence passes, the debug-level line optional" "^PASS +driver.init.sequence +the 3 signature steps in order for 1 VF.*1 optional line" "$TMP/out"
"$HV" check --root "$C73" -v --only driver > "$TMP/out"
has "CentOS 7.3: the pairing step is met by 'VF registering'" "log:[0-9]+: .*hv_netvsc vmbus_11 eth0: VF registering: eth1" "$TMP/out"
# each pairing wording alone meets the step; none of them fails it
for w in "VF registering: eth1" "VF up: eth1" "Data path switched to VF: eth1"; do
	d=$TMP/pair; rm -rf "$d"; mkdir -p "$d"
	grep -v -e "VF registering" -e "VF up" -e "Data path switched" "$C73/dmesg.txt" > "$d/dmesg.txt"
	grep -F "$w" "$C73/dmesg.txt" >> "$d/dmesg.txt"
	expect_exit "pairing by '$w' alone" 0 "$HV" check --root "$d" --only driver
done
grep -v -e "VF registering" -e "VF up" -e "Data path switched" "$C73/dmesg.txt" > "$d/dmesg.txt"
expect_exit "no pairing line at all: fails" 1 "$HV" check --root "$d" --only driver
has "no pairing line: the pairing step named" "^FAIL +driver.init.sequence +90e0:00:02.0: step 3 of 3 missing: mlx5_core \{BDF\} \{IF\}: joined to" "$TMP/out"

done_testing
