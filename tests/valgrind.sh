#!/bin/sh
# make valgrind: end-to-end tests with every cobra run under valgrind
# memcheck (a wrapper script as $COBRA), quick mode. Left out: t0900 and t0910
# (signals and strace fault injection: under valgrind they would test the
# timing of valgrind), t0060 and t0080 (no cobra run to check), t0970 (the fuzz
# corpora, no cobra run), t1500 (export, checked by ledger, hledger and
# LibreOffice: slow already), t1150 (the SMTP harness alone). t0920 runs
# every 200th offset, t0950 5 commands a writer.
# A finding is a valgrind report (an invalid access, an uninitialised value,
# a definite or indirect leak): every one is kept in a log, and the run ends
# with "N valgrind findings" and the tests' "N passed, N failed".
#   tests/valgrind.sh --bin /path/to/cobra [TEST...]
set -u
bin=$(pwd)/cobra
while [ $# -gt 0 ]; do
	case $1 in
	--bin) bin=$2; shift 2 ;;
	-*) echo "valgrind.sh: unknown option $1" >&2; exit 2 ;;
	*) break ;;
	esac
done
if [ $# -eq 0 ]; then
	for t in tests/e2e/t[0-9]*.sh; do
		case $t in */t0060-* | */t0080-* | */t0900-* | */t0910-* | */t0970-* | */t1150-* | */t1500-*) continue ;; esac
		set -- "$@" "$(basename "$t" .sh)"
	done
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/cobra-valgrind.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mkdir "$dir/logs"
cat >"$dir/cobra" <<WRAP
#!/bin/sh
exec valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect \
	--errors-for-leak-kinds=definite,indirect --child-silent-after-fork=yes \
	--log-file="$dir/logs/%p.log" "$bin" "\$@"
WRAP
chmod +x "$dir/cobra"
export COBRA="$dir/cobra" COBRA_QUICK=1 MALFORMED_STEP=${MALFORMED_STEP:-200} MALFORMED_FLIPS=${MALFORMED_FLIPS:-3} \
	CONC_COMMANDS=${CONC_COMMANDS:-5}
passed=0
failed=0
log=$dir/log
for t in "$@"; do
	start=$(date +%s)
	sh "tests/e2e/$t.sh" >"$log" 2>&1
	status=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$f" -ne 0 ]; then grep -v '^ok ' "$log" | head -n 40; fi
	runs=$(ls "$dir/logs" | wc -l)
	found=$(find "$dir/logs" -name '*.log' -size +0 | wc -l)
	echo "$t: $p passed, $f failed, $(( $(date +%s) - start )) s; $runs cobra runs so far, $found with a valgrind report"
done
runs=$(ls "$dir/logs" | wc -l)
found=$(find "$dir/logs" -name '*.log' -size +0)
keep=${VALGRIND_LOGS:-build/valgrind-logs}
rm -rf "$keep" && mkdir -p "$keep"
for f in $found; do cp "$f" "$keep/"; done
[ -z "$found" ] || { echo "== valgrind reports (kept in $keep)"; cat $found | head -n 80; }
echo "$runs cobra runs under valgrind, $(echo $found | wc -w) valgrind findings"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ -z "$found" ]
