#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# MANA (Microsoft Azure Network Adapter, 1414:00ba): the profile, the
# knowledge base, one PCI function serving several synthetic NICs, the
# unbound-function case and MANA interrupts, on real captures
# (tests/fixtures/mana-*/SOURCE) and variants cut from them.
set -u
. "$(dirname "$0")/../lib.sh"

# 1. the profile: ids from the driver's table, picked by auto on a real log
"$HV" profiles > "$TMP/out"
has "profiles: mana lists 1414:00ba and 00b9" "^mana +1414:00ba,00b9 +mana " "$TMP/out"
expect_exit "2-vNIC MANA log (6.18, vyos #5338) passes" 0 "$HV" check --root "$FIX/mana-vyos-2nic"
has "2-vNIC: auto picks mana" "profile mana," "$TMP/out"
has "2-vNIC: both signature steps in order" "^PASS +driver.init.sequence +all 2 signature steps in order for 1 VF" "$TMP/out"

# 2. every failure message of the driver (facts mana.md, by stage), as the
#    driver prints it, is known with the level its meaning calls for
while IFS='|' read -r line id level; do
	[ -n "$line" ] || continue
	"$HV" explain "$line" > "$TMP/out" 2>&1
	grep -q "^$id: " "$TMP/out" && grep -q "level: *$level " "$TMP/out"
	ok "explain: '$line' -> $id ($level)" $?
