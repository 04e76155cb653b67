#!/bin/sh
# make install into a DESTDIR: the binary runs, the man pages open with
# man -l, the installed bash completion works, the installed catalogue
# speaks Portuguese; make uninstall removes it all.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

root=$TRASH/root

test_expect 'make install PREFIX=/usr DESTDIR=... installs binary, pages, completions' '
	make -s -C "$SRC" install PREFIX=/usr DESTDIR="$root" >log 2>&1 || { cat log; exit 1; }
	test -x "$root/usr/bin/cobra" &&
	test -f "$root/usr/share/man/man1/cobra.1" && test -f "$root/usr/share/man/man1/cobra-pay.1" &&
	test -f "$root/usr/share/man/man5/cobra-store.5" && test -f "$root/usr/share/man/man7/cobra-charges.7" &&
	test -f "$root/usr/share/bash-completion/completions/cobra" &&
	test -f "$root/usr/share/zsh/site-functions/_cobra" &&
	test -f "$root/usr/share/fish/vendor_completions.d/cobra.fish" &&
	test -f "$root/usr/share/locale/pt_BR/LC_MESSAGES/cobra.mo"
'

test_expect 'the installed binary finds its installed catalogue (../share/locale beside bin/)' '
	(unset LC_ALL; LANG=pt_BR.UTF-8 "$root/usr/bin/cobra" pay 2>err; test $? = 2) &&
	grep -q "^cobra: erro: pay: falta um argumento" err &&
	grep -q "^uso: cobra pay " err
'

test_expect 'the installed binary runs' '
	"$root/usr/bin/cobra" --version | grep -q "^cobra " &&
	"$root/usr/bin/cobra" init s >/dev/null && "$root/usr/bin/cobra" -C s add-customer "Ana Souza" >/dev/null &&
	"$root/usr/bin/cobra" -C s customers --format tsv | grep -q "	ana-souza	"
'

test_expect 'an installed page opens with man -l' '
	command -v man >/dev/null || { echo "man missing (make check installs man-db)"; exit 1; }
	MANPAGER=cat MANWIDTH=80 man -l "$root/usr/share/man/man1/cobra-pay.1" 2>/dev/null | col -b >page &&
	grep -q "cobra pay" page && grep -q -- "--method" page
'

test_expect 'the installed bash completion completes commands' '
	PATH="$root/usr/bin:$PATH" bash -c ". /usr/share/bash-completion/bash_completion;
		. \"$root/usr/share/bash-completion/completions/cobra\";
		COMP_WORDS=(cobra add-c); COMP_CWORD=1; COMP_LINE=\"cobra add-c\"; COMP_POINT=11;
		_cobra cobra add-c cobra; echo \${COMPREPLY[*]}" >got &&
	test "$(cat got)" = "add-customer"
'

test_expect 'make uninstall removes every installed file' '
	make -s -C "$SRC" uninstall PREFIX=/usr DESTDIR="$root" >log 2>&1 || { cat log; exit 1; }
	left=$(find "$root" -type f | wc -l) && test "$left" = 0 || { find "$root" -type f; exit 1; }
'

test_done
