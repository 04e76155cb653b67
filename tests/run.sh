#!/bin/sh
# Runs every test: the cmocka unit tests and the end-to-end scripts, and ends
# with one "N passed, N failed" line that counts both.
#   tests/run.sh --build DIR --bin /path/to/cobra [--quick] [--sanitizers] [TEST...]
# --sanitizers: the pass under ASan/UBSan; leaves out the scripts that do not
# exercise cobra's own code paths (docs, static analysis, completion, install)
# and t0930, whose malloc shim cannot sit beside the sanitizers' allocator.
# TEST...: only these end-to-end scripts (names such as t0900-crash) and no
# unit tests, as tests/soak.sh and tests/valgrind.sh run theirs.
set -u
build=build
bin=$(pwd)/cobra
quick=
sanitizers=
while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$2; shift 2 ;;
	--bin) bin=$2; shift 2 ;;
	--quick) quick=1; shift ;;
	--sanitizers) sanitizers=1; shift ;;
	-*) echo "run.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
export COBRA="$bin" COBRA_QUICK="$quick"
passed=0
failed=0
log=$(mktemp)
figures=$(mktemp)
trap 'rm -f "$log" "$figures"' EXIT

if [ $# -gt 0 ]; then
	for t; do shift; set -- "$@" "tests/e2e/$t.sh"; done
else
	set -- tests/e2e/t[0-9]*.sh
	echo "== unit tests"
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		"$t" >"$log" 2>&1
		status=$?
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
		p=${p:-0}
		f=${f:-0}
		if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
		passed=$((passed + p))
		failed=$((failed + f))
		if [ "$f" -ne 0 ]; then cat "$log"; fi
		echo "$(basename "$t"): $p passed, $f failed"
	done
fi

echo "== end-to-end tests"
for t in "$@"; do
	name=$(basename "$t" .sh)
	case $sanitizers:$name in
	1:t0050-* | 1:t0060-* | 1:t0070-* | 1:t0080-* | 1:t0930-*) continue ;;
	esac
	start=$(date +%s)
	sh "$t" >"$log" 2>&1
	status=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then grep -v '^ok ' "$log"; fi
	echo "$name: $p passed, $f failed, $(($(date +%s) - start)) s"
	grep '^# figures:' "$log" | sed 's/^# figures: /   /'
	grep '^# figures:' "$log" | sed "s/^# figures: /  $name: /" >>"$figures"
done

# The figures of the whole run in one block, for CI logs and issue notes.
echo "== summary of figures"
if [ -s "$figures" ]; then cat "$figures"; else echo "  (no figures)"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
