#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hostile sysfs copies in a bundle. The seed bundle plus its VF laid out as
# sysfs does (sys/bus/pci/devices/0002:00:02.0 under its vmbus device, config
# space built from the seed's lspci -vvv), then one file of it replaced by
# something a bundle must not make us follow, open or believe. Each case
# must end within the timeout, without a crash, with the PCI checks skipped
# and the refused file named in their evidence; the other checks still run.
set -u
. "$(dirname "$0")/../lib.sh"
TO="timeout 20"
GUID=7622ea16-0002-4a2c-9d5a-0a1b2c3d4e5f
DEVREL=sys/devices/LNXSYSTM:00/LNXSYBUS:00/PNP0A03:00/device:07/VMBUS:01/$GUID/pci0002:00/0002:00:02.0

# vf_bundle NAME: the seed bundle with the VF's sysfs copy; prints its path
vf_bundle() {
	local b dev
	b=$(seed_copy "$1")
	dev=$b/$DEVREL
	mkdir -p "$dev/msi_irqs" "$b/sys/bus/pci/devices" "$b/sys/bus/pci/drivers/mlx4_core" "$b/proc"
	python3 - "$dev/config" <<'PY'
import struct, sys
c = bytearray(256)
struct.pack_into('<HHHH', c, 0, 0x15b3, 0x1004, 0x0006, 0x0010)  # Mem+ BusMaster+, Cap+
c[10] = 0x80; c[11] = 0x02                                        # network controller
struct.pack_into('<II', c, 0x18, 0x0000000c, 0x0000000f)          # BAR 2: mem64 pref
struct.pack_into('<HH', c, 0x2c, 0x15b3, 0x61b0)
c[0x34] = 0x60
c[0x60] = 0x10; c[0x61] = 0x9c; struct.pack_into('<H', c, 0x62, 0x0002)  # Express
c[0x9c] = 0x11; c[0x9d] = 0x40                                    # MSI-X Enable+ Count=108
struct.pack_into('<HII', c, 0x9e, 0x8000 | 107, 0x2002, 0x3002)  # table/PBA in BAR 2
c[0x40] = 0x01; struct.pack_into('<H', c, 0x42, 0x0003)           # power management
open(sys.argv[1], 'wb').write(c)
PY
	printf '0x15b3\n' > "$dev/vendor"
	printf '0x1004\n' > "$dev/device"
	printf '0x028000\n' > "$dev/class"
	{
		printf '0x%016x 0x%016x 0x%016x\n' 0 0 0 0 0 0
		printf '0x%016x 0x%016x 0x%016x\n' 0xfe0000000 0xfe07fffff 0x14220c
		printf '0x%016x 0x%016x 0x%016x\n' 0 0 0 0 0 0 0 0 0 0 0 0
	} > "$dev/resource"
	for i in 24 25 26 27; do printf 'msix\n' > "$dev/msi_irqs/$i"; done
	ln -s ../../../../../../../../../bus/pci/drivers/mlx4_core "$dev/driver"
	ln -s "../../../${DEVREL#sys/}" "$b/sys/bus/pci/devices/0002:00:02.0"
	{
		echo "            CPU0       CPU1"
		for i in 24 25 26 27; do
			echo " $i:        100        200  Hyper-V PCIe MSI 1081344-edge      mlx4-$i@pci:0002:00:02.0"
		done
	} > "$b/proc/interrupts"
	echo "$b"
}

# run DESC DIR: check the bundle as JSON under the timeout; no hang, no crash
run() {
	$TO "$HV" check --root "$2" --format json -v > "$TMP/out" 2> "$TMP/err"
	rc=$?
	[ $rc -ne 124 ]; ok "$1: finishes within 20 s" $?
	[ $rc -lt 128 ]; ok "$1: no crash (exit $rc)" $?
}

