/*
 * test_text.c - UTF-8 text fields: decoding, validation, quoting, folding
 * (src/text.h, DESIGN §9, reliability.md C3 rows 11-19).
 */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>

#include "../../src/text.h"

/* ---- UTF-8 decoding ---- */

struct utf8_row {
	const char *bytes;
	size_t avail;
	int len;     /* 0 = invalid */
	unsigned cp;
};

static const struct utf8_row utf8s[] = {
	{"A", 1, 1, 0x41},
	{"\x7f", 1, 1, 0x7f},
	{"\xc2\x80", 2, 2, 0x80},              /* smallest 2-byte */
	{"\xc3\xa9", 2, 2, 0xe9},              /* é */
	{"\xdf\xbf", 2, 2, 0x7ff},             /* largest 2-byte */
	{"\xe0\xa0\x80", 3, 3, 0x800},         /* smallest 3-byte */
	{"\xe2\x82\xac", 3, 3, 0x20ac},        /* € */
	{"\xed\x9f\xbf", 3, 3, 0xd7ff},        /* just below the surrogates */
	{"\xee\x80\x80", 3, 3, 0xe000},        /* just above them */
	{"\xef\xbf\xbf", 3, 3, 0xffff},
	{"\xf0\x90\x80\x80", 4, 4, 0x10000},   /* smallest 4-byte */
	{"\xf0\x9f\x98\x80", 4, 4, 0x1f600},   /* emoji */
	{"\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff},  /* last code point */
	{"\xc0\x80", 2, 0, 0},                 /* overlong NUL (C3 #17) */
	{"\xc1\xbf", 2, 0, 0},                 /* overlong 0x7f */
	{"\xe0\x80\xaf", 3, 0, 0},             /* overlong '/' */
	{"\xf0\x80\x80\x80", 4, 0, 0},         /* overlong */
	{"\xed\xa0\x80", 3, 0, 0},             /* lone surrogate U+D800 (C3 #17) */
	{"\xed\xbf\xbf", 3, 0, 0},             /* U+DFFF */
	{"\xf4\x90\x80\x80", 4, 0, 0},         /* U+110000 */
	{"\xf5\x80\x80\x80", 4, 0, 0},
	{"\xf8\x88\x80\x80\x80", 5, 0, 0},     /* 5-byte form */
	{"\xff", 1, 0, 0},                     /* C3 #17 */
	{"\xfe", 1, 0, 0},
	{"\x80", 1, 0, 0},                     /* stray continuation byte */
	{"\xc3", 1, 0, 0},                     /* truncated */
	{"\xe2\x82", 2, 0, 0},                 /* truncated */
	{"\xf0\x9f\x98", 3, 0, 0},             /* truncated */
	{"\xc3\x28", 2, 0, 0},                 /* bad continuation */
	{"\xe2\x28\xac", 3, 0, 0},
};

static void test_text_utf8_decode_table(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(utf8s); i++) {
		unsigned cp = 0xdeadu;
		int n = cobra_utf8_decode((const unsigned char *)utf8s[i].bytes, utf8s[i].avail, &cp);
		if (n != utf8s[i].len || (n > 0 && cp != utf8s[i].cp)) {
			print_error("row %zu: len %d cp %#x, want len %d cp %#x\n", i, n, cp, utf8s[i].len, utf8s[i].cp);
			nfail++;
		}
		bool valid = cobra_utf8_valid(utf8s[i].bytes, utf8s[i].avail);
		if (valid != (utf8s[i].len == (int)utf8s[i].avail)) {
			print_error("row %zu: cobra_utf8_valid %d\n", i, (int)valid);
			nfail++;
		}
	}
	assert_true(N_ROWS(utf8s) >= 20);
	assert_int_equal(nfail, 0);
}

/* Every code point, encoded by the test's own encoder, decodes back;
 * surrogates are refused. */
