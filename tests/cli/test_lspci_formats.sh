#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# lspci's one-line listings (lspci, -n, -nn, -D, -m, -mm, -k) as a bundle's
# lspci-vvv.txt, and a test harness's prefix on every line of lspci and
# ip addr captures: the two LISA corpus cases, the LISA captures of
# tests/fixtures/captures and this project's own lspci outputs
# (tests/fixtures/lspci-formats/SOURCE).
set -u
. "$(dirname "$0")/../lib.sh"
CORPUS=$(dirname "$0")/../corpus
CAP=$FIX/captures

# bundle NAME LSPCI [IPADDR]: a bundle of those files only
bundle() {
	rm -rf "${TMP:?}/$1"
	mkdir -p "$TMP/$1"
	cp "$2" "$TMP/$1/lspci-vvv.txt"
	[ -n "${3:-}" ] && cp "$3" "$TMP/$1/ip-addr.txt"
	echo "$TMP/$1"
}

# 1. the two LISA cases: lspci -nD and -mD behind LISA's prefix
c=$CORPUS/mlx5-healthy-2nic-cx4lx-lisa-single-vf
expect_exit "LISA single-VF case: read, passes" 0 "$HV" check -v --root "$c"
has "single-VF: auto picks mlx5 from the listed ids" "profile mlx5," "$TMP/out"
has "single-VF: both VFs, on vPCI domains" "^PASS +pci.vf.present +2 VF\(s\) present on vPCI domains" "$TMP/out"
has "single-VF: -nD's ids, -mD's name, one device each" "7c4b:00:02.0 \[15b3:1016\] Mellanox Technologies MT27710 Family" "$TMP/out"
has "single-VF: BARs are not in a listing" "^SKIP +pci.vf.bars +BARs of 7c4b:00:02.0 not in this capture" "$TMP/out"
has "single-VF: capabilities are not in a listing" "^SKIP +pci.vf.msix +capabilities of 7c4b:00:02.0 not in this capture" "$TMP/out"
has "single-VF: command register is not in a listing" "^SKIP +pci.vf.command +command register of .* not in this capture" "$TMP/out"
has "single-VF: the driver is not in a listing without -k" "^SKIP +pci.vf.driver +driver of .* not in this capture" "$TMP/out"
has "single-VF: prefixed ip addr: VFs joined" "^PASS +net.vf.bonded +2 VF netdevs joined to eth0, eth1" "$TMP/out"
has "single-VF: prefixed ip addr: addresses on eth0/eth1" "^PASS +net.ip.placement" "$TMP/out"

c=$CORPUS/mlx4-healthy-8nic-unrenamed-vf-5.15-lisa-stress
expect_exit "LISA 8-NIC case: read, passes" 0 "$HV" check --root "$c"
has "8-NIC: 15b3:1004 is mlx4" "profile mlx4," "$TMP/out"
has "8-NIC: eight VFs" "^PASS +pci.vf.present +8 VF\(s\) present" "$TMP/out"
has "8-NIC: eight VF netdevs joined, eth8 among them" "^PASS +net.vf.bonded +8 VF netdevs joined" "$TMP/out"

# 2. this machine's listings, each format: six functions read, none a VF
for f in "$FIX"/lspci-formats/lspci*.txt; do
	b=$(bundle fmt "$f")
	"$HV" check --root "$b" --only pci -v >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ "$rc" -eq 1 ] && grep -q "6 PCI functions read through lspci text" "$TMP/out" &&
		! grep -q "no PCI device block" "$TMP/err"
	ok "$(basename "$f"): 6 functions read, no VF (exit $rc)" $?
done

# 3. the -mD lines alone: ids from the names, and said so
grep -F '"' "$CORPUS/mlx5-healthy-2nic-cx4lx-lisa-single-vf/lspci-vvv.txt" > "$TMP/md.txt"
b=$(bundle md "$TMP/md.txt")
expect_exit "-mD alone: read" 0 "$HV" check --root "$b" --only pci -v
has "-mD alone: ids from the name, marked" "a3f0:00:02.0 \[15b3:1016\] \(id from name\)" "$TMP/out"

