#!/bin/sh
# t0500 - hostile command-line input (reliability.md part C3, DESIGN §4, §6, §9).
#
# One table, one test per row. Every row asserts, for `cobra -C s ARGS`:
#   1. the documented exit code: 2 usage, 3 invalid value, 4 not found or
#      ambiguous, 5 refused by a rule (DESIGN §6);
#   2. nothing on stdout, and stderr is one "cobra: error: " line (and at most
#      one "hint: " line); a usage error may add its usage text, so there only
#      the first stderr line is checked to be the error;
#   3. the error line names the field ("amount:", "date:", ...) and holds the
#      offending value, escaped where it has control bytes (\x1b), text
#      direction marks (<U+202E>) or invalid UTF-8 (\xff) - and stderr itself
#      holds no raw control byte, C1 control, bidi mark or invalid UTF-8;
#   4. the repository is byte-identical afterwards (lib.sh snapshot).
# Then: shell metacharacters in a name are data, not commands; an amount gives
# the same record in every locale; 2024-02-29 is a real day.

. "$(dirname "$0")/lib.sh"

NL='
'
CR=$(printf '\r')
ESC=$(printf '\033')
BEL=$(printf '\007')
CSI1=$(printf '\302\233')          # U+009B, the one-byte CSI of C1
RLO=$(printf '\342\200\256')       # U+202E RIGHT-TO-LEFT OVERRIDE
BADUTF=$(printf '\377\376')        # never valid in UTF-8
OVERLONG=$(printf '\300\200')      # overlong NUL
SURROGATE=$(printf '\355\240\200') # U+D800, a lone surrogate

# rep CHAR N: CHAR repeated N times.
rep() { printf "%${2}s" '' | tr ' ' "$1"; }

# no_such_debt: a debt id with a real customer's 4-digit prefix that names no
# sale, so the lookup really opens that customer's file.
no_such_debt() {
	f=$(cd "$TRASH/s/customers" && ls */*-ana-souza.ini)
	f=${f#*/}
	printf '%.4s0000000000000000' "$f"
}

trim() {
	t=$1
	t=${t#"${t%%[! ]*}"}
	t=${t%"${t##*[! ]}"}
	printf '%s' "$t"
}

# safe_stream FILE: no raw terminal controls, C1 controls, bidi marks or
# invalid UTF-8 in FILE (the offending value must be shown escaped).
safe_stream() {
	if tr -d '\n' <"$1" | LC_ALL=C grep -q "$(printf '[\001-\037\177]')"; then
		echo "$1 holds a raw control byte:"; od -c "$1" | head -n 8; return 1
	fi
	if LC_ALL=C grep -q "$(printf '\302[\200-\237]')" "$1"; then
		echo "$1 holds a raw C1 control:"; od -c "$1" | head -n 8; return 1
	fi
	if LC_ALL=C grep -q -e "$(printf '\342\200[\252-\256]')" -e "$(printf '\342\201[\246-\251]')" "$1"; then
		echo "$1 holds a raw text-direction mark:"; od -c "$1" | head -n 8; return 1
	fi
	if ! iconv -f UTF-8 -t UTF-8 <"$1" >/dev/null 2>&1; then
		echo "$1 is not valid UTF-8:"; od -c "$1" | head -n 8; return 1
	fi
}

# check_row: runs row ROW_ARGS against store s and checks 1-4 above.
check_row() {
	eval "set -- $ROW_ARGS" || { echo "bad row: $ROW_ARGS"; return 1; }
	git -C s status >/dev/null 2>&1 # settle git's stat cache first
	snapshot s >before || return 1
	run_cobra "$ROW_CODE" -C s "$@" </dev/null || return 1
	snapshot s >after || return 1
	ok=0
	if [ "$ROW_CODE" -eq 2 ]; then
		[ ! -s out ] || { echo "stdout is not empty:"; cat out; ok=1; }
		case $(head -n 1 err) in
		"cobra: error: "*) ;;
		*) echo "the first stderr line is not \"cobra: error: ...\":"; cat err; ok=1 ;;
		esac
		[ "$(grep -c '^cobra: error: ' err)" -eq 1 ] || { echo "not exactly one error line:"; cat err; ok=1; }
	else
		one_error_line || ok=1
	fi
	line=$(grep '^cobra: error: ' err | head -n 1)
	if [ "$ROW_CODE" -eq 2 ]; then
		want_field=$ROW_FIELD
	else
		want_field="$ROW_FIELD:"
	fi
	case $line in
	*"$want_field"*) ;;
	*) echo "the error line does not name the field \"$want_field\": $line"; ok=1 ;;
	esac
	case $line in
	*"$ROW_NEEDLE"*) ;;
	*) echo "the error line does not hold \"$ROW_NEEDLE\": $line"; ok=1 ;;
	esac
	safe_stream err || ok=1
	if ! cmp -s before after; then
		echo "the repository changed:"
		diff before after
		ok=1
	fi
	return $ok
}

