#!/bin/sh
# Concurrency: 2, 4 and 8 writers x 50 mixed commands (sell, pay,
# add-customer, hold and its release, negotiate --accept, remind --send), each
# with its own request ID, on one store, while readers run `due`; a held lock;
# and cobra writing while the git CLI commits another file in the same
# repository.
#
# After each run: every acknowledged command has its commit and no commit is
# unacknowledged; the records in HEAD are those the acknowledged commands
# made (no lost update); the balances equal an independent replay of the
# acknowledged commands (awk, below); every reader saw the state of one commit.
#
# 30 commands per writer in make check (under a minute on 2 cores), 10 with
# COBRA_QUICK=1, 50 with COBRA_SOAK=1 (make soak); CONC_WRITERS="2 4 8" and
# CONC_COMMANDS=N choose.
. "$(dirname "$0")/lib.sh"

RUNS=${CONC_WRITERS:-2 4 8}
PER=30
[ -n "${COBRA_QUICK:-}" ] && PER=10
[ -n "${COBRA_SOAK:-}" ] && PER=50
PER=${CONC_COMMANDS:-$PER}

# The customers: P (pay, sell, hold) owe 1000.00 due 2026-12-22, so nothing
# is late and no charge accrues; N (negotiate) owe 100.00 due 2026-10-01, 52
# days late on 2026-11-22, tier 2 of the default offer book; R (remind) owe
# 50.00 due 2026-11-25 and have a phone: the friendly step (-3) is due today.
P="ana-lima bia-reis caio-paz davi-luz"
N="neto-um neto-dois neto-tres"
R="rui-um rui-dois"

mkdir -p bin
cat >bin/chan <<'EOF'
#!/bin/sh
cat >/dev/null
echo "$*" >>"$CHAN_LOG"
EOF
chmod +x bin/chan
printf '[channels]\nemail = %s\nsms = %s\nwhatsapp = %s\n' "$TRASH/bin/chan" "$TRASH/bin/chan" "$TRASH/bin/chan" >channels.ini
export COBRA_CONFIG="$TRASH/channels.ini"

setup() { # DIR
	new_store "$1" || return 1
	(
		cd "$1" || exit 1
		for n in "Ana Lima" "Bia Reis" "Caio Paz" "Davi Luz"; do
			"$COBRA" add-customer "$n" && "$COBRA" sell "$n" 1000 --first-due 2026-12-22 || exit 1
		done
		for n in "Neto Um" "Neto Dois" "Neto Tres"; do
			"$COBRA" add-customer "$n" && "$COBRA" sell "$n" 100 --date 2026-09-01 || exit 1
		done
		for n in "Rui Um" "Rui Dois"; do
			"$COBRA" add-customer "$n" --phone 11912345678 &&
				"$COBRA" sell "$n" 50 --date 2026-10-25 --first-due 2026-11-25 || exit 1
		done
	) >/dev/null
}

pick() { echo "$2" | cut -d" " -f$(($1 % $(echo "$2" | wc -w) + 1)); }

writer() { # DIR W: PER mixed commands; "ID EXIT COMMAND ARGS" per line in status-W
	d=$1 w=$2
	for i in $(seq 1 "$PER"); do
		p=$(pick $((w + i)) "$P")
		case $((i % 10)) in
		0 | 4) set -- sell "$p" 7,00 --first-due 2026-12-22 ;;
		1 | 3 | 6) set -- pay "$p" 1,00 ;;
		2) set -- add-customer "w$w c$i" ;;
		5) set -- hold "$p" --reason "w$w i$i" ;;
		7) set -- negotiate "$(pick $((w + i / 10)) "$N")" --accept 1 ;;
		8) set -- remind --send ;;
		9) set -- hold "$p" --release ;;
		esac
		COBRA_LOCK_TIMEOUT_MS=60000 "$COBRA" -C "$d" "$@" --request-id "w$w-$i" >/dev/null 2>>"$d.err-$w"
		echo "w$w-$i $? $*" >>"$d.status-$w"
	done
}

reader() { # DIR: reads due until DIR.done exists; one line per read in DIR.reads
	d=$1 k=0
	while [ ! -f "$d.done" ]; do
		k=$((k + 1))
		if [ $((k % 2)) = 0 ]; then set -- --by-customer; else set --; fi
		"$COBRA" -C "$d" due "$@" --format tsv >"$d.r" 2>>"$d.err-r" || { echo "reader exit $?" >>"$d.reader-bad"; continue; }
		# every row: total = principal + fee + interest; the sum of the P
		# customers' principal (cents) goes to DIR.reads, to be matched
		# against the state of some commit
		tail -n +2 "$d.r" | tr -d . | awk -F"\t" -v p=" $P " -v by=$# '
			{ pr = by ? $7 : $8; fee = by ? $8 : $9; in_ = by ? $9 : $10; tot = by ? $10 : $11 }
			pr + fee + in_ != tot { bad = 1 }
			index(p, " " $2 " ") { s += pr }
			END { print s; exit bad }' >>"$d.reads" || echo "row total != principal + fee + interest" >>"$d.reader-bad"
	done
}