# 4. whole LISA excerpts, harness lines and all
b=$(bundle nks "$CAP/sysfs-lower-links-lspci-nks--lisa-ai-data-sriov-single-vf.txt" \
	"$CAP/ip-addr-vf-enslaved--lisa-ai-data-sriov-single-vf.txt")
expect_exit "LISA lspci -nks excerpt + ip addr: passes" 0 "$HV" check --root "$b"
has "-nks: the driver in use is read" "^PASS +pci.vf.driver +bound to mlx5_core" "$TMP/out"
has "-nks: still no BARs in it" "^SKIP +pci.vf.bars +BARs of .* not in this capture" "$TMP/out"
has "excerpt: addresses on the synthetic NICs" "^PASS +net.ip.placement" "$TMP/out"

# 5. a prefix changes nothing: the seed's -vvv, LISA-prefixed line by line
"$HV" check --root "$FIX/seed" --only pci >"$TMP/plain.txt" 2>&1
p=$(seed_copy prefixed)
sed 's/^/2025-06-03 18:00:27.556[3176][DEBUG] lisa.env[generated_264].node[0].cmd[1084].stdout /' \
	"$FIX/seed/lspci-vvv.txt" > "$p/lspci-vvv.txt"
"$HV" check --root "$p" --only pci 2>&1 | sed "s|$p|$FIX/seed|" > "$TMP/pfx.txt"
sed -i "s|$(cd "$FIX/seed" && pwd)|$FIX/seed|" "$TMP/plain.txt" "$TMP/pfx.txt"
diff "$TMP/plain.txt" "$TMP/pfx.txt" > "$TMP/diff"
ok "LISA-prefixed -vvv: the same PCI verdicts as the plain one" $?
has "prefixed -vvv: BARs still judged" "^PASS +pci.vf.bars" "$TMP/pfx.txt"

# 6. conservative: unprefixed first line, so a prefixed line stays text
p=$(seed_copy mixed)
{ head -1 "$FIX/seed/lspci-vvv.txt"
  echo "2025-06-03 18:00:27.556[3176][DEBUG] x.stdout 7c4b:00:02.0 0200: 15b3:1016 (rev 80)"; } > "$p/lspci-vvv.txt"
"$HV" check --root "$p" --only pci -v > "$TMP/out" 2>&1
has "mixed: only the unprefixed function is read" "1 PCI functions read through lspci text" "$TMP/out"

# 7. the OPEN list: a listed miss is a TODO, a failure under CORPUS_STRICT;
#    and the README table check
cp -r "$CORPUS" "$TMP/corpus"
echo "not lspci output" > "$TMP/corpus/mlx5-healthy-2nic-cx4lx-lisa-single-vf/lspci-vvv.txt"
echo "mlx5-healthy-2nic-cx4lx-lisa-single-vf a planted miss" >> "$TMP/corpus/OPEN"
HVDIAG=$HV CORPUS_STRICT=0 bash "$TMP/corpus/run.sh" > "$TMP/out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && grep -q "verdict=exit2 .*# TODO a planted miss" "$TMP/out"
ok "OPEN: a listed miss is a TODO (exit $rc)" $?
HVDIAG=$HV CORPUS_STRICT=1 bash "$TMP/corpus/run.sh" > "$TMP/out" 2>&1
ok "OPEN: CORPUS_STRICT=1 counts it as a failure" $((! $?))
bash "$TMP/corpus/table.sh" > "$TMP/out"
ok "table: in sync" $?
sed -i 's/^| mlx5-healthy-2nic-cx4lx-lisa-single-vf | mlx5 | not stated | ok |/| mlx5-healthy-2nic-cx4lx-lisa-single-vf | mlx5 | not stated | fail |/' \
	"$TMP/corpus/README.md"
bash "$TMP/corpus/table.sh" > "$TMP/out"
ok "table: a row whose verdict differs from expected is found" $((! $?))
has "table: and named" "table: mlx5-healthy-2nic-cx4lx-lisa-single-vf: row has" "$TMP/out"

done_testing
