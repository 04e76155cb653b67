#!/bin/sh
# The credit policy of cobra.ini [credit] in sell: the default and the
# per-customer limit, block_overdue_days, min_score, block_broken, and
# --override, which is recorded only when it overrode something.
. "$(dirname "$0")/lib.sh"

# refused: exit 5, one error line naming the rule and the figures, and the
# repository untouched. usage: refused "GREP PATTERN" sell ARGS...
refused() {
	pat=$1
	shift
	s1=$(snapshot .) &&
	run_cobra 5 "$@" && one_error_line && grep -q "^cobra: error: credit: " "$ERR" &&
	grep -q -- "$pat" "$ERR" && test "$s1" = "$(snapshot .)"
}

# Customers registered on 2025-11-22 (tenure 365 days: 150 points).
#  ana: nothing bought yet (neutral score 500)
#  bob: own limit 2000.00 (add-customer --limit)
#  cid: own limit 100.00 (edit-customer --limit)
#  dora: 100.00 due 2026-09-01, 82 days late today
#  eli: 100.00 due 2026-09-23, 60 days late today
#  fay: 200.00 in 2 due 2026-06-01 and 07-01, both paid on 2026-10-01
#  gil, hal: nothing bought yet
new_store s
(
	cd s &&
	for n in "Ana Reis" "Cid Lopes" "Dora Dias" "Eli Ramos" "Fay Mota" "Gil Sa" "Hal Nunes"; do
		COBRA_TODAY=2025-11-22 "$COBRA" add-customer "$n" || exit 1
	done &&
	COBRA_TODAY=2025-11-22 "$COBRA" add-customer "Bob Reis" --limit 2000 &&
	"$COBRA" edit-customer cid --limit 100 &&
	"$COBRA" sell dora 100 --date 2026-08-01 &&
	"$COBRA" sell eli 100 --date 2026-08-23 &&
	# fay: 122 days late: 100.00 x 1% x 122/30 = 4.07 + fee 2.00; 92 days
	# late: 3.07 + 2.00; in all 200.00 + 4.00 + 7.14 = 211.14
	"$COBRA" sell fay 200 -n 2 --date 2026-05-01 &&
	"$COBRA" pay fay 211.14 --date 2026-10-01 &&
	# the policy, set after the history above was recorded
	sed -i -e "s/^limit = 0.00$/limit = 500.00/" -e "s/^min_score = 0$/min_score = 160/" \
		-e "s/^block_overdue_days = 0$/block_overdue_days = 60/" -e "s/^block_broken = .*/block_broken = yes/" cobra.ini &&
	grep -qx "limit = 500.00" cobra.ini && grep -qx "min_score = 160" cobra.ini &&
	grep -qx "block_overdue_days = 60" cobra.ini &&
	git commit -qam "policy: credit"
) >/dev/null || echo "setup failed"

test_expect 'the setup is what the comments say' '
	cd s && run_cobra 0 due --by-customer --format tsv &&
	grep -q "	dora-dias	.*	82	100.00	2.00	2.73	104.73$" "$OUT" &&
	grep -q "	eli-ramos	.*	60	100.00	2.00	2.00	104.00$" "$OUT" &&
	! grep -q fay-mota "$OUT" && run_cobra 0 check
'

test_expect 'a sale above the default limit is refused with the figures' '
	cd s && refused "limit" sell ana 600 &&
	grep -q "ana-reis owes 0.00; with 600.00 more that is above the limit of 500.00" "$ERR"
'

test_expect 'up to the limit is fine; the limit counts what is owed and what is financed' '
	cd s &&
	# 600.00 with 100.00 down: 500.00 financed, not above 500.00
	run_cobra 0 sell ana 600 --down 100 &&
	refused "owes 500.00; with 0.01 more that is above the limit of 500.00" sell ana 0.01 &&
	# eli owes 104.00 (fee 2.00 and 60 days of interest, 2.00): 396.00 more
	# makes 500.00, 396.01 is too much
	refused "eli-ramos owes 104.00; with 396.01 more" sell eli 396.01 &&
	run_cobra 0 sell eli 396 && assert_clean .
