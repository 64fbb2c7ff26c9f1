#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The genuine mlx4_core + mlx4_en brought up by the rig against pf-emu's
# emulated function (tests/fixtures/rig-mlx4/{up,port-down,init-port-fails}):
# hvdiag on those logs.
. "$(dirname "$0")/../lib.sh"
R=$FIX/rig-mlx4

expect_exit "up: every step the rig can show" 0 "$HV" check --root "$R/up" --profile mlx4 --only driver -v
has "up: mlx4_en's Activating port:1 is step 6" "log:[0-9]+: mlx4_en 0000:00:02.0: Activating port:1" "$TMP/out"
has "up: only netvsc's join (step 7) is not seen" "^WARN +driver.init.sequence +0000:00:02.0: .*step 7 of 7 not seen: .*joined to" "$TMP/out"
has "up: no known-bad line" "^PASS +driver.errors" "$TMP/out"
expect_exit "up: the rig profile (the mlx4 one but netvsc's step) passes" 0 "$HV" check --root "$R/up" --profile rig-mlx4 --only driver
has "up: all six steps, mlx4_en's too" "^PASS +driver.init.sequence +all 6 signature steps" "$TMP/out"

explain() { sh -c '"$1" explain - < "$2"' sh "$HV" "$1"; }
expect_exit "port down: explained" 0 explain "$R/port-down/dmesg.txt"
has "port down: named" "^mlx4.en.link_down" "$TMP/out"
expect_exit "INIT_PORT refused: explained" 0 explain "$R/init-port-fails/dmesg.txt"
has "INIT_PORT refused: named" "^mlx4.en.init_port" "$TMP/out"
has "INIT_PORT refused: the PF's bad status named" "^mlx4.cmd.failed" "$TMP/out"
grep -q "^mlx4.comm.timeout" "$TMP/out"; [ $? -ne 0 ]
ok "INIT_PORT refused: an answered command is not a timeout" $?
expect_exit "INIT_PORT refused: check fails" 1 "$HV" check --root "$R/init-port-fails" --profile mlx4 --only driver
has "INIT_PORT refused: driver.errors names it" "^FAIL +driver.errors .*mlx4.en.init_port" "$TMP/out"
expect_exit "up: nothing to explain" 1 explain "$R/up/dmesg.txt"
grep -q "^mlx4\." "$TMP/out"; [ $? -ne 0 ]
ok "up: no mlx4 failure named" $?

done_testing
