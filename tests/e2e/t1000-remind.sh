#!/bin/sh
# remind: the collection schedule, one action per customer at the most
# advanced step, holds, the minimum interval, channel commands given argv
# and stdin (never a shell), --send once and only once, even across a crash.
. "$(dirname "$0")/lib.sh"

# Channel commands of the test: each logs its argv and stdin.
mkdir -p bin
cat >bin/chan <<'EOF'
#!/bin/sh
log=$CHAN_LOG
{ printf 'argv:'; printf ' [%s]' "$@"; printf '\n'; cat; printf '\n--\n'; } >>"$log"
EOF
cat >bin/fail <<'EOF'
#!/bin/sh
echo "gateway said no" >&2
exit 3
EOF
# kills cobra (its parent) after logging: a crash in the middle of --send
cat >bin/crash <<'EOF'
#!/bin/sh
{ printf 'argv:'; printf ' [%s]' "$@"; printf '\n'; cat; printf '\n--\n'; } >>"$CHAN_LOG"
kill -9 $PPID
EOF
chmod +x bin/chan bin/fail bin/crash
export CHAN_LOG="$TRASH/chan.log"
config() {
	printf '[channels]\nemail = %s\nsms = %s\nwhatsapp = %s\ntimeout = 10\n' "$1" "$2" "$3" >"$TRASH/config.ini"
}
export COBRA_CONFIG="$TRASH/config.ini"
config "$TRASH/bin/chan" "$TRASH/bin/chan" "$TRASH/bin/chan"

# A store: maria prefers whatsapp, jose has only a phone, ana only an e-mail,
# bia only an address (letter), and a customer with nothing open.
setup() {
	new_store s --name "Loja Boa Vista" --doc 11222333000181
	(
		cd s &&
		printf 'email = cobranca@loja.example\naddress = Rua A, 1, Campinas/SP\npay_how = PIX ou dinheiro\n' >b.tmp &&
		sed -i "/^locale = /r b.tmp" cobra.ini && rm b.tmp &&
		git commit -qam "policy: contact data" &&
		"$COBRA" add-customer "Maria Silva" --phone "(11) 98765-4321" --email maria@example.com --channel whatsapp &&
		"$COBRA" add-customer "Jose Lima" --phone 11912345678 &&
		"$COBRA" add-customer "Ana Reis" --email ana@example.com &&
		"$COBRA" add-customer "Bia Costa" --address "Rua B, 2" &&
		"$COBRA" add-customer "Caio Paz" --phone 11911112222 &&
		# maria: due 2026-11-01 (21 days late today) and 2026-12-01
		"$COBRA" sell maria 200 -n 2 --date 2026-10-01 &&
		# jose: due 2026-11-25 (in 3 days: the friendly step)
		"$COBRA" sell jose 50 --date 2026-10-25 --first-due 2026-11-25 &&
		# ana: due today
		"$COBRA" sell ana 80 --date 2026-10-22 --first-due 2026-11-22 &&
		# bia: due 2026-10-01, 52 days late: the formal notice
		"$COBRA" sell bia 120 --date 2026-09-01 &&
		# caio: paid off
		"$COBRA" sell caio 30 --date 2026-10-01 && "$COBRA" pay caio 30 --date 2026-10-02
	) >/dev/null
}
setup

test_expect 'without --send: one action per customer at its most advanced step, nothing changes' '
	before=$(snapshot s) &&
	cd s && run_cobra 0 remind --format tsv && cd .. &&
	[ "$(snapshot s)" = "$before" ] &&
	# maria: 21 days late -> +10 offer; whatsapp is her own preference
	# (her second installment, due 2026-12-01, has reached no step yet)
	grep -q "^[0-9a-f]*	maria-silva	10	offer	whatsapp	11987654321	1	102.70	planned" "$OUT" &&
	# jose: -3 friendly by sms (the step'"'"'s first channel)
	grep -q "^[0-9a-f]*	jose-lima	-3	friendly	sms	11912345678	1	50.00	planned" "$OUT" &&
	# ana: due today, no phone: e-mail
	grep -q "^[0-9a-f]*	ana-reis	0	due-today	email	ana@example.com	1	80.00	planned" "$OUT" &&
	# bia: +30 notice by letter to her address
	grep -q "^[0-9a-f]*	bia-costa	30	notice	letter	Rua B, 2	1	" "$OUT" &&
	! grep -q caio-paz "$OUT" &&
	[ "$(grep -c . "$OUT")" -eq 5 ] &&
	! test -e chan.log
'

test_expect 'the rendered message names the creditor and the amounts, in Portuguese' '
	cd s && run_cobra 0 remind --customer ana --format json && cd .. &&
	grep -q "Loja Boa Vista" "$OUT" && grep -q "11.222.333/0001-81" "$OUT" &&
	grep -q "Rua A, 1, Campinas/SP" "$OUT" && grep -q "R\$ 80,00" "$OUT" &&
	grep -q "PIX ou dinheiro" "$OUT"
