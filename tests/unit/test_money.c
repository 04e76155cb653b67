/*
 * test_money.c - amounts as int64 cents (DESIGN §4, src/money.h).
 *
 * Expected values are worked out by hand from the grammar in DESIGN §4 and
 * money.h, or compared against ref_money(), a small integer-only parser of
 * the same grammar written here independently (reliability.md C4.3).
 */
#include "unit.h"

#include <limits.h>
#include <locale.h>
#include <stdio.h>

#include "../../src/money.h"

/* ---- a seeded PRNG (splitmix64), no engine ---- */


/* ---- the reference parser ---- */

#include "../ref_money.h"
}

/* ---- accepted inputs ---- */

struct money_ok {
	const char *in;
	cobra_money cents;
};

static const struct money_ok accepted[] = {
	{"0", 0},
	{"12", 1200},
	{"100", 10000},
	{"1000000", 100000000},
	{"1234.56", 123456},             /* DESIGN §4 */
	{"1234,56", 123456},             /* DESIGN §4 */
	{"1.234,56", 123456},            /* DESIGN §4: '.' groups, ',' decimal */
	{"1,234.56", 123456},            /* DESIGN §4: ',' groups, '.' decimal */
	{"R$ 1.234,56", 123456},         /* DESIGN §4 */
	{"R$1234,56", 123456},           /* currency sign without a space */
	{"R$   12", 1200},               /* spaces after R$ are skipped */
	{"R$ 0,99", 99},
	{"0,5", 50},                     /* money.h: one decimal = tenths */
	{"12,5", 1250},
	{"0.05", 5},
	{"0,01", 1},
	{"12.34", 1234},
	{"1.234.567", 123456700},        /* money.h: repeated '.' groups thousands */
	{"1,234,567", 123456700},
	{"1.234.567,89", 123456789},
	{"1,234,567.89", 123456789},
	{"12.000.000,00", 1200000000},
	{"999999999.99", 99999999999},   /* = COBRA_MONEY_MAX */
	{"999.999.999,99", 99999999999}, /* = COBRA_MONEY_MAX, grouped */
	{"999999999", 99999999900},
};

static void test_money_accepts_documented_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(accepted); i++) {
		cobra_money v = -1;
		cobra_error_clear();
		int rc = cobra_money_parse(&v, "amount", accepted[i].in);
		if (rc != 0)
			fail_msg("row %zu \"%s\": rc %d (%s)", i, accepted[i].in, rc, cobra_error_message());
		if (v != accepted[i].cents)
			fail_msg("row %zu \"%s\": got %lld, want %lld", i, accepted[i].in, (long long)v,
				(long long)accepted[i].cents);
	}
	assert_true(N_ROWS(accepted) >= 20);
}

/* ---- rejected inputs ---- */

static const char *const rejected[] = {
	"",                      /* empty */
	"1.234",                 /* lone separator + 3 digits: ambiguous */
	"1,234",                 /* idem */
	"1234.567",              /* idem */
	"12.505",                /* three decimals (reliability C3 #22) */
	"0.001",                 /* three decimals */
	"1.2345",                /* four decimals */
	"1.234,567",             /* three decimals after grouping */
	"1,234.567",             /* idem */
	"-50",                   /* sign (C3 #23) */
	"-0",
	"+12",
	"R$-5",
	"1e3",                   /* exponent (C3 #24) */
	"0x10",
	"inf",
	"nan",
	"12abc",
	" 12",                   /* leading space */
	"12 ",                   /* trailing space */
	"\xef\xbc\x91\xef\xbc\x92", /* fullwidth "12" */
	"1 234,56",              /* space inside the number */
	"1.234.56",              /* two '.' then two decimals: misplaced */
	"1.23.456",              /* a group of two digits */
	"1,234,56",              /* two ',' then two decimals */
	"1..5",
	"12.",                   /* separator without decimals */
	".50",                   /* must start with a digit */
	",",
	"R$",
	"R$ ",
	"1000000000.00",         /* COBRA_MONEY_MAX + 0.01 */
	"1000000000",
	"99999999999999999999",  /* C3 #25 */
	"1234.5.6",
};

