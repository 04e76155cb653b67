#!/bin/sh
# Terminal manners: colour only on a terminal and never with NO_COLOR or
# --no-color, long human output through the pager on a terminal, machine
# formats never coloured or paged, --help and `help CMD` show the manual
# page, -h the short usage. A terminal is made with script(1) (util-linux).
. "$(dirname "$0")/lib.sh"

new_store s
(cd s && "$COBRA" add-customer "Ana Souza" && "$COBRA" sell ana 100 --date 2026-09-01) >/dev/null
ESC=$(printf '\033')
# tty CMD...: runs CMD on a pseudo-terminal, output in $OUT; lib.sh sets
# NO_COLOR for every other test, so it is taken away here
tty() {
	env -u NO_COLOR TERM=xterm script -qec "$*" /dev/null </dev/null >"$OUT" 2>&1
}

test_expect 'on a terminal the header row of a table is bold' '
	cd s && PAGER=cat tty "$COBRA" due &&
	grep -q "${ESC}\[1mCUSTOMER" "$OUT"
'

test_expect 'NO_COLOR, --no-color and TERM=dumb turn colour off' '
	cd s &&
	PAGER=cat tty env NO_COLOR=1 "$COBRA" due && grep -q CUSTOMER "$OUT" && ! grep -q "$ESC" "$OUT" &&
	PAGER=cat tty "$COBRA" --no-color due && grep -q CUSTOMER "$OUT" && ! grep -q "$ESC" "$OUT" &&
	PAGER=cat TERM=dumb script -qec "$COBRA due" /dev/null </dev/null >"$OUT" 2>&1 && ! grep -q "$ESC" "$OUT"
'

test_expect 'without a terminal there is no colour and no pager' '
	cd s && PAGER="sed s/^/PAGED:/" run_cobra 0 due && ! grep -q "$ESC" "$OUT" && ! grep -q PAGED "$OUT"
'

test_expect 'on a terminal human output goes through $PAGER; machine formats do not' '
	cd s &&
	PAGER="sed s/^/PAGED:/" tty "$COBRA" due && grep -q "^PAGED:.*ana-souza" "$OUT" &&
	COBRA_PAGER="sed s/^/CP:/" PAGER="sed s/^/PAGED:/" tty "$COBRA" log && grep -q "^CP:" "$OUT" &&
	PAGER="sed s/^/PAGED:/" tty "$COBRA" due --format tsv && ! grep -q PAGED "$OUT" && ! grep -q "$ESC" "$OUT" &&
	grep -q "^[0-9a-f]*	ana-souza	" "$OUT"
'

test_expect 'an error on a terminal is red; in a pipe it is plain' '
	cd s &&
	PAGER=cat tty "$COBRA" show nobody; grep -q "${ESC}\[31mcobra: error:" "$OUT" &&
	run_cobra 4 show nobody && one_error_line && ! grep -q "$ESC" "$ERR"
'

test_expect '--help and help CMD show the manual page; -h the short usage' '
	MANPAGER=cat run_cobra 0 pay --help && grep -q "cobra-pay" "$OUT" && grep -q "^NAME" "$OUT" &&
	MANPAGER=cat run_cobra 0 help due && grep -q "^NAME" "$OUT" && grep -q "cobra-due" "$OUT" &&
	run_cobra 0 pay -h && grep -q "^usage: cobra pay " "$OUT" && ! grep -q "^NAME" "$OUT"
'

test_expect 'a reader whose output is cut short exits quietly' '
	cd s && "$COBRA" due 2>"$ERR" | head -n 1 >/dev/null && [ ! -s "$ERR" ]
'

# widest FILE: the most characters (not bytes) on a line of FILE
widest() {
	while IFS= read -r l; do printf '%s' "$l" | LC_ALL=C.UTF-8 wc -m; done <"$1" | sort -n | tail -n 1
}

test_expect 'on a terminal tables fit its width ($COLUMNS): names are cut with an ellipsis, handles and money never' '
	cd s &&
	"$COBRA" add-customer "Maria Aparecida dos Santos Oliveira de Albuquerque" >/dev/null &&
	"$COBRA" sell maria 1234.56 --date 2026-09-01 >/dev/null &&
	h=$("$COBRA" customers --format tsv | cut -f2 | grep "^maria") &&
	PAGER=cat COLUMNS=200 tty "$COBRA" --no-color customers &&
	grep -q "Maria Aparecida dos Santos Oliveira de Albuquerque" "$OUT" &&
	PAGER=cat COLUMNS=70 tty "$COBRA" --no-color customers && tr -d "\r" <"$OUT" >fit && cat fit &&
	! grep -q "Oliveira de Albuquerque" fit && grep -q " Maria A[a-z ]*…" fit && grep -q " $h " fit &&
	[ "$(widest fit)" -le 70 ] &&
	# due has nothing to cut (handles, IDs, dates, amounts): it stays whole and wraps
	PAGER=cat COLUMNS=40 tty "$COBRA" --no-color due && tr -d "\r" <"$OUT" >fit && cat fit &&
	! grep -q "…" fit && grep -q "^$h .*R\$ 1.234,56" fit &&
	# a pipe, a file and --format are never cut
	COLUMNS=70 "$COBRA" customers >pipe && grep -q "Oliveira de Albuquerque" pipe &&
	PAGER=cat COLUMNS=70 tty "$COBRA" customers --format tsv && grep -q "Oliveira de Albuquerque" "$OUT"
'

test_done
