#!/bin/sh
# due: charges as of a date, filters, formats, aging, exit code, locale and
# time-zone independence.
. "$(dirname "$0")/lib.sh"

new_store s
cd s
"$COBRA" add-customer "Maria Silva" >/dev/null
"$COBRA" add-customer "Jose Lima" >/dev/null
"$COBRA" sell maria 300 -n 3 --date 2026-08-01 >/dev/null   # 09-01, 10-01, 11-01
"$COBRA" sell jose 1000 --date 2026-11-20 --first-due 2026-12-20 >/dev/null
cd ..

test_expect 'before the due date: principal only, no charges' '
	cd s && run_cobra 0 due --as-of 2026-09-01 --format tsv &&
	test "$(grep -c maria-silva "$OUT")" = 3 &&
	awk -F"\t" "\$2 == \"maria-silva\" && \$5 == 1 {exit !(\$7 == 0 && \$8 == \"100.00\" && \$9 == \"0.00\" && \$10 == \"0.00\")}" "$OUT"
'

test_expect 'after the due date: 2% fee once, 1% a month pro rata' '
	cd s && run_cobra 0 due --as-of 2026-11-22 --format tsv &&
	# installment 1 (due 09-01), 82 days late: fee 2.00; interest
	# 100.00 x 1% x 82/30 = 2.7333 -> 2.73; total 104.73
	awk -F"\t" "\$2 == \"maria-silva\" && \$5 == 1 {exit !(\$7 == 82 && \$9 == \"2.00\" && \$10 == \"2.73\" && \$11 == \"104.73\")}" "$OUT" &&
	# installment 3 (due 11-01), 21 days: 100 x 1% x 21/30 = 0.70
	awk -F"\t" "\$2 == \"maria-silva\" && \$5 == 3 {exit !(\$7 == 21 && \$10 == \"0.70\" && \$11 == \"102.70\")}" "$OUT"
'

test_expect 'json has the documented fields, money as strings' '
	cd s && run_cobra 0 due --as-of 2026-11-22 --format json &&
	for k in customer handle name debt installment due_date days_late principal fee interest total; do
		grep -q "\"$k\": " "$OUT" || { echo "missing $k"; exit 1; }
	done &&
	grep -q "\"total\": \"104.73\"" "$OUT" && grep -q "\"installment\": 1," "$OUT" &&
	grep -q "\"days_late\": 82," "$OUT"
'

test_expect '--overdue leaves out what is not yet due' '
	cd s && run_cobra 0 due --as-of 2026-11-22 --overdue --format tsv &&
	! grep -q jose-lima "$OUT" && test "$(grep -c maria-silva "$OUT")" = 3
'

test_expect '--exit-code: 1 when something is overdue, 0 when not' '
	cd s && run_cobra 1 due --as-of 2026-11-22 --exit-code --format tsv &&
	run_cobra 0 due --as-of 2026-08-15 --exit-code --format tsv
'

test_expect '--by-customer sums per customer; csv has a header' '
	cd s && run_cobra 0 due --as-of 2026-11-22 --by-customer --format csv &&
	head -n 1 "$OUT" | grep -qx "customer,handle,name,items,oldest_due,days_late,principal,fee,interest,total" &&
	# maria: 3 x 100 principal, 3 x 2.00 fee, 2.73 + 1.73 + 0.70 interest
	grep -q ",maria-silva,Maria Silva,3,2026-09-01,82,300.00,6.00,5.16,311.16$" "$OUT"
'

test_expect '--aging puts each total in its bucket' '
	cd s && run_cobra 0 due --as-of 2026-11-22 --aging --format tsv &&
	# 82 days -> 61-90; 52 days (101.73 + 2.00) -> 31-60; 21 days -> 1-30; jose current
	grep -q "	maria-silva	0.00	102.70	103.73	104.73	0.00	311.16$" "$OUT" &&
	grep -q "	jose-lima	1000.00	0.00	0.00	0.00	0.00	1000.00$" "$OUT"
'

test_expect '--customer restricts; an unknown customer is exit 4' '
	cd s && run_cobra 0 due --customer jose --format tsv && ! grep -q maria "$OUT" &&
	run_cobra 4 due --customer nobody && one_error_line
'

test_expect 'the same output in any locale and any time zone' '
	cd s && "$COBRA" due --as-of 2026-11-22 --format tsv >"$TRASH/a" &&
	TZ=America/Sao_Paulo "$COBRA" due --as-of 2026-11-22 --format tsv >"$TRASH/b" &&
	TZ=Pacific/Kiritimati "$COBRA" due --as-of 2026-11-22 --format tsv >"$TRASH/c" &&
	cmp "$TRASH/a" "$TRASH/b" && cmp "$TRASH/a" "$TRASH/c" &&
	if locale -a | grep -qi "^pt_BR.utf8$"; then
		LC_ALL=pt_BR.UTF-8 "$COBRA" due --as-of 2026-11-22 --format tsv >"$TRASH/d" && cmp "$TRASH/a" "$TRASH/d"
	else echo "pt_BR.UTF-8 not installed; locale half skipped"; fi
'

test_expect 'grace days and next-weekday due dates from cobra.ini' '
	cd s &&
	sed -i "s/^grace_days = 0/grace_days = 5/" cobra.ini && git commit -qam "policy: 5 grace days" &&
	run_cobra 0 due --as-of 2026-09-06 --format tsv &&
	awk -F"\t" "\$2 == \"maria-silva\" && \$5 == 1 {exit !(\$9 == \"0.00\" && \$10 == \"0.00\")}" "$OUT" &&
	run_cobra 0 due --as-of 2026-09-07 --format tsv &&
	# past grace, charges count from the due date: 6 days, 100 x 1% x 6/30 = 0.20
	awk -F"\t" "\$2 == \"maria-silva\" && \$5 == 1 {exit !(\$9 == \"2.00\" && \$10 == \"0.20\")}" "$OUT" &&
	sed -i "s/^grace_days = 5/grace_days = 0/; s/^due_shift = none/due_shift = next-weekday/" cobra.ini &&
	git commit -qam "policy: weekend due dates move to Monday" &&
	# installment 2 is due 2026-10-01, a Thursday: unchanged; 11-01 is a Sunday -> Monday 11-02
	run_cobra 0 due --as-of 2026-11-02 --format tsv &&
	awk -F"\t" "\$2 == \"maria-silva\" && \$5 == 3 {exit !(\$7 == 0 && \$9 == \"0.00\")}" "$OUT" &&
	run_cobra 0 due --as-of 2026-11-03 --format tsv &&
	awk -F"\t" "\$2 == \"maria-silva\" && \$5 == 3 {exit !(\$7 == 1 && \$9 == \"2.00\" && \$10 == \"0.03\")}" "$OUT"
'

test_expect 'human output shows R$ amounts in the store locale and a total line' '
	cd s && run_cobra 0 due --as-of 2026-11-22 &&
	grep -q "R\\$ 1.000,00" "$OUT" && grep -q "installments open, total R\\$ " "$OUT"
'

test_expect 'due | head -1 ends quietly' '
	cd s && "$COBRA" due --as-of 2026-11-22 2>"$TRASH/e" | head -n 1 >/dev/null && ! test -s "$TRASH/e"
'

test_done
