#!/bin/sh
# Concurrency: 4 writers x 50 commands on one store, readers meanwhile, and
# cobra writing while the git CLI commits in the same repository.
. "$(dirname "$0")/lib.sh"

WRITERS=${CONC_WRITERS:-4}
PER=${CONC_COMMANDS:-50}
[ -n "${COBRA_QUICK:-}" ] && PER=${CONC_COMMANDS:-15}

new_store s
cd s
for n in ana bia caio davi; do "$COBRA" add-customer "$n" >/dev/null; "$COBRA" sell $n 100000 --first-due 2026-12-22 >/dev/null; done
cd ..

writer() { # writer W: PER mixed commands, each with its own request ID
	w=$1
	for i in $(seq 1 $PER); do
		who=$(echo "ana bia caio davi" | cut -d" " -f$(( (w + i) % 4 + 1 )))
		case $((i % 3)) in
		0) set -- sell $who 7,00 --first-due 2026-12-22 ;;
		1) set -- pay $who 1,00 ;;
		2) set -- add-customer "w$w c$i" ;;
		esac
		COBRA_LOCK_TIMEOUT_MS=60000 "$COBRA" -C s "$@" --request-id "w$w-$i" >/dev/null 2>>"err-w$w"
		echo "w$w-$i $?" >>"status-w$w"
	done
}

reader() { # reads due while writers run; totals must always add up
	while [ ! -f writers-done ]; do
		"$COBRA" -C s due --by-customer --format tsv >"r.tsv" 2>>err-r || { echo "reader exit $?" >>reader-bad; continue; }
		# each row: total == principal + fee + interest
		tail -n +2 r.tsv | tr -d . | awk -F"\t" '$10 != $7 + $8 + $9 {bad = 1} END {exit bad}' || echo torn >>reader-bad
		echo x >>reads
	done
}

test_expect "$WRITERS writers x $PER commands: every acknowledged write is in HEAD, none lost" '
	start=$(date +%s%N)
	reader & rpid=$!
	pids=
	for w in $(seq 1 $WRITERS); do writer $w & pids="$pids $!"; done
	for p in $pids; do wait $p; done
	touch writers-done; wait $rpid
	end=$(date +%s%N)
	cat status-w* >status
	acked=$(grep -c " 0$" status); failed=$(grep -vc " 0$" status)
	other=$(grep -v " 0$" status | grep -vc " 6$")
	git -C s log --format=%B | sed -n "s/^Cobra-Request-Id: //p" | sort >committed
	lost=$(grep " 0$" status | cut -d" " -f1 | sort | comm -23 - committed | wc -l)
	dup=$(uniq -d committed | wc -l)
	figure "concurrency: $WRITERS writers x $PER: $acked acknowledged, $(wc -l <committed) commits with request IDs, $lost lost, $dup duplicated, $failed busy/failed, $(wc -l <reads) consistent reads, $(( (end - start) / 1000000 )) ms"
	test "$lost" = 0 && test "$dup" = 0 && test "$other" = 0 &&
	test "$acked" = "$(wc -l <committed)" && ! test -s reader-bad && assert_clean s
'

test_expect 'balances equal an independent replay of the acknowledged commands' '
	grep " 0$" status | cut -d" " -f1 >ok-ids &&
	git -C s log --format=%B | awk "
		/^Cobra-Command: / {cmd = \$2}
		/^Cobra-Amount: / {a = \$2; sub(/\\./, \"\", a); if (cmd == \"sell\") s += a; else if (cmd == \"pay\") s -= a}
		END {print s}" >want &&
	"$COBRA" -C s due --format tsv | tail -n +2 | cut -f11 | tr -d . | awk "{s += \$1} END {print s}" >got &&
	cmp want got
'

test_expect 'cobra and the git CLI committing at once lose neither commit' '
	: >git-ok
	(for i in $(seq 1 30); do git -C s commit -q --allow-empty -m "manual $i" && echo "manual $i" >>git-ok; done) &
	gpid=$!
	: >cobra-ok
	for i in $(seq 1 30); do
		if "$COBRA" -C s pay ana 1 --request-id "mix-$i" >/dev/null 2>>err-mix; then echo "mix-$i" >>cobra-ok; fi
	done
	wait $gpid
	git -C s log --format=%s >subjects
	git -C s log --format=%B | sed -n "s/^Cobra-Request-Id: //p" >ids
	miss_git=$(while read -r l; do grep -qx "$l" subjects || echo "$l"; done <git-ok | wc -l)
	miss_cobra=$(sort cobra-ok | comm -23 - "$(sort ids >ids.s; echo ids.s)" | wc -l)
	figure "concurrency: cobra vs git CLI: $(wc -l <cobra-ok) cobra and $(wc -l <git-ok) git commits acknowledged, $miss_cobra + $miss_git lost"
	# and the records of every acknowledged cobra payment are in HEAD
	ana=$(ls s/customers/*/*-ana.ini) &&
	recs=$(git -C s show HEAD:"${ana#s/}" | grep -c "^\[payment ") &&
	pays=$(git -C s log --format=%B -- "${ana#s/}" | grep -c "^Cobra-Command: pay") &&
	test "$recs" = "$pays" &&
	test "$miss_git" = 0 && test "$miss_cobra" = 0 &&
	git -C s fsck --full --strict >/dev/null 2>&1
'

test_done
