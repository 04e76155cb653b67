#!/usr/bin/python3
"""pixdecode.py - an independent reader of static Pix BR Code payloads.

Reads one payload per line on stdin and, for each, prints

    00=01
    26.00=br.gov.bcb.pix
    26.01=<key>
    52=0000
    53=986
    54=<amount>        (only when present)
    58=BR
    59=<name>
    60=<city>
    62.05=<txid>
    63=<crc>
    crc=ok | crc=bad

It shares no code with cobra: the TLV tree is parsed here and the CRC
(CRC-16/CCITT-FALSE over everything up to and including "6304") comes from
the standard library's binascii.crc_hqx with initial value 0xFFFF.
Problems go to stderr as "pixdecode: line N: ...". The exit status is 1 if
any payload is malformed or has a bad CRC, or if stdin holds no payload.
Standard library only, so that end-to-end tests can run it anywhere.
"""

import binascii
import sys

PRINTED = ["00", "26.00", "26.01", "52", "53", "54", "58", "59", "60", "62.05", "63"]
REQUIRED = [p for p in PRINTED if p != "54"]
TEMPLATES = {"26", "62"}


class Malformed(Exception):
    pass


def parse_tlv(text, where):
    """Splits TEXT into an ordered list of (id, value); every length must fit."""
    fields = []
    i = 0
    while i < len(text):
        head = text[i:i + 4]
        if len(head) < 4 or not head.isdigit() or not head.isascii():
            raise Malformed("%s: no id and length at offset %d" % (where, i))
        tag, n = head[:2], int(head[2:])
        if n == 0:
            raise Malformed("%s: field %s has length 00" % (where, tag))
        value = text[i + 4:i + 4 + n]
        if len(value) != n:
            raise Malformed("%s: field %s says %d characters, %d remain" % (where, tag, n, len(value)))
        if tag in (t for t, _ in fields):
            raise Malformed("%s: field %s occurs twice" % (where, tag))
        fields.append((tag, value))
        i += 4 + n
    return fields


def decode(line):
    """Returns (flat dict of printed ids, crc_ok). Raises Malformed."""
    if not line:
        raise Malformed("empty line")
    if any(not (0x20 <= ord(c) <= 0x7E) for c in line):
        raise Malformed("a character is not printable ASCII")
    top = parse_tlv(line, "top level")
    flat = {}
    for tag, value in top:
        if tag in TEMPLATES:
            for sub, subvalue in parse_tlv(value, "field " + tag):
                flat[tag + "." + sub] = subvalue
        flat[tag] = value
    if top[0][0] != "00" or top[0][1] != "01":
        raise Malformed("field 00 is not first or not 01")
    if top[-1][0] != "63":
        raise Malformed("field 63 is not last")
    crc_text = top[-1][1]
    if len(crc_text) != 4 or any(c not in "0123456789ABCDEF" for c in crc_text):
        raise Malformed("field 63 is not 4 upper-case hex digits")
    missing = [p for p in REQUIRED if p not in flat]
    if missing:
        raise Malformed("missing " + ", ".join(missing))
    covered = line[:-4]  # everything up to and including "6304"
    crc = binascii.crc_hqx(covered.encode("ascii"), 0xFFFF)
    return flat, "%04X" % crc == crc_text


def main():
    status = 0
    count = 0
    # Bytes, read as Latin-1: any byte decodes, and non-ASCII is then refused.
    for number, raw in enumerate(sys.stdin.buffer, 1):
        line = raw.decode("latin-1").rstrip("\n")
        count += 1
        try:
            flat, ok = decode(line)
        except Malformed as e:
            print("pixdecode: line %d: %s" % (number, e), file=sys.stderr)
            status = 1
            continue
        for key in PRINTED:
            if key in flat:
                print("%s=%s" % (key, flat[key]))
        print("crc=ok" if ok else "crc=bad")
        if not ok:
            print("pixdecode: line %d: bad CRC" % number, file=sys.stderr)
            status = 1
    if count == 0:
        print("pixdecode: no payload on stdin", file=sys.stderr)
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
