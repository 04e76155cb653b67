/*
 * test_mail.c - RFC 5322 messages for sendmail (src/mail.h).
 *
 * The exact messages below are written by hand from RFC 5322 (header
 * syntax, 3.3 dates), RFC 2045 6.7 (quoted-printable) and RFC 2047 (encoded
 * words). Everything else is checked by decoding the output with small
 * decoders written here from those RFCs (base64, quoted-printable, encoded
 * words), never with code from src/mail.c, and comparing with the input.
 */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>

#include "../../src/buf.h"
#include "../../src/mail.h"

#define DAY_2026_11_22 INT64_C(1795305600)

/* ---- independent decoders ---- */

static int b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* RFC 4648 base64 of S[0..n) appended to OUT; -1 on a malformed input. */
static int b64_decode(struct cobra_buf *out, const char *s, size_t n)
{
	if (n % 4 != 0)
		return -1;
	for (size_t i = 0; i < n; i += 4) {
		int v[4];
		size_t pads = 0;
		for (int k = 0; k < 4; k++) {
			if (s[i + k] == '=' && i + 4 == n && k >= 2) {
				v[k] = 0;
				pads++;
			} else if (pads > 0 || (v[k] = b64_value(s[i + k])) < 0) {
				return -1;
			}
		}
		unsigned w = (unsigned)v[0] << 18 | (unsigned)v[1] << 12 | (unsigned)v[2] << 6 | (unsigned)v[3];
		char bytes[3] = {(char)(w >> 16), (char)(w >> 8 & 255), (char)(w & 255)};
		cobra_buf_add(out, bytes, 3 - pads);
	}
	return 0;
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1; /* RFC 2045: uppercase only from an encoder */
}

/* RFC 2045 6.7: lines end in CRLF; "=" at a line's end is a soft break,
 * any other CRLF a line break ("\n" in the text); =XX is one byte; only
 * printable ASCII and space may appear literally. -1 on anything else. */
static int qp_decode(struct cobra_buf *out, const char *s)
{
	while (*s) {
		const char *eol = strstr(s, "\r\n");
		if (eol == NULL)
			return -1; /* every line of a message ends in CRLF */
		for (const char *p = s; p < eol; p++) {
			if (*p == '=' && p + 1 == eol)
				break; /* soft line break */
			if (*p == '=') {
				int hi = p + 2 < eol ? hex_value(p[1]) : -1, lo = hi >= 0 ? hex_value(p[2]) : -1;
				if (lo < 0)
					return -1;
				char c = (char)(hi << 4 | lo);
				cobra_buf_add(out, &c, 1);
				p += 2;
			} else if (*p >= ' ' && *p <= '~') {
				cobra_buf_add(out, p, 1);
			} else {
				return -1;
			}
		}
		if (eol == s || eol[-1] != '=')
			cobra_buf_add(out, "\n", 1);
		s = eol + 2;
	}
	return 0;
}

/* The value of header NAME in MSG, unfolded (RFC 5322 2.2.3: CRLF before
 * WSP removed), or NULL. */
static char *header(const char *msg, const char *name)
{
	size_t nlen = strlen(name);
	const char *end = strstr(msg, "\r\n\r\n");
	for (const char *line = msg; line && line < end; line = strstr(line, "\r\n") + 2) {
		if (strncmp(line, name, nlen) == 0 && line[nlen] == ':') {
			struct cobra_buf v = {0};
			const char *p = line + nlen + 1;
			while (p < end + 2) {
				if (p[0] == '\r' && p[1] == '\n') {
					if (p[2] != ' ' && p[2] != '\t')
						break;
					p += 2;
					continue;
				}
				cobra_buf_add(&v, p, 1);
				p++;
			}
			cobra_buf_add(&v, "", 0);
			return v.data ? v.data : strdup("");
		}
	}
	return NULL;
}

/* A run of RFC 2047 encoded words (UTF-8, B) at the start of VALUE, decoded
 * and joined (the whitespace between adjacent words does not count, 6.2).
 * Each word must be at most 75 characters and decode to whole UTF-8
 * characters. Returns the rest of VALUE after the run, or NULL on an error. */
