#!/bin/sh
# Crash points: each write command is killed (SIGKILL) at every one of its
# file system calls in turn (openat, write, rename, link, unlink, mkdir,
# fsync), and fails with ENOSPC and EIO at each of them, on a fresh copy of a
# seeded store (strace -e inject). After each point: git fsck is clean, HEAD
# moved by 0 or 1 commit, a success always has its commit, a failure after
# the commit point says "committed", and the next cobra command recovers by
# itself, succeeds and leaves a clean tree with no lock or journal.
. "$(dirname "$0")/lib.sh"

if ! command -v strace >/dev/null 2>&1; then
	test_expect 'strace is installed (make check installs it)' 'false'
	test_done
	exit
fi
STEP=1
[ -n "${COBRA_QUICK:-}" ] && STEP=7
CALLS="openat write rename link unlink mkdir fsync"

new_store base
"$COBRA" -C base add-customer "Ana Souza" >/dev/null
"$COBRA" -C base sell ana 1000 -n 5 --date 2026-09-01 >/dev/null
"$COBRA" -C base due --format tsv >/dev/null # warm the caches, as in real use

# point CMD_NAME ACTION CALL N ARGS...: one injected run; prints a status word
point() {
	name=$1 action=$2 call=$3 n=$4
	shift 4
	rm -rf w && cp -a base w
	before=$(git -C w rev-parse HEAD)
	# Under the sanitizers, LeakSanitizer itself opens files at exit, so an
	# injected error would break the sanitizer, not cobra; leaks are checked by
	# every other test.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -o /dev/null -e trace="$call" -e inject="$call:$action:when=$n" \
		"$COBRA" -C w "$@" --request-id "pt-$call-$n" >/dev/null 2>err
	st=$?
	after=$(git -C w rev-parse HEAD)
	moved=$(git -C w rev-list --count "$before..$after")
	problem=
	git -C w fsck --full --strict >/dev/null 2>&1 || problem="fsck failed"
	[ "$moved" -le 1 ] || problem="HEAD moved by $moved"
	if [ "$st" = 0 ] && [ "$moved" != 1 ]; then problem="exit 0 without a commit"; fi
	if [ "$st" != 0 ] && [ "$st" != 137 ] && [ "$moved" = 1 ] && ! grep -q "committed" err; then
		problem="failed after the commit point without saying so: $(cat err)"
	fi
	if [ "$moved" = 1 ] && ! git -C w log -1 --format=%B | grep -qx "Cobra-Request-Id: pt-$call-$n"; then
		problem="a commit that is not the command's"
	fi
	"$COBRA" -C w pay ana 1 >/dev/null 2>err2 || problem="${problem:+$problem; }next command failed: $(cat err2)"
	[ -z "$(git -C w status --porcelain)" ] || problem="${problem:+$problem; }dirty tree after recovery"
	[ -z "$(find w/.git \( -name "*.lock" ! -name cobra.lock \) -o -name "cobra-journal*" -o -name cobra-index)" ] ||
		problem="${problem:+$problem; }lock or journal left"
	if [ -n "$problem" ]; then echo "BAD $name $action $call#$n (exit $st): $problem"; return; fi
	if [ "$st" = 137 ]; then echo "killed $moved"; elif [ "$st" = 0 ]; then echo "ok"; else echo "failed $moved"; fi
}

# sweep NAME ACTION ARGS...: every call kind, every ordinal the command makes
sweep() {
	name=$1 action=$2
	shift 2
	rm -rf w && cp -a base w
	strace -f -c -o count -e trace=openat,write,rename,link,unlink,mkdir,fsync \
		"$COBRA" -C w "$@" --request-id count-run >/dev/null 2>&1
	for call in $CALLS; do
		total=$(awk -v c="$call" '$NF == c {print $4}' count)
		n=1
		while [ "$n" -le "${total:-0}" ]; do
			point "$name" "$action" "$call" "$n" "$@"
			n=$((n + STEP))
		done
	done
}

count_results() { # FILE LABEL
	pts=$(grep -vc "^BAD" "$1")
	bad=$(grep -c "^BAD" "$1")
	killed=$(grep -c "^killed" "$1")
	after=$(grep -c "^killed 1" "$1")
	failed=$(grep -c "^failed" "$1")
	failed_after=$(grep -c "^failed 1" "$1")
	figure "$2: $((pts + bad)) points: $killed killed ($after after the commit point), $failed failed cleanly ($failed_after after the commit point, said so), $bad bad"
	grep "^BAD" "$1" | head -n 5
	[ "$bad" = 0 ]
}

test_expect 'pay killed at every file system call' '
	sweep pay signal=KILL pay ana 10 >res-pay-kill && count_results res-pay-kill "crash points, pay, SIGKILL"
'

test_expect 'add-customer killed at every file system call' '
	sweep add-customer signal=KILL add-customer "Bia Lima" >res-add-kill &&
	count_results res-add-kill "crash points, add-customer, SIGKILL"
'

test_expect 'sell killed at every file system call' '
	sweep sell signal=KILL sell ana 50 -n 2 >res-sell-kill && count_results res-sell-kill "crash points, sell, SIGKILL"
'

test_expect 'pay with ENOSPC at every file system call' '
	sweep pay error=ENOSPC pay ana 10 >res-pay-nospc && count_results res-pay-nospc "I/O faults, pay, ENOSPC"
'

test_expect 'pay with EIO at every file system call' '
	sweep pay error=EIO pay ana 10 >res-pay-eio && count_results res-pay-eio "I/O faults, pay, EIO"
'

test_done
