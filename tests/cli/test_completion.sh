#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# tools/completion/hvdiag.bash sourced in bash: COMPREPLY for what a user
# types, against the hvdiag under test. Once on its own, once under
# bash-completion's helpers (as it runs when installed).
set -u
. "$(dirname "$0")/../lib.sh"
COMP=$(cd "$(dirname "$0")/../../tools/completion" && pwd)/hvdiag.bash
PROFILES=$(cd "$FIX/../../profiles" && pwd)
BC=/usr/share/bash-completion/bash_completion

# The driver: each case is "WORDS...|EXPECTED REPLY" with words as bash
# splits them (COMP_WORDBREAKS splits "--format=j" into "--format = j");
# it prints the reply sorted, one line per case.
cat > "$TMP/drive.sh" <<'EOF'
[ -n "${BC:-}" ] && . "$BC"
. "$COMP"
complete -p hvdiag >/dev/null || { echo "not registered"; exit 1; }
while IFS= read -r line; do
	read -r -a COMP_WORDS <<< "$line"
	[ "${line: -1}" = " " ] && COMP_WORDS+=("")
	COMP_WORDS[0]=$HV
	COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
	COMP_LINE="$HV ${line#* }"
	COMP_LINE=${COMP_LINE// = /=}
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_hvdiag
	printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' '
	echo
done
EOF

profiles=$(sed -n 's/^profile \(.*\)/\1/p' "$PROFILES"/*.profile | sort)
for mode in plain bash-completion; do
	if [ $mode = bash-completion ]; then
		if [ ! -r "$BC" ]; then
			echo "ok $((T_N += 1)) - $mode # SKIP $BC missing (Debian package bash-completion)"
			continue
		fi
		export BC
	fi
	cd "$FIX/.." || exit 2
	# one case per line; a trailing space is an empty word being completed
	cat > "$TMP/cases" <<'EOF'
hvdiag ch
hvdiag check --for
hvdiag check --format 
hvdiag check -f j
hvdiag check --format = p
hvdiag check --profile 
hvdiag check --only p
hvdiag check --only pci,d
hvdiag check --
hvdiag collect --re
hvdiag exercise 
hvdiag lsvmbus --format 
hvdiag explain --id mlx4.comm.o
hvdiag check --root fixtures/rig-m
hvdiag 
EOF
	HV=$HV COMP=$COMP bash "$TMP/drive.sh" < "$TMP/cases" > "$TMP/got" 2>&1
	mapfile -t got < "$TMP/got"
	want=(
		"check "
		"--format "
		"html json junit prom tap text "
		"json junit "
		"prom "
		"$(echo $profiles auto | tr ' ' '\n' | sort | tr '\n' ' ')"
		"pci platform "
		"pci,driver "
		"--format --help --initrd --kconfig --only --output --profile --root --sample --verbose "
		"--redact "
		"mlx4-comm msix pci vmbus "
		"json text "
		"mlx4.comm.offline "
		"fixtures/rig-mlx4 "
		"check collect exercise explain kconfig ktap lsvmbus profiles tree watch "
	)
	i=0
	while IFS= read -r c; do
		[ "${got[$i]-}" = "${want[$i]}" ]
		r=$?; ok "$mode: '$c<TAB>' -> ${want[$i]}" $r
		[ $r -eq 0 ] || echo "#   got '${got[$i]-}'"
		i=$((i + 1))
	done < "$TMP/cases"
	cd - >/dev/null || exit 2
done

# options come from usage and option lines only: collect's description
# ("lspci -vvv", "hvdiag check --root") must not add any
printf '%s\n' "hvdiag collect -" > "$TMP/cases"
HV=$HV COMP=$COMP bash "$TMP/drive.sh" < "$TMP/cases" > "$TMP/got" 2>&1
grep -q -- '-vvv' "$TMP/got"
r=$?; ok "collect -<TAB>: nothing from the description ($(cat "$TMP/got"))" $(( ! r ))
has "collect -<TAB>: its own options" '--output .*--redact' "$TMP/got"

# the hidden listing the completion reads: every check once, with its group
"$HV" check --list > "$TMP/list"
n=$(awk '{ print $1 }' "$TMP/list" | sort -u | wc -l)
# as many as the registry's rows
want=$(grep -c '^	{ "[a-z]' "$(dirname "$0")/../../tools/checks/table.c")
ok "check --list: $want distinct check ids (got $n)" $(( n != want ))
has "check --list: pci.vf.present in group pci" '^pci\.vf\.present +pci ' "$TMP/list"
"$HV" check --help > "$TMP/help"
grep -q -- '--list' "$TMP/help"
ok "check --list stays out of --help" $(( ! $? ))

done_testing
