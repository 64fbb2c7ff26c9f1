#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# hvdiag check on the seed bundle and on broken variants of it.
# The variants are made here from the real capture by the edits each one
# names (what the kernel prints in that failure, facts hyperv-sriov.md).
set -u
. "$(dirname "$0")/../lib.sh"

# 1. the seed: every check with input passes, the rest skip
expect_exit "seed bundle passes" 0 "$HV" check --root "$FIX/seed"
has "seed: profile picked by auto" "profile mlx4-ofed-3.10" "$TMP/out"
for id in pci.vf.present pci.vf.bars pci.vf.msix pci.vf.command pci.vf.driver \
	  driver.init.sequence driver.errors net.vf.bonded net.vf.flaps; do
	has "seed: $id passes" "^PASS +$id " "$TMP/out"
done
for id in kernel.config vmbus.up irq.vf.spread net.ip.placement rdma.port; do
	has "seed: $id skips with a reason" "^SKIP +$id +[a-z]" "$TMP/out"
done
has "seed: no failure" "9 passed, 0 failed" "$TMP/out"

# 2. BAR 2 never assigned (3.10 untyped vPCI windows, facts §4)
d=$(seed_copy bar)
sed -i 's/Region 2: Memory at fe0000000/Region 2: Memory at <unassigned>/' "$d/lspci-vvv.txt"
sed -i '3a [    6.984000] pci 0002:00:02.0: BAR 2: can'"'"'t assign mem pref (size 0x800000)' "$d/dmesg.txt"
expect_exit "unassigned BAR fails" 1 "$HV" check --root "$d"
has "unassigned BAR: pci.vf.bars fails" "^FAIL +pci.vf.bars +1 BAR" "$TMP/out"
has "unassigned BAR: driver.errors names pci.bar.assign" "^FAIL +driver.errors .*pci.bar.assign" "$TMP/out"
has "unassigned BAR: remedy names the window-type patch" "patch: +patches/3.10.108" "$TMP/out"

# 3. comm channel offline: the driver stops after slave mode detection
d=$(seed_copy comm)
sed -i '/Sending reset/,$d' "$d/dmesg.txt"
echo "[   37.000000] mlx4_core 0002:00:02.0: Communication channel is offline." >> "$d/dmesg.txt"
echo "[   37.000100] mlx4_core 0002:00:02.0: PF is not responsive, skipping initialization" >> "$d/dmesg.txt"
expect_exit "comm channel offline fails" 1 "$HV" check --root "$d"
has "comm offline: sequence fails at step 2" "^FAIL +driver.init.sequence +0002:00:02.0: step 2 of 9 missing" "$TMP/out"
has "comm offline: driver.errors names mlx4.comm.offline" "^FAIL +driver.errors .*mlx4.comm.offline" "$TMP/out"
has "comm offline: cause given" "cause: +The VF read its comm channel as offline" "$TMP/out"

# 4. VF not bonded: no "joined to", and ip addr shows the VF on its own
d=$(seed_copy bond)
sed -i '/joined to/d' "$d/dmesg.txt"
cat > "$d/ip-addr.txt" <<'IP'
2: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
    link/ether 00:15:5d:01:02:03 brd ff:ff:ff:ff:ff:ff
    inet 10.0.0.5/24 brd 10.0.0.255 scope global eth1
4: enP2p0s2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
    link/ether 00:15:5d:01:02:03 brd ff:ff:ff:ff:ff:ff
    inet 10.0.0.6/24 brd 10.0.0.255 scope global enP2p0s2
