#!/bin/sh
# pay: the early-payment discount of cobra.ini ([charges] early_discount,
# early_days) settles an installment paid in full early enough.
. "$(dirname "$0")/lib.sh"

new_store s
(
	cd s &&
	sed -i "s/^;early_discount = .*/early_discount = 2.00/; s/^;early_days = .*/early_days = 5/" cobra.ini &&
	git commit -qam "policy: 2% off 5 days early" &&
	"$COBRA" add-customer "Maria Silva" &&
	# 3 x 100.00 due 2026-12-20, 2027-01-20, 2027-02-20
	"$COBRA" sell maria 300 -n 3 --date 2026-11-20 --first-due 2026-12-20
) >/dev/null
file=$TRASH/$(ls s/customers/*/*-maria-silva.ini)

test_expect 'paying an installment in full 28 days early costs 2% less, and settles it' '
	cd s &&
	# 100.00 - 2% = 98.00
	run_cobra 0 pay maria 98 --format json &&
	grep -q "\"installment\": 1, \"interest\": \"0.00\", \"fee\": \"0.00\", \"principal\": \"98.00\", \"discount\": \"2.00\"" "$OUT" &&
	grep -q "^paid.1 = [0-9a-f]*/1 0.00 0.00 98.00 2.00$" "$file" &&
	# the receipt balance: 300.00 - 98.00 paid - 2.00 discounted, as due says
	grep -q "\"balance\": \"200.00\"" "$OUT" &&
	run_cobra 0 due --by-customer --format json && grep -q "\"200.00\"" "$OUT" &&
	run_cobra 0 due --customer maria --format tsv &&
	[ "$(grep -c . "$OUT")" -eq 3 ] && ! grep -q "	1	2026-12-20	" "$OUT" &&
	assert_clean . && run_cobra 0 check
'

test_expect 'paying more than what is owed with the discounts is refused, untouched' '
	cd s && before=$(snapshot .) &&
	# left: 2 x 100.00, or 2 x 98.00 = 196.00 with the discount
	run_cobra 5 pay maria 199 && one_error_line && grep -q "196.00" "$ERR" &&
	[ "$(snapshot .)" = "$before" ]
'

test_expect 'a partial payment gets no discount' '
	cd s &&
	run_cobra 0 pay maria 50 --format json &&
	grep -q "\"installment\": 2, \"interest\": \"0.00\", \"fee\": \"0.00\", \"principal\": \"50.00\", \"discount\": \"0.00\"" "$OUT"
'

test_expect 'less than early_days before the due date there is no discount' '
	cd s &&
	# installment 2 (due 2027-01-20) has 50.00 open; on 2027-01-16, 4 days before
	COBRA_TODAY=2027-01-16 run_cobra 0 pay maria 50 --format json &&
	grep -q "\"installment\": 2, \"interest\": \"0.00\", \"fee\": \"0.00\", \"principal\": \"50.00\", \"discount\": \"0.00\"" "$OUT"
'

test_done
