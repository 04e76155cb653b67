#!/bin/sh
# The SMTP test harness itself (smtp.sh, smtp-sink.py, mailcheck.py), so that
# the tests of `cobra remind --send` can trust it: a message sent with msmtp
# arrives byte for byte with its envelope, mailcheck.py decodes it as a mail
# program would, flags a message with more than one recipient, and no server
# outlives the test script, even a failing or killed one.
E2E=$(cd "$(dirname "$0")" && pwd)
. "$E2E/lib.sh"
. "$E2E/smtp.sh"

smtp_require

smtp_start >"$TRASH/start.log" 2>&1
test_expect 'the sink starts and msmtprc points at its port' '
	cat start.log &&
	test -s "$SMTP_DIR/port" && kill -0 "$SMTP_PID" &&
	grep -qx "port $SMTP_PORT" "$MSMTPRC" && grep -qx "host 127.0.0.1" "$MSMTPRC" &&
	grep -qx "auth off" "$MSMTPRC" && grep -qx "tls off" "$MSMTPRC" &&
	grep -qx "from test@example.com" "$MSMTPRC"
'

# A message in the form cobra writes (CRLF, RFC 2047 words, quoted-printable
# body), by hand. The encoded words come from base64(1), not from cobra.
to_word=$(printf '%s' 'Conceição Ñandú' | base64 -w0)
subject_word=$(printf '%s' 'Lembrete: três dias' | base64 -w0)
printf '%s\r\n' \
	'From: Padaria Central <cobranca@padaria.example>' \
	"To: =?UTF-8?B?$to_word?= <conceicao@example.com>" \
	"Subject: =?UTF-8?B?$subject_word?=" \
	'Date: Sun, 22 Nov 2026 00:00:00 +0000' \
	'Message-ID: <r-0001@padaria.example>' \
	'MIME-Version: 1.0' \
	'Content-Type: text/plain; charset=UTF-8' \
	'Content-Transfer-Encoding: quoted-printable' \
	'' \
	'Ol=C3=A1 Concei=C3=A7=C3=A3o,' \
	'=2E' \
	'.' \
	'=46rom x' \
	'Bcc=3A y' \
	'uma linha longa quebrada por uma quebra suave do quoted-printable aqui=' \
	' e continuada' >msg1.eml

test_expect 'a message sent with msmtp -t arrives byte for byte, with its envelope' '
	msmtp -C "$MSMTPRC" -t <msg1.eml && smtp_wait 1 &&
	cmp msg1.eml "$SMTP_DIR/msg-1.eml" &&
	printf "%s\n" test@example.com conceicao@example.com >want.rcpt &&
	cmp want.rcpt "$SMTP_DIR/msg-1.rcpt"
'

test_expect 'mailcheck.py decodes headers and body as a mail program would' '
	/usr/bin/python3 "$SMTP_CHECK" "$SMTP_DIR/msg-1.eml" >got 2>err &&
	test ! -s err &&
	cat >want <<-\EOF &&
	from=Padaria Central <cobranca@padaria.example>
	to=Conceição Ñandú <conceicao@example.com>
	subject=Lembrete: três dias
	date-ok=yes
	message-id=<r-0001@padaria.example>
	content-type=text/plain
	charset=utf-8
	cte=quoted-printable
	headers=Content-Transfer-Encoding,Content-Type,Date,From,MIME-Version,Message-ID,Subject,To
	body:
	Olá Conceição,
	.
	.
	From x
	Bcc: y
	uma linha longa quebrada por uma quebra suave do quoted-printable aqui e continuada
	EOF
	diff want got
'

# msg FILE HEADER...: a small plain message with these extra headers.
msg() {
	f=$1
	shift
	{
		printf '%s\r\n' 'From: test@example.com' "$@" 'Subject: x' \
			'Date: Sun, 22 Nov 2026 00:00:00 +0000' 'Message-ID: <x@example.com>' '' 'corpo'
	} >"$f"
}

