#!/usr/bin/python3
# mailcheck.py FILE.eml: what a mail program would make of a message, as
# stable lines for the end-to-end tests:
#
#   from=, to=, subject= (decoded), date-ok=yes|no, message-id=,
#   content-type=, charset=, cte= (lowercase, empty when absent), headers= (header names, sorted,
#   comma-separated, repeated names repeated), then "body:" and the decoded
#   body text exactly as decoded.
#
# Parses with Python's own email package (policy=default), independent of
# cobra. Exits 1, after printing, when the parser found defects in the
# message or a header, when the message is multipart, or when To, Cc and Bcc
# together name more than one address (cobra sends to exactly one customer).
import email.policy
import email.utils
import sys
from email.parser import BytesParser


def header_str(msg, name):
    value = msg.get(name)
    return "" if value is None else str(value)


def main():
    if len(sys.argv) != 2:
        sys.stderr.write("usage: mailcheck.py FILE.eml\n")
        return 2
    with open(sys.argv[1], "rb") as f:
        msg = BytesParser(policy=email.policy.default).parse(f)
    out = sys.stdout
    out.reconfigure(encoding="utf-8", errors="surrogateescape", newline="")
    problems = ["message: %r" % d for d in msg.defects]
    for name, value in msg.items():
        problems += ["%s: %r" % (name, d) for d in getattr(value, "defects", ())]
    try:
        date = email.utils.parsedate_to_datetime(header_str(msg, "Date"))
        date_ok = date.tzinfo is not None
    except (TypeError, ValueError, IndexError):
        date_ok = False
    addresses = []
    for name in ("To", "Cc", "Bcc"):
        for value in msg.get_all(name, []):
            addresses += list(getattr(value, "addresses", [value]))
    if len(addresses) > 1:
        problems.append("%d recipients in To/Cc/Bcc: %s" % (len(addresses), ", ".join(map(str, addresses))))
    if msg.is_multipart():
        problems.append("multipart message")
    out.write("from=%s\n" % header_str(msg, "From"))
    out.write("to=%s\n" % header_str(msg, "To"))
    out.write("subject=%s\n" % header_str(msg, "Subject"))
    out.write("date-ok=%s\n" % ("yes" if date_ok else "no"))
    out.write("message-id=%s\n" % header_str(msg, "Message-ID"))
    out.write("content-type=%s\n" % msg.get_content_type())
    out.write("charset=%s\n" % (msg.get_content_charset() or ""))
    cte = msg.get("Content-Transfer-Encoding")
    out.write("cte=%s\n" % ("" if cte is None else cte.cte))
    out.write("headers=%s\n" % ",".join(sorted(msg.keys())))
    out.write("body:\n")
    if not msg.is_multipart():
        out.write(msg.get_content())
    out.flush()
    for p in problems:
        sys.stderr.write("mailcheck: %s\n" % p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
