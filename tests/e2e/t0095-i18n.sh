#!/bin/sh
# Portuguese messages: every message in the code is in po/pt_BR.po and
# translated; LANG=pt_BR.UTF-8 shows errors, hints, headings and receipts in
# Portuguese, anything else English; money and dates follow the store's
# locale; --format output, record files and commit messages never change.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

# msgids FILE.po: each msgid on one line (continuation lines joined), without
# the header entry.
msgids() {
	awk '/^msgid /{s = substr($0, 7); m = 1; next}
		m && /^"/ {s = s $0; next}
		m {if (s != "\"\"") print "msgid " s; m = 0}' "$1"
}

# pt CMD...: cobra as a Brazilian user runs it (lib.sh pins LC_ALL=C).
pt() { (unset LC_ALL; LANG=pt_BR.UTF-8 run_cobra "$@"); }

test_expect 'xgettext over src/ and cmd/ finds no message that po/pt_BR.po lacks, leaves untranslated or fuzzy' '
	command -v xgettext >/dev/null || { echo "xgettext missing (make check installs gettext)"; exit 1; }
	make -s -C "$SRC" pot POT="$TRASH/cobra.pot" >log 2>&1 || { cat log; exit 1; }
	# msgmerge puts each message of the code into the catalogue: a new one
	# comes out untranslated, or fuzzy when it resembles an old one.
	msgmerge -q --no-wrap "$SRC/po/pt_BR.po" cobra.pot -o merged.po &&
	msgattrib --untranslated --no-wrap --no-location merged.po >untranslated.po &&
	msgattrib --only-fuzzy --no-wrap --no-location merged.po >fuzzy.po &&
	msgids untranslated.po >missing && msgids fuzzy.po >>missing &&
	if [ -s missing ]; then
		echo "$(wc -l <missing) message(s) of the code lack a Portuguese translation in po/pt_BR.po:"
		cat missing
		echo "fix: make pot && msgmerge -U po/pt_BR.po po/cobra.pot, translate, remove the fuzzy marks"
		exit 1
	fi
	n=$(msgids cobra.pot | wc -l) && test "$n" -gt 400 &&
	figure "catalogue: $n messages extracted from src/ and cmd/, all translated in po/pt_BR.po"
'

test_expect 'po/pt_BR.po passes msgfmt --check (placeholders valid and in a usable order, plural forms)' '
	msgfmt --check --statistics -o cat.mo "$SRC/po/pt_BR.po" 2>stats &&
	cat stats && ! grep -q "untranslated\|fuzzy" stats
'

test_expect 'make builds the catalogue where ./cobra finds it' '
	test -f "$SRC/build/locale/pt_BR/LC_MESSAGES/cobra.mo" || test -n "${COBRA_LOCALEDIR:-}"
'

new_store s
(cd s && "$COBRA" add-customer "Ana Souza" >/dev/null &&
	"$COBRA" sell ana 300,00 -n 3 --date 2026-11-10 --first-due 2026-12-10 >/dev/null)

test_expect 'an invalid amount: the error and its hint in Portuguese, exit status unchanged' '
	cd s &&
	pt 3 pay ana 12,345 &&
	cat "$ERR" &&
	test "$(sed -n 1p "$ERR")" = "cobra: erro: amount: \"12,345\" é ambíguo" &&
	test "$(sed -n 2p "$ERR")" = "dica: escreva 12345,00 ou 12345.00 com duas casas decimais, ou tire o separador" &&
	test "$(wc -l <"$ERR")" = 2 &&
	run_cobra 3 pay ana 12,345 &&
	grep -qx "cobra: error: amount: \"12,345\" is ambiguous" "$ERR"
'

test_expect 'due: Portuguese headings and totals line with R$ amounts' '
	cd s &&
	pt 0 due &&
	cat "$OUT" &&
	# three installments of 300,00 / 3 = 100,00, none due yet: no fee, no interest
	head -n 1 "$OUT" | grep -q "^CLIENTE  *DÍVIDA  *#  *VENCIMENTO  *ATRASO  *PRINCIPAL  *MULTA  *JUROS  *TOTAL$" &&
	grep -q "^ana-souza .* 10/12/2026 .* R\$ 100,00  R\$ 0,00  R\$ 0,00  R\$ 100,00$" "$OUT" &&
	test "$(tail -n 1 "$OUT")" = "3 parcelas em aberto, total R\$ 300,00"
'

test_expect 'pay: the receipt in Portuguese' '
	cd s &&
	pt 0 pay ana 100 --request-id r1 &&
	cat "$OUT" &&
	grep -q "^recibo " "$OUT" && grep -qx "de       Ana Souza (ana-souza)" "$OUT" &&
	grep -qx "data     22/11/2026" "$OUT" && grep -qx "valor    R\$ 100,00 via dinheiro" "$OUT" &&
	# 300,00 - 100,00 paid = 200,00
	grep -qx "saldo    R\$ 200,00 a pagar depois deste pagamento" "$OUT" &&
	# the commit message is the same words LANG=C would write
	test "$(git log -1 --format=%s)" = "pay: Ana Souza 100.00" &&
	! git log -1 --format=%B | grep -q "pagamento\|valor"
'