test_expect 'two recipients in To are flagged by mailcheck.py' '
	msg two.eml "To: a@example.com, b@example.com" &&
	msmtp -C "$MSMTPRC" -t <two.eml && smtp_wait 2 &&
	printf "%s\n" test@example.com a@example.com b@example.com >want.rcpt &&
	cmp want.rcpt "$SMTP_DIR/msg-2.rcpt" &&
	! /usr/bin/python3 "$SMTP_CHECK" "$SMTP_DIR/msg-2.eml" >got 2>err &&
	grep -q "^to=a@example.com, b@example.com\$" got &&
	grep -q "2 recipients" err
'

test_expect 'a second recipient in Cc or Bcc is flagged too; one in To alone is not' '
	msg cc.eml "To: a@example.com" "Cc: b@example.com" &&
	! /usr/bin/python3 "$SMTP_CHECK" cc.eml >/dev/null 2>err && grep -q "2 recipients" err &&
	msg bcc.eml "To: a@example.com" "Bcc: c@example.com" &&
	! /usr/bin/python3 "$SMTP_CHECK" bcc.eml >/dev/null 2>err && grep -q "2 recipients" err &&
	msg twoto.eml "To: a@example.com" "To: b@example.com" &&
	! /usr/bin/python3 "$SMTP_CHECK" twoto.eml >/dev/null 2>err && grep -q "2 recipients" err &&
	msg one.eml "To: Maria <a@example.com>" &&
	/usr/bin/python3 "$SMTP_CHECK" one.eml >got 2>err && test ! -s err &&
	grep -qx "date-ok=yes" got && grep -qx "headers=Date,From,Message-ID,Subject,To" got
'

test_expect 'a bad date and a malformed header are reported' '
	printf "%s\r\n" "From: a@example.com" "To: b@example.com" "Date: 22/11/2026" "" "x" >baddate.eml &&
	! /usr/bin/python3 "$SMTP_CHECK" baddate.eml >got 2>err &&
	grep -qx "date-ok=no" got && grep -q "^mailcheck: Date: InvalidDateDefect" err &&
	printf "%s\r\n" "From: a@example.com" "To: <b@example.com" "" "x" >bad.eml &&
	! /usr/bin/python3 "$SMTP_CHECK" bad.eml >got 2>err && grep -q "^mailcheck: To: .*angle-addr" err
'

test_expect 'smtp_wait gives up when messages do not come' '
	start=$(date +%s) && ! smtp_wait 3 2 >out && end=$(date +%s) &&
	test $((end - start)) -ge 1 && test $((end - start)) -le 5 && grep -q "2 messages after 2 s" out
'

# A script that starts the sink and then fails, or is killed: the sink must
# be gone afterwards and lib.sh's own clean-up must still have run.
cat >child.sh <<-\EOF
	E2E=$1
	. "$E2E/lib.sh"
	. "$E2E/smtp.sh"
	smtp_start >/dev/null || exit 3
	echo "$SMTP_PID $TRASH" >"$2.tmp" && mv "$2.tmp" "$2"
	[ "$3" = fail ] && exit 1
	while :; do sleep 0.1; done
EOF

gone() { # PID: not running within 5 s
	i=0
	while kill -0 "$1" 2>/dev/null; do
		[ $i -ge 50 ] && { echo "process $1 still running"; return 1; }
		sleep 0.1
		i=$((i + 1))
	done
}

test_expect 'a failing script leaves no sink and no trash behind' '
	rm -f info && ! sh child.sh "$E2E" "$TRASH/info" fail && read -r pid dir <info &&
	test -n "$pid" && gone "$pid" && test ! -e "$dir"
'

test_expect 'a script killed by SIGTERM leaves no sink and no trash behind' '
	rm -f info && { sh child.sh "$E2E" "$TRASH/info" wait & } && child=$! &&
	i=0 && while [ ! -s info ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done &&
	read -r pid dir <info && kill -0 "$pid" &&
	kill -TERM "$child" && gone "$child" && gone "$pid" && test ! -e "$dir"
'

test_expect 'smtp_stop stops the sink' '
	pid=$SMTP_PID && smtp_stop && gone "$pid" &&
	! msmtp -C "$MSMTPRC" -t <msg1.eml 2>/dev/null
'
smtp_stop

test_done
