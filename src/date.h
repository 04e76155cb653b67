/*
 * date.h - calendar dates as civil day numbers (days since 1970-01-01).
 *
 * No struct tm, mktime or time zones anywhere: a date is an int32 day number,
 * arithmetic is integer arithmetic, and every parse checks the calendar
 * (2026-02-30 is refused). Files hold YYYY-MM-DD; input also accepts
 * DD/MM/YYYY, today, yesterday, tomorrow, +Nd, -Nd, +Nm, -Nm. "Today" is the
 * UTC date, or COBRA_TODAY when set (YYYY-MM-DD), so runs are reproducible.
 */
#ifndef COBRA_DATE_H
#define COBRA_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t cobra_date;

#define COBRA_DATE_MIN_YEAR 1900
#define COBRA_DATE_MAX_YEAR 2199
#define COBRA_DATE_BUFSZ 11

cobra_date cobra_date_from_ymd(int y, int m, int d);
void cobra_date_to_ymd(cobra_date day, int *y, int *m, int *d);
bool cobra_date_valid_ymd(int y, int m, int d);
int cobra_date_days_in_month(int y, int m);
/* 0 = Monday ... 6 = Sunday. */
int cobra_date_weekday(cobra_date day);

/* Strict file form YYYY-MM-DD. Returns 0 or -1 (no message). */
int cobra_date_parse_iso(cobra_date *out, const char *text);
/* User input (see above); FIELD names the option in the error. */
int cobra_date_parse(cobra_date *out, const char *field, const char *text);
char *cobra_date_format(char out[COBRA_DATE_BUFSZ], cobra_date day);
/* Human form by locale: pt -> DD/MM/YYYY, else YYYY-MM-DD. */
char *cobra_date_format_human(char out[COBRA_DATE_BUFSZ], cobra_date day, const char *locale);

/* Adds N months keeping the day of month DAY_OF_MONTH, clamped to the end
 * of the target month (Jan 31 + 1m = Feb 28, + 2m = Mar 31). */
cobra_date cobra_date_add_months(cobra_date from, int n, int day_of_month);

/* Today: COBRA_TODAY if set, else the UTC date. Returns 0 or -COBRA_INVALID
 * when COBRA_TODAY is malformed. */
int cobra_date_today(cobra_date *out);

#endif
