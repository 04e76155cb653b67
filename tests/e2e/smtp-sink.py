#!/usr/bin/python3
# smtp-sink.py DIR [--lifetime SECONDS]: a local SMTP server for the
# end-to-end tests (tests/e2e/smtp.sh starts and stops it).
#
# Listens on 127.0.0.1 on a free port, writes the port to DIR/port once it
# accepts connections, and saves message N (from 1) as DIR/msg-N.eml (the raw
# DATA bytes, CRLF kept, dots unstuffed) and DIR/msg-N.rcpt (the envelope
# sender on the first line, then one recipient per line). The .rcpt file is
# written last, so a test that sees it can read both. Runs until SIGTERM or
# SIGINT, until its parent (the test script) is gone, or for at most
# --lifetime seconds (default 900), so a failed test never leaves it behind.
#
# Needs Debian's python3-aiosmtpd: run it with /usr/bin/python3.
import os
import signal
import socket
import sys
import time

from aiosmtpd.controller import Controller


def write_atomic(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        # The event loop runs one handler at a time: the counter needs no lock.
        self.count += 1
        base = os.path.join(self.directory, "msg-%d" % self.count)
        write_atomic(base + ".eml", envelope.original_content)
        rcpt = [envelope.mail_from or ""] + list(envelope.rcpt_tos)
        write_atomic(base + ".rcpt", ("\n".join(rcpt) + "\n").encode("utf-8", "surrogateescape"))
        return "250 Message accepted for delivery"


def free_port():
    # The kernel picks a free port; it is released just before the server
    # binds it, a short race that a test machine can live with.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    args = sys.argv[1:]
    lifetime = 900.0
    if len(args) == 3 and args[1] == "--lifetime":
        lifetime = float(args[2])
        args = args[:1]
    if len(args) != 1 or not os.path.isdir(args[0]):
        sys.stderr.write("usage: smtp-sink.py DIR [--lifetime SECONDS]\n")
        return 2
    directory = args[0]
    parent = os.getppid()
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    controller = Controller(Sink(directory), hostname="127.0.0.1", port=free_port())
    controller.start()  # returns once the server answers
    try:
        write_atomic(os.path.join(directory, "port"), b"%d\n" % controller.port)
        deadline = time.monotonic() + lifetime
        while not stop and os.getppid() == parent and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
