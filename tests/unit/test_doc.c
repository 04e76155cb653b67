/*
 * test_doc.c - CPF and CNPJ, numeric and alphanumeric (src/doc.h).
 *
 * Valid examples are published ones (529.982.247-25, 111.444.777-35,
 * 11.222.333/0001-81, 00.000.000/0001-91 (Banco do Brasil), Receita
 * Federal's alphanumeric 12.ABC.345/01DE-35), with their check digits worked
 * out by hand below, and ref_cpf()/ref_cnpj(), written here from the rules
 * (mod 11, explicit weight tables, character value = ASCII - 48).
 */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>

#include "../../src/doc.h"


/* ---- reference check digits ---- */

static int mod11_digit(int sum)
{
	int r = sum % 11;
	return r < 2 ? 0 : 11 - r;
}

/* Fills s[9], s[10] from the 9 digits s[0..8]. */
static void ref_cpf(char s[12])
{
	int sum = 0;
	for (int i = 0; i < 9; i++)
		sum += (s[i] - '0') * (10 - i);
	s[9] = (char)('0' + mod11_digit(sum));
	sum = 0;
	for (int i = 0; i < 10; i++)
		sum += (s[i] - '0') * (11 - i);
	s[10] = (char)('0' + mod11_digit(sum));
	s[11] = '\0';
}

/* Fills s[12], s[13] from the 12 characters s[0..11] (0-9, A-Z). */
static void ref_cnpj(char s[15])
{
	static const int w1[12] = {5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
	static const int w2[13] = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
	int sum = 0;
	for (int i = 0; i < 12; i++)
		sum += (s[i] - 48) * w1[i];
	s[12] = (char)('0' + mod11_digit(sum));
	sum = 0;
	for (int i = 0; i < 13; i++)
		sum += (s[i] - 48) * w2[i];
	s[13] = (char)('0' + mod11_digit(sum));
	s[14] = '\0';
}

/* ---- the table ---- */

struct doc_row {
	const char *in;
	int kind;           /* COBRA_DOC_CPF, COBRA_DOC_CNPJ, or -COBRA_INVALID */
	const char *norm;   /* normalised form when valid */
};

static const struct doc_row docs[] = {
	/* 529982247: 5*10+2*9+9*8+9*7+8*6+2*5+2*4+4*3+7*2 = 295, 295 % 11 = 9,
	 * 11-9 = 2; then *11..*2 over 5299822472 = 347, 347 % 11 = 6, 11-6 = 5 */
	{"529.982.247-25", COBRA_DOC_CPF, "52998224725"},
	{"52998224725", COBRA_DOC_CPF, "52998224725"},
	/* 111444777: sum 162, 162 % 11 = 8 -> 3; then 204 % 11 = 6 -> 5 */
	{"111.444.777-35", COBRA_DOC_CPF, "11144477735"},
	{"11144477735", COBRA_DOC_CPF, "11144477735"},
	/* 123456789: sum 210, 210 % 11 = 1 -> 0; then 255 % 11 = 2 -> 9 */
	{"123.456.789-09", COBRA_DOC_CPF, "12345678909"},
	/* 000000001: 1*2 = 2 -> 9; then 1*3 + 9*2 = 21, 21 % 11 = 10 -> 1 */
	{"000.000.001-91", COBRA_DOC_CPF, "00000000191"},
	{"529.982.247-24", -COBRA_INVALID, NULL}, /* second digit should be 5 */
	{"529.982.247-35", -COBRA_INVALID, NULL}, /* first digit should be 2 */
	{"111.111.111-11", -COBRA_INVALID, NULL}, /* check digits fit, but all digits equal */
	{"000.000.000-00", -COBRA_INVALID, NULL},
	{"123.456.789-00", -COBRA_INVALID, NULL},
	{"1234567890", -COBRA_INVALID, NULL},     /* 10 digits */
	{"123456789012", -COBRA_INVALID, NULL},   /* 12 digits */
	{"123.456.789-0X", -COBRA_INVALID, NULL}, /* a letter in an 11-character CPF */
	/* 112223330001 with weights 5432 98765432: 5+4+6+4+18+24+21+18+0+0+0+2
	 * = 102, 102 % 11 = 3 -> 8; weights 6 5432 98765432 over 1122233300018:
	 * 120, 120 % 11 = 10 -> 1 */
	{"11.222.333/0001-81", COBRA_DOC_CNPJ, "11222333000181"},
	{"11222333000181", COBRA_DOC_CNPJ, "11222333000181"},
	/* 123456780001: 222, 222 % 11 = 2 -> 9; then 237 % 11 = 6 -> 5 */
	{"12.345.678/0001-95", COBRA_DOC_CNPJ, "12345678000195"},
	/* 000000000001: 1*2 = 2 -> 9; then 1*3 + 9*2 = 21 -> 10 -> 1 */
	{"00.000.000/0001-91", COBRA_DOC_CNPJ, "00000000000191"},
	/* Receita Federal's alphanumeric example. Values: 1 2 A=17 B=18 C=19 3 4
	 * 5 0 1 D=20 E=21. First: 5+8+51+36+171+24+28+30+0+4+60+42 = 459,
	 * 459 % 11 = 8 -> 3. Second (with the 3): 6+10+68+54+38+27+32+35+0+5
	 * +80+63+6 = 424, 424 % 11 = 6 -> 5. */
	{"12.ABC.345/01DE-35", COBRA_DOC_CNPJ, "12ABC34501DE35"},
	{"12ABC34501DE35", COBRA_DOC_CNPJ, "12ABC34501DE35"},
	{"12.abc.345/01de-35", COBRA_DOC_CNPJ, "12ABC34501DE35"}, /* normalised to uppercase */
	{"11.222.333/0001-82", -COBRA_INVALID, NULL},
	{"11.222.333/0001-18", -COBRA_INVALID, NULL},
	{"12.ABC.345/01DE-36", -COBRA_INVALID, NULL},
	{"12.ABC.345/01DE-53", -COBRA_INVALID, NULL},
	{"12.ABC.345/01DE-3A", -COBRA_INVALID, NULL}, /* check digits are numeric */
	{"12.ABD.345/01DE-35", -COBRA_INVALID, NULL}, /* one base letter changed */
	{"00.000.000/0000-00", -COBRA_INVALID, NULL},
	{"11.222.333/0001-8", -COBRA_INVALID, NULL},  /* 13 characters */
	{"11.222.333/0001-811", -COBRA_INVALID, NULL}, /* 15 characters */
	{"12.ABC.345/01DE-35!", -COBRA_INVALID, NULL},
	{"12.\xc3\x81" "BC.345/01DE-35", -COBRA_INVALID, NULL}, /* non-ASCII letter */
	{"12_ABC_345_01DE_35", -COBRA_INVALID, NULL},
	{"", -COBRA_INVALID, NULL},
	{"abc", -COBRA_INVALID, NULL},
};

static void test_doc_parse_table(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(docs); i++) {
		char out[COBRA_DOC_BUFSZ] = "";
		cobra_error_clear();
		int rc = cobra_doc_parse(out, "doc", docs[i].in);
		if (rc != docs[i].kind) {
			print_error("\"%s\": rc %d, want %d (%s)\n", docs[i].in, rc, docs[i].kind, cobra_error_message());
			nfail++;
		} else if (docs[i].norm && strcmp(out, docs[i].norm) != 0) {
			print_error("\"%s\": normalised \"%s\", want \"%s\"\n", docs[i].in, out, docs[i].norm);
			nfail++;
		} else if (rc < 0 && strncmp(cobra_error_message(), "doc: ", 5) != 0) {
			print_error("\"%s\": message \"%s\" does not name the field\n", docs[i].in, cobra_error_message());
			nfail++;
		}
	}
	assert_true(N_ROWS(docs) >= 20);
	assert_int_equal(nfail, 0);
}

