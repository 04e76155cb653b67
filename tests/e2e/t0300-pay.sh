#!/bin/sh
# pay: allocation (oldest first; interest, fee, principal), receipts,
# refusals, debt references, request IDs.
. "$(dirname "$0")/lib.sh"

new_store s
cd s
"$COBRA" add-customer "Maria Silva" >/dev/null
"$COBRA" add-customer "Jose Lima" >/dev/null
"$COBRA" sell maria 300 -n 3 --date 2026-08-01 >/dev/null     # due 09-01, 10-01, 11-01: 100.00 each
"$COBRA" sell jose 200 -n 2 --date 2026-11-01 >/dev/null      # due 12-01, 2027-01-01
cd ..
maria=$TRASH/$(ls s/customers/*/*-maria-silva.ini)
debt=$(sed -n 's/^\[sale \([0-9a-f]*\)\]/\1/p' "$maria")

test_expect 'a late payment pays interest, then the late fee, then principal' '
	cd s &&
	run_cobra 0 pay maria 50 --date 2026-09-15 --method pix --ref "PIX 1" &&
	grep -q "^receipt " "$OUT" &&
	# 14 days late on 100.00: interest 100.00 x 1% x 14/30 = 0.4667 -> 0.47;
	# fee 2% of 100.00 = 2.00; principal 50.00 - 0.47 - 2.00 = 47.53
	grep -qx "paid.1 = $debt/1 0.47 2.00 47.53" "$maria" &&
	grep -qx "method = pix" "$maria" && grep -qx "ref = PIX 1" "$maria" &&
	assert_clean .
'

test_expect 'oldest due first: a payment spills into the next installment' '
	cd s &&
	run_cobra 0 pay maria 120 --date 2026-09-20 --format json &&
	# installment 1: 52.47 open since 09-15; 5 days more: 52.47 x 1% x 5/30
	# = 0.0875 -> 0.09 interest, fee already paid, principal 52.47 (total 52.56);
	# the rest, 120.00 - 52.56 = 67.44, goes to installment 2 (not yet due)
	grep -q "{\"debt\": \"$debt\", \"installment\": 1, \"interest\": \"0.09\", \"fee\": \"0.00\", \"principal\": \"52.47\", \"discount\": \"0.00\"}" "$OUT" &&
	grep -q "{\"debt\": \"$debt\", \"installment\": 2, \"interest\": \"0.00\", \"fee\": \"0.00\", \"principal\": \"67.44\", \"discount\": \"0.00\"}" "$OUT" &&
	grep -q "\"amount\": \"120.00\"" "$OUT"
'

test_expect 'the receipt json allocation adds up to the amount' '
	cd s &&
	run_cobra 0 pay maria 10 --date 2026-11-22 --format json &&
	sum=$(grep -o "\"\(interest\|fee\|principal\)\": \"[0-9.]*\"" "$OUT" | cut -d"\"" -f4 | tr -d . |
		awk "{s += \$1} END {print s}") &&
	test "$sum" = 1000
'

test_expect 'paying more than is owed is refused (exit 5), nothing changes' '
	cd s && s1=$(snapshot .) &&
	run_cobra 5 pay jose 500 && one_error_line && grep -q "amount:" "$ERR" && grep -q "200.00" "$ERR" &&
	test "$s1" = "$(snapshot .)"
'

test_expect 'paying a customer who owes nothing is refused (exit 5)' '
	cd s && "$COBRA" add-customer "Nobody Owes" >/dev/null && s1=$(snapshot .) &&
	run_cobra 5 pay nobody-owes 1 && one_error_line &&
	test "$s1" = "$(snapshot .)"
'

test_expect 'a payment dated before the latest payment is refused (exit 5)' '
	cd s && s1=$(snapshot .) &&
	run_cobra 5 pay maria 1 --date 2026-09-01 && one_error_line && grep -q "date:" "$ERR" &&
	test "$s1" = "$(snapshot .)"
'

test_expect 'pay DEBT by ID prefix pays only that debt' '
	cd s &&
	jose=$(ls customers/*/*-jose-lima.ini) &&
	jdebt=$(sed -n "s/^\[sale \([0-9a-f]*\)\]/\1/p" "$jose") &&
	run_cobra 0 pay $(echo $jdebt | cut -c1-12) 100 &&
	grep -qx "paid.1 = $jdebt/1 0.00 0.00 100.00" "$jose" &&
	git log -1 --format=%B | grep -qx "Cobra-Debt: $jdebt" &&
	git log -1 --format=%B | grep -q "^Cobra-Payment: " &&
	git log -1 --format=%B | grep -qx "Cobra-Amount: 100.00"
'

test_expect 'the same --request-id twice records once and reports the first' '
	cd s && n=$(commit_count .) &&
	run_cobra 0 pay jose 10 --request-id job-42 --format json &&
	first=$(sed -n "s/^{\"id\": \"\([0-9a-f]*\)\".*/\1/p" "$OUT") &&
	run_cobra 0 pay jose 10 --request-id job-42 --format json &&
	grep -q "\"already_recorded\": true" "$OUT" && grep -q "\"id\": \"$first\"" "$OUT" &&
	run_cobra 0 pay jose 10 --request-id job-42 && grep -q "^already recorded in commit" "$OUT" &&
	test "$(commit_count .)" = $((n + 1)) &&
	git log -1 --format=%B | grep -qx "Cobra-Request-Id: job-42"
'

test_expect 'a request ID used by another command is refused (exit 5)' '
	cd s && s1=$(snapshot .) &&
	run_cobra 5 sell jose 10 --request-id job-42 && one_error_line &&
	test "$s1" = "$(snapshot .)"
'

test_expect 'balances: due equals sales minus payments, to the cent' '
	cd s &&
	run_cobra 0 due --as-of 2026-09-01 --format tsv &&
	# on 2026-09-01 nothing was late yet and nothing paid: 300.00 of maria only
	# (jose bought on 2026-11-01, after that date)
	cut -f11 "$OUT" | tail -n +2 | tr -d . | awk "{s += \$1} END {exit !(s == 30000)}"
'

test_done