# run_writers DIR W: W writers and a reader at once.
run_writers() {
	d=$1 nw=$2
	: >"$TRASH/$d.chan"
	export CHAN_LOG="$TRASH/$d.chan"
	reader "$d" &
	rpid=$!
	pids=
	for w in $(seq 1 "$nw"); do writer "$d" "$w" & pids="$pids $!"; done
	for p in $pids; do wait "$p"; done
	touch "$d.done"
	wait $rpid
	cat "$d".status-* >"$d.status"
}

# The P customers' principal after the acknowledged commands, replayed:
# 1000.00 each, + 7.00 per acknowledged sell, - 1.00 per acknowledged pay.
replay() { # DIR: "HANDLE CENTS" per P customer
	awk -v p="$P" '
		BEGIN { n = split(p, h, " "); for (i = 1; i <= n; i++) c[h[i]] = 100000 }
		$2 == 0 && $3 == "sell" { c[$4] += 700 }
		$2 == 0 && $3 == "pay" { c[$4] -= 100 }
		END { for (i = 1; i <= n; i++) print h[i], c[h[i]] }' "$1.status"
}

# in_head DIR HANDLE REGEX: how many lines of HANDLE's file in HEAD match.
in_head() {
	f=$(git -C "$1" ls-tree -r --name-only HEAD customers | grep -e "-$2\.ini$") &&
		git -C "$1" show "HEAD:$f" | grep -c -e "$3"
}

