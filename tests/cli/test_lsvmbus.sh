#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lsvmbus and the vmbus/net checks on a sysfs tree built from one Azure VM's
# captures (tests/fixtures/azure-4nic/SOURCE).
set -u
. "$(dirname "$0")/../lib.sh"
CAP=${CAPTURES:-$FIX/captures}
B=$FIX/azure-4nic

expect_exit "lsvmbus -v on the fixture" 0 "$HV" lsvmbus --root "$B" -v
if [ -f "$CAP/lsvmbus-vv-4nic-cx5--arsenvlad-bicep-examples.txt" ]; then
	tr -d '\r' < "$CAP/lsvmbus-vv-4nic-cx5--arsenvlad-bicep-examples.txt" |
		grep -v '^azureuser' | sed 's/ *$//' > "$TMP/cap"
	sed 's/\t/        /' "$TMP/out" | sed '$d' > "$TMP/ours"
	diff "$TMP/cap" "$TMP/ours" > "$TMP/diff"
	ok "lsvmbus -v matches the kernel's lsvmbus -vv capture line for line" $?
	head -20 "$TMP/diff" | sed 's/^/#   /'
fi
expect_exit "plain lsvmbus" 0 "$HV" lsvmbus --root "$B"
has "plain: one line per device" "^VMBUS ID 47: PCI Express pass-through$" "$TMP/out"
[ "$(wc -l < "$TMP/out")" -eq 20 ]; ok "plain: 20 devices" $?
expect_exit "lsvmbus -vv shows drivers" 0 "$HV" lsvmbus --root "$B" -vv
has "-vv: driver and state" "Driver: hv_pci, state 3" "$TMP/out"
expect_exit "lsvmbus json" 0 "$HV" lsvmbus --root "$B" --format json
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert len(d) == 20
n = [x for x in d if x["id"] == 11][0]
assert n["class"] == "Synthetic network adapter" and len(n["channels"]) == 8
assert [c["target_cpu"] for c in n["channels"]] == [2, 3, 4, 5, 6, 7, 1, 0]
' "$TMP/out"
ok "json: devices and channels with target CPUs" $?

expect_exit "vmbus/net checks on the 4-NIC VM" 0 "$HV" check --root "$B" --profile mlx5 -v
has "pci_channel: 4 bound" "^PASS +vmbus.pci_channel +4 PCI pass-through" "$TMP/out"
has "utils bound" "^PASS +vmbus.utils +4 integration" "$TMP/out"
has "chain: vmbus -> domain -> BDF -> VF -> synthetic" \
	"vmbus f2d53aea-2f81-4315-9baf-613b49641633 -> domain 2f81 -> 2f81:00:02.0 -> enP12161s3 -> eth2" "$TMP/out"
has "bonded: 4 VFs" "^PASS +net.vf.bonded +4 VF netdev" "$TMP/out"
has "placement passes" "^PASS +net.ip.placement" "$TMP/out"

# unbind hv_utils from heartbeat: warn; drop hv_pci from one device: fail
cp -a "$B" "$TMP/b"
hb=$(ls -d "$TMP"/b/sys/devices/*/*/*/*/VMBUS:01/fd149e91-82e0-4a7d-afa6-2a4166cbd7c0)
rm "$hb/driver"
pd=$(ls -d "$TMP"/b/sys/devices/*/*/*/*/VMBUS:01/f2d53aea-2f81-4315-9baf-613b49641633)
rm "$pd/driver"
expect_exit "unbound hv_pci device fails" 1 "$HV" check --root "$TMP/b" --profile mlx5 --only vmbus
has "utils warn names heartbeat" "^WARN +vmbus.utils +1 integration" "$TMP/out"
has "unbound pass-through" "^FAIL +vmbus.pci_channel +1 of 4 PCI pass-through devices not bound to hv_pci" "$TMP/out"
has "utils remedy names 0003" "0003-uncomment-the-hv_utils-driver" "$TMP/out"

# a VF with an address of its own, and a VF no longer below its NIC
sed -i 's/^\(9: enP12161s3: .*\) master eth2/\1/; s/,SLAVE,/,/' "$TMP/b/ip-addr.txt"
printf '    inet 10.0.2.9/24 scope global enP12161s3\n' >> "$TMP/b/ip-addr.txt"
expect_exit "VF address and lost master fail" 1 "$HV" check --root "$TMP/b" --profile mlx5 --only net
has "bonded fails" "^FAIL +net.vf.bonded +1 VF netdev" "$TMP/out"
has "placement fails" "^FAIL +net.ip.placement +1 address" "$TMP/out"

done_testing
