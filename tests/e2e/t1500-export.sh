#!/bin/sh
# export: the journal read by the real ledger, hledger and bean-check gives
# each customer the receivable that `cobra due --by-customer` says is owed, to
# the cent, on a store with partial payments, late charges, an early-payment
# discount, a Price plan with a down payment, agreements (one in full with a
# discount, one in installments) and a broken agreement; CSV and JSON carry the
# same postings; spreadsheet formulas stay text through LibreOffice.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
. "$(dirname "$0")/lib.sh"

for tool in ledger hledger bean-check bean-query soffice python3; do
	if ! command -v $tool >/dev/null; then
		test_expect "$tool is installed (make check installs it)" 'false'
	fi
done

new_store s
(
	cd s &&
	sed -i "s/^;early_discount = .*/early_discount = 2.00/; s/^;early_days = .*/early_days = 5/" cobra.ini &&
	git commit -qam "policy: 2% off 5 days early" &&
	for n in "Maria Silva" "Jose Lima" "Ana Reis" "Bia Costa" "Rui Alves" "Lia Melo" \
		'=HYPERLINK("http://x.invalid","y")' "+1" "-2" "@x"; do
		"$COBRA" add-customer -- "$n" || exit 1
	done &&
	# maria: 3 x 100.00 due 09-01, 10-01, 11-01; 50.00 on 09-20, 19 days late
	# on the first: interest 100.00 x 1% x 19/30 = 0.6333 -> 0.63, fee 2.00,
	# principal 50.00 - 2.63 = 47.37
	"$COBRA" sell maria 300 -n 3 --date 2026-08-01 --desc "Geladeira; nova" &&
	"$COBRA" pay maria 50 --date 2026-09-20 --method pix &&
	# jose: 3 x 100.00 from 12-20; 98.00 today, 28 days early: 2% = 2.00 off
	"$COBRA" sell jose 300 -n 3 --date 2026-11-20 --first-due 2026-12-20 &&
	"$COBRA" pay jose 98 &&
	# ana: an agreement in installments, partly paid
	"$COBRA" sell ana 200 -n 2 --date 2026-08-01 &&
	"$COBRA" negotiate ana --accept 2 --first-due 2026-11-30 &&
	# lia: an agreement in full, with the book's 5% discount (tier 2)
	"$COBRA" sell lia 100 --date 2026-09-01 &&
	"$COBRA" negotiate lia --accept 1 &&
	# bia: an agreement that will be broken
	"$COBRA" sell bia 300 -n 3 --date 2026-08-01 &&
	"$COBRA" negotiate bia --accept 2 --first-due 2026-11-30 &&
	# rui: 1000.00, 200.00 down, 800.00 at 2% a month in 4: Price payment
	# 800 x 0.02 / (1 - 1.02^-4) = 210.099... -> 210.10; 4 x 210.10 = 840.40,
	# financing 40.40; paid by card
	"$COBRA" sell rui 1000 --down 200 -n 4 --rate 2 --date 2026-10-01 &&
	"$COBRA" pay rui 150 --method card --ref "=cmd" &&
	"$COBRA" sell hyperlink 10 --desc "=1+2" --date 2026-11-01 &&
	"$COBRA" sell 1 10 --date 2026-11-01 && "$COBRA" sell 2 10 --date 2026-11-01 &&
	"$COBRA" sell x 10 --date 2026-11-01 &&
	COBRA_TODAY=2026-11-30 "$COBRA" pay ana 30 --date 2026-11-30 &&
	COBRA_TODAY=2026-12-30 "$COBRA" pay bia 30 --date 2026-12-30 &&
	COBRA_TODAY=2027-01-22 "$COBRA" negotiate bia --break \
		"$(sed -n "s/^\[agreement \([0-9a-f]*\)\]$/\1/p" customers/*/*-bia-costa.ini)"
) >/dev/null 2>"$TRASH/setup.err" || { cat "$TRASH/setup.err"; exit 1; }

# "handle cents" per line, sorted: what due says each customer owes on $1
due_owed() {
	(cd s && COBRA_TODAY=$1 "$COBRA" due --by-customer --format tsv) | tail -n +2 |
		awk -F'\t' '{c = $10; sub(/\./, "", c); print $2, c + 0}' | sort
}
# the same from "AMOUNT BRL  Assets:Receivable:HANDLE" lines (ledger, hledger)
journal_owed() {
	awk '$3 ~ /^Assets:Receivable:/ && $1 != 0 {
		h = $3; sub(/^Assets:Receivable:/, "", h); c = $1; sub(/\./, "", c); print h, c + 0 }' | sort
}

