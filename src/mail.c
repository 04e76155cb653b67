#include "mail.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "error.h"
#include "text.h"

/* RFC 5322 2.1.1: lines SHOULD stay within 78 characters before CRLF. */
#define LINE_LIMIT 78
/* RFC 2047 2: an encoded word is at most 75 characters. */
#define WORD_LIMIT 75
#define WORD_OVERHEAD 12 /* "=?UTF-8?B?" + "?=" */
/* RFC 2045 6.7: encoded body lines at most 76 characters, the soft-break
 * "=" included, so text stops at 75. */
#define QP_TEXT_LIMIT 75

#define LOCAL_MAX 64
#define ADDR_MAX 254
#define LABEL_MAX 63
#define MSGID_MAX 64

/* ---- validation ---- */

/* RFC 5322 3.2.3 atext. */
static bool is_atext(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

static bool is_ldh(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/* dot-atom-text of 1..MAX bytes in S[0..n). */
static bool dot_atom(const char *s, size_t n, size_t max)
{
	if (n == 0 || n > max || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '.' ? s[i + 1] == '.' : !is_atext((unsigned char)s[i]))
			return false;
	}
	return true;
}

/* A host name with at least one dot: labels of letters, digits, hyphens. */
static bool host_name(const char *s, size_t n)
{
	size_t label = 0, dots = 0;
	if (n == 0 || n > ADDR_MAX)
		return false;
	for (size_t i = 0; i <= n; i++) {
		if (i == n || s[i] == '.') {
			if (label == 0 || label > LABEL_MAX || s[i - 1] == '-' || s[i - label] == '-')
				return false;
			dots += i < n;
			label = 0;
		} else if (is_ldh((unsigned char)s[i])) {
			label++;
		} else {
			return false;
		}
	}
	return dots > 0;
}

bool cobra_mail_addr_plain(const char *addr, size_t local_max)
{
	size_t len = strlen(addr);
	const char *at = strchr(addr, '@');
	return len <= ADDR_MAX && at != NULL && dot_atom(addr, (size_t)(at - addr), local_max) &&
	       host_name(at + 1, len - (size_t)(at - addr) - 1);
}

int cobra_mail_addr_validate(const char *field, const char *addr)
{
	char q[96];
	if (addr == NULL || addr[0] == '\0')
		return cobra_error(COBRA_INVALID, "%s: no e-mail address", field);
	if (cobra_mail_addr_plain(addr, LOCAL_MAX))
		return 0;
	return cobra_error(COBRA_INVALID, "%s: \"%s\" is not one plain e-mail address (local@domain)", field,
		cobra_quote(q, sizeof(q), addr));
}

/* A display name or subject: valid UTF-8 without anything that could end the
 * header line or fool a reader (controls, separators, direction overrides). */
static int header_text_validate(const char *field, const char *s)
{
	char q[96];
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		unsigned cp;
		int n = cobra_utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (n == 0)
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not valid UTF-8", field,
				cobra_quote(q, sizeof(q), s));
		if (cobra_text_unsafe(cp))
			return cobra_error(COBRA_INVALID, "%s: \"%s\" contains a control or text-direction character",
				field, cobra_quote(q, sizeof(q), s));
		i += (size_t)n;
	}
	return 0;
}

