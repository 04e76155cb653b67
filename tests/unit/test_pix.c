/*
 * test_pix.c - the static Pix BR Code payload (src/pix.h).
 *
 * Expected values come from outside the code under test: the BCB manual's
 * example payload (CRC 1D3D), the CRC-16/CCITT-FALSE check value
 * CRC("123456789") = 29B1, two more payloads assembled by hand from the TLV
 * rules with their CRC computed by Python's binascii.crc_hqx(data, 0xFFFF),
 * folded names worked out by hand, and ref_crc(), the bit-by-bit definition
 * of the CRC written here.
 */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>

#include "../../src/buf.h"
#include "../../src/pix.h"

#define OFFICIAL                                                                                 \
	"00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR" \
	"5913Fulano de Tal6008BRASILIA62070503***63041D3D"

/* ---- references ---- */

/* CRC-16/CCITT-FALSE the way the standard defines it: shift each message
 * bit into the register MSB first; when a 1 falls out, xor 0x1021. */
static uint16_t ref_crc(const unsigned char *p, size_t len)
{
	uint16_t crc = 0xffff;
	for (size_t i = 0; i < len; i++) {
		crc ^= (uint16_t)(p[i] << 8);
		for (int bit = 0; bit < 8; bit++)
			crc = (crc & 0x8000) ? (uint16_t)((crc << 1) ^ 0x1021) : (uint16_t)(crc << 1);
	}
	return crc;
}

/* Replaces the last four characters of S (the CRC value) by the reference
 * CRC of everything before them: a payload whose CRC is right, so that a
 * decoder has to find the other fault. */
static void ref_reseal(char *s)
{
	size_t n = strlen(s);
	char hex[8];
	(void)snprintf(hex, sizeof(hex), "%04X", (unsigned)ref_crc((const unsigned char *)s, n - 4));
	memcpy(s + n - 4, hex, 4);
}

static int mod11(int sum)
{
	int r = sum % 11;
	return r < 2 ? 0 : 11 - r;
}

/* Fills s[9], s[10] of a CPF from s[0..8]: weights 10..2, then 11..2. */
static void ref_cpf(char s[12])
{
	int a = 0, b = 0;
	for (int i = 0; i < 9; i++)
		a += (s[i] - '0') * (10 - i);
	s[9] = (char)('0' + mod11(a));
	for (int i = 0; i < 10; i++)
		b += (s[i] - '0') * (11 - i);
	s[10] = (char)('0' + mod11(b));
	s[11] = '\0';
}