static const char *decode_words(struct cobra_buf *out, const char *value)
{
	const char *p = value;
	for (;;) {
		const char *q = p;
		while (*q == ' ')
			q++;
		if (strncmp(q, "=?UTF-8?B?", 10) != 0)
			return p;
		const char *end = strstr(q + 10, "?=");
		if (end == NULL || end + 2 - q > 75)
			return NULL;
		size_t before = out->len;
		if (b64_decode(out, q + 10, (size_t)(end - q - 10)) != 0)
			return NULL;
		/* whole characters: no leading continuation byte, no cut sequence */
		const unsigned char *w = (const unsigned char *)out->data + before;
		size_t wl = out->len - before, i = 0;
		if (wl == 0 || (w[0] & 0xc0) == 0x80)
			return NULL;
		while (i < wl) {
			size_t cl = w[i] < 0x80 ? 1 : w[i] < 0xe0 ? 2 : w[i] < 0xf0 ? 3 : 4;
			if (i + cl > wl)
				return NULL;
			i += cl;
		}
		p = end + 2;
	}
}

/* Every line of MSG ends in CRLF (no bare CR or LF), header lines are at
 * most 78 characters and body lines at most 76; only ASCII anywhere. */
static void assert_lines_ok(const char *msg)
{
	const char *body = strstr(msg, "\r\n\r\n");
	assert_non_null(body);
	for (const char *line = msg; *line;) {
		const char *eol = strstr(line, "\r\n");
		assert_non_null(eol);
		size_t limit = line > body ? 76 : 78;
		if ((size_t)(eol - line) > limit)
			fail_msg("line longer than %zu: \"%.*s\"", limit, (int)(eol - line), line);
		for (const char *p = line; p < eol; p++)
			if (*p == '\r' || *p == '\n' || (unsigned char)*p > 0x7e)
				fail_msg("bare CR/LF or non-ASCII byte in \"%.*s\"", (int)(eol - line), line);
		line = eol + 2;
	}
}

static int build(struct cobra_buf *out, const char *from_name, const char *to_name, const char *subject,
	const char *body)
{
	struct cobra_mail m = {
		.from_name = from_name, .from_addr = "cobranca@padaria.example",
		.to_name = to_name, .to_addr = "cliente@example.com",
		.subject = subject, .body = body, .epoch = DAY_2026_11_22, .message_id = "r-0001",
	};
	return cobra_mail_build(out, &m);
}

/* ---- the exact message ---- */

static void test_mail_plain_ascii_message_is_exact(void **state)
{
	struct cobra_buf out = {0};
	struct cobra_mail m = {
		.from_name = "Padaria Central", .from_addr = "cobranca@padaria.example",
		.to_name = "Maria Silva", .to_addr = "maria@example.com",
		.subject = "Lembrete de pagamento",
		.body = "Ola Maria,\nsua parcela de R$ 150,00 vence em 25/11/2026.\nTotal = 150\n",
		/* 2026-11-22 00:00 UTC plus 13 h 05 min 09 s = 47109 s */
		.epoch = DAY_2026_11_22 + 47109, .message_id = "r-0001",
	};
	/* By hand: names of atoms stay as they are, "=" in the body is =3D,
	 * the body's "\n" become CRLF, the message ends with the body's last
	 * line break. */
	const char *want =
		"From: Padaria Central <cobranca@padaria.example>\r\n"
		"To: Maria Silva <maria@example.com>\r\n"
		"Subject: Lembrete de pagamento\r\n"
		"Date: Sun, 22 Nov 2026 13:05:09 +0000\r\n"
		"Message-ID: <r-0001@padaria.example>\r\n"
		"MIME-Version: 1.0\r\n"
		"Content-Type: text/plain; charset=UTF-8\r\n"
		"Content-Transfer-Encoding: quoted-printable\r\n"
		"\r\n"
		"Ola Maria,\r\n"
		"sua parcela de R$ 150,00 vence em 25/11/2026.\r\n"
		"Total =3D 150\r\n";
	(void)state;
	assert_int_equal(cobra_mail_build(&out, &m), 0);
	assert_string_equal(out.data, want);
	assert_int_equal(out.len, strlen(want));
	cobra_buf_free(&out);
}

