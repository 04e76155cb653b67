#!/bin/sh
# Crash points: each write command is killed (SIGKILL) at every one of its
# file system calls in turn (openat, write, rename, link, unlink, mkdir,
# fsync), and fails with ENOSPC, EIO and EROFS at each of them, on a fresh
# copy of a seeded store (strace -e inject). The commands: pay, add-customer,
# sell, hold, hold --release, negotiate --accept, remind --send (through an
# SMS command) and import customers. After each point: git fsck is clean, HEAD
# moved by 0 or 1 commit, a success always has its commit, a failure after
# the commit point says "committed", and the next cobra command recovers by
# itself, succeeds and leaves a clean tree with no lock or journal.
E2E=$(cd "$(dirname "$0")" && pwd) # before lib.sh moves into $TRASH
. "$E2E/lib.sh"
. "$E2E/points.sh"

if ! command -v strace >/dev/null 2>&1; then
	test_expect 'strace is installed (make check installs it)' 'false'
	test_done
	exit
fi
# Every 4th point of each sweep in make check, every 11th in the quick (and
# sanitizer) runs, every one in make soak.
STEP=${POINT_STEP:-4}
[ -n "${COBRA_QUICK:-}" ] && STEP=${POINT_STEP:-11}
[ -n "${COBRA_SOAK:-}" ] && STEP=${POINT_STEP:-1}
CALLS="openat write rename link unlink mkdir fsync"

# The dates below make ana 52 days late (negotiate's tier 2) and caio's
# installment 3 days from due (remind's -3 step, by SMS).
export COBRA_TODAY=2026-11-22
printf '#!/bin/sh\ncat >/dev/null\n' >"$TRASH/sms" && chmod +x "$TRASH/sms"
printf '[channels]\nsms = %s\ntimeout = 10\n' "$TRASH/sms" >"$TRASH/config.ini"
export COBRA_CONFIG="$TRASH/config.ini"
printf 'name,phone\nBia Lima,11987654321\nDani Rocha,\nEdu Alves,21912345678\n' >"$TRASH/people.csv"

new_store base
"$COBRA" -C base add-customer "Ana Souza" >/dev/null
"$COBRA" -C base sell ana 1000 -n 5 --date 2026-09-01 >/dev/null
"$COBRA" -C base add-customer "Caio Reis" --phone 11912345678 >/dev/null
"$COBRA" -C base sell caio 300 --date 2026-11-01 --first-due 2026-11-25 >/dev/null
"$COBRA" -C base hold caio --reason "a dispute" >/dev/null
# base-held: caio's hold lifted again, so remind has someone to remind
cp -a base base-held && "$COBRA" -C base hold caio --release >/dev/null
"$COBRA" -C base due --format tsv >/dev/null # warm the caches, as in real use
"$COBRA" -C base-held due --format tsv >/dev/null
BASE=base
# the command run after each point, which must recover and work
NEXT="pay ana 1"

# point CMD_NAME ACTION CALL N ARGS...: one injected run; prints a status word
point() {
	name=$1 action=$2 call=$3 n=$4
	shift 4
	rm -rf w && cp -a "$BASE" w
	before=$(git -C w rev-parse HEAD)
	# Under the sanitizers, LeakSanitizer itself opens files at exit, so an
	# injected error would break the sanitizer, not cobra; leaks are checked by
	# every other test.
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	strace -f -o /dev/null -e trace="$call" -e inject="$call:$action:when=$n" \
		"$COBRA" -C w "$@" --request-id "pt-$call-$n" >/dev/null 2>err
	st=$?
	if [ "$st" -ge 128 ] && [ "$st" != 137 ]; then echo "BAD $name $action $call#$n: died of signal $((st - 128))"; return; fi
	point_verdict "$name $action $call#$n" "$st" "$before" "pt-$call-$n"
}

# sweep NAME ACTION ARGS...: every call kind, every ordinal the command makes
sweep() {
	name=$1 action=$2
	shift 2
	rm -rf w && cp -a "$BASE" w
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

test_expect 'pay with EROFS at every file system call' '
	sweep pay error=EROFS pay ana 10 >res-pay-erofs && count_results res-pay-erofs "I/O faults, pay, EROFS"
'

test_expect 'hold killed at every file system call' '
	sweep hold signal=KILL hold ana --reason "asked for time" >res-hold-kill &&
	count_results res-hold-kill "crash points, hold, SIGKILL"
'

test_expect 'hold --release killed at every file system call' '
	BASE=base-held NEXT="hold ana --reason x" &&
	sweep release signal=KILL hold caio --release >res-release-kill &&
	count_results res-release-kill "crash points, hold --release, SIGKILL"
'

test_expect 'negotiate --accept killed at every file system call' '
	NEXT="add-customer Zeca" &&
	sweep negotiate signal=KILL negotiate ana --accept 1 >res-neg-kill &&
	count_results res-neg-kill "crash points, negotiate --accept, SIGKILL"
'

test_expect 'negotiate --accept with ENOSPC at every file system call' '
	NEXT="add-customer Zeca" &&
	sweep negotiate error=ENOSPC negotiate ana --accept 1 >res-neg-nospc &&
	count_results res-neg-nospc "I/O faults, negotiate --accept, ENOSPC"
'

test_expect 'remind --send killed at every file system call (the SMS command too)' '
	NEXT="remind --send" &&
	sweep remind signal=KILL remind --send --customer caio >res-remind-kill &&
	count_results res-remind-kill "crash points, remind --send, SIGKILL"
'

test_expect 'import customers killed at every file system call' '
	NEXT="add-customer Zeca" &&
	sweep import signal=KILL import customers "$TRASH/people.csv" >res-import-kill &&
	count_results res-import-kill "crash points, import customers, SIGKILL"
'

test_expect 'import customers with EIO at every file system call' '
	NEXT="add-customer Zeca" &&
	sweep import error=EIO import customers "$TRASH/people.csv" >res-import-eio &&
	count_results res-import-eio "I/O faults, import customers, EIO"
'

test_done