IP
mkdir -p "$d/sys/class/net/enP2p0s2/device"
rmdir "$d/sys/class/net/enP2p0s2/device"
ln -s ../../../devices/vmbus/0002:00:02.0 "$d/sys/class/net/enP2p0s2/device"
echo 0x1003 > "$d/sys/class/net/enP2p0s2/flags"
mkdir -p "$d/sys/class/net/eth1"
echo 0x1003 > "$d/sys/class/net/eth1/flags"
expect_exit "unbonded VF fails" 1 "$HV" check --root "$d"
has "unbonded: net.vf.bonded fails" "^FAIL +net.vf.bonded " "$TMP/out"
has "unbonded: VF address flagged" "^FAIL +net.ip.placement +1 address" "$TMP/out"

# 5. all VF interrupts on CPU 0 (patch 0004 missing), from /proc/interrupts
d=$(seed_copy irq)
mkdir -p "$d/proc"
{
	echo "            CPU0       CPU1       CPU2       CPU3"
	for i in 40 41 42 43 44 45 46 47 48; do
		printf ' %d:      %5d          0          0          0  Hyper-V PCIe MSI %d-edge      mlx4-%d@0002:00:02.0\n' \
			$i $((i * 37)) $i $((i - 39))
	done
} > "$d/proc/interrupts"
expect_exit "interrupts on one CPU fail" 1 "$HV" check --root "$d" --only irq
has "irq: irq.vf.spread fails" "^FAIL +irq.vf.spread +all [0-9]+ VF interrupts were counted on one CPU" "$TMP/out"
has "irq: remedy names 0004" "0004-Fix-the-interrupt-affinity-issue" "$TMP/out"
for i in 40 41 42 43 44 45 46 47 48; do
	mkdir -p "$d/proc/irq/$i"
	echo 0 > "$d/proc/irq/$i/effective_affinity_list"
done
expect_exit "effective affinity on one CPU fails" 1 "$HV" check --root "$d" --only irq
has "irq: affinity verdict" "all 9 VF vectors target one CPU" "$TMP/out"
for i in 40 41 42 43 44 45 46 47 48; do echo $((i % 4)) > "$d/proc/irq/$i/effective_affinity_list"; done
sed -i 's/^\( 4[1357]:\)      \( *[0-9]*\)          0/\1          0     \2/' "$d/proc/interrupts"
expect_exit "spread interrupts pass" 0 "$HV" check --root "$d" --only irq
has "irq: spread passes" "^PASS +irq.vf.spread +9 VF vectors over 4 CPUs" "$TMP/out"

# 6. kernel config: the seed's real .config passes; an edited copy names the gap
expect_exit "seed kernel config passes" 0 "$HV" check --root "$FIX/seed" --only kconfig \
	--kconfig "${SEED_CONFIG:-$FIX/seed/kernel-config-3.10.108}"
has "kconfig: all required options set (MANA, which 3.10 predates, warns)" "^WARN +kernel.config +all 14 required options set" "$TMP/out"
sed 's/^CONFIG_PCI_HYPERV=m/# CONFIG_PCI_HYPERV is not set/' \
	"${SEED_CONFIG:-$FIX/seed/kernel-config-3.10.108}" > "$TMP/config"
expect_exit "config without PCI_HYPERV fails" 1 "$HV" check --root "$FIX/seed" --only kconfig --kconfig "$TMP/config"
has "kconfig: names CONFIG_PCI_HYPERV" "CONFIG_PCI_HYPERV=n: not set; needs m: Hyper-V virtual PCI" "$TMP/out"

# 7. explicit profile of another kind: the VF is not of that profile
expect_exit "mlx5 profile on a CX-3 bundle fails" 1 "$HV" check --root "$FIX/seed" --profile mlx5
has "wrong profile: suggests auto" "try --profile auto" "$TMP/out"

