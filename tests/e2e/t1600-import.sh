#!/bin/sh
# import: customers and debts from CSV, every bad row reported, one commit or none.
. "$(dirname "$0")/lib.sh"

new_store s

# cpf NINE_DIGITS: the CPF with its two check digits (mod 11, weights 10..2
# then 11..2), computed here and not by cobra.
cpf() {
	echo "$1" | awk '{
		for (i = 1; i <= 9; i++) d[i] = substr($1, i, 1)
		s = 0; for (i = 1; i <= 9; i++) s += d[i] * (11 - i)
		r = s % 11; d[10] = r < 2 ? 0 : 11 - r
		s = 0; for (i = 1; i <= 10; i++) s += d[i] * (12 - i)
		r = s % 11; d[11] = r < 2 ? 0 : 11 - r
		for (i = 1; i <= 11; i++) printf "%s", d[i]; printf "\n" }'
}

# gen good|bad: 40 customers, columns in a free order; row I is on line I+1.
# Even rows have a CPF (written 123.456.789-01, kept as digits); limits
# alternate between Brazilian, international and plain forms. The bad file
# has eight bad rows, one problem each (line: field):
#   4 doc (check digits), 7 email, 10 phone (4 digits), 13 limit (1.234 is
#   ambiguous), 18 channel, 22 name (blank), 27 doc (line 3's), 33 handle.
gen() {
	printf 'Email,name,DOC,phone,limit,channel,note,handle,since\n'
	i=1
	while [ $i -le 40 ]; do
		n=$(printf %02d $i)
		name="Cliente $n" doc="" handle="" since="" email="cliente$n@example.com" phone="(11) 9876-54$n"
		if [ $((i % 2)) -eq 0 ]; then
			d=$(cpf "$((300000000 + i * 7919))")
			doc=$(echo "$d" | sed 's/\(...\)\(...\)\(...\)\(..\)/\1.\2.\3-\4/')
		fi
		case $((i % 4)) in 0) limit='"1.234,56"' ;; 1) limit='"1,234.56"' ;; 2) limit=500 ;; 3) limit= ;; esac
		case $((i % 3)) in 0) ch=email ;; 1) ch=sms ;; 2) ch= ;; esac
		[ $i -eq 9 ] && name='"Souza, João ""Jota"""'
		[ $i -eq 12 ] && handle=dona-benta
		[ $i -eq 1 ] && since=22/10/2026
		if [ "$1" = bad ]; then
			case $i in
			3) doc=123.456.789-00 ;;
			6) email=cliente06-at-example ;;
			9) phone="12 34" ;;
			12) limit=1.234 ;;
			17) ch=pigeon ;;
			21) name=" " ;;
			26) doc=$(cpf "$((300000000 + 2 * 7919))") ;;
			32) handle="Dona Benta!" ;;
			esac
		fi
		printf '%s,%s,%s,%s,%s,%s,"nota, com vírgula",%s,%s\n' \
			"$email" "$name" "$doc" "$phone" "$limit" "$ch" "$handle" "$since"
		i=$((i + 1))
	done
}
gen good >good.csv
gen bad >bad.csv

test_expect 'the test files are what they claim' '
	test $(wc -l <good.csv) = 41 && test $(wc -l <bad.csv) = 41 &&
	test $(diff good.csv bad.csv | grep -c "^<") = 8
'

test_expect 'a file with 8 bad rows is refused whole: 8 FILE:LINE: field: messages, nothing changed' '
	head -n 1 good.csv >header-only.csv &&
	run_cobra 0 -C s import customers header-only.csv &&
	snapshot s >before &&
	run_cobra 3 -C s import customers bad.csv &&
	test ! -s "$OUT" &&
	grep -v "^cobra: error: " "$ERR" | cut -d: -f1-3 >got &&
	printf "%s\n" "bad.csv:4: doc" "bad.csv:7: email" "bad.csv:10: phone" "bad.csv:13: limit" \
		"bad.csv:18: channel" "bad.csv:22: name" "bad.csv:27: doc" "bad.csv:33: handle" >want &&
	diff want got &&
	grep -q "^bad.csv:27: doc: .* the same document as line 3$" "$ERR" &&
	grep -q "^bad.csv:13: limit: \"1.234\"" "$ERR" &&
	tail -n 1 "$ERR" | grep -q "^cobra: error: bad.csv: 8 bad rows; nothing was imported$" &&
	snapshot s >after && diff before after