static void test_money_rejects_bad_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(rejected); i++) {
		cobra_money v = 4242;
		cobra_error_clear();
		int rc = cobra_money_parse(&v, "amount", rejected[i]);
		if (rc != -COBRA_INVALID)
			fail_msg("row %zu \"%s\": rc %d, want %d", i, rejected[i], rc, -COBRA_INVALID);
		if (v != 4242)
			fail_msg("row %zu \"%s\": output written on failure", i, rejected[i]);
		if (cobra_error_code() != COBRA_INVALID)
			fail_msg("row %zu: error code %d", i, (int)cobra_error_code());
		/* DESIGN §6: the message names the field */
		if (strncmp(cobra_error_message(), "amount: ", 8) != 0)
			fail_msg("row %zu: message \"%s\" does not name the field", i, cobra_error_message());
	}
	assert_true(N_ROWS(rejected) >= 20);
}

static void test_money_rejects_three_decimals(void **state)
{
	cobra_money v;
	(void)state;
	cobra_error_clear();
	assert_int_equal(cobra_money_parse(&v, "amount", "0.001"), -COBRA_INVALID);
	assert_non_null(strstr(cobra_error_message(), "more than two decimals"));
	cobra_error_clear();
	assert_int_equal(cobra_money_parse(&v, "amount", "1,234.567"), -COBRA_INVALID);
	assert_non_null(strstr(cobra_error_message(), "more than two decimals"));
}

static void test_money_ambiguous_separator_gets_hint(void **state)
{
	cobra_money v;
	(void)state;
	cobra_error_clear();
	assert_int_equal(cobra_money_parse(&v, "amount", "1.234"), -COBRA_INVALID);
	assert_non_null(strstr(cobra_error_message(), "ambiguous"));
	/* DESIGN §4: "refused with a hint" */
	assert_true(strlen(cobra_error_hint()) > 0);
	assert_non_null(strstr(cobra_error_hint(), "1234,00"));
	cobra_error_clear();
	assert_int_equal(cobra_money_parse(&v, "amount", "1,234"), -COBRA_INVALID);
	assert_true(strlen(cobra_error_hint()) > 0);
}

static void test_money_too_large_names_the_maximum(void **state)
{
	cobra_money v;
	(void)state;
	cobra_error_clear();
	assert_int_equal(cobra_money_parse(&v, "amount", "99999999999999999999"), -COBRA_INVALID);
	assert_non_null(strstr(cobra_error_message(), "too large"));
	assert_non_null(strstr(cobra_error_message(), "999999999.99"));
}

/* An exhaustive differential run over every string of length 1..6 from a
 * small alphabet, against ref_money(). */
static void test_money_matches_reference_exhaustive(void **state)
{
	static const char alpha[] = "019.,";
	char s[8];
	size_t na = sizeof(alpha) - 1, checked = 0, accepted_n = 0;
	(void)state;
	for (size_t len = 1; len <= 6; len++) {
		size_t total = 1;
		for (size_t k = 0; k < len; k++)
			total *= na;
		for (size_t code = 0; code < total; code++) {
			size_t c = code;
			for (size_t k = 0; k < len; k++) {
				s[k] = alpha[c % na];
				c /= na;
			}
			s[len] = '\0';
			cobra_money got = -1;
			int64_t want = -1;
			cobra_error_clear();
			int rc = cobra_money_parse(&got, "amount", s);
			int rr = ref_money(s, &want);
			if ((rc == 0) != (rr == 0))
				fail_msg("\"%s\": cobra rc %d, reference %s", s, rc, rr == 0 ? "accepts" : "refuses");
			if (rc == 0 && got != want)
				fail_msg("\"%s\": cobra %lld, reference %lld", s, (long long)got, (long long)want);
			checked++;
			accepted_n += rc == 0;
		}
	}
	assert_true(checked > 19000);
	assert_true(accepted_n > 1000);
}

/* Random longer strings, biased towards plausible amounts. */
static void test_money_matches_reference_random(void **state)
{
	static const char *const pieces[] = {"0", "1", "2", "5", "9", "00", "123", "999", ".", ",", ".", ",",
		"R$", "R$ ", " ", "-", "+", "e", "x", "000", "45"};
	char s[64];
	(void)state;
	rng_state = 0xc0b7a2026ull;
	for (int iter = 0; iter < 200000; iter++) {
		size_t n = 1 + rng_below(8), o = 0;
		for (size_t k = 0; k < n; k++) {
			const char *p = pieces[rng_below(N_ROWS(pieces))];
			size_t pl = strlen(p);
			if (o + pl >= sizeof(s))
				break;
			memcpy(s + o, p, pl);
			o += pl;
		}
		s[o] = '\0';
		cobra_money got = -1;
		int64_t want = -1;
		cobra_error_clear();
		int rc = cobra_money_parse(&got, "amount", s);
		int rr = ref_money(s, &want);
		if ((rc == 0) != (rr == 0))
			fail_msg("\"%s\": cobra rc %d, reference %s", s, rc, rr == 0 ? "accepts" : "refuses");
		if (rc == 0) {
			char f[COBRA_MONEY_BUFSZ];
			cobra_money back = -1;
			if (got != want)
				fail_msg("\"%s\": cobra %lld, reference %lld", s, (long long)got, (long long)want);
			/* C4.3: format(parse(s)) is canonical and parses back */
			assert_int_equal(cobra_money_parse_canonical(&back, cobra_money_format(f, got)), 0);
			assert_true(back == got);
		}
	}
}

