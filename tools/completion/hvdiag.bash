# SPDX-License-Identifier: GPL-2.0
# bash completion for hvdiag(8). Commands and options are read from the
# tool's own help ('hvdiag --help', 'hvdiag COMMAND --help'), so they follow
# the binary being completed; profile names from 'hvdiag profiles', check
# groups from 'hvdiag check --list', knowledge-base ids from
# 'hvdiag explain --list'.

# _hvdiag_run ARGS...: the hvdiag being completed (the command word as
# typed when it runs, else the one in PATH)
_hvdiag_run()
{
	local hv=${_hvdiag_bin:-hvdiag}

	"$hv" "$@" 2>/dev/null </dev/null
}

# The option part of a command's help: its usage lines (up to the first
# blank line) and the first column of the lines that describe options.
_hvdiag_optspec()
{
	_hvdiag_run "$1" --help | awk '
		/^usage:/ { u = 1 }
		u && /^$/ { u = 0 }
		u { print; next }
		/^[ \t]+-/ { sub(/^[ \t]+/, ""); sub(/  .*/, ""); print }'
}

# Options of command $1 (long and short), one per line
_hvdiag_options()
{
	_hvdiag_optspec "$1" | awk '{
		line = " " $0
		while (match(line, /[ [|,]--?[A-Za-z][A-Za-z0-9-]*/)) {
			print substr(line, RSTART + 1, RLENGTH - 1)
			line = substr(line, RSTART + RLENGTH)
		} }' | sort -u
}

# Lower-case alternatives the usage gives for option $2 of command $1,
# e.g. "--format text|json" or "--profile NAME|FILE|auto"; for the first
# positional argument, $2 is the command itself ("exercise pci|msix")
_hvdiag_choices()
{
	_hvdiag_optspec "$1" | awk -v opt="$2" '{
		for (i = 1; i < NF; i++) {
			w = $i
			sub(/^\[/, "", w)
			if (w != opt)
				continue
			n = split($(i + 1), alt, "|")
			for (k = 1; k <= n; k++) {
				gsub(/[][]/, "", alt[k])
				if (alt[k] ~ /^[a-z][a-z0-9-]*$/)
					print alt[k]
			}
		} }' | sort -u
}

_hvdiag_profiles()
{
	_hvdiag_run profiles | awk 'NF { print $1 }'
}

_hvdiag()
{
	local cur prev words cword
	local cmd="" i w opts _hvdiag_bin

	if declare -F _get_comp_words_by_ref >/dev/null; then
		_get_comp_words_by_ref -n =: cur prev words cword
	else
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
	fi
	# --opt=value: one word (bash-completion), or split by COMP_WORDBREAKS
	if [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		cur=${cur#*=}
	elif [[ $cur == = ]]; then
		cur=""
	elif [[ $prev == = && $cword -ge 2 ]]; then
		prev=${words[cword - 2]}
	fi
	_hvdiag_bin=${words[0]}
	[[ $_hvdiag_bin == */* && -x $_hvdiag_bin ]] || _hvdiag_bin=hvdiag
	COMPREPLY=()

	for ((i = 1; i < cword; i++)); do
		w=${words[i]}
		[[ $w == -* ]] && continue
		cmd=$w
		break
	done
	if [[ -z $cmd ]]; then
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--help --version" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "$(_hvdiag_run --help |
				sed -n '/^commands:/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p')" -- "$cur"))
		fi
		return 0
	fi

	case $prev in
	--root|-r|--series|--patches)
		COMPREPLY=($(compgen -d -- "$cur"))
		return 0 ;;
	--output|-o|--kconfig|-k|--initrd|--module|-m|--fragment|--prom|--kmsg)
		COMPREPLY=($(compgen -f -- "$cur"))
		return 0 ;;
	--profile|-p)
		COMPREPLY=($(compgen -W "$({ _hvdiag_profiles
			_hvdiag_choices "$cmd" --profile; } | sort -u)" -- "$cur"))
		[[ $cur == */* || $cur == *.profile ]] &&
			COMPREPLY+=($(compgen -f -- "$cur"))
		return 0 ;;
	--patterns)
		COMPREPLY=($(compgen -W "$(_hvdiag_profiles) all" -- "$cur"))
		return 0 ;;
	--only)
		# comma separated: complete the last item
		local done=${cur%"${cur##*,}"}
		COMPREPLY=($(compgen -P "$done" -W "$(_hvdiag_run check --list |
			awk '{ print $2 }' | sort -u)" -- "${cur##*,}"))
		compopt -o nospace 2>/dev/null
		return 0 ;;
	--id)
		COMPREPLY=($(compgen -W "$(_hvdiag_run explain --list |
			sed -n 's/^\([^ :][^ :]*\): .*/\1/p')" -- "$cur"))
		return 0 ;;
	--target|-t)
		COMPREPLY=($(cd /sys/bus/pci/devices 2>/dev/null &&
			compgen -G "${cur}*"))
		declare -F __ltrim_colon_completions >/dev/null &&
			__ltrim_colon_completions "$cur"
		return 0 ;;
	--format|-f)
		opts=$(_hvdiag_choices "$cmd" --format)
		# a usage that says only "--format F": the formats of check
		[[ -n $opts ]] || opts=$(_hvdiag_choices check --format)
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return 0 ;;
	--name|--vectors|-n|--timeout)
		return 0 ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(_hvdiag_options "$cmd")" -- "$cur"))
		return 0
	fi
	case $cmd in
	exercise)
		COMPREPLY=($(compgen -W "$(_hvdiag_choices exercise exercise)" -- "$cur")) ;;
	tree)
		COMPREPLY=($(compgen -d -- "$cur")) ;;
	kconfig|ktap)
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
	return 0
}
complete -F _hvdiag hvdiag
