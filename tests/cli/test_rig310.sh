#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The genuine mlx4_core of 3.10.108 (inbox v1.1), recorded by the rig
# (make rig-kernel, make rig-check RIG_KERNEL=build/rig-kernel) against
# each pf-emu fault mode: tests/fixtures/rig310. Judged with the
# seed's profile (how far the seed's bring-up got) and with the rig's
# profile of that driver era. 3.10 has no comm-channel offline flag: a PF
# that sets it looks like an FLR to this driver.
set -u
. "$(dirname "$0")/../lib.sh"
R=$FIX/rig310

expect_exit "3.10, QUERY_HCA refused" 1 "$HV" check --root "$R/query-hca-fails" --profile mlx4 --only driver
has "3.10: the seed's first three steps pass, step 4 named" \
	"^FAIL +driver.init.sequence +0000:00:02.0: step 4 of 7 missing: mlx4_core \{BDF\}: HCA minimum page size:512" "$TMP/out"
has "3.10: slave init failure named" "^FAIL +driver.errors .*mlx4.slave.init" "$TMP/out"
expect_exit "3.10, stale toggle" 1 "$HV" check --root "$R/stale-toggle" --profile mlx4 --only driver
has "3.10: recovery named" "^FAIL +driver.errors .*mlx4.comm.recovered" "$TMP/out"
expect_exit "3.10, offline flag" 1 "$HV" check --root "$R/offline-flag" --profile mlx4 --only driver
has "3.10: offline flag stops before vhcr0, as an FLR" \
	"step 3 of 7 missing: mlx4_core \{BDF\}: Sending vhcr0" "$TMP/out"
has "3.10: offline flag named as FLR, not offline" "^FAIL +driver.errors .*mlx4.comm.flr" "$TMP/out"
! grep -q "mlx4.comm.offline" "$TMP/out"
ok "3.10: no offline message judged (v1.1 has none)" $?
expect_exit "3.10, FLR" 1 "$HV" check --root "$R/flr" --profile mlx4 --only driver
has "3.10: FLR named" "^FAIL +driver.errors .*mlx4.comm.flr" "$TMP/out"
has "3.10: FLR defers the probe" "Deferring probe" "$R/flr/dmesg.txt"
expect_exit "3.10, tier 2" 1 "$HV" check --root "$R/tier2" --profile mlx4 --only driver
has "3.10: tier 2 passes every mlx4_core step of the seed" \
	"step 6 of 7 missing: mlx4_en \\{BDF\\}: Activating port:1" "$TMP/out"
has "3.10: tier 2 stop and FW warning named" \
	"^FAIL +driver.errors .*(mlx4.slave.init.*mlx4.query_fw|mlx4.query_fw.*mlx4.slave.init)" "$TMP/out"
"$HV" check --root "$R/tier2" --profile rig-mlx4-3.10 --only driver -v > "$TMP/out" 2>&1
has "3.10 era profile: all five steps in order" \
	"^PASS +driver.init.sequence +all 5 signature steps in order" "$TMP/out"
"$HV" check --root "$R/query-hca-fails" --profile rig-mlx4-3.10 --only driver -v > "$TMP/out" 2>&1
has "3.10 era profile: QUERY_HCA refused stops at step 4" \
	"^FAIL +driver.init.sequence .*step 4 of 5 missing" "$TMP/out"
grep -q "Mellanox ConnectX core driver v1.1" "$R/query-hca-fails/dmesg.txt"
ok "the driver is 3.10's inbox v1.1" $?
# the run's whole kernel log: 3.10.108's banner after its cgroup lines,
# and the 0006 counterfactual's oops in it, named
head -4 "$R/kernel.log" | grep -q "^\[ *0.000000\] Linux version 3.10.108 "
ok "kernel log: Linux version 3.10.108 at the boot" $?
"$HV" explain - < "$R/kernel.log" > "$TMP/out" 2>&1
has "kernel log: the oops without 0006 named" "^hvpci.msi_ops_left_behind" "$TMP/out"
done_testing
