#!/bin/sh
# remind --send by e-mail, for real: cobra hands the message to Debian's
# msmtp (as a sendmail-compatible command, argv only, no shell), msmtp
# delivers it to an SMTP server on 127.0.0.1 (aiosmtpd), and Python's mail
# parser reads what arrived: headers, encoding, body, one recipient, no
# header injection.
E2E=$(cd "$(dirname "$0")" && pwd)
. "$E2E/lib.sh"
. "$E2E/smtp.sh"

smtp_require

smtp_start >"$TRASH/start.log" 2>&1
export COBRA_CONFIG="$TRASH/config.ini"
printf '[channels]\nemail = msmtp -C %s -t\ntimeout = 20\n' "$MSMTPRC" >"$COBRA_CONFIG"

new_store s --name "Padaria São João" --doc 11222333000181
(
	cd s &&
	printf 'email = cobranca@padaria.example\naddress = Rua das Flores, 100, Campinas/SP\npay_how = PIX ou dinheiro no balcão\n' >b.tmp &&
	sed -i "/^locale = /r b.tmp" cobra.ini && rm b.tmp && git commit -qam "policy: contact data" &&
	"$COBRA" add-customer "Conceição Araújo" --email conceicao@example.com &&
	# due 2026-11-19: three days late today, the "overdue" step by e-mail
	"$COBRA" sell conceicao 150 --date 2026-10-19 --first-due 2026-11-19 &&
	# a hostile name: header injection attempts and an escape sequence
	"$COBRA" add-customer "Eva Bcc: evil@example.com To: x" --email eva@example.com &&
	"$COBRA" sell eva 10 --date 2026-10-19 --first-due 2026-11-19
) >/dev/null

test_expect 'remind --send delivers two e-mails through msmtp and records them sent' '
	cd s &&
	run_cobra 0 remind --send --format tsv &&
	smtp_wait 2 &&
	[ "$(grep -c "	sent	" "$OUT")" -eq 2 ] &&
	grep -qx "status = sent" customers/*/*-conceicao-araujo.ini &&
	git log -1 --format=%s | grep -qx "remind: 2 sent, 0 failed, 0 by hand" &&
	assert_clean .
'

# Which file holds which message: by envelope recipient.
msg_for() { grep -l "^$1\$" "$SMTP_DIR"/msg-*.rcpt | sed 's/\.rcpt$/.eml/'; }

test_expect 'the message parses: From the business, To the customer, Subject, Date, Message-ID, UTF-8 body' '
	m=$(msg_for conceicao@example.com) && test -f "$m" &&
	/usr/bin/python3 "$SMTP_CHECK" "$m" >check.out &&
	grep -qx "from=Padaria São João <cobranca@padaria.example>" check.out &&
	grep -qx "to=Conceição Araújo <conceicao@example.com>" check.out &&
	grep -q "^subject=." check.out &&
	grep -qx "date-ok=yes" check.out &&
	grep -q "^message-id=<[0-9a-f]\{20\}@padaria.example>$" check.out &&
	grep -qx "content-type=text/plain" check.out && grep -qx "charset=utf-8" check.out &&
	# the body: the creditor (CDC art. 42-A), the amount with charges (150.00
	# + 2% fee 3.00 + 1% a month for 3 days, 150 x 0.01 x 3/30 = 0.15)
	grep -q "Padaria São João" check.out && grep -q "CNPJ 11.222.333/0001-81" check.out &&
	grep -q "Rua das Flores, 100, Campinas/SP" check.out &&
	grep -q "R\$ 153,15" check.out && grep -q "PIX ou dinheiro no balcão" check.out
'

test_expect 'the envelope has exactly the customer as recipient, and the message id is the reminder id' '
	m=$(msg_for conceicao@example.com) &&
	[ "$(sed 1d "${m%.eml}.rcpt")" = "conceicao@example.com" ] &&
	id=$(/usr/bin/python3 "$SMTP_CHECK" "$m" | sed -n "s/^message-id=<\([0-9a-f]*\)@.*/\1/p") &&
	grep -q "^\[reminder $id\]$" s/customers/*/*-conceicao-araujo.ini
'

test_expect 'a hostile name stays inside the To display name: one recipient, no Bcc header' '
	m=$(msg_for eva@example.com) &&
	/usr/bin/python3 "$SMTP_CHECK" "$m" >check.out &&
	[ "$(sed 1d "${m%.eml}.rcpt")" = "eva@example.com" ] &&
	grep -q "^to=.*Bcc: evil@example.com To: x.* <eva@example.com>$" check.out &&
	! grep -q "^headers=.*Bcc" check.out && ! grep -qi "^bcc:" "$m" &&
	! grep -rq "evil@example.com" "$SMTP_DIR"/*.rcpt
'

test_expect 'running again sends nothing more' '
	cd s && run_cobra 0 remind --send && sleep 1 &&
	[ "$(ls "$SMTP_DIR"/msg-*.eml | wc -l)" -eq 2 ]
'

test_expect 'an unreachable server: the reminder is recorded failed with msmtp'"'"'s reason, and retried' '
	cd s &&
	"$COBRA" sell conceicao 50 --date 2026-10-19 --first-due 2026-11-19 >/dev/null &&
	COBRA_TODAY=2026-12-02 run_cobra 0 remind --send --customer conceicao --format tsv &&
	n=$(ls "$SMTP_DIR"/msg-*.eml | wc -l) && [ "$n" -eq 3 ] &&
	printf "[channels]\nemail = msmtp --host=127.0.0.1 --port=1 --from=a@b.example -t\ntimeout = 20\n" >"$COBRA_CONFIG" &&
	COBRA_TODAY=2026-12-20 run_cobra 0 remind --send --customer conceicao --format tsv &&
	grep -q "	failed	exit [0-9]*: " "$OUT" &&
	grep -qx "status = failed" customers/*/*-conceicao-araujo.ini &&
	printf "[channels]\nemail = msmtp -C %s -t\ntimeout = 20\n" "$MSMTPRC" >"$COBRA_CONFIG" &&
	COBRA_TODAY=2026-12-20 run_cobra 0 remind --send --customer conceicao --format tsv &&
	grep -q "	sent	" "$OUT" && smtp_wait 4 &&
	assert_clean .
'

test_done