'

test_expect '--dry-run checks and writes nothing' '
	c0=$(commit_count s) &&
	run_cobra 0 -C s import customers good.csv --dry-run &&
	grep -q "40 customers would be imported" "$OUT" &&
	test $(commit_count s) = $c0
'

test_expect 'the corrected file imports in one commit' '
	c0=$(commit_count s) &&
	run_cobra 0 -C s import customers good.csv &&
	test $(commit_count s) = $((c0 + 1)) &&
	test "$(git -C s log -1 --format=%s)" = "import: 40 customers from good.csv" &&
	git -C s log -1 --format=%B | grep -q "^Cobra-Command: import$" &&
	test $(git -C s show --stat --format= HEAD | grep -c "customers/") = 40 &&
	assert_clean s
'

test_expect 'the customers are the rows of the file (customers --format tsv)' '
	run_cobra 0 -C s customers --format tsv &&
	cut -f2- "$OUT" | tail -n +2 | LC_ALL=C sort >got &&
	i=1 &&
	while [ $i -le 40 ]; do
		n=$(printf %02d $i) h="cliente-$n" name="Cliente $n" doc=""
		[ $((i % 2)) -eq 0 ] && doc=$(cpf "$((300000000 + i * 7919))")
		[ $i -eq 9 ] && h=souza-joao-jota name="Souza, João \"Jota\""
		[ $i -eq 12 ] && h=dona-benta
		printf "%s\t%s\t%s\t11987654%s\tcliente%s@example.com\n" "$h" "$name" "$doc" "$n" "$n"
		i=$((i + 1))
	done | LC_ALL=C sort >want &&
	diff want got
'

