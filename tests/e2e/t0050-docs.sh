#!/bin/sh
# Documentation matches the code: every command has a man page that is clean
# under mandoc -Tlint and lists every option the command's table has; every
# exit code is documented in cobra(1).
MAN=$(cd "$(dirname "$0")/../../man" && pwd)
. "$(dirname "$0")/lib.sh"

if ! command -v mandoc >/dev/null 2>&1; then
	test_expect 'mandoc is installed (make check installs it)' 'false'
	test_done
	exit
fi

commands=$("$COBRA" --help | awk '/^commands:/ {on = 1; next} on && /^    [a-z]/ {print $1} on && /^$/ {on = 0}')

test_expect 'every man page is clean under mandoc -Tlint' '
	for f in "$MAN"/*.[157]; do mandoc -Tlint -W warning "$f" || exit 1; done
'

for c in $commands; do
	test_expect "cobra-$c(1) exists and documents every option of '$c'" '
		test -f "$MAN/cobra-$c.1" &&
		mandoc -Tascii "$MAN/cobra-$c.1" | col -b >page &&
		for o in $("$COBRA" $c -h | grep -o -- "--[a-z][a-z-]*" | sort -u); do
			grep -q -- "$o" page || { echo "cobra-$c.1 lacks $o"; exit 1; }
		done
	'
done

# the other way round: a page for no command, or an option a page lists in
# OPTIONS that the command does not take
test_expect 'every cobra-CMD(1) is a command, and every option in its OPTIONS exists' '
	for f in "$MAN"/cobra-*.1; do
		c=$(basename "$f" .1); c=${c#cobra-}
		printf "%s\n" $commands | grep -qx "$c" || { echo "$f: no command \"$c\""; exit 1; }
		"$COBRA" $c -h >usage || exit 1
		for o in $(sed -n "/^\.Sh OPTIONS/,/^\.Sh /p" "$f" | sed -n "s/^\.It Fl -\([a-z][a-z-]*\).*/\1/p" | sort -u); do
			grep -q -- "--$o\b" usage || { echo "$f documents --$o, which cobra $c does not take"; exit 1; }
		done
	done
'

test_expect 'cobra(1) lists every command and every exit code 0-7' '
	mandoc -Tascii "$MAN/cobra.1" | col -b >page &&
	for c in $commands; do grep -q "$c" page || { echo "cobra.1 lacks $c"; exit 1; }; done &&
	sed -n "/^EXIT STATUS/,/^[A-Z]/p" page >exit &&
	for n in 0 1 2 3 4 5 6 7; do grep -q "^ *$n[[:space:]]" exit || { echo "exit status $n undocumented"; exit 1; }; done
'

test_done