/* The hand computations above agree with the reference functions. */
static void test_doc_reference_agrees_with_hand_examples(void **state)
{
	char cpf[12] = "529982247", cnpj[15] = "12ABC34501DE";
	(void)state;
	ref_cpf(cpf);
	assert_string_equal(cpf, "52998224725");
	ref_cnpj(cnpj);
	assert_string_equal(cnpj, "12ABC34501DE35");
	memcpy(cnpj, "112223330001", 12);
	ref_cnpj(cnpj);
	assert_string_equal(cnpj, "11222333000181");
}

static void test_doc_format_and_kind(void **state)
{
	char out[24];
	(void)state;
	assert_string_equal(cobra_doc_format(out, "52998224725"), "529.982.247-25");
	assert_string_equal(cobra_doc_format(out, "11222333000181"), "11.222.333/0001-81");
	assert_string_equal(cobra_doc_format(out, "12ABC34501DE35"), "12.ABC.345/01DE-35");
	assert_string_equal(cobra_doc_format(out, ""), "");
	assert_int_equal(cobra_doc_kind("52998224725"), COBRA_DOC_CPF);
	assert_int_equal(cobra_doc_kind("12ABC34501DE35"), COBRA_DOC_CNPJ);
	assert_int_equal(cobra_doc_kind(""), COBRA_DOC_NONE);
}