'

test_expect 'a WhatsApp step without a command prints a wa.me link with the message' '
	config "$TRASH/bin/chan" "" "" &&
	cd s && run_cobra 0 remind --customer maria && cd .. &&
	grep -q "https://wa.me/5511987654321?text=Ol%C3%A1%2C%20Maria" "$OUT" &&
	config "$TRASH/bin/chan" "$TRASH/bin/chan" "$TRASH/bin/chan"
'

test_expect '--step and --customer narrow the run; an unknown step is refused' '
	cd s &&
	run_cobra 0 remind --step -3 --format tsv && [ "$(grep -c . "$OUT")" -eq 2 ] && grep -q jose-lima "$OUT" &&
	run_cobra 0 remind --step offer --format tsv && grep -q maria-silva "$OUT" && ! grep -q jose "$OUT" &&
	run_cobra 3 remind --step 4 && one_error_line && grep -q "step: \"4\"" "$ERR" &&
	run_cobra 3 remind --send --as-of 2026-11-20 && one_error_line
'

test_expect 'hold skips a customer and says why; release brings it back' '
	cd s &&
	run_cobra 0 hold jose --reason "disputes the price" --kind dispute &&
	run_cobra 0 remind --format tsv && grep -q "jose-lima.*skipped	on hold (dispute): disputes the price" "$OUT" &&
	run_cobra 0 remind && grep -q "jose-lima.*skipped, on hold (dispute): disputes the price" "$OUT" &&
	run_cobra 5 hold ana --release && one_error_line &&
	run_cobra 0 hold jose --release &&
	run_cobra 0 remind --format tsv && grep -q "jose-lima.*planned" "$OUT" &&
	assert_clean .
'