static void test_mail_appends_and_is_deterministic(void **state)
{
	struct cobra_buf a = {0}, b = {0};
	(void)state;
	cobra_buf_puts(&a, "previous\n");
	assert_int_equal(build(&a, "Padaria", "Conceição", "Olá", "corpo\n"), 0);
	assert_int_equal(build(&b, "Padaria", "Conceição", "Olá", "corpo\n"), 0);
	assert_int_equal(a.len, b.len + 9);
	assert_memory_equal(a.data, "previous\n", 9);
	assert_memory_equal(a.data + 9, b.data, b.len);
	cobra_buf_free(&a);
	cobra_buf_free(&b);
}

static void test_mail_names_with_specials_are_quoted_strings(void **state)
{
	struct cobra_buf out = {0};
	struct cobra_mail m = {
		.from_name = "Silva, Maria (loja \"A\\B\")", .from_addr = "a@b.example",
		.to_name = NULL, .to_addr = "maria@example.com",
		.subject = "", .body = "x", .epoch = 0, .message_id = "1.2",
	};
	(void)state;
	assert_int_equal(cobra_mail_build(&out, &m), 0);
	/* RFC 5322 3.2.4: quoted-string, with \" and \\ as quoted-pairs; no name
	 * gives a bare addr-spec; an empty subject an empty unstructured value;
	 * "x" without a final line break ends with a soft break (RFC 2045 6.7
	 * rule 5) so that decoding gives no "\n" that was not there. */
	const char *want =
		"From: \"Silva, Maria (loja \\\"A\\\\B\\\")\" <a@b.example>\r\n"
		"To: maria@example.com\r\n"
		"Subject:\r\n"
		"Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"
		"Message-ID: <1.2@b.example>\r\n"
		"MIME-Version: 1.0\r\n"
		"Content-Type: text/plain; charset=UTF-8\r\n"
		"Content-Transfer-Encoding: quoted-printable\r\n"
		"\r\n"
		"x=\r\n";
	assert_string_equal(out.data, want);
	cobra_buf_free(&out);
}

/* ---- RFC 2047 ---- */

static bool all_atext(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
			    strchr("!#$%&'*+-/=?^_`{|}~", s[i]) != NULL) || s[i] == '\0')
			return false;
	return n > 0;
}

/* A display name (RFC 5322 3.2.5 phrase) decoded: words are atoms,
 * quoted-strings or runs of encoded words, shown one space apart, except
 * that adjacent encoded words join without one (RFC 2047 6.2). Returns what
 * follows the name ("<addr>"), or NULL when a word is malformed. */
static const char *decode_phrase(struct cobra_buf *out, const char *v)
{
	const char *p = v;
	for (bool first = true;; first = false) {
		p += strspn(p, " ");
		if (*p == '\0' || *p == '<')
			return p;
		if (!first)
			cobra_buf_add(out, " ", 1);
		if (p[0] == '=' && p[1] == '?') {
			size_t before = out->len;
			p = decode_words(out, p);
			if (p == NULL || out->len == before)
				return NULL;
		} else if (*p == '"') {
			for (p++; *p != '"'; p++) {
				if (*p == '\\')
					p++;
				if (*p == '\0')
					return NULL;
				cobra_buf_add(out, p, 1);
			}
			p++;
		} else {
			size_t n = strcspn(p, " ");
			if (!all_atext(p, n))
				return NULL;
			cobra_buf_add(out, p, n);
			p += n;
		}
	}
}

/* The display name in header NAME decodes to WANT, followed by <ADDR>. */
static void assert_mailbox_decodes(const char *msg, const char *name, const char *want, const char *addr)
{
	struct cobra_buf text = {0};
	char rest[128];
	char *v = header(msg, name);
	assert_non_null(v);
	const char *r = decode_phrase(&text, v);
	if (r == NULL)
		fail_msg("%s: malformed display name in \"%s\"", name, v);
	cobra_buf_add(&text, "", 0);
	assert_string_equal(text.data, want);
	(void)snprintf(rest, sizeof(rest), "<%s>", addr);
	assert_string_equal(r, rest);
	free(v);
	cobra_buf_free(&text);
}

/* The subject decodes to WANT: encoded words only, or plain text. */
static void assert_subject_decodes(const char *msg, const char *want)
{
	struct cobra_buf text = {0};
	char *v = header(msg, "Subject");
	assert_non_null(v);
	if (strncmp(v, " =?", 3) == 0) {
		const char *r = decode_words(&text, v);
		if (r == NULL || *r != '\0')
			fail_msg("subject: malformed encoded words in \"%s\"", v);
	} else if (v[0] == ' ') {
		cobra_buf_puts(&text, v + 1);
	}
	cobra_buf_add(&text, "", 0);
	assert_string_equal(text.data, want);
	free(v);
	cobra_buf_free(&text);
}

