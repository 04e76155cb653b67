/*
 * fuzz_money_date.c - money, rate and date parsing.
 *
 * The input, up to its first NUL byte, is read as an amount, a rate and a
 * date, as the command line reads them. Properties:
 *  - cobra_money_parse() agrees with ref_money(), a small integer-only parser
 *    of the DESIGN §4 grammar (copied from tests/unit/test_money.c, written
 *    independently of src/money.c): the same inputs accepted, the same cents;
 *  - an accepted amount formats (machine and both human forms) to text that
 *    parses back to the same cents, and the canonical file form is unique;
 *  - cobra_rate_parse() agrees with ref_rate() and formats back exactly;
 *  - cobra_date_parse() agrees with ref_date(), which counts days the slow
 *    way (year by year from 1970) instead of Hinnant's formulas, for every
 *    form date.h documents, with today pinned to 2026-11-22;
 *  - the first 8 bytes, as a number of cents in range, format and parse back;
 *  - a refusal is -COBRA_INVALID with a message that names the field.
 */
#include "fuzz.h"

#include "../../src/date.h"
#include "../../src/error.h"
#include "../../src/money.h"

/* ---- the reference money parser (tests/unit/test_money.c) ---- */

#include "../ref_money.h"
}

/* ---- the reference rate parser: DIGITS[(.|,)D[D]][%], at most 100% ---- */

static int ref_rate(const char *s, int32_t *out)
{
	size_t len = strlen(s), i = 0, nfrac = 0;
	int64_t whole = 0, frac = 0;
	if (len > 0 && s[len - 1] == '%')
		len--;
	if (len == 0 || len > 12)
		return -1;
	for (; i < len && is_dig(s[i]); i++)
		whole = whole * 10 + (s[i] - '0');
	if (i == 0)
		return -1;
	if (i < len && (s[i] == '.' || s[i] == ',')) {
		for (i++; i < len && is_dig(s[i]); i++, nfrac++)
			frac = frac * 10 + (s[i] - '0');
		if (nfrac == 0 || nfrac > 2)
			return -1;
		if (nfrac == 1)
			frac *= 10;
	}
	if (i != len || whole * 100 + frac > 10000)
		return -1;
	*out = (int32_t)(whole * 100 + frac);
	return 0;
}

/* ---- the reference date parser ---- */

static int ref_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int ref_mdays(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return d[m - 1] + (m == 2 && ref_leap(y));
}

static int ref_valid(int y, int m, int d)
{
	return y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 && d <= ref_mdays(y, m);
}

/* Days since 1970-01-01, counted year by year and month by month. */
static int32_t ref_days(int y, int m, int d)
{
	int32_t n = 0;
	for (int k = 1970; k < y; k++)
		n += 365 + ref_leap(k);
	for (int k = y; k < 1970; k++)
		n -= 365 + ref_leap(k);
	for (int k = 1; k < m; k++)
		n += ref_mdays(y, k);
	return n + d - 1;
}

/* The date of day N (the inverse of ref_days, by walking). */
static void ref_ymd(int32_t n, int *y, int *m, int *d)
{
	*y = 1970;
	while (n < 0)
		n += 365 + ref_leap(--*y);
	while (n >= 365 + ref_leap(*y))
		n -= 365 + ref_leap((*y)++);
	*m = 1;
	while (n >= ref_mdays(*y, *m))
		n -= ref_mdays(*y, (*m)++);
	*d = n + 1;
}

