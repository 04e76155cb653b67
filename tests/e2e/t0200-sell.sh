#!/bin/sh
# sell: plans that add up, month-end clamping, Price, the consumer fee cap.
. "$(dirname "$0")/lib.sh"

new_store s
cd s
"$COBRA" add-customer "Maria Silva" --doc 529.982.247-25 >/dev/null
"$COBRA" add-customer "Padaria Central" --doc 11.444.777/0001-61 >/dev/null
cd ..

# installments of a sale, "DATE AMOUNT" per line, from the file
plan() { sed -n "/^\[sale $1/,/^\$/s/^due\.[0-9]* = //p" s/customers/*/*"$2".ini; }

test_expect 'three installments add up exactly; the remainder goes to the first' '
	cd s &&
	run_cobra 0 sell maria 100 -n 3 --date 2026-11-01 --format json &&
	id=$(sed -n "s/^{\"id\": \"\([0-9a-f]*\)\".*/\1/p" "$OUT") && test ${#id} = 20 &&
	cd .. && plan $id maria-silva >p &&
	test "$(cut -d" " -f2 p | tr "\n" " ")" = "33.34 33.33 33.33 " &&
	test "$(cut -d" " -f1 p | tr "\n" " ")" = "2026-12-01 2027-01-01 2027-02-01 "
'

test_expect 'monthly due dates keep the day and clamp to the month end' '
	cd s &&
	run_cobra 0 sell maria 90 -n 3 --date 2026-01-10 --first-due 2026-01-31 --format json &&
	id=$(sed -n "s/^{\"id\": \"\([0-9a-f]*\)\".*/\1/p" "$OUT") && cd .. &&
	test "$(plan $id maria-silva | cut -d" " -f1 | tr "\n" " ")" = "2026-01-31 2026-02-28 2026-03-31 "
'

test_expect 'every 15d, with a down payment' '
	cd s &&
	run_cobra 0 sell padaria 100 --down 40 -n 2 --every 15d --date 2026-10-01 --format json &&
	grep -q "\"financed\": \"60.00\"" "$OUT" &&
	id=$(sed -n "s/^{\"id\": \"\([0-9a-f]*\)\".*/\1/p" "$OUT") && cd .. &&
	test "$(plan $id padaria-central | tr "\n" " ")" = "2026-10-16 30.00 2026-10-31 30.00 "
'

# Price reference, independent of cobra: integer cents, each month's interest
# rounded half-up, smallest payment that repays, last one lowered.
price_ref() {
	awk -v P="$1" -v bp="$2" -v n="$3" "
	function left(p,   b, k) { b = P; for (k = 0; k < n; k++) { if (b > 0) b += int((b * bp + 5000) / 10000); b -= p }; return b }
	BEGIN { p = int((P + n - 1) / n); while (left(p) > 0) p++; over = -left(p);
		for (k = 1; k <= n; k++) printf \"%.2f\n\", (k == n ? p - over : p) / 100 }"
}

test_expect 'a financing rate gives a Price plan that matches an independent computation' '
	cd s &&
	run_cobra 0 sell padaria 1000 -n 3 --rate 2 --date 2026-11-01 --format json &&
	id=$(sed -n "s/^{\"id\": \"\([0-9a-f]*\)\".*/\1/p" "$OUT") &&
	price_ref 100000 200 3 >"$TRASH/want" && cd .. &&
	plan $id padaria-central | cut -d" " -f2 >"$TRASH/got" && cmp "$TRASH/want" "$TRASH/got" &&
	total=$(tr -d . <"$TRASH/got" | awk "{s += \$1} END {print s}") &&
	f=$((total - 100000)) && grep -q "\"financing\": \"$((f / 100)).$(printf %02d $((f % 100)))\"" "$OUT"
'

test_expect 'a long Price plan (24 x at 3.5%) matches too' '
	cd s &&
	run_cobra 0 sell padaria 2.499,90 -n 24 --rate 3,5 --date 2026-11-01 --format json &&
	id=$(sed -n "s/^{\"id\": \"\([0-9a-f]*\)\".*/\1/p" "$OUT") &&
	price_ref 249990 350 24 >"$TRASH/want" && cd .. &&
	plan $id padaria-central | cut -d" " -f2 >"$TRASH/got" && cmp "$TRASH/want" "$TRASH/got"
'

test_expect 'sell commits once with Cobra-Debt and Cobra-Amount trailers' '
	cd s && n=$(commit_count .) &&
	run_cobra 0 sell maria 12,50 --format json &&
	id=$(sed -n "s/^{\"id\": \"\([0-9a-f]*\)\".*/\1/p" "$OUT") &&
	test "$(commit_count .)" = $((n + 1)) &&
	git log -1 --format=%B >"$TRASH/msg" &&
	grep -qx "Cobra-Command: sell" "$TRASH/msg" && grep -qx "Cobra-Debt: $id" "$TRASH/msg" &&
	grep -qx "Cobra-Amount: 12.50" "$TRASH/msg" &&
	git log -1 --format=%s | grep -q "^sell: Maria Silva 12.50" &&
	assert_clean .
'

test_expect 'a late fee above 2% is refused for a CPF customer, allowed for a CNPJ' '
	cd s &&
	sed -i "s/^late_fee = 2.00/late_fee = 2.50/" cobra.ini && git commit -qam "policy: 2.5% fee" &&
	s1=$(snapshot .) &&
	run_cobra 5 sell maria 100 && one_error_line && grep -q "late_fee" "$ERR" &&
	test "$s1" = "$(snapshot .)" &&
	run_cobra 0 sell padaria 100 &&
	sed -i "s/^late_fee = 2.50/late_fee = 2.00/" cobra.ini && git commit -qam "policy: 2% fee"
'

test_expect 'a fee set above 2% after a sale is still charged at 2% to consumers' '
	cd s && run_cobra 0 sell maria 100 --date 2026-10-01 --first-due 2026-10-10 --format json &&
	id=$(sed -n "s/^{\"id\": \"\([0-9a-f]*\)\".*/\1/p" "$OUT") &&
	sed -i "s/^late_fee = 2.00/late_fee = 5.00/" cobra.ini && git commit -qam "policy: 5% fee" &&
	run_cobra 0 due --as-of 2026-10-11 --format tsv &&
	grep "	$id	1	" "$OUT" | cut -f9 | grep -qx "2.00" &&
	run_cobra 7 check && grep -q "late_fee is above 2%" "$OUT" &&
	sed -i "s/^late_fee = 5.00/late_fee = 2.00/" cobra.ini && git commit -qam "policy: 2% fee"
'

test_expect 'a monthly rate needs monthly installments (exit 3)' '
	cd s && s1=$(snapshot .) &&
	run_cobra 3 sell padaria 100 -n 2 --every 15d --rate 2 && one_error_line && grep -q "rate:" "$ERR" &&
	test "$s1" = "$(snapshot .)"
'

test_expect 'the whole store still checks' '
	cd s && run_cobra 0 check && grep -q "^ok:" "$OUT"
'

test_done