test_expect '--send delivers through the commands (argv and stdin) and records it in one commit' '
	cd s && n=$(commit_count .) &&
	run_cobra 0 remind --send --format tsv &&
	[ "$(commit_count .)" -eq $((n + 1)) ] &&
	git log -1 --format=%s | grep -qx "remind: 3 sent, 0 failed, 1 by hand" &&
	git log -1 --format=%B | grep -qx "Cobra-Command: remind" &&
	grep -q "jose-lima.*sent" "$OUT" && grep -q "bia-costa.*manual	letter printed" "$OUT" &&
	# sms and whatsapp get the phone as the last argument, the text on stdin
	grep -qx "argv: \[11912345678\]" "$TRASH/chan.log" &&
	grep -qx "argv: \[11987654321\]" "$TRASH/chan.log" &&
	# e-mail gets a whole message on stdin
	grep -q "^To: Ana Reis <ana@example.com>" "$TRASH/chan.log" &&
	grep -q "^From: Loja Boa Vista <cobranca@loja.example>" "$TRASH/chan.log" &&
	jose=$(ls customers/*/*-jose-lima.ini) &&
	grep -qx "status = sent" "$jose" && grep -qx "step = -3" "$jose" && grep -q "^item.1 = [0-9a-f]*/1 -3$" "$jose" &&
	assert_clean .
'

test_expect 'the same run again sends nothing and commits nothing' '
	cd s && n=$(commit_count .) && lines=$(wc -l <"$TRASH/chan.log") &&
	run_cobra 0 remind --send &&
	[ "$(commit_count .)" -eq "$n" ] && [ "$(wc -l <"$TRASH/chan.log")" -eq "$lines" ] &&
	grep -q "^nothing to do" "$OUT"
'

test_expect 'the minimum interval holds a customer whose next step comes too soon' '
	cd s &&
	# jose reached -3 on 2026-11-22; on 11-25 (3 days later, min_interval 3) the due-day step is allowed,
	# on 11-24 nothing is pending anyway; force a 5-day interval and look on 11-25
	sed -i "s/^min_interval = 3/min_interval = 5/" cobra.ini && git commit -qam "policy: 5 days" &&
	COBRA_TODAY=2026-11-25 run_cobra 0 remind --customer jose --format tsv &&
	grep -q "skipped	reminded on 2026-11-22; next one from 2026-11-27" "$OUT" &&
	COBRA_TODAY=2026-11-27 run_cobra 0 remind --customer jose --format tsv &&
	grep -q "jose-lima	0	due-today	whatsapp.*planned" "$OUT" &&
	sed -i "s/^min_interval = 5/min_interval = 3/" cobra.ini && git commit -qam "policy: 3 days"
'

test_expect 'a failed delivery is recorded as failed and tried again on the next run' '
	cd s &&
	config "$TRASH/bin/fail" "$TRASH/bin/fail" "$TRASH/bin/fail" &&
	# on 11-28 jose (due 11-25) reached +3: e-mail first, but he has only a phone
	COBRA_TODAY=2026-11-28 run_cobra 0 remind --send --customer jose --format tsv &&
	grep -q "jose-lima	3	overdue	whatsapp.*failed	exit 3: gateway said no" "$OUT" &&
	grep -qx "status = failed" $(ls customers/*/*-jose-lima.ini) &&
	config "$TRASH/bin/chan" "$TRASH/bin/chan" "$TRASH/bin/chan" &&
	COBRA_TODAY=2026-11-28 run_cobra 0 remind --send --customer jose --format tsv &&
	grep -q "jose-lima	3	overdue	whatsapp.*sent" "$OUT" &&
	assert_clean .
'

test_expect 'a crash during --send never sends what it began again; the next run records it' '
	rm -rf s && setup && cd s && : >"$TRASH/chan.log" &&
	config "$TRASH/bin/crash" "$TRASH/bin/crash" "$TRASH/bin/crash" &&
	n=$(commit_count .) &&
	"$COBRA" remind --send >/dev/null 2>&1; [ $? -ne 0 ] &&
	[ "$(commit_count .)" -eq "$n" ] && [ -s .git/cobra-outbox ] &&
	first=$(grep -c "^argv:" "$TRASH/chan.log") && [ "$first" -eq 1 ] &&
	config "$TRASH/bin/chan" "$TRASH/bin/chan" "$TRASH/bin/chan" &&
	run_cobra 0 remind --send &&
	# the one being sent when it died, and any handed over by hand (letters) before it
	grep -q "recorded [1-9][0-9]* reminders\{0,1\} of an interrupted run" "$OUT" &&
	[ "$(commit_count .)" -eq $((n + 1)) ] && [ ! -e .git/cobra-outbox ] &&
	grep -qx "status = unconfirmed" customers/*/*.ini &&
	# the customer the crashed run was sending to did not get a second message
	victim=$(sed -n "1s/^argv: \[\(.*\)\]$/\1/p" "$TRASH/chan.log") &&
	[ "$(grep -c "^argv: \[$victim\]$" "$TRASH/chan.log")" -eq 1 ] &&
	run_cobra 0 remind --send && [ "$(grep -c "^argv: \[$victim\]$" "$TRASH/chan.log")" -eq 1 ] &&
	assert_clean . && run_cobra 0 check
'

test_expect 'hostile names and notes reach a command and a message only as literal text' '
	rm -rf s && setup && cd s && : >"$TRASH/chan.log" &&
	"$COBRA" add-customer "\$(touch /tmp/pwned-$$) \`id\` Bcc: x" --phone 11955556666 >/dev/null &&
	h=$(ls customers/*/ | sed -n "s/^[0-9a-f]*-\(touch.*\)\.ini$/\1/p" | head -1) &&
	"$COBRA" sell "$h" 10 --date 2026-10-01 >/dev/null &&
	run_cobra 0 remind --send --customer "$h" &&
	[ ! -e /tmp/pwned-$$ ] &&
	# the +10 offer names the customer in full; the name arrives byte for byte on stdin
	grep -qF "Olá, \$(touch /tmp/pwned-$$) \`id\` Bcc: x." "$TRASH/chan.log" &&
	grep -qx "argv: \[11955556666\]" "$TRASH/chan.log"
'

test_expect 'letters go to files with --letters DIR' '
	rm -rf s && setup && cd s && mkdir -p "$TRASH/letters" &&
	run_cobra 0 remind --send --customer bia --letters "$TRASH/letters" &&
	f="$TRASH/letters/2026-11-22-bia-costa.txt" && test -s "$f" &&
	grep -q "Loja Boa Vista" "$f" && grep -q "11.222.333/0001-81" "$f" && grep -q "R\$ 120,00" "$f" &&
	grep -qx "status = manual" $(ls customers/*/*-bia-costa.ini) &&
	run_cobra 3 remind --letters "$TRASH/letters" && one_error_line
'

test_expect 'without pay_how the message offers the PIX key, else an invitation to ask; never "Para pagar: ."' '
	rm -rf nohow && new_store nohow && cd nohow &&
	"$COBRA" add-customer "Jose Lima" --phone 11912345678 >/dev/null &&
	"$COBRA" sell jose 50 --date 2026-10-25 --first-due 2026-11-25 >/dev/null &&
	run_cobra 0 remind --customer jose && cat "$OUT" &&
	grep -q "Para pagar: fale conosco\." "$OUT" && ! grep -q "Para pagar: \." "$OUT" &&
	sed -i "s/^;pix_key = .*/pix_key = 11222333000181/" cobra.ini && git commit -qam "policy: pix key" &&
	run_cobra 0 remind --customer jose && grep -q "Para pagar: PIX 11222333000181\." "$OUT"
'

test_done
