#!/bin/sh
# make check: every test (tests/run.sh), then the sanitizer pass (ASan, UBSan,
# LeakSanitizer, no suppressions) over the unit and end-to-end tests, then one
# summary and one "N passed, N failed" line for both.
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
trap 'rm -f "$log" "$alog"' EXIT
start=$(date +%s)
sh tests/run.sh --build "$build" --bin "$bin" | tee "$log"
mid=$(date +%s)
echo
echo "== the same under ASan + UBSan + LeakSanitizer (quick variants)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	sh tests/run.sh --build "$abuild" --bin "$abin" --quick --sanitizers | tee "$alog"
end=$(date +%s)
total() { tail -n 1 "$1" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p'; }
set -- $(total "$log") $(total "$alog")
p1=${1:-0} f1=${2:-1} p2=${3:-0} f2=${4:-1}
sanfind=$(grep -c -e 'ERROR: AddressSanitizer' -e 'ERROR: LeakSanitizer' -e 'runtime error:' "$alog")
echo
echo "== check summary"
echo "  tests: $p1 passed, $f1 failed in $((mid - start)) s"
echo "  under sanitizers: $p2 passed, $f2 failed in $((end - mid)) s; $sanfind sanitizer reports"
echo "$((p1 + p2)) passed, $((f1 + f2)) failed"
[ $((f1 + f2)) -eq 0 ] && [ "$sanfind" -eq 0 ]
