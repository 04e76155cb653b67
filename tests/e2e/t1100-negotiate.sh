#!/bin/sh
# negotiate: the balance split and the offers of the tier, --accept, custom
# terms within and outside the book (--override), nothing lost, --break and
# what comes back, refusals that change nothing.
. "$(dirname "$0")/lib.sh"

# cents of the whole store, or of one customer: the sum of due's totals
balance() {
	"$COBRA" due --format tsv "$@" | tail -n +2 | cut -f11 | tr -d . | awk '{s += $1} END {print s + 0}'
}
# a usage error (exit 2): one "cobra: error:" line first, then the usage
usage_error() {
	[ ! -s "$OUT" ] && [ "$(grep -c '^cobra: error: ' "$ERR")" -eq 1 ] && head -n 1 "$ERR" | grep -q '^cobra: error: ' &&
		grep -q '^usage: cobra negotiate' "$ERR"
}
# cents of an "X.YY" string ("" counts as 0)
cents() { printf '%s\n' "${1:-0.00}" | tr -d . | awk '{print $1 + 0}'; }
# the IDs of the sections [TYPE ID] of FILE, one a line, in file order
section_ids() { sed -n "s/^\[$1 \([0-9a-f]*\)\]\$/\1/p" "$2"; }
# the value of KEY in the section [TYPE ID...] of FILE (the first match)
section_key() {
	awk -v sec="$1" -v key="$2" '
		/^\[/ { in_sec = (index($0, "[" sec) == 1) }
		in_sec && index($0, key " = ") == 1 { print substr($0, length(key) + 4); exit }
	' "$3"
}

# maria: 300.00 in 3, due 2026-09-01, 10-01, 11-01 (82, 52 and 21 days late
# today, 2026-11-22). jose: not yet due. ana and bia: 100.00 due 2026-11-01.
setup() {
	new_store "$1"
	(
		cd "$1" &&
		"$COBRA" add-customer "Maria Silva" &&
		"$COBRA" add-customer "Jose Lima" &&
		"$COBRA" add-customer "Ana Reis" &&
		"$COBRA" add-customer "Bia Costa" &&
		"$COBRA" sell maria 300 -n 3 --date 2026-08-01 &&
		"$COBRA" sell jose 200 -n 2 --date 2026-11-01 &&
		"$COBRA" sell ana 100 --date 2026-10-01 &&
		"$COBRA" sell bia 100 --date 2026-10-01
	) >/dev/null
}
setup s
# the twin: the same facts, never negotiated
setup twin
maria=$TRASH/s/$(cd s && ls customers/*/*-maria-silva.ini)
ana=$TRASH/s/$(cd s && ls customers/*/*-ana-reis.ini)
bia=$TRASH/s/$(cd s && ls customers/*/*-bia-costa.ini)

# maria on 2026-11-22, per installment (100.00 each, fee 2% = 2.00 each):
#   1: 82 days, interest 100.00 x 1% x 82/30 = 2.7333 -> 2.73
#   2: 52 days, 1.7333 -> 1.73
#   3: 21 days, 0.70
# principal 300.00, fee 6.00, interest 5.16, total 311.16; oldest 82 days:
# tier 2 (31-90: interest 100%, fee 100%, discount 5%, 6 installments, down 20%)
#   1) in full: waive 5.16 + 6.00, discount 5% of 300.00 = 15.00;
#      total 311.16 - 26.16 = 285.00
#   2) 6/2 = 3 installments, no discount: total 300.00, down 20% = 60.00,
#      240.00 / 3 = 80.00 each
#   3) 6 installments: down 60.00, 240.00 / 6 = 40.00 each
test_expect 'negotiate shows the balance split and the numbered offers of the tier' '
	cd s && before=$(snapshot .) &&
	run_cobra 0 negotiate maria &&
	grep -q "^maria-silva owes R\$ 311,16: principal R\$ 300,00, late fee R\$ 6,00, interest R\$ 5,16$" "$OUT" &&
	grep -q "^82 days overdue: tier 2 (31-90 " "$OUT" &&
	grep -q "^  1) pay R\$ 285,00 in full, total R\$ 285,00, saving R\$ 26,16 (interest R\$ 5,16, fee R\$ 6,00, discount R\$ 15,00)$" "$OUT" &&
	grep -q "^  2) R\$ 60,00 down + 3 x R\$ 80,00, total R\$ 300,00, saving R\$ 11,16" "$OUT" &&
	grep -q "^  3) R\$ 60,00 down + 6 x R\$ 40,00, total R\$ 300,00" "$OUT" &&
	! grep -q "^  4)" "$OUT" &&
	test "$before" = "$(snapshot .)"
'

test_expect 'negotiate --format json: the same split, tier and offers' '
	cd s && run_cobra 0 negotiate maria --format json &&
	grep -q "\"principal\": \"300.00\", \"fee\": \"6.00\", \"interest\": \"5.16\", \"total\": \"311.16\", \"days_overdue\": 82, \"tier\": 2" "$OUT" &&
	grep -q "{\"offer\": 1, \"waive_interest\": \"5.16\", \"waive_fee\": \"6.00\", \"discount\": \"15.00\", \"down\": \"285.00\", \"installments\": 0, \"total\": \"285.00\"}" "$OUT" &&
	grep -q "{\"offer\": 2, \"waive_interest\": \"5.16\", \"waive_fee\": \"6.00\", \"discount\": \"0.00\", \"down\": \"60.00\", \"installments\": 3, \"total\": \"300.00\"}" "$OUT" &&
	grep -q "{\"offer\": 3, [^}]*\"down\": \"60.00\", \"installments\": 6, \"total\": \"300.00\"}" "$OUT"
'

test_expect 'the balance negotiate shows is the one due shows' '
	cd s && run_cobra 0 due --by-customer --customer maria --format tsv &&
	test "$(tail -n +2 "$OUT" | cut -f7-10)" = "$(printf "300.00\t6.00\t5.16\t311.16")"
'

test_expect 'a customer with nothing overdue gets no offers' '
	cd s && run_cobra 0 negotiate jose &&
	grep -q "^no offers: nothing is overdue" "$OUT" &&
	s1=$(snapshot .) && run_cobra 4 negotiate jose --accept 1 && one_error_line &&
	test "$s1" = "$(snapshot .)"
'

test_expect 'bad input: one error line, the right exit code, no commit' '
	cd s && s1=$(snapshot .) &&
	run_cobra 4 negotiate nobody-here && one_error_line &&
	run_cobra 4 negotiate maria --accept 9 && one_error_line &&
	run_cobra 3 negotiate maria --accept x && one_error_line &&
	run_cobra 3 negotiate maria --accept 0 && one_error_line &&
	run_cobra 2 negotiate maria --accept 1 --discount 5 && usage_error &&
	run_cobra 2 negotiate maria --break abcd --accept 1 && usage_error &&
	run_cobra 3 negotiate maria --installments two && one_error_line &&
	run_cobra 3 negotiate maria --accept 2 --first-due 2026-11-01 && one_error_line &&
	run_cobra 4 negotiate maria --break ffffffff && one_error_line &&
	test "$s1" = "$(snapshot .)"
'

test_expect '--accept 2: one commit, an [agreement] and a new [sale], nothing lost' '
	cd s && n=$(commit_count .) && b0=$(balance) &&
	run_cobra 0 negotiate maria --accept 2 &&
	test "$(commit_count .)" = $((n + 1)) && assert_clean . &&
	ag=$(section_ids agreement "$maria") && test -n "$ag" &&
	debt=$(section_key "agreement $ag" debt "$maria") &&
	old=$(section_ids sale "$maria" | head -1) &&
	test "$(section_key "agreement $ag" date "$maria")" = 2026-11-22 &&
	test "$(section_key "agreement $ag" tier "$maria")" = 2 &&
	test "$(section_key "agreement $ag" principal "$maria")" = 300.00 &&
	test "$(section_key "agreement $ag" fee "$maria")" = 6.00 &&
	test "$(section_key "agreement $ag" interest "$maria")" = 5.16 &&
	test "$(section_key "agreement $ag" total "$maria")" = 300.00 &&
	# what was replaced, per installment: interest, fee, principal as above
	grep -qx "replaced.1 = $old/1 2.73 2.00 100.00" "$maria" &&
	grep -qx "replaced.2 = $old/2 1.73 2.00 100.00" "$maria" &&
	grep -qx "replaced.3 = $old/3 0.70 2.00 100.00" "$maria" &&
	! grep -q "^override = " "$maria" &&
	# the new debt: the down payment today, then 3 x 80.00 monthly
	grep -qx "\[sale $debt\]" "$maria" &&
	test "$(section_key "sale $debt" total "$maria")" = 300.00 &&
	grep -qx "due.1 = 2026-11-22 60.00" "$maria" &&
	grep -qx "due.2 = 2026-12-22 80.00" "$maria" &&
	grep -qx "due.3 = 2027-01-22 80.00" "$maria" &&
	grep -qx "due.4 = 2027-02-22 80.00" "$maria" &&
	git log -1 --format=%B | grep -qx "Cobra-Command: negotiate" &&
	git log -1 --format=%B | grep -qx "Cobra-Debt: $debt" &&
	git log -1 --format=%B | grep -qx "Cobra-Amount: 300.00" &&
	! git log -1 --format=%B | grep -q "^Cobra-Override:" &&
	# nothing lost: before - after = waivers + discount as recorded
	given=$(( $(cents "$(section_key "agreement $ag" waive_interest "$maria")") +
		$(cents "$(section_key "agreement $ag" waive_fee "$maria")") +
		$(cents "$(section_key "agreement $ag" discount "$maria")") )) &&
	test "$given" = 1116 &&
	test $((b0 - $(balance))) = "$given"
'

test_expect 'replaced installments owe nothing; due and show say so' '
	cd s && old=$(section_ids sale "$maria" | head -1) &&
	run_cobra 0 due --customer maria --format tsv &&
	! grep -q "	$old	" "$OUT" &&
	test "$(tail -n +2 "$OUT" | wc -l)" = 4 &&
	run_cobra 0 show maria &&
	test "$(grep -c "renegotiated" "$OUT")" -ge 3 &&
	grep -q "balance on 22/11/2026: R\$ 300,00" "$OUT" &&
	run_cobra 0 negotiate maria && grep -q "^no offers: nothing is overdue" "$OUT"
'

# ana on 2026-11-22: 21 days late, principal 100.00, fee 2.00, interest
# 100.00 x 1% x 21/30 = 0.70; total 102.70. Tier 1 (1-30): interest 100%,
# fee 0%, discount 0%, 3 installments, down 30%.
# custom: waive all interest (0.70), 2 installments, down 31.00:
#   total 102.70 - 0.70 = 102.00 (down at least 30% = 30.60: ok),
#   rest 71.00 / 2 = 35.50 each; first due 2026-12-05 (the down payment),
#   then 2027-01-05 and 2027-02-05
test_expect 'custom terms within the tier are accepted' '
	cd s && b0=$(balance) && n=$(commit_count .) &&
	run_cobra 0 negotiate ana --waive-interest all --installments 2 --down 31 --first-due 2026-12-05 &&
	test "$(commit_count .)" = $((n + 1)) && assert_clean . &&
	ag=$(section_ids agreement "$ana") &&
	test "$(section_key "agreement $ag" tier "$ana")" = 1 &&
	test "$(section_key "agreement $ag" waive_interest "$ana")" = 0.70 &&
	test "$(section_key "agreement $ag" total "$ana")" = 102.00 &&
	grep -qx "due.1 = 2026-12-05 31.00" "$ana" &&
	grep -qx "due.2 = 2027-01-05 35.50" "$ana" &&
	grep -qx "due.3 = 2027-02-05 35.50" "$ana" &&
	test $((b0 - $(balance))) = 70
'

# bia: the same 102.70 as ana; waiving the fee (2.00) is beyond tier 1 (fee 0%)
test_expect 'terms outside the tier are refused (exit 5), nothing changes' '
	cd s && s1=$(snapshot .) &&
	run_cobra 5 negotiate bia --waive-fee all --installments 0 && one_error_line &&
	grep -q "fee" "$ERR" &&
	run_cobra 5 negotiate bia --waive-interest all --installments 4 --down 40 && one_error_line &&
	run_cobra 5 negotiate bia --waive-interest all --installments 2 --down 10 && one_error_line &&
	test "$s1" = "$(snapshot .)"
'

# with --override: waive fee 2.00 and interest 0.70, in full: total 100.00
test_expect '--override REASON accepts them and records the reason' '
	cd s && b0=$(balance) &&
	run_cobra 0 negotiate bia --waive-fee all --waive-interest all --installments 0 --override "cliente de 20 anos" &&
	git log -1 --format=%B | grep -qx "Cobra-Override: cliente de 20 anos" &&
	grep -qx "override = cliente de 20 anos" "$bia" &&
	ag=$(section_ids agreement "$bia") &&
	test "$(section_key "agreement $ag" total "$bia")" = 100.00 &&
	grep -qx "due.1 = 2026-11-22 100.00" "$bia" &&
	test $((b0 - $(balance))) = 270 &&
	assert_clean .
'

# maria pays the down payment on 2026-11-22 (60.00) and 30.00 on 2026-12-30
# toward installment 2 (due 2026-12-22, 8 days late): interest 80.00 x 1% x
# 8/30 = 0.2133 -> 0.21, fee 2% of 80.00 = 1.60, principal 28.19.
# The agreement collected 60.00 + 30.00 = 90.00; 300.00 - 60.00 - 28.19 =
# 211.81 of its principal is still open.
test_expect '--break is refused until an installment is more than break_days late' '
	cd s && ag=$(section_ids agreement "$maria") &&
	"$COBRA" pay maria 60 --date 2026-11-22 >/dev/null &&
	COBRA_TODAY=2026-12-30 "$COBRA" pay maria 30 --date 2026-12-30 >/dev/null &&
	debt=$(section_key "agreement $ag" debt "$maria") &&
	grep -qx "paid.1 = $debt/2 0.21 1.60 28.19" "$maria" &&
	s1=$(snapshot .) &&
	run_cobra 5 negotiate maria --break "$ag" && one_error_line &&
	# 2027-01-21: installment 2 is 30 days late, not more than 30
	COBRA_TODAY=2027-01-21 run_cobra 5 negotiate maria --break "$ag" && one_error_line &&
	grep -q "30 days late" "$ERR" &&
	test "$s1" = "$(snapshot .)"
'

# On 2027-01-22, without the agreement, the original installments would owe
#   1: 2026-09-01 -> 2027-01-22 = 143 days: 100.00 x 1% x 143/30 = 4.7667 -> 4.77
#   2: 113 days: 3.7667 -> 3.77;  3: 82 days: 2.7333 -> 2.73
#   plus 2.00 fee each: 300.00 + 6.00 + 11.27 = 317.27 (the twin says so too)
# the 90.00 collected goes to installment 1: 4.77 interest, 2.00 fee, 83.23
# principal; what is left: 317.27 - 90.00 = 227.27.
test_expect '--break after break_days: the original debts come back less what was collected' '
	cd s && ag=$(section_ids agreement "$maria") &&
	old=$(section_ids sale "$maria" | head -1) &&
	n=$(commit_count .) &&
	without=$(cd ../twin && COBRA_TODAY=2027-01-22 balance --customer maria) &&
	test "$without" = 31727 &&
	COBRA_TODAY=2027-01-22 run_cobra 0 negotiate maria --break "$ag" &&
	test "$(commit_count .)" = $((n + 1)) && assert_clean . &&
	git log -1 --format=%s | grep -q "original debts back" &&
	br=$(section_ids break "$maria") && test -n "$br" &&
	test "$(section_key "break $br" agreement "$maria")" = "$ag" &&
	test "$(section_key "break $br" date "$maria")" = 2027-01-22 &&
	test "$(section_key "break $br" collected "$maria")" = 90.00 &&
	test "$(section_key "break $br" cancelled "$maria")" = 211.81 &&
	test "$(section_key "break $br" paid.1 "$maria")" = "$old/1 4.77 2.00 83.23" &&
	after=$(COBRA_TODAY=2027-01-22 balance --customer maria) &&
	test "$after" = $((without - 9000)) && test "$after" = 22727
'

test_expect 'after the break: per installment, the same as paying what was collected on that day' '
	(cd twin && COBRA_TODAY=2027-01-22 "$COBRA" pay maria 90 --date 2027-01-22 >/dev/null) &&
	for d in 2027-01-22 2027-03-15; do
		a=$(cd s && COBRA_TODAY=$d "$COBRA" due --customer maria --format tsv | tail -n +2 | cut -f5-11) &&
		b=$(cd twin && COBRA_TODAY=$d "$COBRA" due --customer maria --format tsv | tail -n +2 | cut -f5-11) &&
		test -n "$a" && test "$a" = "$b" || return 1
	done
'

test_expect 'a second break is refused (exit 5), nothing changes' '
	cd s && ag=$(section_ids agreement "$maria") &&
	s1=$(snapshot .) &&
	COBRA_TODAY=2027-02-01 run_cobra 5 negotiate maria --break "$ag" && one_error_line &&
	COBRA_TODAY=2027-02-01 run_cobra 5 negotiate maria --break "$ag" --override "again" && one_error_line &&
	test "$s1" = "$(snapshot .)"
'

test_expect '--request-id: a retried accept is a no-op that reports the first' '
	new_store r && cd r && "$COBRA" add-customer "Rui Paz" >/dev/null &&
	"$COBRA" sell rui 100 --date 2026-10-01 >/dev/null && n=$(commit_count .) &&
	run_cobra 0 negotiate rui --accept 1 --request-id deal-1 &&
	run_cobra 0 negotiate rui --accept 1 --request-id deal-1 &&
	test "$(commit_count .)" = $((n + 1)) &&
	test "$(grep -c "^\[agreement " customers/*/*.ini)" = 1
'

# An early break with --override: allowed, and the reason is in the commit.
test_expect '--break before break_days with --override is recorded' '
	cd r && ag=$(section_ids agreement customers/*/*.ini) &&
	run_cobra 0 negotiate rui --break "$ag" --override "cliente pediu" &&
	git log -1 --format=%B | grep -qx "Cobra-Override: cliente pediu" &&
	assert_clean .
'

# What a break applies goes to the reopened installments as a payment would
# (ledger.h, Codigo Civil art. 354): oldest due first. Two sales where the one
# sold first falls due later: A sold 2026-08-01, due 2026-10-15; B sold
# 2026-08-10, due 2026-09-10. Offer 2 (tier 2 at 73 days): 40.00 down, paid
# today; broken on 2027-02-01. The 40.00 belongs to B (due first): on
# 2027-02-01 B owes interest 100.00 x 1% x 144/30 = 4.80, fee 2.00, so
# paid.1 = B/1 4.80 2.00 33.20, exactly what "pay 40" on 2027-02-01 allocates
# in the twin that never negotiated.
test_expect 'a break applies what was collected oldest due first, as pay does' '
	new_store o && (cd o && "$COBRA" add-customer "Rui Paz" &&
		"$COBRA" sell rui 100 --date 2026-08-01 --first-due 2026-10-15 &&
		"$COBRA" sell rui 100 --date 2026-08-10 --first-due 2026-09-10) >/dev/null &&
	rm -rf o2 && cp -a o o2 && cd o &&
	f=$(ls customers/*/*.ini) && b=$(section_ids sale "$f" | tail -n 1) &&
	"$COBRA" negotiate rui --accept 2 >/dev/null && "$COBRA" pay rui 40 >/dev/null &&
	ag=$(section_ids agreement "$f") &&
	COBRA_TODAY=2027-02-01 run_cobra 0 negotiate rui --break "$ag" &&
	(cd ../o2 && COBRA_TODAY=2027-02-01 "$COBRA" pay rui 40 --date 2027-02-01 >/dev/null) &&
	grep -qx "paid.1 = $b/1 4.80 2.00 33.20" ../o2/$f &&
	{ grep -qx "paid.1 = $b/1 4.80 2.00 33.20" "$f" ||
		{ echo "the break allocated:"; sed -n "/^\[break /,\$p" "$f"; false; }; } &&
	a1=$(COBRA_TODAY=2027-05-01 balance) && a2=$(cd ../o2 && COBRA_TODAY=2027-05-01 balance) &&
	test "$a1" = "$a2"
'

test_expect 'the store passes cobra check and git fsck after all of it' '
	cd s && COBRA_TODAY=2027-02-01 run_cobra 0 check && assert_clean .
'

test_done
