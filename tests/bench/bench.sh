#!/bin/sh
# bench.sh - the performance figures of DESIGN.md section 8 (`make bench`).
#
#   sh tests/bench/bench.sh [path/to/cobra]
#
# Builds tests/bench/gen.c against build/libcobra.a, generates a large store
# with the library's own writers (cached under tests/bench/work/, keyed by
# size and by the generator and library it came from), commits and packs it,
# checks it with `cobra check`, then times with hyperfine, side by side:
#   - write commands (pay, sell) against `git add FILE && git commit` in the
#     same store; `git status --porcelain` must stay empty after cobra's writes;
#   - `cobra due` over the whole store (time and peak RSS) against ledger and
#     hledger over the same facts as a journal;
#   - the floor: `cobra --version`, and `customers` / `due` on an empty store;
#   - `cobra import customers` of a generated CSV into an empty store, once
#     (100,000 rows; 10,000 at BENCH_SIZE=small; BENCH_IMPORT_ROWS overrides).
# Prints "name: value unit (target T) ok|MISSED by X" lines and a summary.
#
# Environment:
#   BENCH_SIZE=large (default: 10,000 customers, 100,000 sales, 1,000,000
#     installments) or small (500 customers, 5,000 sales) for a quick run.
#   BENCH_CUSTOMERS, BENCH_SALES, BENCH_INSTALLMENTS, BENCH_SEED override the size.
#   BENCH_RUNS (write and floor commands, default 30), BENCH_DUE_RUNS,
#   BENCH_LEDGER_RUNS, BENCH_HLEDGER_RUNS (0 skips hledger; at the large size
#   one hledger run takes minutes and several GB of memory).
#   BENCH_KEEP=1 keeps the scratch copy of the store the writes went to.
set -eu

