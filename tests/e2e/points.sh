# points.sh - the checks after one run of a write command that was stopped
# or made to fail at a chosen point (t0910: a file system call killed or
# failed by strace; t0930: an allocation failed; t0940: a library call
# failed), and the stores they start from. Sourced after lib.sh.
#
#   seed_store DIR
#
# A fresh store in DIR: ana owes 1000.00 in 5 installments from 2026-09-01
# (late, so pay charges fees), has paid 10.00, and the read caches are warm,
# as in real use.
#
#   taken_for_state FILE
#
# Whether the error in FILE names a state of the store (no store, a merge in
# progress, an untracked or hand-edited file, a file not in HEAD): what an
# injected failure must never be reported as.
#
#   journal_store FROM DIR
#
# DIR: a copy of FROM where a pay's commit got in but its index update
# failed (through the fault shim $SHIM), so the journal is left for the next
# write command to finish.
#
#   point_verdict LABEL STATUS BEFORE REQUEST_ID
#
# w/ is the store the command ran on, BEFORE its HEAD before, STATUS its exit
# status, err its stderr; the command was given --request-id REQUEST_ID.
# $NEXT (words) is the next command, which must recover by itself and work.
# $CRASH_OK (optional) is a shell test of a crash status that is allowed
# (t0930: a crash inside libgit2 under memory exhaustion). Prints one word:
#   killed M / crashed M   the command died (M: 1 if its commit got in)
#   ok                     it succeeded, with its commit
#   failed M               it failed cleanly (M: 1 after the commit point,
#                          which it said)
#   BAD ...                what went wrong
point_verdict() {
	pv_label=$1 pv_st=$2 pv_before=$3 pv_rid=$4
	pv_after=$(git -C w rev-parse HEAD)
	pv_moved=$(git -C w rev-list --count "$pv_before..$pv_after")
	pv_problem=
	git -C w fsck --full --strict >/dev/null 2>&1 || pv_problem="fsck failed"
	[ "$pv_moved" -le 1 ] || pv_problem="HEAD moved by $pv_moved"
	if [ "$pv_st" = 0 ] && [ "$pv_moved" != 1 ]; then pv_problem="exit 0 without a commit"; fi
	if [ "$pv_st" != 0 ] && [ "$pv_st" -lt 128 ] && [ "$pv_moved" = 1 ] && ! grep -q "committed" err; then
		pv_problem="failed after the commit point without saying so: $(cat err)"
	fi
	if [ "$pv_moved" = 1 ] && ! git -C w log -1 --format=%B | grep -qx "Cobra-Request-Id: $pv_rid"; then
		pv_problem="a commit that is not the command's"
	fi
	# shellcheck disable=SC2086 # NEXT is words
	"$COBRA" -C w $NEXT >/dev/null 2>err2 || pv_problem="${pv_problem:+$pv_problem; }next command failed: $(cat err2)"
	[ -z "$(git -C w status --porcelain)" ] || pv_problem="${pv_problem:+$pv_problem; }dirty tree after recovery"
	[ -z "$(find w/.git \( -name "*.lock" ! -name cobra.lock \) -o -name "cobra-journal*" -o -name cobra-index)" ] ||
		pv_problem="${pv_problem:+$pv_problem; }lock or journal left"
	if [ -n "$pv_problem" ]; then echo "BAD $pv_label (exit $pv_st): $pv_problem"; return; fi
	if [ "$pv_st" = 137 ]; then echo "killed $pv_moved"
	elif [ "$pv_st" -ge 128 ]; then echo "crashed $pv_moved"
	elif [ "$pv_st" = 0 ]; then echo "ok"
	else echo "failed $pv_moved"; fi
}

seed_store() {
	new_store "$1"
	"$COBRA" -C "$TRASH/$1" add-customer "Ana Souza" >/dev/null &&
	"$COBRA" -C "$TRASH/$1" sell ana 1000 -n 5 --date 2026-09-01 >/dev/null &&
	"$COBRA" -C "$TRASH/$1" pay ana 10 >/dev/null &&
	"$COBRA" -C "$TRASH/$1" due --format tsv >/dev/null
}

journal_store() {
	cp -a "$1" "$2" &&
	{ FAULT_CALL=rename:1 FAULT_PATH=index.lock LD_PRELOAD="$SHIM" "$COBRA" -C "$2" pay ana 5 >/dev/null 2>"$TRASH/journal.err"; test $? = 7; } &&
	grep -q "committed" "$TRASH/journal.err" && test -f "$2/.git/cobra-journal"
}

taken_for_state() {
	grep -q "not a cobra store\|in progress\|untracked\|by hand\|not in HEAD" "$1"
}
