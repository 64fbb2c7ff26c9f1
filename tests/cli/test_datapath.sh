#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# net.vf.datapath: where traffic flows now, from the last "Data path
# switched" line of each synthetic NIC, the VF bonded below it and
# netvsc's VF counters (`ethtool -S` in a bundle or sosreport; live
# through SIOCETHTOOL, with --sample over a window); collect saves the
# counters of each netvsc NIC.
set -u
. "$(dirname "$0")/../lib.sh"
CAP="$FIX/captures"

verdict() {	# verdict ROOT: the status word of net.vf.datapath
	"$HV" check --root "$1" --only net -v > "$TMP/out" 2>&1
	sed -n 's/^\(PASS\|WARN\|FAIL\|SKIP\) *net\.vf\.datapath .*/\1/p' "$TMP/out"
}

# The Azure 4-NIC bundle: four VFs bonded (sysfs), no data path line.
# With the Azure docs' `ethtool -S eth0` beside it the counters are evidence.
cp -r "$FIX/azure-4nic" "$TMP/4nic"
ok "4nic: pass, VFs bonded" $([ "$(verdict "$TMP/4nic")" = PASS ]; echo $?)
cp "$CAP/ethtool-S-vf-counters--azure-docs-create-vm-accelerated-networking-cli.txt" "$TMP/4nic/ethtool-S-eth0.txt"
ok "4nic + ethtool -S: still pass" $([ "$(verdict "$TMP/4nic")" = PASS ]; echo $?)
has "the VF counters are evidence, with their file" \
	'eth0: vf_rx_packets 992956, vf_tx_packets 2656684, vf_tx_dropped 0 \(.*ethtool-S-eth0.txt\)' "$TMP/out"
"$HV" check --root "$TMP/4nic" --format json > "$TMP/json"
has "json: the check is in the report" '"id": *"net.vf.datapath"' "$TMP/json"

# A LISA serial log whose eth0 switches its data path to the VF eth1, away
# (cloud-init's ifdown at 37.0 s) and back (ifup, 37.2 s). The bundle is
# put together here: the log's first 40 lines (to the switch away) or all
# of it, and an `ip -br link` showing eth1 bonded (SLAVE, eth0's MAC),
# down (netvsc keeps the data path off a VF that is down) or up.
mk() {	# mk NAME LINES VF-STATE
	mkdir -p "$TMP/$1"
	head -n "$2" "$CAP/dmesg-datapath-switch--lisa-ai-data-smoke-serial.txt" > "$TMP/$1/dmesg.txt"
	if [ "$3" = up ]; then
		vf='eth1             UP             60:45:bd:c0:bd:67 <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> '
	else
		vf='eth1             DOWN           60:45:bd:c0:bd:67 <BROADCAST,MULTICAST,SLAVE> '
	fi
	printf '%s\n' \
		'lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> ' \
		'eth0             UP             60:45:bd:c0:bd:67 <BROADCAST,MULTICAST,UP,LOWER_UP> ' \
		"$vf" > "$TMP/$1/ip-addr.txt"
}
mk away 40 down
ok "data path away from a bonded VF: fail" $([ "$(verdict "$TMP/away")" = FAIL ]; echo $?)
has "fail: the NIC, the line and the VF named" \
	'eth0: data path switched from the VF \(line 40: .*Data path switched from VF: eth1\) while eth1 is bonded below it \(the VF is down\)' "$TMP/out"
has "fail: the KB's remedy" 'ip link set <vf> up' "$TMP/out"
expect_exit "fail: exit 1" 1 "$HV" check --root "$TMP/away" --only net
mk cut 40 up
ok "the same, VF and NIC up now: the log ends early, warn" $([ "$(verdict "$TMP/cut")" = WARN ]; echo $?)
has "cut: said so" 'both are up now: the log stops before netvsc switched back' "$TMP/out"
mk back 45 up
ok "the same log on to the switch back: pass" $([ "$(verdict "$TMP/back")" = PASS ]; echo $?)
has "pass: the last line is the evidence" 'eth0: data path on eth1 \(line 44' "$TMP/out"
rm "$TMP/away/ip-addr.txt"
ok "the log alone (no network state): warn, not fail" $([ "$(verdict "$TMP/away")" = WARN ]; echo $?)

# MANA VyOS excerpt: eth0 ends switched away, eth1-eth3 on their VFs; no
# network state in the bundle.
ok "mana vyos log only: warn" $([ "$(verdict "$FIX/mana-vyos-4nic")" = WARN ]; echo $?)
has "mana vyos: eth0 named" 'eth0: data path switched from vf_eth0 at line 15' "$TMP/out"

# A sosreport keeps `ethtool -S` under sos_commands/networking.
# (the 4-NIC bundle's `ip addr` as sos's ip_-d_address gives the NICs)
mkdir -p "$TMP/sos/sos_commands/networking"
cp "$FIX/azure-4nic/ip-addr.txt" "$TMP/sos/sos_commands/networking/ip_-d_address"
cp "$CAP/ethtool-S-vf-counters--azure-docs-create-vm-accelerated-networking-cli.txt" \
	"$TMP/sos/sos_commands/networking/ethtool_-S_eth1"
verdict "$TMP/sos" > /dev/null
has "sosreport: its ethtool_-S_eth1 read" 'eth1: vf_rx_packets 992956.*sos_commands/networking/ethtool_-S_eth1' "$TMP/out"

# Hostile captures: a FIFO, binary, one over 1 MiB: no counters, no hang.
cp -r "$FIX/azure-4nic" "$TMP/bad"
mkfifo "$TMP/bad/ethtool-S-eth0.txt"
head -c 4096 /dev/urandom > "$TMP/bad/ethtool-S-eth1.txt"
{ for i in $(seq 70000); do echo "     vf_rx_packets: $i"; done; } > "$TMP/bad/ethtool-S-eth2.txt"
timeout 20 "$HV" check --root "$TMP/bad" --only net -v > "$TMP/out" 2>&1
ok "hostile captures: no hang, a verdict" $([ $? -le 1 ]; echo $?)
ok "hostile captures: none read as counters" $(! grep -q 'vf_rx_packets' "$TMP/out"; echo $?)

# --sample is for the live system.
expect_exit "--sample with --root: usage" 2 "$HV" check --root "$TMP/4nic" --sample 5
expect_exit "--sample 0: usage" 2 "$HV" check --sample 0
expect_exit "--sample words: usage" 2 "$HV" check --sample soon

# collect copies the counters of a bundle (live: reads them per netvsc NIC).
"$HV" collect --root "$TMP/4nic" -o "$TMP/coll" > /dev/null 2>&1
cmp -s "$TMP/4nic/ethtool-S-eth0.txt" "$TMP/coll/ethtool-S-eth0.txt"
ok "collect: ethtool-S-eth0.txt in the bundle" $?

done_testing
