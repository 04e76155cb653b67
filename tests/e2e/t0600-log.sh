#!/bin/sh
# log: the audit trail from git history, per store, customer and debt.
. "$(dirname "$0")/lib.sh"

new_store s --name "Loja"
cd s
"$COBRA" add-customer "Maria Silva" >/dev/null
"$COBRA" add-customer "Jose Lima" >/dev/null
"$COBRA" sell maria 300 -n 3 --date 2026-08-01 >/dev/null
"$COBRA" sell maria 50 --date 2026-09-01 >/dev/null
"$COBRA" sell jose 80 --date 2026-09-01 >/dev/null
"$COBRA" pay maria 20 --date 2026-09-02 >/dev/null
cd ..
maria=$TRASH/$(ls s/customers/*/*-maria-silva.ini)
first=$(sed -n 's/^\[sale \([0-9a-f]*\)\]/\1/p' "$maria" | head -n 1)
second=$(sed -n 's/^\[sale \([0-9a-f]*\)\]/\1/p' "$maria" | tail -n 1)

test_expect 'log lists every commit, newest first' '
	cd s && run_cobra 0 log &&
	test "$(wc -l <"$OUT")" = 7 &&
	head -n 1 "$OUT" | grep -q "pay: Maria Silva 20.00" &&
	tail -n 1 "$OUT" | grep -q "init: Loja"
'

test_expect 'log CUSTOMER shows only what touched that customer' '
	cd s && run_cobra 0 log maria &&
	test "$(wc -l <"$OUT")" = 4 && ! grep -q "Jose" "$OUT"
'

test_expect 'log DEBT shows the sale and the payments that paid it' '
	cd s && run_cobra 0 log $(echo $first | cut -c1-10) &&
	test "$(wc -l <"$OUT")" = 2 &&
	grep -q "sell: Maria Silva 300.00" "$OUT" && grep -q "pay: Maria Silva 20.00" "$OUT" &&
	run_cobra 0 log $second && test "$(wc -l <"$OUT")" = 1
'

test_expect 'log -p shows the lines each change added' '
	cd s && run_cobra 0 log -p jose &&
	grep -q "^+\[sale " "$OUT" && grep -q "^+total = 80.00" "$OUT"
'

test_expect 'log --format tsv carries the trailers' '
	cd s && run_cobra 0 log --format tsv &&
	head -n 1 "$OUT" | grep -qx "commit	date	author	command	customer	debt	amount	request_id	subject" &&
	grep -q "	sell	[0-9a-f]\{16\}	$second	50.00		sell: " "$OUT"
'

test_expect '--since and --until filter by commit date' '
	cd s && run_cobra 0 log --since 2026-11-23 && ! test -s "$OUT" &&
	run_cobra 0 log --until 2020-01-01 && ! test -s "$OUT" &&
	run_cobra 3 log --since 2026-13-01 && one_error_line
'

test_done
