#!/bin/sh
# score and rank: the score's components add up and follow the history; rank
# by priority, amount and age, --limit, --explain, --good, refusals.
. "$(dirname "$0")/lib.sh"

# Every customer registered on 2025-11-22: tenure 365 days today, so the
# tenure component is round(150 x 365/365) = 150 for all of them.
#  ana:   300.00 in 3 from 2026-06-01 (due 07-01, 08-01, 09-01), paid 100.00
#         on 06-20 (11 days early), 08-01 and 09-01: always on time
#  jose:  the same sale, each paid 20 days late (07-21, 08-21, 09-21) with
#         100.00 + fee 2.00 + interest 100.00 x 1% x 20/30 = 0.67 = 102.67
#  maria: 300.00 in 3 from 2026-08-01, never paid (82, 52, 21 days late)
#  bia:   2000.00 due 2026-11-01, 21 days late
#  caio:  50.00 due 2026-05-01, 205 days late
#  eva:   200.00 in 2 from 2026-09-01, the first paid on its due day
#         (10-01), the second (11-01) 21 days late
#  dan:   100.00 due 2026-12-10: nothing due yet
new_store s
(
	cd s &&
	for n in "Ana Reis" "Jose Lima" "Maria Silva" "Bia Costa" "Caio Paz" "Eva Luz" "Dan Melo"; do
		COBRA_TODAY=2025-11-22 "$COBRA" add-customer "$n" || exit 1
	done &&
	"$COBRA" sell ana 300 -n 3 --date 2026-06-01 &&
	"$COBRA" pay ana 100 --date 2026-06-20 && "$COBRA" pay ana 100 --date 2026-08-01 &&
	"$COBRA" pay ana 100 --date 2026-09-01 &&
	"$COBRA" sell jose 300 -n 3 --date 2026-06-01 &&
	"$COBRA" pay jose 102.67 --date 2026-07-21 && "$COBRA" pay jose 102.67 --date 2026-08-21 &&
	"$COBRA" pay jose 102.67 --date 2026-09-21 &&
	"$COBRA" sell maria 300 -n 3 --date 2026-08-01 &&
	"$COBRA" sell bia 2000 --date 2026-10-01 &&
	"$COBRA" sell caio 50 --date 2026-04-01 &&
	"$COBRA" sell eva 200 -n 2 --date 2026-09-01 && "$COBRA" pay eva 100 --date 2026-10-01 &&
	"$COBRA" sell dan 100 --date 2026-11-10
) >/dev/null

# the signed numbers of "score --explain" (one per component line)
components() { sed -n 's/^  [a-z][a-z ]* *\([+-][0-9]*\)  .*/\1/p' "$OUT"; }