int cobra_mail_date(char out[COBRA_MAIL_DATE_BUFSZ], int64_t epoch)
{
	static const char wd[7][4] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
	static const char mon[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	/* 9999-12-31T23:59:59Z: RFC 5322 years have four digits here. */
	const int64_t last = INT64_C(253402300799);
	int y, m, d;
	int64_t secs;
	cobra_date day;
	out[0] = '\0';
	if (epoch < 0 || epoch > last)
		return cobra_error(COBRA_INVALID, "date: \"%lld\" is outside 1970-9999", (long long)epoch);
	day = (cobra_date)(epoch / 86400);
	secs = epoch % 86400;
	cobra_date_to_ymd(day, &y, &m, &d);
	(void)snprintf(out, COBRA_MAIL_DATE_BUFSZ, "%s, %02d %s %04d %02d:%02d:%02d +0000",
		wd[cobra_date_weekday(day)], d, mon[m - 1], y, (int)(secs / 3600), (int)(secs / 60 % 60),
		(int)(secs % 60));
	return 0;
}

static int validate(const struct cobra_mail *m)
{
	char q[96];
	int rc;
	if ((rc = cobra_mail_addr_validate("from", m->from_addr)) < 0 ||
	    (rc = cobra_mail_addr_validate("to", m->to_addr)) < 0)
		return rc;
	if ((m->from_name && (rc = header_text_validate("from", m->from_name)) < 0) ||
	    (m->to_name && (rc = header_text_validate("to", m->to_name)) < 0) ||
	    (m->subject && (rc = header_text_validate("subject", m->subject)) < 0))
		return rc;
	if (m->body && !cobra_utf8_valid(m->body, strlen(m->body)))
		return cobra_error(COBRA_INVALID, "body: \"%s\" is not valid UTF-8",
			cobra_quote(q, sizeof(q), m->body));
	if (m->message_id == NULL || !dot_atom(m->message_id, strlen(m->message_id), MSGID_MAX))
		return cobra_error(COBRA_INVALID, "message-id: \"%s\" is not a dot-atom of at most %d characters",
			cobra_quote(q, sizeof(q), m->message_id ? m->message_id : ""), MSGID_MAX);
	return 0;
}

/* ---- header lines ---- */

struct hdr {
	struct cobra_buf *out;
	size_t col;
	size_t name_col; /* the column after "Name:" */
};

static void hdr_start(struct hdr *h, const char *name)
{
	cobra_buf_puts(h->out, name);
	cobra_buf_add(h->out, ":", 1);
	h->col = h->name_col = strlen(name) + 1;
}

static void hdr_end(struct hdr *h)
{
	cobra_buf_add(h->out, "\r\n", 2);
	h->col = 0;
}

/* Room for a token after a separating space on the current line. */
static size_t hdr_room(const struct hdr *h)
{
	return h->col + 1 < LINE_LIMIT ? LINE_LIMIT - h->col - 1 : 0;
}

/* Appends " TOKEN", folding first (CRLF SP) when it would not fit and the
 * line already holds more than the field name. */
static void hdr_token(struct hdr *h, const char *tok, size_t n, bool may_fold)
{
	if (may_fold && n > hdr_room(h) && h->col > h->name_col)
		hdr_end(h);
	cobra_buf_add(h->out, " ", 1);
	cobra_buf_add(h->out, tok, n);
	h->col += 1 + n;
}

static void base64(char *out, const unsigned char *in, size_t n)
{
	static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const char pad = '=';
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = abc[v >> 18 & 63];
		out[o++] = abc[v >> 12 & 63];
		out[o++] = pad;
		out[o++] = pad;
		if (i + 1 < n)
			out[o - 2] = abc[v >> 6 & 63];
		if (i + 2 < n)
			out[o - 1] = abc[v & 63];
	}
	out[o] = '\0';
}

/* How many bytes of S (whole UTF-8 characters) fit in an encoded word of at
 * most ROOM characters; 0 when not even the first one does. */
static size_t word_take(const char *s, size_t len, size_t room)
{
	size_t w = room < WORD_LIMIT ? room : WORD_LIMIT, max, take = 0;
	if (w < WORD_OVERHEAD + 4)
		return 0;
	max = (w - WORD_OVERHEAD) / 4 * 3;
	while (take < len) {
		unsigned cp;
		int n = cobra_utf8_decode((const unsigned char *)s + take, len - take, &cp);
		if (n == 0 || take + (size_t)n > max)
			break;
		take += (size_t)n;
	}
	/* When the text goes on in another word, end this one after a space
	 * if it has one: a reader that keeps the folding space between
	 * adjacent words (against RFC 2047 6.2) then shows two spaces where
	 * there was one, not a space inside a word. */
	for (size_t k = take; take < len && k > 1; k--) {
		if (s[k - 1] == ' ')
			return k;
	}
	return take;
}

/* S as RFC 2047 B words, each on the current line if it fits, else folded;
 * decoders join adjacent encoded words without the space between them. */
static void hdr_encoded(struct hdr *h, const char *s, size_t len)
{
	size_t pos = 0;
	while (pos < len) {
		char b64[WORD_LIMIT], word[WORD_LIMIT + 1];
		int n;
		size_t take = word_take(s + pos, len - pos, hdr_room(h));
		size_t fresh = word_take(s + pos, len - pos, LINE_LIMIT - 1);
		/* Rather than cut the text where this line ends, start a new
		 * line when it would take more there (a fresh line has room for
		 * 45 bytes): text that fits one word stays one word. */
		if (take == 0 || (take < fresh && h->col > h->name_col)) {
			hdr_end(h);
			continue;
		}
		base64(b64, (const unsigned char *)s + pos, take);
		n = snprintf(word, sizeof(word), "=?UTF-8?B?%s?=", b64);
		hdr_token(h, word, (size_t)n, false);
		pos += take;
	}
}

