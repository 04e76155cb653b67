/*
 * test_date.c - calendar dates as civil day numbers (DESIGN §4, src/date.h).
 *
 * Expected dates are worked out by hand (the arithmetic is in the comments)
 * or by ref_days(), a plain year/month loop written here independently of
 * the code under test.
 */
#include "unit.h"

#include <stdio.h>
#include <time.h>

#include "../../src/date.h"

/* ---- independent reference ---- */

static int ref_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int ref_dim(int y, int m)
{
	switch (m) {
	case 2: return ref_leap(y) ? 29 : 28;
	case 4: case 6: case 9: case 11: return 30;
	default: return 31;
	}
}

/* Days since 1970-01-01 by counting whole years and months. */
static int32_t ref_days(int y, int m, int d)
{
	int32_t n = 0;
	for (int yy = 1970; yy < y; yy++)
		n += ref_leap(yy) ? 366 : 365;
	for (int yy = y; yy < 1970; yy++)
		n -= ref_leap(yy) ? 366 : 365;
	for (int mm = 1; mm < m; mm++)
		n += ref_dim(y, mm);
	return n + d - 1;
}

/* "YYYY-MM-DD" -> reference day number (the test's own parser). */
static int32_t ref_iso(const char *s)
{
	int y = 0, m = 0, d = 0;
	if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
		fail_msg("bad test date \"%s\"", s);
	return ref_days(y, m, d);
}

static void fmt(char out[COBRA_DATE_BUFSZ], cobra_date day)
{
	cobra_date_format(out, day);
}

/* ---- calendar validity ---- */

struct iso_row {
	const char *in;
	bool ok;
};

static const struct iso_row isos[] = {
	{"2024-02-29", true},  /* 2024 is a leap year (div by 4) */
	{"2000-02-29", true},  /* div by 400 */
	{"1900-01-01", true},  /* COBRA_DATE_MIN_YEAR */
	{"2199-12-31", true},  /* COBRA_DATE_MAX_YEAR */
	{"2026-01-31", true},
	{"2026-04-30", true},
	{"2026-12-31", true},
	{"1900-02-28", true},
	{"2100-02-28", true},
	{"2026-02-28", true},
	{"2026-02-30", false}, /* C3 #29: glibc strptime accepts it */
	{"2025-02-29", false}, /* not a leap year */
	{"2100-02-29", false}, /* div by 100, not by 400 */
	{"1900-02-29", false},
	{"2026-04-31", false},
	{"2026-06-31", false},
	{"2026-13-01", false},
	{"2026-00-10", false},
	{"2026-01-00", false},
	{"2026-01-32", false},
	{"1899-12-31", false}, /* before the documented range */
	{"2200-01-01", false}, /* after it */
	{"2026-2-3", false},   /* C3 #30 */
	{" 2026-02-03", false},
	{"2026-02-03T00:00", false},
	{"2026-02-03 ", false},
	{"2026/02/03", false},
	{"20260203", false},
	{"", false},
	{"abcd-ef-gh", false},
	{"2026-02-3x", false},
	{"+2026-02-03", false},
	{"2026-0a-03", false},
	{"-026-02-03", false},
};

static void test_date_parse_iso_checks_the_calendar(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(isos); i++) {
		cobra_date d = 123456;
		int rc = cobra_date_parse_iso(&d, isos[i].in);
		if (isos[i].ok) {
			if (rc != 0)
				fail_msg("\"%s\" refused", isos[i].in);
			assert_int_equal(d, ref_iso(isos[i].in));
		} else {
			if (rc == 0)
				fail_msg("\"%s\" accepted as %d", isos[i].in, (int)d);
			assert_int_equal(d, 123456);
		}
		/* cobra_date_parse (user input) agrees on the ISO form */
		cobra_date u = 0;
		cobra_error_clear();
		rc = cobra_date_parse(&u, "date", isos[i].in);
		assert_int_equal(rc == 0, isos[i].ok);
		if (rc == 0)
			assert_int_equal(u, d);
		else
			assert_int_equal(rc, -COBRA_INVALID);
	}
	assert_true(N_ROWS(isos) >= 20);
}

