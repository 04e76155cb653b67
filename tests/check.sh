#!/bin/sh
# make check: every test (tests/run.sh) and, at the same time, the sanitizer
# pass (ASan, UBSan, LeakSanitizer, no suppressions) over the unit and
# end-to-end tests, then one summary and one "N passed, N failed" line for
# both.
#   tests/check.sh --build DIR --bin COBRA --asan-build DIR --asan-bin COBRA
set -u
while [ $# -gt 0 ]; do
	case $1 in
	--build) build=$2; shift 2 ;;
	--bin) bin=$2; shift 2 ;;
	--asan-build) abuild=$2; shift 2 ;;
	--asan-bin) abin=$2; shift 2 ;;
	*) echo "check.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
log=$(mktemp)
alog=$(mktemp)
atime=$(mktemp)
trap 'rm -f "$log" "$alog" "$atime"' EXIT
# The two passes run side by side: each is mostly one process at a time
# (spawning cobra and git), and the machine has two cores. The sanitizer
# pass writes to its log, shown when both are done.
(
	s=$(date +%s)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
		sh tests/run.sh --build "$abuild" --bin "$abin" --quick --sanitizers >"$alog" 2>&1
	echo $(($(date +%s) - s)) >"$atime"
) &
apid=$!
start=$(date +%s)
sh tests/run.sh --build "$build" --bin "$bin" | tee "$log"
mid=$(date +%s)
wait "$apid"
end=$(date +%s)
echo
echo "== the same under ASan + UBSan + LeakSanitizer (quick variants), run alongside"
cat "$alog"
total() { tail -n 1 "$1" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p'; }
set -- $(total "$log") $(total "$alog")
p1=${1:-0} f1=${2:-1} p2=${3:-0} f2=${4:-1}
sanfind=$(grep -c -e 'ERROR: AddressSanitizer' -e 'ERROR: LeakSanitizer' -e 'runtime error:' "$alog")
echo
echo "== check summary"
echo "  tests: $p1 passed, $f1 failed in $((mid - start)) s"
echo "  under sanitizers: $p2 passed, $f2 failed in $(cat "$atime") s; $sanfind sanitizer reports"
echo "  both, side by side: $((end - start)) s"
echo "$((p1 + p2)) passed, $((f1 + f2)) failed"
[ $((f1 + f2)) -eq 0 ] && [ "$sanfind" -eq 0 ]
