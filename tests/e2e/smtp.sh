# smtp.sh - a local SMTP server for end-to-end tests, sourced after lib.sh:
#
#   E2E=$(cd "$(dirname "$0")" && pwd)   # before lib.sh moves into $TRASH
#   . "$E2E/lib.sh"
#   . "$E2E/smtp.sh"
#   smtp_require
#   smtp_start || echo "could not start the SMTP sink"
#   test_expect '...' '
#       msmtp -C "$MSMTPRC" -t <msg && smtp_wait 1 &&
#       /usr/bin/python3 "$SMTP_CHECK" "$SMTP_DIR/msg-1.eml" >out
#   '
#
# smtp_require ends the script with one failing test unless msmtp and
# Debian's python3-aiosmtpd are installed.
# smtp_start runs tests/e2e/smtp-sink.py in $TRASH/smtp, waits (10 s at
# most) for its port, writes $TRASH/msmtprc (127.0.0.1, that port, no auth,
# no TLS, from test@example.com, no syslog, no log file) and exports
# SMTP_DIR, SMTP_PORT, MSMTPRC and SMTP_CHECK (mailcheck.py). Call it at the
# top level of the script, not inside test_expect: the variables and the
# clean-up must outlive one test's subshell. smtp_stop stops the server; it
# also runs from the EXIT trap, before lib.sh's own clean-up, so a failing or
# interrupted test leaves no process behind (the sink also exits by itself
# when the script is gone). smtp_wait N [SECONDS] waits (10 s unless told)
# until N messages have arrived.

# Where smtp-sink.py and mailcheck.py are: $E2E when the script set it as
# above, else found from $0 (relative to where the script started, since
# lib.sh has moved into $TRASH).
if [ -z "${SMTP_E2E_DIR:-}" ]; then
	case $0 in
	/*) SMTP_E2E_DIR=${E2E:-$(dirname "$0")} ;;
	*) SMTP_E2E_DIR=${E2E:-$(cd "${OLDPWD:-.}" && cd "$(dirname "$0")" && pwd)} ;;
	esac
fi
SMTP_PYTHON=/usr/bin/python3 # Debian's, which has aiosmtpd
SMTP_PID=

# The EXIT trap lib.sh set (or any other), so that ours can run it after
# stopping the server. `trap` with no operands prints the traps as commands
# that set them again; read here in the current shell, since a command
# substitution would not see them.
smtp__keep_exit_trap() {
	smtp__prev_exit=
	trap >"$TRASH/.traps"
	eval "$(sed -n 's/^trap /smtp__capture /p' "$TRASH/.traps")"
	rm -f "$TRASH/.traps"
}
smtp__capture() { # "-- ACTION SIGNAL", as `trap` printed it
	[ "$3" = EXIT ] && smtp__prev_exit=$2
	return 0
}

smtp_require() {
	if ! command -v msmtp >/dev/null 2>&1 || ! "$SMTP_PYTHON" -c 'import aiosmtpd' 2>/dev/null; then
		test_expect 'msmtp and python3-aiosmtpd are installed' 'false'
		test_done
		exit
	fi
}

smtp_start() {
	SMTP_DIR=$TRASH/smtp
	MSMTPRC=$TRASH/msmtprc
	SMTP_CHECK=$SMTP_E2E_DIR/mailcheck.py
	if [ ! -f "$SMTP_E2E_DIR/smtp-sink.py" ]; then
		echo "smtp_start: no smtp-sink.py in \"$SMTP_E2E_DIR\" (set E2E before sourcing)"
		return 1
	fi
	rm -rf "$SMTP_DIR"
	mkdir -p "$SMTP_DIR" || return 1
	if [ -z "${smtp__trapped:-}" ]; then
		smtp__keep_exit_trap
		# shellcheck disable=SC2064 # the old action is expanded now, on purpose
		trap "smtp_stop; $smtp__prev_exit" EXIT
		# dash runs no EXIT trap when killed by a signal: turn them into exits
		trap 'exit 130' INT
		trap 'exit 143' TERM
		smtp__trapped=1
	fi
	"$SMTP_PYTHON" "$SMTP_E2E_DIR/smtp-sink.py" "$SMTP_DIR" >"$TRASH/smtp.log" 2>&1 &
	SMTP_PID=$!
	i=0
	while [ ! -s "$SMTP_DIR/port" ]; do
		if [ $i -ge 100 ] || ! kill -0 "$SMTP_PID" 2>/dev/null; then
			echo "smtp_start: the sink did not start:"
			cat "$TRASH/smtp.log"
			smtp_stop
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
	SMTP_PORT=$(cat "$SMTP_DIR/port")
	cat >"$MSMTPRC" <<-EOF_RC
	defaults
	auth off
	tls off
	syslog off
	logfile
	timeout 10
	account default
	host 127.0.0.1
	port $SMTP_PORT
	from test@example.com
	EOF_RC
	chmod 600 "$MSMTPRC"
	export SMTP_DIR SMTP_PORT MSMTPRC SMTP_CHECK
}

smtp_stop() {
	[ -n "$SMTP_PID" ] || return 0
	kill "$SMTP_PID" 2>/dev/null
	i=0
	while kill -0 "$SMTP_PID" 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -9 "$SMTP_PID" 2>/dev/null
	wait "$SMTP_PID" 2>/dev/null
	SMTP_PID=
	return 0
}

# smtp_wait N [SECONDS]: 0 once N messages have arrived, 1 after SECONDS
# (10) without them.
smtp_wait() {
	i=0
	while [ "$(find "$SMTP_DIR" -name 'msg-*.rcpt' | wc -l)" -lt "$1" ]; do
		if [ $i -ge $((${2:-10} * 10)) ]; then
			echo "smtp_wait: $(find "$SMTP_DIR" -name 'msg-*.rcpt' | wc -l) messages after ${2:-10} s, expected $1"
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
}
