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
has "300 VFs: the limit is said in the report" "note: 44 more VF\(s\) than the 256 the pci, irq and net checks judge; the driver checks judge all 300" "$TMP/out"
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

# 3. The profile is chosen per VF by what fits, and the report says why.
#    An inbox mlx4 guest (RHEL 7.5, syslog lines of LIS issue 556) shows
#    no OFED evidence: the inbox profile, not OFED's (once taken on a tie).
R75=$FIX/field/rhel75-mlx4-inbox
"$HV" check --root "$R75" > "$TMP/out" 2>&1
has "inbox mlx4: judged by the inbox profile" "^  VF 0001:00:02.0 -> mlx4: " "$TMP/out"
has "inbox mlx4: why not OFED is said" "not mlx4-ofed-3.10: none of its detect lines is in the log" "$TMP/out"
grep -qF "irq {N} for MSI" "$TMP/out"; [ $? -ne 0 ]
ok "inbox mlx4: not failed on the OFED-era MSI-X line" $?
# the seed (OFED 4.2): its version banner picks the OFED profile
"$HV" check --root "$FIX/seed" > "$TMP/out" 2>&1
has "OFED seed: the banner is the evidence" "VF 0002:00:02.0 -> mlx4-ofed-3.10: PCI id 15b3:1004 \(lspci text\); mlx4-ofed-3.10's evidence in the log: log:2: mlx4_core: Mellanox ConnectX core driver v4.2-1.2.0" "$TMP/out"
# the inbox banner (v4.0-0) is no OFED evidence: the same log with it
d=$(seed_copy inboxbanner)
sed -i -e '/mlx_compat/d' -e '/irq 4[0-9] for MSI/d' -e 's/core driver v4.2-1.2.0/core driver v4.0-0/' "$d/dmesg.txt"
"$HV" check --root "$d" > "$TMP/out" 2>&1
has "inbox banner v4.0-0: the inbox profile" "VF 0002:00:02.0 -> mlx4: " "$TMP/out"

