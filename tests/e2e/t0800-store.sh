#!/bin/sh
# The store as a whole: exit codes, the writer lock, output failures, help.
. "$(dirname "$0")/lib.sh"

new_store s
cd s
"$COBRA" add-customer "Maria Silva" >/dev/null
"$COBRA" sell maria 300 -n 3 --date 2026-08-01 >/dev/null
cd ..

test_expect '--version and help need no store' '
	run_cobra 0 --version && grep -q "^cobra [0-9]" "$OUT" &&
	run_cobra 0 --help && grep -q "add-customer" "$OUT" &&
	run_cobra 0 help pay && grep -q "cobra-pay" "$OUT" && grep -q -- "--method" "$OUT" &&
	run_cobra 0 pay -h && grep -q "^usage: cobra pay" "$OUT"
'

test_expect 'usage errors are exit 2 and print the usage' '
	run_cobra 2 frobnicate && grep -q "unknown command" "$ERR" &&
	run_cobra 2 -C s pay maria && grep -q "^usage: cobra pay" "$ERR" &&
	run_cobra 2 -C s pay maria 1 --bogus && grep -q "unknown option" "$ERR" &&
	run_cobra 2 -C s pay maria 1 --date today --date today && grep -q "given twice" "$ERR"
'

test_expect 'outside a store: exit 7 with a hint' '
	mkdir -p plain && run_cobra 7 -C plain due && one_error_line && grep -q "not a cobra store" "$ERR"
'

test_expect 'a held writer lock makes a writer wait, then exit 6, changing nothing' '
	s1=$(snapshot s)
	flock s/.git/cobra.lock sleep 3 &
	sleep 0.3 &&
	start=$(date +%s%N) &&
	COBRA_LOCK_TIMEOUT_MS=500 run_cobra 6 -C s pay maria 10 && one_error_line && grep -q "busy" "$ERR" &&
	end=$(date +%s%N) && waited=$(( (end - start) / 1000000 )) &&
	test "$waited" -ge 450 && test "$s1" = "$(snapshot s)" &&
	run_cobra 0 -C s due --format tsv &&
	wait
'

test_expect 'readers do not need the lock' '
	flock s/.git/cobra.lock sleep 2 &
	sleep 0.3 &&
	COBRA_LOCK_TIMEOUT_MS=100 run_cobra 0 -C s due --format tsv && wait
'

test_expect 'stdout failing after a commit: exit 7, says committed; the retry is a no-op' '
	n=$(commit_count s) &&
	"$COBRA" -C s pay maria 10 --request-id r-full >/dev/full 2>"$ERR"; test $? = 7 &&
	grep -q "committed" "$ERR" &&
	test "$(commit_count s)" = $((n + 1)) &&
	run_cobra 0 -C s pay maria 10 --request-id r-full && grep -q "already recorded" "$OUT" &&
	test "$(commit_count s)" = $((n + 1)) && assert_clean s
'

test_expect 'a dirty customer file blocks writes to it (exit 5); others go on' '
	f=$(ls s/customers/*/*-maria-silva.ini) && echo "; mine" >>"$f" &&
	s1=$(snapshot s) &&
	run_cobra 5 -C s pay maria 10 && one_error_line && grep -q "changed by hand" "$ERR" &&
	test "$s1" = "$(snapshot s)" &&
	run_cobra 0 -C s add-customer "Jose Lima" &&
	git -C s checkout -q -- . && assert_clean s
'

test_expect 'a merge in progress or a detached HEAD refuses writes (exit 5)' '
	git -C s rev-parse HEAD >s/.git/MERGE_HEAD && s1=$(snapshot s) &&
	run_cobra 5 -C s pay maria 1 && one_error_line && test "$s1" = "$(snapshot s)" &&
	rm s/.git/MERGE_HEAD &&
	git -C s checkout -q --detach && run_cobra 5 -C s pay maria 1 && one_error_line &&
	git -C s checkout -q main && run_cobra 0 -C s pay maria 1
'

test_expect 'a conflicted index with no merge in progress refuses writes (exit 5), in every index version' '
	oid=$(git -C s rev-parse HEAD:cobra.ini) && c0=$(commit_count s) &&
	printf "100644 %s 1\tother.txt\n100644 %s 2\tother.txt\n100644 %s 3\tother.txt\n" "$oid" "$oid" "$oid" |
		git -C s update-index --index-info &&
	! test -e s/.git/MERGE_HEAD && s1=$(snapshot s) &&
	run_cobra 5 -C s pay maria 1 && one_error_line && grep -q "unresolved merge conflicts" "$ERR" &&
	test "$s1" = "$(snapshot s)" &&
	git -C s update-index --index-version 4 && s1=$(snapshot s) &&
	run_cobra 5 -C s pay maria 1 && one_error_line && grep -q "unresolved merge conflicts" "$ERR" &&
	test "$s1" = "$(snapshot s)" && test "$(commit_count s)" = "$c0" &&
	git -C s update-index --force-remove other.txt && git -C s update-index --index-version 2 &&
	run_cobra 0 -C s pay maria 1 && assert_clean s
'

test_expect 'a stale git lock is named (exit 6); recover clears an old one' '
	touch s/.git/index.lock && run_cobra 6 -C s pay maria 1 && grep -q "index.lock" "$ERR" &&
	run_cobra 0 -C s recover && test -e s/.git/index.lock &&
	touch -d "2 minutes ago" s/.git/index.lock && run_cobra 0 -C s recover &&
	! test -e s/.git/index.lock && run_cobra 0 -C s pay maria 1 && assert_clean s
'

test_expect 'an interrupted write (journal left by a crash) is finished by recover' '
	run_cobra 0 -C s pay maria 2 &&
	f=$(cd s && ls customers/*/*-maria-silva.ini) &&
	git -C s show HEAD~1:"$f" >s/"$f" && git -C s update-index -q --refresh 2>/dev/null;
	git -C s read-tree HEAD~1 &&
	printf "cobra-journal 1\nold %s\nnew %s\nref refs/heads/main\npath %s\n" \
		"$(git -C s rev-parse HEAD~1)" "$(git -C s rev-parse HEAD)" "$f" >s/.git/cobra-journal &&
	test -n "$(git -C s status --porcelain)" &&
	run_cobra 0 -C s recover && grep -q "^recovered" "$OUT" &&
	! test -e s/.git/cobra-journal && assert_clean s &&
	run_cobra 0 -C s recover && grep -q "nothing to recover" "$OUT"
