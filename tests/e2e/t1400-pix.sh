#!/bin/sh
# pix: the static BR Code of cobra pix and of {{pix}} in remind messages,
# read back by an independent decoder (pixdecode.py: its own TLV parser and
# the standard library's CRC).
DECODE="/usr/bin/python3 $(cd "$(dirname "$0")" && pwd)/pixdecode.py"
. "$(dirname "$0")/lib.sh"

# decode: the payload on stdin, decoded to $TRASH/dec; fails unless crc=ok
decode() { $DECODE >"$TRASH/dec" && grep -qx "crc=ok" "$TRASH/dec"; }
field() { sed -n "s/^$1=//p" "$TRASH/dec"; }
# the "PIX copia e cola:" payload of a remind --format json message
remind_payload() { sed -n 's/.*PIX copia e cola: \([^\\]*\)\\n.*/\1/p' "$OUT"; }

# The business name is 33 characters with accents; city 21.
#  maria: 200.00 in 2, due today (2026-11-22) and 2026-12-22
#  jose:  100.00 due 2026-11-01, 21 days late: fee 2.00, interest 100.00 x
#         1% x 21/30 = 0.70: 102.70
#  bia:   100.00 due 2026-11-17, 5 days late: fee 2.00, interest 100.00 x
#         1% x 5/30 = 0.1667 -> 0.17: 102.17 (the +3 "overdue" step)
#  ana:   owes nothing
setup() {
	new_store "$1" --name "Açougue e Mercearia São João Ltda"
	(
		cd "$1" &&
		if [ "$2" = key ]; then
			sed -i -e "s/^;pix_key = .*/pix_key = 11222333000181/" \
				-e "s/^;city = .*/city = São José do Rio Preto/" cobra.ini
		fi &&
		# the business e-mail: without it remind sends no e-mail (bia has only an e-mail)
		sed -i -e "s/^;pay_how = .*/pay_how = PIX ou dinheiro/" -e "s/^;email = .*/email = cobranca@acougue.example/" cobra.ini &&
		git commit -qam "policy: pix" &&
		"$COBRA" add-customer "Maria Silva" --phone 11987654321 &&
		"$COBRA" add-customer "Jose Lima" --phone 11912345678 &&
		"$COBRA" add-customer "Bia Costa" --email bia@example.com &&
		"$COBRA" add-customer "Ana Reis" &&
		"$COBRA" sell maria 200 -n 2 --date 2026-10-22 --first-due 2026-11-22 &&
		"$COBRA" sell jose 100 --date 2026-10-01 &&
		"$COBRA" sell bia 100 --date 2026-10-17
	) >/dev/null
}
setup s key
setup nokey none

# the customer's total in due --by-customer
due_total() { "$COBRA" due --by-customer --format tsv | awk -F "\t" -v h="$1" '$2 == h {print $10}'; }

test_expect 'cobra pix: a payload the decoder accepts, for what due says is owed' '
	cd s &&
	for c in maria-silva:200.00 jose-lima:102.70 bia-costa:102.17; do
		h=${c%:*} &&
		test "$(due_total $h)" = "${c#*:}" &&
		run_cobra 0 pix $h && test "$(wc -l <"$OUT")" = 1 &&
		decode <"$OUT" && test "$(field 54)" = "$(due_total $h)" || return 1
	done
'

test_expect 'the fields: key, currency, country, name and city folded and cut' '
	cd s && run_cobra 0 pix jose && decode <"$OUT" &&
	test "$(field 00)" = 01 && test "$(field 26.00)" = br.gov.bcb.pix &&
	test "$(field 26.01)" = 11222333000181 &&
	test "$(field 52)" = 0000 && test "$(field 53)" = 986 && test "$(field 58)" = BR &&
	# "Açougue e Mercearia São João Ltda" -> ASCII, first 25 characters
	test "$(field 59)" = "Acougue e Mercearia Sao J" &&
	# "São José do Rio Preto" -> ASCII, first 15 characters
	test "$(field 60)" = "Sao Jose do Rio" &&
	test "$(field 62.05)" = "***"
'

test_expect '--amount: the given amount, in any accepted spelling' '
	cd s &&
	run_cobra 0 pix maria --amount 12,50 && decode <"$OUT" && test "$(field 54)" = 12.50 &&
	run_cobra 0 pix maria --amount "R\$ 1.234,56" && decode <"$OUT" && test "$(field 54)" = 1234.56 &&
	run_cobra 0 pix ana --amount 10 && decode <"$OUT" && test "$(field 54)" = 10.00 &&
	run_cobra 0 pix maria --txid PEDIDO42 && decode <"$OUT" && test "$(field 62.05)" = PEDIDO42
'

test_expect '--format json and tsv carry the same payload' '
	cd s && run_cobra 0 pix jose && p=$(cat "$OUT") &&
	run_cobra 0 pix jose --format json &&
	grep -qF "\"handle\": \"jose-lima\", \"amount\": \"102.70\", \"payload\": \"$p\"}" "$OUT" &&
	run_cobra 0 pix jose --format tsv && test "$(cat "$OUT")" = "$(printf "jose-lima\t102.70\t%s" "$p")"
'

test_expect 'refusals: nothing owed without --amount (5), bad amounts (3), unknown customer (4)' '
	cd s &&
	run_cobra 5 pix ana && one_error_line &&
	run_cobra 3 pix maria --amount 0 && one_error_line &&
	run_cobra 3 pix maria --amount -5 && one_error_line &&
	run_cobra 3 pix maria --amount 1.234 && one_error_line &&
	run_cobra 3 pix maria --txid "a-b" && one_error_line &&
	run_cobra 4 pix nobody-here && one_error_line
'

test_expect 'no pix_key in cobra.ini: exit 5 with one error line' '
	cd nokey && run_cobra 5 pix jose && one_error_line && grep -q "pix_key" "$ERR"
'

# maria is at the due-day step for her first installment only: 100.00
test_expect 'remind: {{pix}} in a message is a payload for the amount of the message' '
	cd s && run_cobra 0 remind --customer maria --format json &&
	grep -q "\"template\": \"due-today\", .*\"total\": \"100.00\"" "$OUT" &&
	remind_payload | decode && test "$(field 54)" = 100.00 &&
	test "$(field 59)" = "Acougue e Mercearia Sao J" &&
	run_cobra 0 remind --customer bia --format json &&
	grep -q "\"template\": \"overdue\", .*\"total\": \"102.17\"" "$OUT" &&
	remind_payload | decode && test "$(field 54)" = "$(due_total bia-costa)"
'

test_expect 'remind without pix_key: the {{pix}} line is left out entirely' '
	cd nokey && run_cobra 0 remind --customer maria --format json &&
	! grep -q "PIX copia e cola" "$OUT" && ! grep -q "000201" "$OUT" &&
	grep -qF "Para pagar: PIX ou dinheiro.\\nSe j" "$OUT" &&
	run_cobra 0 remind --customer bia --format json &&
	! grep -q "PIX copia e cola" "$OUT" &&
	grep -qF "Para pagar: PIX ou dinheiro\\n\\nSe o pagamento" "$OUT"
'

test_expect 'pix writes nothing' '
	cd s && s1=$(snapshot .) && "$COBRA" pix maria >/dev/null && test "$s1" = "$(snapshot .)"
'

test_done