static void test_text_utf8_every_code_point(void **state)
{
	(void)state;
	for (unsigned cp = 0; cp <= 0x10ffff; cp++) {
		unsigned char b[4];
		size_t n;
		if (cp < 0x80) {
			b[0] = (unsigned char)cp;
			n = 1;
		} else if (cp < 0x800) {
			b[0] = (unsigned char)(0xc0 | (cp >> 6));
			b[1] = (unsigned char)(0x80 | (cp & 0x3f));
			n = 2;
		} else if (cp < 0x10000) {
			b[0] = (unsigned char)(0xe0 | (cp >> 12));
			b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
			b[2] = (unsigned char)(0x80 | (cp & 0x3f));
			n = 3;
		} else {
			b[0] = (unsigned char)(0xf0 | (cp >> 18));
			b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
			b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
			b[3] = (unsigned char)(0x80 | (cp & 0x3f));
			n = 4;
		}
		unsigned got = 0;
		int len = cobra_utf8_decode(b, n, &got);
		bool surrogate = cp >= 0xd800 && cp <= 0xdfff;
		if (surrogate ? len != 0 : (len != (int)n || got != cp))
			fail_msg("U+%04X: len %d cp %#x", cp, len, got);
	}
}

/* ---- text field validation ---- */

struct text_row {
	const char *value;
	size_t max;
	bool ok;
	const char *why; /* a word the message must contain when refused */
};

static const struct text_row texts[] = {
	{"Ana", 120, true, NULL},
	{"Maria Silva", 120, true, NULL},
	{"Jos\xc3\xa9 da Concei\xc3\xa7\xc3\xa3o", 120, true, NULL},
	{"O'Brien", 120, true, NULL},
	{"a;b", 120, true, NULL},          /* ';' without a space before it is no comment */
	{"[payment]", 120, true, NULL},    /* C3 #16: '[' '=' ':' '#' are data */
	{"#1 cliente", 120, true, NULL},
	{"a=b", 120, true, NULL},
	{"a: b", 120, true, NULL},
	{"$(touch pwned)", 120, true, NULL}, /* C3 #38: legal name, stored verbatim */
	{"`id` | x & y", 120, true, NULL},
	{"\xe6\x97\xa5\xe6\x9c\xac", 120, true, NULL},  /* 日本 */
	{"\xf0\x9f\x98\x80 emoji", 120, true, NULL},
	{"Rua A, 1 - apto 2", 120, true, NULL},
	{"Ana\n[payment]\namount=999", 120, false, "control"}, /* C3 #11 */
	{"Ana\rBob", 120, false, "control"},                   /* C3 #12 */
	{"a\tb", 120, false, "control"},
	{"\x1b]0;pwned\x07", 120, false, "control"},           /* C3 #18 */
	{"\x1b[2J", 120, false, "control"},
	{"x\xc2\x9b" "31m", 120, false, "control"},            /* C1 CSI U+009B */
	{"a\x7f", 120, false, "control"},
	{"a\xe2\x80\xa8" "b", 120, false, "control"},          /* U+2028 line separator */
	{"\xef\xbb\xbf" "Ana", 120, false, "control"},          /* U+FEFF */
	{"Ana\xe2\x80\xae" "gnp.exe", 120, false, "direction"}, /* C3 #19: U+202E */
	{"a\xe2\x81\xa6" "b", 120, false, "direction"},         /* U+2066 */
	{"a\xe2\x80\x8f" "b", 120, false, "direction"},         /* U+200F */
	{"\xff\xfe", 120, false, "UTF-8"},                      /* C3 #17 */
	{"a\xc0\x80", 120, false, "UTF-8"},
	{"a\xed\xa0\x80", 120, false, "UTF-8"},
	{"caf\xc3", 120, false, "UTF-8"},
	{" Ana", 120, false, "space"},                          /* C3 #14 */
	{"Ana ", 120, false, "space"},
	{"Ana ;VIP", 120, false, ";"},                          /* C3 #15 */
	{";VIP", 120, false, ";"},
	{"", 120, true, NULL},
};