# pci_skipped DESC PATTERN: the PCI checks skip, their evidence matches PATTERN
pci_skipped() {
	python3 - "$TMP/out" "$2" <<'PY' > "$TMP/py" 2>&1
import json, re, sys
rep = json.load(open(sys.argv[1]))
res = {r["id"]: r for r in rep["results"]}
for cid in ("pci.vf.bars", "pci.vf.msix", "pci.vf.command", "pci.vf.driver"):
    r = res[cid]
    assert r["status"] == "skip", (cid, r["status"], r["summary"])
    assert re.search(sys.argv[2], r["summary"]), (cid, r["summary"])
# the rest of the bundle is still judged
assert res["driver.init.sequence"]["status"] == "pass", res["driver.init.sequence"]
PY
	r=$?
	ok "$1" $r
	[ $r -eq 0 ] || { sed 's/^/#   /' "$TMP/py" | tail -5; sed 's/^/#   /' "$TMP/err" | head -5; }
}

# --- the healthy copy: read without libpci, every field as lspci shows it ---
B=$(vf_bundle good)
run "healthy sysfs copy" "$B"
[ $rc -eq 0 ]; ok "healthy sysfs copy passes (exit $rc)" $?
has "read through the source layer, not libpci" '"1 PCI functions read through sysfs"' "$TMP/out"
has "MSI-X decoded from config space" 'MSI-X: Enable\+ Count=108 Masked- table BAR=2 offset=00002000 PBA BAR=2 offset=00003000' "$TMP/out"
has "BAR 2 from resource" 'BAR 2: mem64 pref 8M at 0xfe0000000' "$TMP/out"
has "command register" 'Control: Mem\+ BusMaster\+' "$TMP/out"
has "driver link" '0002:00:02.0 \[15b3:1004\]: driver mlx4_core' "$TMP/out"
has "MSI vectors from msi_irqs" '4 VF vectors over 2 CPUs' "$TMP/out"

# --- config space ---
B=$(vf_bundle fifo); rm "$B/$DEVREL/config"; mkfifo "$B/$DEVREL/config"
run "config is a FIFO" "$B"
# the PCI input is refused, the report still judges the rest; an input the
# bundle has but cannot be read makes the exit status 2
[ $rc -eq 2 ]; ok "config is a FIFO: unreadable input, exit 2 (exit $rc)" $?
pci_skipped "config is a FIFO: refused and named" "config': not a regular file"

B=$(vf_bundle shadow); rm "$B/$DEVREL/config"; ln -s /etc/shadow "$B/$DEVREL/config"
run "config links to /etc/shadow" "$B"
pci_skipped "config links to /etc/shadow: refused" "config': leads outside the bundle"
grep -q "root:" "$TMP/out"; [ $? -ne 0 ]; ok "nothing of /etc/shadow in the report" $?

B=$(vf_bundle climb); cp "$B/$DEVREL/config" "$TMP/outside-config"
rm "$B/$DEVREL/config"
ln -s "$(python3 -c 'import os,sys; print(os.path.relpath(sys.argv[1], sys.argv[2]))' "$TMP/outside-config" "$B/$DEVREL")" "$B/$DEVREL/config"
run "config climbs out of the bundle" "$B"
pci_skipped "config climbs out (../../outside): refused" "config': leads outside the bundle"

B=$(vf_bundle chardev); rm "$B/$DEVREL/config"; mknod "$B/$DEVREL/config" c 1 5
run "config is a character device" "$B"
pci_skipped "config is a device node: refused, never opened" "config': not a regular file"

B=$(vf_bundle short); truncate -s 10 "$B/$DEVREL/config"
run "config of 10 bytes" "$B"
pci_skipped "truncated config: said so" "config': 10 bytes, short of the 64-byte header"

B=$(vf_bundle big); truncate -s 1M "$B/$DEVREL/config"
run "config of 1 MiB" "$B"
pci_skipped "1 MiB config: said so" "config': more than 4096 bytes"