static bool plain_ascii(const char *s)
{
	for (const char *p = s; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			return false;
	return strstr(s, "=?") == NULL; /* would read as an encoded word */
}

/* Words separated by single spaces, no space at either end. */
static bool single_spaced(const char *s)
{
	return s[0] != ' ' && s[0] != '\0' && s[strlen(s) - 1] != ' ' && strstr(s, "  ") == NULL;
}

/* A display name as atoms, or a quoted-string when it holds specials. */
static void phrase_ascii(struct cobra_buf *b, const char *name)
{
	bool atoms = single_spaced(name);
	for (const char *p = name; *p && atoms; p++)
		atoms = *p == ' ' || is_atext((unsigned char)*p);
	if (atoms) {
		cobra_buf_puts(b, name);
		return;
	}
	cobra_buf_add(b, "\"", 1);
	for (const char *p = name; *p; p++) {
		if (*p == '"' || *p == '\\')
			cobra_buf_add(b, "\\", 1);
		cobra_buf_add(b, p, 1);
	}
	cobra_buf_add(b, "\"", 1);
}

/* S with runs of spaces made one and none at either end: whitespace between
 * the words of a phrase is not significant (RFC 5322 3.2.5), so a name is
 * written the same way whichever form it takes. */
static void single_spaces(struct cobra_buf *out, const char *s)
{
	cobra_buf_add(out, "", 0);
	while (*(s += strspn(s, " "))) {
		size_t n = strcspn(s, " ");
		if (out->len > 0)
			cobra_buf_add(out, " ", 1);
		cobra_buf_add(out, s, n);
		s += n;
	}
}

/* A word of a display name that can stay as it is: an atom that fits a
 * line and cannot be taken for the start of an encoded word. */
#define ATOM_MAX 60
static bool plain_atom(const char *s, size_t n)
{
	if (n == 0 || n > ATOM_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_atext((unsigned char)s[i]) || (s[i] == '=' && i + 1 < n && s[i + 1] == '?'))
			return false;
	return true;
}

/* A display name that is not plain ASCII or does not fit on the line: its
 * atoms go as they are, each run of other words as encoded words, folding
 * between words. Encoded words stay apart wherever the name has a space
 * between them and an atom: RFC 2047 6.2 drops the space between two
 * adjacent encoded words, which some parsers (Python's, in display names)
 * keep, so only a run of non-atoms longer than one word (45 bytes) depends
 * on the reader getting that rule right. NAME is single-spaced. */
static void phrase_mixed(struct hdr *h, const char *name)
{
	const char *p = name;
	while (*p) {
		const char *start = p;
		size_t n = strcspn(p, " ");
		p += n;
		if (plain_atom(start, n)) {
			hdr_token(h, start, n, true);
		} else {
			while (*p == ' ' && !plain_atom(p + 1, strcspn(p + 1, " ")))
				p += 1 + strcspn(p + 1, " ");
			hdr_encoded(h, start, (size_t)(p - start));
		}
		p += *p == ' ';
	}
}

static void hdr_mailbox(struct hdr *h, const char *field, const char *name, const char *addr)
{
	struct cobra_buf tmp = {0}, one = {0};
	hdr_start(h, field);
	single_spaces(&one, name ? name : "");
	if (one.len == 0 || one.oom) {
		hdr_token(h, addr, strlen(addr), false);
		hdr_end(h);
		h->out->oom |= one.oom;
		cobra_buf_free(&one);
		return;
	}
	if (plain_ascii(one.data))
		phrase_ascii(&tmp, one.data);
	if (tmp.len > 0 && !tmp.oom && tmp.len <= hdr_room(h))
		hdr_token(h, tmp.data, tmp.len, false);
	else
		phrase_mixed(h, one.data);
	cobra_buf_free(&one);
	cobra_buf_free(&tmp);
	cobra_buf_printf(&tmp, "<%s>", addr);
	hdr_token(h, tmp.oom ? "" : tmp.data, tmp.len, true);
	cobra_buf_free(&tmp);
	hdr_end(h);
}

/* Plain ASCII folds at its spaces (unfolding gives it back); anything else,
 * or a word too long for a line, goes as encoded words. */
static bool subject_foldable(const char *s, size_t first_room)
{
	size_t word = 0;
	if (!plain_ascii(s) || !single_spaced(s))
		return false;
	for (const char *p = s;; p++) {
		if (*p == ' ' || *p == '\0') {
			if (word > (p - word == s ? first_room : LINE_LIMIT - 1))
				return false;
			word = 0;
			if (*p == '\0')
				return true;
		} else {
			word++;
		}
	}
}

static void hdr_subject(struct hdr *h, const char *s)
{
	hdr_start(h, "Subject");
	if (subject_foldable(s, hdr_room(h))) {
		while (*s) {
			size_t n = strcspn(s, " ");
			hdr_token(h, s, n, true);
			s += n + (s[n] == ' ');
		}
	} else {
		hdr_encoded(h, s, strlen(s));
	}
	hdr_end(h);
}

/* ---- the body, quoted-printable ---- */

/* Where the current output line stands with respect to looking like a header
 * field "name *WSP :" (RFC 5322 3.6.8, 4.5.3). */
enum qp_line { QP_START, QP_NAME, QP_SPACES, QP_OTHER };

struct qp {
	struct cobra_buf *out;
	size_t col;
	enum qp_line line;
};

static void qp_emit(struct qp *q, const char *tok, size_t n)
{
	cobra_buf_add(q->out, tok, n);
	q->col += n;
	for (size_t i = 0; i < n; i++) {
		bool ftext = tok[i] > ' ' && tok[i] <= '~' && tok[i] != ':';
		if ((q->line == QP_START || q->line == QP_NAME) && ftext)
			q->line = QP_NAME;
		else if ((q->line == QP_NAME || q->line == QP_SPACES) && tok[i] == ' ')
			q->line = QP_SPACES;
		else
			q->line = QP_OTHER;
	}
}

static void qp_break(struct qp *q, bool soft)
{
	cobra_buf_puts(q->out, soft ? "=\r\n" : "\r\n");
	q->col = 0;
	q->line = QP_START;
}

/* Whether byte S[0] may go out literally at the current place. */
static bool qp_literal(const struct qp *q, const char *s)
{
	unsigned char c = (unsigned char)*s;
	if (c == ' ')
		return s[1] != '\n' && s[1] != '\0'; /* no trailing space on a line */
	if (c < 0x21 || c > 0x7e || c == '=')
		return false;
	if (q->col == 0 && (c == '.' || strncmp(s, "From ", 5) == 0))
		return false;
	return !(c == ':' && (q->line == QP_NAME || q->line == QP_SPACES));
}

static void qp_body(struct cobra_buf *out, const char *body)
{
	struct qp q = {out, 0, QP_START};
	for (const char *s = body; *s; s++) {
		char tok[4];
		size_t n;
		bool lit;
		if (*s == '\n') {
			qp_break(&q, false);
			continue;
		}
		lit = qp_literal(&q, s);
		if (q.col + (lit ? 1 : 3) > QP_TEXT_LIMIT) {
			qp_break(&q, true); /* the new line may change the verdict ("." or "From ") */
			lit = qp_literal(&q, s);
		}
		if (lit) {
			tok[0] = *s;
			n = 1;
		} else {
			(void)snprintf(tok, sizeof(tok), "=%02X", (unsigned char)*s);
			n = 3;
		}
		qp_emit(&q, tok, n);
	}
	if (q.col > 0)
		qp_break(&q, true); /* the message ends in CRLF, the text does not */
}

int cobra_mail_build(struct cobra_buf *out, const struct cobra_mail *m)
{
	char date[COBRA_MAIL_DATE_BUFSZ];
	size_t old = out->len;
	struct hdr h = {out, 0};
	int rc;
	if ((rc = validate(m)) < 0 || (rc = cobra_mail_date(date, m->epoch)) < 0)
		return rc;
	hdr_mailbox(&h, "From", m->from_name, m->from_addr);
	hdr_mailbox(&h, "To", m->to_name, m->to_addr);
	hdr_subject(&h, m->subject ? m->subject : "");
	cobra_buf_printf(out, "Date: %s\r\n", date);
	cobra_buf_printf(out, "Message-ID: <%s@%s>\r\n", m->message_id, strchr(m->from_addr, '@') + 1);
	cobra_buf_puts(out, "MIME-Version: 1.0\r\n"
			    "Content-Type: text/plain; charset=UTF-8\r\n"
			    "Content-Transfer-Encoding: quoted-printable\r\n"
			    "\r\n");
	qp_body(out, m->body ? m->body : "");
	if (out->oom) {
		if (out->data && old < out->cap) {
			out->len = old;
			out->data[old] = '\0';
		}
		return cobra_error(COBRA_DATA, "out of memory");
	}
	return 0;
}
