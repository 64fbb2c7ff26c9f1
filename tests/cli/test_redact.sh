#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# collect --redact on the redaction corpus (tests/fixtures/redact): no
# identifier survives in any letter case or separator style, in file
# contents, file names or link targets; one identifier has one stand-in in
# every file; stand-ins never collide and stay valid; what the diagnosis
# reads is kept.
set -u
. "$(dirname "$0")/../lib.sh"
TO="timeout 120"
C=$FIX/redact
T=$TMP/tree
cp -r "$C/tree" "$T"

# config space with a Device Serial Number capability at 0x100 (the serial
# of lspci-vvv.txt: 24-8a-07-a1-b2-c3-d4-e5, stored low dword first)
cfg=$(find "$T/sys/devices" -name '7c4b:00:02.0' -type d)
python3 - "$cfg/config" <<'PY'
import sys
b = bytearray(4096)
b[0:4] = bytes.fromhex("b3151610")
b[0x100:0x104] = (0x0003 | 1 << 16).to_bytes(4, "little")
b[0x104:0x10c] = bytes.fromhex("e5d4c3b2a1078a24")
open(sys.argv[1], "wb").write(b)
PY

$TO "$HV" collect --root "$T" --redact -o "$TMP/red" 2>"$TMP/err"
ok "collect --root --redact on the corpus" $?
$TO "$HV" collect --root "$T" -o "$TMP/plain" 2>"$TMP/err"
ok "collect --root without --redact" $?
B=$TMP/red
# everything the bundle says: contents, file names, link targets
{ find "$B" -printf '%P\n'; find "$B" -type l -printf '%l\n'
  find "$B" -type f -exec cat {} + | tr -c '[:print:]\n\t' '.'; } > "$TMP/all"
{ find "$TMP/plain" -printf '%P\n'; find "$TMP/plain" -type f -exec cat {} +; } > "$TMP/plainall"
od -An -v -tx1 "$B/sys/devices/"*/*/*/*/*/*/pci7c4b:00/7c4b:00:02.0/config 2>/dev/null | tr -d ' \n' > "$TMP/cfghex"
[ -s "$TMP/cfghex" ]; ok "config space is in the bundle" $?

# --- no identifier remains, in any spelling ---
spellings() {	# spellings CLASS VALUE: every form to look for
	case $1 in
	mac|dsn)
		h=$(echo "$2" | tr -d ':-')
		echo "$h"
		echo "$h" | sed 's/../&:/g; s/:$//'
		echo "$h" | sed 's/../&-/g; s/-$//'
		[ "$1" = mac ] && echo "${h:0:8}-${h:8:4}"	# the netvsc GUID's head
		;;
	uuid) echo "$2"; echo "$2" | tr -d '-' ;;
	*) echo "$2" ;;
	esac
}
while read -r cls val; do
	left=
	while read -r s; do
		if [ "$cls" = ipv4 ] || [ "$cls" = name ]; then
			grep -qiw -F -- "$s" "$TMP/all" && left="$left $s"
		else
			grep -qi -F -- "$s" "$TMP/all" && left="$left $s"
		fi
	done < <(spellings "$cls" "$val")
	[ -z "$left" ]
	ok "$cls $val: gone in every spelling" $?
	[ -z "$left" ] || echo "# still there:$left"
	# and it was there before redaction (else the test proves nothing)
	grep -qi -F -f <(spellings "$cls" "$val") "$TMP/plainall"
	ok "$cls $val: present without --redact" $?
done < "$C/identifiers"
! grep -q "248a07a1b2c3d4e5" "$TMP/cfghex" && ! grep -q "e5d4c3b2a1078a24" "$TMP/cfghex"
ok "the DSN is gone from config space" $?

# every MAC-shaped token left is a stand-in (02/03 first octet) or kept
grep -oiE '(^|[^0-9a-f:-])([0-9a-f]{2}[:-]){5}[0-9a-f]{2}([^0-9a-f:-]|$)' "$TMP/all" |
	grep -oiE '([0-9a-f]{2}[:-]){5}[0-9a-f]{2}' | tr 'A-F-' 'a-f:' |
	grep -vE '^0[23]:00:|^00(:00){5}$|^ff(:ff){5}$' > "$TMP/macs"
[ ! -s "$TMP/macs" ]; ok "no MAC but stand-ins and the all-zero/broadcast ones" $?
[ -s "$TMP/macs" ] && sed 's/^/#   /' "$TMP/macs" | head
# every IPv4 left is a stand-in (198.18.0.0/15) or one of the kept
grep -oE '(^|[^0-9.])([0-9]{1,3}\.){3}[0-9]{1,3}([^0-9.]|$)' "$TMP/all" |
	grep -oE '([0-9]{1,3}\.){3}[0-9]{1,3}' |
	grep -vE '^198\.1[89]\.|^127\.|^0\.|^2(2[4-9]|[3-5][0-9])\.|^168\.63\.129\.16$|^169\.254\.169\.254$' > "$TMP/v4"