static void test_mail_non_ascii_names_are_encoded_words(void **state)
{
	struct cobra_buf out = {0};
	(void)state;
	assert_int_equal(build(&out, "Açaí & Cia", "Conceição Ñandú", "Olá", ""), 0);
	assert_lines_ok(out.data);
	assert_mailbox_decodes(out.data, "From", "Açaí & Cia", "cobranca@padaria.example");
	assert_mailbox_decodes(out.data, "To", "Conceição Ñandú", "cliente@example.com");
	assert_subject_decodes(out.data, "Olá");
	/* "Conceição Ñandú" is 18 bytes: one word, base64 by hand from
	 * 43 6f 6e 63 65 69 c3 a7 c3 a3 6f 20 c3 91 61 6e 64 c3 ba. */
	assert_non_null(strstr(out.data, "To: =?UTF-8?B?Q29uY2Vpw6fDo28gw5FhbmTDug==?= <cliente@example.com>\r\n"));
	cobra_buf_free(&out);
}

static void test_mail_long_portuguese_subject_folds_into_short_words(void **state)
{
	const char *subject = "Lembrete: sua parcela de R$ 150,00 da Padaria Conceição vence em três dias — "
			      "não esqueça, pagamentos por Pix são confirmados na hora. Obrigado pela preferência!";
	const char *name = "Associação Beneficente dos Amigos da Praça São João e Adjacências Ltda.";
	struct cobra_buf out = {0};
	(void)state;
	assert_int_equal(build(&out, name, name, subject, "ok\n"), 0);
	assert_lines_ok(out.data);
	assert_subject_decodes(out.data, subject);
	assert_mailbox_decodes(out.data, "From", name, "cobranca@padaria.example");
	assert_mailbox_decodes(out.data, "To", name, "cliente@example.com");
	/* folded: continuation lines start with a space */
	assert_non_null(strstr(out.data, "?=\r\n =?UTF-8?B?"));
	cobra_buf_free(&out);
}

/* Where a name has atoms between its non-ASCII words, they stay atoms and
 * keep the encoded words apart, so that a reader that (wrongly) keeps the
 * space between adjacent encoded words shows the same name. */
static void test_mail_display_name_keeps_encoded_words_apart(void **state)
{
	static const char *const want[] = {"Associação", "Beneficente", "dos", "Amigos", "da", "Praça São João",
		"e", "Adjacências Ltda.", "<cliente@example.com>"};
	struct cobra_buf out = {0};
	(void)state;
	assert_int_equal(build(&out, "P", "Associação Beneficente dos Amigos da Praça São João e Adjacências Ltda.",
				 "S", ""),
		0);
	char *v = header(out.data, "To"), *save = NULL;
	size_t k = 0;
	for (char *tok = strtok_r(v, " ", &save); tok; tok = strtok_r(NULL, " ", &save), k++) {
		struct cobra_buf w = {0};
		assert_true(k < N_ROWS(want));
		if (strncmp(tok, "=?", 2) == 0) {
			const char *r = decode_words(&w, tok);
			assert_true(r != NULL && *r == '\0');
		} else {
			cobra_buf_puts(&w, tok);
		}
		cobra_buf_add(&w, "", 0);
		assert_string_equal(w.data, want[k]);
		cobra_buf_free(&w);
	}
	assert_int_equal(k, N_ROWS(want));
	free(v);
	cobra_buf_free(&out);
}

/* S with runs of spaces made one, none at either end (RFC 5322 3.2.5: the
 * spaces between the words of a phrase are not significant). */
static void single_spaced(struct cobra_buf *out, const char *s)
{
	cobra_buf_add(out, "", 0);
	for (; *s; s++) {
		if (*s == ' ' && (s[1] == ' ' || s[1] == '\0' || out->len == 0))
			continue;
		cobra_buf_add(out, s, 1);
	}
}

/* Property: for random text mixing ASCII, specials, 2-, 3- and 4-byte
 * characters, any length, the headers decode back exactly (names with their
 * spaces normalised), every word is at most 75 characters of whole
 * characters, every line at most 78. */