# --- the other files of the function ---
B=$(vf_bundle garbage); head -c 2000 /dev/urandom > "$B/$DEVREL/resource"
run "binary resource" "$B"
pci_skipped "binary resource: said so" "resource': (binary data|line 1 is not)"

B=$(vf_bundle textres); printf '0x0 0x0 0x0\nmeminfo garbage here\n' > "$B/$DEVREL/resource"
run "malformed resource line" "$B"
pci_skipped "a malformed resource line: its number" "resource': line 2 is not 'start end flags'"

B=$(vf_bundle loop); rm "$B/$DEVREL/driver"; ln -s driver "$B/$DEVREL/driver"
run "driver link loop" "$B"
pci_skipped "driver link loop: refused" "driver': Too many levels of symbolic links"

B=$(vf_bundle drvout); rm "$B/$DEVREL/driver"; ln -s /sys/bus/pci/drivers/mlx4_core "$B/$DEVREL/driver"
run "absolute driver link" "$B"
pci_skipped "driver link out of the bundle: refused, not taken as mlx4_core" "driver': leads outside the bundle"

B=$(vf_bundle manyirqs)
(cd "$B/$DEVREL/msi_irqs" && seq 1 100000 | xargs touch)
run "msi_irqs with 100000 entries" "$B"
pci_skipped "100000 vectors: too many entries, not a cut list" "msi_irqs': too many entries"

B=$(vf_bundle longname)
touch "$B/$DEVREL/msi_irqs/$(printf '9%.0s' $(seq 1 250))"
run "msi_irqs entry with a 250-digit name" "$B"
pci_skipped "a 250-digit vector: not an IRQ number" "msi_irqs': entry '9{64}\.\.\.' is not an IRQ number"

B=$(vf_bundle devout); rm "$B/sys/bus/pci/devices/0002:00:02.0"
ln -s "$TMP/good/$DEVREL" "$B/sys/bus/pci/devices/0002:00:02.0"
run "device link to another tree" "$B"
pci_skipped "a device entry outside the bundle: refused" "0002:00:02.0/config': leads outside the bundle"

B=$(vf_bundle devsloop); rm -r "$B/sys/bus/pci/devices"; ln -s devices "$B/sys/bus/pci/devices"
run "sys/bus/pci/devices is a link loop" "$B"
pci_skipped "devices link loop: refused" "devices': Too many levels of symbolic links"

# --- links read, not followed, must stay inside too (vmbus, net) ---
A=$TMP/4nic
cp -r "$FIX/azure-4nic" "$A"
drv=$(ls -d "$A"/sys/devices/*/*/*/*/VMBUS:01/1eccfd72-4b41-45ef-b73a-4a6e44c12924)/driver
rm "$drv"; ln -s /sys/bus/vmbus/drivers/hv_balloon "$drv"
drv2=$(ls -d "$A"/sys/devices/*/*/*/*/VMBUS:01/00000000-0000-8899-0000-000000000000)/driver
rm "$drv2"; ln -s ../../../../../../../../../../../../../../../../bus/vmbus/drivers/hv_storvsc "$drv2"
$TO "$HV" lsvmbus --root "$A" --format json -v > "$TMP/out" 2> "$TMP/err"
rc=$?
[ $rc -eq 0 ]; ok "lsvmbus with links out of the bundle (exit $rc)" $?
python3 - "$TMP/out" <<'PY' > "$TMP/py" 2>&1
import json, sys
d = {x["name"]: x for x in json.load(open(sys.argv[1]))}
assert d["1eccfd72-4b41-45ef-b73a-4a6e44c12924"]["driver"] in ("", None), d["1eccfd72-4b41-45ef-b73a-4a6e44c12924"]
assert d["00000000-0000-8899-0000-000000000000"]["driver"] in ("", None), d["00000000-0000-8899-0000-000000000000"]
assert d["00000000-0001-8899-0000-000000000000"]["driver"] == "hv_storvsc"
PY
r=$?; ok "driver links out of the bundle are not read as driver names" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/py" | tail -3

done_testing