[ ! -s "$TMP/v4" ]; ok "no IPv4 but stand-ins and the kept ones" $?
[ -s "$TMP/v4" ] && sed 's/^/#   /' "$TMP/v4" | head

# --- one stand-in per identifier, in every file and name ---
net0=$(readlink "$B/sys/class/net/eth0")
mac0=$(cat "$B/sys/class/net/eth0/address")
guid=$(echo "$net0" | grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}')
h0=$(echo "$mac0" | tr -d ':')
[ "$(echo "$guid" | tr -d '-')" = "$h0$h0${h0:0:8}" ]
ok "eth0's vmbus GUID repeats eth0's stand-in MAC ($guid, $mac0)" $?
[ -e "$B/sys/bus/vmbus/devices/$guid" ] && [ -d "$B/sys/bus/vmbus/devices/$guid/" ]
ok "the vmbus link has the same name and still resolves" $?
grep -q "^E:ID_NET_NAME_MAC=enx$h0$" "$B/run/udev/data/n2" && grep -q "VMBUS:01/$guid/net/eth0" "$B/run/udev/data/n2"
ok "the udev record names the same stand-ins" $?
grep -qi "^ *link/ether $mac0 " "$B/ip-addr.txt" && grep -q "^6: enx$h0:" "$B/ip-addr.txt"
ok "ip-addr.txt: the upper-case spelling got the same stand-in, in the enx name too" $?
grep -qi "hv_netvsc $guid eth0" "$B/dmesg.txt"
ok "dmesg.txt: the upper-case netvsc GUID got the same stand-in" $?
enx=$(cd "$B/sys/class/net" && ls -d enx*)
[ -L "$B/sys/class/net/$enx" ] && [ -f "$B/sys/class/net/$enx/address" ]
ok "the enx interface's link and directory still meet ($enx)" $?
[ "enx$(tr -d ':' < "$B/sys/class/net/$enx/address" | tr A-F a-f)" = "$enx" ]
ok "the enx name is its address's stand-in" $?
grep -q "altname $enx" "$B/ip-addr.txt"
ok "ip-addr.txt's altname is the same stand-in" $?
ip4=$(sed -n 's/.*inet \([0-9.]*\)\/16 .*/\1/p' "$B/ip-addr.txt")
[ -n "$ip4" ] && grep -q "DHCPACK of $ip4 from 168.63.129.16" "$B/dmesg.txt" &&
	grep -q "DHCPv4 address $ip4/16" "$B/dmesg.txt"
ok "one IPv4 address, one stand-in in both files ($ip4)" $?
u=$(sed -n 's/.*root=UUID=\([0-9a-fA-F-]*\).*/\1/p' "$B/proc/cmdline")
[ -n "$u" ] && grep -q "mounted filesystem $u " "$B/dmesg.txt"
ok "the root UUID (upper case on the command line) and the kernel log agree" $?
sn=$(sed -n 's/.*\[SN\] Serial number: //p' "$B/lspci-vvv.txt")
dsn=$(sed -n 's/.*Device Serial Number //p' "$B/lspci-vvv.txt")
[ -n "$dsn" ] && grep -q "Device serial number $(echo "$dsn" | tr A-F a-f)$" "$B/dmesg.txt"
ok "the DSN (upper case in lspci) has one stand-in ($dsn)" $?
rev=$(echo "$dsn" | tr -d '-' | tr A-F a-f | sed 's/../& /g' | awk '{ for (i = NF; i; i--) printf "%s", $i }')
[ "${#rev}" -eq 16 ] && grep -q "^.\{520\}$rev" "$TMP/cfghex"
ok "config space holds the same DSN stand-in" $?
[ "$sn" = serial-1 ]; ok "the VPD serial is a stand-in ($sn)" $?
grep -q "Set hostname to host-1.domain-1.example$" "$B/dmesg.txt" &&
	grep -q "Changed host name to 'host-1'" "$B/dmesg.txt" &&
	grep -q "^Aug 24 21:46:53.000001 host-1 " "$B/dmesg.txt"
ok "host name in three letter cases and the FQDN: one stand-in each" $?

# --- stand-ins are valid IPv6 addresses of the right scope ---
grep -ohE 'inet6 [0-9a-fA-F:.]+|\| [0-9a-f:]+/64 ' "$B/ip-addr.txt" "$B/dmesg.txt" |
	sed 's/^inet6 //; s/^| //; s/\/64 $//' > "$TMP/v6"
python3 - "$TMP/v6" <<'PY' > "$TMP/py" 2>&1
import socket, sys
addrs = [l.strip() for l in open(sys.argv[1]) if l.strip()]
assert len(addrs) >= 6, addrs
for a in addrs:
    b = socket.inet_pton(socket.AF_INET6, a)
    if a in ("::1",):
        continue
    assert b[:8] == bytes.fromhex("fe80000000000000") or b[:4] == bytes.fromhex("20010db8"), a
