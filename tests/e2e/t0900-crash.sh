#!/bin/sh
# Crash safety: SIGKILL at random instants during write commands, then
# SIGINT, SIGTERM and SIGHUP. After every attempt HEAD moved by 0 or 1 commit
# and HEAD's records load; the next command recovers by itself; at the end
# git fsck is clean, no lock or journal is left, every acknowledged write is
# in HEAD, and the balance equals an independent replay of the commits'
# trailers. The last test prints the soak figures: kills, corrupt (fsck
# failures), lost (acknowledged, not in HEAD), torn (HEAD's records do not
# load, or do not add up to the commits), stale locks (a lock or journal that
# a signal left, or that made the next writer exit 6), dirty trees.
#
# COBRA_QUICK=1: 40 kills, 10 of each other signal; default 200 and 100;
# COBRA_SOAK=1 (make soak): 1000 of each, git fsck after every attempt.
. "$(dirname "$0")/lib.sh"

if [ -n "${COBRA_SOAK:-}" ]; then KILLS=${CRASH_KILLS:-1000}; SIGS=${CRASH_SIGNALS:-1000}; EVERY=1
elif [ -n "${COBRA_QUICK:-}" ]; then KILLS=${CRASH_KILLS:-40}; SIGS=${CRASH_SIGNALS:-10}; EVERY=25; else
KILLS=${CRASH_KILLS:-200}; SIGS=${CRASH_SIGNALS:-100}; EVERY=25; fi
SEED=${CRASH_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d " ")}
say "# seed $SEED (CRASH_SEED=$SEED reproduces the delays)"

new_store s
cd s
for n in ana bia caio davi eva; do "$COBRA" add-customer "$n" >/dev/null; done
for n in ana bia caio davi eva; do "$COBRA" sell $n 100000 --first-due 2026-12-22 >/dev/null; done
cd ..
# delays in microseconds, uniform over 0 to 1.6 x the median write time
for i in 1 2 3 4 5; do
	t0=$(date +%s%N); "$COBRA" -C s pay ana 1 >/dev/null; t1=$(date +%s%N)
	echo $(( (t1 - t0) / 1000 ))
done | sort -n | sed -n 3p >median
span=$(( $(cat median) * 16 / 10 ))
say "# a write takes about $(( $(cat median) / 1000 )) ms; kills land in 0-$((span / 1000)) ms"
awk -v seed="$SEED" -v span=$span -v n=$((KILLS + 4 * SIGS)) 'BEGIN {srand(seed); for (i = 0; i < n; i++) print int(rand() * span)}' >delays
names="ana bia caio davi eva"

attempt() { # attempt I SIGNAL: one write command, signalled after delay I
	i=$1
	sig=$2
	d=$(sed -n "$((i + 1))p" delays)
	who=$(echo $names | cut -d" " -f$((i % 5 + 1)))
	if [ $((i % 3)) = 0 ]; then set -- sell $who 10 --first-due 2026-12-22; else set -- pay $who 1; fi
	# a non-interactive shell starts background commands with SIGINT ignored:
	# restore the default, as a terminal user's Ctrl-C would find it
	env --default-signal=INT,QUIT "$COBRA" -C s "$@" --request-id "req-$i" >/dev/null 2>"err-$i" &
	pid=$!
	sleep "0.$(printf %06d "$d")"
	kill -"$sig" $pid 2>/dev/null
	wait $pid
	echo $?
}

# inspect I: counts what attempt I left behind, into the files corrupt, torn,
# stale, dirty (one line each).
inspect() {
	i=$1
	[ $((i % EVERY)) = 0 ] && { git -C s fsck --full --strict >/dev/null 2>&1 || echo "$i" >>corrupt; }
	"$COBRA" -C s due --format tsv >/dev/null 2>"err-due" || { echo "$i $(cat err-due)" >>torn; }
}
: >corrupt; : >torn; : >stale; : >dirty