# 8. usage errors exit 2 with a message
expect_exit "unknown format" 2 "$HV" check --format yaml
has "unknown format named" "unknown format 'yaml'" "$TMP/err"
expect_exit "unknown group" 2 "$HV" check --only pci,bogus
expect_exit "unknown profile" 2 "$HV" check --root "$FIX/seed" --profile nope
expect_exit "missing root" 2 "$HV" check --root "$TMP/does-not-exist"
has "missing root explained" "cannot read '.*does-not-exist'" "$TMP/err"
expect_exit "unknown command" 2 "$HV" frobnicate
for c in check collect lsvmbus exercise kconfig tree ktap profiles explain; do
	"$HV" $c --help > "$TMP/out" 2>&1
	r=$?
	[ $r -eq 0 ] && grep -q "^usage: hvdiag $c" "$TMP/out"
	ok "$c --help: usage, exit 0" $?
	"$HV" --help | grep -q "^  $c "
	ok "hvdiag --help lists $c" $?
done
for c in check lsvmbus exercise kconfig tree ktap explain; do
	grep -q "exit status" <("$HV" $c --help)
	ok "$c --help documents its exit status" $?
done

# 9. a sosreport holding the seed's captures: same verdicts
expect_exit "sosreport root passes" 0 "$HV" check --root "$FIX/sosreport-seed"
has "sosreport: recognised" "sosreport source" "$TMP/out"
has "sosreport: 9 passed" "9 passed, 0 failed" "$TMP/out"

# 10. a real Azure boot log with two ConnectX-5 VFs (kernel 6.8), log only
expect_exit "Azure CX-5 boot log passes" 0 "$HV" check --root "$FIX/azure-cx5" -v
has "cx5: mlx5 profile picked" "profile mlx5," "$TMP/out"
has "cx5: both VFs followed through the signature" "all 3 signature steps in order for 2 VF\(s\)" "$TMP/out"
has "cx5: domain from instance bytes 4-5" "vmbus 9970f259-1a65-4a22-bce2-500aee5b8543 -> domain 1a65 -> 1a65:00:02.0" "$TMP/out"
has "cx5: vmbus version from the log" "vmbus connected, protocol 4.0" "$TMP/out"

d=$(rm -rf "$TMP/cx5" && cp -r "$FIX/azure-cx5" "$TMP/cx5" && echo "$TMP/cx5")
sed -i 's/PCI host bridge to bus 927a:00/PCI host bridge to bus 927b:00/' "$d/dmesg.txt"
sed -i 's/ 927a:00:02.0/ 927b:00:02.0/g' "$d/dmesg.txt"
expect_exit "a domain that does not follow from its GUID warns" 0 "$HV" check --root "$d" --only vmbus
has "cx5: odd domain named" "^WARN +vmbus.pci_domain" "$TMP/out"

cp "$FIX/azure-cx5/dmesg.txt" "$d/dmesg.txt"
sed -i '/PCI host bridge to bus 927a:00/i [   15.842000] hv_pci d3cbd5f3-927a-45ec-985d-2ddb43e90b83: Need 0x100000 of high MMIO space. Consider reconfiguring the VM.' "$d/dmesg.txt"
expect_exit "hv_pci MMIO shortage fails" 1 "$HV" check --root "$d" --only driver
has "cx5: hvpci.mmio named" "^FAIL +driver.errors .*hvpci.mmio" "$TMP/out"
has "cx5: MMIO remedy" "LowMemoryMappedIoSpace" "$TMP/out"

cp "$FIX/azure-cx5/dmesg.txt" "$d/dmesg.txt"
awk 'BEGIN { for (i = 0; i < 40; i++) {
	t = 100 + i * 60
	printf "[%12.6f] hv_netvsc 7c1e5225-55d2-7c1e-5225-55d27c1e5225 eth0: Data path switched from VF: enP37498s1\n", t
	printf "[%12.6f] hv_netvsc 7c1e5225-55d2-7c1e-5225-55d27c1e5225 eth0: VF unregistering: enP37498s1\n", t + 0.1
	printf "[%12.6f] hv_netvsc 7c1e5225-55d2-7c1e-5225-55d27c1e5225 eth0: VF slot 1 removed\n", t + 0.2
	printf "[%12.6f] hv_netvsc 7c1e5225-55d2-7c1e-5225-55d27c1e5225 eth0: VF slot 1 added\n", t + 30 } }' >> "$d/dmesg.txt"