test_expect 'setup: a store with two Anas, a debtor and a customer who owes nothing' '
	new_store s &&
	run_cobra 0 -C s add-customer "Ana Souza" &&
	run_cobra 0 -C s add-customer "Ana Lima" &&
	run_cobra 0 -C s add-customer "Bruno Costa" &&
	run_cobra 0 -C s sell ana-souza 300 -n 3 --date 2026-08-01 &&
	run_cobra 0 -C s pay ana-souza 10 --date 2026-10-01 &&
	[ "$(commit_count s)" -eq 6 ] &&
	assert_clean s
'

# EXIT | FIELD (usage rows: a word the line must hold) | NEEDLE | cobra ARGS
# ARGS are shell words, expanded with eval ($NL, $ESC ... above).
while IFS='|' read -r ROW_CODE ROW_FIELD ROW_NEEDLE ROW_ARGS <&3; do
	case $ROW_CODE in '' | '#'*) continue ;; esac
	ROW_CODE=$(trim "$ROW_CODE")
	ROW_FIELD=$(trim "$ROW_FIELD")
	ROW_NEEDLE=$(trim "$ROW_NEEDLE")
	ROW_ARGS=$(trim "$ROW_ARGS")
	test_expect "exit $ROW_CODE, $ROW_FIELD: cobra $ROW_ARGS" 'check_row'