# Two families in one guest: the seed's ConnectX-3 lines and the Azure
# CX-5 boot log's lines in one dmesg.txt (both real, concatenated); each VF
# is judged by its own profile.
mkdir -p "$TMP/mixed"
cat "$FIX/azure-cx5/dmesg.txt" "$SEED" > "$TMP/mixed/dmesg.txt"
expect_exit "mlx4 and mlx5 VFs in one guest pass" 0 "$HV" check --root "$TMP/mixed"
has "mixed: the mlx4 VF by its profile" "VF 0002:00:02.0 -> mlx4-ofed-3.10:" "$TMP/out"
has "mixed: an mlx5 VF by its profile" "VF 1a65:00:02.0 -> mlx5: PCI id 15b3:1018 from the kernel log" "$TMP/out"
has "mixed: every VF's signature in order" "^PASS +driver.init.sequence +each VF's signature in order, 3 VF\(s\) of 2 profiles" "$TMP/out"
"$HV" check --root "$TMP/mixed" --format json > "$TMP/j"
has "mixed JSON: the top-level profile stays" '^  "profile": "mlx(4-ofed-3.10|5)",' "$TMP/j"
has "mixed JSON: one entry per VF with its reason" '"vf": "927a:00:02.0",' "$TMP/j"
has "mixed JSON: reasons" '"reason": "PCI id 15b3:1018 from the kernel log; the only profile for it"' "$TMP/j"
"$HV" check --root "$TMP/mixed" --format junit > "$TMP/x"
has "mixed JUnit: a property per VF" '<property name="profile.vf.0002:00:02.0" value="mlx4-ofed-3.10: ' "$TMP/x"
"$HV" check --root "$TMP/mixed" --format tap > "$TMP/t"
has "mixed TAP: the choice as a comment" "^# profile of VF 1a65:00:02.0: mlx5 \(" "$TMP/t"
"$HV" check --root "$TMP/mixed" --format prom > "$TMP/p"
has "mixed Prometheus: VFs per profile" '^hvdiag_profile_vfs\{profile="mlx5"\} 2$' "$TMP/p"
has "mixed Prometheus: the mlx4 VF" '^hvdiag_profile_vfs\{profile="mlx4-ofed-3.10"\} 1$' "$TMP/p"
# a failure of the mlx5 VF is named with mlx5's step, not mlx4's
sed -i '/1a65:00:02.0: firmware version/d' "$TMP/mixed/dmesg.txt"
expect_exit "mixed, the mlx5 VF broken: fails" 1 "$HV" check --root "$TMP/mixed" --only driver
has "mixed: the mlx5 VF named with its own step" "^FAIL +driver.init.sequence +1a65:00:02.0: step 2 of 3 missing: mlx5_core \{BDF\}: firmware version" "$TMP/out"
# a guest with VFs of two families (the shipped mana profile): the CX-5
# boot log and the real MANA lines of vyos-1x PR 5338 (mana-vyos-2nic) in
# one log: each VF judged by its own family
mkdir -p "$TMP/mana-mlx5"
cat "$FIX/azure-cx5/dmesg.txt" "$FIX/mana-vyos-2nic/dmesg.txt" > "$TMP/mana-mlx5/dmesg.txt"
"$HV" check --root "$TMP/mana-mlx5" --only driver > "$TMP/out"
has "mlx5 + MANA: the MANA VF by the MANA profile" "^  VF 7870:00:00.0 -> mana: no PCI data; the driver's lines name it" "$TMP/out"
has "mlx5 + MANA: the mlx5 VFs by mlx5" "^  VF 927a:00:02.0 -> mlx5: " "$TMP/out"
has "mlx5 + MANA: each by its own signature" "^PASS +driver.init.sequence +each VF's signature in order, 3 VF\(s\) of 2 profiles" "$TMP/out"
# the MANA VF broken: named with MANA's step and remedy, not mlx5's
sed -i '/Microsoft Azure Network Adapter protocol version/d' "$TMP/mana-mlx5/dmesg.txt"
expect_exit "mlx5 + MANA, the MANA VF broken: fails" 1 "$HV" check --root "$TMP/mana-mlx5" --only driver
has "mlx5 + MANA: the MANA step" "^FAIL +driver.init.sequence +7870:00:00.0: step 1 of 2 missing: mana \{BDF\}: Microsoft Azure Network Adapter" "$TMP/out"
has "mlx5 + MANA: the MANA remedy" "remedy: mana: " "$TMP/out"
# any set of profiles: a data directory with one more profile (a stand-in
# written here, not shipped) for a device id of its own
mkdir -p "$TMP/data"
cp -r "$FIX/../../profiles" "$FIX/../../kb" "$FIX/../../patches" "$TMP/data/"
cat > "$TMP/data/profiles/cx5-test.profile" <<'PROF'
profile       cx5-test
description   ConnectX-5 VF only (a test profile)
vendor        15b3
device        1018
driver        mlx5_core
platform      hyperv
sig           mlx5_core {BDF}: firmware version: {N}.{N}.{N}
PROF
HVDIAG_DATADIR=$TMP/data "$HV" check --root "$FIX/azure-cx5" --only driver > "$TMP/out"
has "one more profile: picked by fit, said why" "^  VF 927a:00:02.0 -> mlx5: PCI id 15b3:1018 from the kernel log; not cx5-test: 1 of its signature steps fit, 3 of mlx5's" "$TMP/out"
# --profile: only that profile's VFs, and said so
"$HV" check --root "$FIX/seed" --profile mlx4 > "$TMP/out" 2>&1
has "--profile: the reason says it was given" "VF 0002:00:02.0 -> mlx4: PCI id 15b3:1004 \(lspci text\); profile given with --profile" "$TMP/out"