static void test_mail_encoded_words_round_trip_property(void **state)
{
	static const char *const pieces[] = {"a", "Z", " ", " ", "ç", "ã", "Ñ", "€", "—", "😀", "=?", "?=", "\"",
		"<", ",", ".", "\\", "x", "1", "abcdefghijklmnopqrstuvwxyz0123456789"};
	(void)state;
	rng_state = 20261122;
	for (int iter = 0; iter < 5000; iter++) {
		struct cobra_buf s = {0}, n = {0}, norm = {0}, out = {0};
		size_t len = rng_below(60);
		for (size_t i = 0; i < len; i++)
			cobra_buf_puts(&s, pieces[rng_below(N_ROWS(pieces))]);
		len = rng_below(40);
		for (size_t i = 0; i < len; i++)
			cobra_buf_puts(&n, pieces[rng_below(N_ROWS(pieces))]);
		cobra_buf_add(&s, "", 0);
		cobra_buf_add(&n, "", 0);
		single_spaced(&norm, n.data);
		assert_int_equal(build(&out, n.data, "Ñ", s.data, ""), 0);
		assert_lines_ok(out.data);
		assert_subject_decodes(out.data, s.data);
		if (norm.len > 0) {
			assert_mailbox_decodes(out.data, "From", norm.data, "cobranca@padaria.example");
		} else {
			char *from = header(out.data, "From");
			assert_string_equal(from, " cobranca@padaria.example");
			free(from);
		}
		cobra_buf_free(&s);
		cobra_buf_free(&n);
		cobra_buf_free(&norm);
		cobra_buf_free(&out);
	}
}

/* ---- hostile header values ---- */

struct hostile_row {
	const char *field; /* from, to, subject, message-id: which value is hostile */
	bool addr;         /* the address rather than the name */
	const char *value;
	const char *shown; /* how the value appears in the message (cobra_quote) */
};

static const struct hostile_row hostiles[] = {
	{"to", false, "x\r\nBcc: evil@x", "x\\x0d\\x0aBcc: evil@x"},
	{"from", false, "x\r\nBcc: evil@x", "x\\x0d\\x0aBcc: evil@x"},
	{"subject", false, "x\r\nBcc: evil@x", "x\\x0d\\x0aBcc: evil@x"},
	{"subject", false, "x\nBcc: evil@x", "x\\x0aBcc: evil@x"},
	{"subject", false, "x\rBcc: evil@x", "x\\x0dBcc: evil@x"},
	{"to", false, "\x1b[31m", "\\x1b[31m"},
	{"from", false, "\x1b[31m", "\\x1b[31m"},
	{"subject", false, "\x1b[31m", "\\x1b[31m"},
	{"subject", false, "tab\there", "tab\\x09here"},
	{"subject", false, "del\x7f", "del\\x7f"},
	{"subject", false, "c1\xc2\x85", "c1<U+0085>"},
	{"to", false, "evil\xe2\x80\xae", "evil<U+202E>"},       /* right-to-left override */
	{"to", false, "bad \xc3\x28", "bad \\xc3("},            /* invalid UTF-8 */
	{"to", true, "a@b>, c@d", "a@b>, c@d"},
	{"to", true, "a@b.com, c@d.com", "a@b.com, c@d.com"},
	{"to", true, "a@b.com,c@d.com", "a@b.com,c@d.com"},
	{"to", true, "<a@b.com>", "<a@b.com>"},
	{"to", true, "Maria <a@b.com>", "Maria <a@b.com>"},
	{"to", true, "a b@c.com", "a b@c.com"},
	{"to", true, "a@b.com\r\nBcc: x@y.com", "a@b.com\\x0d\\x0aBcc: x@y.com"},
	{"to", true, "a@b.com ", "a@b.com "},
	{"to", true, "\"a\"@b.com", "\\\"a\\\"@b.com"},
	{"to", true, "a(c)@b.com", "a(c)@b.com"},
	{"to", true, "a@@b.com", "a@@b.com"},
	{"to", true, "a.@b.com", "a.@b.com"},
	{"to", true, ".a@b.com", ".a@b.com"},
	{"to", true, "a..b@c.com", "a..b@c.com"},
	{"to", true, "@b.com", "@b.com"},
	{"to", true, "a@", "a@"},
	{"to", true, "a@b", "a@b"},                 /* no dot: a typo, not a mail domain */
	{"to", true, "a@-b.com", "a@-b.com"},
	{"to", true, "a@b-.com", "a@b-.com"},
	{"to", true, "a@b..com", "a@b..com"},
	{"to", true, "a@b.com.", "a@b.com."},
	{"to", true, "a@[127.0.0.1]", "a@[127.0.0.1]"},
	{"to", true, "jo\xc3\xa3o@b.com", "jo\xc3\xa3o@b.com"}, /* SMTPUTF8 not supported */
	{"to", true, "", ""},
	{"from", true, "a@b>, c@d", "a@b>, c@d"},
	{"from", true, "x\x1b@b.com", "x\\x1b@b.com"},
	{"message-id", false, "x>\r\nBcc: y", "x>\\x0d\\x0aBcc: y"},
	{"message-id", false, "a b", "a b"},
	{"message-id", false, "", ""},
};

