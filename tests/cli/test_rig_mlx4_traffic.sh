#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The genuine mlx4_core + mlx4_en with traffic on pf-emu's emulated VF
# (tests/fixtures/rig-mlx4/{vf-removed,eqe-lost}): a VF hot-unplugged while
# ping runs over it, and an EQE the PF never delivers (the NOP interrupt
# test, RIG_SLOW=1). hvdiag on those logs.
. "$(dirname "$0")/../lib.sh"
R=$FIX/rig-mlx4
explain() { sh -c '"$1" explain - < "$2"' sh "$HV" "$1"; }

# removed under traffic: the guest's log holds mlx4_en's port close only
expect_exit "VF removed: explained" 0 explain "$R/vf-removed/dmesg.txt"
has "VF removed: the port close named" "^mlx4.en.port_closed" "$TMP/out"
has "VF removed: the removal is among the causes" "cause: .*VF removed under it" "$TMP/out"
grep -qE "^mlx4\.(comm|cmd|slave)" "$TMP/out"; [ $? -ne 0 ]
ok "VF removed: no command or comm-channel failure claimed" $?

# an EQE never delivered: for a VF the NOP's completion is itself an event,
# so the comm channel times out, the reset fails, and 6.1 hits a BUG_ON
# (exit 3: the oops's RIP line names mlx4_enter_error_state in
# [mlx4_core], which the unknown-error fallback counts; the only one)
expect_exit "EQE lost: explained" 3 explain "$R/eqe-lost/dmesg.txt"
has "EQE lost: only the RIP line is unrecognised" "^1 unrecognised error line" "$TMP/out"
has "EQE lost: the modern comm timeout (with its op) named" "^mlx4.comm.timeout" "$TMP/out"
has "EQE lost: the reset named" "^mlx4.catas.reset" "$TMP/out"
has "EQE lost: the BUG named" "^kernel.oops" "$TMP/out"
expect_exit "EQE lost: check fails" 1 "$HV" check --root "$R/eqe-lost" --profile rig-mlx4 --only driver
has "EQE lost: driver.errors names the reset" "^FAIL +driver.errors .*mlx4.catas.reset" "$TMP/out"
has "EQE lost: the bring-up stops before mlx4_en" "^FAIL +driver.init.sequence .*step 6 of 6 missing: mlx4_en" "$TMP/out"
# the interrupt test's own failure, as older kernels and a lost MSI-X
# (not a lost event) print it
expect_exit "NOP without MSI-X: explained" 0 "$HV" explain "mlx4_core 0000:00:02.0: NOP command failed to generate MSI-X interrupt IRQ 24)."
has "NOP without MSI-X: named" "^mlx4.nop_msix" "$TMP/out"

done_testing