test_expect 'sell: the receipt in Portuguese; the record and the commit message as under LANG=C' '
	rm -rf s-sell && cp -a s s-sell && cd s-sell &&
	pt 0 sell ana 120 -n 2 --down 20 --date 2026-11-12 --first-due 2026-12-12 &&
	cat "$OUT" &&
	# 120,00 - 20,00 down = 100,00 in two installments of 50,00
	grep -qx "vendido a Ana Souza (ana-souza): R\$ 120,00, entrada R\$ 20,00" "$OUT" &&
	grep -q "^dívida [0-9a-f]*$" "$OUT" &&
	grep -qx "    1/2   12/12/2026  R\$ 50,00" "$OUT" &&
	test "$(git log -1 --format=%s | cut -c1-5)" = "sell:" &&
	! git log -1 --format=%B | grep -q "vendido\|dívida"
'

test_expect 'show, check and -h speak Portuguese' '
	cd s &&
	pt 0 show ana && grep -qx "pagamentos" "$OUT" && grep -qx "saldo em 22/11/2026: R\$ 200,00" "$OUT" &&
	pt 0 check && grep -qx "ok: clientes: 1, vendas: 1, pagamentos: 1" "$OUT" &&
	pt 0 pay -h && grep -q "^uso: cobra pay " "$OUT" && grep -q "data do pagamento (padrão: hoje)" "$OUT" &&
	pt 0 --help && grep -q "^    pay  *registrar um pagamento" "$OUT"
'

test_expect 'machine formats are the same under LANG=pt_BR.UTF-8 and LANG=C' '
	cd s &&
	for args in "due --format tsv" "due --format csv" "due --format json --by-customer" \
		"show ana --format json" "customers --format tsv" "log --format tsv" "negotiate ana --format json"; do
		# shellcheck disable=SC2086
		pt 0 $args && mv "$OUT" pt.out &&
		# shellcheck disable=SC2086
		run_cobra 0 $args && cmp pt.out "$OUT" || { echo "differs: $args"; diff pt.out "$OUT"; exit 1; }
	done
'

test_expect 'completions read the same commands and options from --help and -h in Portuguese' '
	# what completions/ extract: command names from --help, --options from -h
	pt 0 --help && awk "/^    [a-z]/ {print \$1}" "$OUT" >pt.cmds &&
	run_cobra 0 --help && awk "/^    [a-z]/ {print \$1}" "$OUT" >c.cmds &&
	cmp pt.cmds c.cmds && test "$(wc -l <c.cmds)" -gt 10 &&
	for c in $(cat c.cmds); do
		pt 0 "$c" -h && grep -o -- "--[a-z-]*" "$OUT" | sort -u >pt.opts &&
		run_cobra 0 "$c" -h && grep -o -- "--[a-z-]*" "$OUT" | sort -u >c.opts &&
		cmp pt.opts c.opts || { echo "options of $c differ:"; diff c.opts pt.opts; exit 1; }
	done
'

test_expect 'a store made under LANG=pt_BR.UTF-8 has the same files and commit message as under LANG=C' '
	(unset LC_ALL; LANG=pt_BR.UTF-8 "$COBRA" init pt-store --name "Loja" >/dev/null) &&
	"$COBRA" init c-store --name "Loja" >/dev/null &&
	cmp pt-store/cobra.ini c-store/cobra.ini &&
	test "$(git -C pt-store log -1 --format=%B)" = "$(git -C c-store log -1 --format=%B)"
'

test_expect 'a failed channel is recorded in English under LANG=pt_BR.UTF-8' '
	# the payment of 100,00 settled the first installment: the second is due 2027-01-10
	cd s && "$COBRA" edit-customer ana --phone 11912345678 >/dev/null &&
	printf "[channels]\nemail = %s\nsms = %s\nwhatsapp = %s\n" "$TRASH/nope" "$TRASH/nope" "$TRASH/nope" >"$TRASH/config.ini" &&
	COBRA_TODAY=2027-01-10 COBRA_CONFIG="$TRASH/config.ini" pt 0 remind --send --customer ana &&
	cat "$OUT" && grep -q ": falhou (cannot run .*: No such file or directory)$" "$OUT" &&
	grep -qx "status = failed" customers/*/*-ana-souza.ini &&
	grep -q "^reason = cannot run .*: No such file or directory$" customers/*/*-ana-souza.ini
'

test_expect 'LC_MESSAGES or LC_ALL alone choose Portuguese; other languages get English' '
	cd s &&
	(unset LC_ALL; LANG=C LC_MESSAGES=pt_BR.UTF-8 run_cobra 3 pay ana 0) && grep -q "^cobra: erro: " "$ERR" &&
	(LC_ALL=pt_BR.UTF-8 LANG=C run_cobra 3 pay ana 0) && grep -q "^cobra: erro: " "$ERR" &&
	(unset LC_ALL; LANG=de_DE.UTF-8 run_cobra 3 pay ana 0) && grep -q "^cobra: error: amount: " "$ERR" &&
	(unset LC_ALL; LANG=en_US.UTF-8 run_cobra 3 pay ana 0) && grep -q "^cobra: error: amount: " "$ERR"
'

test_expect 'COBRA_LOCALEDIR chooses the catalogue directory' '
	cd s && mkdir -p "$TRASH/empty" &&
	(COBRA_LOCALEDIR="$TRASH/empty" pt 3 pay ana 0) && grep -q "^cobra: error: amount: " "$ERR"
'

test_done