for asof in 2026-12-15 2027-02-10; do
	test_expect "ledger: each customer's receivable is what due says on $asof" '
		(cd s && COBRA_TODAY=$asof "$COBRA" export --format ledger) >j.ledger &&
		ledger -f j.ledger --flat --no-total --empty balance ^Assets:Receivable: >bal &&
		journal_owed <bal >got && due_owed $asof >want && test -s want &&
		[ "$(wc -l <want)" -eq 10 ] && diff want got
	'
	test_expect "hledger: each customer's receivable is what due says on $asof" '
		(cd s && COBRA_TODAY=$asof "$COBRA" export --format hledger) >j.hledger &&
		hledger -f j.hledger balance --flat --no-total ^Assets:Receivable: >bal &&
		journal_owed <bal >got && due_owed $asof >want && diff want got
	'
	test_expect "beancount: bean-check finds no error, bean-query agrees with due on $asof" '
		(cd s && COBRA_TODAY=$asof "$COBRA" export --format beancount) >j.bean &&
		bean-check j.bean >check.out 2>&1 && ! test -s check.out &&
		bean-query -f csv j.bean "SELECT account, sum(number) AS n WHERE account ~ \"^Assets:Receivable:\" GROUP BY account" |
			tail -n +2 | tr -d " " |
			awk -F, "\$2 != 0 { h = \$1; sub(/^Assets:Receivable:/, \"\", h); c = \$2; sub(/\\./, \"\", c);
				print tolower(substr(h, 1, 1)) substr(h, 2), c + 0 }" | sort >got &&
		due_owed $asof >want && diff want got
	'
done

test_expect 'every transaction balances and the books sum to zero (ledger, hledger)' '
	ledger -f j.ledger balance >all && tail -n 1 all | grep -qx " *0" &&
	hledger -f j.hledger check
'

# By hand, from the comments of the set-up.
test_expect 'the postings of a partial late payment, an early discount and a Price plan' '
	ledger -f j.ledger --flat --no-total balance "^Income:Discounts:EarlyPayment" | grep -q "^ *2.00 BRL" &&
	ledger -f j.ledger --flat --no-total balance "^Income:Financing" | grep -q "^ *-40.40 BRL" &&
	ledger -f j.ledger --flat --no-total balance "^Assets:Bank:Pix" | grep -q "^ *50.00 BRL" &&
	ledger -f j.ledger --flat --no-total -p 2026-09-20 balance "^Income:(Interest|LateFees)" >p &&
	grep -q "^ *-0.63 BRL *Income:Interest" p && grep -q "^ *-2.00 BRL *Income:LateFees" p &&
	ledger -f j.ledger --flat --no-total -p 2026-10-01 balance "^Assets:Cash" | grep -q "^ *200.00 BRL"
'

# lia: 100.00 due 2026-10-01, 52 days late on 2026-11-22: fee 2.00, interest
# 100.00 x 1% x 52/30 = 1.7333 -> 1.73; in full: both waived, 5% of the
# principal off = 5.00, new debt 95.00
test_expect 'an agreement books its charges, what it waived and its discount' '
	ledger -f j.ledger --flat --no-total -p 2026-11-22 balance "^Income:" and @Lia >lia &&
	grep -q "^ *-2.00 BRL *Income:LateFees$" lia && grep -q "^ *-1.73 BRL *Income:Interest$" lia &&
	grep -q "^ *2.00 BRL *Income:Waivers:LateFees$" lia && grep -q "^ *1.73 BRL *Income:Waivers:Interest$" lia &&
	grep -q "^ *5.00 BRL *Income:Discounts:Agreement$" lia
'

# "txn amount account handle" rows of a CSV export, read by Python's csv module
test_expect 'CSV: RFC 4180 with a header, one row per posting, each transaction balances, same receivables' '
	(cd s && COBRA_TODAY=2027-02-10 "$COBRA" export --format csv) >x.csv &&
	head -n 1 x.csv | grep -qx "txn,date,kind,record,ref,customer,handle,name,text,account,amount" &&
	python3 - x.csv >got <<-EOF &&
	import csv, sys, collections
	rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
	txn = collections.Counter(); owed = collections.Counter()
	for r in rows:
	    cents = int(r["amount"].replace(".", ""))
	    txn[r["txn"]] += cents
	    if r["account"].startswith("Assets:Receivable:"):
	        owed[r["account"].split(":")[2]] += cents
	assert all(v == 0 for v in txn.values()), txn
	for h in sorted(owed):
	    if owed[h]:
	        print(h, owed[h])
	EOF
	due_owed 2027-02-10 >want && diff want got