done 3<<'EOF'
# -- references that try to be paths, unknown and ambiguous ones (exit 4)
4 | customer     | "../x"                                   | show ../x
4 | customer     | "a/b"                                    | show a/b
4 | customer     | "/etc/passwd"                            | pay /etc/passwd 10
4 | customer     | ".git"                                   | sell .git 100
4 | customer     | "../../etc/passwd"                       | edit-customer ../../etc/passwd --note hi
4 | customer     | "customers/../cobra.ini"                 | show customers/../cobra.ini
4 | customer     | "--help"                                 | show -- --help
4 | customer     | "../x"                                   | log ../x
4 | customer     | "/etc/passwd"                            | due --customer /etc/passwd
4 | customer     | "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa          | show "$(rep a 10000)"
4 | customer     | "zezinho"                                | show zezinho
4 | customer     | "zezinho"                                | pay zezinho 10
4 | customer     | 0000000000000000                         | pay "$(no_such_debt)" 10
4 | customer     | "ana" is ambiguous                       | pay ana 10
4 | customer     | "ana" is ambiguous                       | sell ana 100
# -- text that would forge records or attack a terminal (exit 3)
3 | name         | "Ana\x0aBob"                             | add-customer "Ana${NL}Bob"
3 | name         | "Ana\x0a[payment]\x0aamount=999"         | add-customer "Ana${NL}[payment]${NL}amount=999"
3 | name         | "Ana\x0dBob"                             | add-customer "Ana${CR}Bob"
3 | note         | "x\x0d\x0a[payment]"                     | add-customer Carla --note "x${CR}${NL}[payment]"
3 | name         | "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA          | add-customer "$(rep A 300)"
3 | name         | "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA          | add-customer "$(rep A 194)amount=99999"
3 | address      | "RRRRRRRRRRRRRRRRRRRRRRRRRRRRRR          | add-customer Carla --address "$(rep R 300)"
3 | desc         | "SSSSSSSSSSSSSSSSSSSSSSSSSSSSSS          | sell ana-lima 100 --desc "$(rep S 300)"
3 | name         | "Ana ;VIP"                               | add-customer "Ana ;VIP"
3 | note         | "pay later ;ok"                          | edit-customer ana-lima --note "pay later ;ok"
3 | name         | "\x1b]0;pwned\x07"                       | add-customer "${ESC}]0;pwned${BEL}"
3 | name         | "\x1b[2J"                                | add-customer "${ESC}[2J"
3 | name         | "Ana<U+009B>31m"                         | add-customer "Ana${CSI1}31m"
3 | name         | "Ana<U+202E>gnp.exe"                     | add-customer "Ana${RLO}gnp.exe"
3 | name         | "Ana\xff\xfe"                            | add-customer "Ana${BADUTF}"
3 | name         | "Ana\xc0\x80"                            | add-customer "Ana${OVERLONG}"
3 | name         | "Ana\xed\xa0\x80"                        | add-customer "Ana${SURROGATE}"
3 | name         | empty                                    | add-customer ""
3 | name         | empty                                    | add-customer "   "
3 | name         | empty                                    | edit-customer ana-lima --name ""
3 | desc         | "Sofa\x0a[payment]"                      | sell ana-lima 100 --desc "Sofa${NL}[payment]"
3 | ref          | "r\x1b[2J"                               | pay ana-souza 10 --ref "r${ESC}[2J"
# -- amounts of every wrong shape (exit 3)
3 | amount       | "1.234"                                  | pay ana-souza 1.234
3 | amount       | "1,234"                                  | sell ana-lima 1,234
3 | amount       | "12.505"                                 | pay ana-souza 12.505
3 | amount       | "0,001"                                  | pay ana-souza 0,001
3 | amount       | "0"                                      | pay ana-souza 0
3 | amount       | "0"                                      | sell ana-lima 0
3 | amount       | "-50"                                    | pay ana-souza -50
3 | amount       | "+12"                                    | sell ana-lima +12
3 | amount       | "1e3"                                    | pay ana-souza 1e3
3 | amount       | "0x10"                                   | pay ana-souza 0x10
3 | amount       | "nan"                                    | sell ana-lima nan
3 | amount       | "inf"                                    | pay ana-souza inf
3 | amount       | "12abc"                                  | pay ana-souza 12abc
3 | amount       | " 12"                                    | pay ana-souza " 12"
3 | amount       | "12 "                                    | pay ana-souza "12 "
3 | amount       | "１２"                                   | sell ana-lima "１２"
3 | amount       | "99999999999999999999"                   | sell ana-lima 99999999999999999999
3 | amount       | "1.234.56"                               | pay ana-souza 1.234.56
3 | limit        | "-5"                                     | add-customer Carla --limit -5
3 | down         | "100"                                    | sell ana-lima 100 --down 100
# -- dates (exit 3)
3 | date         | "2026-02-30"                             | pay ana-souza 10 --date 2026-02-30
3 | date         | "2025-02-29"                             | sell ana-lima 100 --date 2025-02-29
3 | date         | "2100-02-29"                             | pay ana-souza 10 --date 2100-02-29
3 | date         | "2026-2-3"                               | pay ana-souza 10 --date 2026-2-3
3 | date         | " 2026-02-03"                            | sell ana-lima 100 --date " 2026-02-03"
3 | date         | "2026-02-03T00:00"                       | pay ana-souza 10 --date 2026-02-03T00:00
3 | date         | "31/02/2026"                             | sell ana-lima 100 --date 31/02/2026
3 | date         | "2026-12-01"                             | sell ana-lima 100 --date 2026-12-01
3 | date         | "tomorrow"                               | pay ana-souza 10 --date tomorrow
3 | date         | "+99999d"                                | pay ana-souza 10 --date +99999d
3 | date         | "next tuesday"                           | sell ana-lima 100 --date "next tuesday"
3 | first-due    | "2026-13-01"                             | sell ana-lima 100 --first-due 2026-13-01
3 | as-of        | "2026-02-30"                             | due --as-of 2026-02-30
3 | since        | "2026-02-30"                             | add-customer Carla --since 2026-02-30
# -- counts, rates, periods (exit 3)
3 | installments | "0"                                      | sell ana-lima 100 -n 0
3 | installments | "-1"                                     | sell ana-lima 100 --installments -1
3 | installments | "361"                                    | sell ana-lima 100 -n 361
3 | installments | "abc"                                    | sell ana-lima 100 -n abc
3 | rate         | "-1"                                     | sell ana-lima 100 -n 3 --rate -1
3 | rate         | "101"                                    | sell ana-lima 100 -n 3 --rate 101
3 | rate         | "abc"                                    | sell ana-lima 100 -n 3 --rate abc
3 | rate         | "1.234"                                  | sell ana-lima 100 -n 3 --rate 1.234
3 | every        | "0d"                                     | sell ana-lima 100 -n 3 --every 0d
3 | every        | "2m"                                     | sell ana-lima 100 -n 3 --every 2m
3 | every        | "abc"                                    | sell ana-lima 100 -n 3 --every abc
# -- documents, contacts, enumerations, request ids (exit 3)
3 | doc          | "529.982.247-24"                         | add-customer Carla --doc 529.982.247-24
3 | doc          | "1234567890"                             | add-customer Carla --doc 1234567890
3 | doc          | "111.111.111-11"                         | add-customer Carla --doc 111.111.111-11
3 | doc          | "11.222.333/0001-82"                     | add-customer Carla --doc 11.222.333/0001-82
3 | email        | "ana@example.com\x0d\x0aBcc: x@evil.example" | add-customer Carla --email "ana@example.com${CR}${NL}Bcc: x@evil.example"
3 | email        | "-oQ./q"                                 | add-customer Carla --email -oQ./q
3 | email        | "ana.example.com"                        | edit-customer ana-lima --email ana.example.com
3 | phone        | "-oQ"                                    | add-customer Carla --phone -oQ
3 | phone        | "abcdefghij"                             | add-customer Carla --phone abcdefghij
3 | channel      | "telegram"                               | add-customer Carla --channel telegram
3 | method       | "bitcoin"                                | pay ana-souza 10 --method bitcoin
3 | request-id   | "a b"                                    | pay ana-souza 10 --request-id "a b"
3 | request-id   | "rrrrrrrrrrrrrrrrrrrrrrrrrrrrrr          | pay ana-souza 10 --request-id "$(rep r 65)"
3 | request-id   | "-rf"                                    | pay ana-souza 10 --request-id -rf
3 | format       | "bogus"                                  | due --format=bogus
3 | format       | "xml"                                    | pay ana-souza 10 --format xml
# -- refused by a rule (exit 5)
5 | amount       | 5000                                     | pay ana-souza 5000
5 | amount       | bruno-costa                              | pay bruno-costa 10
5 | date         | 2026-09-15                               | pay ana-souza 10 --date 2026-09-15
# -- usage (exit 2): FIELD is the command or option the line must name
2 | frobnicate   | unknown command                          | frobnicate
2 | --colour     | unknown option                           | pay ana-souza 10 --colour
2 | -x           | unknown option                           | sell ana-lima 100 -x
2 | pay          | missing                                  | pay ana-souza
2 | show         | unexpected                               | show ana-souza extra
2 | --date       | twice                                    | pay ana-souza 10 --date 2026-11-01 --date 2026-11-02
2 | --date       | needs a value                            | pay ana-souza 10 --date
2 | --overdue    | takes no value                           | due --overdue=yes
# ids are random (DESIGN §3): there is no --id to smuggle a path through
2 | --id         | unknown option                           | add-customer Ana --id ../x
EOF

