#!/bin/sh
# Out of memory: each write command is run with one allocation failing
# (tests/fault/faults.c, preloaded): the 1st, then every 47th (97th
# quick, every 2nd in make soak) of the allocations a normal run makes, on a
# fresh copy of a seeded store. After
# each: the checks of tests/e2e/points.sh (fsck clean, HEAD moved by 0 or 1
# commit, a success has its commit, a failure after the commit point says
# "committed", the next command recovers and works, no lock or journal), and
#   - a clean failure is exit 7 (a data error), never a refusal (5), "not
#     found" (4) or "not a cobra store": a failed allocation is not a state;
#   - a crash is allowed only inside libgit2 (libgit2 1.5 dereferences NULL
#     in some of its own out-of-memory paths; the store is then checked like
#     after a SIGKILL); a crash in cobra's own code fails the test.
# Then every allocation cobra's own code makes (FAULT_MALLOC_OWN: about 80 in
# a pay, none of libgit2's or the C library's), for pay and for a pay that
# first finishes an interrupted write: there, no crash is allowed at all.
# Not under the sanitizers or valgrind, which bring their own allocator.
E2E=$(cd "$(dirname "$0")" && pwd) # before lib.sh moves into $TRASH
. "$E2E/lib.sh"
. "$E2E/points.sh"

SHIM=$(dirname "$COBRA")/build/tests/faults.so
[ -f "$SHIM" ] || SHIM=$(dirname "$COBRA")/tests/faults.so
STEP=${OOM_STEP:-47}
[ -n "${COBRA_QUICK:-}" ] && STEP=${OOM_STEP:-97}
[ -n "${COBRA_SOAK:-}" ] && STEP=${OOM_STEP:-2}

test_expect 'the allocation-failure shim is built (make units)' 'test -f "$SHIM"'

export COBRA_TODAY=2026-11-22
seed_store base
NEXT="pay ana 1"
BASE=base OWN=

# oom_point NAME N ARGS...: one run with allocation N failing
oom_point() {
	name=$1 n=$2
	shift 2
	rm -rf w && cp -a "$BASE" w && rm -f crash
	before=$(git -C w rev-parse HEAD)
	FAULT_MALLOC=$n FAULT_MALLOC_OWN="$OWN" FAULT_CRASH="$TRASH/crash" LD_PRELOAD="$SHIM" \
		"$COBRA" -C w "$@" --request-id "oom-$n" >/dev/null 2>err
	st=$?
	if [ "$st" -ge 128 ]; then
		where=$(cat crash 2>/dev/null)
		case $OWN:$where in
		:*/libgit2.so*) ;;
		*) echo "BAD $name alloc#$n: died of signal $((st - 128)) in ${where:-an unknown place}"; return ;;
		esac
	elif [ "$st" != 0 ] && [ "$st" != 7 ]; then
		echo "BAD $name alloc#$n: exit $st, not 0 or 7: $(head -n 1 err)"
		return
	elif taken_for_state err; then
		echo "BAD $name alloc#$n: a failed allocation taken for a state: $(head -n 1 err)"
		return
	fi
	point_verdict "$name alloc#$n" "$st" "$before" "oom-$n"
}

# oom_sweep NAME ARGS...: allocation 1, 1 + STEP, ... up to what a normal run makes
oom_sweep() {
	name=$1
	shift
	rm -rf w && cp -a "$BASE" w
	FAULT_COUNT="$TRASH/count" FAULT_MALLOC_OWN="$OWN" LD_PRELOAD="$SHIM" \
		"$COBRA" -C w "$@" --request-id count >/dev/null 2>&1
	total=$(sed -n "s/^malloc //p" "$TRASH/count")
	[ "${total:-0}" -gt 20 ] || { echo "BAD $name: the shim counted ${total:-no} allocations"; return; }
	n=1 step=$STEP
	[ -n "$OWN" ] && step=1
	while [ "$n" -le "$total" ]; do
		oom_point "$name" "$n" "$@"
		n=$((n + step))
	done
}

oom_results() { # FILE LABEL
	pts=$(grep -c . "$1")
	bad=$(grep -c "^BAD" "$1")
	figure "$2: $pts points: $(grep -c "^ok" "$1") ok, $(grep -c "^failed" "$1") failed cleanly" \
		"($(grep -c "^failed 1" "$1") after the commit point, said so), $(grep -c "^crashed" "$1") crashed in libgit2" \
		"(store intact), $bad bad"
	grep "^BAD" "$1" | head -n 5
	[ "$bad" = 0 ] && [ "$(grep -c "^failed" "$1")" -gt 0 ]
}

test_expect 'pay with each allocation failing in turn' '
	oom_sweep pay pay ana 10 >res-pay && oom_results res-pay "out of memory, pay"
'

test_expect 'sell with each allocation failing in turn' '
	oom_sweep sell sell ana 50 -n 2 >res-sell && oom_results res-sell "out of memory, sell"
'

test_expect 'add-customer with each allocation failing in turn' '
	NEXT="add-customer Zeca" &&
	oom_sweep add-customer add-customer "Bia Lima" >res-add && oom_results res-add "out of memory, add-customer"
'

# cobra's own allocations (not libgit2's or the C library's) are few: every
# one of them fails in turn, through the write path's out-of-memory returns
test_expect 'pay with each of cobra'"'"'s own allocations failing in turn' '
	OWN=1 && oom_sweep pay-own pay ana 10 >res-pay-own && oom_results res-pay-own "out of memory, pay, cobra'"'"'s own allocations"
'

test_expect 'finishing an interrupted write with each of cobra'"'"'s own allocations failing in turn' '
	journal_store base journal &&
	OWN=1 BASE=journal && oom_sweep recover-own pay ana 10 >res-recover-own &&
	oom_results res-recover-own "out of memory, an interrupted write finished, cobra'"'"'s own allocations"
'

test_done
