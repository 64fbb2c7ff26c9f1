#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build every libFuzzer target tests/fuzz/fuzz_*.c (clang, ASan+UBSan) and
# run each for a bounded time, seeded from the fixtures. Everything goes
# under build-fuzz/: corpora, run logs, crash artefacts, and summary.txt,
# one line per target with its executions per second, then the totals.
#
# Speed guard: in a run of FUZZ_MIN_SECONDS (10) seconds or more, a target
# under FUZZ_MIN_EXECS (1000) executions a second fails: a slow target
# finds little, and slowness creeps in unseen. The machine may be shared,
# so the rate judged is the one on a free CPU: the run's executions over
# its wall time less the time it waited, ready, for a CPU (the kernel's
# schedstat). Its own waits (I/O, sleeps) still count against it.
#
# usage: tests/fuzz/run.sh [SECONDS] [TARGET...]   (SECONDS: FUZZ_SECONDS, 60)
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-${FUZZ_SECONDS:-60}}
[ $# -gt 0 ] && shift
# The speed guard is a measurement, not a test: it fails a target only when
# asked (FUZZ_MIN_EXECS=1000, as `make fuzz-speed` does); otherwise the
# rates are reported.
min_execs=${FUZZ_MIN_EXECS:-0}
min_secs=${FUZZ_MIN_SECONDS:-10}
out=build-fuzz
obj=$out/obj

case $secs in
''|*[!0-9]*) echo "fuzz: seconds must be a number, not '$secs'" >&2; exit 2 ;;
esac
mkdir -p "$obj"
: > "$out/summary.txt"

# The sources the tool is built from, as the Makefile lists them, without
# libibverbs (the targets do not link it).
mkvar() {
	make -s --no-print-directory IBV_LIBS= --eval 'print-%: ; @echo $($*)' "print-$1"
}
SRC="$(mkvar CORE_SRC)"
PCI_LIBS=$(pkg-config --libs libpci 2>/dev/null || echo -lpci)
# LOG_BLOCK: the log scan reads blocks of 512 bytes instead of 1 MiB, so
# that inputs of a few KiB cross block ends and hold lines longer than a
# block (the same code paths a log of many MiB takes).
CFLAGS="-std=gnu99 -g -O1 -I. -Itools -Itools/base -Wall -Werror -pthread -D_FILE_OFFSET_BITS=64 -DLOG_BLOCK=512"
SAN=address,undefined
NOCMP="tools/profile/sig.c tools/profile/sig_set.c lib/bdf.c"

pass=0 fail=0
note() {
	echo "$*" | tee -a "$out/summary.txt"
}

# One archive of the project's code, instrumented; each target links what
# it uses from it.
build_lib() {
	local f o objs=() work=()

	for f in $SRC; do
		o=$obj/$(echo "${f%.c}" | tr / _).o
		objs+=("$o")
		work+=("$f" "$o")
	done
	export FUZZ_CC="clang $CFLAGS -fsanitize=fuzzer-no-link,$SAN -fno-sanitize-recover=all"
	# The matcher (and the PCI address parser it calls) compares the input
	# with the patterns' literals through memcmp, whose hook hands
	# libFuzzer the literals anyway; tracing its every integer comparison
	# as well cost the log target half its speed.
	export FUZZ_NOCMP="$NOCMP"
	# shellcheck disable=SC2016
	printf '%s\n' "${work[@]}" | xargs -P 2 -n 2 sh -c '
		case " $FUZZ_NOCMP " in *" $0 "*) x=-fno-sanitize-coverage=trace-cmp ;; *) x= ;; esac
		$FUZZ_CC $x -c -o "$1" "$0" 2>"$1.log" || { sed "s/^/  /" "$1.log"; exit 1; }' ||
		return 1
	rm -f "$out/libhvdiag.a"
	ar rcs "$out/libhvdiag.a" "${objs[@]}"
}