print(len(addrs), "valid")
PY
r=$?; ok "IPv6 stand-ins parse with inet_pton, fe80::/64 or 2001:db8::/32 ($(tail -1 "$TMP/py"))" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/py" | tail -5
[ "$(sort -u "$TMP/v6" | grep -c '^fe80::')" -eq 4 ]
ok "four link-local addresses, four stand-ins" $?

# --- what the diagnosis reads is kept ---
for keep in 7c4b:00:02.0 1a65:00:02.0 "bus 927a:00" f8615163-df3e-46c5-913f-f2d2f965ed0e \
	44c4f61d-4444-4400-9d52-802e27ede19f 7c4b9e2a-0f5c-4e8b-9a7d-1c2e3f4a5b6c \
	9970f259-1a65-4a22-bce2-500aee5b8543 mlx5_core hv_netvsc "Linux version 6.8.0-1029-azure" \
	vmlinuz-5.15.0-1089-azure "firmware version: 16.30.5000" "15b3:1016" "from 168.63.129.16" \
	"inet 127.0.0.1/8" "Data path switched to VF: eth1" enP31819s1 enP41968p0s2; do
	grep -qF -- "$keep" "$TMP/all"
	ok "kept: $keep" $?
done
[ "$(head -c 4 "$TMP/cfghex")" = b315 ]; ok "kept: config space ids" $?

# --- no collisions: 1000 IPv4 and 1000 MACs ---
mkdir -p "$TMP/many"
awk 'BEGIN { for (i = 0; i < 1000; i++)
	printf "[ %d.0] neigh 10.%d.%d.%d lladdr 00:15:5d:%02x:%02x:%02x REACHABLE\n",
		i, i % 4, int(i / 4) % 250, 1 + i % 200, int(i / 256), i % 256, (i * 7) % 256 }' > "$TMP/many/dmesg.txt"
[ "$(awk '{ print $4 }' "$TMP/many/dmesg.txt" | sort -u | wc -l)" -eq 1000 ] &&
	[ "$(awk '{ print $6 }' "$TMP/many/dmesg.txt" | sort -u | wc -l)" -eq 1000 ]
ok "the input has 1000 distinct IPv4 addresses and 1000 distinct MACs" $?
$TO "$HV" collect --root "$TMP/many" --redact -o "$TMP/many-red" 2>"$TMP/err"
ok "collect --redact on them" $?
[ "$(awk '{ print $4 }' "$TMP/many-red/dmesg.txt" | sort -u | wc -l)" -eq 1000 ]
ok "1000 distinct IPv4 stand-ins" $?
[ "$(awk '{ print $6 }' "$TMP/many-red/dmesg.txt" | sort -u | wc -l)" -eq 1000 ]
ok "1000 distinct MAC stand-ins" $?
! awk '{ print $4 }' "$TMP/many-red/dmesg.txt" | grep -vqE '^198\.1[89]\.[0-9]+\.[0-9]+$'
ok "all in 198.18.0.0/15" $?
! awk '{ print $6 }' "$TMP/many-red/dmesg.txt" | grep -vqE '^02:00:'
ok "all locally administered" $?

# --- the IPv4 stand-ins run out: an error, no bundle ---
mkdir -p "$TMP/over"
awk 'BEGIN { for (i = 0; i <= 131070; i++)
	printf "neigh 10.%d.%d.%d\n", int(i / 65536), int(i / 256) % 256, i % 256 }' > "$TMP/over/dmesg.txt"
expect_exit "131071 distinct IPv4 addresses: an error" 2 $TO "$HV" collect --root "$TMP/over" --redact -o "$TMP/over-red"
has "the error says why" "too many distinct IPv4 addresses to redact \\(all 131070 stand-ins used\\)" "$TMP/err"
[ ! -e "$TMP/over-red" ] && [ -z "$(ls "$TMP" | grep 'over-red.tmp')" ]
ok "no bundle and no half-written directory" $?

# --- the diagnosis reads a redacted bundle as the original ---
$TO "$HV" collect --root "$FIX/azure-4nic" --redact -o "$TMP/4nic" 2>/dev/null
"$HV" check --root "$FIX/azure-4nic" --format json > "$TMP/a.json" 2>/dev/null
"$HV" check --root "$TMP/4nic" --format json > "$TMP/b.json" 2>/dev/null
python3 - "$TMP/a.json" "$TMP/b.json" <<'PY' > "$TMP/py" 2>&1
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
sa = {r["id"]: r["status"] for r in a["results"]}
sb = {r["id"]: r["status"] for r in b["results"]}
assert a["applicable"] == b["applicable"]
assert sa == sb, {k: (sa[k], sb.get(k)) for k in sa if sa[k] != sb.get(k)}
PY
r=$?; ok "check gives the same verdicts on the redacted azure-4nic bundle" $r
[ $r -eq 0 ] || sed 's/^/#   /' "$TMP/py" | tail -3

done_testing