/* Random CPFs: the reference's check digits are accepted, every other
 * check digit is refused, and the formatted form parses the same. */
static void test_doc_random_cpf_property(void **state)
{
	(void)state;
	rng_state = 11;
	for (int iter = 0; iter < 20000; iter++) {
		char s[12], out[COBRA_DOC_BUFSZ], pretty[24];
		bool same = true;
		for (int i = 0; i < 9; i++)
			s[i] = (char)('0' + rng_next() % 10);
		ref_cpf(s);
		for (int i = 1; i < 11; i++)
			same = same && s[i] == s[0];
		cobra_error_clear();
		int rc = cobra_doc_parse(out, "doc", s);
		if (same) {
			assert_int_equal(rc, -COBRA_INVALID);
			continue;
		}
		if (rc != COBRA_DOC_CPF || strcmp(out, s) != 0)
			fail_msg("CPF %s: rc %d (%s)", s, rc, cobra_error_message());
		cobra_doc_format(pretty, s);
		assert_int_equal(cobra_doc_parse(out, "doc", pretty), COBRA_DOC_CPF);
		assert_string_equal(out, s);
		for (int pos = 9; pos < 11; pos++) {
			char keep = s[pos];
			for (char c = '0'; c <= '9'; c++) {
				if (c == keep)
					continue;
				s[pos] = c;
				cobra_error_clear();
				if (cobra_doc_parse(out, "doc", s) != -COBRA_INVALID)
					fail_msg("CPF %s with a wrong check digit accepted", s);
			}
			s[pos] = keep;
		}
	}
}

/* Random alphanumeric CNPJs (first 12 characters 0-9/A-Z): accepted with the
 * reference's check digits, refused with any other pair. */
static void test_doc_random_alphanumeric_cnpj_property(void **state)
{
	static const char alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
	(void)state;
	rng_state = 12;
	for (int iter = 0; iter < 20000; iter++) {
		char s[15], out[COBRA_DOC_BUFSZ], pretty[24], lower[15];
		bool digits_only = iter % 4 == 0;
		for (int i = 0; i < 12; i++)
			s[i] = digits_only ? (char)('0' + rng_next() % 10) : alnum[rng_next() % 36];
		ref_cnpj(s);
		cobra_error_clear();
		int rc = cobra_doc_parse(out, "doc", s);
		if (rc != COBRA_DOC_CNPJ || strcmp(out, s) != 0)
			fail_msg("CNPJ %s: rc %d (%s)", s, rc, cobra_error_message());
		cobra_doc_format(pretty, s);
		assert_int_equal(cobra_doc_parse(out, "doc", pretty), COBRA_DOC_CNPJ);
		assert_string_equal(out, s);
		for (int i = 0; i < 15; i++)
			lower[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] - 'A' + 'a') : s[i];
		assert_int_equal(cobra_doc_parse(out, "doc", lower), COBRA_DOC_CNPJ);
		assert_string_equal(out, s);
		for (int pos = 12; pos < 14; pos++) {
			char keep = s[pos];
			for (int k = 0; k < 36; k++) {
				if (alnum[k] == keep)
					continue;
				s[pos] = alnum[k];
				cobra_error_clear();
				if (cobra_doc_parse(out, "doc", s) != -COBRA_INVALID)
					fail_msg("CNPJ %s with a wrong check digit accepted", s);
			}
			s[pos] = keep;
		}
		/* change one base character: valid only if the reference says so */
		char t[15];
		memcpy(t, s, sizeof(t));
		int pos = (int)(rng_next() % 12);
		t[pos] = alnum[(strchr(alnum, t[pos]) - alnum + 1 + (long)(rng_next() % 35)) % 36];
		char want[15];
		memcpy(want, t, sizeof(want));
		ref_cnpj(want);
		bool valid = strcmp(want, t) == 0;
		cobra_error_clear();
		rc = cobra_doc_parse(out, "doc", t);
		if (valid ? rc != COBRA_DOC_CNPJ : rc != -COBRA_INVALID)
			fail_msg("CNPJ %s: rc %d, reference says %s", t, rc, valid ? "valid" : "invalid");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_doc_parse_table, unit_clear),
		cmocka_unit_test_setup(test_doc_reference_agrees_with_hand_examples, unit_clear),
		cmocka_unit_test_setup(test_doc_format_and_kind, unit_clear),
		cmocka_unit_test_setup(test_doc_random_cpf_property, unit_clear),
		cmocka_unit_test_setup(test_doc_random_alphanumeric_cnpj_property, unit_clear),
	};
	return cmocka_run_group_tests_name("doc", tests, NULL, NULL);
}