expect_exit "VF flapping above the rate fails" 1 "$HV" check --root "$d" --only net
has "cx5: flap rate (the boot's data-path switch is one removal)" "^FAIL +net.vf.flaps +41 VF removals in 2423 s: 59.4 per hour \(threshold 10; 1 data-path switch away, 40 with the VF unregistered" "$TMP/out"

# 11. the backport's pci-hyperv leaving MSI operations behind (patch 0006)
expect_exit "oops after hv_pci registration fails" 1 "$HV" check --root "$FIX/oops-msi" --only driver
has "oops: named by the knowledge base" "^FAIL +driver.errors .*hvpci.msi_ops_left_behind" "$TMP/out"
has "oops: the curing patch" "patch: +patches/3.10.108/0006-PCI-hv-restore-the-x86-MSI-operations" "$TMP/out"
d=$(rm -rf "$TMP/oops2" && cp -r "$FIX/oops-msi" "$TMP/oops2" && echo "$TMP/oops2")
sed -i '/registering driver hv_pci/d' "$d/dmesg.txt"
expect_exit "the same oops without hv_pci before it" 1 "$HV" check --root "$d" --only driver
grep -q "hvpci.msi_ops_left_behind" "$TMP/out"; [ $? -ne 0 ]
ok "oops without hv_pci: not blamed on pci-hyperv" $?
has "oops without hv_pci: a generic oops" "kernel.oops" "$TMP/out"
expect_exit "explain names it" 0 "$HV" explain --id hvpci.msi_ops_left_behind

# 12. the genuine mlx4_core's own logs, generated by the rig (fixtures/rig-mlx4)
R=$FIX/rig-mlx4
expect_exit "real driver, QUERY_HCA refused" 1 "$HV" check --root "$R/query-hca-fails" --profile mlx4 --only driver
has "real: the seed's first three steps pass, step 4 named" "^FAIL +driver.init.sequence +0000:00:02.0: step 4 of 7 missing: mlx4_core \{BDF\}: HCA minimum page size:512" "$TMP/out"
has "real: slave init failure named" "^FAIL +driver.errors .*mlx4.slave.init" "$TMP/out"
expect_exit "real driver, stale toggle" 1 "$HV" check --root "$R/stale-toggle" --profile mlx4 --only driver
has "real: recovery named" "^FAIL +driver.errors .*mlx4.comm.recovered" "$TMP/out"
expect_exit "real driver, offline flag" 1 "$HV" check --root "$R/offline-flag" --profile mlx4 --only driver
has "real: offline stops before RESET" "step 2 of 7 missing: mlx4_core \{BDF\}: Sending reset" "$TMP/out"
has "real: offline named" "^FAIL +driver.errors .*mlx4.comm.offline" "$TMP/out"
expect_exit "real driver, FLR" 1 "$HV" check --root "$R/flr" --profile mlx4 --only driver
has "real: FLR stops before vhcr0" "step 3 of 7 missing: mlx4_core \{BDF\}: Sending vhcr0" "$TMP/out"
has "real: FLR named" "^FAIL +driver.errors .*mlx4.comm.flr" "$TMP/out"
expect_exit "real driver, tier 2 (queries answered)" 1 "$HV" check --root "$R/tier2" --profile mlx4 --only driver
has "real: tier 2 passes every mlx4_core step of the seed" "step 6 of 7 missing: mlx4_en \\{BDF\\}: Activating port:1" "$TMP/out"
has "real: tier 2 stop named, FW warning too" "^FAIL +driver.errors .*mlx4.slave.init.*mlx4.query_fw|^FAIL +driver.errors .*mlx4.query_fw.*mlx4.slave.init" "$TMP/out"

done_testing
