/*
 * mail.h - one RFC 5322 e-mail message, ready for `sendmail -t -i` on stdin.
 *
 *   struct cobra_mail m = {
 *       .from_name = "Padaria Central", .from_addr = "cobranca@padaria.example",
 *       .to_name = "Conceição Ñandú", .to_addr = "conceicao@example.com",
 *       .subject = "Lembrete de pagamento", .body = "Olá,\n...\n",
 *       .epoch = 1795305600, .message_id = "r-0001",
 *   };
 *   struct cobra_buf msg = {0};
 *   if (cobra_mail_build(&msg, &m) != 0) ... the message names field and value
 *   ... write msg.data, msg.len to the sendmail command's stdin ...
 *   cobra_buf_free(&msg);
 *
 * The caller owns every string in struct cobra_mail; nothing is kept. The
 * output is a pure function of the input (no clock, no host name, no random
 * boundary), so tests and dry runs see the exact bytes that would be sent.
 *
 * What comes out: the headers From, To, Subject, Date, Message-ID,
 * MIME-Version, Content-Type (text/plain; charset=UTF-8) and
 * Content-Transfer-Encoding: quoted-printable, a blank line and the body, all
 * lines ending in CRLF.
 *
 * Why quoted-printable and not base64: reminders are Portuguese prose, mostly
 * ASCII, so QP keeps the raw message readable (and some spam filters score
 * base64-encoded plain text); line breaks stay the message's own CRLFs, which
 * is the canonical form of text/plain that base64 would have to fake; and a
 * stray CR in the body stays distinguishable (=0D). The encoder goes further
 * than RFC 2045 asks so that no body line can be taken for something else:
 * a line never starts with "." (=2E) or "From " (=46rom), a colon that would
 * make a line look like a header field is =3A, and every control byte is
 * encoded, so only the CRLFs written here end lines.
 *
 * Header values: a subject of plain printable ASCII is written as it is,
 * folded at its spaces; any other subject becomes RFC 2047 encoded words
 * (=?UTF-8?B?...?=; B rather than Q because it has no character
 * restrictions in phrases). A display name of plain ASCII that fits is
 * written as atoms, or as a quoted-string when it holds specials; otherwise
 * its atoms stay as they are and each run of other words becomes encoded
 * words, so that encoded words are adjacent only inside a run longer than
 * one word (45 bytes), and such a run is cut after a space. Spaces in a name
 * are normalised (runs become one, none at the ends): in a phrase they carry
 * no meaning. Encoded words are at most 75 characters, folded with CRLF SP,
 * never splitting a UTF-8 character. The one case where a header line may
 * exceed 78 characters is an address (or Message-ID) that is itself longer
 * than that; RFC 5322's hard limit of 998 is never reached (addresses are at
 * most 254 bytes).
 *
 * Refused (-COBRA_INVALID, the message names from/to/subject/body/message-id
 * and quotes the value): invalid UTF-8; any control character (C0 incl. CR,
 * LF, TAB, DEL, C1), line separators and text-direction overrides in names
 * and subject; an address that is not exactly one plain local@domain (ASCII
 * dot-atom local part of at most 64 bytes, a host name of letters, digits,
 * hyphens and dots; no spaces, commas, quotes, angle brackets, comments).
 * Internationalised addresses (SMTPUTF8) are not supported. In the body only
 * invalid UTF-8 is refused: its control bytes are encoded and come back
 * exactly when decoded.
 */
#ifndef COBRA_MAIL_H
#define COBRA_MAIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

struct cobra_mail {
	const char *from_name, *from_addr; /* the business; name may be NULL or "" */
	const char *to_name, *to_addr;     /* the customer (exactly one recipient) */
	const char *subject;               /* UTF-8, one line; NULL is "" */
	const char *body;                  /* UTF-8, lines separated by \n; NULL is "" */
	int64_t epoch;                     /* seconds since 1970 for the Date header (UTC, +0000) */
	const char *message_id;            /* left part, e.g. a reminder id; domain from from_addr */
};

/* Appends the complete message to OUT. Returns 0, -COBRA_INVALID (nothing
 * appended) or -COBRA_DATA when out of memory (OUT back to its old length). */
int cobra_mail_build(struct cobra_buf *out, const struct cobra_mail *m);

/* Checks that ADDR is one plain addr-spec as described above; FIELD names it
 * in the error. Returns 0 or -COBRA_INVALID. */
int cobra_mail_addr_validate(const char *field, const char *addr);
/* The same test without a message, for another grammar built on it (a Pix
 * e-mail key): LOCAL_MAX bytes of local part where RFC 5321 says 64. */
bool cobra_mail_addr_plain(const char *addr, size_t local_max);

/* Writes the RFC 5322 date for EPOCH in UTC, e.g. "Sun, 22 Nov 2026 00:00:00
 * +0000", into OUT (COBRA_MAIL_DATE_BUFSZ bytes). Years 1970-9999; returns 0
 * or -COBRA_INVALID outside them. */
#define COBRA_MAIL_DATE_BUFSZ 32
int cobra_mail_date(char out[COBRA_MAIL_DATE_BUFSZ], int64_t epoch);

#endif