# 4. Crashes and warnings of any kernel era, placed by their RIP line and
#    first frames (fixtures/field/*/SOURCE: each a real report).
F=$FIX/field
expect_exit "4.9 general protection fault: fails" 1 "$HV" check --root "$F/gpf-hvpci-4.9" --only driver -v
has "GPF: named, placed in pci_hyperv by the first reliable frame" "^FAIL +driver.errors .*kernel.oops in hv_irq_unmask \[pci_hyperv\]" "$TMP/out"
has "GPF: evidence, the first line" "log:[0-9]+: .*general protection fault: 0000 \[#1\] SMP" "$TMP/out"
has "GPF: evidence, the frame naming the module" "log:[0-9]+: .*hv_irq_unmask\+0x10e/0x140 \[pci_hyperv\]" "$TMP/out"
# no VF line at all (mlx4_core crashed in its probe): the family from the
# trace's modules, said so; the sequence skips, not fails
"$HV" check --root "$F/gpf-hvpci-4.9" > "$TMP/out"
has "GPF: the profile from the crash trace's mlx4_core frames" "^  profile: auto: no VF named; the mlx4_core module in a crash report \(log:83\)" "$TMP/out"
has "GPF: no VF to follow through the signature" "^SKIP +driver.init.sequence +no VF of mlx4 named" "$TMP/out"
expect_exit "6.17 arm64 oops in MANA: fails" 1 "$HV" check --root "$F/oops-mana-arm64-6.17" --only driver -v
has "arm64 oops: placed by its pc line" "^FAIL +driver.errors .*kernel.oops in mana_smc_poll_register" "$TMP/out"
has "arm64 oops: the pc line is evidence" "pc : mana_smc_poll_register\+0x48/0xb0" "$TMP/out"
# a driver built into the kernel has no [module] in the trace: its family
# from the functions' names (mana_detach, mana_smc_poll_register)
expect_exit "6.14 oops reached from built-in mana: fails" 1 "$HV" check --root "$F/oops-mana-hibernate-6.14" --only driver
has "built-in: the profile from the trace's mana_detach" "^  profile: auto: no VF named; mana_detach in a crash report \(log:2\) is mana's" "$TMP/out"
has "built-in: the oops named" "^FAIL +driver.errors .*kernel.oops in down_write" "$TMP/out"
"$HV" check --root "$F/oops-mana-arm64-6.17" --only driver > "$TMP/out"
has "arm64 built-in: the profile from the pc function" "^  profile: auto: no VF named; mana_smc_poll_register in a crash report \(log:1\) is mana's" "$TMP/out"
# a line the VF's driver prints with its address, known to no profile
# ("mana 7870:00:00.0 enP30832s1: Moved VF to namespace with: eth0")
expect_exit "6.16 netns oops: fails" 1 "$HV" check --root "$F/oops-netns-mana-6.16" --only driver
has "netns: the VF from netvsc's namespace line" "^  VF 7870:00:00.0 -> mana: no PCI data; the driver's lines name it \(log:1\)" "$TMP/out"
has "netns: no bring-up lines, skipped" "^SKIP +driver.init.sequence +7870:00:00.0: the kernel log holds none of mana's bring-up lines" "$TMP/out"
"$HV" explain "mana 7870:00:00.0 enP30832s1: Moved VF to namespace with: eth0" > "$TMP/out"
has "netns: the line is known and harmless" "^net.vf.netns: " "$TMP/out"
expect_exit "WARNING called from the MANA driver: fails" 1 "$HV" check --root "$F/warning-mana-rxq-5.14" --only driver
has "MANA WARNING: an SR-IOV driver's warning" "^FAIL +driver.errors .*kernel.warning.sriov in xdp_rxq_info_unreg, called from mana_destroy_rxq \[mana\]" "$TMP/out"
expect_exit "WARNING in io_uring on a Hyper-V guest: only warns" 0 "$HV" check --root "$F/warning-io-uring-5.10" --only driver
has "io_uring WARNING: a warning outside the VF path" "^WARN +driver.errors .*kernel.warning in refcount_warn_saturate" "$TMP/out"
grep -q "kernel.warning.sriov" "$TMP/out"; [ $? -ne 0 ]
ok "io_uring WARNING: netvsc and vmbus in 'Modules linked in' do not place it" $?
# a WARNING the log cuts before its RIP line and trace (the oracle-linux
# capture): where it is cannot be told, so it counts as a failure
mkdir -p "$TMP/cut"
cp "$FIX/captures/dmesg-mlx5-ofed-devlink-warning--oracle-linux-issue-85.txt" "$TMP/cut/dmesg.txt"
expect_exit "a WARNING cut before its trace: fails" 1 "$HV" check --root "$TMP/cut" --only driver
has "cut WARNING: said why" "^FAIL +driver.errors .*kernel.warning.unplaced in devlink_alloc \(the log shows no RIP line or trace\)" "$TMP/out"
# the 3.10 backport's oops (existing fixture): still named by its entry
expect_exit "3.10 oops after hv_pci registration" 1 "$HV" check --root "$FIX/oops-msi" --only driver
has "3.10 oops: the backport entry, and the generic oops" "hvpci.msi_ops_left_behind.*kernel.oops" "$TMP/out"

