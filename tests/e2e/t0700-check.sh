#!/bin/sh
# check: records, rules across records, repository state, the pre-commit hook.
. "$(dirname "$0")/lib.sh"

new_store s
cd s
"$COBRA" add-customer "Maria Silva" >/dev/null
"$COBRA" sell maria 300 -n 3 --date 2026-08-01 >/dev/null
"$COBRA" pay maria 50 --date 2026-09-15 >/dev/null
cd ..
maria=$(cd s && ls customers/*/*-maria-silva.ini)

test_expect 'a consistent store checks ok (exit 0)' '
	cd s && run_cobra 0 check && grep -qx "ok: 1 customers, 1 sales, 1 payments" "$OUT"
'

test_expect 'installments that do not add up are found (exit 7, file named)' '
	cd s && sed -i "s/^due.3 = \(.*\) 100.00/due.3 = \1 90.00/" "$maria" &&
	git commit -qam "hand edit" &&
	run_cobra 7 check && grep -q "^$maria:[0-9]*: \[sale .*add up to 290.00" "$OUT" &&
	run_cobra 7 due && one_error_line && grep -q "^cobra: error: $maria:[0-9]*: .*add up to 290.00" "$ERR" &&
	git reset -q --hard HEAD~1
'

test_expect 'an allocation that does not add up to the payment is found' '
	cd s && sed -i "s/^amount = 50.00/amount = 55.00/" "$maria" && git commit -qam "hand edit" &&
	run_cobra 7 check && grep -q "allocation adds up to 50.00, not the amount 55.00" "$OUT" &&
	git reset -q --hard HEAD~1
'

test_expect 'an allocation to a debt that does not exist is found' '
	cd s && sed -i "s|^paid.1 = \([0-9a-f]\{4\}\)[0-9a-f]*/1|paid.1 = \10000000000000000/1|" "$maria" &&
	git commit -qam "hand edit" &&
	run_cobra 7 check && grep -q "paid.1: no installment" "$OUT" &&
	run_cobra 7 due && one_error_line && grep -q "$maria" "$ERR" &&
	git reset -q --hard HEAD~1
'

test_expect 'uncommitted hand edits and stray files are reported' '
	cd s && echo "; note" >>"$maria" && touch customers/stray.txt &&
	run_cobra 7 check && grep -q "^$maria: differs from HEAD" "$OUT" &&
	grep -q "customers/stray.txt: untracked" "$OUT" &&
	git checkout -q -- "$maria" && rm customers/stray.txt && run_cobra 0 check
'

test_expect 'check --install-hook refuses a commit of a malformed record' '
	cd s && run_cobra 0 check --install-hook && test -x .git/hooks/pre-commit &&
	printf "bogus line\n" >>"$maria" && git add "$maria" &&
	if git commit -qm "bad edit" >"$TRASH/hook.out" 2>&1; then echo "the hook let it through"; exit 1; fi &&
	grep -q "^$maria:[0-9]*: expected \"key = value\"" "$TRASH/hook.out" &&
	test "$(git log -1 --format=%s)" != "bad edit" &&
	git reset -q --hard HEAD
'

test_expect 'a good hand edit passes the hook' '
	cd s && sed -i "s/^name = Maria Silva/name = Maria da Silva/" "$maria" &&
	git commit -qam "rename by hand" && test "$(git log -1 --format=%s)" = "rename by hand" &&
	run_cobra 0 check
'

test_done