root=$(cd "$(dirname "$0")/../.." && pwd)
cobra=${1:-./cobra}
case $cobra in /*) ;; *) cobra=$(cd "$(dirname "$cobra")" && pwd)/$(basename "$cobra") ;; esac
cd "$root"
work=$root/tests/bench/work
mkdir -p "$work"
started=$(date +%s)

die() {
	echo "bench: $*" >&2
	exit 1
}
note() { printf '%s\n' "$*" >&2; }

[ -x "$cobra" ] || die "$cobra: not built (run make)"
[ -f build/libcobra.a ] || die "build/libcobra.a: not built (run make)"
for t in hyperfine git pkg-config cc awk; do
	command -v $t >/dev/null 2>&1 || die "$t is not installed (make bench installs it)"
done
[ -x /usr/bin/time ] || die "/usr/bin/time is not installed (Debian package time)"

size=${BENCH_SIZE:-large}
case $size in
large) customers=10000 sales=100000 due_runs=5 due_warm=0 ledger_runs=3 hledger_runs=1 ;;
small) customers=500 sales=5000 due_runs=20 due_warm=3 ledger_runs=10 hledger_runs=5 ;;
*) die "BENCH_SIZE: \"$size\" is not small or large" ;;
esac
customers=${BENCH_CUSTOMERS:-$customers}
sales=${BENCH_SALES:-$sales}
installments=${BENCH_INSTALLMENTS:-10}
seed=${BENCH_SEED:-20261122}
runs=${BENCH_RUNS:-30}
due_runs=${BENCH_DUE_RUNS:-$due_runs}
ledger_runs=${BENCH_LEDGER_RUNS:-$ledger_runs}
hledger_runs=${BENCH_HLEDGER_RUNS:-$hledger_runs}
today=2026-11-22

# A pinned world: no configuration from this machine, a fixed author and date.
scratch=$(mktemp -d "$work/tmp.XXXXXX")
keep=${BENCH_KEEP:-}
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/home"
export HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/home/.config" LC_ALL=C LANG=C TZ=UTC \
	COBRA_TODAY=$today GIT_CONFIG_NOSYSTEM=1 \
	GIT_AUTHOR_NAME="cobra bench" GIT_AUTHOR_EMAIL=bench@localhost \
	GIT_COMMITTER_NAME="cobra bench" GIT_COMMITTER_EMAIL=bench@localhost \
	COBRA_AUTHOR_NAME="cobra bench" COBRA_AUTHOR_EMAIL=bench@localhost
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE COBRA_LOCK_TIMEOUT_MS 2>/dev/null || true

# ---- the generator and the store ----

cc -O2 -D_GNU_SOURCE -std=c11 -o "$scratch/gen" tests/bench/gen.c build/libcobra.a \
	$(pkg-config --cflags --libs libgit2 inih) || die "cannot build tests/bench/gen.c"
sum=$(cat tests/bench/gen.c build/libcobra.a | cksum | awk '{print $1}')
key=c$customers-s$sales-i$installments-seed$seed-$sum
data=$work/$key
store=$data/store
journal=$data/journal.ledger
info=$data/info

if [ ! -f "$data/complete" ]; then
	# drop stores made by an older generator or library
	for old in "$work"/c$customers-s$sales-i$installments-seed$seed-*; do
		[ -d "$old" ] && [ "$old" != "$data" ] && rm -rf "$old"
	done
	rm -rf "$data"
	mkdir -p "$data"
	note "generating a store of $customers customers, $sales sales, $((sales * installments)) installments in $data"
	[ "$size" = large ] && note "  (generation, git add, commit and gc take a few minutes; the result is cached)"
	t0=$(date +%s)
	"$cobra" init "$scratch/template" >/dev/null || die "cobra init failed"
	"$scratch/gen" --template "$scratch/template" --store "$store" --journal "$journal" --info "$info" \
		--customers "$customers" --sales "$sales" --installments "$installments" --seed "$seed" \
		--today $today || die "the generator failed"
	t1=$(date +%s)
	note "  generated in $((t1 - t0)) s; committing and packing"
	(
		cd "$store"
		git init -q -b main
		git config gc.auto 0
		git config core.autocrlf false
		git config transfer.fsckObjects true
		git config user.name "cobra bench"
		git config user.email bench@localhost
		git add -A
		GIT_AUTHOR_DATE="$today 12:00:00 +0000" GIT_COMMITTER_DATE="$today 12:00:00 +0000" \
			git commit -q -m "bench: generated store ($customers customers, $sales sales)"
		git gc -q
	) || die "git could not commit the generated store"
	t2=$(date +%s)
	note "  committed and packed in $((t2 - t1)) s; cobra check"
	if ! "$cobra" -C "$store" check >"$data/check.out" 2>&1; then
		head -n 20 "$data/check.out" >&2
		die "cobra check fails on the generated store (written by the library's own writers): see $data/check.out"
	fi
	t3=$(date +%s)
	{
		echo "gen_seconds=$((t1 - t0))"
		echo "git_seconds=$((t2 - t1))"
		echo "check_seconds=$((t3 - t2))"
		echo "check=$(cat "$data/check.out")"
		echo "pack_bytes=$(du -sk "$store/.git" | awk '{print $1 * 1024}')"
		echo "journal_bytes=$(wc -c <"$journal" | tr -d ' ')"
	} >>"$info"
	touch "$data/complete"
else
	note "using the cached store $data"
fi
get() { sed -n "s/^$1=//p" "$info" | head -n 1; }

# ---- measuring ----

# hf NAME RUNS WARMUP [hyperfine options] COMMAND: times COMMAND; results in $scratch/NAME.json
hf() {
	name=$1 n=$2 w=$3
	shift 3
	note "  timing $name ($n runs)"
	hyperfine --style none -r "$n" -w "$w" --export-json "$scratch/$name.json" "$@" >"$scratch/$name.log" 2>&1 || {
		cat "$scratch/$name.log" >&2
		die "hyperfine failed on $name"
	}
}
# stats NAME: "p50 p95 min max runs" in ms, from hyperfine's JSON
stats() {
	awk '
		/"median":/ { gsub(/[",]/, "", $2); med = $2 * 1000 }
		/"times": \[/ { inside = 1; next }
		inside && /\]/ { inside = 0 }
		inside { gsub(/[ ,]/, ""); t[n++] = $0 * 1000 }
		END {
			for (i = 1; i < n; i++) { v = t[i]; for (j = i - 1; j >= 0 && t[j] > v; j--) t[j + 1] = t[j]; t[j + 1] = v }
			k = int(0.95 * n + 0.999999); if (k < 1) k = 1
			printf "%.3f %.3f %.3f %.3f %d\n", med, t[k - 1], t[0], t[n - 1], n
		}' "$scratch/$1.json"
}
p50() { stats "$1" | awk '{print $1}'; }
p95() { stats "$1" | awk '{print $2}'; }
fmt() { awk -v v="$1" 'BEGIN { if (v >= 100) printf "%.0f", v; else if (v >= 10) printf "%.1f", v; else printf "%.2f", v }'; }

results=$scratch/results
: >"$results"
# figure NAME VALUE UNIT OP TARGET: one "name: value unit (target OP T) ok|MISSED by X" line
figure() {
	line=$(awk -v name="$1" -v v="$2" -v unit="$3" -v op="$4" -v t="$5" '
		function f(x) { if (x >= 100) return sprintf("%.0f", x); if (x >= 10) return sprintf("%.1f", x); return sprintf("%.2f", x) }
		BEGIN {
			sep = (unit == "x") ? "" : " "
			if (op == "<=") { ok = v <= t; miss = f(v - t) sep unit " (" f(v / t) "x the target)" }
			else { ok = v >= t; miss = f(t / v) "x (" f(v) sep unit " < " f(t) sep unit ")" }
			printf "%s: %s%s%s (target %s %s%s%s) %s\n", name, f(v), sep, unit, op, f(t), sep, unit, ok ? "ok" : "MISSED by " miss
		}')
	echo "$line"
	echo "$line" >>"$results"
}
info_line() { printf '%s: %s\n' "$1" "$2"; }

load() { awk '{print $1}' /proc/loadavg 2>/dev/null || echo ?; }
load_start=$(load)
echo "cobra bench: $(basename "$cobra") $("$cobra" --version 2>/dev/null | head -n 1), $(uname -m), $(nproc 2>/dev/null || echo ?) CPUs"
echo "store: $(get customers) customers, $(get sales) sales, $(get installments) installments" \
	"($(get due_installments) due by $today, $(get settled_installments) settled, $(get open_installments) open)," \
	"$(get payments) payments ($(get late_payments) late, $(get partial_payments) partial)"
echo "       $(get record_bytes) bytes of records in $(get customers) files, .git $(get pack_bytes) bytes packed;" \
	"journal $(get journal_bytes) bytes; $(get check)"
echo "       generated in $(get gen_seconds) s, committed and packed in $(get git_seconds) s, checked in $(get check_seconds) s"
echo

# -- the floor --
note "measuring the floor"
empty=$scratch/empty
"$cobra" init "$empty" >/dev/null
printf '#include <git2.h>\nint main(void) { git_libgit2_init(); git_libgit2_shutdown(); return 0; }\n' >"$scratch/git2init.c"
cc -O2 -o "$scratch/git2init" "$scratch/git2init.c" $(pkg-config --cflags --libs libgit2) || die "cannot build git2init"
hf true "$runs" 3 -N "true"
hf git2init "$runs" 3 -N "$scratch/git2init"
hf git_version "$runs" 3 -N "git --version"
hf version "$runs" 3 -N "$cobra --version"
hf empty_customers "$runs" 3 -N "$cobra -C $empty customers"
hf empty_due "$runs" 3 -N "$cobra -C $empty due"

# -- import: a customers CSV of import_rows rows into an empty store, timed once --
import_rows=${BENCH_IMPORT_ROWS:-}
[ -n "$import_rows" ] || { [ "$size" = large ] && import_rows=100000 || import_rows=10000; }
note "measuring import customers ($import_rows rows into an empty store)"
# names, CPFs (check digits computed here), phones, e-mails, limits in both
# number formats, and a quoted field with a comma: the shapes a spreadsheet has
awk -v n="$import_rows" 'BEGIN {
	print "name,doc,phone,email,limit,channel,note"
	for (i = 1; i <= n; i++) {
		base = sprintf("%09d", 100000000 + i)
		s = 0; for (k = 1; k <= 9; k++) s += substr(base, k, 1) * (11 - k)
		r = s % 11; d1 = r < 2 ? 0 : 11 - r
		s = 0; for (k = 1; k <= 9; k++) s += substr(base, k, 1) * (12 - k)
		s += d1 * 2; r = s % 11; d2 = r < 2 ? 0 : 11 - r
		doc = (i % 3 == 0) ? "" : substr(base, 1, 3) "." substr(base, 4, 3) "." substr(base, 7, 3) "-" d1 d2
		limit = (i % 2) ? sprintf("\"%d.%03d,00\"", 1 + i % 9, i % 1000) : sprintf("\"%d,%03d.50\"", 1 + i % 9, i % 1000)
		printf "Cliente %d da Silva,%s,(11) 9%04d-%04d,cliente%d@example.com,%s,%s,\"importado, planilha\"\n",
			i, doc, i % 10000, (i * 7) % 10000, i, limit, (i % 2) ? "sms" : "email"
	}
}' >"$scratch/import.csv"
"$cobra" init "$scratch/imported" >/dev/null
/usr/bin/time -o "$scratch/import.time" -f '%e %M' "$cobra" -C "$scratch/imported" import customers "$scratch/import.csv" \
	>"$scratch/import.out" 2>&1 || note "  import FAILED: $(tail -n 3 "$scratch/import.out")"
import_s=$(tail -n 1 "$scratch/import.time" | awk '{print $1}')
import_rss_kb=$(tail -n 1 "$scratch/import.time" | awk '{print $2}')
import_n=$(("$(git -C "$scratch/imported" ls-tree -r --name-only HEAD customers | wc -l)" + 0))
import_status=$(git -C "$scratch/imported" status --porcelain | head -n 3)
rm -rf "$scratch/imported" "$scratch/import.csv"

# -- read-all: due over the whole store, against ledger and hledger --
note "measuring read-all over the whole store"
# The first run starts without cobra's derived cache (.git/cobra-cache, rebuilt
# on demand: src/cache.h) and so builds it; the second one uses it. Both give
# their time and peak RSS; the second gives the rows for the cross-check.
rm -rf "$store/.git/cobra-cache"
/usr/bin/time -o "$scratch/due1.rss" -f '%e %M' "$cobra" -C "$store" due --format tsv >/dev/null
/usr/bin/time -o "$scratch/due.rss" -f '%e %M' "$cobra" -C "$store" due --format tsv >"$scratch/due.tsv"
due1_s=$(tail -n 1 "$scratch/due1.rss" | awk '{print $1}')
due1_rss_kb=$(tail -n 1 "$scratch/due1.rss" | awk '{print $2}')
due_rss_kb=$(tail -n 1 "$scratch/due.rss" | awk '{print $2}')
[ "$due1_rss_kb" -gt "$due_rss_kb" ] && due_rss_kb=$due1_rss_kb
due_rows=$(($(wc -l <"$scratch/due.tsv") - 1))
due_principal=$(awk -F'\t' 'NR > 1 { s += $8 * 100 } END { printf "%.2f", s / 100 }' "$scratch/due.tsv")
hf due "$due_runs" "$due_warm" -N "$cobra -C $store due --format tsv"
hf customers "$due_runs" "$due_warm" -N "$cobra -C $store customers"
# collections over the whole store: today's plan (renders every message) and the ranking
"$cobra" -C "$store" remind --format tsv >"$scratch/remind.tsv"
remind_actions=$(awk -F'\t' 'NR > 1 && $9 == "planned"' "$scratch/remind.tsv" | wc -l)
hf remind "$due_runs" "$due_warm" -N "$cobra -C $store remind --format tsv"
"$cobra" -C "$store" rank --format tsv >"$scratch/rank.tsv"
rank_rows=$(($(wc -l <"$scratch/rank.tsv") - 1))
hf rank "$due_runs" "$due_warm" -N "$cobra -C $store rank --format tsv"
: >"$scratch/ledger.rss"
hf ledger "$ledger_runs" 0 -N "/usr/bin/time -a -o $scratch/ledger.rss -f %M ledger -f $journal balance --flat Assets:Receivable"
if [ "$hledger_runs" -gt 0 ]; then
	[ "$size" = large ] && note "  (one hledger run over this journal takes minutes and several GB)"
	: >"$scratch/hledger.rss"
	hf hledger "$hledger_runs" 0 -N "/usr/bin/time -a -o $scratch/hledger.rss -f %M hledger -f $journal balance Assets:Receivable"
fi
maxrss() { awk '/^[0-9]+$/ { if ($1 > m) m = $1 } END { printf "%.1f", m / 1024 }' "$1"; }

# -- writes: pay and sell against git add + commit, on a scratch copy --
note "measuring writes (on a copy of the store)"
run=$scratch/run
cp -a "$store" "$run"
git -C "$run" update-index -q --refresh >/dev/null 2>&1 || true # new inodes: refresh the index once
pay_handle=$(get pay_handle)
sell_handle=$(get sell_handle)
git_path=$(get git_path)
heads_before=$(git -C "$run" rev-list --count HEAD)
hf pay "$runs" 3 -N "$cobra -C $run pay $pay_handle 0.01 --date today"
pay_status=$(git -C "$run" status --porcelain | head -n 5)
hf sell "$runs" 3 -N "$cobra -C $run sell $sell_handle 10 --date today --override bench"
sell_status=$(git -C "$run" status --porcelain | head -n 5)
heads_after=$(git -C "$run" rev-list --count HEAD)
hf git "$runs" 3 --prepare "printf '; bench\\n' >>$run/$git_path" \
	"git -C $run add $git_path && git -C $run commit -q -m bench"
# remind --send once over the whole store, every channel a no-op command:
# delivery of every action and one commit for the run
printf '[channels]\nemail = true\nsms = true\nwhatsapp = true\n' >"$scratch/config.ini"
/usr/bin/time -o "$scratch/send.time" -f '%e %M' env COBRA_CONFIG="$scratch/config.ini" \
	"$cobra" -C "$run" remind --send --format tsv >"$scratch/send.tsv" 2>&1 || note "  remind --send FAILED: $(tail -n 2 "$scratch/send.tsv")"
send_s=$(awk '{print $1}' "$scratch/send.time" | tail -n 1)
send_n=$(awk -F'\t' 'NR > 1 && ($9 == "sent" || $9 == "manual")' "$scratch/send.tsv" | wc -l)
send_again=$(COBRA_CONFIG="$scratch/config.ini" "$cobra" -C "$run" remind --send --format tsv | awk -F'\t' 'NR > 1 && ($9 == "sent" || $9 == "manual")' | wc -l)
note "  cobra check on the store after the writes"
if "$cobra" -C "$run" check >"$scratch/check2.out" 2>&1; then final_check=$(cat "$scratch/check2.out"); else final_check="FAILED: $(head -n 3 "$scratch/check2.out")"; fi

# ---- the report ----

wide() { printf '%-58s %10s %10s %8s\n' "$@"; }
echo "== side by side (ms, warm page cache, whole process; hyperfine, medians and 95th percentiles)"
wide command p50 p95 runs
row() { s=$(stats "$1"); wide "$2" "$(fmt "$(echo "$s" | awk '{print $1}')")" "$(fmt "$(echo "$s" | awk '{print $2}')")" "$(echo "$s" | awk '{print $5}')"; }
row true "true (a process that does nothing: this machine's floor)"
row git_version "git --version"
row git2init "git_libgit2_init() alone (libgit2's floor)"
row version "cobra --version"
row empty_customers "cobra customers (empty store)"
row empty_due "cobra due (empty store)"
row pay "cobra pay $pay_handle 0.01"
row sell "cobra sell $sell_handle 10"
row git "git add FILE && git commit (one-file change)"
row due "cobra due --format tsv ($due_rows rows)"
row customers "cobra customers (the whole store)"
row remind "cobra remind --format tsv ($remind_actions actions)"
row rank "cobra rank --format tsv ($rank_rows debtors)"
row ledger "ledger -f J balance --flat Assets:Receivable"
[ "$hledger_runs" -gt 0 ] && row hledger "hledger -f J balance Assets:Receivable"
echo

echo "== figures"
figure "pay p50" "$(p50 pay)" ms "<=" 15
figure "pay p95" "$(p95 pay)" ms "<=" 25
figure "sell p50" "$(p50 sell)" ms "<=" 15
figure "sell p95" "$(p95 sell)" ms "<=" 25
info_line "git add+commit p50" "$(fmt "$(p50 git)") ms"
figure "git add+commit / pay (p50)" "$(awk -v a="$(p50 git)" -v b="$(p50 pay)" 'BEGIN { print a / b }')" x ">=" 10
figure "git add+commit / sell (p50)" "$(awk -v a="$(p50 git)" -v b="$(p50 sell)" 'BEGIN { print a / b }')" x ">=" 10
if [ -z "$pay_status$sell_status" ]; then
	echo "git status --porcelain after pay and sell: clean ok ($((heads_after - heads_before)) commits made)"
	echo "git status clean after writes: ok" >>"$results"
else
	echo "git status --porcelain after pay and sell: NOT clean MISSED: ${pay_status:-(clean after pay)} / ${sell_status:-(clean after sell)}"
	echo "git status clean after writes: MISSED" >>"$results"
fi
figure "due p50" "$(p50 due)" ms "<=" 300
info_line "due, first run (builds cobra's cache)" "$(awk -v v="$due1_s" 'BEGIN { printf "%.0f", v * 1000 }') ms, peak RSS $(awk -v k="$due1_rss_kb" 'BEGIN { printf "%.1f", k / 1024 }') MB (one run, no target)"
figure "due peak RSS (either run)" "$(awk -v k="$due_rss_kb" 'BEGIN { print k / 1024 }')" MB "<=" 64
figure "remind (plan and render today's actions) p50" "$(p50 remind)" ms "<=" 1000
figure "rank p50" "$(p50 rank)" ms "<=" 300
info_line "remind --send over the whole store (one run, no-op channel commands)" "$send_n actions delivered and recorded in one commit in $send_s s; run again: $send_again sent"
info_line "customers over the whole store p50" "$(fmt "$(p50 customers)") ms (no target; reads every customer file)"
info_line "ledger balance p50" "$(fmt "$(p50 ledger)") ms, peak RSS $(maxrss "$scratch/ledger.rss") MB"
figure "ledger / due (p50)" "$(awk -v a="$(p50 ledger)" -v b="$(p50 due)" 'BEGIN { print a / b }')" x ">=" 20
if [ "$hledger_runs" -gt 0 ]; then
	info_line "hledger balance p50" "$(fmt "$(p50 hledger)") ms, peak RSS $(maxrss "$scratch/hledger.rss") MB"
	info_line "hledger / due (p50)" "$(awk -v a="$(p50 hledger)" -v b="$(p50 due)" 'BEGIN { printf "%.1fx (no target)", a / b }')"
fi
if [ "$due_principal" = "$(get receivable)" ]; then
	echo "cross-check: due's open principal $due_principal = the journal's Assets:Receivable $(get receivable) ok"
	echo "cross-check: ok" >>"$results"
else
	echo "cross-check: due's open principal $due_principal != the journal's Assets:Receivable $(get receivable) MISSED"
	echo "cross-check: MISSED" >>"$results"
fi
figure "cobra --version p50" "$(p50 version)" ms "<=" 3
figure "customers on an empty store p50" "$(p50 empty_customers)" ms "<=" 12
figure "due on an empty store p50" "$(p50 empty_due)" ms "<=" 12
figure "import customers ($import_rows rows, one commit; $import_n files committed)" "${import_s:-999}" s "<=" 30
info_line "import peak RSS" "$(awk -v k="${import_rss_kb:-0}" 'BEGIN { printf "%.0f", k / 1024 }') MB (one run, no target)"
if [ "$import_n" -eq "$import_rows" ] && [ -z "$import_status" ]; then
	echo "import: $import_n customers in one commit, git status clean ok"
	echo "import: ok" >>"$results"
else
	echo "import: $import_n of $import_rows customers committed, status '$import_status' MISSED"
	echo "import: MISSED" >>"$results"
fi
echo "cobra check after the writes: $final_check"
case $final_check in FAILED*) echo "final check: MISSED" >>"$results" ;; esac
echo

ok=$(grep -c ' ok$' "$results" || true)
missed=$(grep -c 'MISSED' "$results" || true)
echo "== summary ($size: $(get customers) customers, $(get sales) sales, $(get installments) installments; $(($(date +%s) - started)) s)"
echo "$ok ok, $missed missed"
echo "load average (1 min): $load_start at the start, $(load) at the end, on $(nproc 2>/dev/null || echo ?) CPUs;" \
	"figures are only comparable within one run, and noisy when the machine is busy"
grep 'MISSED' "$results" | sed 's/^/  missed: /' || true
if [ -n "$keep" ]; then
	mv "$run" "$data/run-kept"
	echo "the store after the writes is kept in $data/run-kept"
fi
exit 0