static void test_mail_hostile_header_values_are_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(hostiles); i++) {
		const struct hostile_row *r = &hostiles[i];
		struct cobra_buf out = {0};
		struct cobra_mail m = {
			.from_name = "Padaria", .from_addr = "cobranca@padaria.example",
			.to_name = "Maria", .to_addr = "maria@example.com",
			.subject = "Lembrete", .body = "ok\n", .epoch = DAY_2026_11_22, .message_id = "r-1",
		};
		char want[256];
		const char **slot = strcmp(r->field, "subject") == 0      ? &m.subject
				    : strcmp(r->field, "message-id") == 0 ? &m.message_id
				    : strcmp(r->field, "from") == 0       ? (r->addr ? &m.from_addr : &m.from_name)
									  : (r->addr ? &m.to_addr : &m.to_name);
		*slot = r->value;
		cobra_error_clear();
		cobra_buf_puts(&out, "keep");
		int rc = cobra_mail_build(&out, &m);
		if (rc != -COBRA_INVALID)
			fail_msg("row %zu (%s \"%s\"): rc %d, message:\n%s", i, r->field, r->shown, rc,
				out.data);
		assert_int_equal(out.len, 4); /* nothing appended */
		(void)snprintf(want, sizeof(want), "%s: \"%s\"", r->field, r->shown);
		if (r->value[0] == '\0' && r->addr)
			(void)snprintf(want, sizeof(want), "%s: no e-mail address", r->field);
		if (strncmp(cobra_error_message(), want, strlen(want)) != 0)
			fail_msg("row %zu: message \"%s\" does not start with \"%s\"", i, cobra_error_message(), want);
		cobra_buf_free(&out);
	}
}

static void test_mail_plain_addresses_are_accepted(void **state)
{
	static const char *const good[] = {
		"maria@example.com", "first.last+tag@sub.example.com.br", "o'brien@x.io",
		"a@b-c.de", "UPPER@EXAMPLE.COM", "x_1=2?3@a1.b2", "#!$%&*/^`{|}~@example.org",
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(good); i++) {
		struct cobra_buf out = {0};
		struct cobra_mail m = {
			.to_addr = good[i], .from_addr = "a@b.example", .epoch = 0, .message_id = "m",
		};
		cobra_error_clear();
		if (cobra_mail_build(&out, &m) != 0)
			fail_msg("\"%s\" refused: %s", good[i], cobra_error_message());
		char *to = header(out.data, "To");
		assert_non_null(to);
		assert_true(to[0] == ' ');
		assert_string_equal(to + 1, good[i]);
		free(to);
		cobra_buf_free(&out);
	}
}

/* ---- the body ---- */

/* The body of MSG (after the blank line) decoded, or fails. */
static void assert_body_decodes(const char *msg, const char *want)
{
	struct cobra_buf text = {0};
	const char *body = strstr(msg, "\r\n\r\n");
	assert_non_null(body);
	if (qp_decode(&text, body + 4) != 0)
		fail_msg("body is not quoted-printable:\n%s", body + 4);
	cobra_buf_add(&text, "", 0);
	assert_int_equal(text.len, strlen(want));
	assert_memory_equal(text.data, want, text.len);
	cobra_buf_free(&text);
}