seed() {
	local t=$1 corpus=$2 f

	case $t in
	klog|sigtune|vfevents)
		for f in tests/fixtures/seed/dmesg.txt tests/fixtures/*/dmesg.txt \
			tests/fixtures/*/*/dmesg.txt tests/fixtures/sosreport-seed/sos_commands/kernel/dmesg \
			tests/fixtures/captures/dmesg-*.txt tests/fixtures/captures/kernel-log-*.txt \
			tests/fixtures/captures/journal-*.txt; do
			[ -f "$f" ] && cp "$f" "$corpus/$(echo "$f" | tr / _)"
		done
		# logs that bring their own signature set (fuzz_klog.c)
		[ "$t" = klog ] && for f in tests/fixtures/oops-msi/dmesg.txt \
			tests/fixtures/field/oops-netns-mana-6.16/dmesg.txt \
			tests/fixtures/mana-rxq-fail/dmesg.txt; do
			{ printf '#cBUG: {*}\n#cWARNING: CPU: {N} PID: {N} at {*}\n'
			  printf '#kmana {BDF}: {*}failed\n#fmana\n#=hv_vmbus: registering driver {IF}\n'
			  printf '#=RIP: {HEX}:{*}\n#=Call Trace\n'
			  head -c 3000 "$f"; } > "$corpus/sigs_$(echo "$f" | tr / _)"
		done ;;
	lspci)
		cp tests/fixtures/seed/lspci-vvv.txt tests/fixtures/captures/lspci-*.txt \
			tests/fixtures/sosreport-seed/sos_commands/pci/lspci_-nnvv "$corpus/" ;;
	profile)
		cp profiles/*.profile kb/*.kb "$corpus/" ;;
	interrupts)
		cp tests/fixtures/captures/interrupts-*.txt "$corpus/" ;;
	ipaddr)
		cp tests/fixtures/captures/ip-addr-*.txt "$corpus/"
		cp tests/fixtures/mana-vyos-4nic-link/ip-addr.txt "$corpus/ip-br-link.txt" ;;
	tar)
		tar -cf "$corpus/net.tar" -C tests/fixtures/azure-4nic sys/class/net
		tar -czf "$corpus/seed.tgz" -C tests/fixtures/seed dmesg.txt ;;
	ktap)
		[ -x build/unit ] || make -s build/unit >/dev/null 2>&1
		build/unit > "$corpus/unit.ktap" 2>/dev/null
		[ -f build/rig/ktap.txt ] && cp build/rig/ktap.txt "$corpus/" ;;
	esac 2>/dev/null
	return 0
}

# The longest input. The log target checks each input four ways (the
# set line by line against the reference, one range, the parts joined):
# 4 KiB, eight blocks, keeps it over 1000 runs a second; the index fitting
# reads its whole input. Listings and profiles run fast at any length.
max_len() {
	case $1 in
	sigtune) echo 4096 ;;
	klog) echo 4096 ;;
	*) echo 65536 ;;
	esac
}

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
	for f in tests/fuzz/fuzz_*.c; do
		f=${f##*/fuzz_}
		targets+=("${f%.c}")
	done
fi

if ! build_lib; then
	note "fuzz: the instrumented library does not build"
	exit 1
fi
# run_target LOG CMD...: CMD with its output in LOG. Sets ms (wall time) and
# waited_ms (time spent ready but waiting for a CPU, sampled from
# /proc/PID/schedstat while it runs); returns its exit status.
run_target() {
	local log=$1 pid t0 state w st=0

	shift
	t0=$(date +%s%N)
	"$@" >"$log" 2>&1 &
	pid=$!
	while read -r _ _ state _ 2>/dev/null < "/proc/$pid/stat" && [ "$state" != Z ]; do
		read -r _ w _ 2>/dev/null < "/proc/$pid/schedstat" && st=$w
		sleep 0.5
	done
	wait "$pid"
	rc=$?
	ms=$((($(date +%s%N) - t0) / 1000000))
	waited_ms=$((st / 1000000))
	return $rc
}

for t in "${targets[@]}"; do
	corpus="$out/corpus-$t"
	log="$out/run-$t.log"
	mkdir -p "$corpus"
	seed "$t" "$corpus"
	if ! clang $CFLAGS -fsanitize=fuzzer,$SAN -fno-sanitize-recover=all -o "$out/fuzz_$t" \
		"tests/fuzz/fuzz_$t.c" "$out/libhvdiag.a" $PCI_LIBS -lz -lm 2>"$out/build-$t.log"; then
		note "fuzz_$t: FAILED, does not build (see $out/build-$t.log)"
		sed 's/^/  /' "$out/build-$t.log" | head
		fail=$((fail + 1))
		continue
	fi
	if ! run_target "$log" "$out/fuzz_$t" -max_total_time="$secs" -max_len="$(max_len "$t")" \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$out/" "$corpus"; then
		note "fuzz_$t: FAILED (see $log)"
		grep -E "ERROR|SUMMARY|runtime error|fuzz_$t:|Test unit written" "$log" | head -8 | sed 's/^/  /'
		fail=$((fail + 1))
		continue
	fi
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	busy=$((ms - waited_ms))
	free_rate=$(( ${runs:-0} * 1000 / (busy > 0 ? busy : 1) ))
	line="fuzz_$t: ${runs:-?} runs in ${secs} s, ${rate:-?} execs/s; on a free CPU $free_rate/s"
	line="$line ($((waited_ms / 1000)) of $((ms / 1000)) s waiting for one)"
	if [ "$min_execs" -gt 0 ] && [ "$secs" -ge "$min_secs" ] &&
		[ "$free_rate" -lt "$min_execs" ]; then
		note "$line: FAILED, under $min_execs/s (speed guard)"
		fail=$((fail + 1))
	else
		note "$line: ok"
		pass=$((pass + 1))
	fi
done
if [ "$min_execs" -eq 0 ]; then
	guard="speed guard off (FUZZ_MIN_EXECS=1000 turns it on)"
elif [ "$secs" -ge "$min_secs" ]; then
	guard="speed guard: under $min_execs execs/s on a free CPU fails"
else
	guard="speed guard off for runs under $min_secs s"
fi
note "fuzz: $pass passed, $fail failed (${secs} s per target; $guard)"
[ $fail -eq 0 ]
