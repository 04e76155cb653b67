# bash completion for cobra: commands, each command's options (read from
# "cobra CMD -h", so they never drift from the code), customer handles.
_cobra() {
	local cur prev words cword
	_init_completion 2>/dev/null || { cur=${COMP_WORDS[COMP_CWORD]}; prev=${COMP_WORDS[COMP_CWORD-1]}; }
	local i cmd=
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-C) ((i++)) ;;
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$(cobra --help 2>/dev/null | awk '/^    [a-z]/ {print $1}') -C --no-color --version --help" -- "$cur"))
		return
	fi
	case $prev in
	--method) COMPREPLY=($(compgen -W "cash pix card transfer boleto" -- "$cur")); return ;;
	--format)
		if [[ $cmd == export ]]; then
			COMPREPLY=($(compgen -W "ledger hledger beancount csv json" -- "$cur"))
		else
			COMPREPLY=($(compgen -W "human tsv csv json" -- "$cur"))
		fi
		return ;;
	--channel) COMPREPLY=($(compgen -W "email sms whatsapp letter call" -- "$cur")); return ;;
	--kind) COMPREPLY=($(compgen -W "dispute opt-out agreement broken-agreement other" -- "$cur")); return ;;
	--by) COMPREPLY=($(compgen -W "amount age priority" -- "$cur")); return ;;
	--customer)
		COMPREPLY=($(compgen -W "$(cobra customers --format tsv 2>/dev/null | tail -n +2 | cut -f2)" -- "$cur"))
		return ;;
	--letters) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(cobra "$cmd" -h 2>/dev/null | grep -o -- '--[a-z-]*' | sort -u)" -- "$cur"))
		return
	fi
	case $cmd in
	show | edit-customer | sell | pay | log | hold | negotiate | score | pix)
		COMPREPLY=($(compgen -W "$(cobra customers --format tsv 2>/dev/null | tail -n +2 | cut -f2)" -- "$cur")) ;;
	import)
		if [[ $prev == import ]]; then
			COMPREPLY=($(compgen -W "customers debts" -- "$cur"))
		else
			compopt -o filenames 2>/dev/null
			COMPREPLY=($(compgen -o plusdirs -f -X '!*.[cC][sS][vV]' -- "$cur"))
		fi ;;
	esac
}
complete -F _cobra cobra