'

test_expect 'the next write command finishes an interrupted write by itself' '
	f=$(cd s && ls customers/*/*-maria-silva.ini) &&
	git -C s show HEAD~1:"$f" >s/"$f" && git -C s read-tree HEAD~1 &&
	printf "cobra-journal 1\nold %s\nnew %s\nref refs/heads/main\npath %s\n" \
		"$(git -C s rev-parse HEAD~1)" "$(git -C s rev-parse HEAD)" "$f" >s/.git/cobra-journal &&
	n=$(commit_count s) &&
	run_cobra 0 -C s pay maria 1 && test "$(commit_count s)" = $((n + 1)) &&
	! test -e s/.git/cobra-journal && assert_clean s &&
	test "$(git -C s show HEAD:"$f" | grep -c "^\[payment ")" = "$(grep -c "^\[payment " s/"$f")"
'

test_expect 'a journal that names a path twice is finished all the same (through libgit2)' '
	f=$(cd s && ls customers/*/*-maria-silva.ini) &&
	git -C s show HEAD~1:"$f" >s/"$f" && git -C s read-tree HEAD~1 &&
	printf "cobra-journal 1\nold %s\nnew %s\nref refs/heads/main\npath %s\npath %s\n" \
		"$(git -C s rev-parse HEAD~1)" "$(git -C s rev-parse HEAD)" "$f" "$f" >s/.git/cobra-journal &&
	run_cobra 0 -C s recover && grep -q "^recovered" "$OUT" &&
	! test -e s/.git/cobra-journal && assert_clean s &&
	test "$(git -C s write-tree)" = "$(git -C s rev-parse "HEAD^{tree}")"
'

test_expect 'the index stays valid for git: write-tree equals HEAD, other index versions work' '
	run_cobra 0 -C s pay maria 1 &&
	test "$(git -C s write-tree)" = "$(git -C s rev-parse "HEAD^{tree}")" &&
	git -C s update-index --index-version 4 && run_cobra 0 -C s pay maria 1 && assert_clean s &&
	git -C s update-index --index-version 3 && run_cobra 0 -C s add-customer "Index Three" && assert_clean s &&
	git -C s update-index --index-version 2 && run_cobra 0 -C s pay maria 1 && assert_clean s &&
	test "$(git -C s write-tree)" = "$(git -C s rev-parse "HEAD^{tree}")"
'

test_expect 'a split index is refused before anything is recorded (exit 7, with the fix)' '
	git -C s update-index --split-index && s1=$(snapshot s) &&
	run_cobra 7 -C s pay maria 1 && grep -q "no-split-index" "$ERR" &&
	test "$s1" = "$(snapshot s)" &&
	git -C s update-index --no-split-index && run_cobra 0 -C s pay maria 1 && assert_clean s
'

test_expect 'GIT_DIR and GIT_WORK_TREE from the caller are ignored' '
	GIT_DIR=/nonexistent GIT_WORK_TREE=/nonexistent run_cobra 0 -C s due --format tsv
'

test_expect 'with no git identity the documented author is used' '
	n=$(commit_count s) &&
	env -u COBRA_AUTHOR_NAME -u COBRA_AUTHOR_EMAIL -u GIT_AUTHOR_NAME -u GIT_AUTHOR_EMAIL \
		-u GIT_COMMITTER_NAME -u GIT_COMMITTER_EMAIL "$COBRA" -C s pay maria 1 >/dev/null &&
	test "$(git -C s log -1 --format="%an <%ae>")" = "cobra <cobra@localhost>" &&
	COBRA_AUTHOR_NAME="Ana Caixa" COBRA_AUTHOR_EMAIL=ana@loja.example "$COBRA" -C s pay maria 1 >/dev/null &&
	test "$(git -C s log -1 --format="%an <%ae>")" = "Ana Caixa <ana@loja.example>"
'

test_done