test_expect 'an ambiguous name fragment lists every candidate' '
	run_cobra 4 -C s pay ana 10 &&
	one_error_line &&
	grep "^cobra: error: customer: .*ambiguous" err | grep ana-souza | grep -q ana-lima
'

test_expect 'after all the rows: still six commits, a clean tree and a clean check' '
	[ "$(commit_count s)" -eq 6 ] &&
	assert_clean s &&
	run_cobra 0 -C s check &&
	! grep -rq -e "amount=99999" -e "pwned" -e "evil.example" s/customers s/cobra.ini
'

test_expect 'shell metacharacters in a name are stored verbatim and never run' '
	name="\$(touch pwned) \`touch pwned2\`;touch pwned3|cat&" &&
	before_n=$(commit_count s) &&
	run_cobra 0 -C s add-customer "$name" &&
	[ "$(commit_count s)" -eq $((before_n + 1)) ] &&
	assert_clean s &&
	f=$(grep -rlF "name = $name" s/customers) &&
	[ "$(grep -c "^name = " "$f")" -eq 1 ] &&
	[ "$(grep "^name = " "$f")" = "name = $name" ] &&
	h=$(sed -n "s/^handle = //p" "$f") &&
	run_cobra 0 -C s show "$h" --format=json &&
	grep -qF "$name" out &&
	run_cobra 0 -C s customers &&
	grep -qF "$name" out &&
	[ -z "$(find "$TRASH" "$HOME" -name "pwned*" -print)" ]