static void test_date_invalid_day_message_names_field(void **state)
{
	cobra_date d;
	(void)state;
	cobra_error_clear();
	assert_int_equal(cobra_date_parse(&d, "due", "2026-02-30"), -COBRA_INVALID);
	assert_non_null(strstr(cobra_error_message(), "due: "));
	assert_non_null(strstr(cobra_error_message(), "2026-02-30"));
	assert_non_null(strstr(cobra_error_message(), "not a calendar date"));
}

/* ---- DD/MM/YYYY ---- */

struct br_row {
	const char *in, *iso; /* iso NULL = refused */
};

static const struct br_row brs[] = {
	{"03/02/2026", "2026-02-03"}, /* DD/MM: 3 February */
	{"29/02/2024", "2024-02-29"},
	{"31/12/2199", "2199-12-31"},
	{"01/01/1900", "1900-01-01"},
	{"31/01/2026", "2026-01-31"},
	{"30/04/2026", "2026-04-30"},
	{"12/11/2026", "2026-11-12"}, /* day first, not month first */
	{"29/02/2000", "2000-02-29"},
	{"29/02/2025", NULL},
	{"29/02/2100", NULL},
	{"31/04/2026", NULL},
	{"30/02/2026", NULL},
	{"01/13/2026", NULL},         /* month 13: MM/DD order is refused */
	{"00/01/2026", NULL},
	{"32/01/2026", NULL},
	{"01/00/2026", NULL},
	{"31/12/1899", NULL},
	{"01/01/2200", NULL},
	{"3/2/2026", NULL},
	{"03-02-2026", NULL},
	{"03/02/26", NULL},
	{"03/02/2026 ", NULL},
	{"0a/02/2026", NULL},
	{"03/0b/2026", NULL},
};

static void test_date_parse_ddmmyyyy(void **state)
{
	(void)state;
	setenv("COBRA_TODAY", "2026-01-31", 1);
	for (size_t i = 0; i < N_ROWS(brs); i++) {
		cobra_date d = 0;
		cobra_error_clear();
		int rc = cobra_date_parse(&d, "date", brs[i].in);
		if (brs[i].iso) {
			if (rc != 0)
				fail_msg("\"%s\" refused: %s", brs[i].in, cobra_error_message());
			assert_int_equal(d, ref_iso(brs[i].iso));
		} else if (rc != -COBRA_INVALID) {
			fail_msg("\"%s\" accepted (rc %d, day %d)", brs[i].in, rc, (int)d);
		}
	}
	unsetenv("COBRA_TODAY");
	assert_true(N_ROWS(brs) >= 20);
}

/* ---- relative dates with COBRA_TODAY ---- */

struct rel_row {
	const char *today, *in, *iso; /* iso NULL = refused */
};