/* No body line can be read as anything but text: not the end of the data
 * (".", RFC 5321 4.1.1.4), not an mbox separator ("From "), not a header
 * field (name *WSP ":", RFC 5322 3.6.8 and 4.5.3). */
static void assert_body_lines_inert(const char *msg)
{
	const char *line = strstr(msg, "\r\n\r\n") + 4;
	while (*line) {
		const char *eol = strstr(line, "\r\n");
		size_t n = 0;
		assert_non_null(eol);
		if (line[0] == '.' || strncmp(line, "From ", 5) == 0)
			fail_msg("body line \"%.*s\"", (int)(eol - line), line);
		while (line + n < eol && line[n] > ' ' && line[n] <= '~' && line[n] != ':')
			n++;
		while (n > 0 && line + n < eol && line[n] == ' ')
			n++;
		if (n > 0 && line + n < eol && line[n] == ':')
			fail_msg("body line looks like a header: \"%.*s\"", (int)(eol - line), line);
		line = eol + 2;
	}
}

static void test_mail_hostile_body_is_encoded_and_decodes_exactly(void **state)
{
	static const char *const bodies[] = {
		"Ola\r\nBcc: x\n",
		"\n.\n",
		".\n",
		"From x\n",
		"From x",
		"\x1b[31mvermelho\x1b[0m\n",
		"a\n.\nFrom x\nBcc : y\nSubject:z\n\r\n\r\n.\r\nX-Evil: 1\n",
		"trailing space \ntrailing tab\t\n",
		"equals = and =3D and =\n",
		"nul-free but \x01\x02\x7f and \xc2\x85 and \xe2\x80\xae\n",
		"acentuação: ç ã é €\n",
		"",
		"\n\n\n",
		"no final newline ",
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(bodies); i++) {
		struct cobra_buf out = {0};
		assert_int_equal(build(&out, "P", "M", "S", bodies[i]), 0);
		assert_lines_ok(out.data);
		assert_body_lines_inert(out.data);
		assert_body_decodes(out.data, bodies[i]);
		cobra_buf_free(&out);
	}
}

static void test_mail_body_encoding_by_hand(void **state)
{
	struct cobra_buf out = {0};
	char body[81];
	(void)state;
	/* RFC 2045 6.7: "=" is =3D; a space before a line break is =20; CR and
	 * ESC are =0D and =1B; a leading "." is =2E, "From " starts =46, a
	 * header-like colon is =3A; 80 "a" are cut after 75 by a soft break. */
	assert_int_equal(build(&out, NULL, NULL, NULL, "a = b \n\r\n.\nFrom x\nBcc: y\n\x1b!"), 0);
	assert_string_equal(strstr(out.data, "\r\n\r\n") + 4,
		"a =3D b=20\r\n=0D\r\n=2E\r\n=46rom x\r\nBcc=3A y\r\n=1B!=\r\n");
	cobra_buf_free(&out);
	memset(body, 'a', 80);
	body[80] = '\0';
	assert_int_equal(build(&out, NULL, NULL, NULL, body), 0);
	assert_string_equal(strstr(out.data, "\r\n\r\n") + 4,
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=\r\n"
		"aaaaa=\r\n");
	cobra_buf_free(&out);
}

/* Property: random bodies built from awkward pieces decode back exactly and
 * never produce an inert-rule violation or a long line. */
static void test_mail_body_round_trip_property(void **state)
{
	static const char *const pieces[] = {"a", " ", "\t", "\n", "\r", "\r\n", ".", ":", "=", "F", "From ",
		"Bcc", "ç", "€", "\x1b", "\x7f", "x", "yy", "-- "};
	(void)state;
	rng_state = 5322;
	for (int iter = 0; iter < 3000; iter++) {
		struct cobra_buf b = {0}, out = {0};
		size_t len = rng_below(200);
		for (size_t i = 0; i < len; i++)
			cobra_buf_puts(&b, pieces[rng_below(N_ROWS(pieces))]);
		cobra_buf_add(&b, "", 0);
		assert_int_equal(build(&out, "P", "M", "S", b.data), 0);
		assert_lines_ok(out.data);
		assert_body_lines_inert(out.data);
		assert_body_decodes(out.data, b.data);
		cobra_buf_free(&b);
		cobra_buf_free(&out);
	}
}

