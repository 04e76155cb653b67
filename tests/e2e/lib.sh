# lib.sh - the end-to-end harness, in the spirit of git's test-lib.sh.
#
# A script sets nothing up itself: it sources this file, then calls
#   test_expect 'what the user relies on' '
#       shell commands; the last status decides
#   '
# Each test runs in a subshell in the script's trash directory, with a pinned
# world: LC_ALL=C, TZ=UTC, HOME in the trash, COBRA_TODAY=2026-11-22, a fixed
# author, no git configuration from the machine. $COBRA is the binary.
# The script ends with test_done, which prints "# passed N failed M".

set -u
: "${COBRA:?set COBRA to the cobra binary}"
TEST_NAME=$(basename "$0" .sh)
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/cobra-$TEST_NAME.XXXXXX")
trap 'rm -rf "$TRASH"' EXIT
export LC_ALL=C LANG=C TZ=UTC HOME="$TRASH/home" COBRA_TODAY=2026-11-22 \
	COBRA_AUTHOR_NAME="Test Author" COBRA_AUTHOR_EMAIL=test@example.com \
	GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME="Test Author" GIT_AUTHOR_EMAIL=test@example.com \
	GIT_COMMITTER_NAME="Test Author" GIT_COMMITTER_EMAIL=test@example.com NO_COLOR=1 PAGER=cat
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE COBRA_LOCK_TIMEOUT_MS
mkdir -p "$HOME"
OUT=$TRASH/out
ERR=$TRASH/err
cd "$TRASH" || exit 1
test_count=0
test_failed=0

say() { printf '%s\n' "$*"; }

test_expect() {
	test_count=$((test_count + 1))
	if (cd "$TRASH" && eval "$2") >"$TRASH/.log" 2>&1; then
		say "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		say "not ok $test_count - $1"
		sed 's/^/#   /' "$TRASH/.log" | tail -n 25
	fi
}

# figure TEXT: a measured figure, printed by test_done as "# figures: TEXT".
figure() { printf '%s\n' "$*" >>"$TRASH/.figures"; }

test_done() {
	[ -f "$TRASH/.figures" ] && sed 's/^/# figures: /' "$TRASH/.figures"
	say "# $TEST_NAME: passed $((test_count - test_failed)) failed $test_failed"
	[ "$test_failed" -eq 0 ]
}

# new_store DIR [init options]: a fresh store in $TRASH/DIR.
new_store() {
	d=$1
	shift
	rm -rf "$TRASH/$d"
	"$COBRA" init "$TRASH/$d" "$@" >/dev/null
}

# run_cobra CODE ARGS...: runs cobra, stdout to $OUT, stderr to $ERR (files in
# the trash directory, never inside a store); fails
# when the exit status is not CODE, or cobra died from a signal.
run_cobra() {
	want=$1
	shift
	"$COBRA" "$@" >"$OUT" 2>"$ERR"
	got=$?
	if [ "$got" -ge 128 ]; then
		echo "cobra died from signal $((got - 128)): cobra $*"
		cat "$ERR"
		return 1
	fi
	if [ "$got" -ne "$want" ]; then
		echo "exit $got, expected $want: cobra $*"
		echo "--- stdout"; cat "$OUT"; echo "--- stderr"; cat "$ERR"
		return 1
	fi
	return 0
}

# snapshot DIR: everything a change could touch (HEAD, refs, index, working
# tree, locks), for "byte-identical repository" checks.
snapshot() {
	(
		cd "$1" || exit 1
		git rev-parse HEAD
		git for-each-ref
		sha256sum .git/index
		git status --porcelain=v2 --untracked-files=all --ignored
		find . -path ./.git -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum
		find .git -name '*.lock' -o -name 'cobra-journal*'
	)
}

# assert_clean DIR: git status is empty and git fsck is clean.
assert_clean() {
	s=$(git -C "$1" status --porcelain) || return 1
	if [ -n "$s" ]; then
		echo "git status is not clean:"
		echo "$s"
		return 1
	fi
	git -C "$1" fsck --full --strict >/dev/null 2>&1 || { echo "git fsck failed"; git -C "$1" fsck --full --strict; return 1; }
}

# one_stderr_line: the error output is exactly one "cobra: error:" line,
# optionally followed by one "hint:" line, and stdout is empty.
one_error_line() {
	[ ! -s "$OUT" ] || { echo "stdout is not empty:"; cat "$OUT"; return 1; }
	n=$(grep -c '^cobra: error: ' "$ERR")
	other=$(grep -v -e '^cobra: error: ' -e '^hint: ' "$ERR" | wc -l)
	[ "$n" -eq 1 ] && [ "$other" -eq 0 ] || { echo "stderr is not one error line:"; cat "$ERR"; return 1; }
}

commit_count() { git -C "$1" rev-list --count HEAD; }