static const struct rel_row rels[] = {
	{"2026-01-31", "today", "2026-01-31"},
	{"2026-01-31", "yesterday", "2026-01-30"},
	{"2026-01-31", "tomorrow", "2026-02-01"},
	{"2026-01-31", "+10d", "2026-02-10"},
	{"2026-01-31", "-3d", "2026-01-28"},
	{"2026-01-31", "+0d", "2026-01-31"},
	{"2026-01-31", "+29d", "2026-03-01"},   /* 28 days to Feb 28, then Mar 1 */
	{"2026-01-31", "-31d", "2025-12-31"},
	{"2026-01-31", "+365d", "2027-01-31"},  /* 2026 has 365 days */
	{"2026-01-31", "+1m", "2026-02-28"},    /* clamped to Feb's end */
	{"2026-01-31", "+2m", "2026-03-31"},    /* the day of month comes back */
	{"2026-01-31", "+3m", "2026-04-30"},
	{"2026-01-31", "-2m", "2025-11-30"},
	{"2026-01-31", "+13m", "2027-02-28"},
	{"2026-01-31", "+1200m", "2126-01-31"},
	/* 2026-01-31 + 27y = 2053-01-31 is 27*365 + 7 leap days (2028..2052)
	 * = 9862 days; 137 more: Feb 28 (+28), Mar 31 (+31), Apr 30 (+30),
	 * May 31 (+31) = 120, then +17 = 2053-06-17. */
	{"2026-01-31", "+9999d", "2053-06-17"},
	{"2026-01-31", "+99999d", NULL},        /* 2299: out of range */
	{"2026-01-31", "+1201m", NULL},         /* 2126+: over the month limit */
	{"2026-01-31", "+10", NULL},
	{"2026-01-31", "10d", NULL},
	{"2026-01-31", "+d", NULL},
	{"2026-01-31", "+1w", NULL},
	{"2026-01-31", "++1d", NULL},
	{"2026-01-31", "+1.5d", NULL},
	{"2026-01-31", "+-1d", NULL},
	{"2026-01-31", "today ", NULL},
	{"2026-01-31", "Today", NULL},
	{"2026-01-31", "", NULL},
	{"2024-02-29", "+12m", "2025-02-28"},
	{"2024-02-29", "-12m", "2023-02-28"},
	{"2024-02-29", "+48m", "2028-02-29"},
	{"2024-02-29", "yesterday", "2024-02-28"},
	{"2024-02-29", "+1d", "2024-03-01"},
	{"2024-02-29", "+1m", "2024-03-29"},
	{"2024-03-01", "-1d", "2024-02-29"},
	{"2199-12-31", "today", "2199-12-31"},
	{"2199-12-31", "+1d", NULL},            /* 2200-01-01: out of range */
	{"2199-12-31", "+1m", NULL},
	{"1900-01-01", "-1d", NULL},            /* 1899-12-31: out of range */
	{"1900-01-01", "today", "1900-01-01"},
};

static void test_date_relative_forms_use_cobra_today(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(rels); i++) {
		cobra_date d = 0;
		char got[COBRA_DATE_BUFSZ];
		setenv("COBRA_TODAY", rels[i].today, 1);
		cobra_error_clear();
		int rc = cobra_date_parse(&d, "due", rels[i].in);
		if (rels[i].iso) {
			fmt(got, d);
			if (rc != 0) {
				print_error("today %s, \"%s\": refused: %s\n", rels[i].today, rels[i].in, cobra_error_message());
				nfail++;
			} else if (d != ref_iso(rels[i].iso)) {
				print_error("today %s, \"%s\": got %s, want %s\n", rels[i].today, rels[i].in, got, rels[i].iso);
				nfail++;
			}
		} else if (rc != -COBRA_INVALID) {
			fmt(got, d);
			print_error("today %s, \"%s\": accepted as %s\n", rels[i].today, rels[i].in, got);
			nfail++;
		}
	}
	unsetenv("COBRA_TODAY");
	/* cross-check two hand computations above with the reference */
	assert_int_equal(ref_iso("2053-06-17") - ref_iso("2026-01-31"), 9999);
	assert_true(N_ROWS(rels) >= 20);
	assert_int_equal(nfail, 0);
}

/* "+Nd" has no documented digit limit: a day offset that lands inside
 * 1900..2199 is a date (date.h), and the parser itself allows n <= 36500. */
static void test_date_relative_days_accept_five_digits_in_range(void **state)
{
	static const struct rel_row rows[] = {
		/* one day after "+9999d" above */
		{"2026-01-31", "+10000d", "2053-06-18"},
		/* 100 years = 36524 days (25 leap days 2028..2124 minus 2100), so
		 * 36500 days is 24 days before 2126-01-31. */
		{"2026-01-31", "+36500d", "2126-01-07"},
		/* backwards: 27 years to 1999-01-31 is 9862 days (leap days
		 * 2000..2024 = 7); 138 more: -> 1998-12-31 (31), -> 11-30 (31),
		 * -> 10-31 (30), -> 09-30 (31) = 123, then 15 more = 09-15. */
		{"2026-01-31", "-10000d", "1998-09-15"},
	};
	int nfail = 0;
	(void)state;
	assert_int_equal(ref_iso("2026-01-31") - ref_iso("1998-09-15"), 10000);
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		cobra_date d = 0;
		char got[COBRA_DATE_BUFSZ];
		setenv("COBRA_TODAY", rows[i].today, 1);
		cobra_error_clear();
		int rc = cobra_date_parse(&d, "due", rows[i].in);
		fmt(got, d);
		if (rc != 0 || d != ref_iso(rows[i].iso)) {
			print_error("today %s, \"%s\": rc %d (%s), got %s, want %s\n", rows[i].today, rows[i].in, rc,
				cobra_error_message(), rc == 0 ? got : "-", rows[i].iso);
			nfail++;
		}
	}
	unsetenv("COBRA_TODAY");
	assert_int_equal(nfail, 0);
}

