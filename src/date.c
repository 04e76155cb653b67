#include "date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "text.h"

/* Howard Hinnant's days_from_civil / civil_from_days. */
cobra_date cobra_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void cobra_date_to_ymd(cobra_date day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int cobra_date_days_in_month(int y, int m)
{
	static const int dim[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && leap(y) ? 29 : dim[m - 1];
}

bool cobra_date_valid_ymd(int y, int m, int d)
{
	return y >= COBRA_DATE_MIN_YEAR && y <= COBRA_DATE_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 &&
	       d <= cobra_date_days_in_month(y, m);
}

int cobra_date_weekday(cobra_date day)
{
	/* 1970-01-01 was a Thursday (3). */
	int w = (int)((day % 7 + 7 + 3) % 7);
	return w;
}

static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int cobra_date_parse_iso(cobra_date *out, const char *s)
{
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !cobra_date_valid_ymd(y, m, d))
		return -1;
	*out = cobra_date_from_ymd(y, m, d);
	return 0;
}

cobra_date cobra_date_add_months(cobra_date from, int n, int day_of_month)
{
	int y, m, d;
	cobra_date_to_ymd(from, &y, &m, &d);
	int idx = y * 12 + (m - 1) + n;
	y = idx / 12;
	m = idx % 12 + 1;
	int dim = cobra_date_days_in_month(y, m);
	return cobra_date_from_ymd(y, m, day_of_month < dim ? day_of_month : dim);
}

int cobra_date_today(cobra_date *out)
{
	const char *env = getenv("COBRA_TODAY");
	if (env && *env) {
		if (cobra_date_parse_iso(out, env) != 0) {
			char q[64];
			return cobra_error(COBRA_INVALID, "COBRA_TODAY: \"%s\" is not a date (use YYYY-MM-DD)",
				cobra_quote(q, sizeof(q), env));
		}
		return 0;
	}
	time_t now = time(NULL);
	*out = (cobra_date)(now / 86400);
	return 0;
}

static bool in_range(cobra_date d)
{
	int y, m, dd;
	cobra_date_to_ymd(d, &y, &m, &dd);
	return y >= COBRA_DATE_MIN_YEAR && y <= COBRA_DATE_MAX_YEAR;
}

int cobra_date_parse(cobra_date *out, const char *field, const char *text)
{
	char q[64];
	cobra_date today = 0;
	size_t len = strlen(text);
	cobra_quote(q, sizeof(q), text);
	if (len == 10 && text[4] == '-') {
		if (cobra_date_parse_iso(out, text) == 0)
			return 0;
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a calendar date", field, q);
	}
	if (len == 10 && text[2] == '/' && text[5] == '/') {
		int d = digits(text, 2), m = digits(text + 3, 2), y = digits(text + 6, 4);
		if (d >= 0 && m >= 0 && y >= 0 && cobra_date_valid_ymd(y, m, d)) {
			*out = cobra_date_from_ymd(y, m, d);
			return 0;
		}
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a calendar date", field, q);
	}
	int rc = cobra_date_today(&today);
	if (rc < 0)
		return rc;
	if (strcmp(text, "today") == 0) {
		*out = today;
		return 0;
	}
	if (strcmp(text, "yesterday") == 0 || strcmp(text, "tomorrow") == 0) {
		cobra_date r = today + (text[0] == 'y' ? -1 : 1);
		if (!in_range(r))
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is out of range (%d to %d)", field, q,
				COBRA_DATE_MIN_YEAR, COBRA_DATE_MAX_YEAR);
		*out = r;
		return 0;
	}
	if (len >= 3 && len <= 7 && (text[0] == '+' || text[0] == '-') &&
	    (text[len - 1] == 'd' || text[len - 1] == 'm')) {
		int n = digits(text + 1, (int)len - 2);
		if (n >= 0 && n <= 36500) {
			int sign = text[0] == '-' ? -1 : 1;
			cobra_date r;
			if (text[len - 1] == 'd') {
				r = today + sign * n;
			} else {
				int y, m, d;
				if (n > 1200)
					return cobra_error(COBRA_INVALID, "%s: \"%s\" is more than 1200 months away", field, q);
				cobra_date_to_ymd(today, &y, &m, &d);
				r = cobra_date_add_months(today, sign * n, d);
			}
			if (in_range(r)) {
				*out = r;
				return 0;
			}
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is out of range (%d to %d)", field, q,
				COBRA_DATE_MIN_YEAR, COBRA_DATE_MAX_YEAR);
		}
	}
	cobra_error(COBRA_INVALID, "%s: \"%s\" is not a date", field, q);
	cobra_hint("use YYYY-MM-DD, DD/MM/YYYY, today, yesterday, tomorrow, +10d or +2m");
	return -COBRA_INVALID;
}

static void put_digits(char *out, unsigned v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		out[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

char *cobra_date_format(char out[COBRA_DATE_BUFSZ], cobra_date day)
{
	int y, m, d;
	cobra_date_to_ymd(day, &y, &m, &d);
	put_digits(out, (unsigned)y % 10000u, 4);
	out[4] = '-';
	put_digits(out + 5, (unsigned)m % 100u, 2);
	out[7] = '-';
	put_digits(out + 8, (unsigned)d % 100u, 2);
	out[10] = '\0';
	return out;
}

char *cobra_date_format_human(char out[COBRA_DATE_BUFSZ], cobra_date day, const char *locale)
{
	int y, m, d;
	if (locale && strncmp(locale, "pt", 2) != 0)
		return cobra_date_format(out, day);
	cobra_date_to_ymd(day, &y, &m, &d);
	put_digits(out, (unsigned)d % 100u, 2);
	out[2] = '/';
	put_digits(out + 3, (unsigned)m % 100u, 2);
	out[5] = '/';
	put_digits(out + 6, (unsigned)y % 10000u, 4);
	out[10] = '\0';
	return out;
}