'

test_expect 'CSV: names that a spreadsheet would run are neutralised with a quote' '
	python3 - x.csv <<-EOF
	import csv, sys
	names = {r["name"] for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))}
	for n in ("=HYPERLINK(\"http://x.invalid\",\"y\")", "+1", "-2", "@x"):
	    assert "\x27" + n in names and n not in names, (n, names)
	EOF
'

test_expect 'JSON: the same postings' '
	(cd s && COBRA_TODAY=2027-02-10 "$COBRA" export --format json) >x.json &&
	python3 - x.json x.csv <<-EOF
	import csv, json, sys
	j = json.load(open(sys.argv[1], encoding="utf-8"))
	c = list(csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8")))
	assert len(j) == len(c) > 0
	for a, b in zip(j, c):
	    assert str(a["txn"]) == b["txn"] and a["amount"] == b["amount"] and a["account"] == b["account"], (a, b)
	    assert a["name"] == b["name"].lstrip("\x27") or a["name"] == b["name"]
	assert any(r["name"] == "=HYPERLINK(\"http://x.invalid\",\"y\")" for r in j)
	EOF
'

# LibreOffice opens the CSV: no cell becomes a formula, the names stay text.
lo() { soffice -env:UserInstallation=file://$TRASH/lo-profile --headless "$@" >lo.out 2>&1; }
test_expect 'LibreOffice: the CSV opens with no formula and the names as text (xlsx and csv round trip)' '
	lo --convert-to xlsx --outdir lo x.csv && test -f lo/x.xlsx &&
	python3 - lo/x.xlsx <<-EOF &&
	import re, sys, zipfile
	z = zipfile.ZipFile(sys.argv[1])
	sheet = z.read("xl/worksheets/sheet1.xml").decode()
	assert "<f>" not in sheet and "<f " not in sheet, "a cell became a formula"
	strings = re.findall(r"<si><t[^>]*>(.*?)</t></si>", z.read("xl/sharedStrings.xml").decode())
	for n in ("&apos;=HYPERLINK(&quot;http://x.invalid&quot;,&quot;y&quot;)", "&apos;+1", "&apos;-2", "&apos;@x"):
	    assert n in strings, n
	EOF
	lo --convert-to csv --outdir back x.csv &&
	python3 - back/x.csv x.csv <<-EOF
	import csv, sys
	back = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
	orig = list(csv.reader(open(sys.argv[2], newline="", encoding="utf-8")))
	assert len(back) == len(orig)
	for b, o in zip(back, orig):
	    assert b[7] == o[7] and b[9] == o[9], (b, o)   # name, account: text as it was
	    assert o[10] == "amount" or int(round(float(b[10]) * 100)) == int(o[10].replace(".", ""))
	EOF
'

test_expect 'export changes nothing and makes no commit' '
	before=$(snapshot s) && n=$(commit_count s) &&
	(cd s && "$COBRA" export >/dev/null && "$COBRA" export --format beancount >/dev/null) &&
	[ "$(snapshot s)" = "$before" ] && [ "$(commit_count s)" -eq "$n" ] && assert_clean s
'

test_expect 'a bad --format or --as-of is exit 3 with nothing on stdout' '
	cd s &&
	run_cobra 3 export --format xlsx && one_error_line && grep -q "ledger|hledger|beancount|csv|json" "$ERR" &&
	run_cobra 3 export --as-of 2026-02-30 && one_error_line
'

test_expect 'an empty store exports a valid, empty journal' '
	new_store empty && (cd empty && "$COBRA" export --format beancount) >e.bean && bean-check e.bean &&
	(cd empty && "$COBRA" export) >e.ledger && ledger -f e.ledger balance >/dev/null
'

test_expect 'bash completion offers the export formats' '
	mkdir -p bin && ln -sf "$COBRA" bin/cobra &&
	SRC="$SRC" PATH="$TRASH/bin:$PATH" bash -c ". /usr/share/bash-completion/bash_completion;
		. \"$SRC/completions/cobra.bash\"; COMP_WORDS=(cobra export --format \"\"); COMP_CWORD=3;
		_cobra cobra \"\" --format; echo \"\${COMPREPLY[*]}\"" >got &&
	test "$(cat got)" = "ledger hledger beancount csv json"
'

test_done