# A report cut in two by the parallel scan of a big log: the second part's
# first lines complete it, as one pass would. Filler lines of one length
# put the middle of the file, where the cut falls, just after the report's
# first line.
mkdir -p "$TMP/crashcut"
sed -n '/general protection fault/,$p' "$F/gpf-hvpci-4.9/dmesg.txt" > "$TMP/block"
c=$(wc -c < "$TMP/block")
d=$(( $(head -1 "$TMP/block" | wc -c) + 16 ))
na=150000
filler() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "[%12.6f] systemd[1]: Started filler unit %018d.\n", i / 1000.0, i }'; }
l=$(filler 1 | wc -c)
nb=$(( na + (2 * d - c) / l ))
{ filler $na; cat "$TMP/block"; filler $nb; } > "$TMP/crashcut/dmesg.txt"
for j in 1 2; do
	HVDIAG_JOBS=$j "$HV" check --root "$TMP/crashcut" --only driver -v --format json > "$TMP/cc-$j.json"
done
has "report across the cut: placed by the line after the cut" "kernel.oops in hv_irq_unmask \[pci_hyperv\]" "$TMP/cc-2.json"
cmp -s "$TMP/cc-1.json" "$TMP/cc-2.json"
ok "report across the cut: 2 parts give the report of one pass" $?

# 5. Partial logs: filtered, cut, rotated. A missing step is evidence only
#    where the log could show it.
O44=$F/ofed-4.4.113
expect_exit "OFED 4.4.113, a 'grep -E mlx|netvsc' log: passes" 0 "$HV" check --root "$O44"
has "4.4.113: the filter is said" "note: the kernel log looks filtered: each of its 36 lines holds 'hv_' or 'mlx'" "$TMP/out"
has "4.4.113: no boot lines said" "note: the kernel log has no boot lines \(no 'Linux version'\): it starts at 2.298 s" "$TMP/out"
has "4.4.113: the sequence passes without the 3.10-era MSI-X lines" "^PASS +driver.init.sequence " "$TMP/out"
# the same guest's log put through 'grep VF': netvsc lines only
mkdir -p "$TMP/grepvf"
cp "$O44/lspci-vvv.txt" "$TMP/grepvf/"
grep VF "$O44/dmesg.txt" > "$TMP/grepvf/dmesg.txt"
expect_exit "a 'grep VF' log of a healthy guest: no failure" 0 "$HV" check --root "$TMP/grepvf"
has "grep VF: the sequence skips, saying why" "^SKIP +driver.init.sequence +0002:00:02.0: the kernel log holds no line of mlx4_core naming it; it looks filtered: every line holds '[A-Za-z_]+'" "$TMP/out"
# a log that starts long after boot (the oracle-linux capture, 53259 s):
# the seed's VF does not show in it, and that is no failure
mkdir -p "$TMP/late"
cp "$FIX/seed/lspci-vvv.txt" "$TMP/late/"
cp "$FIX/captures/dmesg-mlx5-ofed-devlink-warning--oracle-linux-issue-85.txt" "$TMP/late/dmesg.txt"
"$HV" check --root "$TMP/late" --only driver > "$TMP/out"
has "late log: the sequence skips" "^SKIP +driver.init.sequence +0002:00:02.0: the kernel log holds no line of mlx4_core naming it; it has no boot lines and starts at 53259.509 s" "$TMP/out"
# but a whole boot log that never names the VF (the seed's lspci with the
# CentOS 7.3 boot log, which has no mlx4 line) is evidence: it fails
mkdir -p "$TMP/whole"
cp "$FIX/seed/lspci-vvv.txt" "$TMP/whole/"
cp "$C73/dmesg.txt" "$TMP/whole/dmesg.txt"
expect_exit "a whole boot log without the VF's driver: fails" 1 "$HV" check --root "$TMP/whole" --only driver
has "whole log: step 1 missing" "^FAIL +driver.init.sequence +0002:00:02.0: step 1 of [0-9]+ missing" "$TMP/out"
# a log that ends right after a step (LIS 556: the excerpt stops before
# "joined to"): warned, not failed
expect_exit "a log that ends before the last step: no failure" 0 "$HV" check --root "$R75" --only driver
has "log ends: warned with the step not seen" "^WARN +driver.init.sequence +0001:00:02.0: the log ends 3 line\(s\) after step 6; step 7 of 7 not seen" "$TMP/out"
# ...unless the VF's own failure line is there: the seed cut after step 1
# with the comm channel's offline lines (test_check case 3) still fails
d=$(seed_copy offline)
sed -i '/Sending reset/,$d' "$d/dmesg.txt"
echo "[   37.000000] mlx4_core 0002:00:02.0: Communication channel is offline." >> "$d/dmesg.txt"
expect_exit "a known failure right before the end still fails" 1 "$HV" check --root "$d" --only driver
has "known failure: step 2 missing" "^FAIL +driver.init.sequence +0002:00:02.0: step 2 of 9 missing" "$TMP/out"

