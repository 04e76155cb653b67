#!/bin/sh
# Shell completions: the bash one driven in a real bash with bash-completion
# loaded (COMP_WORDS, the completion function, COMPREPLY); the zsh and fish
# files pass their shells' syntax checks.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

mkdir -p bin && ln -sf "$COBRA" bin/cobra
new_store s
(cd s && "$COBRA" add-customer "Maria Silva" >/dev/null && "$COBRA" add-customer "Mario Lima" >/dev/null &&
	"$COBRA" add-customer "Ana Souza" >/dev/null)

# comp WORD...: what the bash completion offers for the last word
cat >comp.bash <<'BASH'
. /usr/share/bash-completion/bash_completion
. "$SRC/completions/cobra.bash"
comp() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_cobra cobra "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	printf '%s\n' "${COMPREPLY[@]}" | sort
}
BASH

bash_comp() { SRC="$SRC" PATH="$TRASH/bin:$PATH" bash -c ". \"$TRASH/comp.bash\"; $*"; }

if ! [ -f /usr/share/bash-completion/bash_completion ]; then
	test_expect 'bash-completion is installed (make check installs it)' 'false'
fi

test_expect 'bash: the completion is registered for cobra' '
	bash_comp "complete -p cobra" | grep -q -- "-F _cobra cobra"
'

test_expect 'bash: commands' '
	bash_comp "comp cobra pa" >got && test "$(cat got)" = "pay" &&
	bash_comp "comp cobra \"\"" >got && grep -qx add-customer got && grep -qx due got && grep -qx recover got
'

test_expect 'bash: options of a command, read from the command itself' '
	bash_comp "comp cobra pay --me" >got && test "$(cat got)" = "--method" &&
	bash_comp "comp cobra due --" >got && grep -qx -- --as-of got && grep -qx -- --aging got && ! grep -qx -- --method got
'

test_expect 'bash: values of enumerated options' '
	bash_comp "comp cobra pay maria 10 --method \"\"" >got &&
	test "$(tr "\n" " " <got)" = "boleto card cash pix transfer " &&
	bash_comp "comp cobra due --format j" >got && test "$(cat got)" = "json"
'

test_expect 'bash: customer handles from the store' '
	cd s && bash_comp "comp cobra pay mar" >../got && cd .. &&
	test "$(tr "\n" " " <got)" = "maria-silva mario-lima "
'

test_expect 'bash: import kinds, then CSV files' '
	touch a.csv b.txt &&
	bash_comp "comp cobra import \"\"" >got && test "$(tr "\n" " " <got)" = "customers debts " &&
	bash_comp "comp cobra import customers \"\"" >got && grep -qx a.csv got && ! grep -qx b.txt got
'

test_expect 'zsh: _cobra passes zsh -n' '
	command -v zsh >/dev/null || { echo "zsh missing (make check installs it)"; exit 1; }
	zsh -n "$SRC/completions/_cobra"
'

test_expect 'fish: cobra.fish passes fish --no-execute' '
	command -v fish >/dev/null || { echo "fish missing (make check installs it)"; exit 1; }
	fish --no-execute "$SRC/completions/cobra.fish"
'

test_done
