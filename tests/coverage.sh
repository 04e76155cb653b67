#!/bin/sh
# make coverage: runs the unit and end-to-end tests against the --coverage
# build in DIR, then prints line and branch coverage of the money, date,
# record (records, schema, ini) and commit (store) modules with gcovr, and the
# error returns of the write path in src/store.c (lock, journal, commit,
# index, working tree, recovery) that no test reached, from gcov.
#   tests/coverage.sh DIR [tests/run.sh options and tests]
#
# Every cobra run writes its counts into a directory of its own (GCOV_PREFIX,
# through the wrapper DIR/cobra-cov), merged afterwards with gcov-tool: the
# crash tests kill cobra while libgcov writes its .gcda files at exit, and
# the concurrency tests run many at once, which would tear or mix shared
# files. A torn one is left out of the merge (counted in the last line).
# The tests' verdicts here are not the suite's (make check has those).
set -u
dir=${1:-build-cov}
[ $# -gt 0 ] && shift
root=$(pwd)
runs=$root/$dir.runs # outside DIR: gcov-tool merges whole trees
rm -rf "$runs" && mkdir -p "$runs"
cat >"$root/$dir/cobra-cov" <<WRAP
#!/bin/sh
GCOV_PREFIX=\$(mktemp -d "$runs/run.XXXXXXXX") GCOV_PREFIX_STRIP=0 exec "$root/$dir/cobra" "\$@"
WRAP
chmod +x "$root/$dir/cobra-cov"
GCOV_ERROR_FILE=$root/$dir/gcov-errors.log sh tests/run.sh --build "$dir" --bin "$root/$dir/cobra-cov" "$@"
echo "== merging the counts of $(ls "$runs" | wc -l) cobra runs"
acc=$root/$dir.acc
rm -rf "$acc" "$acc.new"
merged=0 torn=0
for r in "$runs"/run.*; do
	d=$r$root/$dir
	[ -d "$d" ] || continue # a run killed before it wrote anything
	if [ ! -d "$acc" ]; then
		cp -r "$d" "$acc" && merged=$((merged + 1))
	elif gcov-tool merge -o "$acc.new" "$acc" "$d" >/dev/null 2>&1; then
		rm -rf "$acc" && mv "$acc.new" "$acc" && merged=$((merged + 1))
	else
		rm -rf "$acc.new"
		torn=$((torn + 1))
	fi
done
# and the unit tests and corpus replays, which wrote into DIR itself
if [ -d "$acc" ] && gcov-tool merge -o "$acc.new" "$acc" "$dir" >/dev/null 2>&1; then
	(cd "$acc.new" && find . -name "*.gcda") | while read -r f; do cp "$acc.new/$f" "$dir/$f"; done
fi
rm -rf "$acc" "$acc.new" "$runs"
echo "$merged runs merged, $torn torn by a kill and left out"
files='src/(money|date|records|schema|ini|store|fileio|gitindex)\.c'
echo "== line coverage"
gcovr -r . --object-directory "$dir" -f "$files" | sed -n '/^File/,$p'
echo "== branch coverage"
gcovr -r . --object-directory "$dir" -f "$files" -b | sed -n '/^File/,$p'
echo "== error returns of the write path (src/store.c) that no test reached"
write_path=" write_file_atomic take_lock remove_git_locks lock_index unlock_index copy_file checkout_files \
index_prepare stat_entry index_finish write_index_locked recover_journal cobra_store_recover check_git_locks \
cobra_store_open cobra_store_close new_change cobra_store_stage check_clean signature write_journal \
cobra_store_commit cobra_store_find_request "
gcov -t -o "$dir/src" src/store.c 2>/dev/null | awk -v wp="$write_path" '
	{
		n = index($0, ":"); count = substr($0, 1, n - 1); gsub(/ /, "", count)
		rest = substr($0, n + 1); m = index(rest, ":"); line = substr(rest, 1, m - 1); gsub(/ /, "", line)
		src = substr(rest, m + 1)
	}
	src ~ /^[a-z][a-z_ ]*[ *][a-z_]+\(/ && src !~ /;[ \t]*$/ {
		fn = src; sub(/\(.*/, "", fn); sub(/.*[ *]/, "", fn)
	}
	index(wp, " " fn " ") && (count == "#####" || count == "=====") &&
	    src ~ /cobra_error\(|git_fail\(|return -[A-Z0-9]/ {
		gsub(/^[ \t]+/, "", src); printf "src/store.c:%s: %s: %s\n", line, fn, src; n_un++
	}
	index(wp, " " fn " ") && count ~ /^[0-9]+\*?$/ && src ~ /cobra_error\(|git_fail\(|return -[A-Z0-9]/ { n_hit++ }
	END { printf "%d of %d error returns of the write path reached\n", n_hit, n_hit + n_un }'