static void test_mail_body_with_invalid_utf8_is_refused(void **state)
{
	struct cobra_buf out = {0};
	(void)state;
	assert_int_equal(build(&out, "P", "M", "S", "ok \xff\n"), -COBRA_INVALID);
	assert_int_equal(strncmp(cobra_error_message(), "body: \"ok \\xff", 14), 0);
	assert_int_equal(out.len, 0);
	cobra_buf_free(&out);
}

/* ---- the date ---- */

struct date_row {
	int64_t epoch;
	const char *want;
};

/* Worked out by hand from civil days: 1970-01-01 was a Thursday;
 * 1795305600 / 86400 = 20779 days; 2026-01-01 is day 56*365 + 14 leap days
 * = 20454; 20779 - 20454 = 325 = Jan..Oct (304) + 21, so 22 November 2026;
 * 20779 mod 7 = 3 days after Thursday: Sunday. 951782400 / 86400 = 11016 =
 * 10957 (2000-01-01) + 59: 29 February 2000, 11016 mod 7 = 5: Tuesday. */
static const struct date_row dates[] = {
	{0, "Thu, 01 Jan 1970 00:00:00 +0000"},
	{DAY_2026_11_22, "Sun, 22 Nov 2026 00:00:00 +0000"},
	{DAY_2026_11_22 + 86399, "Sun, 22 Nov 2026 23:59:59 +0000"},
	{DAY_2026_11_22 + 86400, "Mon, 23 Nov 2026 00:00:00 +0000"},
	{951782400, "Tue, 29 Feb 2000 00:00:00 +0000"},
	{INT64_C(253402300799), "Fri, 31 Dec 9999 23:59:59 +0000"},
};

static void test_mail_date_header_format(void **state)
{
	char buf[COBRA_MAIL_DATE_BUFSZ];
	(void)state;
	for (size_t i = 0; i < N_ROWS(dates); i++) {
		assert_int_equal(cobra_mail_date(buf, dates[i].epoch), 0);
		assert_string_equal(buf, dates[i].want);
	}
	assert_int_equal(cobra_mail_date(buf, -1), -COBRA_INVALID);
	assert_int_equal(cobra_mail_date(buf, INT64_C(253402300800)), -COBRA_INVALID);
}

static void test_mail_date_and_message_id_headers(void **state)
{
	struct cobra_buf out = {0};
	(void)state;
	assert_int_equal(build(&out, "P", "M", "S", ""), 0);
	char *date = header(out.data, "Date"), *id = header(out.data, "Message-ID");
	assert_string_equal(date, " Sun, 22 Nov 2026 00:00:00 +0000");
	assert_string_equal(id, " <r-0001@padaria.example>");
	free(date);
	free(id);
	cobra_buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_mail_plain_ascii_message_is_exact, unit_clear),
		cmocka_unit_test_setup(test_mail_appends_and_is_deterministic, unit_clear),
		cmocka_unit_test_setup(test_mail_names_with_specials_are_quoted_strings, unit_clear),
		cmocka_unit_test_setup(test_mail_non_ascii_names_are_encoded_words, unit_clear),
		cmocka_unit_test_setup(test_mail_long_portuguese_subject_folds_into_short_words, unit_clear),
		cmocka_unit_test_setup(test_mail_display_name_keeps_encoded_words_apart, unit_clear),
		cmocka_unit_test_setup(test_mail_encoded_words_round_trip_property, unit_clear),
		cmocka_unit_test_setup(test_mail_hostile_header_values_are_refused, unit_clear),
		cmocka_unit_test_setup(test_mail_plain_addresses_are_accepted, unit_clear),
		cmocka_unit_test_setup(test_mail_hostile_body_is_encoded_and_decodes_exactly, unit_clear),
		cmocka_unit_test_setup(test_mail_body_encoding_by_hand, unit_clear),
		cmocka_unit_test_setup(test_mail_body_round_trip_property, unit_clear),
		cmocka_unit_test_setup(test_mail_body_with_invalid_utf8_is_refused, unit_clear),
		cmocka_unit_test_setup(test_mail_date_header_format, unit_clear),
		cmocka_unit_test_setup(test_mail_date_and_message_id_headers, unit_clear),
	};
	return cmocka_run_group_tests_name("mail", tests, NULL, NULL);
}