# score.h, by hand:
#  ana:  on_time 500 x 3/3 = 500; delay 200 (0 days); worst 150; tenure 150
#        -> 1000
#  jose: on_time 0; delay round(200 x (180 - 60)/180) = 133.3 -> 133;
#        worst round(150 x (120 - 20)/120) = 125; tenure 150 -> 408
#  maria: delays 82 + 52 + 21 = 155; delay round(200 x 25/180) = 27.8 -> 28;
#        worst round(150 x 38/120) = 47.5 -> 48; tenure 150 -> 226
#  dan:  nothing due yet: neutral 250 + 100 + 75 + 75 = 500
test_expect 'score --explain: the components add up to the score' '
	cd s &&
	for c in ana:1000 jose:408 maria:226 dan:500; do
		run_cobra 0 score ${c%:*} --explain &&
		grep -q "^[a-z-]*: score ${c#*:} of 1000$" "$OUT" &&
		test "$(components | wc -l)" = 6 &&
		test "$(components | awk "{s += \$1} END {print s}")" = ${c#*:} || return 1
	done
'

test_expect 'the component lines say where the points came from' '
	cd s && run_cobra 0 score maria --explain &&
	grep -q "^  on time *+0  0 of 3 due installments" "$OUT" &&
	grep -q "^  delay *+28  155 days late in all" "$OUT" &&
	grep -q "^  worst *+48  worst delay 82 days" "$OUT" &&
	grep -q "^  tenure *+150  customer for 365 days" "$OUT"
'

test_expect 'always on time scores higher than always late' '
	cd s &&
	a=$("$COBRA" score ana --format json | sed "s/.*\"score\": \([0-9]*\),.*/\1/") &&
	j=$("$COBRA" score jose --format json | sed "s/.*\"score\": \([0-9]*\),.*/\1/") &&
	test "$a" -gt "$j"
'

test_expect 'score --format json: the fields, and the history behind them' '
	cd s && run_cobra 0 score jose --format json &&
	grep -q "\"handle\": \"jose-lima\", \"score\": 408, " "$OUT" &&
	grep -q "\"components\": {\"on_time\": 0, \"delay\": 133, \"worst\": 125, \"tenure\": 150, \"broken\": 0, \"reminders\": 0}" "$OUT" &&
	grep -q "\"history\": {\"due\": 3, \"on_time\": 0, \"delay_days\": 60, \"worst_delay\": 20, \"tenure_days\": 365, \"broken_agreements\": 0, \"reminders\": 0}" "$OUT" &&
	run_cobra 0 score jose --format tsv && tail -n 1 "$OUT" | cut -f2-9 | grep -qx "jose-lima	408	0	133	125	150	0	0" &&
	run_cobra 4 score nobody-here && one_error_line
'

test_expect 'score --as-of: the past had less history' '
	cd s &&
	# on 2026-07-15: jose had 1 due installment, paid 2026-07-21: still open
	# then, 14 days late; delay round(200 x 46/60) = 153.3 -> 153, worst
	# round(150 x 106/120) = 132.5 -> 133, tenure 235 days: round(150 x
	# 235/365) = 96.6 -> 97; 0 + 153 + 133 + 97 = 383
	run_cobra 0 score jose --as-of 2026-07-15 && grep -qx "jose-lima: score 383 of 1000" "$OUT"
'

# priority (score.h): isqrt(overdue cents) + 5 x days + (1000 - score)
#  caio:  54.42 (fee 1.00, interest 50.00 x 1% x 205/30 = 3.42); score
#         0 + 0 + 0 + 150 = 150: 73 + 1025 + 850 = 1948
#  maria: 311.16; 176 + 410 + 774 = 1360 (176^2 = 30976 <= 31116 < 31329)
#  bia:   2054.00 (fee 40.00, interest 14.00); score 0 + 130 + round(123.75)
#         + 150 = 404: 453 + 105 + 596 = 1154 (453^2 = 205209)
#  eva:   102.70; score 250 + round(200 x 99/120 = 165) + 124 + 150 = 689:
#         101 + 105 + 311 = 517
test_expect 'rank: by priority by default, only debtors with something overdue' '
	cd s && run_cobra 0 rank --format tsv &&
	test "$(tail -n +2 "$OUT" | cut -f1,3,8 | tr "\t\n" ":,")" = "1:caio-paz:1948,2:maria-silva:1360,3:bia-costa:1154,4:eva-luz:517," &&
	run_cobra 0 rank --by priority --format tsv &&
	test "$(tail -n +2 "$OUT" | cut -f3 | tr "\n" ,)" = "caio-paz,maria-silva,bia-costa,eva-luz," &&
	run_cobra 0 rank && grep -q "^1  caio-paz " "$OUT" && ! grep -q "ana-reis\|dan-melo\|jose-lima" "$OUT"
'

test_expect 'rank --by amount follows the overdue totals of due --by-customer' '
	cd s && run_cobra 0 rank --by amount --format tsv &&
	got=$(tail -n +2 "$OUT" | cut -f3,4) &&
	"$COBRA" due --by-customer --overdue --format tsv | tail -n +2 | cut -f2,10 | sort -t "	" -k2,2nr >"$TRASH/want" &&
	test "$got" = "$(cat "$TRASH/want")" &&
	test "$(echo "$got" | cut -f1 | tr "\n" ,)" = "bia-costa,maria-silva,eva-luz,caio-paz,"
'

test_expect 'rank --by age: oldest overdue first; a tie goes to the larger amount' '
	cd s && run_cobra 0 rank --by age --format tsv &&
	test "$(tail -n +2 "$OUT" | cut -f3,5 | tr "\t\n" ":,")" = "caio-paz:205,maria-silva:82,bia-costa:21,eva-luz:21,"
'

test_expect 'rank --limit N keeps the first N' '
	cd s && run_cobra 0 rank --limit 2 --format tsv &&
	test "$(tail -n +2 "$OUT" | cut -f3 | tr "\n" ,)" = "caio-paz,maria-silva," &&
	run_cobra 0 rank --by amount --limit 1 --format json &&
	grep -q "\"handle\": \"bia-costa\"" "$OUT" && ! grep -q maria "$OUT"
'

test_expect 'rank --explain: the components add up to the priority' '
	cd s && run_cobra 0 rank --explain &&
	head -n 1 "$OUT" | grep -q "PRIORITY  AMOUNT PTS  AGE PTS  SCORE PTS" &&
	test "$(tail -n +2 "$OUT" | wc -l)" = 4 &&
	tail -n +2 "$OUT" | awk "{ if (\$(NF-3) != \$(NF-2) + \$(NF-1) + \$NF) bad = 1 } END { exit bad }" &&
	grep -q "^2  maria-silva .* 1360 *176 *410 *774$" "$OUT"
'

# good-payer points: ana 3 on time x 10 + 1 early (06-20, 11 days before
# 07-01) x 5 = 35; eva 1 on time x 10 - 1 overdue x 20 = -10; jose paid none
# on time (3 late), maria never paid: neither is listed
test_expect 'rank --good lists on-time payers, not the ones who never paid on time' '
	cd s && run_cobra 0 rank --good --format tsv &&
	test "$(tail -n +2 "$OUT" | cut -f3,4 | tr "\t\n" ":,")" = "ana-reis:35,eva-luz:-10," &&
	run_cobra 0 rank --good --explain &&
	grep -q "^1  ana-reis  *35  *1000  *3  *1  *0  *0$" "$OUT" &&
	! grep -q "jose-lima\|maria-silva\|caio-paz" "$OUT"
'

test_expect 'bad --by or --limit: exit 3, one error line' '
	cd s &&
	run_cobra 3 rank --by size && one_error_line &&
	run_cobra 3 rank --limit 0 && one_error_line &&
	run_cobra 3 rank --limit -2 && one_error_line &&
	run_cobra 3 rank --limit ten && one_error_line &&
	run_cobra 2 rank --good --by age && head -n 1 "$ERR" | grep -q "^cobra: error: "
'

test_expect 'a broken agreement costs 150 points' '
	new_store b && cd b && COBRA_TODAY=2025-11-22 "$COBRA" add-customer "Gil Sa" >/dev/null &&
	"$COBRA" sell gil 100 --date 2026-10-01 >/dev/null &&
	"$COBRA" negotiate gil --accept 1 >/dev/null &&
	ag=$(sed -n "s/^\[agreement \([0-9a-f]*\)\]$/\1/p" customers/*/*.ini) &&
	"$COBRA" negotiate gil --break "$ag" --override "test" >/dev/null &&
	run_cobra 0 score gil --explain &&
	grep -q "^  agreements *-150  1 broken$" "$OUT" &&
	total=$(sed -n "s/^gil-sa: score \([0-9]*\) of 1000$/\1/p" "$OUT") &&
	test "$(components | awk "{s += \$1} END {print s}")" = "$total"
'

test_done