for nw in $RUNS; do
test_expect "$nw writers x $PER mixed commands: acknowledged = commits = records in HEAD, none lost" '
	d=s$nw && setup $d && base=$(git -C $d rev-parse HEAD) &&
	start=$(date +%s%N) && run_writers $d $nw && end=$(date +%s%N) &&
	bad=0 &&
	# exit 0, or a loser of a race that changed nothing: a second accept of
	# the same offer (4) or a release with no hold in force (5)
	awk "\$2 != 0 && !(\$2 == 4 && \$3 == \"negotiate\") && !(\$2 == 5 && \$3 == \"hold\" && \$5 == \"--release\")" $d.status >unexpected &&
	if [ -s unexpected ]; then echo "unexpected exits:"; head unexpected; cat $d.err-*; bad=1; fi
	acked=$(awk "\$2 == 0" $d.status | wc -l)
	git -C $d log --format=%B $base.. | sed -n "s/^Cobra-Request-Id: //p" | sort >committed
	awk "\$2 == 0 && \$3 != \"remind\" {print \$1}" $d.status | sort >acked-ids
	awk "\$2 == 0 && \$3 == \"remind\" {print \$1}" $d.status | sort >acked-reminds
	lost=$(comm -23 acked-ids committed | wc -l)
	# remind --send acknowledged: the first sends and commits, the others find
	# nothing left to send and commit nothing
	sent=$(comm -12 acked-reminds committed | wc -l)
	noop=$(comm -23 acked-reminds committed | wc -l)
	unacked=$(sort -m acked-ids acked-reminds | comm -13 - committed | wc -l)
	dup=$(uniq -d committed | wc -l)
	commits=$(git -C $d rev-list --count $base..)
	# (with fewer than 8 commands a writer, as under valgrind, no remind runs)
	reminds=$(awk "\$3 == \"remind\"" $d.status | wc -l)
	want_sent=1 want_rem=2
	[ "$reminds" -gt 0 ] || want_sent=0 want_rem=0
	[ "$lost" = 0 ] && [ "$unacked" = 0 ] && [ "$dup" = 0 ] && [ "$sent" = $want_sent ] &&
		[ "$commits" = $((acked - noop)) ] || { echo "lost $lost unacked $unacked dup $dup reminds that sent $sent commits $commits acked $acked no-op reminds $noop"; bad=1; }
	# the records in HEAD: what the acknowledged commands made
	n_ok() { awk -v c="$1" -v x="${2:-}" "\$2 == 0 && \$3 == c && (x == \"\" || \$5 == x)" $d.status | wc -l; }
	rec() { t=0; for h in $2; do t=$((t + $(in_head $d $h "$1"))); done; echo $t; }
	pays=$(rec "^\[payment " "$P") sales=$(rec "^\[sale " "$P") holds=$(rec "^\[hold " "$P") rels=$(rec "^\[release " "$P")
	agr=$(rec "^\[agreement " "$N") rem=$(rec "^\[reminder " "$R")
	custs=$(git -C $d ls-tree -r --name-only HEAD customers | wc -l)
	[ "$pays" = "$(n_ok pay)" ] || { echo "payments in HEAD $pays, acknowledged $(n_ok pay)"; bad=1; }
	[ "$sales" = $((4 + $(n_ok sell))) ] || { echo "sales in HEAD $sales, acknowledged 4 + $(n_ok sell)"; bad=1; }
	[ "$holds" = "$(n_ok hold --reason)" ] || { echo "holds in HEAD $holds, acknowledged $(n_ok hold --reason)"; bad=1; }
	[ "$rels" = "$(n_ok hold --release)" ] || { echo "releases in HEAD $rels, acknowledged $(n_ok hold --release)"; bad=1; }
	[ "$custs" = $((9 + $(n_ok add-customer))) ] || { echo "customers in HEAD $custs, 9 + $(n_ok add-customer) acknowledged"; bad=1; }
	# each N customer that a writer tried accepted exactly once; each R
	# customer reminded once, by one message
	for h in $N; do
		tried=$(awk -v h=$h "\$3 == \"negotiate\" && \$4 == h" $d.status | wc -l)
		okn=$(awk -v h=$h "\$2 == 0 && \$3 == \"negotiate\" && \$4 == h" $d.status | wc -l)
		want=1; [ "$tried" -gt 0 ] || want=0
		[ "$okn" = $want ] && [ "$(in_head $d $h "^\[agreement ")" = $want ] ||
			{ echo "$h: $tried tries, $okn acknowledged, $(in_head $d $h "^\[agreement ") agreements in HEAD"; bad=1; }
	done
	sent_msgs=$(cat $d.chan 2>/dev/null | wc -l)
	[ "$rem" = $want_rem ] && [ "$sent_msgs" = $want_rem ] || { echo "reminders in HEAD $rem, messages sent $sent_msgs"; bad=1; }
	reads=$(wc -l <$d.reads)
	figure "concurrency: $nw writers x $PER: $acked acknowledged ($noop remind no-ops), $commits commits, $lost lost, $unacked unacknowledged, $dup duplicated; in HEAD $pays payments, $sales sales, $holds holds, $rels releases, $agr agreements, $rem reminders; $reads reads; $(( (end - start) / 1000000 )) ms"
	! [ -s $d.reader-bad ] || { echo "readers:"; sort $d.reader-bad | uniq -c; bad=1; }
	assert_clean $d && [ $bad = 0 ]
'

test_expect "$nw writers: balances equal the replay of the acknowledged commands; every read saw one commit's state" '
	d=s$nw &&
	replay $d >want &&
	"$COBRA" -C $d due --format tsv | tail -n +2 | tr -d . |
		awk -F"\t" "{s[\$2] += \$8; t[\$2] += \$11} END {for (h in s) print h, s[h], t[h]}" >got &&
	for h in $P; do
		[ "$(grep "^$h " want)" = "$(grep "^$h " got | cut -d" " -f1,2)" ] ||
			{ echo "$h: replay $(grep "^$h " want), due $(grep "^$h " got)"; exit 1; }
	done &&
	# an N customer that accepted owes what offer 1 of tier 2 asks, by hand:
	# 100.00 less the 5% discount, interest and fee waived = 95.00, due today,
	# no charge yet; one never tried owes 100.00 + the 2% fee (2.00) + 1% a
	# month for 52 days (100 x 0.01 x 52 / 30 = 1.7333, 1.73) = 103.73
	for h in $N; do
		if grep -q " negotiate $h " $d.status; then want="$h 9500 9500"; else want="$h 10000 10373"; fi
		[ "$(grep "^$h " got)" = "$want" ] || { echo "$h: $(grep "^$h " got), want $want"; exit 1; }
	done &&
	# the P principal of every state HEAD went through, from the commits
	p_ids=$(for h in $P; do git -C $d ls-tree -r --name-only HEAD customers | sed -n "s|.*/\([0-9a-f]*\)-$h\.ini$|\1|p"; done) &&
	git -C $d log --reverse --format="%B" | awk -v ids=" $(echo $p_ids) " "
		BEGIN { s = 0 }
		/^Cobra-Command: / { c = \$2 }
		/^Cobra-Customer: / { who = \$2 }
		/^Cobra-Amount: / { a = \$2; sub(/\\./, \"\", a); if (index(ids, \" \" who \" \")) { if (c == \"sell\") s += a; else if (c == \"pay\") s -= a }; print s }
		END { print s }" | sort -u >states &&
	sort -u $d.reads >seen &&
	torn=$(comm -23 seen states | wc -l) &&
	figure "concurrency: $nw writers: $(wc -l <$d.reads) reads of due while writing, $torn saw a state no commit had" &&
	[ "$torn" = 0 ]
'
done

test_expect 'a held lock: a writer waits COBRA_LOCK_TIMEOUT_MS, exits 6 and changes nothing; with time to spare it succeeds' '
	d=s-lock && setup $d && h=$(git -C $d rev-parse HEAD) || exit 1
	flock $d/.git/cobra.lock sleep 4 &
	lpid=$!
	sleep 0.3
	t0=$(date +%s%N) &&
	COBRA_LOCK_TIMEOUT_MS=1500 run_cobra 6 -C $d pay ana-lima 1 --request-id busy-1 &&
	t1=$(date +%s%N) && one_error_line && grep -q "busy" "$ERR" &&
	[ "$(git -C $d rev-parse HEAD)" = "$h" ] &&
	waited=$(( (t1 - t0) / 1000000 )) &&
	[ $waited -ge 1500 ] && [ $waited -lt 3700 ] || { echo "waited $waited ms"; exit 1; }
	COBRA_LOCK_TIMEOUT_MS=20000 run_cobra 0 -C $d pay ana-lima 1 --request-id busy-1 &&
	t2=$(date +%s%N) && wait $lpid &&
	[ $(( (t2 - t0) / 1000000 )) -ge 3500 ] &&
	[ "$(git -C $d rev-list --count $h..)" = 1 ] &&
	figure "concurrency: held lock: a writer with COBRA_LOCK_TIMEOUT_MS=1500 gave up after $waited ms (exit 6), one with 20000 committed after $(( (t2 - t0) / 1000000 )) ms, when the lock was released" &&
	assert_clean $d
'

test_expect 'cobra and the git CLI committing another file at once lose neither commit' '
	d=s-git && setup $d && base=$(git -C $d rev-parse HEAD) || exit 1
	(
		cd $d && i=0 && tries=0
		while [ $i -lt 40 ] && [ $tries -lt 400 ]; do
			tries=$((tries + 1))
			echo "nota $i" >notes.txt
			git add notes.txt 2>/dev/null && git commit -q -m "manual $i" 2>/dev/null || continue
			echo "manual $i" >>../git-ok
			i=$((i + 1))
		done
		echo $tries >../git-tries
	) &
	gpid=$!
	: >cobra-ok; busy=0
	for i in $(seq 1 40); do
		# busy (6) while git holds its index.lock: retry, with the same request ID
		for try in 1 2 3 4 5 6 7 8 9 10; do
			"$COBRA" -C $d pay ana-lima 1 --request-id "mix-$i" >/dev/null 2>err-mix; st=$?
			[ $st = 6 ] || break
			busy=$((busy + 1)); sleep 0.05
		done
		[ $st = 0 ] && echo "mix-$i" >>cobra-ok
		[ $st = 0 ] || [ $st = 6 ] || { echo "pay exit $st"; cat err-mix; exit 1; }
	done
	wait $gpid
	touch git-ok
	git -C $d log --format=%s $base.. | grep "^manual " | sort >git-commits
	git -C $d log --format=%B $base.. | sed -n "s/^Cobra-Request-Id: //p" | sort >cobra-commits
	miss_git=$(sort git-ok | comm -23 - git-commits | wc -l)
	miss_cobra=$(sort cobra-ok | comm -23 - cobra-commits | wc -l)
	extra=$(( $(git -C $d rev-list --count $base..) - $(wc -l <cobra-ok) - $(wc -l <git-ok) ))
	recs=$(in_head $d ana-lima "^\[payment ")
	figure "concurrency: cobra vs git CLI (another file): $(wc -l <cobra-ok) cobra and $(wc -l <git-ok) git commits acknowledged ($busy cobra retries after exit 6, $(cat git-tries) git attempts), $miss_cobra + $miss_git lost, $extra unacknowledged"
	[ "$miss_git" = 0 ] && [ "$miss_cobra" = 0 ] && [ "$extra" = 0 ] &&
	[ "$recs" = "$(wc -l <cobra-ok)" ] &&
	[ "$(git -C $d show HEAD:notes.txt)" = "nota $(( $(wc -l <git-ok) - 1 ))" ] &&
	assert_clean $d
'

test_done
