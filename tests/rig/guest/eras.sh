# SPDX-License-Identifier: GPL-2.0
# What the genuine mlx4_core of this kernel's driver era prints against
# pf-emu (mlx4-eras), for the guest scripts that judge it: sourced.
ERAS=${MLX4_ERAS:-/rig/mlx4-eras}
KO=/rig/mlx4_core.ko
# the driver's era: mlx4_core's own version= string ("" without the module)
ver=$( [ -f $KO ] && tr '\0' '\n' < $KO | sed -n 's/^version=//p' | head -1)
# era_lines KEY: the values of KEY in this driver's era, one a line
era_lines() {
	awk -v v="$ver" -v k="$1" '$1 == "era" { on = ($2 == v); next }
		on && $1 == k { sub(/^[^ \t]+[ \t]+/, ""); print }' "$ERAS"
}
