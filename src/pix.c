#include "pix.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "doc.h"
#include "error.h"
#include "mail.h"
#include "text.h"

#define PIX_GUI "br.gov.bcb.pix"

/* ---- CRC ---- */

/* One entry per leading byte: the CRC of that byte followed by 16 zero bits.
 * A table keeps the per-byte cost at one lookup; the unit test checks it
 * against the bit-by-bit definition. */
static const uint16_t crc_table[256] = {
	0x0000, 0x1021, 0x2042, 0x3063, 0x4084, 0x50a5, 0x60c6, 0x70e7,
	0x8108, 0x9129, 0xa14a, 0xb16b, 0xc18c, 0xd1ad, 0xe1ce, 0xf1ef,
	0x1231, 0x0210, 0x3273, 0x2252, 0x52b5, 0x4294, 0x72f7, 0x62d6,
	0x9339, 0x8318, 0xb37b, 0xa35a, 0xd3bd, 0xc39c, 0xf3ff, 0xe3de,
	0x2462, 0x3443, 0x0420, 0x1401, 0x64e6, 0x74c7, 0x44a4, 0x5485,
	0xa56a, 0xb54b, 0x8528, 0x9509, 0xe5ee, 0xf5cf, 0xc5ac, 0xd58d,
	0x3653, 0x2672, 0x1611, 0x0630, 0x76d7, 0x66f6, 0x5695, 0x46b4,
	0xb75b, 0xa77a, 0x9719, 0x8738, 0xf7df, 0xe7fe, 0xd79d, 0xc7bc,
	0x48c4, 0x58e5, 0x6886, 0x78a7, 0x0840, 0x1861, 0x2802, 0x3823,
	0xc9cc, 0xd9ed, 0xe98e, 0xf9af, 0x8948, 0x9969, 0xa90a, 0xb92b,
	0x5af5, 0x4ad4, 0x7ab7, 0x6a96, 0x1a71, 0x0a50, 0x3a33, 0x2a12,
	0xdbfd, 0xcbdc, 0xfbbf, 0xeb9e, 0x9b79, 0x8b58, 0xbb3b, 0xab1a,
	0x6ca6, 0x7c87, 0x4ce4, 0x5cc5, 0x2c22, 0x3c03, 0x0c60, 0x1c41,
	0xedae, 0xfd8f, 0xcdec, 0xddcd, 0xad2a, 0xbd0b, 0x8d68, 0x9d49,
	0x7e97, 0x6eb6, 0x5ed5, 0x4ef4, 0x3e13, 0x2e32, 0x1e51, 0x0e70,
	0xff9f, 0xefbe, 0xdfdd, 0xcffc, 0xbf1b, 0xaf3a, 0x9f59, 0x8f78,
	0x9188, 0x81a9, 0xb1ca, 0xa1eb, 0xd10c, 0xc12d, 0xf14e, 0xe16f,
	0x1080, 0x00a1, 0x30c2, 0x20e3, 0x5004, 0x4025, 0x7046, 0x6067,
	0x83b9, 0x9398, 0xa3fb, 0xb3da, 0xc33d, 0xd31c, 0xe37f, 0xf35e,
	0x02b1, 0x1290, 0x22f3, 0x32d2, 0x4235, 0x5214, 0x6277, 0x7256,
	0xb5ea, 0xa5cb, 0x95a8, 0x8589, 0xf56e, 0xe54f, 0xd52c, 0xc50d,
	0x34e2, 0x24c3, 0x14a0, 0x0481, 0x7466, 0x6447, 0x5424, 0x4405,
	0xa7db, 0xb7fa, 0x8799, 0x97b8, 0xe75f, 0xf77e, 0xc71d, 0xd73c,
	0x26d3, 0x36f2, 0x0691, 0x16b0, 0x6657, 0x7676, 0x4615, 0x5634,
	0xd94c, 0xc96d, 0xf90e, 0xe92f, 0x99c8, 0x89e9, 0xb98a, 0xa9ab,
	0x5844, 0x4865, 0x7806, 0x6827, 0x18c0, 0x08e1, 0x3882, 0x28a3,
	0xcb7d, 0xdb5c, 0xeb3f, 0xfb1e, 0x8bf9, 0x9bd8, 0xabbb, 0xbb9a,
	0x4a75, 0x5a54, 0x6a37, 0x7a16, 0x0af1, 0x1ad0, 0x2ab3, 0x3a92,
	0xfd2e, 0xed0f, 0xdd6c, 0xcd4d, 0xbdaa, 0xad8b, 0x9de8, 0x8dc9,
	0x7c26, 0x6c07, 0x5c64, 0x4c45, 0x3ca2, 0x2c83, 0x1ce0, 0x0cc1,
	0xef1f, 0xff3e, 0xcf5d, 0xdf7c, 0xaf9b, 0xbfba, 0x8fd9, 0x9ff8,
	0x6e17, 0x7e36, 0x4e55, 0x5e74, 0x2e93, 0x3eb2, 0x0ed1, 0x1ef0,
};

