#!/bin/sh
# Failing calls: each write command is run with one call failing, call by
# call, through the fault shim (tests/fault/faults.c as faults-calls.so,
# preloaded): the C
# library's open, lstat, unlink, rename, mkdir, flock, fsync, fdatasync and
# syncfs fail with EIO, and libgit2's functions (opening the repository,
# HEAD and its state, lookups, blobs, trees, the commit, the branch update,
# the index, the history walk, the bulk object database) return an error.
# The strace sweeps of t0910 fail system calls; these fail the library calls
# whose errors strace cannot make (libgit2's own, flock, syncfs, a lookup that
# is not a system call at all) and reach the error returns of the write path.
# The sweeps run on stores that take each way through the write path: the
# usual one (cobra's own index writer), an index of version 4 (libgit2's),
# no index at all, an interrupted write to finish (the journal; with a path
# the commit lacks, to remove), and a bulk import (one pack, one syncfs).
# After each point, the checks of tests/e2e/points.sh (fsck clean, HEAD moved
# by 0 or 1 commit, a success has its commit, a failure after the commit
# point says "committed", the next command recovers and works, no lock or
# journal), and:
#   - a failure is exit 7 (a data error), never a refusal (5), "not found"
#     (4) or "not a cobra store", and never a crash; a failing libgit2 call
#     is named by its error (a failing C library call inside libgit2 gets
#     libgit2's own message, which does not always say why);
#   - index.lock appearing between cobra's check and its lock is exit 6 (busy)
#     naming it, with nothing recorded.
# make check tries every call of a function called up to 3 times, else 3
# spread over its calls (2 for the import); the quick and sanitizer runs try
# the first call of each function, on the usual store, the version-4 journal
# store and the import; make soak tries every call.
E2E=$(cd "$(dirname "$0")" && pwd) # before lib.sh moves into $TRASH
. "$E2E/lib.sh"
. "$E2E/points.sh"

SHIM=$(dirname "$COBRA")/build/tests/faults-calls.so # without the allocator: runs under the sanitizers
[ -f "$SHIM" ] || SHIM=$(dirname "$COBRA")/tests/faults-calls.so
CAP=${CALL_CAP:-3}
[ -n "${COBRA_QUICK:-}" ] && CAP=${CALL_CAP:-1}
[ -n "${COBRA_SOAK:-}" ] && CAP=${CALL_CAP:-0}
# the bulk import costs about 4 times a pay per point: fewer in make check
ICAP=$CAP
[ "$CAP" -gt 2 ] && ICAP=2
QUICK=${COBRA_QUICK:-}
# the shim under the sanitizers: it comes before their run-time library
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

test_expect 'the fault shim is built (make units)' 'test -f "$SHIM"'

export COBRA_TODAY=2026-11-22
seed_store base
NEXT="pay ana 1"
awk 'BEGIN { print "name,phone"; for (i = 1; i <= 300; i++) printf "Cliente %03d,\n", i }' >"$TRASH/many.csv"

# call_point LABEL FUNCTION N ARGS...: one run of ARGS on a copy of $BASE with
# call N of FUNCTION failing; prints what points.sh says, or BAD
call_point() {
	label=$1 fn=$2 n=$3
	shift 3
	rm -rf w && cp -a "$BASE" w
	before=$(git -C w rev-parse HEAD)
	FAULT_CALL="$fn:$n" FAULT_PATH="${PATHF:-}" LD_PRELOAD="$SHIM" \
		"$COBRA" -C w "$@" --request-id "call-$n" >/dev/null 2>err
	st=$?
	if [ "$st" != 0 ] && [ "$st" != 7 ]; then
		echo "BAD $label $fn#$n: exit $st, not 0 or 7: $(head -n 1 err)"
	elif taken_for_state err || grep -q "not found" err; then
		echo "BAD $label $fn#$n: a failure taken for a state: $(head -n 1 err)"
	elif [ "$st" = 7 ] && [ "${fn#git_}" != "$fn" ] && ! grep -q "injected failure ($fn)" err; then
		echo "BAD $label $fn#$n: the failure is not named: $(head -n 1 err)"
	else
		v=$(point_verdict "$label $fn#$n" "$st" "$before" "call-$n")
		case $v in
		BAD*) echo "$v" ;;
		*) echo "$fn $v" ;;
		esac
	fi
}

# picks COUNT CAP: the call numbers to try (every one when CAP is 0 or COUNT
# is at most CAP, else CAP spread from the first to the last)
picks() {
	awk -v n="$1" -v cap="$2" 'BEGIN {
		if (cap == 0 || n <= cap) { for (i = 1; i <= n; i++) print i; exit }
		if (cap == 1) { print 1; exit }
		for (i = 0; i < cap; i++) print 1 + int(i * (n - 1) / (cap - 1) + 0.5)
	}'
}