/* "tomorrow" and "yesterday" are relative dates like "+1d" and "-1d": they
 * must stay inside 1900..2199 too, or a date is written that no file
 * reader accepts (cobra_date_parse_iso refuses 2200-01-01). */
static void test_date_tomorrow_and_yesterday_stay_in_range(void **state)
{
	static const struct rel_row rows[] = {
		{"2199-12-31", "tomorrow", NULL},
		{"1900-01-01", "yesterday", NULL},
		{"2199-12-30", "tomorrow", "2199-12-31"},
		{"1900-01-02", "yesterday", "1900-01-01"},
	};
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		cobra_date d = 0;
		char got[COBRA_DATE_BUFSZ];
		setenv("COBRA_TODAY", rows[i].today, 1);
		cobra_error_clear();
		int rc = cobra_date_parse(&d, "due", rows[i].in);
		fmt(got, d);
		if (rows[i].iso ? (rc != 0 || d != ref_iso(rows[i].iso)) : rc != -COBRA_INVALID) {
			print_error("today %s, \"%s\": rc %d, date %s, want %s\n", rows[i].today, rows[i].in, rc, got,
				rows[i].iso ? rows[i].iso : "refused (outside 1900..2199)");
			nfail++;
		}
	}
	unsetenv("COBRA_TODAY");
	assert_int_equal(nfail, 0);
}

static void test_date_malformed_cobra_today_is_refused(void **state)
{
	cobra_date d;
	(void)state;
	setenv("COBRA_TODAY", "2026-02-30", 1);
	cobra_error_clear();
	assert_int_equal(cobra_date_today(&d), -COBRA_INVALID);
	assert_non_null(strstr(cobra_error_message(), "COBRA_TODAY"));
	cobra_error_clear();
	assert_int_equal(cobra_date_parse(&d, "due", "today"), -COBRA_INVALID);
	cobra_error_clear();
	assert_int_equal(cobra_date_parse(&d, "due", "+1d"), -COBRA_INVALID);
	/* ISO input does not need today */
	cobra_error_clear();
	assert_int_equal(cobra_date_parse(&d, "due", "2026-03-01"), 0);
	assert_int_equal(d, ref_days(2026, 3, 1));
	setenv("COBRA_TODAY", "26-01-01", 1);
	cobra_error_clear();
	assert_int_equal(cobra_date_today(&d), -COBRA_INVALID);
	unsetenv("COBRA_TODAY");
}

static void test_date_today_without_env_is_the_utc_date(void **state)
{
	cobra_date d = 0;
	(void)state;
	unsetenv("COBRA_TODAY");
	time_t before = time(NULL);
	assert_int_equal(cobra_date_today(&d), 0);
	time_t after = time(NULL);
	assert_true(d >= (cobra_date)(before / 86400) && d <= (cobra_date)(after / 86400));
	setenv("COBRA_TODAY", "", 1); /* empty = unset */
	assert_int_equal(cobra_date_today(&d), 0);
	assert_true(d >= (cobra_date)(before / 86400));
	unsetenv("COBRA_TODAY");
}

/* ---- month arithmetic with clamping ---- */

struct months_row {
	const char *from;
	int n, dom;
	const char *want;
};

