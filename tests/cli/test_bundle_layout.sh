#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One bundle layout for the writer (collect) and the reader (check): a
# MANIFEST key means the same to both, and a link that leads out of a
# recorded tree is not there for either.
. "$(dirname "$0")/../lib.sh"

# A MANIFEST that names the hypervisor twice: check takes the last line;
# collect --root must carry that same value on, not the first.
B=$(seed_copy twice)
printf 'format: hvdiag-bundle 1\nkernel-release: 3.10.108\nhypervisor: KVMKVMKVM\nhypervisor: Microsoft Hv\n' > "$B/MANIFEST"
"$HV" check --root "$B" --format json > "$TMP/check.json" 2>/dev/null
has "check reads the last hypervisor line" "vendor 'Microsoft Hv' at collection" "$TMP/check.json"
expect_exit "collect --root of it" 0 "$HV" collect --root "$B" -o "$TMP/twice.out"
has "collect carries the same hypervisor on" '^hypervisor: Microsoft Hv$' "$TMP/twice.out/MANIFEST"
n=$(grep -c '^hypervisor:' "$TMP/twice.out/MANIFEST")
ok "one hypervisor line in the new MANIFEST (got $n)" $(( n != 1 ))
"$HV" check --root "$TMP/twice.out" --format json > "$TMP/again.json" 2>/dev/null
has "check of the new bundle agrees" "vendor 'Microsoft Hv' at collection" "$TMP/again.json"

# /boot/config-RELEASE a link out of the tree: not there, so the kernel's
# own /proc/config.gz is taken, and nothing of the host is copied.
B=$(seed_copy linkout)
printf 'format: hvdiag-bundle 1\nkernel-release: 3.10.108\n' > "$B/MANIFEST"
mkdir -p "$B/boot" "$B/proc"
ln -s /etc/hostname "$B/boot/config-3.10.108"
printf 'CONFIG_PCI_HYPERV=m\n' | gzip -c > "$B/proc/config.gz"
expect_exit "collect --root with a config link out" 0 "$HV" collect --root "$B" -o "$TMP/linkout.out"
[ -f "$TMP/linkout.out/proc/config.gz" ]
ok "/proc/config.gz taken instead of the link out" $?
[ ! -e "$TMP/linkout.out/boot/config-3.10.108" ] && [ ! -L "$TMP/linkout.out/boot/config-3.10.108" ]
ok "the link out is not copied" $?

# An RDMA device traced to its function through its auxiliary device
# (as mana_ib registers it): a bundle judged from its directory and from
# its tarball must agree, so the link is resolved through the source,
# not through the path the messages show.
d=$TMP/rdma
cp -r "$FIX/mana-nodriver" "$d"
fn=sys/devices/LNXSYSTM:00/LNXSYBUS:00/ACPI0004:00/VMBUS:00/pci7870:00/7870:00:00.0
mkdir -p "$d/sys/class/infiniband" "$d/$fn/mana.rdma.0/infiniband/mana_0/ports/1"
echo "4: ACTIVE" > "$d/$fn/mana.rdma.0/infiniband/mana_0/ports/1/state"
ln -s ../../../mana.rdma.0 "$d/$fn/mana.rdma.0/infiniband/mana_0/device"
ln -s ../../${fn#sys/}/mana.rdma.0/infiniband/mana_0 "$d/sys/class/infiniband/mana_0"
tar -czf "$TMP/rdma.tar.gz" -C "$d" .
"$HV" check --root "$d" --only rdma -v > "$TMP/rdma-dir.txt" 2>&1
has "directory: mana_0 traced to 7870:00:00.0" "mana_0 \(7870:00:00.0\) port 1" "$TMP/rdma-dir.txt"
"$HV" check --root "$TMP/rdma.tar.gz" --only rdma -v > "$TMP/rdma-tgz.txt" 2>&1
has "tarball: mana_0 traced to 7870:00:00.0 too" "mana_0 \(7870:00:00.0\) port 1" "$TMP/rdma-tgz.txt"

done_testing