static void test_text_validate_table(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(texts); i++) {
		cobra_error_clear();
		int rc = cobra_text_validate("name", texts[i].value, texts[i].max);
		if (texts[i].ok ? rc != 0 : rc != -COBRA_INVALID) {
			print_error("row %zu: rc %d (%s)\n", i, rc, cobra_error_message());
			nfail++;
			continue;
		}
		if (!texts[i].ok) {
			const char *msg = cobra_error_message();
			if (strncmp(msg, "name: ", 6) != 0 || !strstr(msg, texts[i].why)) {
				print_error("row %zu: message \"%s\" (want \"%s\")\n", i, msg, texts[i].why);
				nfail++;
			}
			/* the message quotes the value safely: no raw control bytes */
			for (const char *p = msg; *p; p++)
				if ((unsigned char)*p < 0x20 || *p == 0x7f) {
					print_error("row %zu: raw control byte in message\n", i);
					nfail++;
					break;
				}
		}
	}
	assert_true(N_ROWS(texts) >= 20);
	assert_int_equal(nfail, 0);
}

static void test_text_validate_length_in_bytes(void **state)
{
	char v[400];
	(void)state;
	memset(v, 'A', sizeof(v));
	v[120] = '\0';
	assert_int_equal(cobra_text_validate("name", v, 120), 0);
	v[120] = 'A';
	v[121] = '\0';
	cobra_error_clear();
	assert_int_equal(cobra_text_validate("name", v, 120), -COBRA_INVALID);
	assert_non_null(strstr(cobra_error_message(), "too long"));
	/* 60 two-byte characters are 120 bytes: fits; 61 do not */
	for (int i = 0; i < 61; i++)
		memcpy(v + 2 * i, "\xc3\xa9", 2);
	v[120] = '\0';
	assert_int_equal(cobra_text_validate("name", v, 120), 0);
	v[120] = '\xc3';
	v[121] = '\xa9';
	v[122] = '\0';
	cobra_error_clear();
	assert_int_equal(cobra_text_validate("name", v, 120), -COBRA_INVALID);
	/* C3 #13: 194 'A' + "amount=99999" never fits a name */
	memset(v, 'A', 194);
	strcpy(v + 194, "amount=99999");
	cobra_error_clear();
	assert_int_equal(cobra_text_validate("name", v, 120), -COBRA_INVALID);
}

/* ---- trim ---- */

static void test_text_trim(void **state)
{
	char out[8];
	(void)state;
	assert_int_equal(cobra_text_trim(out, sizeof(out), "name", "  Ana  "), 0);
	assert_string_equal(out, "Ana");
	assert_int_equal(cobra_text_trim(out, sizeof(out), "name", "Ana Bob"), 0);
	assert_string_equal(out, "Ana Bob");
	assert_int_equal(cobra_text_trim(out, sizeof(out), "name", "   "), 0);
	assert_string_equal(out, "");
	assert_int_equal(cobra_text_trim(out, sizeof(out), "name", " 1234567 "), 0); /* 7 bytes + NUL */
	assert_string_equal(out, "1234567");
	cobra_error_clear();
	assert_int_equal(cobra_text_trim(out, sizeof(out), "name", "12345678"), -COBRA_INVALID);
	assert_non_null(strstr(cobra_error_message(), "too long"));
}

/* ---- quoting for messages ---- */

static void test_text_quote_escapes_hostile_bytes(void **state)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{"Ana", "Ana"},
		{"a\nb", "a\\x0ab"},
		{"\x1b[2J", "\\x1b[2J"},
		{"\xff", "\\xff"},
		{"a\xc3", "a\\xc3"},
		{"x\xe2\x80\xaey", "x<U+202E>y"},
		{"\xc2\x9b", "<U+009B>"},
		{"say \"hi\"", "say \\\"hi\\\""},
		{"a\\b", "a\\\\b"},
		{"Jos\xc3\xa9", "Jos\xc3\xa9"},
		{"\x7f", "\\x7f"},
	};
	char out[64];
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++)
		assert_string_equal(cobra_quote(out, sizeof(out), rows[i].in), rows[i].want);
	/* long values are cut with "..." and stay inside the buffer */
	char big[300];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	cobra_quote(out, sizeof(out), big);
	assert_true(strlen(out) < sizeof(out));
	assert_non_null(strstr(out, "..."));
	/* a tiny buffer gets an empty string */
	char tiny[8] = "zzzzzzz";
	cobra_quote(tiny, sizeof(tiny), "abc");
	assert_string_equal(tiny, "");
}

