#!/bin/sh
# The fuzz corpora as plain tests (issue 5, "Fuzzing"): every file of
# tests/fuzz/corpus/TARGET goes through the target's LLVMFuzzerTestOneInput,
# built with the normal compiler and a plain main (tests/fuzz/replay.c), so
# that every input a fuzzer ever needed stays a regression test. The replay
# binaries are built by make units (make asan builds them with the
# sanitizers): BUILD/fuzz/replay_TARGET, BUILD being the directory of $COBRA
# when it holds them (build-asan/cobra), else build/. COBRA_FUZZ_REPLAY names
# another directory. The properties each target checks are in its header.
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

dir=${COBRA_FUZZ_REPLAY:-}
if [ -z "$dir" ]; then
	dir="$ROOT/build/fuzz"
	[ -d "$(dirname "$COBRA")/fuzz" ] && dir=$(dirname "$COBRA")/fuzz
fi
targets=$(cd "$ROOT/tests/fuzz" && ls fuzz_*.c | sed 's/^fuzz_//; s/\.c$//')
total=0
for t in $targets; do
	n=$(ls "$ROOT/tests/fuzz/corpus/$t" 2>/dev/null | wc -l)
	total=$((total + n))
	test_expect "fuzz_$t: its $n corpus inputs replay without a crash or a failed property" '
		test "$n" -gt 0 &&
		test -x "$dir/replay_$t" &&
		"$dir/replay_$t" "$ROOT/tests/fuzz/corpus/$t" >"$TRASH/replay.out" 2>"$TRASH/replay.err"
		status=$?
		test "$status" -eq 0 || tail -n 30 "$TRASH/replay.err"
		test "$status" -eq 0 && grep -qx "replayed $n inputs" "$TRASH/replay.out"
	'
done
figure "fuzz corpus: $(echo $targets | wc -w) targets, $total inputs replayed"
test_done
