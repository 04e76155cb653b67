#!/bin/sh
# t0510 - hand-edited records and hostile repository states (reliability.md
# C3 rows 41-49, C1.7, C2.7; DESIGN §3, §6, §9).
#
# Each bad record is committed with git, so HEAD itself holds it. Then:
#   - `cobra due` and `cobra show CUSTOMER` exit 7 with exactly one
#     "cobra: error: FILE:LINE: ..." line naming the right file and line;
#   - `cobra check` exits 7 and prints a line naming FILE:LINE;
#   - `cobra pay` and `cobra sell` on that customer exit 7 (a malformed record
#     is a data error, DESIGN §6), print nothing on stdout, and leave the
#     repository byte-identical.
# Then the repository states: not a repository, bare, a hand edit not
# committed, a stale index.lock and `cobra recover`, a merge in progress, a
# detached HEAD.

. "$(dirname "$0")/lib.sh"

# The customer file of ana-souza in store DIR, relative to DIR.
customer_file() { (cd "$1" && ls customers/*/*-ana-souza.ini); }

# line_of DIR/FILE REGEX [NTH]: number of the NTH line (default 1) matching REGEX.
line_of() { grep -n -e "$2" "$1" | sed -n "${3:-1}p" | cut -d: -f1; }

# insert_after FILE N TEXT / replace_line FILE N TEXT (TEXT has no backslashes).
insert_after() { awk -v n="$2" -v t="$3" '{ print } NR == n { print t }' "$1" >"$1.new" && mv "$1.new" "$1"; }
replace_line() { awk -v n="$2" -v t="$3" 'NR == n { print t; next } { print }' "$1" >"$1.new" && mv "$1.new" "$1"; }

# settled_snapshot DIR: a snapshot after git has refreshed its stat cache, so
# that only a change made by cobra can make two snapshots differ.
settled_snapshot() {
	git -C "$1" status >/dev/null 2>&1
	snapshot "$1"
}

# names_line FILE LINE: the single error line in ./err is "cobra: error:
# FILE:LINE: ..." and says what is wrong (BAD_WORD, an extended regex).
names_line() {
	e=$(grep '^cobra: error: ' err)
	case $e in
	"cobra: error: $1:$2: "*) ;;
	*) echo "expected \"cobra: error: $1:$2: ...\", got:"; cat err; return 1 ;;
	esac
	[ -z "${BAD_WORD:-}" ] || printf '%s\n' "${e#*:*:*:*:}" | grep -qiE -e "$BAD_WORD" ||
		{ echo "the error does not say what is wrong (/$BAD_WORD/): $e"; return 1; }
}

# A write command on a store with a bad record: exit 7, one error line naming
# FILE:LINE, nothing on stdout, repository byte-identical.
write_refused() {
	d=$1 file=$2 line=$3
	shift 3
	settled_snapshot "$d" >before || return 1
	run_cobra 7 -C "$d" "$@"
	st=$?
	settled_snapshot "$d" >after || return 1
	cmp -s before after || { echo "cobra $* changed the repository:"; diff before after; return 1; }
	[ $st -eq 0 ] || return 1
	one_error_line && names_line "$file" "$line"
}

# bad_record CASE: copies the base store to CASE, runs edit_CASE there (which
# sets BAD_FILE and BAD_LINE), commits the edit with git, and checks it all.
bad_record() {
	D=$1
	rm -rf "$D" && cp -a base "$D" || return 1
	F=$(customer_file "$D") || return 1
	BAD_FILE= BAD_LINE= BAD_WORD=
	"edit_$1" || { echo "edit_$1 failed"; return 1; }
	[ -n "$BAD_FILE" ] && [ -n "$BAD_LINE" ] || { echo "edit_$1 set no file:line"; return 1; }
	git -C "$D" -c user.name=t -c user.email=t@t commit -qam edit || return 1
	[ -z "$(git -C "$D" status --porcelain)" ] || { echo "the edit is not all committed"; return 1; }
	commits0=$(commit_count "$D")
	ok=0
	run_cobra 7 -C "$D" due && one_error_line && names_line "$BAD_FILE" "$BAD_LINE" || ok=1
	run_cobra 7 -C "$D" show ana-souza && one_error_line && names_line "$BAD_FILE" "$BAD_LINE" || ok=1
	if run_cobra 7 -C "$D" check; then
		cat out err | grep -qF "$BAD_FILE:$BAD_LINE: " ||
			{ echo "cobra check names no $BAD_FILE:$BAD_LINE:"; cat out err; ok=1; }
	else
		ok=1
	fi
	write_refused "$D" "$BAD_FILE" "$BAD_LINE" pay ana-souza 10 || ok=1
	write_refused "$D" "$BAD_FILE" "$BAD_LINE" sell ana-souza 100 || ok=1
	[ "$(commit_count "$D")" -eq "$commits0" ] || { echo "a commit was made"; ok=1; }
	return $ok
}

test_expect 'setup: a base store whose customer file has the canonical layout' '
	new_store base &&
	run_cobra 0 -C base add-customer "Ana Souza" &&
	run_cobra 0 -C base add-customer "Bruno Costa" &&
	run_cobra 0 -C base sell ana-souza 300 -n 3 --date 2026-08-01 &&
	run_cobra 0 -C base pay ana-souza 10 --date 2026-10-01 &&
	F=$(customer_file base) &&
	[ "$(sed -n 1p "base/$F")" = "[customer]" ] &&
	[ "$(sed -n 3p "base/$F")" = "name = Ana Souza" ] &&
	[ "$(grep -c "^amount = 10.00$" "base/$F")" -eq 1 ] &&
	[ "$(grep -c "^date = " "base/$F")" -eq 2 ] &&
	grep -q "^due.3 = " "base/$F" &&
	grep -q "^due_shift = " base/cobra.ini && tail -n 1 base/cobra.ini | grep -q "^block_broken = " &&
	run_cobra 0 -C base due &&
	run_cobra 0 -C base check &&
	assert_clean base
'

edit_dupkey() {
	L=$(line_of "$D/$F" '^amount = ')
	insert_after "$D/$F" "$L" 'amount = 100.00'
	BAD_FILE=$F BAD_LINE=$((L + 1)) BAD_WORD='duplicate'
}
test_expect 'a duplicate key (amount twice) is refused at the second one' 'bad_record dupkey'

edit_dupsection() {
	H=$(line_of "$D/$F" '^\[payment ')
	N=$(wc -l <"$D/$F")
	{ echo; sed -n "$H,\$p" "$D/$F"; } >"$D/sec" && cat "$D/sec" >>"$D/$F" && rm "$D/sec"
	BAD_FILE=$F BAD_LINE=$((N + 2)) BAD_WORD='duplicate'
}
test_expect 'a duplicate section (the payment twice) is refused at the second one' 'bad_record dupsection'

edit_paymnet() {
	H=$(line_of "$D/$F" '^\[payment ')
	id=$(sed -n "${H}s/^\[payment \(.*\)\]$/\1/p" "$D/$F")
	replace_line "$D/$F" "$H" "[paymnet $id]"
	BAD_FILE=$F BAD_LINE=$H BAD_WORD='paymnet'
}
test_expect 'an unknown section [paymnet ID] is refused' 'bad_record paymnet'

edit_unknownkey() {
	L=$(line_of "$D/$F" '^amount = ')
	insert_after "$D/$F" "$L" 'discount = 5.00'
	BAD_FILE=$F BAD_LINE=$((L + 1)) BAD_WORD='discount'
}
test_expect 'an unknown key in [payment] is refused' 'bad_record unknownkey'

edit_colon() {
	L=$(line_of "$D/$F" '^amount = ')
	replace_line "$D/$F" "$L" 'amount : 7.00'
	BAD_FILE=$F BAD_LINE=$L BAD_WORD='key|='
}
test_expect '"amount : 7" (a colon, not =) is refused' 'bad_record colon'

edit_conflict() {
	L=$(line_of "$D/$F" '^amount = ')
	replace_line "$D/$F" "$L" '<<<<<<< HEAD'
	insert_after "$D/$F" "$L" 'amount = 10.00'
	insert_after "$D/$F" $((L + 1)) '======='
	insert_after "$D/$F" $((L + 2)) 'amount = 20.00'
	insert_after "$D/$F" $((L + 3)) '>>>>>>> other-clone'
	BAD_FILE=$F BAD_LINE=$L BAD_WORD='conflict'
}
test_expect 'git conflict markers are refused at the first marker' 'bad_record conflict'

edit_crlf() {
	awk '{ printf "%s\r\n", $0 }' "$D/$F" >"$D/$F.new" && mv "$D/$F.new" "$D/$F"
	BAD_FILE=$F BAD_LINE=1 BAD_WORD='CRLF|carriage'
}
test_expect 'CRLF line endings are refused' 'bad_record crlf'

edit_bom() {
	{ printf '\357\273\277'; cat "$D/$F"; } >"$D/$F.new" && mv "$D/$F.new" "$D/$F"
	BAD_FILE=$F BAD_LINE=1 BAD_WORD='BOM|byte.order'
}
test_expect 'a UTF-8 byte-order mark is refused' 'bad_record bom'

edit_nul() {
	{ sed -n 1,2p "$D/$F"; printf 'name = Ana\000Souza\n'; sed -n '4,$p' "$D/$F"; } >"$D/$F.new" &&
		mv "$D/$F.new" "$D/$F"
	BAD_FILE=$F BAD_LINE=3 BAD_WORD='NUL'
}
test_expect 'a NUL byte inside a value is refused' 'bad_record nul'

edit_longline() {
	insert_after "$D/$F" 4 "note = $(printf '%293s' '' | tr ' ' x)"
	BAD_FILE=$F BAD_LINE=5 BAD_WORD='long|190'
}
test_expect 'a 300-byte line is refused, not split' 'bad_record longline'

edit_indented() {
	L=$(line_of "$D/$F" '^amount = ')
	insert_after "$D/$F" "$L" '  amount = 999.00'
	BAD_FILE=$F BAD_LINE=$((L + 1)) BAD_WORD='indent'
}
test_expect 'an indented line (inih would join it) is refused' 'bad_record indented'

edit_empty() {
	: >"$D/$F"
	BAD_FILE=$F BAD_LINE=1 BAD_WORD='empty|\[customer\]'
}
test_expect 'an empty customer file is refused' 'bad_record empty'

edit_money() {
	L=$(line_of "$D/$F" '^amount = ')
	replace_line "$D/$F" "$L" 'amount = 12,50'
	BAD_FILE=$F BAD_LINE=$L BAD_WORD='12,50'
}
test_expect 'money in non-canonical form (12,50) in a file is refused' 'bad_record money'

edit_date() {
	L=$(line_of "$D/$F" '^date = ' 2)
	replace_line "$D/$F" "$L" 'date = 2026-02-30'
	BAD_FILE=$F BAD_LINE=$L BAD_WORD='2026-02-30'
}
test_expect 'a date that does not exist (2026-02-30) in a file is refused' 'bad_record date'

edit_sequence() {
	L=$(line_of "$D/$F" '^due\.2 = ')
	two=$(sed -n "${L}p" "$D/$F")
	three=$(sed -n "$((L + 1))p" "$D/$F")
	replace_line "$D/$F" "$L" "$three"
	replace_line "$D/$F" $((L + 1)) "$two"
	BAD_FILE=$F BAD_LINE=$L BAD_WORD='sequence'
}
test_expect 'installments out of sequence (due.3 before due.2) are refused' 'bad_record sequence'

edit_handle() {
	L=$(line_of "$D/$F" '^handle = ')
	replace_line "$D/$F" "$L" 'handle = ana-souzb'
	BAD_FILE=$F BAD_LINE=$L BAD_WORD='file name'
}
test_expect 'a handle that is not the file name (ana-souzb) is refused by reads and writes alike' 'bad_record handle'

edit_policy() {
	N=$(wc -l <"$D/cobra.ini")
	echo 'late_fees = 10.00' >>"$D/cobra.ini"
	BAD_FILE=cobra.ini BAD_LINE=$((N + 1)) BAD_WORD='late_fees'
}
test_expect 'cobra.ini with an unknown key is refused by every command' 'bad_record policy'

# ---- repository states ----

test_expect 'not a git repository: reads and writes exit 7 and create nothing' '
	mkdir plain &&
	! git -C plain rev-parse --git-dir >/dev/null 2>&1 &&
	run_cobra 7 -C plain due && one_error_line &&
	run_cobra 7 -C plain show ana-souza && one_error_line &&
	run_cobra 7 -C plain add-customer "Ana Souza" && one_error_line &&
	run_cobra 7 -C plain pay ana-souza 10 && one_error_line &&
	[ -z "$(ls -A plain)" ]
'

bare_snapshot() { (cd "$1" && git for-each-ref && find . -type f | LC_ALL=C sort | xargs sha256sum); }

test_expect 'a bare repository: reads and writes exit 7 and change nothing' '
	git clone -q --bare base bare.git &&
	bare_snapshot bare.git >before &&
	run_cobra 7 -C bare.git due && one_error_line &&
	run_cobra 7 -C bare.git show ana-souza && one_error_line &&
	run_cobra 7 -C bare.git pay ana-souza 10 && one_error_line &&
	run_cobra 7 -C bare.git add-customer Carla && one_error_line &&
	bare_snapshot bare.git >after &&
	cmp before after
'

test_expect 'a hand edit not committed: writes to that customer are refused (5), the edit is kept' '
	rm -rf dirty && cp -a base dirty &&
	F=$(customer_file dirty) &&
	echo "; called on 2026-11-20, promised to pay on Friday" >>"dirty/$F" &&
	commits0=$(commit_count dirty) &&
	settled_snapshot dirty >before &&
	run_cobra 5 -C dirty pay ana-souza 10 && one_error_line &&
	grep -q "^cobra: error: .*$F" err &&
	run_cobra 5 -C dirty sell ana-souza 100 && one_error_line &&
	grep -q "^cobra: error: .*$F" err &&
	settled_snapshot dirty >after &&
	cmp before after &&
	[ "$(commit_count dirty)" -eq "$commits0" ] &&
	tail -n 1 "dirty/$F" | grep -q "promised to pay on Friday"
'

test_expect 'a customer file deleted by hand, not committed: writes to it are refused (5), naming it' '
	rm -rf gone && cp -a base gone &&
	F=$(customer_file gone) && rm "gone/$F" &&
	commits0=$(commit_count gone) &&
	run_cobra 5 -C gone pay ana-souza 10 && one_error_line &&
	grep -q "^cobra: error: $F: deleted from the working tree by hand" err &&
	[ "$(commit_count gone)" -eq "$commits0" ] && [ ! -e "gone/$F" ]
'

test_expect 'a git repository without commits: reads and writes exit 7 and say so' '
	rm -rf nocommit && git init -q nocommit &&
	run_cobra 7 -C nocommit due && one_error_line && grep -q "no commits" err &&
	run_cobra 7 -C nocommit add-customer "Ana Souza" && one_error_line && grep -q "no commits" err &&
	[ -z "$(git -C nocommit status --porcelain)" ]
'

test_expect 'a stale .git/index.lock: writes exit 6 naming it; recover keeps a young lock' '
	rm -rf locked && cp -a base locked &&
	commits0=$(commit_count locked) &&
	: >locked/.git/index.lock &&
	settled_snapshot locked >before &&
	run_cobra 6 -C locked pay ana-souza 10 && one_error_line &&
	grep -q "^cobra: error: .*\.git/index\.lock" err &&
	run_cobra 6 -C locked add-customer Carla && one_error_line &&
	grep -q "^cobra: error: .*\.git/index\.lock" err &&
	settled_snapshot locked >after &&
	cmp before after &&
	run_cobra 0 -C locked recover &&
	[ -e locked/.git/index.lock ] &&
	run_cobra 6 -C locked pay ana-souza 10 &&
	[ "$(commit_count locked)" -eq "$commits0" ]
'

test_expect 'cobra recover removes an index.lock older than 60 s; the next write works' '
	touch -d "2 minutes ago" locked/.git/index.lock &&
	commits0=$(commit_count locked) &&
	run_cobra 0 -C locked recover &&
	[ ! -e locked/.git/index.lock ] &&
	[ "$(commit_count locked)" -eq "$commits0" ] &&
	run_cobra 0 -C locked pay ana-souza 10 &&
	[ "$(commit_count locked)" -eq $((commits0 + 1)) ] &&
	assert_clean locked
'

test_expect 'a merge in progress (MERGE_HEAD): writes are refused (5), check reports it' '
	rm -rf merging && cp -a base merging &&
	git -C merging rev-parse HEAD >merging/.git/MERGE_HEAD &&
	commits0=$(commit_count merging) &&
	settled_snapshot merging >before &&
	run_cobra 5 -C merging pay ana-souza 10 && one_error_line &&
	grep -q "^cobra: error: .*merge" err &&
	run_cobra 5 -C merging add-customer Carla && one_error_line &&
	settled_snapshot merging >after &&
	cmp before after &&
	[ "$(commit_count merging)" -eq "$commits0" ] &&
	run_cobra 7 -C merging check &&
	grep -q merge out
'

test_expect 'a detached HEAD: writes are refused (5) and change nothing' '
	rm -rf detached && cp -a base detached &&
	git -C detached checkout -q --detach &&
	settled_snapshot detached >before &&
	run_cobra 5 -C detached pay ana-souza 10 && one_error_line &&
	grep -q "^cobra: error: .*detached" err &&
	run_cobra 5 -C detached sell ana-souza 100 && one_error_line &&
	settled_snapshot detached >after &&
	cmp before after
'

test_done