done <<'LINES'
mana 7870:00:00.0: Failed to enable pci device (err=-12)|mana.probe.pci|fail
mana 7870:00:00.0: DMA set mask failed: -5|mana.probe.pci|fail
mana 7870:00:00.0: gdma probe failed: err = -110|mana.probe.failed|fail
mana 7870:00:00.0: mana_gd_setup failed (error -110)|mana.probe.failed|fail
mana 7870:00:00.0: Failed to setup IRQs: -28|mana.probe.irq|fail
mana 7870:00:00.0: Register IRQ err:-28, msi:3 nMSI:2|mana.probe.irq|fail
mana 7870:00:00.0: Failed to register irq: -22|mana.probe.irq|fail
mana 7870:00:00.0: Timeout when setting up HWC: -110|mana.smc.setup|fail
mana 7870:00:00.0: Wrong SMC response 0x3, type=1, ver=1|mana.smc.setup|fail
mana 7870:00:00.0: SMC operation failed: 0xc0000001|mana.smc.setup|fail
mana 7870:00:00.0: Error when setting up HWC: -71|mana.smc.setup|fail
mana 7870:00:00.0: Timeout when tearing down HWC|mana.smc.teardown|warn
mana 7870:00:00.0: Error when tearing down HWC: -71|mana.smc.teardown|warn
mana 7870:00:00.0: Failed to create HWC EQ for RQ: -12|mana.hwc.create|fail
mana 7870:00:00.0: Failed to create HWC CQ for RQ: -12|mana.hwc.create|fail
mana 7870:00:00.0: Failed to create HWC queue size= 4096 type= 1 err= -12|mana.hwc.create|fail
mana 7870:00:00.0: Failed to initialize HWC: -110|mana.hwc.create|fail
mana 7870:00:00.0: Failed to establish HWC: -110|mana.hwc.create|fail
mana 7870:00:00.0: Failed to test HWC: -110|mana.hwc.create|fail
mana 7870:00:00.0: HWC: Failed to post send WQE: -28|mana.hwc.command|warn
mana 7870:00:00.0: HWC: Failed hw_channel req: 0xc000009a|mana.hwc.refused|fail
mana 7870:00:00.0: Command 0x20012 timed out: 30000 ms|mana.hwc.timeout|fail
mana 7870:00:00.0: Command 0x20012 failed with status: 0xc00000bb|mana.hwc.command|warn
mana 7870:00:00.0: hwc_rx: invalid msg_id = 70|mana.hwc.protocol|warn
mana 7870:00:00.0: Received unknown gdma event 130|mana.hwc.protocol|warn
mana 7870:00:00.0: test_eq timed out on queue 3|mana.gdma.eq_test|fail
mana 7870:00:00.0: test_eq failed: -110|mana.gdma.eq_test|fail
mana 7870:00:00.0: VfVerifyVersionOutput: -71, status=0xc00000bb|mana.gdma.version|fail
mana 7870:00:00.0: Failed to set the hwc timeout -71|mana.gdma.hwc_timeout|warn
mana 7870:00:00.0: Failed to query resource info: -71, 0xc000009a|mana.gdma.resources|fail
mana 7870:00:00.0: Failed to detect devices: -71, 0x1|mana.gdma.resources|fail
mana 7870:00:00.0: gdma_register_device_resp failed: -71, 0x1|mana.gdma.resources|fail
mana 7870:00:00.0: Failed to create queue: -71, 0xc000009a|mana.gdma.queue|fail
mana 7870:00:00.0: Failed to create EQ: -71|mana.gdma.queue|fail
mana 7870:00:00.0: EQ 5: overflow detected|mana.gdma.eq_overflow|warn
mana 7870:00:00.0: Failed to create DMA region: 0xc000009a|mana.gdma.queue|fail
mana 7870:00:00.0: Failed to create EQs: -12|mana.eth.config|fail
mana 7870:00:00.0: Failed to query config: -110|mana.eth.config|fail
mana 7870:00:00.0: Invalid query result: -71, 0x1|mana.eth.config|fail
mana 7870:00:00.0: Failed to detect any vPort|mana.eth.config|fail
mana 7870:00:00.0: The number of vPorts changed: 2->1|mana.eth.config|fail
mana 7870:00:00.0: Probe Failed for port 1|mana.eth.vport|fail
mana 7870:00:00.0: Failed to query info for vPort 1|mana.eth.vport|fail
mana 7870:00:00.0: Failed to probe vPort 1: -12|mana.eth.vport|fail
mana 7870:00:00.0: Unable to register netdev.|mana.eth.vport|fail
mana 7870:00:00.0 eth1: Failed to configure vPort: -71|mana.eth.vport|fail
mana 7870:00:00.0 eth1: Failed to configure vPort RX: -71|mana.eth.vport|fail
mana 7870:00:00.0 eth1: Failed to create WQ object: -110|mana.eth.queues|fail
mana 7870:00:00.0 eth1: Failed to create RXQ: err = -71|mana.eth.queues|fail
mana 7870:00:00.0 eth1: Failed to fence RQ 3: timed out|mana.eth.teardown|warn
mana 7870:00:00.0: Unexpected mana message response: 1,2,3,4|mana.hwc.refused|fail
mana 7870:00:00.0 eth1: TX: CQE error 24|mana.eth.tx_cqe|warn
mana 7870:00:00.0: mana_attach failed: -71|mana.eth.queues|fail
mana 7870:00:00.0: HWC timeout occurred|mana.hwc.timeout|fail
mana 7870:00:00.0: Gf stats wk handler: gf stats query timed out.|mana.eth.gf_stats|warn
mana 7870:00:00.0: Failed to register device, ret -12|mana.ib|fail
mana 7870:00:00.0: Failed to query device caps, ret -71|mana.ib|fail
LINES
# the two stage lines seen in a real report beside the listed ones
"$HV" explain < "$FIX/mana-rxq-fail/dmesg.txt" > "$TMP/out" 2>&1
has "rxq report: host refusal named" "^mana.hwc.refused: " "$TMP/out"
has "rxq report: queue failure named" "^mana.eth.queues: " "$TMP/out"
expect_exit "rxq report: check fails" 1 "$HV" check --root "$FIX/mana-rxq-fail" --profile mana --only driver
has "rxq report: driver.errors names both stages" "^FAIL +driver.errors .*mana.hwc.refused.*mana.eth.queues" "$TMP/out"
has "rxq report: remedy for insufficient resources" "remedy: .*fewer queues" "$TMP/out"

# 3. pairing evidence across kernel eras: CentOS 7.3 (3.10.0-514) names its
#    vmbus devices vmbus_N and pairs without "joined to" (real LISA log)
C73=$FIX/netvsc-centos73-3.10
expect_exit "CentOS 7.3 log passes net and vmbus" 0 "$HV" check --root "$C73" --only net,vmbus
has "CentOS 7.3: 'hv_pci vmbus_15: PCI host bridge' is a host bridge" "^PASS +vmbus.pci_channel +hv_pci created 1 PCI host bridge" "$TMP/out"
has "CentOS 7.3: VF registering/VF up/data path count as joined" "^PASS +net.vf.bonded .*without \"joined to\"" "$TMP/out"
# cut: keep only "VF up" of the three pairing lines (4.4-era wording alone)
d=$TMP/vfup
mkdir -p "$d"
grep -av "VF registering\|Data path switched" "$C73/dmesg.txt" > "$d/dmesg.txt"
expect_exit "only 'VF up: eth1' left: still joined" 0 "$HV" check --root "$d" --only net --profile mlx5 -v
has "VF up alone counts" "^PASS +net.vf.bonded " "$TMP/out"
has "VF up line is the evidence" "eth0: VF up: eth1" "$TMP/out"

done_testing