/* ---- folding for handles and matching ---- */

struct fold_row {
	const char *in, *want;
};

static const struct fold_row folds[] = {
	{"Maria Silva", "maria-silva"},
	{"Jos\xc3\xa9 da Concei\xc3\xa7\xc3\xa3o", "jose-da-conceicao"},
	{"  Ana  ", "ana"},
	{"\xc3\x81\xc3\x89\xc3\x8d\xc3\x93\xc3\x9a \xc3\xa2\xc3\xaa\xc3\xb4 \xc3\xa3\xc3\xb5 \xc3\xa7",
		"aeiou-aeo-ao-c"},
	{"\xc3\x91" "and\xc3\xba", "nandu"},           /* Ñandú */
	{"\xc5\x81\xc3\xb3" "d\xc5\xba", "lodz"},      /* Łódź (Latin Extended-A) */
	{"\xc3\x98rsted", "orsted"},                   /* Ø */
	{"O'Brien", "o-brien"},
	{"a--b", "a-b"},
	{"---", ""},
	{"", ""},
	{"ABC123", "abc123"},
	{"\xe6\x97\xa5\xe6\x9c\xac", ""},              /* no Latin letter at all */
	{"Ana \xe6\x97\xa5\xe6\x9c\xac Bob", "ana-bob"},
	{"a\xff" "b", "a-b"},                          /* invalid byte separates */
	{"2\xc3\x97" "3", "2-3"},                      /* × is not a letter */
	{"Jo\xc3\xa3o   Pedro!!", "joao-pedro"},
	{"__init__", "init"},
	{"Z\xc3\xa9 & Cia.", "ze-cia"},
	{"M\xc3\xbcller", "muller"},
	{"\xc3\x87" "ANDIDO", "candido"},
};

static void test_text_fold_table(void **state)
{
	int nfail = 0;
	char out[64];
	(void)state;
	for (size_t i = 0; i < N_ROWS(folds); i++) {
		cobra_fold(out, sizeof(out), folds[i].in);
		if (strcmp(out, folds[i].want) != 0) {
			print_error("row %zu: \"%s\", want \"%s\"\n", i, out, folds[i].want);
			nfail++;
		}
	}
	assert_true(N_ROWS(folds) >= 20);
	assert_int_equal(nfail, 0);
}

/* text.h: cobra_fold "writes at most N-1 bytes". Cutting the result short
 * must give a prefix of the full folding (without a trailing '-'), never
 * glue two words together. Handles are cobra_fold(slug, 28, name). */
static void test_text_fold_truncation_is_a_prefix(void **state)
{
	static const char *const names[] = {
		"Maria Aparecida dos Santos Silva", "ab cd", "Jo\xc3\xa3o da Silva", "a b c d e f g h i j",
		"Ana Maria", "x  y",
	};
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(names); i++) {
		char full[128];
		cobra_fold(full, sizeof(full), names[i]);
		for (size_t n = 1; n <= strlen(full) + 1; n++) {
			char out[128];
			memset(out, '#', sizeof(out));
			cobra_fold(out, n, names[i]);
			size_t len = strlen(out);
			if (len > n - 1 || strncmp(out, full, len) != 0 || (len > 0 && out[len - 1] == '-')) {
				print_error("fold(\"%s\", %zu) = \"%s\", not a prefix of \"%s\"\n", names[i], n, out, full);
				nfail++;
			}
		}
	}
	assert_int_equal(nfail, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_text_utf8_decode_table, unit_clear),
		cmocka_unit_test_setup(test_text_utf8_every_code_point, unit_clear),
		cmocka_unit_test_setup(test_text_validate_table, unit_clear),
		cmocka_unit_test_setup(test_text_validate_length_in_bytes, unit_clear),
		cmocka_unit_test_setup(test_text_trim, unit_clear),
		cmocka_unit_test_setup(test_text_quote_escapes_hostile_bytes, unit_clear),
		cmocka_unit_test_setup(test_text_fold_table, unit_clear),
		cmocka_unit_test_setup(test_text_fold_truncation_is_a_prefix, unit_clear),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