'

# Amount parsing must not depend on LC_NUMERIC (DESIGN §4, §9): the same
# argument gives the same result and the same record bytes in C and pt_BR.
# The result is compared as --format json: the human receipt is translated.
if locale -a 2>/dev/null | grep -qix 'pt_BR.utf8\|pt_BR.UTF-8'; then
	HAVE_PTBR=1
else
	HAVE_PTBR=
	say "# skipped: the pt_BR.UTF-8 half of the locale test (locale -a has no pt_BR.utf8); the LC_ALL=C half runs"
fi

# mask_ids FILE: replaces the random ids, which differ between two stores.
mask_ids() { sed -e 's/[0-9a-f]\{20\}/EVENTID/g' -e 's/[0-9a-f]\{10\}/SHORTID/g' "$1"; }

test_expect 'sell X 1.234,56 is 1234.56 under LC_ALL=C (and the same bytes under pt_BR.UTF-8)' '
	rm -rf lc_c lc_br &&
	cp -a s lc_c &&
	run_cobra 0 -C lc_c sell ana-lima 1.234,56 --date 2026-11-01 --format json &&
	grep -q "\"total\": \"1234.56\"" out &&
	mask_ids out >out_c &&
	f=$(ls lc_c/customers/*/*-ana-lima.ini) &&
	grep -qx "total = 1234.56" "$f" &&
	grep -qx "due.1 = 2026-12-01 1234.56" "$f" &&
	assert_clean lc_c &&
	if [ -n "$HAVE_PTBR" ]; then
		cp -a s lc_br &&
		br=$(locale -a | grep -ix "pt_BR.utf8\|pt_BR.UTF-8" | head -n 1) &&
		LC_ALL=$br LANG=$br LC_NUMERIC=$br "$COBRA" -C lc_br sell ana-lima 1.234,56 --date 2026-11-01 \
			--format json >out 2>err &&
		mask_ids out >out_br &&
		cmp out_c out_br &&
		g=$(ls lc_br/customers/*/*-ana-lima.ini) &&
		mask_ids "$f" >rec_c &&
		mask_ids "$g" >rec_br &&
		cmp rec_c rec_br
	fi
'

test_expect '2024-02-29 is a real day: a sale on it is accepted' '
	rm -rf leap &&
	cp -a s leap &&
	run_cobra 0 -C leap sell ana-lima 10 --date 2024-02-29 &&
	f=$(ls leap/customers/*/*-ana-lima.ini) &&
	grep -qx "date = 2024-02-29" "$f" &&
	grep -qx "due.1 = 2024-03-29 10.00" "$f" &&
	assert_clean leap
'

test_done