test_expect 'values are read by the command line rules (limits, dates, quotes)' '
	f() { cat s/customers/*/*-"$1".ini; } &&
	f cliente-01 | grep -q "^since = 2026-10-22$" &&
	f cliente-01 | grep -q "^limit = 1234.56$" &&
	f cliente-02 | grep -q "^limit = 500.00$" &&
	f cliente-04 | grep -q "^limit = 1234.56$" &&
	! f cliente-03 | grep -q "^limit" &&
	f cliente-03 | grep -q "^channel = email$" &&
	f cliente-02 | grep -q "^since = 2026-11-22$" &&
	f cliente-02 | grep -q "^note = nota, com vírgula$" &&
	f souza-joao-jota | grep -q "^name = Souza, João \"Jota\"$"
'

test_expect 'duplicates against the store: same document, same handle' '
	snapshot s >before &&
	{ head -n 1 good.csv; sed -n 3p good.csv | sed "s/Cliente 02/Outra Pessoa/"; \
	  printf "x@example.com,Nova,,,,,,dona-benta,\n"; } >dup.csv &&
	run_cobra 3 -C s import customers dup.csv &&
	grep -q "^dup.csv:2: doc: .* is already a customer.s document$" "$ERR" &&
	grep -q "^dup.csv:3: handle: \"dona-benta\" is already a customer.s handle$" "$ERR" &&
	snapshot s >after && diff before after
'

test_expect 'duplicates within the file; a made-up handle never takes one a row asked for' '
	new_store d &&
	d1=$(cpf 111444777) &&
	printf "name,doc,handle\nAna,%s,\nBia,%s,\n" "$d1" "$d1" >dupf.csv &&
	run_cobra 3 -C d import customers dupf.csv &&
	grep -q "^dupf.csv:3: doc: .* the same document as line 2$" "$ERR" &&
	printf "name,handle\nMaria Silva,\nOutra,maria-silva\n" >h.csv &&
	run_cobra 0 -C d import customers h.csv &&
	ls d/customers/*/ | grep -q -- "-maria-silva-2.ini$" &&
	grep -l "^name = Outra$" d/customers/*/*-maria-silva.ini
'

test_expect 'CSV: BOM, CRLF, quoted line breaks, semicolons, blank lines' '
	new_store c &&
	printf "\357\273\277name;limit;note\r\n\"Ana; Souza\";\"1.234,56\";\"a \"\"b\"\"\"\r\n\r\n;;\r\nBeto;22,50;\r\n" >semi.csv &&
	run_cobra 0 -C c import customers semi.csv &&
	grep -q "^imported 2 customers" "$OUT" &&
	grep -q "^limit = 1234.56$" c/customers/*/*-ana-souza.ini &&
	grep -q "^limit = 22.50$" c/customers/*/*-beto.ini &&
	grep -q "^note = a \"b\"$" c/customers/*/*-ana-souza.ini &&
	printf "name,note\nAna,\"two\nlines\"\n,ok\n" >nl.csv &&
	run_cobra 3 -C c import customers nl.csv &&
	grep -q "^nl.csv:2: note: .* contains a control character$" "$ERR" &&
	grep -q "^nl.csv:4: name: must not be empty$" "$ERR" &&
	printf "name,note\nAna,\"a\nb\"\nBia,\"x\"y\n" >q.csv &&
	run_cobra 3 -C c import customers q.csv &&
	grep -q "^cobra: error: q.csv:4: text after the closing quote" "$ERR" &&
	printf "name,note\nAna,\"never closed\nBia,x\n" >q2.csv &&
	run_cobra 3 -C c import customers q2.csv &&
	grep -q "^cobra: error: q2.csv:2: a quoted field is never closed$" "$ERR" &&
	printf "name,note\nAna\nBia,x,y\n" >w.csv &&
	run_cobra 3 -C c import customers w.csv &&
	grep -q "^w.csv:2: row: 1 field, the header has 2$" "$ERR" &&
	grep -q "^w.csv:3: row: 3 fields, the header has 2$" "$ERR" &&
	printf "name\n\357\273\277Ana\n" >bom.csv &&
	run_cobra 3 -C c import customers bom.csv &&
	grep -q "^bom.csv:2: name: " "$ERR"
'

test_expect 'the header: unknown, repeated and missing columns' '
	printf "name,e-mail,Name\nAna,a@b.c,Ana\n" >hd.csv &&
	run_cobra 3 -C c import customers hd.csv &&
	grep -q "^hd.csv:1: header: column 2 \"e_mail\" is not one of name, doc," "$ERR" &&
	grep -q "^hd.csv:1: header: column \"name\" is given twice (columns 1 and 3)$" "$ERR" &&
	printf "doc\n\n" >hm.csv &&
	run_cobra 3 -C c import customers hm.csv &&
	grep -q "^hm.csv:1: header: the column \"name\" is missing$" "$ERR"
'

test_expect 'an empty file is an error; a header-only file imports nothing' '
	snapshot c >before &&
	: >empty.csv &&
	run_cobra 3 -C c import customers empty.csv && one_error_line &&
	grep -q "empty.csv: the file is empty" "$ERR" &&
	printf "name,doc\r\n" >header.csv &&
	run_cobra 0 -C c import customers header.csv &&
	grep -q "0 customers; nothing to import" "$OUT" &&
	snapshot c >after && diff before after &&
	run_cobra 2 -C c import clients header.csv &&
	run_cobra 3 -C c import customers missing.csv
'

# Debts, on the store of 40 customers. By hand (cobra.ini: late fee 2%,
# interest 1% a month pro rata, no grace), as of 2026-11-22:
#  cliente-01: 1.200,00 sold 22/08/2026 in 3 from 2026-09-22: 400.00 each.
#    #1 61 days late: fee 8.00, interest 400 x 1% x 61/30 = 8.1333 -> 8.13
#    #2 31 days late: fee 8.00, interest 400 x 1% x 31/30 = 4.1333 -> 4.13
#    #3 due today: nothing.
#  Cliente 02 (a name, resolved): 1,234.56 on 2026-11-01, 2 every 15d:
#    123456 / 2 = 617.28 each, due 2026-11-16 and 2026-12-01;
#    paid 234.56 on 2026-11-10 (paid_date), before any due date: all principal
#    of #1, which keeps 617.28 - 234.56 = 382.72 open, 6 days late:
#    fee 382.72 x 2% = 7.6544 -> 7.65, interest 382.72 x 1% x 6/30 = 0.76544 -> 0.77
#  dona-benta: R$ 99,90 today in 1: due 2026-12-22.
# Total sold 1200.00 + 1234.56 + 99.90 = 2534.46.
{
	printf 'Customer,amount,date,installments,first_due,every,paid,paid_date,description\r\n'
	printf 'cliente-01,"1.200,00",22/08/2026,3,2026-09-22,,,,"geladeira, usada"\r\n'
	printf 'Cliente 02,"1,234.56",2026-11-01,2,,15d,"234,56",10/11/2026,\r\n'
	printf 'dona-benta,"R$ 99,90",,,,,,,fiado\r\n'
} >debts.csv

test_expect 'a bad debts file is refused whole' '
	snapshot s >before &&
	{
		printf "customer,amount,date,installments,down,paid\n"
		printf "ninguem,10,,,,\n"
		printf "cliente-01,10,2026-12-01,,,\n"
		printf "cliente-01,10,,,10,\n"
		printf "cliente-01,10,,0,,\n"
		printf "cliente-01,10,2026-11-01,,,11\n"
		printf "cliente,10,,,,\n"
		printf "cliente-01,abc,,,,\n"
	} >baddebts.csv &&
	run_cobra 3 -C s import debts baddebts.csv &&
	grep -v "^cobra: error: " "$ERR" | cut -d: -f1-3 >got &&
	printf "%s\n" "baddebts.csv:2: customer" "baddebts.csv:3: date" "baddebts.csv:4: down" \
		"baddebts.csv:5: installments" "baddebts.csv:6: paid" "baddebts.csv:7: customer" \
		"baddebts.csv:8: amount" >want &&
	diff want got &&
	grep -q "^baddebts.csv:7: customer: \"cliente\" is ambiguous" "$ERR" &&
	grep -q "^baddebts.csv:6: paid: 11.00 is more than the 10.00 owed" "$ERR" &&
	snapshot s >after && diff before after
'

test_expect 'debts import in one commit; due agrees to the cent' '
	c0=$(commit_count s) &&
	run_cobra 0 -C s import debts debts.csv &&
	test $(commit_count s) = $((c0 + 1)) &&
	test "$(git -C s log -1 --format=%s)" = "import: 3 debts totalling 2534.46 from debts.csv" &&
	git -C s log -1 --format=%B | grep -q "^Cobra-Amount: 2534.46$" &&
	test $(git -C s show --stat --format= HEAD | grep -c "customers/") = 3 &&
	assert_clean s &&
	run_cobra 0 -C s due --format tsv &&
	awk -F"\t" -v OFS=" " "NR > 1 { print \$2, \$5, \$6, \$7, \$8, \$9, \$10, \$11 }" "$OUT" | sort >got &&
	sort >want <<-EOF &&
	cliente-01 1 2026-09-22 61 400.00 8.00 8.13 416.13
	cliente-01 2 2026-10-22 31 400.00 8.00 4.13 412.13
	cliente-01 3 2026-11-22 0 400.00 0.00 0.00 400.00
	cliente-02 1 2026-11-16 6 382.72 7.65 0.77 391.14
	cliente-02 2 2026-12-01 0 617.28 0.00 0.00 617.28
	dona-benta 1 2026-12-22 0 99.90 0.00 0.00 99.90
	EOF
	diff want got &&
	grep -q "^description = geladeira, usada$" s/customers/*/*-cliente-01.ini &&
	grep -q "^ref = import$" s/customers/*/*-cliente-02.ini &&
	run_cobra 0 -C s check
'

test_expect 'an import killed at any instant leaves all of it or none (bulk commit path)' '
	awk "BEGIN { print \"name\"; for (i = 1; i <= 1500; i++) print \"K \" i }" >kill.csv &&
	for delay in 0.05 0.1 0.2 0.3 0.4 0.6 0.8 1.2; do
		new_store k &&
		{ "$COBRA" -C k import customers kill.csv >/dev/null 2>&1 & pid=$!; } &&
		sleep $delay && kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
		"$COBRA" -C k recover >/dev/null 2>&1
		n=$(git -C k ls-tree -r --name-only HEAD | grep -c "^customers/")
		[ "$n" -eq 0 ] || [ "$n" -eq 1500 ] || { echo "after $delay s: $n customers"; exit 1; }
		assert_clean k || { echo "after $delay s"; exit 1; }
		"$COBRA" -C k check >/dev/null || { echo "check fails after $delay s"; exit 1; }
	done
'

test_expect 'a progress bar on a terminal for a large file, none otherwise' '
	new_store p &&
	awk "BEGIN { print \"name\"; for (i = 1; i <= 5001; i++) print \"P \" i }" >many.csv &&
	script -qec "\"$COBRA\" -C p import customers many.csv --dry-run" /dev/null >tty.out &&
	grep -q "checking *\[#########################\] 100% 5001/5001 rows" tty.out &&
	run_cobra 0 -C p import customers many.csv --dry-run &&
	! grep -q "rows" "$ERR"
'

test_done
