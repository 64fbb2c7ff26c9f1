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
expect_exit "rxq report: auto picks mana from its failure lines" 1 "$HV" check --root "$FIX/mana-rxq-fail" --only driver
has "rxq report: profile mana" "profile mana," "$TMP/out"
expect_exit "rxq report: check fails" 1 "$HV" check --root "$FIX/mana-rxq-fail" --profile mana --only driver
has "rxq report: driver.errors names both stages" "^FAIL +driver.errors .*mana.hwc.refused.*mana.eth.queues" "$TMP/out"
has "rxq report: remedy for insufficient resources" "remedy: .*fewer queues" "$TMP/out"
has "rxq report: a MANA record's remedy says whose it is" "remedy: mana: For insufficient resources" "$TMP/out"
! grep -v "^hvdiag check: " "$TMP/out" | grep -q "mlx4\|mlx5\|Mellanox"
ok "rxq report: no Mellanox wording in a MANA report" $?
"$HV" explain --id mana.hwc.refused > "$TMP/out"
has "explain shows a record's family" "level: +fail \(scope vf, family mana\)" "$TMP/out"
# an mlx5 VF gets no mlx4 remedy either (CentOS 7.3 log cut: without its
# "firmware version" line the mlx5 sequence fails; the whole log passes)
d=$TMP/c73-nofw
mkdir -p "$d"
grep -v 'mlx5_core .*firmware version' "$FIX/netvsc-centos73-3.10/dmesg.txt" > "$d/dmesg.txt"
"$HV" check --root "$d" --only driver > "$TMP/out"
has "mlx5 sequence: the mlx5 remedy" "remedy: mlx5: No enumeration line" "$TMP/out"
! grep -q "mlx4_en\|vhcr0" "$TMP/out"
ok "mlx5 sequence: no mlx4 steps in the remedy" $?

# 3. pairing evidence across kernel eras: CentOS 7.3 (3.10.0-514) names its
#    vmbus devices vmbus_N and pairs without "joined to" (real LISA log)
C73=$FIX/netvsc-centos73-3.10
expect_exit "CentOS 7.3 log passes net and vmbus" 0 "$HV" check --root "$C73" --only net,vmbus
has "CentOS 7.3: 'hv_pci vmbus_15: PCI host bridge' is a host bridge" "^PASS +vmbus.pci_channel +hv_pci created 1 PCI host bridge" "$TMP/out"
has "CentOS 7.3: VF registering/VF up/data path count as joined" "^PASS +net.vf.bonded .*before transparent bonding" "$TMP/out"
# cut: keep only "VF up" of the three pairing lines (4.4-era wording alone)
d=$TMP/vfup
mkdir -p "$d"
grep -av "VF registering\|Data path switched" "$C73/dmesg.txt" > "$d/dmesg.txt"
expect_exit "only 'VF up: eth1' left: still joined" 0 "$HV" check --root "$d" --only net --profile mlx5 -v
has "VF up alone counts" "^PASS +net.vf.bonded " "$TMP/out"
has "VF up line is the evidence" "eth0: VF up: eth1" "$TMP/out"

# the CentOS 7.3 VF left on its own: the log's "VF registering: eth1" names
# the VF; an `ip addr` (written here: eth1 with eth0's MAC, no master)
# shows it unjoined on a kernel that predates transparent bonding
d=$TMP/c73-unbonded
mkdir -p "$d"
cp "$C73/dmesg.txt" "$d/"
cat > "$d/ip-addr.txt" <<'IP'
2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP qlen 1000
    link/ether 7c:ed:8d:53:cd:c7 brd ff:ff:ff:ff:ff:ff
    inet 10.0.0.4/24 brd 10.0.0.255 scope global eth0
3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP qlen 1000
    link/ether 7c:ed:8d:53:cd:c7 brd ff:ff:ff:ff:ff:ff
IP
expect_exit "CentOS 7.3 VF without master fails" 1 "$HV" check --root "$d" --only net -v
has "unjoined VF named from the log" "^FAIL +net.vf.bonded +1 VF netdev\(s\) or function\(s\) not joined" "$TMP/out"
has "its MAC twin named" "eth1 \(VF 90e0:00:02.0\) has no master; eth0 has its MAC but is not its master" "$TMP/out"
has "pre-transparent kernel named" "predates transparent VF bonding" "$TMP/out"
has "remedy: bond in user space or upgrade" "remedy: .*bonded by user space.*upgrade to a kernel with transparent VF bonding" "$TMP/out"