static const struct months_row months[] = {
	{"2026-01-31", 1, 31, "2026-02-28"}, /* DESIGN §4: Jan 31 -> Feb 28 */
	{"2026-01-31", 2, 31, "2026-03-31"}, /* -> Mar 31 */
	{"2026-01-31", 3, 31, "2026-04-30"},
	{"2024-01-31", 1, 31, "2024-02-29"}, /* leap year */
	{"2024-02-29", 12, 29, "2025-02-28"},
	{"2024-02-29", 48, 29, "2028-02-29"},
	{"2026-02-28", 1, 31, "2026-03-31"}, /* the kept day, not FROM's day */
	{"2026-02-28", 1, 28, "2026-03-28"},
	{"2026-03-31", -1, 31, "2026-02-28"},
	{"2026-12-15", 1, 15, "2027-01-15"}, /* year rolls over */
	{"2026-01-15", -1, 15, "2025-12-15"},
	{"2026-05-31", 1, 31, "2026-06-30"},
	{"2026-08-31", 1, 31, "2026-09-30"},
	{"2026-10-31", 1, 31, "2026-11-30"},
	{"2026-11-30", 1, 30, "2026-12-30"},
	{"2026-11-30", 3, 30, "2027-02-28"},
	{"2099-12-31", 2, 31, "2100-02-28"}, /* 2100 is not a leap year */
	{"2000-01-30", 1, 30, "2000-02-29"}, /* 2000 is */
	{"1900-01-29", 1, 29, "1900-02-28"}, /* 1900 is not */
	{"2026-01-01", 120, 1, "2036-01-01"},
	{"2026-06-30", -6, 30, "2025-12-30"},
	{"2026-03-31", -13, 31, "2025-02-28"},
	{"2026-01-31", 0, 31, "2026-01-31"},
	{"2026-01-10", 1, 31, "2026-02-28"},
	{"2026-01-31", 359, 31, "2055-12-31"}, /* 359 = 29*12 + 11 */
};

static void test_date_add_months_clamps_to_month_end(void **state)
{
	char got[COBRA_DATE_BUFSZ];
	(void)state;
	for (size_t i = 0; i < N_ROWS(months); i++) {
		cobra_date d = cobra_date_add_months(ref_iso(months[i].from), months[i].n, months[i].dom);
		fmt(got, d);
		if (d != ref_iso(months[i].want))
			fail_msg("%s %+d months (day %d): got %s, want %s", months[i].from, months[i].n, months[i].dom,
				got, months[i].want);
	}
	assert_true(N_ROWS(months) >= 20);
}

/* ---- weekday, days in month, human form ---- */

static void test_date_weekday_known_days(void **state)
{
	static const struct {
		const char *iso;
		int wd; /* 0 = Monday */
	} rows[] = {
		{"1970-01-01", 3}, /* Thursday */
		{"1969-12-31", 2}, /* Wednesday (negative day number) */
		{"1900-01-01", 0}, /* Monday */
		{"2000-01-01", 5}, /* Saturday */
		{"1999-12-31", 4}, /* Friday */
		{"2001-09-11", 1}, /* Tuesday */
		{"2024-02-29", 3}, /* Thursday */
		{"2026-01-01", 3}, /* Thursday */
		{"2026-02-14", 5}, /* Saturday */
		{"2026-02-15", 6}, /* Sunday */
		{"2026-02-16", 0}, /* Monday */
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++)
		if (cobra_date_weekday(ref_iso(rows[i].iso)) != rows[i].wd)
			fail_msg("%s: weekday %d, want %d", rows[i].iso, cobra_date_weekday(ref_iso(rows[i].iso)), rows[i].wd);
}

static void test_date_days_in_month(void **state)
{
	static const int rows[][3] = {
		{2024, 2, 29}, {2025, 2, 28}, {1900, 2, 28}, {2000, 2, 29}, {2100, 2, 28}, {2196, 2, 29},
		{2026, 1, 31}, {2026, 3, 31}, {2026, 4, 30}, {2026, 6, 30}, {2026, 9, 30}, {2026, 11, 30},
		{2026, 12, 31}, {2026, 7, 31}, {2026, 8, 31},
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++)
		assert_int_equal(cobra_date_days_in_month(rows[i][0], rows[i][1]), rows[i][2]);
}

static void test_date_human_format_by_locale(void **state)
{
	char out[COBRA_DATE_BUFSZ];
	(void)state;
	assert_string_equal(cobra_date_format_human(out, ref_days(2026, 2, 3), "pt_BR"), "03/02/2026");
	assert_string_equal(cobra_date_format_human(out, ref_days(2026, 2, 3), "en_US"), "2026-02-03");
	assert_string_equal(cobra_date_format_human(out, ref_days(1900, 1, 1), "pt_BR"), "01/01/1900");
	assert_string_equal(cobra_date_format_human(out, ref_days(2199, 12, 31), "pt_BR"), "31/12/2199");
	assert_string_equal(cobra_date_format(out, ref_days(2026, 11, 22)), "2026-11-22");
}

