#!/bin/sh
# make coverage: after the unit and end-to-end tests ran against the
# --coverage build in DIR, prints line and branch coverage of the money, date,
# record (records, schema, ini) and commit (store) modules with gcovr, and the
# error returns of the write path in src/store.c (lock, journal, commit,
# index, working tree, recovery) that no test reached, from gcov.
#   tests/coverage.sh DIR
set -u
dir=${1:-build-cov}
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
