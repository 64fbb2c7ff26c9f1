#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build one libFuzzer target per parser (clang, ASan+UBSan) and run each for
# a bounded time, seeded from the real captures. Prints a totals line.
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-${FUZZ_SECONDS:-60}}
out=build-fuzz
mkdir -p "$out"
CORE="lib/bdf.c lib/pcicap.c tools/util.c tools/linereader.c tools/source.c tools/klog.c
 tools/sig.c tools/sig_set.c tools/kvfile.c tools/profile.c tools/log_store.c tools/kb.c tools/lspci_text.c tools/interrupts.c
 tools/ipaddr_text.c tools/net_pair.c
 tools/ktap.c tools/result.c tools/json.c tools/render_text.c tools/render_json.c
 tools/render_tap.c tools/render_junit.c tools/render_prom.c tools/tar_read.c"
FLAGS="-std=gnu99 -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Itools -Wall -Werror"
pass=0 fail=0
: > "$out/summary.txt"
for t in klog lspci profile interrupts ktap tar ipaddr; do
	corpus="$out/corpus-$t"
	mkdir -p "$corpus"
	case $t in
	klog) cp tests/fixtures/seed/dmesg.txt tests/fixtures/captures/dmesg-*.txt "$corpus/" 2>/dev/null ;;
	lspci) cp tests/fixtures/seed/lspci-vvv.txt tests/fixtures/captures/lspci-*.txt "$corpus/" 2>/dev/null ;;
	profile) cp profiles/*.profile kb/*.kb "$corpus/" ;;
	interrupts) cp tests/fixtures/captures/interrupts-*.txt "$corpus/" 2>/dev/null ;;
	ipaddr) cp tests/fixtures/captures/ip-addr-*.txt "$corpus/" 2>/dev/null
		cp tests/fixtures/mana-vyos-4nic-link/ip-addr.txt "$corpus/ip-br-link.txt" ;;
	ktap) build/unit > "$corpus/unit.ktap" 2>/dev/null; cp build/rig/ktap.txt "$corpus/" 2>/dev/null ;;
	tar) tar -cf "$corpus/net.tar" -C tests/fixtures/azure-4nic sys/class/net
	     tar -czf "$corpus/seed.tgz" -C tests/fixtures/seed dmesg.txt ;;
	esac
	if ! clang $FLAGS -o "$out/fuzz_$t" "tests/fuzz/fuzz_$t.c" $CORE -lz 2>"$out/build-$t.log"; then
		echo "fuzz_$t: build failed"; sed 's/^/  /' "$out/build-$t.log" | head
		fail=$((fail + 1))
		continue
	fi
	if "$out/fuzz_$t" -max_total_time="$secs" -max_len=65536 -timeout=10 \
		-rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/" "$corpus" >"$out/run-$t.log" 2>&1; then
		runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out/run-$t.log" | grep -o '[0-9]*$')
		echo "fuzz_$t: ok, ${runs:-?} runs in ${secs}s" | tee -a "$out/summary.txt"
		pass=$((pass + 1))
	else
		echo "fuzz_$t: FAILED (see $out/run-$t.log)" | tee -a "$out/summary.txt"
		grep -E "ERROR|SUMMARY|runtime error" "$out/run-$t.log" | head -5
		fail=$((fail + 1))
	fi
done
echo "fuzz: $pass passed, $fail failed" | tee -a "$out/summary.txt"
[ $fail -eq 0 ]
