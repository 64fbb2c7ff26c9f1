#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The command frame (tools/cmd/options.c, cmds.h) as check, watch,
# exercise and ktap meet it: --help on stdout names every option of the
# table and the parser knows every option --help names; usage errors exit
# 2 with one prefix, "hvdiag: CMD: ", then the usage; a bad --format or
# option value exits 2 with its message. None of these runs the command.
set -u
. "$(dirname "$0")/../lib.sh"

declare -A OPTS=(
	[check]="--root --profile --format --output --only --kconfig --initrd --sample --verbose --help -r -p -f -o -v -h"
	[watch]="--from-boot --once --kmsg --root --format --output --prom --interval --level-prefix --help -r -f -o -h"
	[exercise]="--target --vectors --timeout --module --format --output --verbose --help -t -n -m -f -o -v -h"
	[ktap]="--format --output --name --help -f -o -h"
)
# arguments that make the command's argument count wrong by one too many
declare -A EXTRA=([check]="x" [watch]="x" [exercise]="pci x" [ktap]="a b")
# what the last of EXTRA's words is called in the message
declare -A EXTRA_WORD=([check]="x" [watch]="x" [exercise]="x" [ktap]="b")

for c in check watch exercise ktap; do
	expect_exit "$c --help" 0 "$HV" $c --help
	ok "$c --help: nothing on stderr" $([ ! -s "$TMP/err" ]; echo $?)
	has "$c --help: the usage first" "^usage: hvdiag $c" "$TMP/out"
	cp "$TMP/out" "$TMP/help"
	for o in ${OPTS[$c]}; do
		grep -Eq -- "(^|[ ,])$o([ ,]|$)" "$TMP/help"
		r=$?; ok "$c --help names $o" $r
	done
	# every long option --help lists is one the parser knows
	sed -n 's/^ \{2,6\}\(-., \)\{0,1\}\(--[a-z-]*\)\( [A-Z]*\)\{0,1\} .*/\2\3/p' \
		"$TMP/help" | grep -v '^--help' > "$TMP/listed"
	n=0
	while read -r o arg; do
		if [ -n "$arg" ]; then
			"$HV" $c $o > /dev/null 2> "$TMP/e"	# its argument missing
			r=$?
			want="^hvdiag: $c: missing the argument of '$o'$"
		else
			"$HV" $c $o ${EXTRA[$c]} > /dev/null 2> "$TMP/e"
			r=$?
			want="^hvdiag: $c: unexpected argument '${EXTRA_WORD[$c]}'$"
		fi
		if [ $r -ne 2 ] || ! head -1 "$TMP/e" | grep -Eq -- "$want"; then
			echo "# $c $o: exit $r, $(head -1 "$TMP/e")"
			n=$((n + 1))
		fi
	done < "$TMP/listed"
	ok "$c: the parser knows the $(wc -l < "$TMP/listed") options --help lists" $n

	expect_exit "$c: unknown long option" 2 "$HV" $c --bogus
	has "$c: unknown long option said once, prefixed" "^hvdiag: $c: unknown option '--bogus'$" "$TMP/err"
	has "$c: then the usage" "^usage: hvdiag $c" "$TMP/err"
	ok "$c: no getopt message besides" $(grep -q "unrecognized\|invalid option" "$TMP/err"; [ $? -ne 0 ]; echo $?)
	expect_exit "$c: unknown short option" 2 "$HV" $c -Z
	has "$c: unknown short option said" "^hvdiag: $c: unknown option '-Z'$" "$TMP/err"
	expect_exit "$c: a missing option argument" 2 "$HV" $c --format
	has "$c: missing argument said" "^hvdiag: $c: missing the argument of '--format'$" "$TMP/err"
	expect_exit "$c: an extra argument" 2 "$HV" $c ${EXTRA[$c]}
	has "$c: extra argument said" "^hvdiag: $c: unexpected argument '${EXTRA_WORD[$c]}'$" "$TMP/err"
	expect_exit "$c: a bad --format" 2 "$HV" $c --format yaml
	has "$c: bad --format said" "^hvdiag: unknown format 'yaml'" "$TMP/err"
	ok "$c: stdout stays empty on usage errors" $([ ! -s "$TMP/out" ]; echo $?)
done

expect_exit "exercise: its argument missing" 2 "$HV" exercise
has "exercise: missing argument said" "^hvdiag: exercise: missing argument$" "$TMP/err"

# values checked as they are read, each with its message
bad() {		# bad DESC MESSAGE ARGS...
	local d=$1 m=$2
	shift 2
	expect_exit "$d" 2 "$HV" "$@"
	has "$d: said" "$m" "$TMP/err"
}
bad "check --sample 0" "^hvdiag: --sample takes seconds from 0.1 to 3600, not '0'$" check --sample 0
bad "check --sample 1e9" "not '1e9'" check --sample 1e9
bad "check --sample nan" "not 'nan'" check --sample nan
bad "check --only a bad group" "^hvdiag: unknown group 'bogus' in --only$" check --only pci,bogus
bad "watch --interval 0.5" "^hvdiag: --interval takes seconds from 1 to 86400, not '0.5'$" watch --interval 0.5
bad "watch --interval words" "not 'soon'" watch --interval soon
bad "watch --format tap" "^hvdiag: unknown format 'tap' \(text, json, prom, html\)$" watch --format tap
bad "exercise --vectors 0" "^hvdiag: --vectors takes 1-2048$" exercise pci --vectors 0
bad "exercise --vectors 2049" "takes 1-2048" exercise pci --vectors 2049
bad "exercise --timeout -1" "^hvdiag: --timeout takes 1-60000 ms$" exercise pci --timeout -1
bad "exercise an unknown exercise" "^hvdiag: unknown exercise 'bogus'" exercise bogus

# options and arguments mix; "--" ends the options
printf 'TAP version 13\n1..1\nok 1 - a\n' > "$TMP/t.tap"
expect_exit "ktap FILE --name N: options after the argument" 0 "$HV" ktap "$TMP/t.tap" --name mix
has "ktap: the name taken" "^mix: 1 passed, 0 failed, 0 skipped$" "$TMP/out"
cp "$TMP/t.tap" "$TMP/-n.tap"
expect_exit "ktap -- -n.tap: an argument after --" 0 "$HV" ktap -- "$TMP/-n.tap"

done_testing