/* ---- formatting ---- */

struct fmt_row {
	cobra_money v;
	const char *machine, *pt, *en;
};

static const struct fmt_row formats[] = {
	{0, "0.00", "R$ 0,00", "R$ 0.00"},
	{1, "0.01", "R$ 0,01", "R$ 0.01"},
	{5, "0.05", "R$ 0,05", "R$ 0.05"},
	{10, "0.10", "R$ 0,10", "R$ 0.10"},
	{99, "0.99", "R$ 0,99", "R$ 0.99"},
	{100, "1.00", "R$ 1,00", "R$ 1.00"},
	{1250, "12.50", "R$ 12,50", "R$ 12.50"},
	{99999, "999.99", "R$ 999,99", "R$ 999.99"},
	{100000, "1000.00", "R$ 1.000,00", "R$ 1,000.00"},
	{123456, "1234.56", "R$ 1.234,56", "R$ 1,234.56"},
	{1234567, "12345.67", "R$ 12.345,67", "R$ 12,345.67"},
	{12345678, "123456.78", "R$ 123.456,78", "R$ 123,456.78"},
	{100000000, "1000000.00", "R$ 1.000.000,00", "R$ 1,000,000.00"},
	{123456789, "1234567.89", "R$ 1.234.567,89", "R$ 1,234,567.89"},
	{99999999999, "999999999.99", "R$ 999.999.999,99", "R$ 999,999,999.99"},
	{10000000000, "100000000.00", "R$ 100.000.000,00", "R$ 100,000,000.00"},
	{-500, "-5.00", NULL, NULL},      /* money.h: machine form may be negative */
	{-123456, "-1234.56", NULL, NULL},
	{-1, "-0.01", NULL, NULL},
	{INT64_MAX, "92233720368547758.07", NULL, NULL},
	{INT64_MIN, "-92233720368547758.08", NULL, NULL},
};

static void test_money_formats_machine_and_human(void **state)
{
	char buf[COBRA_MONEY_BUFSZ];
	(void)state;
	for (size_t i = 0; i < N_ROWS(formats); i++) {
		assert_string_equal(cobra_money_format(buf, formats[i].v), formats[i].machine);
		if (formats[i].pt)
			assert_string_equal(cobra_money_format_human(buf, formats[i].v, "pt_BR"), formats[i].pt);
		if (formats[i].en)
			assert_string_equal(cobra_money_format_human(buf, formats[i].v, "en_US"), formats[i].en);
	}
	assert_true(N_ROWS(formats) >= 20);
}

/* Property (b): for random v in [0, COBRA_MONEY_MAX],
 * parse(format(v)) == v, in the machine form and in both human forms. */
static void test_money_format_parse_round_trip_property(void **state)
{
	char buf[COBRA_MONEY_BUFSZ];
	(void)state;
	rng_state = 20260122;
	for (int iter = 0; iter < 300000; iter++) {
		cobra_money v, back;
		switch (iter % 4) {
		case 0: v = (cobra_money)rng_below((uint64_t)COBRA_MONEY_MAX + 1); break;
		case 1: v = (cobra_money)rng_below(100000); break;          /* small amounts */
		case 2: v = COBRA_MONEY_MAX - (cobra_money)rng_below(1000); break; /* near the top */
		default: v = (cobra_money)rng_below(1000) * 100000; break;  /* many zeros */
		}
		back = -1;
		cobra_error_clear();
		if (cobra_money_parse(&back, "amount", cobra_money_format(buf, v)) != 0 || back != v)
			fail_msg("machine \"%s\" (v=%lld) parsed as %lld: %s", buf, (long long)v, (long long)back,
				cobra_error_message());
		back = -1;
		if (cobra_money_parse_canonical(&back, buf) != 0 || back != v)
			fail_msg("canonical \"%s\" (v=%lld) parsed as %lld", buf, (long long)v, (long long)back);
		back = -1;
		cobra_error_clear();
		if (cobra_money_parse(&back, "amount", cobra_money_format_human(buf, v, "pt_BR")) != 0 || back != v)
			fail_msg("pt_BR \"%s\" (v=%lld) parsed as %lld: %s", buf, (long long)v, (long long)back,
				cobra_error_message());
		back = -1;
		cobra_error_clear();
		if (cobra_money_parse(&back, "amount", cobra_money_format_human(buf, v, "en_US")) != 0 || back != v)
			fail_msg("en_US \"%s\" (v=%lld) parsed as %lld: %s", buf, (long long)v, (long long)back,
				cobra_error_message());
	}
}