/* ---- property (c): every day of the supported range round-trips ---- */

static void test_date_every_day_round_trips(void **state)
{
	int32_t expect = ref_days(1900, 1, 1);
	int wd = 0; /* 1900-01-01 was a Monday */
	long days = 0;
	(void)state;
	/* 70 years, 17 of them leap (1904..1968): 70*365 + 17 = 25567 */
	assert_int_equal(expect, -25567);
	for (int y = COBRA_DATE_MIN_YEAR; y <= COBRA_DATE_MAX_YEAR; y++) {
		for (int m = 1; m <= 12; m++) {
			int dim = ref_dim(y, m);
			assert_int_equal(cobra_date_days_in_month(y, m), dim);
			for (int d = 1; d <= dim + 1; d++) {
				char want[48], got[COBRA_DATE_BUFSZ], human[COBRA_DATE_BUFSZ];
				snprintf(want, sizeof(want), "%04d-%02d-%02d", y, m, d);
				if (d > dim) {
					cobra_date x = 0;
					if (cobra_date_valid_ymd(y, m, d) || cobra_date_parse_iso(&x, want) == 0)
						fail_msg("%s accepted", want);
					continue;
				}
				cobra_date day = cobra_date_from_ymd(y, m, d);
				if (day != expect)
					fail_msg("%s: day %d, want %d", want, (int)day, (int)expect);
				int yy, mm, dd;
				cobra_date_to_ymd(day, &yy, &mm, &dd);
				if (yy != y || mm != m || dd != d)
					fail_msg("%s: to_ymd gave %d-%d-%d", want, yy, mm, dd);
				if (!cobra_date_valid_ymd(y, m, d))
					fail_msg("%s: not valid", want);
				if (strcmp(cobra_date_format(got, day), want) != 0)
					fail_msg("%s: formatted as %s", want, got);
				cobra_date back = 0;
				if (cobra_date_parse_iso(&back, got) != 0 || back != day)
					fail_msg("%s: parse_iso round trip", want);
				if (cobra_date_weekday(day) != wd)
					fail_msg("%s: weekday %d, want %d", want, cobra_date_weekday(day), wd);
				cobra_date_format_human(human, day, "pt_BR");
				back = 0;
				if (cobra_date_parse(&back, "date", human) != 0 || back != day)
					fail_msg("%s: DD/MM/YYYY %s round trip", want, human);
				expect++;
				wd = (wd + 1) % 7;
				days++;
			}
		}
	}
	/* 300 years: 300*365 + 73 leap days (75 multiples of 4, minus 1900, 2100) */
	assert_int_equal(days, 300L * 365 + 73);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_date_parse_iso_checks_the_calendar, unit_clear),
		cmocka_unit_test_setup(test_date_invalid_day_message_names_field, unit_clear),
		cmocka_unit_test_setup(test_date_parse_ddmmyyyy, unit_clear),
		cmocka_unit_test_setup(test_date_relative_forms_use_cobra_today, unit_clear),
		cmocka_unit_test_setup(test_date_relative_days_accept_five_digits_in_range, unit_clear),
		cmocka_unit_test_setup(test_date_tomorrow_and_yesterday_stay_in_range, unit_clear),
		cmocka_unit_test_setup(test_date_malformed_cobra_today_is_refused, unit_clear),
		cmocka_unit_test_setup(test_date_today_without_env_is_the_utc_date, unit_clear),
		cmocka_unit_test_setup(test_date_add_months_clamps_to_month_end, unit_clear),
		cmocka_unit_test_setup(test_date_weekday_known_days, unit_clear),
		cmocka_unit_test_setup(test_date_days_in_month, unit_clear),
		cmocka_unit_test_setup(test_date_human_format_by_locale, unit_clear),
		cmocka_unit_test_setup(test_date_every_day_round_trips, unit_clear),
	};
	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