# 4. one PCI function, several synthetic NICs: pairing per vPort netdev
expect_exit "2-vNIC log: net passes" 0 "$HV" check --root "$FIX/mana-vyos-2nic" --only net
has "2-vNIC: two vPorts of one function, from 'joined to' lines" "^PASS +net.vf.bonded +the kernel log shows 2 vPort netdevs of 7870:00:00.0 joined to e2, e3" "$TMP/out"
expect_exit "4-vNIC log from 21 s: net does not fail" 0 "$HV" check --root "$FIX/mana-vyos-4nic" --only net
has "4-vNIC: four vPorts from netvsc's data-path lines" "^PASS +net.vf.bonded +the kernel log shows 4 vPort netdevs of 7870:00:00.0 joined to eth0, eth1, eth2, eth3 \(netvsc's lines" "$TMP/out"
! grep -q "before transparent" "$TMP/out"
ok "4-vNIC: a log that starts late is not taken for an old kernel" $?
expect_exit "ip -br link of the 4-vNIC guest passes" 0 "$HV" check --root "$FIX/mana-vyos-4nic-link" --profile mana --only net -v
has "ip -br link: SLAVE flag and MAC pair each vPort" "^PASS +net.vf.bonded +4 VF netdevs joined to eth0, eth1, eth2, eth3" "$TMP/out"
has "ip -br link: evidence per vPort" "vf_eth2 \(VF\) is below eth2 \(SLAVE flag, same MAC\)" "$TMP/out"
has "ip -br link: no address list, placement skips" "^SKIP +net.ip.placement .*no addresses" "$TMP/out"
# sysfs laid out here from the real `ip -br link` names and MACs, each
# vf_ethN's device link on the function the log names (7870:00:00.0) and
# its master link on its NIC, plus the 4-vNIC log
d=$TMP/vports
mkdir -p "$d/sys/devices/vmbus/7870:00:00.0"
cp "$FIX/mana-vyos-4nic/dmesg.txt" "$d/"
while read -r name state mac flags; do
	case $name in eth*|vf_eth*) ;; *) continue ;; esac
	mkdir -p "$d/sys/class/net/$name"
	echo "$mac" > "$d/sys/class/net/$name/address"
	case $flags in *SLAVE*) fl=0x1803 ;; *) fl=0x1003 ;; esac
	echo "$fl" > "$d/sys/class/net/$name/flags"
	case $name in
	vf_eth*)
		ln -s ../../../devices/vmbus/7870:00:00.0 "$d/sys/class/net/$name/device"
		ln -s ../${name#vf_} "$d/sys/class/net/$name/master"
		;;
	esac
done < "$FIX/mana-vyos-4nic-link/ip-addr.txt"
expect_exit "sysfs: 4 vPorts of one function pass" 0 "$HV" check --root "$d" --only net -v
has "sysfs: summary per function" "^PASS +net.vf.bonded +4 vPort netdevs of 7870:00:00.0 joined to eth0, eth1, eth2, eth3" "$TMP/out"
# vf_eth2 left unjoined: no master link, and netvsc's SLAVE flag gone with it
rm "$d/sys/class/net/vf_eth2/master"
echo 0x1003 > "$d/sys/class/net/vf_eth2/flags"
expect_exit "sysfs: one vPort without master fails" 1 "$HV" check --root "$d" --only net -v
has "sysfs: the one vPort named, the others still joined" "^FAIL +net.vf.bonded +1 VF netdev\(s\) or function\(s\) not joined to a synthetic NIC; 3 vPort netdevs of 7870:00:00.0 joined to eth0, eth1, eth3" "$TMP/out"
has "sysfs: vf_eth2's MAC twin named" "vf_eth2 \(VF 7870:00:00.0\) has no master; eth2 has its MAC" "$TMP/out"
ln -s ../eth2 "$d/sys/class/net/vf_eth2/master"
echo 0x1803 > "$d/sys/class/net/vf_eth2/flags"
{
	printf '6: vf_eth1: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 master eth1 state UP\n'
	printf '    link/ether 60:45:bd:f3:f5:37 brd ff:ff:ff:ff:ff:ff\n'
	printf '    inet 10.0.1.9/24 scope global vf_eth1\n'
	printf '3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n'
	printf '    link/ether 60:45:bd:f3:f5:37 brd ff:ff:ff:ff:ff:ff\n'
	printf '    inet 10.0.1.4/24 scope global eth1\n'
} > "$d/ip-addr.txt"
expect_exit "sysfs: an address on one vPort fails placement" 1 "$HV" check --root "$d" --only net -v
has "placement: the vPort and its function named" "vf_eth1 \(VF 7870:00:00.0\) has address 10.0.1.9/24" "$TMP/out"
has "placement: its own synthetic NIC, not another vPort's" "eth1 \(synthetic, of vf_eth1\) has 10.0.1.4/24" "$TMP/out"

# 5. the silent failure: 1414:00ba present, no driver bound, nothing in the
#    log (mana-nodriver: cut from real files, see its SOURCE)
ND=$FIX/mana-nodriver
expect_exit "unbound MANA function fails" 1 "$HV" check --root "$ND" -v
has "nodriver: auto picks mana by device id" "profile mana," "$TMP/out"
has "nodriver: pci.vf.driver fails, naming the missing option" "^FAIL +pci.vf.driver +1 VF\(s\) not bound to mana; the kernel is built without CONFIG_MICROSOFT_MANA" "$TMP/out"
has "nodriver: the config line is the evidence" "CONFIG_MICROSOFT_MANA is not set; needs y,m" "$TMP/out"
has "nodriver: remedy names CONFIG_MICROSOFT_MANA=m and NET_VENDOR_MICROSOFT" "remedy: mana: .*CONFIG_MICROSOFT_MANA=m and CONFIG_NET_VENDOR_MICROSOFT=y" "$TMP/out"
has "nodriver: net.vf.bonded says why no netdev" "^FAIL +net.vf.bonded +no VF netdev is joined: the VF has no driver" "$TMP/out"
has "nodriver: kernel.config names it too" "^FAIL +kernel.config " "$TMP/out"
# the option set (Debian's config as shipped) but the module not loaded:
# /proc/modules from the "Modules linked in" of a real MANA guest
# (mana-rxq-fail) with mana and mana_ib cut out
d=$TMP/nomod
cp -r "$ND" "$d"
zcat "$ND/proc/config.gz" | sed 's/^# CONFIG_MICROSOFT_MANA is not set$/CONFIG_MICROSOFT_MANA=m/' | gzip > "$d/proc/config.gz"
grep -a -h "^Modules linked in:\|^ [a-z]" "$FIX/mana-rxq-fail/dmesg.txt" | head -2 | sed 's/^Modules linked in://' |
	tr ' ' '\n' | sed 's/(X)$//' | grep -v '^$' | grep -vx 'mana\|mana_ib' |
	awk '{ print $1 " 16384 0 - Live 0x0000000000000000" }' > "$d/proc/modules"
expect_exit "option set, module not loaded: fails" 1 "$HV" check --root "$d" --only pci,kconfig
has "nomod: says mana is not loaded" "^FAIL +pci.vf.driver +1 VF\(s\) not bound to mana; mana is not loaded" "$TMP/out"
has "nomod: kernel.config passes (the option is there)" "^(PASS|WARN) +kernel.config" "$TMP/out"
echo "mana 536576 0 - Live 0x0000000000000000" >> "$d/proc/modules"
expect_exit "module loaded, still unbound: fails" 1 "$HV" check --root "$d" --only pci -v
has "loaded: says so" "mana is loaded .* but did not bind the VF" "$TMP/out"
rm -f "$d/proc/modules" "$d/proc/config.gz"
expect_exit "no config, no module list: fails without a reason" 1 "$HV" check --root "$d" --only pci -v
has "nothing to tell why: said" "no kernel config and no module list in the source to tell why" "$TMP/out"
# bound: a driver link, and the memory/bus-master bits a binding driver sets
fn=$d/sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0004:00/VMBUS:00/pci7870:00/7870:00:00.0
mkdir -p "$d/sys/bus/pci/drivers/mana"
ln -s ../../../../../../../bus/pci/drivers/mana "$fn/driver"
printf '\006' | dd of="$fn/config" bs=1 seek=4 conv=notrunc 2>/dev/null
expect_exit "bound to mana: pci.vf.driver passes" 0 "$HV" check --root "$d" --only pci
has "bound: passes" "^PASS +pci.vf.driver +bound to mana" "$TMP/out"
# device ids come from the profiles: the mlx5 profile on a MANA guest names
# the MANA function as another profile's, in family-neutral words
expect_exit "mlx5 profile on the MANA guest fails" 1 "$HV" check --root "$ND" --profile mlx5 --only pci -v
has "other profile named" "7870:00:00.0 \[1414:00ba\] is a VF of profile 'mana' \(mana\)" "$TMP/out"
has "suggests auto" "^FAIL +pci.vf.present +no VF of profile 'mlx5', but 1 VF\(s\) of other profiles; try --profile auto" "$TMP/out"
"$HV" check --root "$ND" --format json --only pci > "$TMP/out"
has "json: pci.vf.present titled without a vendor" '"title": "VF present on a vPCI domain"' "$TMP/out"
! grep -qi "mellanox" "$TMP/out"
ok "json: no Mellanox wording on a MANA guest" $?

# 6. MANA interrupts: mana_q<N>@pci:<BDF> queues, mana_hwc the control vector
IRQ=$FIX/mana-irq
expect_exit "4 queues on 3 of 4 CPUs (lkml capture): warns, exit 0" 0 "$HV" check --root "$IRQ" --profile mana --only irq,pci -v
has "irq: the function named by its vectors" "VF 7870:00:00.0 \(from the kernel log, a netdev link or an interrupt name\)" "$TMP/out"
has "irq: q0 and q2 share CPU 3, CPU 1 idle" "^WARN +irq.vf.spread +4 VF queue vectors fire on 3 of 4 CPUs: CPU 3 serves two or more, CPU 1 none" "$TMP/out"
has "irq: per-vector main CPU" "mana_q2@pci:7870:00:00.0; mostly on CPU 3" "$TMP/out"
has "irq: MANA remedy" "remedy: mana: .*each mana_q vector has its own CPU" "$TMP/out"
# edits of the capture: q2 moved to CPU 1 (columns swapped) and a hardware-
# channel vector on CPU 0 added: one queue per CPU, hwc not judged
d=$TMP/irq
mkdir -p "$d/proc"
awk '/mana_q2@/ { $0 = " 27:          0    2997584          1          0  Hyper-V PCIe MSI 4138200989699-edge      mana_q2@pci:7870:00:00.0" } { print }
	NR == 1 { print " 24:      51234          0          0          0  Hyper-V PCIe MSI 4138200989696-edge      mana_hwc@pci:7870:00:00.0" }' \
	"$IRQ/proc/interrupts" > "$d/proc/interrupts"
expect_exit "one queue per CPU: passes" 0 "$HV" check --root "$d" --profile mana --only irq -v
has "irq: spread passes over 4 CPUs" "^PASS +irq.vf.spread +4 VF vectors over 4 CPUs" "$TMP/out"
has "irq: hwc is the control vector" "irq 24: mana_hwc, the control vector, not judged" "$TMP/out"
# every queue on CPU 0 fails; a vector of another function is not counted
awk 'NR == 1 { print; next } /mana_q/ { n = $2 + $3 + $4 + $5; printf " %s %10d %10d %10d %10d  Hyper-V PCIe MSI 1-edge      %s\n", $1, n, 0, 0, 0, $NF; next } { print }' \
	"$d/proc/interrupts" > "$d/proc/i2"
echo " 40:          0     900000          0          0  Hyper-V PCIe MSI 2-edge      mlx5_comp0@pci:7871:00:00.0" >> "$d/proc/i2"
mv "$d/proc/i2" "$d/proc/interrupts"
expect_exit "all queues on CPU 0: fails" 1 "$HV" check --root "$d" --profile mana --only irq -v
has "irq: one CPU named" "^FAIL +irq.vf.spread +all [0-9]+ VF interrupts were counted on one CPU \(of 4\)" "$TMP/out"
! grep -q "7871:00:00.0" "$TMP/out"
ok "irq: a vector of another family's function (7871:00:00.0) is not the VF's" $?

# 7. rdma.port: mana_0 / manae_0 hang under an auxiliary device of the
#    function (sysfs written here the way mana_ib registers them)
d=$TMP/rdma
cp -r "$ND" "$d"
fn=sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0004:00/VMBUS:00/pci7870:00/7870:00:00.0
mkdir -p "$d/sys/class/infiniband"
for ib in mana_0 manae_0; do
	mkdir -p "$d/$fn/mana.rdma.0/infiniband/$ib/ports/1"
	echo "4: ACTIVE" > "$d/$fn/mana.rdma.0/infiniband/$ib/ports/1/state"
	ln -s ../../../mana.rdma.0 "$d/$fn/mana.rdma.0/infiniband/$ib/device"
	ln -s ../../${fn#sys/}/mana.rdma.0/infiniband/$ib "$d/sys/class/infiniband/$ib"
done
expect_exit "mana_0 and manae_0 ACTIVE: rdma passes" 0 "$HV" check --root "$d" --only rdma -v
has "rdma: both found" "^PASS +rdma.port +2 RDMA device\(s\), port ACTIVE" "$TMP/out"
has "rdma: mana_0 traced through mana.rdma.0 to the function" "mana_0 \(7870:00:00.0\) port 1: 4: ACTIVE" "$TMP/out"
echo "1: DOWN" > "$d/$fn/mana.rdma.0/infiniband/manae_0/ports/1/state"
expect_exit "manae_0 DOWN: rdma fails" 1 "$HV" check --root "$d" --only rdma -v
has "rdma: not ACTIVE, MANA remedy" "remedy: mana: .*rdma-core 44" "$TMP/out"

# 8. the kernel config: MANA is required where the kernel has its menu
SEEDCFG=${SEED_CONFIG:-$FIX/seed/kernel-config-3.10.108}
expect_exit "3.10 seed config: MANA not available, a warning" 0 "$HV" kconfig "$SEEDCFG"
has "seed: the menu is not in 3.10" "^WARN +CONFIG_NET_VENDOR_MICROSOFT +\(absent\) +not available in this kernel" "$TMP/out"
has "seed: nor MANA" "^WARN +CONFIG_MICROSOFT_MANA +\(absent\) +not available in this kernel \(no CONFIG_NET_VENDOR_MICROSOFT\)" "$TMP/out"
has "seed: mana_ib optional, skipped" "^skip +CONFIG_MANA_INFINIBAND +not in this kernel" "$TMP/out"
has "seed: summary counts the warning apart" "^0 of 14 required options missing, 2 not available in this kernel \(warning\)" "$TMP/out"
expect_exit "seed config json" 0 "$HV" kconfig "$SEEDCFG" --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v={r["id"]: r["status"] for r in d["results"]}; assert v["CONFIG_MICROSOFT_MANA"]=="warn" and v["CONFIG_MANA_INFINIBAND"]=="skip" and d["summary"]["warn"]==2 and d["summary"]["fail"]==0' "$TMP/out"
ok "json: unavailable, skipped, counts" $?
# Debian 12's 6.1 config (in mana-nodriver with MANA unset; restored here)
zcat "$ND/proc/config.gz" > "$TMP/deb-nomana"
expect_exit "6.1 without MANA: missing" 1 "$HV" kconfig "$TMP/deb-nomana"
has "6.1 without MANA: named" "^MISSING CONFIG_MICROSOFT_MANA +n +not set" "$TMP/out"
has "6.1 without MANA: why" "needs y or m: mana, the driver of Azure's own NIC" "$TMP/out"
sed 's/^# CONFIG_MICROSOFT_MANA is not set$/CONFIG_MICROSOFT_MANA=m/' "$TMP/deb-nomana" > "$TMP/deb"
expect_exit "6.1 as Debian ships it: passes" 0 "$HV" kconfig "$TMP/deb"
has "6.1: MANA set" "^ok +CONFIG_MICROSOFT_MANA +m" "$TMP/out"
has "6.1: mana_ib (6.2+) skipped" "^skip +CONFIG_MANA_INFINIBAND" "$TMP/out"
sed -e 's/^CONFIG_NET_VENDOR_MICROSOFT=y$/# CONFIG_NET_VENDOR_MICROSOFT is not set/' -e '/^CONFIG_MICROSOFT_MANA=/d' "$TMP/deb" > "$TMP/deb-nomenu"
expect_exit "6.1 with the Microsoft menu off: missing" 1 "$HV" kconfig "$TMP/deb-nomenu"
has "menu off: the menu named" "^MISSING CONFIG_NET_VENDOR_MICROSOFT +n +not set" "$TMP/out"
has "menu off: MANA absent, not 'not available'" "^MISSING CONFIG_MICROSOFT_MANA +\(absent\) +absent" "$TMP/out"
expect_exit "check on the seed with its config: warns, exit 0" 0 "$HV" check --root "$FIX/seed" --only kconfig --kconfig "$SEEDCFG" -v
has "check: kernel.config warns" "^WARN +kernel.config +all 14 required options set; CONFIG_NET_VENDOR_MICROSOFT, CONFIG_MICROSOFT_MANA not available in this kernel" "$TMP/out"
has "check: remedy about MANA hardware" "remedy: .*before the VM lands on MANA hardware" "$TMP/out"
printf '# hvdiag: require where NOT_A_SYMBOL - x\nCONFIG_X=y\n' > "$TMP/frag"
"$HV" kconfig "$TMP/deb" --fragment "$TMP/frag" > "$TMP/out" 2>&1
grep -q "^MISSING CONFIG_X " "$TMP/out"
ok "a 'where' that is not a CONFIG_ symbol is no condition" $?

done_testing