/* Fills s[12], s[13] of a numeric CNPJ from s[0..11]. */
static void ref_cnpj(char s[15])
{
	static const int w1[12] = {5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
	static const int w2[13] = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
	int a = 0, b = 0;
	for (int i = 0; i < 12; i++)
		a += (s[i] - '0') * w1[i];
	s[12] = (char)('0' + mod11(a));
	for (int i = 0; i < 13; i++)
		b += (s[i] - '0') * w2[i];
	s[13] = (char)('0' + mod11(b));
	s[14] = '\0';
}

/* Builds a payload into a fresh string (caller frees) or NULL on error. */
static char *build(const char *key, const char *name, const char *city, cobra_money amount, const char *txid)
{
	struct cobra_buf b = {0};
	struct cobra_pix p = {key, name, city, amount, txid};
	cobra_error_clear();
	if (cobra_pix_payload(&b, &p) < 0) {
		assert_int_equal(b.len, 0); /* nothing half-written */
		cobra_buf_free(&b);
		return NULL;
	}
	assert_non_null(b.data);
	return b.data;
}

/* ---- CRC ---- */

static void test_pix_crc_of_check_string(void **state)
{
	(void)state;
	/* the catalogued check value of CRC-16/CCITT-FALSE */
	assert_int_equal(cobra_crc16_ccitt("123456789", 9), 0x29B1);
	/* no data: the register keeps its initial value */
	assert_int_equal(cobra_crc16_ccitt("", 0), 0xFFFF);
}

static void test_pix_crc_of_official_example(void **state)
{
	(void)state;
	/* the CRC covers everything up to and including "6304" */
	assert_int_equal(cobra_crc16_ccitt(OFFICIAL, strlen(OFFICIAL) - 4), 0x1D3D);
}

static void test_pix_crc_matches_bitwise_reference(void **state)
{
	unsigned char data[300];
	(void)state;
	rng_state = 20250616;
	for (int iter = 0; iter < 5000; iter++) {
		size_t len = (size_t)rng_below(sizeof(data) + 1);
		for (size_t i = 0; i < len; i++)
			data[i] = (unsigned char)rng_next();
		if (cobra_crc16_ccitt(data, len) != ref_crc(data, len))
			fail_msg("iteration %d, %zu bytes: %04X, reference %04X", iter, len,
				(unsigned)cobra_crc16_ccitt(data, len), (unsigned)ref_crc(data, len));
	}
}

/* ---- building ---- */

static void test_pix_payload_is_the_official_example(void **state)
{
	(void)state;
	char *s = build("123e4567-e12b-12d1-a456-426655440000", "Fulano de Tal", "BRASILIA", 0, NULL);
	assert_non_null(s);
	assert_string_equal(s, OFFICIAL);
	free(s);
	s = build("123e4567-e12b-12d1-a456-426655440000", "Fulano de Tal", "BRASILIA", 0, "");
	assert_non_null(s);
	assert_string_equal(s, OFFICIAL);
	free(s);
}

static void test_pix_payload_appends_to_the_buffer(void **state)
{
	struct cobra_buf b = {0};
	struct cobra_pix p = {"123e4567-e12b-12d1-a456-426655440000", "Fulano de Tal", "BRASILIA", 0, NULL};
	(void)state;
	cobra_buf_puts(&b, "pix: ");
	assert_int_equal(cobra_pix_payload(&b, &p), 0);
	assert_string_equal(b.data, "pix: " OFFICIAL); /* the prefix stays out of the CRC */
	p.key = "not a key";
	assert_int_equal(cobra_pix_payload(&b, &p), -COBRA_INVALID);
	assert_string_equal(b.data, "pix: " OFFICIAL); /* a refusal writes nothing */
	cobra_buf_free(&b);
}

/* Assembled by hand from the TLV rules; CRCs by binascii.crc_hqx(s, 0xFFFF):
 *   00 02 01 | 26 40 {00 14 br.gov.bcb.pix, 01 18 fulano@example.com}
 *   52 04 0000 | 53 03 986 | 54 06 150.00 | 58 02 BR
 *   59 16 Padaria Sao Joao | 60 09 Sao Paulo | 62 13 {05 09 PEDIDO123} | 63 04 131B
 * and, with a phone key, one cent, and name and city cut to 25 and 15:
 *   26 36 {00 14 br.gov.bcb.pix, 01 14 +5511987654321} | 54 04 0.01
 *   59 25 Cafeteria Otima Ltda ME C | 60 15 Santa Barbara d | 62 07 {05 03 ***}
 *   63 04 0895 */
static void test_pix_payload_hand_assembled(void **state)
{
	(void)state;
	char *s = build("fulano@example.com", "Padaria São João", "São Paulo", 15000, "PEDIDO123");
	assert_non_null(s);
	assert_string_equal(s, "00020126400014br.gov.bcb.pix0118fulano@example.com5204000053039865406150.005802BR"
			       "5916Padaria Sao Joao6009Sao Paulo62130509PEDIDO1236304131B");
	free(s);
	s = build("+5511987654321", "Cafeteria Ótima Ltda ME Comércio", "Santa Bárbara d'Oeste", 1, NULL);
	assert_non_null(s);
	assert_string_equal(s, "00020126360014br.gov.bcb.pix0114+551198765432152040000530398654040.015802BR"
			       "5925Cafeteria Otima Ltda ME C6015Santa Barbara d62070503***63040895");
	free(s);
}

struct amount_row {
	cobra_money cents;
	const char *field54; /* the whole TLV, NULL for "no field 54", "" for an error */
};

static void test_pix_amounts(void **state)
{
	static const struct amount_row rows[] = {
		{0, NULL},
		{1, "54040.01"},
		{10, "54040.10"},
		{100, "54041.00"},
		{15000, "5406150.00"},
		{123456789, "54101234567.89"},
		{999999999999, "54139999999999.99"}, /* 13 characters: the field's maximum */
		{1000000000000, ""},
		{-1, ""},
		{INT64_MAX, ""},
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		char *s = build("fulano@example.com", "Loja", "Recife", rows[i].cents, NULL);
		struct cobra_pix_fields f;
		if (rows[i].field54 != NULL && rows[i].field54[0] == '\0') {
			if (s != NULL)
				fail_msg("amount %lld accepted: %s", (long long)rows[i].cents, s);
			assert_int_equal(cobra_error_code(), COBRA_INVALID);
			assert_non_null(strstr(cobra_error_message(), "pix amount"));
			continue;
		}
		assert_non_null(s);
		/* field 54 sits between 53 (986) and 58 (BR) */
		const char *after53 = strstr(s, "5303986") + 7;
		if (rows[i].field54 == NULL)
			assert_true(strncmp(after53, "5802BR", 6) == 0);
		else
			assert_true(strncmp(after53, rows[i].field54, strlen(rows[i].field54)) == 0);
		assert_int_equal(cobra_pix_decode(&f, s), 0);
		assert_string_equal(f.amount, rows[i].field54 == NULL ? "" : rows[i].field54 + 4);
		free(s);
	}
}

/* ---- keys ---- */

struct key_row {
	const char *key;
	int kind; /* or -COBRA_INVALID */
};

static void test_pix_keys(void **state)
{
	/* 77 and 78 characters: 65 + "@example.com" (12) and 66 + 12 */
	static const char e77[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com";
	static const char e78[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@example.com";
	const struct key_row rows[] = {
		/* CPF 529.982.247-25 and 111.444.777-35 (published examples) */
		{"52998224725", COBRA_PIX_KEY_CPF},
		{"11144477735", COBRA_PIX_KEY_CPF},
		{"52998224724", -COBRA_INVALID},      /* wrong second check digit */
		{"52998224735", -COBRA_INVALID},      /* wrong first check digit */
		{"11111111111", -COBRA_INVALID},      /* passes the arithmetic, not a CPF */
		{"529.982.247-25", -COBRA_INVALID},   /* the DICT form has no punctuation */
		{"5299822472", -COBRA_INVALID},       /* 10 digits */
		/* CNPJ 11.222.333/0001-81 and Banco do Brasil's 00.000.000/0001-91 */
		{"11222333000181", COBRA_PIX_KEY_CNPJ},
		{"00000000000191", COBRA_PIX_KEY_CNPJ},
		{"11222333000182", -COBRA_INVALID},
		{"112223330001811", -COBRA_INVALID},  /* 15 digits */
		{"fulano@example.com", COBRA_PIX_KEY_EMAIL},
		{"a.b+c_d@mail.example.com.br", COBRA_PIX_KEY_EMAIL},
		{"x@a-b.co", COBRA_PIX_KEY_EMAIL},
		{e77, COBRA_PIX_KEY_EMAIL},
		{e78, -COBRA_INVALID},
		{"Fulano@example.com", -COBRA_INVALID}, /* not the lower-case form */
		{"fulano@Example.com", -COBRA_INVALID},
		{"fulano@example", -COBRA_INVALID},
		{"@example.com", -COBRA_INVALID},
		{"fulano@", -COBRA_INVALID},
		{"fulano@@example.com", -COBRA_INVALID},
		{"ful@no@example.com", -COBRA_INVALID},
		{"fu lano@example.com", -COBRA_INVALID},
		{"fulano.@example.com", -COBRA_INVALID},
		{".fulano@example.com", -COBRA_INVALID},
		{"ful..ano@example.com", -COBRA_INVALID},
		{"fulano@-example.com", -COBRA_INVALID},
		{"fulano@example-.com", -COBRA_INVALID},
		{"fulano@example..com", -COBRA_INVALID},
		{"fulano@example.com.", -COBRA_INVALID},
		{"joão@example.com", -COBRA_INVALID},
		{"+5511987654321", COBRA_PIX_KEY_PHONE},  /* mobile: area code and 9 digits */
		{"+551133334444", COBRA_PIX_KEY_PHONE},   /* landline: area code and 8 digits */
		{"+55119876543", -COBRA_INVALID},         /* 9 digits: too short */
		{"+551198765432", COBRA_PIX_KEY_PHONE},   /* 10 digits */
		{"+551198765432100", -COBRA_INVALID},     /* 13 digits */
		{"+5501987654321", -COBRA_INVALID},       /* area code with a trunk 0 */
		{"+5510987654321", -COBRA_INVALID},       /* area codes have no 0 */
		{"+55 11 98765-4321", -COBRA_INVALID},
		{"+15551234567", -COBRA_INVALID},         /* not Brazil */
		{"5511987654321", -COBRA_INVALID},        /* no plus: 13 digits */
		{"11987654321", -COBRA_INVALID},          /* a phone without +55 reads as a CPF (check digits 74) */
		{"123e4567-e12b-12d1-a456-426655440000", COBRA_PIX_KEY_EVP},
		{"00000000-0000-0000-0000-000000000000", COBRA_PIX_KEY_EVP},
		{"123E4567-E12B-12D1-A456-426655440000", -COBRA_INVALID},
		{"123e4567-e12b-12d1-a456-42665544000g", -COBRA_INVALID},
		{"123e4567-e12b-12d1-a456-42665544000", -COBRA_INVALID},
		{"123e4567e12b12d1a456426655440000", -COBRA_INVALID},
		{"{123e4567-e12b-12d1-a456-426655440000}", -COBRA_INVALID},
		{"", -COBRA_INVALID},
		{"chave", -COBRA_INVALID},
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		cobra_error_clear();
		int kind = cobra_pix_key_kind("pix.key", rows[i].key);
		if (kind != rows[i].kind)
			fail_msg("key \"%s\": kind %d, want %d (%s)", rows[i].key, kind, rows[i].kind,
				cobra_error_message());
		cobra_error_clear();
		int rc = cobra_pix_key_validate("pix.key", rows[i].key);
		assert_int_equal(rc, kind < 0 ? kind : 0);
		if (rc < 0) {
			/* the message names the field; the value is quoted unless empty */
			assert_true(strncmp(cobra_error_message(), "pix.key: ", 9) == 0);
			if (rows[i].key[0] != '\0' && rows[i].key[0] < 0x7f && strlen(rows[i].key) < 40) {
				char quoted[64];
				(void)snprintf(quoted, sizeof(quoted), "\"%s\"", rows[i].key);
				if (strstr(cobra_error_message(), quoted) == NULL)
					fail_msg("message \"%s\" does not quote %s", cobra_error_message(), quoted);
			}
		}
	}
}

static void test_pix_key_case_errors_say_lower_case(void **state)
{
	static const char *const keys[] = {"Fulano@example.com", "123E4567-e12b-12d1-a456-426655440000"};
	(void)state;
	for (size_t i = 0; i < N_ROWS(keys); i++) {
		cobra_error_clear();
		assert_int_equal(cobra_pix_key_validate("pix.key", keys[i]), -COBRA_INVALID);
		assert_non_null(strstr(cobra_error_message(), "upper-case"));
		assert_non_null(cobra_error_hint());
		assert_non_null(strstr(cobra_error_hint(), "lower case"));
	}
}

/* ---- name and city ---- */

struct fold_row {
	const char *in;
	size_t max;
	const char *out; /* NULL: refused */
};

static void test_pix_name_and_city_folding(void **state)
{
	static const struct fold_row rows[] = {
		{"Padaria São João", 25, "Padaria Sao Joao"},
		{"ÀÁÂÃÄ àáâãä ÉÊ éê Í í ÓÔÕ óôõ ÚÜ úü Çç", 99, "AAAAA aaaaa EE ee I i OOO ooo UU uu Cc"},
		{"Peña Müller", 25, "Pena Muller"},
		{"  AÇÚCAR   &  CIA  ", 25, "ACUCAR & CIA"},
		{"Loja\x01 do\t Zé\n", 25, "Loja do Ze"},      /* controls dropped, spaces collapsed */
		{"Loja 日本 Nandú", 25, "Loja Nandu"},          /* other scripts dropped */
		{"\xe2\x98\x95 Café", 25, "Cafe"},              /* emoji dropped, no leading space */
		{"Caf\xc3", 25, "Caf"},                         /* invalid UTF-8 dropped */
		{"Straße Æon", 25, "Strae on"},                 /* letters with no one-letter form */
		{"Estação\xc2\xa0" "Central", 25, "Estacao Central"}, /* no-break space is a space */
		/* cut to the spec's maximums: 25 for the name, 15 for the city */
		{"Cafeteria Ótima Ltda ME Comércio", 25, "Cafeteria Otima Ltda ME C"},
		{"Comercio de Pecas e Moto XYZ", 25, "Comercio de Pecas e Moto"}, /* no trailing space */
		{"Comercio de Pecas e Motor X", 25, "Comercio de Pecas e Motor"},
		{"Santa Bárbara d'Oeste", 15, "Santa Barbara d"},
		{"Brasília", 15, "Brasilia"},
		{"São José dos Campos", 15, "Sao Jose dos Ca"},
		{"", 25, NULL},
		{"    ", 25, NULL},
		{"日本", 15, NULL},
		{"\x01\x02", 15, NULL},
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		char out[100];
		cobra_error_clear();
		int rc = cobra_pix_ascii(out, rows[i].max, "pix.name", rows[i].in);
		if (rows[i].out == NULL) {
			if (rc != -COBRA_INVALID)
				fail_msg("\"%s\" accepted as \"%s\"", rows[i].in, out);
			assert_true(strncmp(cobra_error_message(), "pix.name: \"", 11) == 0);
			continue;
		}
		if (rc != 0)
			fail_msg("\"%s\" refused: %s", rows[i].in, cobra_error_message());
		assert_string_equal(out, rows[i].out);
	}
}

static void test_pix_payload_refuses_empty_name_or_city(void **state)
{
	(void)state;
	assert_null(build("fulano@example.com", "日本", "Recife", 0, NULL));
	assert_non_null(strstr(cobra_error_message(), "pix name"));
	assert_null(build("fulano@example.com", "Loja", " ", 0, NULL));
	assert_non_null(strstr(cobra_error_message(), "pix city"));
	assert_null(build("FULANO@example.com", "Loja", "Recife", 0, NULL));
	assert_non_null(strstr(cobra_error_message(), "pix key"));
}

/* ---- txid ---- */

struct txid_row {
	const char *txid;
	const char *field62; /* NULL: refused */
};

static void test_pix_txid_rules(void **state)
{
	static const struct txid_row rows[] = {
		{NULL, "62070503***"},
		{"", "62070503***"},
		{"PEDIDO123", "62130509PEDIDO123"},
		{"a", "62050501a"},
		{"abcdefghijklmnopqrstuvwxy", "62290525abcdefghijklmnopqrstuvwxy"}, /* 25 */
		{"abcdefghijklmnopqrstuvwxyz", NULL},                              /* 26 */
		{"ped-1", NULL},
		{"ped 1", NULL},
		{"***", NULL},
		{"pé", NULL},
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		char *s = build("52998224725", "Loja", "Recife", 0, rows[i].txid);
		if (rows[i].field62 == NULL) {
			if (s != NULL)
				fail_msg("txid \"%s\" accepted: %s", rows[i].txid, s);
			assert_true(strncmp(cobra_error_message(), "txid: \"", 7) == 0);
			continue;
		}
		assert_non_null(s);
		/* field 62 closes the payload, just before "6304" and the CRC */
		size_t n = strlen(s), m = strlen(rows[i].field62);
		if (n < m + 8 || strncmp(s + n - 8 - m, rows[i].field62, m) != 0)
			fail_msg("txid \"%s\": %s", rows[i].txid ? rows[i].txid : "(null)", s);
		free(s);
	}
}

/* ---- decoding ---- */

static void test_pix_decode_official_example(void **state)
{
	struct cobra_pix_fields f;
	(void)state;
	assert_int_equal(cobra_pix_decode(&f, OFFICIAL), 0);
	assert_string_equal(f.gui, "br.gov.bcb.pix");
	assert_string_equal(f.key, "123e4567-e12b-12d1-a456-426655440000");
	assert_string_equal(f.mcc, "0000");
	assert_string_equal(f.currency, "986");
	assert_string_equal(f.amount, "");
	assert_string_equal(f.country, "BR");
	assert_string_equal(f.name, "Fulano de Tal");
	assert_string_equal(f.city, "BRASILIA");
	assert_string_equal(f.txid, "***");
	assert_string_equal(f.crc, "1D3D");
}

static void test_pix_decode_refuses_any_one_character_change(void **state)
{
	static const char printable[] = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					"[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
	char s[sizeof(OFFICIAL)];
	struct cobra_pix_fields f;
	(void)state;
	for (size_t pos = 0; pos < sizeof(OFFICIAL) - 1; pos++) {
		for (size_t k = 0; k < sizeof(printable) - 1; k++) {
			memcpy(s, OFFICIAL, sizeof(s));
			if (s[pos] == printable[k])
				continue;
			s[pos] = printable[k];
			cobra_error_clear();
			if (cobra_pix_decode(&f, s) != -COBRA_INVALID)
				fail_msg("accepted with '%c' at %zu: %s", printable[k], pos, s);
		}
	}
}

static void test_pix_decode_refuses_truncation(void **state)
{
	char s[sizeof(OFFICIAL)];
	struct cobra_pix_fields f;
	(void)state;
	for (size_t n = 0; n < sizeof(OFFICIAL) - 1; n++) {
		memcpy(s, OFFICIAL, n);
		s[n] = '\0';
		cobra_error_clear();
		if (cobra_pix_decode(&f, s) != -COBRA_INVALID)
			fail_msg("accepted the first %zu characters", n);
	}
}

/* Payloads broken in structure, resealed with the reference CRC so that only
 * the structure can give them away. */
static void test_pix_decode_refuses_bad_structure(void **state)
{
	static const char *const rows[] = {
		/* 59 says 14 where the name has 13 */
		"00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
		"5914Fulano de Tal6008BRASILIA62070503***6304XXXX",
		/* 59 says 12 */
		"00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
		"5912Fulano de Tal6008BRASILIA62070503***6304XXXX",
		/* 26/01 says 35 inside a 26 that still says 58 */
		"00020126580014br.gov.bcb.pix0135123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
		"5913Fulano de Tal6008BRASILIA62070503***6304XXXX",
		/* 26 says 57 */
		"00020126570014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
		"5913Fulano de Tal6008BRASILIA62070503***6304XXXX",
		/* 63 says 03 */
		"00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
		"5913Fulano de Tal6008BRASILIA62070503***6303XXXX",
		/* no 59 */
		"00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
		"6008BRASILIA62070503***6304XXXX",
		/* no 62 */
		"00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
		"5913Fulano de Tal6008BRASILIA6304XXXX",
		/* 58 twice */
		"00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
		"5802BR5913Fulano de Tal6008BRASILIA62070503***6304XXXX",
		/* 00 not first */
		"26580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-42665544000000020152040000530398658"
		"02BR5913Fulano de Tal6008BRASILIA62070503***6304XXXX",
		/* 00 is 02 */
		"00020226580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
		"5913Fulano de Tal6008BRASILIA62070503***6304XXXX",
		/* an empty field (length 00) */
		"00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
		"5913Fulano de Tal6008BRASILIA62070503***80006304XXXX",
		/* 63 not last */
		"00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
		"5913Fulano de Tal6008BRASILIA62070503***6304XXXX8002ab",
		/* a GUI other than br.gov.bcb.pix */
		"00020126580014br.gov.bcb.pux0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
		"5913Fulano de Tal6008BRASILIA62070503***6304XXXX",
		/* no key in 26 */
		"00020126180014br.gov.bcb.pix5204000053039865802BR"
		"5913Fulano de Tal6008BRASILIA62070503***6304XXXX",
		/* a name of 26 characters */
		"00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
		"5926Fulano de Tal e Beltrano X6008BRASILIA62070503***6304XXXX",
		/* a non-ASCII byte in the name (the length counts bytes) */
		"00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
		"5914Fulano de T\xc3\xa1l6008BRASILIA62070503***6304XXXX",
		/* a length that is not two digits */
		"00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
		"59 9Fulano de6008BRASILIA62070503***6304XXXX",
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		char s[256];
		struct cobra_pix_fields f;
		assert_true(strlen(rows[i]) < sizeof(s));
		strcpy(s, rows[i]);
		if (strcmp(s + strlen(s) - 4, "XXXX") == 0)
			ref_reseal(s);
		else
			memcpy(strstr(s, "XXXX"), "0000", 4); /* 63 not last: CRC irrelevant */
		cobra_error_clear();
		if (cobra_pix_decode(&f, s) != -COBRA_INVALID)
			fail_msg("row %zu accepted: %s", i, s);
		assert_true(strncmp(cobra_error_message(), "pix payload: ", 13) == 0);
	}
	/* the lower-case form of a right CRC is refused: the spec writes upper case */
	char lower[sizeof(OFFICIAL)];
	struct cobra_pix_fields f;
	memcpy(lower, OFFICIAL, sizeof(lower));
	lower[sizeof(lower) - 2] = 'd';
	lower[sizeof(lower) - 4] = 'd';
	assert_int_equal(cobra_pix_decode(&f, lower), -COBRA_INVALID);
}

static void test_pix_decode_skips_fields_cobra_does_not_use(void **state)
{
	/* 01=12 (single use), 26/02 free text, 62/50 template, 80 unreserved */
	char s[256] = "000201010212"
		      "26720014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400000210pagamento "
		      "5204000053039865802BR5913Fulano de Tal6008BRASILIA62150503***50040abc8003xyz6304XXXX";
	struct cobra_pix_fields f;
	(void)state;
	ref_reseal(s);
	assert_int_equal(cobra_pix_decode(&f, s), 0);
	assert_string_equal(f.key, "123e4567-e12b-12d1-a456-426655440000");
	assert_string_equal(f.txid, "***");
	assert_string_equal(f.name, "Fulano de Tal");
}

/* ---- round trip ---- */

static void random_key(char *out, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	switch (rng_below(5)) {
	case 0: {
		char s[12];
		for (int i = 0; i < 9; i++)
			s[i] = (char)('0' + rng_below(10));
		s[0] = '1'; /* never all digits equal */
		s[1] = '2';
		ref_cpf(s);
		(void)snprintf(out, n, "%s", s);
		break;
	}
	case 1: {
		char s[15];
		for (int i = 0; i < 12; i++)
			s[i] = (char)('0' + rng_below(10));
		s[0] = '1';
		s[1] = '2';
		ref_cnpj(s);
		(void)snprintf(out, n, "%s", s);
		break;
	}
	case 2: {
		size_t local = 1 + (size_t)rng_below(60);
		size_t o = 0;
		for (size_t i = 0; i < local; i++)
			out[o++] = (char)('a' + rng_below(26));
		memcpy(out + o, "@mail.com.br", 13);
		break;
	}
	case 3:
		(void)snprintf(out, n, "+55%d%d%0*llu", (int)(1 + rng_below(9)), (int)(1 + rng_below(9)),
			rng_below(2) ? 9 : 8, (unsigned long long)rng_below(100000000));
		break;
	default:
		for (int i = 0; i < 36; i++)
			out[i] = (i == 8 || i == 13 || i == 18 || i == 23) ? '-' : hex[rng_below(16)];
		out[36] = '\0';
	}
}

static void random_text(char *out, size_t n)
{
	static const char *const words[] = {"São", "João", "Açaí", "Ltda", "ME", "Comércio", "de", "Peças",
		"Bar", "Oficina", "Zé", "Ótica", "&", "Cia.", "Mercadinho", "Boa", "Vista"};
	size_t o = 0, count = 1 + (size_t)rng_below(8);
	out[0] = '\0';
	for (size_t i = 0; i < count; i++) {
		const char *w = words[rng_below(N_ROWS(words))];
		int k = snprintf(out + o, n - o, "%s%s", i ? " " : "", w);
		if (k < 0 || (size_t)k >= n - o)
			break;
		o += (size_t)k;
	}
}

static void check_ascii_field(const char *s, size_t max)
{
	size_t len = strlen(s);
	assert_true(len >= 1 && len <= max);
	assert_true(s[0] != ' ' && s[len - 1] != ' ');
	assert_null(strstr(s, "  "));
	for (size_t i = 0; i < len; i++)
		assert_true(s[i] >= 0x20 && s[i] < 0x7f);
}

static void test_pix_round_trip_random(void **state)
{
	(void)state;
	rng_state = 986;
	for (int iter = 0; iter < 3000; iter++) {
		char key[100], name[200], city[200], txid[32], want_amount[32];
		char fname[COBRA_PIX_NAME_MAX + 1], fcity[COBRA_PIX_CITY_MAX + 1];
		struct cobra_pix_fields f;
		cobra_money amount = rng_below(4) == 0 ? 0 : (cobra_money)rng_below((uint64_t)COBRA_PIX_AMOUNT_MAX + 1);
		size_t ntx = (size_t)rng_below(COBRA_PIX_TXID_MAX + 1);
		random_key(key, sizeof(key));
		random_text(name, sizeof(name));
		random_text(city, sizeof(city));
		for (size_t i = 0; i < ntx; i++)
			txid[i] = "ABCxyz0123456789"[rng_below(16)];
		txid[ntx] = '\0';
		(void)snprintf(want_amount, sizeof(want_amount), "%lld.%02lld", (long long)(amount / 100),
			(long long)(amount % 100));

		char *s = build(key, name, city, amount, txid);
		if (s == NULL)
			fail_msg("key %s name %s city %s: %s", key, name, city, cobra_error_message());
		if (cobra_pix_decode(&f, s) != 0)
			fail_msg("%s: %s", s, cobra_error_message());
		assert_string_equal(f.gui, "br.gov.bcb.pix");
		assert_string_equal(f.key, key);
		assert_string_equal(f.mcc, "0000");
		assert_string_equal(f.currency, "986");
		assert_string_equal(f.country, "BR");
		assert_string_equal(f.amount, amount == 0 ? "" : want_amount);
		assert_string_equal(f.txid, ntx == 0 ? "***" : txid);
		assert_int_equal(cobra_pix_ascii(fname, COBRA_PIX_NAME_MAX, "n", name), 0);
		assert_int_equal(cobra_pix_ascii(fcity, COBRA_PIX_CITY_MAX, "c", city), 0);
		assert_string_equal(f.name, fname);
		assert_string_equal(f.city, fcity);
		check_ascii_field(f.name, COBRA_PIX_NAME_MAX);
		check_ascii_field(f.city, COBRA_PIX_CITY_MAX);

		/* the CRC is the reference CRC of all that precedes it */
		size_t n = strlen(s);
		char hex[8];
		(void)snprintf(hex, sizeof(hex), "%04X", (unsigned)ref_crc((const unsigned char *)s, n - 4));
		assert_string_equal(f.crc, hex);
		assert_true(strncmp(s + n - 8, "6304", 4) == 0);

		/* one character changed anywhere: refused */
		size_t pos = (size_t)rng_below(n);
		char keep = s[pos];
		s[pos] = (char)(0x20 + (keep - 0x20 + 1 + (int)rng_below(94)) % 95);
		cobra_error_clear();
		if (cobra_pix_decode(&f, s) != -COBRA_INVALID)
			fail_msg("accepted with a change at %zu: %s", pos, s);
		s[pos] = keep;
		/* cut anywhere: refused */
		s[rng_below(n)] = '\0';
		cobra_error_clear();
		assert_int_equal(cobra_pix_decode(&f, s), -COBRA_INVALID);
		free(s);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_pix_crc_of_check_string, unit_clear),
		cmocka_unit_test_setup(test_pix_crc_of_official_example, unit_clear),
		cmocka_unit_test_setup(test_pix_crc_matches_bitwise_reference, unit_clear),
		cmocka_unit_test_setup(test_pix_payload_is_the_official_example, unit_clear),
		cmocka_unit_test_setup(test_pix_payload_appends_to_the_buffer, unit_clear),
		cmocka_unit_test_setup(test_pix_payload_hand_assembled, unit_clear),
		cmocka_unit_test_setup(test_pix_amounts, unit_clear),
		cmocka_unit_test_setup(test_pix_keys, unit_clear),
		cmocka_unit_test_setup(test_pix_key_case_errors_say_lower_case, unit_clear),
		cmocka_unit_test_setup(test_pix_name_and_city_folding, unit_clear),
		cmocka_unit_test_setup(test_pix_payload_refuses_empty_name_or_city, unit_clear),
		cmocka_unit_test_setup(test_pix_txid_rules, unit_clear),
		cmocka_unit_test_setup(test_pix_decode_official_example, unit_clear),
		cmocka_unit_test_setup(test_pix_decode_refuses_any_one_character_change, unit_clear),
		cmocka_unit_test_setup(test_pix_decode_refuses_truncation, unit_clear),
		cmocka_unit_test_setup(test_pix_decode_refuses_bad_structure, unit_clear),
		cmocka_unit_test_setup(test_pix_decode_skips_fields_cobra_does_not_use, unit_clear),
		cmocka_unit_test_setup(test_pix_round_trip_random, unit_clear),
	};
	return cmocka_run_group_tests_name("pix", tests, NULL, NULL);
}