uint16_t cobra_crc16_ccitt(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint16_t crc = 0xffff;
	for (size_t i = 0; i < len; i++)
		crc = (uint16_t)((crc << 8) ^ crc_table[((crc >> 8) ^ p[i]) & 0xff]);
	return crc;
}

/* ---- keys ---- */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
static bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static bool is_hex_lower(char c) { return is_digit(c) || (c >= 'a' && c <= 'f'); }

static bool all_digits(const char *s)
{
	for (; *s; s++)
		if (!is_digit(*s))
			return false;
	return true;
}

static bool has_upper(const char *s)
{
	for (; *s; s++)
		if (is_upper(*s))
			return true;
	return false;
}

static int phone_kind(const char *field, const char *key, const char *q)
{
	size_t n = strlen(key + 3);
	/* DDDs run 11..99 with no zero digit: a leading 0 is a trunk prefix. */
	if (strncmp(key, "+55", 3) != 0 || !all_digits(key + 3) || (n != 10 && n != 11) || key[3] == '0' ||
		key[4] == '0')
		return cobra_error(COBRA_INVALID,
			"%s: \"%s\" is not a phone key (+55, area code and number: 10 or 11 digits)", field, q);
	return COBRA_PIX_KEY_PHONE;
}

static int email_kind(const char *field, const char *key, const char *q)
{
	if (has_upper(key)) {
		cobra_error(COBRA_INVALID, "%s: \"%s\" has upper-case letters", field, q);
		cobra_hint("Pix e-mail keys are stored in lower case");
		return -COBRA_INVALID;
	}
	/* The DICT caps the whole key (COBRA_PIX_KEY_MAX), not the local part. */
	if (!cobra_mail_addr_plain(key, COBRA_PIX_KEY_MAX))
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is not an e-mail key", field, q);
	return COBRA_PIX_KEY_EMAIL;
}

static int evp_kind(const char *field, const char *q, const char *key)
{
	bool upper = false;
	for (int i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23)
			continue;
		upper = upper || (key[i] >= 'A' && key[i] <= 'F');
		if (!is_hex_lower(key[i]) && !(key[i] >= 'A' && key[i] <= 'F'))
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a random key (a UUID)", field, q);
	}
	if (upper) {
		cobra_error(COBRA_INVALID, "%s: \"%s\" has upper-case hex digits", field, q);
		cobra_hint("Pix random keys are stored in lower case");
		return -COBRA_INVALID;
	}
	return COBRA_PIX_KEY_EVP;
}

int cobra_pix_key_kind(const char *field, const char *key)
{
	char q[96];
	size_t len = strlen(key);
	cobra_quote(q, sizeof(q), key);
	if (len == 0)
		return cobra_error(COBRA_INVALID, "%s: the Pix key is empty", field);
	if (len > COBRA_PIX_KEY_MAX)
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is %zu characters long; a Pix key has at most %d",
			field, q, len, COBRA_PIX_KEY_MAX);
	if (key[0] == '+')
		return phone_kind(field, key, q);
	if (strchr(key, '@') != NULL)
		return email_kind(field, key, q);
	if (all_digits(key)) {
		if (len != 11 && len != 14) {
			cobra_error(COBRA_INVALID, "%s: \"%s\" has %zu digits; a CPF has 11, a CNPJ 14", field, q, len);
			cobra_hint("write a phone key as +55 followed by the area code and number");
			return -COBRA_INVALID;
		}
		char doc[COBRA_DOC_BUFSZ];
		int rc = cobra_doc_parse(doc, field, key);
		if (rc < 0)
			return rc;
		return rc == COBRA_DOC_CPF ? COBRA_PIX_KEY_CPF : COBRA_PIX_KEY_CNPJ;
	}
	if (len == 36 && key[8] == '-' && key[13] == '-' && key[18] == '-' && key[23] == '-')
		return evp_kind(field, q, key);
	cobra_error(COBRA_INVALID, "%s: \"%s\" is not a Pix key", field, q);
	cobra_hint("a key is a CPF or CNPJ (digits only), an e-mail, +55 and a phone number, or a random key");
	return -COBRA_INVALID;
}

