#!/bin/sh
# make fuzz: runs each libFuzzer target for a set time and prints, per
# target, the executions, the corpus it reached and the findings.
#   tests/fuzz/run.sh BUILD SECONDS TARGET...
# BUILD/fuzz_TARGET is the binary; it reads the seed corpus
# tests/fuzz/corpus/TARGET and keeps what it finds in BUILD/fuzz-work/TARGET/
# (corpus/ for new inputs, artifacts/ for crashes, leaks and timeouts, log).
# A finding is reproduced with: BUILD/fuzz_TARGET ARTIFACT; once fixed, copy
# the input into tests/fuzz/corpus/TARGET so that make check replays it.
set -u
build=$1
secs=$2
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
findings=0
summary=
for t in "$@"; do
	work=$build/fuzz-work/$t
	mkdir -p "$work/corpus" "$work/artifacts"
	dict=
	[ -f "$root/tests/fuzz/$t.dict" ] && dict=-dict=$root/tests/fuzz/$t.dict
	echo "== fuzz_$t: $secs s"
	"$build/fuzz_$t" -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
		-artifact_prefix="$work/artifacts/" $dict "$work/corpus" "$root/tests/fuzz/corpus/$t" \
		>"$work/log" 2>&1
	status=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -n 1)
	cov=$(grep -o 'cov: [0-9]*' "$work/log" | tail -n 1 | cut -d' ' -f2)
	ncorp=$(ls "$work/corpus" | wc -l)
	found=$(ls "$work/artifacts" | wc -l)
	if [ "$status" -ne 0 ] && [ "$found" -eq 0 ]; then found=1; fi
	findings=$((findings + found))
	line=$(printf '%-12s %12s execs %8s/s  cov %6s  corpus %-6s findings %s' "$t" "${execs:-?}" \
		"${speed:-?}" "${cov:-?}" "$ncorp" "$found")
	echo "$line"
	summary="$summary$line
"
	if [ "$found" -ne 0 ]; then
		grep -A 30 -m 1 -E '^(==[0-9]+==ERROR|fuzz: |.*runtime error)' "$work/log"
		ls "$work/artifacts" | sed "s|^|   artifact: $work/artifacts/|"
	fi
done
echo "== fuzz summary ($secs s per target)"
printf '%s' "$summary"
echo "# figures: fuzz: $# targets x $secs s, $findings findings"
[ "$findings" -eq 0 ]