/* ---- canonical file form ---- */

static void test_money_canonical_form_is_strict(void **state)
{
	static const struct money_ok ok[] = {
		{"0.00", 0}, {"0.05", 5}, {"1.00", 100}, {"1234.56", 123456}, {"999999999.99", 99999999999},
	};
	static const char *const bad[] = {
		"0.5", "1234.5", "01.00", "00.00", "1,00", "-1.00", "1234", ".50", "1000000000.00",
		"1.234.56", " 1.00", "1.00 ", "1.0a", "", "R$ 1.00", "1.000",
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(ok); i++) {
		cobra_money v = -1;
		assert_int_equal(cobra_money_parse_canonical(&v, ok[i].in), 0);
		assert_true(v == ok[i].cents);
	}
	for (size_t i = 0; i < N_ROWS(bad); i++) {
		cobra_money v = 0;
		if (cobra_money_parse_canonical(&v, bad[i]) == 0)
			fail_msg("canonical form accepted \"%s\"", bad[i]);
	}
}

/* ---- locale independence (DESIGN §4, C3 #20) ---- */

static void test_money_parse_ignores_lc_numeric(void **state)
{
	static const char *const locales[] = {"pt_BR.UTF-8", "pt_BR.utf8", "de_DE.UTF-8", "C.UTF-8"};
	int tried = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(locales); i++) {
		if (!setlocale(LC_ALL, locales[i]))
			continue;
		tried++;
		cobra_money a = -1, b = -1;
		char buf[COBRA_MONEY_BUFSZ];
		assert_int_equal(cobra_money_parse(&a, "amount", "12.50"), 0);
		assert_int_equal(cobra_money_parse(&b, "amount", "12,50"), 0);
		assert_true(a == 1250 && b == 1250);
		assert_string_equal(cobra_money_format(buf, 123456), "1234.56");
	}
	setlocale(LC_ALL, "C");
	assert_true(tried >= 1); /* C.UTF-8 at least */
}

/* ---- checked arithmetic ---- */

struct arith_row {
	cobra_money a, b;
	bool add_ok, sub_ok;
	cobra_money sum, diff;
};

static const struct arith_row ariths[] = {
	{1, 2, true, true, 3, -1},
	{0, 0, true, true, 0, 0},
	{COBRA_MONEY_MAX, COBRA_MONEY_MAX, true, true, 2 * COBRA_MONEY_MAX, 0},
	{INT64_MAX, 1, false, true, 0, INT64_MAX - 1},
	{INT64_MAX, 0, true, true, INT64_MAX, INT64_MAX},
	{INT64_MIN, 1, true, false, INT64_MIN + 1, 0},
	{INT64_MIN, -1, false, true, 0, INT64_MIN + 1},
	{-1, INT64_MAX, true, true, INT64_MAX - 1, INT64_MIN},
	{-2, INT64_MAX, true, false, INT64_MAX - 2, 0},
	{INT64_MAX - 5, 5, true, true, INT64_MAX, INT64_MAX - 10},
	{INT64_MAX - 5, 6, false, true, 0, INT64_MAX - 11},
};

static void test_money_checked_add_sub_refuse_overflow(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(ariths); i++) {
		cobra_money out = 777;
		bool ok = cobra_money_add(&out, ariths[i].a, ariths[i].b);
		assert_int_equal(ok, ariths[i].add_ok);
		assert_true(ok ? out == ariths[i].sum : out == 777);
		out = 777;
		ok = cobra_money_sub(&out, ariths[i].a, ariths[i].b);
		assert_int_equal(ok, ariths[i].sub_ok);
		assert_true(ok ? out == ariths[i].diff : out == 777);
	}
}