int cobra_pix_key_validate(const char *field, const char *key)
{
	int rc = cobra_pix_key_kind(field, key);
	return rc < 0 ? rc : 0;
}

/* ---- name and city ---- */

/* ASCII base letter, case kept, of U+00C0..U+00FF; '_' drops the character
 * (Æ, Ð, ×, Þ, ß, ÷, þ have no one-letter form). */
static char fold_latin1(unsigned cp)
{
	static const char map[] = "AAAAAA_CEEEEIIII" "_NOOOOO_OUUUUY__"
				  "aaaaaa_ceeeeiiii" "_nooooo_ouuuuy_y";
	char c;
	if (cp < 0xc0 || cp > 0xff)
		return '\0';
	c = map[cp - 0xc0];
	if (c == '_')
		c = '\0';
	return c;
}

int cobra_pix_ascii(char *out, size_t max, const char *field, const char *in)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t len = strlen(in), o = 0;
	bool space = false;
	for (size_t i = 0; i < len && o < max;) {
		unsigned cp = 0;
		int cl = cobra_utf8_decode(s + i, len - i, &cp);
		char c = '\0';
		i += cl > 0 ? (size_t)cl : 1;
		if (cl == 0)
			continue; /* invalid UTF-8: dropped like any other unknown byte */
		if (cp == ' ' || cp == 0xa0) {
			space = o > 0;
			continue;
		}
		if (cp > ' ' && cp < 0x7f)
			c = (char)cp;
		else
			c = fold_latin1(cp);
		if (c == '\0')
			continue;
		if (space) {
			if (o + 2 > max)
				break; /* no room for " x": cut before the space */
			out[o++] = ' ';
			space = false;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	if (o == 0) {
		char q[96];
		return cobra_error(COBRA_INVALID, "%s: \"%s\" has no letters a Pix code can carry", field,
			cobra_quote(q, sizeof(q), in));
	}
	return 0;
}

/* ---- building ---- */

static int txid_check(const char *txid)
{
	size_t len = strlen(txid);
	bool ok = len <= COBRA_PIX_TXID_MAX;
	for (size_t i = 0; ok && i < len; i++)
		ok = is_digit(txid[i]) || is_lower(txid[i]) || is_upper(txid[i]);
	if (!ok) {
		char q[96];
		return cobra_error(COBRA_INVALID, "txid: \"%s\" is not 1 to %d letters and digits", cobra_quote(q, sizeof(q), txid),
			COBRA_PIX_TXID_MAX);
	}
	return 0;
}

/* VALUE is at most 99 characters: every caller has checked its length. */
static void tlv(struct cobra_buf *b, const char *id, const char *value)
{
	cobra_buf_printf(b, "%s%02zu%s", id, strlen(value), value);
}

int cobra_pix_payload(struct cobra_buf *out, const struct cobra_pix *p)
{
	char name[COBRA_PIX_NAME_MAX + 1], city[COBRA_PIX_CITY_MAX + 1];
	char account[128], extra[40], crc[8];
	const char *txid = p->txid != NULL && p->txid[0] != '\0' ? p->txid : "***";
	size_t start = out->len;
	int rc;

	if ((rc = cobra_pix_key_validate("pix key", p->key)) < 0)
		return rc;
	if ((rc = cobra_pix_ascii(name, COBRA_PIX_NAME_MAX, "pix name", p->name)) < 0)
		return rc;
	if ((rc = cobra_pix_ascii(city, COBRA_PIX_CITY_MAX, "pix city", p->city)) < 0)
		return rc;
	if (p->txid != NULL && p->txid[0] != '\0' && (rc = txid_check(p->txid)) < 0)
		return rc;
	if (p->amount < 0 || p->amount > COBRA_PIX_AMOUNT_MAX) {
		char a[COBRA_MONEY_BUFSZ], m[COBRA_MONEY_BUFSZ];
		return cobra_error(COBRA_INVALID, "pix amount: \"%s\" is out of range (0 to %s)",
			cobra_money_format(a, p->amount), cobra_money_format(m, COBRA_PIX_AMOUNT_MAX));
	}
	(void)snprintf(account, sizeof(account), "0014" PIX_GUI "01%02zu%s", strlen(p->key), p->key);
	(void)snprintf(extra, sizeof(extra), "05%02zu%s", strlen(txid), txid);

	tlv(out, "00", "01");
	tlv(out, "26", account);
	tlv(out, "52", "0000");
	tlv(out, "53", "986");
	if (p->amount > 0) {
		char amount[COBRA_MONEY_BUFSZ];
		tlv(out, "54", cobra_money_format(amount, p->amount));
	}
	tlv(out, "58", "BR");
	tlv(out, "59", name);
	tlv(out, "60", city);
	tlv(out, "62", extra);
	cobra_buf_puts(out, "6304");
	if (out->oom) {
		/* cobra_buf_free() is all a caller does with an out-of-memory buffer */
		return cobra_error(COBRA_DATA, "out of memory");
	}
	(void)snprintf(crc, sizeof(crc), "%04X", (unsigned)cobra_crc16_ccitt(out->data + start, out->len - start));
	cobra_buf_puts(out, crc);
	return out->oom ? cobra_error(COBRA_DATA, "out of memory") : 0;
}

/* ---- decoding ---- */

struct tlv_field {
	int id;
	const char *value;
	size_t len;
	size_t at;    /* offset of the id in the payload, for messages */
};

/* Reads the field at *POS of S[0..END): two-digit id, two-digit length
 * (01..99), then that many characters. */
static int tlv_next(struct tlv_field *f, const char *s, size_t *pos, size_t end, const char *where)
{
	size_t i = *pos;
	/* the failures return -COBRA_INVALID literally: the analyzer then knows
	 * that callers never read F after them */
	if (end - i < 4 || !is_digit(s[i]) || !is_digit(s[i + 1]) || !is_digit(s[i + 2]) || !is_digit(s[i + 3])) {
		cobra_error(COBRA_INVALID, "pix payload: %s: no field id and length at offset %zu", where, i);
		return -COBRA_INVALID;
	}
	f->id = (s[i] - '0') * 10 + (s[i + 1] - '0');
	f->len = (size_t)(s[i + 2] - '0') * 10 + (size_t)(s[i + 3] - '0');
	f->at = i;
	f->value = s + i + 4;
	if (f->len == 0) {
		cobra_error(COBRA_INVALID, "pix payload: %s: field %02d at offset %zu is empty", where, f->id, i);
		return -COBRA_INVALID;
	}
	if (f->len > end - i - 4) {
		cobra_error(COBRA_INVALID, "pix payload: %s: field %02d at offset %zu says %zu characters, %zu remain",
			where, f->id, i, f->len, end - i - 4);
		return -COBRA_INVALID;
	}
	*pos = i + 4 + f->len;
	return 0;
}

static int put(char *dst, size_t cap, const struct tlv_field *f, const char *where)
{
	if (f->len >= cap)
		return cobra_error(COBRA_INVALID, "pix payload: %s%02d is %zu characters long, at most %zu", where, f->id,
			f->len, cap - 1);
	memcpy(dst, f->value, f->len);
	dst[f->len] = '\0';
	return 0;
}

static int seen_once(bool seen[100], const struct tlv_field *f, const char *where)
{
	if (seen[f->id])
		return cobra_error(COBRA_INVALID, "pix payload: %s%02d occurs twice", where, f->id);
	seen[f->id] = true;
	return 0;
}

/* Walks the template of field 26 (PARENT 26) or 62 into OUT. */
static int decode_template(struct cobra_pix_fields *out, const struct tlv_field *parent)
{
	bool seen[100] = {false};
	const char *where = parent->id == 26 ? "26/" : "62/";
	size_t pos = 0;
	while (pos < parent->len) {
		struct tlv_field f;
		int rc;
		if ((rc = tlv_next(&f, parent->value, &pos, parent->len, parent->id == 26 ? "field 26" : "field 62")) < 0)
			return rc;
		if ((rc = seen_once(seen, &f, where)) < 0)
			return rc;
		if (parent->id == 26 && f.id == 0)
			rc = put(out->gui, sizeof(out->gui), &f, where);
		else if (parent->id == 26 && f.id == 1)
			rc = put(out->key, sizeof(out->key), &f, where);
		else if (parent->id == 62 && f.id == 5)
			rc = put(out->txid, sizeof(out->txid), &f, where);
		if (rc < 0)
			return rc;
	}
	if (parent->id == 26 && (!seen[0] || !seen[1]))
		return cobra_error(COBRA_INVALID, "pix payload: field 26 has no %s", seen[0] ? "key (01)" : "GUI (00)");
	if (parent->id == 62 && !seen[5])
		return cobra_error(COBRA_INVALID, "pix payload: field 62 has no txid (05)");
	if (parent->id == 26 && strcasecmp(out->gui, PIX_GUI) != 0) {
		char q[64];
		return cobra_error(COBRA_INVALID, "pix payload: field 26/00 is \"%s\", not \"" PIX_GUI "\"",
			cobra_quote(q, sizeof(q), out->gui));
	}
	return 0;
}

static int decode_field(struct cobra_pix_fields *out, const struct tlv_field *f)
{
	switch (f->id) {
	case 0:
		if (f->at != 0 || f->len != 2 || memcmp(f->value, "01", 2) != 0)
			return cobra_error(COBRA_INVALID, "pix payload: field 00 must come first and be \"01\"");
		return 0;
	case 26:
	case 62:
		return decode_template(out, f);
	case 52:
		return put(out->mcc, sizeof(out->mcc), f, "field ");
	case 53:
		return put(out->currency, sizeof(out->currency), f, "field ");
	case 54:
		return put(out->amount, sizeof(out->amount), f, "field ");
	case 58:
		return put(out->country, sizeof(out->country), f, "field ");
	case 59:
		return put(out->name, sizeof(out->name), f, "field ");
	case 60:
		return put(out->city, sizeof(out->city), f, "field ");
	default:
		return 0; /* fields cobra does not use: length checked, value skipped */
	}
}

static int check_crc(struct cobra_pix_fields *out, const char *s, const struct tlv_field *f, size_t len)
{
	char want[8];
	if (f->len != 4 || f->at + 8 != len)
		return cobra_error(COBRA_INVALID, "pix payload: field 63 (CRC) must be last and 4 characters long");
	memcpy(out->crc, f->value, 4);
	out->crc[4] = '\0';
	(void)snprintf(want, sizeof(want), "%04X", (unsigned)cobra_crc16_ccitt(s, f->at + 4));
	if (strcmp(out->crc, want) != 0) {
		char q[16];
		return cobra_error(COBRA_INVALID, "pix payload: CRC \"%s\" does not match the contents (%s)",
			cobra_quote(q, sizeof(q), out->crc), want);
	}
	return 0;
}

int cobra_pix_decode(struct cobra_pix_fields *out, const char *payload)
{
	static const int required[] = {0, 26, 52, 53, 58, 59, 60, 62, 63};
	bool seen[100] = {false};
	size_t len = strlen(payload), pos = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)payload[i] < 0x20 || (unsigned char)payload[i] > 0x7e)
			return cobra_error(COBRA_INVALID, "pix payload: character %zu is not printable ASCII", i + 1);
	while (pos < len) {
		struct tlv_field f;
		int rc;
		if ((rc = tlv_next(&f, payload, &pos, len, "top level")) < 0)
			return rc;
		if ((rc = seen_once(seen, &f, "field ")) < 0)
			return rc;
		rc = f.id == 63 ? check_crc(out, payload, &f, len) : decode_field(out, &f);
		if (rc < 0)
			return rc;
	}
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (!seen[required[i]])
			return cobra_error(COBRA_INVALID, "pix payload: field %02d is missing", required[i]);
	return 0;
}
