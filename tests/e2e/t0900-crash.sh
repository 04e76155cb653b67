#!/bin/sh
# Crash safety: SIGKILL at random instants during write commands, then
# SIGINT and SIGTERM. After every attempt HEAD moved by 0 or 1 commit; the
# next command recovers by itself; at the end git fsck is clean, no lock or
# journal is left, every acknowledged write is in HEAD, and the balance
# equals an independent replay of the commits' trailers.
. "$(dirname "$0")/lib.sh"

if [ -n "${COBRA_QUICK:-}" ]; then KILLS=${CRASH_KILLS:-40}; SIGS=${CRASH_SIGNALS:-10}; else
KILLS=${CRASH_KILLS:-200}; SIGS=${CRASH_SIGNALS:-50}; fi
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
awk -v seed="$SEED" -v span=$span -v n=$((KILLS + 3 * SIGS)) 'BEGIN {srand(seed); for (i = 0; i < n; i++) print int(rand() * span)}' >delays
names="ana bia caio davi eva"

attempt() { # attempt I SIGNAL: one write command, signalled after delay I
	i=$1
	sig=$2
	d=$(sed -n "$((i + 1))p" delays)
	who=$(echo $names | cut -d" " -f$((i % 5 + 1)))
	if [ $((i % 3)) = 0 ]; then set -- sell $who 10 --first-due 2026-12-22; else set -- pay $who 1; fi
	"$COBRA" -C s "$@" --request-id "req-$i" >/dev/null 2>"err-$i" &
	pid=$!
	sleep "0.$(printf %06d "$d")"
	kill -"$sig" $pid 2>/dev/null
	wait $pid
	echo $?
}

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
		if [ "$st" != 0 ] && [ "$st" != 137 ] && [ "$st" != 6 ]; then echo "attempt $i: exit $st"; cat "err-$i"; bad=1; fi
		d=$((after - before)); [ $d = 0 ] || [ $d = 1 ] || { echo "attempt $i: HEAD moved by $d"; bad=1; }
		[ $((i % 25)) = 0 ] && { git -C s fsck --full --strict >/dev/null 2>&1 || { echo "fsck failed after $i"; bad=1; }; }
	done
	echo "$killed" >killed
	figure "crash: $KILLS SIGKILLs: $killed mid-command ($committed_unacked of them after the commit point), $(wc -l <acked) finished and acknowledged"
	test $bad = 0
'

test_expect "$SIGS SIGINT and $SIGS SIGTERM: no stale lock, no dirty tree" '
	bad=0
	for sig in INT TERM; do
		for i in $(seq $((KILLS + 1)) $((KILLS + SIGS))); do
			[ $sig = TERM ] && i=$((i + SIGS))
			st=$(attempt $i $sig)
			[ "$st" = 0 ] && echo "req-$i" >>acked
			if [ -n "$(find s/.git \( -name "*.lock" ! -name cobra.lock \) -o -name "cobra-journal*")" ]; then
				echo "after SIG$sig $i: left $(find s/.git \( -name "*.lock" ! -name cobra.lock \) -o -name "cobra-journal*")"; bad=1
			fi
			if [ -n "$(git -C s status --porcelain)" ]; then echo "after SIG$sig $i: dirty tree"; bad=1; fi
		done
	done
	test $bad = 0
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

test_done