# call_sweep LABEL ARGS...: counts the calls of a normal run of ARGS on a
# copy of $BASE, then fails each function's calls in turn (with PATHF set,
# only the calls on a path that contains it)
call_sweep() {
	label=$1
	shift
	rm -rf w && cp -a "$BASE" w
	FAULT_COUNT="$TRASH/count" FAULT_PATH="${PATHF:-}" LD_PRELOAD="$SHIM" \
		"$COBRA" -C w "$@" --request-id count >/dev/null 2>&1 ||
		{ echo "BAD $label: the run without a fault failed"; return; }
	grep -v "^malloc " "$TRASH/count" >"$TRASH/calls"
	[ -s "$TRASH/calls" ] || { echo "BAD $label: the shim counted no calls"; return; }
	while read -r fn count; do
		for n in $(picks "$count" "$CAP"); do
			call_point "$label" "$fn" "$n" "$@"
		done
	done <"$TRASH/calls"
}

# call_results FILE LABEL [FUNCTION...]: the figure; fails on a BAD point, or
# when a FUNCTION was never made to fail cleanly (the sweep missed it)
call_results() {
	f=$1 label=$2
	shift 2
	pts=$(grep -c . "$f")
	bad=$(grep -c "^BAD" "$f")
	figure "$label: $pts points over $(awk '!/^BAD/ { print $1 }' "$f" | sort -u | wc -l) functions:" \
		"$(grep -c " ok$" "$f") ok, $(grep -c " failed" "$f") failed cleanly" \
		"($(grep -c " failed 1$" "$f") after the commit point, said so), $bad bad"
	grep "^BAD" "$f" | head -n 5
	missing=
	[ -n "$QUICK" ] && shift $# # one call each: not every function reaches its error
	for fn in "$@"; do
		grep -q "^$fn failed" "$f" || missing="$missing $fn"
	done
	[ -z "$missing" ] || echo "never failed cleanly:$missing"
	[ "$bad" = 0 ] && [ -z "$missing" ]
}

test_expect 'pay with each call failing in turn (cobra writes the index)' '
	BASE=base && call_sweep pay pay ana 10 >res-pay &&
	call_results res-pay "failing calls, pay" flock lstat git_repository_head_detached git_repository_state \
		git_repository_head_unborn git_odb_hashfile git_blob_create_from_buffer git_tree_create_updated \
		git_commit_create git_reference_create_matching git_revwalk_next git_signature_now
'

[ -z "$QUICK" ] && test_expect 'pay with each call failing in turn, on an index of version 4 (libgit2 writes it)' '
	cp -a base v4 && git -C v4 update-index --index-version 4 &&
	BASE=v4 && call_sweep pay-v4 pay ana 10 >res-v4 &&
	call_results res-v4 "failing calls, pay, index v4" git_index_open git_index_add git_index_write rename
'

[ -z "$QUICK" ] && test_expect 'pay with each call failing in turn, with no index yet' '
	cp -a base noindex && rm noindex/.git/index &&
	BASE=noindex && call_sweep pay-noindex pay ana 10 >res-noindex &&
	call_results res-noindex "failing calls, pay, no index" git_index_read_tree
'

# journal: a write whose commit got in but whose index update failed, left
# for the next command to finish; its journal also names a path the commit
# lacks (a file of the working tree then, which finishing removes)
make_journal() { # DIR
	journal_store base "$1" &&
	echo "path customers/zz/ghost.ini" >>"$1/.git/cobra-journal" &&
	mkdir -p "$1/customers/zz" && echo "[customer]" >"$1/customers/zz/ghost.ini"
}

[ -z "$QUICK" ] && test_expect 'finishing an interrupted write, with each call failing in turn' '
	make_journal journal && BASE=journal && call_sweep recover pay ana 10 >res-journal &&
	call_results res-journal "failing calls, an interrupted write finished" git_blob_lookup &&
	PATHF=ghost.ini call_sweep recover-ghost pay ana 10 >res-ghost &&
	call_results res-ghost "failing calls on the path the commit lacks" unlink
'

test_expect 'finishing an interrupted write on an index of version 4, with each call failing in turn' '
	make_journal jv4 && git -C jv4 update-index --index-version 4 &&
	git -C jv4 update-index --add --cacheinfo "100644,$(git -C jv4 rev-parse HEAD:cobra.ini),customers/zz/ghost.ini" &&
	BASE=jv4 && call_sweep recover-v4 pay ana 10 >res-jv4 &&
	call_results res-jv4 "failing calls, an interrupted write finished, index v4" git_index_remove
'

test_expect 'a bulk import (300 customers) with each call failing in turn' '
	BASE=base && CAP=$ICAP call_sweep import import customers "$TRASH/many.csv" >res-import &&
	call_results res-import "failing calls, import of 300 customers" syncfs git_mempack_new git_odb_add_backend \
		git_odb_add_disk_alternate git_mempack_dump git_odb_write_pack
'

test_expect 'index.lock taken between the check and the lock: exit 6 naming it, nothing recorded' '
	rm -rf w && cp -a base w && git -C w update-index -q --refresh && s1=$(snapshot w) &&
	FAULT_CALL=open:1 FAULT_PATH=index.lock FAULT_ERRNO=EEXIST LD_PRELOAD="$SHIM" \
		"$COBRA" -C w pay ana 10 >"$OUT" 2>"$ERR"; st=$? &&
	test "$st" = 6 && one_error_line && grep -q "index.lock.* exists" "$ERR" &&
	test "$s1" = "$(snapshot w)" &&
	run_cobra 0 -C w pay ana 10 && assert_clean w
'

test_done