# 6. What the log's boot lines say: the kernel release ("Linux version")
#    and Hyper-V ("Hypervisor detected: Microsoft HyperV" on 3.x/4.x, the
#    hv_vmbus, hv_pci and netvsc lines)
"$HV" check --root "$C73" --format json > "$TMP/j"
has "release from 'Linux version'" '"kernel_release": "3.10.0-514.26.2.el7.x86_64"' "$TMP/j"
"$HV" check --root "$F/gpf-hvpci-4.9" -v --only platform > "$TMP/out"
has "release in the text header" "kernel 4.9.40-eve-ng-ukms-2\+$" "$TMP/out"
has "Hyper-V from the old 'Microsoft HyperV' wording" "^PASS +platform.hyperv +the kernel log shows a Hyper-V guest" "$TMP/out"
has "Hyper-V evidence: the detection line" "log:[0-9]+: Hypervisor detected: Microsoft HyperV" "$TMP/out"
"$HV" check --root "$R75" -v --only platform > "$TMP/out"
has "Hyper-V from netvsc lines of a syslog excerpt" "^PASS +platform.hyperv .*" "$TMP/out"
has "netvsc line as evidence" "log:1: hv_netvsc .*Data path switched from VF" "$TMP/out"

# 7. Error lines no entry knows are said, not passed over: mlx5's flow
#    steering teardown errors (mlx5-flow-steering-5.7, a real hot removal)
expect_exit "two mlx5 error lines no entry knows: warn" 0 "$HV" check --root "$F/mlx5-flow-steering-5.7" --only driver -v
has "unrecognised lines counted" "^WARN +driver.errors +2 unrecognised error line\(s\) of the VF, pci-hyperv, netvsc or vmbus drivers" "$TMP/out"
has "unrecognised line shown" "log:1: \[ 1486.197990\] mlx5_core ae9f:00:02.0: del_hw_flow_table:454:\(pid 990\): flow steering can't destroy ft" "$TMP/out"
expect_exit "explain: a line no entry knows has its own exit status" 3 "$HV" explain "mlx5_core ae9f:00:02.0: del_hw_flow_table:454:(pid 990): flow steering can't destroy ft"
has "explain: listed as an unrecognised error line" "unrecognised error line of a VF, pci-hyperv, netvsc or vmbus driver" "$TMP/out"
grep -q "no known failure matched" "$TMP/out"; [ $? -ne 0 ]
ok "explain: not 'no known failure matched'" $?
# a line a KB entry knows is not unrecognised, in check and in explain
mkdir -p "$TMP/kn"
echo "[   37.000000] mlx4_core 0002:00:02.0: Communication channel is offline." > "$TMP/kn/dmesg.txt"
"$HV" check --root "$TMP/kn" --only driver > "$TMP/out"
grep -q "unrecognised" "$TMP/out"; [ $? -ne 0 ]
ok "a known failure line is not also unrecognised" $?
# healthy logs hold none (harmless lines known as such: OFED's unsigned
# module, ib_query_pkey, the vPCI bridge's _DSM)
for d in "$FIX/seed" "$O44" "$C73" "$FIX/azure-cx5"; do
	"$HV" check --root "$d" --only driver > "$TMP/out"
	grep -q "unrecognised" "$TMP/out"; [ $? -ne 0 ]
	ok "healthy $(basename "$d"): no unrecognised line" $?
	"$HV" explain < "$d/dmesg.txt" > /dev/null
	[ $? -ne 3 ]
	ok "healthy $(basename "$d"): explain finds no unrecognised line" $?
done
"$HV" explain --help > "$TMP/out"
has "explain --help documents exit 3" "3 an unrecognised error line" "$TMP/out"

# explain follows a report's lines too, and says where it happened
sed -n '/general protection fault/,$p' "$F/gpf-hvpci-4.9/dmesg.txt" | "$HV" explain > "$TMP/out"
has "explain: the GPF placed" "where: +in hv_irq_unmask \[pci_hyperv\]" "$TMP/out"
has "explain: its entry" "^kernel.oops: " "$TMP/out"
"$HV" explain < "$F/warning-mana-rxq-5.14/dmesg.txt" > "$TMP/out"
has "explain: the MANA WARNING is an SR-IOV driver's" "^kernel.warning.sriov: " "$TMP/out"

done_testing