'

test_expect 'a customer limit wins over the default, both ways' '
	cd s &&
	run_cobra 0 sell bob 1500 &&
	refused "above the limit of 2000.00" sell bob 500.01 &&
	refused "cid-lopes owes 0.00; with 200.00 more that is above the limit of 100.00" sell cid 200 &&
	run_cobra 0 sell cid 100
'

# dora: 82 days late > 60. Her score: 0 + 0 + round(150 x 38/120) = 48 + 150
# = 198, above min_score 160, so only the overdue rule is broken.
test_expect 'a debt overdue more than block_overdue_days blocks new credit' '
	cd s && run_cobra 0 score dora && grep -qx "dora-dias: score 198 of 1000" "$OUT" &&
	refused "dora-dias has a debt 82 days overdue, more than the 60 of block_overdue_days" sell dora 10
'

test_expect 'exactly block_overdue_days late is not more than it' '
	cd s && refused "limit" sell eli 1 &&
	! grep -q block_overdue_days "$ERR" &&
	"$COBRA" pay eli 10 >/dev/null && run_cobra 0 sell eli 1
'

# fay: 2 due, none on time, 214 days of delay, worst 122: 0 + 0 + 0 + 150
# = 150 < 160
test_expect 'a score below min_score is refused' '
	cd s && run_cobra 0 score fay && grep -qx "fay-mota: score 150 of 1000" "$OUT" &&
	refused "fay-mota.s score 150 is below min_score 160" sell fay 10
'

test_expect 'on hold for a broken agreement: refused while block_broken = yes' '
	cd s && run_cobra 0 hold gil --kind broken-agreement --reason "quebrou o acordo" &&
	refused "gil-sa is on hold for a broken agreement (block_broken)" sell gil 10 &&
	run_cobra 0 hold hal --kind dispute --reason "contesta o valor" &&
	run_cobra 0 sell hal 10
'

test_expect 'block_broken = no lets it through; a release too' '
	cd s &&
	sed -i "s/^block_broken = yes$/block_broken = no/" cobra.ini && git commit -qam "policy: no block" &&
	n=$(commit_count .) &&
	run_cobra 0 sell gil 10 && test "$(commit_count .)" = $((n + 1)) &&
	sed -i "s/^block_broken = no$/block_broken = yes/" cobra.ini && git commit -qam "policy: block" &&
	refused "block_broken" sell gil 10 &&
	run_cobra 0 hold gil --release && run_cobra 0 sell gil 10
'

test_expect '--override REASON sells anyway and the commit says why' '
	cd s && n=$(commit_count .) &&
	run_cobra 0 sell dora 50 --override "cliente antiga, pagou em dinheiro" &&
	test "$(commit_count .)" = $((n + 1)) &&
	git log -1 --format=%B | grep -qx "Cobra-Override: cliente antiga, pagou em dinheiro" &&
	git log -1 --format=%B | grep -qx "Cobra-Command: sell" &&
	run_cobra 0 sell fay 20 --override "bom pagador agora" &&
	git log -1 --format=%B | grep -qx "Cobra-Override: bom pagador agora" &&
	run_cobra 0 sell cid 1000 --override "limite temporario" &&
	git log -1 --format=%B | grep -qx "Cobra-Override: limite temporario" &&
	assert_clean .
'

test_expect 'an override that overrides nothing records nothing' '
	cd s && COBRA_TODAY=2025-11-22 "$COBRA" add-customer "Ivo Paz" >/dev/null &&
	run_cobra 0 sell ivo 100 --override "just in case" &&
	! git log -1 --format=%B | grep -q "^Cobra-Override" &&
	! git log -1 --format=%B | grep -q "just in case" &&
	! grep -rq "just in case" customers
'

test_expect 'bad overrides are refused before anything else' '
	cd s && s1=$(snapshot .) &&
	run_cobra 3 sell dora 10 --override "" && one_error_line &&
	test "$s1" = "$(snapshot .)"
'

test_expect 'the store passes cobra check' '
	cd s && run_cobra 0 check && assert_clean .
'

test_done
