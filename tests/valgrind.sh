#!/bin/sh
# make valgrind: end-to-end tests (run by tests/run.sh) with every cobra run
# under valgrind memcheck (a wrapper script as $COBRA), quick mode. Left out:
# t0900 and t0910 (signals and strace fault injection: under valgrind they
# would test the timing of valgrind), t0930 (its malloc shim and valgrind's
# allocator exclude each other), t0940 (hundreds of runs with a call failing;
# the sanitizer pass of make check runs its quick variant), t0060 and t0080 (no cobra run to
# check), t0970 (the fuzz corpora, no cobra run), t1500 (export, checked by
# ledger, hledger and LibreOffice: slow already), t1150 (the SMTP harness
# alone). t0920 runs every 200th offset, t0950 5 commands a writer.
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
		case $t in */t0060-* | */t0080-* | */t0900-* | */t0910-* | */t0930-* | */t0940-* | */t0970-* | */t1150-* | */t1500-*) continue ;; esac
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
export MALFORMED_STEP=${MALFORMED_STEP:-200} MALFORMED_FLIPS=${MALFORMED_FLIPS:-3} \
	CONC_COMMANDS=${CONC_COMMANDS:-5}
# tests/run.sh runs them; after each script's line, how many cobra runs so
# far and how many with a report. Its closing "N passed, N failed" line is
# held back for the end.
{ sh tests/run.sh --bin "$dir/cobra" --quick "$@"; echo $? >"$dir/status"; } | while IFS= read -r line; do
	case $line in
	[0-9]*" passed, "[0-9]*" failed") echo "$line" >"$dir/total"; continue ;;
	esac
	echo "$line"
	case $line in
	t[0-9]*": "[0-9]*" passed, "*) echo "   $(ls "$dir/logs" | wc -l) cobra runs so far, \
$(find "$dir/logs" -name '*.log' -size +0 | wc -l) with a valgrind report" ;;
	esac
done
runs=$(ls "$dir/logs" | wc -l)
found=$(find "$dir/logs" -name '*.log' -size +0)
keep=${VALGRIND_LOGS:-build/valgrind-logs}
rm -rf "$keep" && mkdir -p "$keep"
for f in $found; do cp "$f" "$keep/"; done
[ -z "$found" ] || { echo "== valgrind reports (kept in $keep)"; cat $found | head -n 80; }
echo "$runs cobra runs under valgrind, $(echo $found | wc -w) valgrind findings"
cat "$dir/total"
[ "$(cat "$dir/status")" -eq 0 ] && [ -z "$found" ]