static int ref_num(const char *s, size_t n)
{
	int v = 0;
	if (n == 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (!is_dig(s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int ref_in_range(int32_t n)
{
	int y, m, d;
	if (n < ref_days(1900, 1, 1) || n > ref_days(2199, 12, 31))
		return 0;
	ref_ymd(n, &y, &m, &d);
	return ref_valid(y, m, d);
}

/* date.h: YYYY-MM-DD, DD/MM/YYYY, today, yesterday, tomorrow, +Nd, -Nd, +Nm,
 * -Nm (N of 1 to 5 digits, at most 36500 days or 1200 months, the month
 * limit of tests/unit/test_date.c), all within 1900-2199; a month step keeps
 * today's day of month, clamped to the end of the month. */
static int ref_date(const char *s, int32_t *out)
{
	size_t len = strlen(s);
	const int32_t today = ref_days(2026, 11, 22);
	int y, m, d, n;
	if (len == 10 && s[4] == '-' && s[7] == '-') {
		y = ref_num(s, 4), m = ref_num(s + 5, 2), d = ref_num(s + 8, 2);
		if (y < 0 || m < 0 || d < 0 || !ref_valid(y, m, d))
			return -1;
		*out = ref_days(y, m, d);
		return 0;
	}
	if (len == 10 && s[2] == '/' && s[5] == '/') {
		d = ref_num(s, 2), m = ref_num(s + 3, 2), y = ref_num(s + 6, 4);
		if (y < 0 || m < 0 || d < 0 || !ref_valid(y, m, d))
			return -1;
		*out = ref_days(y, m, d);
		return 0;
	}
	if (strcmp(s, "today") == 0 || strcmp(s, "yesterday") == 0 || strcmp(s, "tomorrow") == 0) {
		*out = today + (s[0] == 'y' ? -1 : s[0] == 't' && s[2] == 'm' ? 1 : 0);
		return 0;
	}
	if (len < 3 || len > 7 || (s[0] != '+' && s[0] != '-') || (s[len - 1] != 'd' && s[len - 1] != 'm'))
		return -1;
	n = ref_num(s + 1, len - 2);
	if (n < 0 || n > 36500)
		return -1;
	if (s[0] == '-')
		n = -n;
	if (s[len - 1] == 'd') {
		if (!ref_in_range(today + n))
			return -1;
		*out = today + n;
		return 0;
	}
	if (n > 1200 || n < -1200)
		return -1;
	ref_ymd(today, &y, &m, &d);
	int months = y * 12 + (m - 1) + n;
	y = months / 12;
	m = months % 12 + 1;
	if (y < 1900 || y > 2199)
		return -1;
	*out = ref_days(y, m, d < ref_mdays(y, m) ? d : ref_mdays(y, m));
	return 0;
}

/* ---- the properties ---- */

static void assert_refusal(int rc, const char *field, const char *s)
{
	const char *msg = cobra_error_message();
	FUZZ_ASSERT(rc == -COBRA_INVALID, "\"%s\": rc %d", s, rc);
	FUZZ_ASSERT(strncmp(msg, field, strlen(field)) == 0 && msg[strlen(field)] == ':',
		    "\"%s\": message does not name %s: \"%s\"", s, field, msg);
}

/* V formats to text that every parser reads back as V. */
static void money_formats_back(cobra_money v)
{
	char buf[COBRA_MONEY_BUFSZ], neg[COBRA_MONEY_BUFSZ];
	cobra_money back = -1;
	cobra_money_format(buf, v);
	FUZZ_ASSERT(cobra_money_parse_canonical(&back, buf) == 0 && back == v, "%lld -> \"%s\" -> %lld",
		    (long long)v, buf, (long long)back);
	back = -1;
	FUZZ_ASSERT(cobra_money_parse(&back, "amount", buf) == 0 && back == v, "%lld -> \"%s\" -> %lld",
		    (long long)v, buf, (long long)back);
	static const char *const locales[] = {"pt_BR", "en_US"};
	for (size_t i = 0; i < 2; i++) {
		back = -1;
		cobra_money_format_human(buf, v, locales[i]);
		FUZZ_ASSERT(cobra_money_parse(&back, "amount", buf) == 0 && back == v, "%lld -> %s \"%s\" -> %lld",
			    (long long)v, locales[i], buf, (long long)back);
	}
	cobra_money_format(buf, v);
	cobra_money_format(neg, -v);
	FUZZ_ASSERT(v == 0 || (neg[0] == '-' && strcmp(neg + 1, buf) == 0), "-(%s) is \"%s\"", buf, neg);
}

static void fuzz_money(const char *s)
{
	cobra_money got = -1, want = -1;
	cobra_error_clear();
	int rc = cobra_money_parse(&got, "amount", s);
	int rr = ref_money(s, &want);
	FUZZ_ASSERT((rc == 0) == (rr == 0), "\"%s\": cobra %s, reference %s", s, rc == 0 ? "accepts" : "refuses",
		    rr == 0 ? "accepts" : "refuses");
	if (rc < 0) {
		assert_refusal(rc, "amount", s);
	} else {
		FUZZ_ASSERT(got == want, "\"%s\": cobra %lld, reference %lld", s, (long long)got, (long long)want);
		FUZZ_ASSERT(got >= 0 && got <= COBRA_MONEY_MAX, "\"%s\": %lld out of range", s, (long long)got);
		money_formats_back(got);
	}
	/* The file form is unique: what parse_canonical accepts formats back to
	 * the same text. */
	if (cobra_money_parse_canonical(&got, s) == 0) {
		char buf[COBRA_MONEY_BUFSZ];
		FUZZ_ASSERT(strcmp(cobra_money_format(buf, got), s) == 0, "canonical \"%s\" formats as \"%s\"", s, buf);
	}
}

static void fuzz_rate(const char *s)
{
	int32_t got = -1, want = -1, back = -1;
	char buf[16];
	cobra_error_clear();
	int rc = cobra_rate_parse(&got, "rate", s);
	int rr = ref_rate(s, &want);
	FUZZ_ASSERT((rc == 0) == (rr == 0), "rate \"%s\": cobra %s, reference %s", s,
		    rc == 0 ? "accepts" : "refuses", rr == 0 ? "accepts" : "refuses");
	if (rc < 0) {
		assert_refusal(rc, "rate", s);
		return;
	}
	FUZZ_ASSERT(got == want, "rate \"%s\": cobra %d, reference %d", s, (int)got, (int)want);
	cobra_rate_format(buf, got);
	FUZZ_ASSERT(cobra_rate_parse(&back, "rate", buf) == 0 && back == got, "rate %d -> \"%s\" -> %d", (int)got,
		    buf, (int)back);
}

static void fuzz_date(const char *s)
{
	cobra_date got = 0, back = 0;
	int32_t want = 0;
	char buf[COBRA_DATE_BUFSZ];
	int y, m, d;
	cobra_error_clear();
	int rc = cobra_date_parse(&got, "date", s);
	int rr = ref_date(s, &want);
	FUZZ_ASSERT((rc == 0) == (rr == 0), "date \"%s\": cobra %s, reference %s", s,
		    rc == 0 ? "accepts" : "refuses", rr == 0 ? "accepts" : "refuses");
	if (rc < 0) {
		assert_refusal(rc, "date", s);
	} else {
		FUZZ_ASSERT(got == want, "date \"%s\": cobra day %d, reference day %d", s, (int)got, (int)want);
		cobra_date_format(buf, got);
		FUZZ_ASSERT(cobra_date_parse_iso(&back, buf) == 0 && back == got, "day %d -> \"%s\"", (int)got, buf);
		cobra_date_format_human(buf, got, "pt_BR");
		FUZZ_ASSERT(cobra_date_parse(&back, "date", buf) == 0 && back == got, "day %d -> \"%s\"", (int)got,
			    buf);
		cobra_date_to_ymd(got, &y, &m, &d);
		FUZZ_ASSERT(cobra_date_from_ymd(y, m, d) == got && cobra_date_valid_ymd(y, m, d),
			    "day %d -> %d-%d-%d", (int)got, y, m, d);
	}
	/* The file form is unique too. */
	if (cobra_date_parse_iso(&got, s) == 0)
		FUZZ_ASSERT(strcmp(cobra_date_format(buf, got), s) == 0, "ISO \"%s\" formats as \"%s\"", s, buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_cstr(data, size);
	fuzz_pin_today();
	fuzz_money(s);
	fuzz_rate(s);
	fuzz_date(s);
	if (size >= 8) {
		uint64_t v;
		memcpy(&v, data, sizeof(v));
		money_formats_back((cobra_money)(v % (uint64_t)(COBRA_MONEY_MAX + 1)));
	}
	free(s);
	return 0;
}