/* ---- rounding helper: half-up ---- */

static void test_money_div_round_is_half_up(void **state)
{
	static const struct {
		int64_t num, den, want;
	} rows[] = {
		{5, 10, 1},   /* 0.5 -> 1 */
		{4, 10, 0},   /* 0.4 -> 0 */
		{15, 10, 2},  /* 1.5 -> 2 */
		{25, 10, 3},  /* 2.5 -> 3 (not banker's 2) */
		{14, 10, 1},
		{0, 7, 0},
		{1, 3, 0},    /* 0.333 */
		{2, 3, 1},    /* 0.667 */
		{1, 2, 1},    /* 0.5 */
		{3, 2, 2},    /* 1.5 */
		{4666, 100, 47}, /* 46.66 */
		{4650, 100, 47}, /* 46.50 */
		{4649, 100, 46}, /* 46.49 */
		{1000000, 300000, 3}, /* 3.33 */
		{1500000, 3000000, 1}, /* 0.5 */
		{99999999999ll * 200, 10000, 2000000000}, /* 1999999999.98 -> 2000000000 */
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++)
		if (cobra_div_round(rows[i].num, rows[i].den) != rows[i].want)
			fail_msg("row %zu: %lld/%lld = %lld, want %lld", i, (long long)rows[i].num, (long long)rows[i].den,
				(long long)cobra_div_round(rows[i].num, rows[i].den), (long long)rows[i].want);
}

/* ---- rates (basis points) ---- */

static void test_money_rate_parse_and_format(void **state)
{
	static const struct {
		const char *in;
		int32_t bp;
		const char *canon;
	} ok[] = {
		{"2", 200, "2.00"},     {"2.5", 250, "2.50"},     {"1,25", 125, "1.25"}, {"0.75%", 75, "0.75"},
		{"100", 10000, "100.00"}, {"0", 0, "0.00"},       {"0.01", 1, "0.01"},   {"1.5", 150, "1.50"},
		{"2.00", 200, "2.00"},  {"99.99", 9999, "99.99"},
	};
	static const char *const bad[] = {"100.01", "101", "1.234", "-1", "abc", "", "%", "1.", ".5", "1e2",
		"2 %", "+2", "1.5.1", "0.0000001", "1000%"};
	char buf[16];
	(void)state;
	for (size_t i = 0; i < N_ROWS(ok); i++) {
		int32_t bp = -1;
		cobra_error_clear();
		if (cobra_rate_parse(&bp, "rate", ok[i].in) != 0 || bp != ok[i].bp)
			fail_msg("rate \"%s\": got %d (%s)", ok[i].in, (int)bp, cobra_error_message());
		assert_string_equal(cobra_rate_format(buf, bp), ok[i].canon);
	}
	for (size_t i = 0; i < N_ROWS(bad); i++) {
		int32_t bp = -1;
		cobra_error_clear();
		if (cobra_rate_parse(&bp, "rate", bad[i]) != -COBRA_INVALID)
			fail_msg("rate \"%s\" accepted as %d", bad[i], (int)bp);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_money_accepts_documented_forms, unit_clear),
		cmocka_unit_test_setup(test_money_rejects_bad_forms, unit_clear),
		cmocka_unit_test_setup(test_money_rejects_three_decimals, unit_clear),
		cmocka_unit_test_setup(test_money_ambiguous_separator_gets_hint, unit_clear),
		cmocka_unit_test_setup(test_money_too_large_names_the_maximum, unit_clear),
		cmocka_unit_test_setup(test_money_matches_reference_exhaustive, unit_clear),
		cmocka_unit_test_setup(test_money_matches_reference_random, unit_clear),
		cmocka_unit_test_setup(test_money_formats_machine_and_human, unit_clear),
		cmocka_unit_test_setup(test_money_format_parse_round_trip_property, unit_clear),
		cmocka_unit_test_setup(test_money_canonical_form_is_strict, unit_clear),
		cmocka_unit_test_setup(test_money_parse_ignores_lc_numeric, unit_clear),
		cmocka_unit_test_setup(test_money_checked_add_sub_refuse_overflow, unit_clear),
		cmocka_unit_test_setup(test_money_div_round_is_half_up, unit_clear),
		cmocka_unit_test_setup(test_money_rate_parse_and_format, unit_clear),
	};
	return cmocka_run_group_tests_name("money", tests, NULL, NULL);
}