test_expect "$KILLS SIGKILLs at random instants: HEAD moves by 0 or 1, the next command recovers" '
	: >acked; killed=0; bad=0; committed_unacked=0
	for i in $(seq 0 $((KILLS - 1))); do
		before=$(commit_count s)
		st=$(attempt $i KILL)
		after=$(commit_count s)
		d_after=$after
		[ "$st" = 0 ] && echo "req-$i" >>acked
		[ "$st" = 137 ] && [ $d_after != $before ] && committed_unacked=$((committed_unacked + 1))
		[ "$st" = 137 ] && killed=$((killed + 1))
		# a command that finished recovered what the kill before it left
		[ "$st" = 0 ] && [ -n "$(git -C s status --porcelain)" ] && echo "$i" >>dirty
		[ "$st" = 6 ] && echo "$i $(cat "err-$i")" >>stale
		if [ "$st" != 0 ] && [ "$st" != 137 ] && [ "$st" != 6 ]; then echo "attempt $i: exit $st"; cat "err-$i"; bad=1; fi
		d=$((after - before)); [ $d = 0 ] || [ $d = 1 ] || { echo "attempt $i: HEAD moved by $d"; bad=1; }
		inspect $i
	done
	echo "$killed" >killed
	figure "crash: $KILLS SIGKILLs: $killed mid-command ($committed_unacked of them after the commit point), $(wc -l <acked) finished and acknowledged, $(wc -l <stale) writers refused (6) by a lock a kill left"
	test $bad = 0 && ! test -s corrupt && ! test -s torn && ! test -s dirty
'

test_expect "$SIGS SIGINT, $SIGS SIGTERM and $SIGS SIGHUP: no stale lock, no dirty tree" '
	bad=0; : >sig-counts
	for sig in INT TERM HUP; do
		n=0
		case $sig in INT) off=0 ;; TERM) off=$SIGS ;; HUP) off=$((2 * SIGS)) ;; esac
		for i in $(seq $((KILLS + 1 + off)) $((KILLS + SIGS + off))); do
			st=$(attempt $i $sig)
			[ "$st" = 0 ] && echo "req-$i" >>acked
			[ "$st" -ge 128 ] && n=$((n + 1))
			if [ -n "$(find s/.git \( -name "*.lock" ! -name cobra.lock \) -o -name "cobra-journal*")" ]; then
				echo "after SIG$sig $i: left $(find s/.git \( -name "*.lock" ! -name cobra.lock \) -o -name "cobra-journal*")"; echo "$i" >>stale; bad=1
			fi
			if [ -n "$(git -C s status --porcelain)" ]; then echo "after SIG$sig $i: dirty tree"; echo "$i" >>dirty; bad=1; fi
			if [ "$st" != 0 ] && [ "$st" -lt 128 ]; then echo "after SIG$sig $i: exit $st"; cat "err-$i"; bad=1; fi
			inspect $i
		done
		echo "$sig $n" >>sig-counts
	done
	figure "crash: signals, of $SIGS each: $(while read -r s n; do printf "%s SIG%s, " "$n" "$s"; done <sig-counts)stopped mid-command (the others finished first)"
	test $bad = 0 && ! test -s corrupt && ! test -s torn
'

test_expect 'after recovery: fsck clean, no locks, every acknowledged write in HEAD' '
	run_cobra 0 -C s pay ana 1 --request-id final &&
	assert_clean s &&
	test -z "$(find s/.git \( -name "*.lock" ! -name cobra.lock \) -o -name "cobra-journal*")" &&
	git -C s log --format=%B | sed -n "s/^Cobra-Request-Id: //p" | sort >committed &&
	missing=$(sort acked | comm -23 - committed | wc -l) &&
	dup=$(uniq -d committed | wc -l) &&
	figure "crash: 0 corrupt repositories (fsck), $missing acknowledged writes lost, $dup duplicated" &&
	test "$missing" = 0 && test "$dup" = 0 &&
	run_cobra 0 -C s check
'

test_expect 'balances equal an independent replay of the committed commands' '
	git -C s log --format=%B | awk "
		/^Cobra-Command: / {cmd = \$2}
		/^Cobra-Amount: / {a = \$2; sub(/\\./, \"\", a); if (cmd == \"sell\") s += a; else if (cmd == \"pay\") s -= a}
		END {print s}" >want &&
	"$COBRA" -C s due --as-of 2026-11-22 --format tsv | tail -n +2 | cut -f11 | tr -d . |
		awk "{s += \$1} END {print s}" >got &&
	cmp want got
'

test_expect 'figures: kills, corrupt, lost, torn, stale locks, dirty trees' '
	sigs=$(awk "{s += \$2} END {print s + 0}" sig-counts) &&
	missing=$(git -C s log --format=%B | sed -n "s/^Cobra-Request-Id: //p" | sort | comm -13 - "$(sort acked >acked.s; echo acked.s)" | wc -l) &&
	figure "crash: $(cat killed) SIGKILLs and $sigs other signals mid-command over $((KILLS + 3 * SIGS)) write commands: $(wc -l <corrupt) corrupt (fsck, every $EVERY attempts), $missing lost, $(wc -l <torn) torn, $(wc -l <stale) stale locks, $(wc -l <dirty) dirty trees" &&
	test "$missing" = 0 && ! test -s corrupt && ! test -s torn && ! test -s dirty
'

test_done
