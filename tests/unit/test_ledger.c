/*
 * test_ledger.c - installment plans, Price plans, late charges, allocation
 * (src/ledger.h, DESIGN §4, reliability.md C4.4).
 *
 * Expected values are worked out by hand from the rules in ledger.h (the
 * arithmetic is in the comments), or by small reference functions written
 * here: ref_price() amortises a Price loan with a plain loop and finds the
 * payment by a linear search from a floating-point estimate (the test may
 * use floating point; the product may not).
 */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>

#include "../../src/buf.h"
#include "../../src/date.h"
#include "../../src/ledger.h"
#include "../../src/money.h"
#include "../../src/records.h"


static cobra_date iso(const char *s)
{
	cobra_date d = 0;
	if (cobra_date_parse_iso(&d, s) != 0)
		fail_msg("bad test date \"%s\"", s);
	return d;
}

static const char *show(char buf[COBRA_DATE_BUFSZ], cobra_date d)
{
	return cobra_date_format(buf, d);
}

static struct cobra_charges policy(int32_t fee, int32_t interest, int32_t grace, const char *shift)
{
	struct cobra_charges c;
	memset(&c, 0, sizeof(c));
	c.late_fee = fee;
	c.interest = interest;
	c.grace_days = grace;
	snprintf(c.due_shift, sizeof(c.due_shift), "%s", shift);
	return c;
}

/* ======================================================================
 * Plans without a rate
 * ====================================================================== */

struct split_row {
	cobra_money financed;
	int count;
	const char *first, *every;
	cobra_money first_amount, other_amount;
	const char *dues[14]; /* the first due dates, NULL-terminated */
	const char *last;     /* the last due date, or NULL */
};

static const struct split_row splits[] = {
	/* 10000 / 3 = 3333 r 1: the remainder cent goes on the first */
	{10000, 3, "2026-01-31", "1m", 3334, 3333, {"2026-01-31", "2026-02-28", "2026-03-31"}, NULL},
	{10000, 1, "2026-01-15", "1m", 10000, 0, {"2026-01-15"}, NULL},
	{3, 3, "2026-01-10", "1m", 1, 1, {"2026-01-10", "2026-02-10", "2026-03-10"}, NULL},
	/* 5 / 3 = 1 r 2 -> 3, 1, 1 */
	{5, 3, "2026-01-10", "1m", 3, 1, {"2026-01-10", "2026-02-10", "2026-03-10"}, NULL},
	/* leap year: Jan 31 -> Feb 29 -> Mar 31 -> Apr 30 */
	{1000, 4, "2024-01-31", "1m", 250, 250, {"2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"}, NULL},
	/* 100000 / 12 = 8333 r 4 -> 8337; every month end of 2026 */
	{100000, 12, "2026-01-31", "1m", 8337, 8333,
		{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30", "2026-07-31",
			"2026-08-31", "2026-09-30", "2026-10-31", "2026-11-30", "2026-12-31"},
		NULL},
	/* 9999 / 7 = 1428 r 3 -> 1431; 15 days: Jan 16, Jan 31, Feb 15, then
	 * Feb 15 + 15 = Mar 2 (Feb has 28), Mar 17, Apr 1 */
	{9999, 7, "2026-01-01", "15d", 1431, 1428,
		{"2026-01-01", "2026-01-16", "2026-01-31", "2026-02-15", "2026-03-02", "2026-03-17", "2026-04-01"}, NULL},
	/* 100 / 3 = 33 r 1 -> 34; weekly across a month end */
	{100, 3, "2026-02-25", "7d", 34, 33, {"2026-02-25", "2026-03-04", "2026-03-11"}, NULL},
	/* 30 days from 2024-02-01 (Feb 2024 has 29 days) */
	{500000, 10, "2024-02-01", "30d", 50000, 50000,
		{"2024-02-01", "2024-03-02", "2024-04-01", "2024-05-01", "2024-05-31", "2024-06-30", "2024-07-30",
			"2024-08-29", "2024-09-28", "2024-10-28"},
		NULL},
	/* 30001 / 3 = 10000 r 1; Dec 31 -> Jan 31 -> Feb 29 (2024) */
	{30001, 3, "2023-12-31", "1m", 10001, 10000, {"2023-12-31", "2024-01-31", "2024-02-29"}, NULL},
	/* 2100 is not a leap year */
	{1001, 2, "2100-01-29", "1m", 501, 500, {"2100-01-29", "2100-02-28"}, NULL},
	/* day 30 survives February */
	{90000, 3, "2026-01-30", "1m", 30000, 30000, {"2026-01-30", "2026-02-28", "2026-03-30"}, NULL},
	{40000, 4, "2026-03-31", "1m", 10000, 10000, {"2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30"}, NULL},
	/* 60001 / 6 = 10000 r 1, over a year end */
	{60001, 6, "2026-08-31", "1m", 10001, 10000,
		{"2026-08-31", "2026-09-30", "2026-10-31", "2026-11-30", "2026-12-31", "2027-01-31"}, NULL},
	/* 40003 / 4 = 10000 r 3 */
	{40003, 4, "2026-11-29", "1m", 10003, 10000, {"2026-11-29", "2026-12-29", "2027-01-29", "2027-02-28"}, NULL},
	/* 360 installments: 100000 = 277 * 360 + 280 -> 557 first; the last
	 * is 359 months later: 359 = 29*12 + 11 -> 2055-12 */
	{100000, 360, "2026-01-31", "1m", 557, 277, {"2026-01-31", "2026-02-28", "2026-03-31"}, "2055-12-31"},
	/* 10 / 4 = 2 r 2 -> 4; daily over Feb's end */
	{10, 4, "2026-02-27", "1d", 4, 2, {"2026-02-27", "2026-02-28", "2026-03-01", "2026-03-02"}, NULL},
	/* the largest amount in 2: 99999999999 = 2 * 49999999999 + 1; 2024
	 * has 366 days */
	{99999999999, 2, "2024-01-01", "366d", 50000000000, 49999999999, {"2024-01-01", "2025-01-01"}, NULL},
	/* a leap day kept for a year, clamped to Feb 28 in 2025 */
	{130000, 13, "2024-02-29", "1m", 10000, 10000,
		{"2024-02-29", "2024-03-29", "2024-04-29", "2024-05-29", "2024-06-29", "2024-07-29", "2024-08-29",
			"2024-09-29", "2024-10-29", "2024-11-29", "2024-12-29", "2025-01-29", "2025-02-28"},
		NULL},
	/* 100000 / 3 = 33333 r 1; 14 days over a year end */
	{100000, 3, "2026-12-25", "14d", 33334, 33333, {"2026-12-25", "2027-01-08", "2027-01-22"}, NULL},
	{2, 2, "2026-05-31", "1m", 1, 1, {"2026-05-31", "2026-06-30"}, NULL},
	/* 123456 / 5 = 24691 r 1 */
	{123456, 5, "2026-10-31", "1m", 24692, 24691,
		{"2026-10-31", "2026-11-30", "2026-12-31", "2027-01-31", "2027-02-28"}, NULL},
	/* 366 days from 2026-01-01: 2026 has 365 -> 2027-01-02; 2027 has 365
	 * -> 2028-01-03 */
	{7, 7, "2026-01-01", "366d", 1, 1, {"2026-01-01", "2027-01-02", "2028-01-03"}, NULL},
	/* cobra-charges(7): R$ 1.000,00 in 3 = 333,34 + 333,33 + 333,33; from
	 * 31/01/2026: 31/01, 28/02, 31/03, 30/04, 31/05 */
	{100000, 5, "2026-01-31", "1m", 20000, 20000,
		{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"}, NULL},
	{100000, 3, "2026-08-01", "1m", 33334, 33333, {"2026-08-01", "2026-09-01", "2026-10-01"}, NULL},
};

static void test_ledger_plan_splits_exactly_remainder_first(void **state)
{
	static struct cobra_installment out[COBRA_MAX_INSTALLMENTS];
	int nfail = 0;
	char a[COBRA_DATE_BUFSZ];
	(void)state;
	for (size_t i = 0; i < N_ROWS(splits); i++) {
		const struct split_row *r = &splits[i];
		struct cobra_plan p = {r->financed, r->count, iso(r->first), "", 0};
		cobra_money financing = -1, sum = 0;
		snprintf(p.every, sizeof(p.every), "%s", r->every);
		cobra_error_clear();
		if (cobra_plan_make(out, &financing, &p) != 0) {
			print_error("row %zu: refused: %s\n", i, cobra_error_message());
			nfail++;
			continue;
		}
		if (financing != 0) {
			print_error("row %zu: financing %lld without a rate\n", i, (long long)financing);
			nfail++;
		}
		for (int k = 0; k < r->count; k++) {
			cobra_money want = k == 0 ? r->first_amount : r->other_amount;
			if (out[k].amount != want) {
				print_error("row %zu: installment %d is %lld, want %lld\n", i, k + 1, (long long)out[k].amount,
					(long long)want);
				nfail++;
			}
			sum += out[k].amount;
		}
		if (sum != r->financed) {
			print_error("row %zu: sum %lld != %lld\n", i, (long long)sum, (long long)r->financed);
			nfail++;
		}
		for (int k = 0; k < 14 && r->dues[k]; k++)
			if (out[k].due != iso(r->dues[k])) {
				print_error("row %zu: due %d is %s, want %s\n", i, k + 1, show(a, out[k].due), r->dues[k]);
				nfail++;
			}
		if (r->last && out[r->count - 1].due != iso(r->last)) {
			print_error("row %zu: last due %s, want %s\n", i, show(a, out[r->count - 1].due), r->last);
			nfail++;
		}
	}
	assert_true(N_ROWS(splits) >= 20);
	assert_int_equal(nfail, 0);
}

static void test_ledger_plan_refuses_impossible_plans(void **state)
{
	static struct cobra_installment out[COBRA_MAX_INSTALLMENTS + 1];
	static const struct {
		cobra_money financed;
		int count;
		int32_t bp;
	} rows[] = {
		{10000, 0, 0},   /* no installment */
		{10000, -1, 0},
		{100000, 361, 0}, /* over COBRA_MAX_INSTALLMENTS */
		{2, 3, 0},       /* 3 installments of R$ 0.01 need 3 cents */
		{0, 1, 0},
		{2, 3, 100},
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		struct cobra_plan p = {rows[i].financed, rows[i].count, iso("2026-01-10"), "1m", rows[i].bp};
		cobra_money fin = 0;
		cobra_error_clear();
		if (cobra_plan_make(out, &fin, &p) != -COBRA_INVALID)
			fail_msg("row %zu: plan of %d installments of %lld cents accepted", i, rows[i].count,
				(long long)rows[i].financed);
		assert_non_null(strstr(cobra_error_message(), "installments"));
	}
}

static void test_ledger_every_step(void **state)
{
	char a[COBRA_DATE_BUFSZ];
	static const struct {
		const char *every, *first;
		int k;
		const char *want;
	} rows[] = {
		{"1m", "2026-01-31", 1, "2026-02-28"}, {"1m", "2026-01-31", 2, "2026-03-31"},
		{"1m", "2026-01-31", 0, "2026-01-31"}, {"1m", "2024-02-29", 12, "2025-02-28"},
		{"15d", "2026-01-01", 4, "2026-03-02"}, {"1d", "2026-12-31", 1, "2027-01-01"},
		{"366d", "2024-01-01", 1, "2025-01-01"}, {"30d", "2026-01-31", 1, "2026-03-02"},
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		cobra_date d = cobra_every_step(rows[i].every, iso(rows[i].first), rows[i].k);
		if (d != iso(rows[i].want))
			fail_msg("%s + %d x %s = %s, want %s", rows[i].first, rows[i].k, rows[i].every, show(a, d), rows[i].want);
	}
}

/* ======================================================================
 * Price plans
 * ====================================================================== */

/* Balance after N payments of PMT: each period adds interest on a positive
 * balance, bal * bp / 10000 rounded half-up, then takes the payment. */
static __int128 ref_left(int64_t financed, int32_t bp, int n, int64_t pmt)
{
	__int128 bal = financed;
	for (int k = 0; k < n; k++) {
		if (bal > 0)
			bal += (bal * bp + 5000) / 10000;
		bal -= pmt;
	}
	return bal;
}

/* The Price plan of ledger.h: the smallest whole-cent payment that leaves
 * no balance after N periods, the last installment lowered by the overpay.
 * Returns false when that last installment would not be positive. */
static bool ref_price(int64_t financed, int32_t bp, int n, int64_t *pmt, int64_t *last)
{
	double i = bp / 10000.0, f = 1.0;
	for (int k = 0; k < n; k++)
		f *= 1.0 + i;
	double est = (double)financed * i * f / (f - 1.0);
	int64_t floor_pmt = (financed + n - 1) / n;
	int64_t p = (int64_t)est - 3;
	if (p < floor_pmt)
		p = floor_pmt;
	while (p > floor_pmt && ref_left(financed, bp, n, p - 1) <= 0)
		p--;
	while (ref_left(financed, bp, n, p) > 0)
		p++;
	*pmt = p;
	*last = p + (int64_t)ref_left(financed, bp, n, p);
	return *last > 0;
}

struct price_row {
	cobra_money financed;
	int count;
	int32_t bp;
	cobra_money amounts[4]; /* hand-computed, or all 0 = use ref_price() */
	cobra_money financing;
};

static const struct price_row prices[] = {
	/* 1000.00 at 2% in 3. Formula: 1000 * 0.02 / (1 - 1.02^-3) = 346.75.
	 * 346.75: 100000 +2000 -34675 = 67325; +1346.5 -> 1347: 68672 - 34675
	 * = 33997; +679.94 -> 680: 34677 - 34675 = 2 > 0, not enough.
	 * 346.76: 67324; +1346.48 -> 1346: 33994; +680: 34674 - 34676 = -2.
	 * So 346.76 x 2 and 346.74; interest 2000 + 1346 + 680 = 4026. */
	{100000, 3, 200, {34676, 34676, 34674}, 4026},
	/* one period: 1000.00 + 1% = 1010.00 */
	{100000, 1, 100, {101000}, 1000},
	/* 100.00 at 1% in 2: 10000 + 100 - 5075 = 5025; + 50.25 -> 50; 5075 -
	 * 5075 = 0. 50.74 leaves 5026 + 50 - 5074 = 2. Interest 150. */
	{10000, 2, 100, {5075, 5075}, 150},
	/* 500.00 at 5% in 3: 183.60 leaves 1 cent (2500, 1707, 874.35 -> 874);
	 * 183.61: 34139 -> +1706.95 -> 1707 -> 17485 -> +874.25 -> 874 ->
	 * 18359 - 18361 = -2. Interest 2500 + 1707 + 874 = 5081. */
	{50000, 3, 500, {18361, 18361, 18359}, 5081},
	/* 10.00 at 10% in 2, half-up matters: 5.75 -> 1100 - 575 = 525, +52.5
	 * -> 53 (half-up), 578 - 575 = 3 > 0; 5.76 -> 524, +52.4 -> 52, 576 -
	 * 576 = 0. Interest 100 + 52 = 152. */
	{1000, 2, 1000, {576, 576}, 152},
	/* 2 cents in 2 at 1%: interest 0.02% of a cent rounds to 0 */
	{2, 2, 100, {1, 1}, 0},
	/* 0.01% of 100.00 is exactly one cent */
	{10000, 1, 1, {10001}, 1},
	/* 100% a month in 2: 1333.33 leaves 1 (200000 - 133333 = 66667, x2 =
	 * 133334 - 133333); 1333.34: 66666 -> 133332 - 133334 = -2 -> last
	 * 1333.32; interest 100000 + 66666 */
	{100000, 2, 10000, {133334, 133332}, 166666},
	/* cobra-charges(7): 1034.56 at 2.5% in 4. With 275.01: 2586.4 -> 2586,
	 * 78541; 1963.525 -> 1964, 53004; 1325.1 -> 1325, 26828; 670.7 -> 671,
	 * -2. With 275.00 the last balance is +2. Financing 2586 + 1964 + 1325
	 * + 671 = 6546. */
	{103456, 4, 250, {27501, 27501, 27501, 27499}, 6546},
	/* from here on: compared with ref_price() */
	{123456, 12, 199, {0}, 0},
	{500000, 24, 250, {0}, 0},
	{9999999, 360, 50, {0}, 0},
	{100, 1, 10000, {0}, 0},
	{150000, 10, 299, {0}, 0},
	{1000000, 48, 150, {0}, 0},
	{99999, 5, 1000, {0}, 0},
	{25000, 6, 333, {0}, 0},
	{5000000, 120, 100, {0}, 0},
	{777777, 18, 175, {0}, 0},
	{100000, 36, 1, {0}, 0},
	{10000000, 60, 500, {0}, 0},
	{200000, 7, 9999, {0}, 0},
	{9999999999, 12, 100, {0}, 0},
};

static void test_ledger_price_plan_table(void **state)
{
	static struct cobra_installment out[COBRA_MAX_INSTALLMENTS];
	int nfail = 0;
	char a[COBRA_DATE_BUFSZ];
	(void)state;
	for (size_t i = 0; i < N_ROWS(prices); i++) {
		const struct price_row *r = &prices[i];
		struct cobra_plan p = {r->financed, r->count, iso("2026-01-31"), "1m", r->bp};
		cobra_money financing = -1, sum = 0, want_fin = r->financing;
		int64_t pmt, last;
		bool hand = r->amounts[0] != 0;
		if (!hand && !ref_price(r->financed, r->bp, r->count, &pmt, &last))
			fail_msg("row %zu: the test's own row is infeasible", i);
		if (!hand)
			want_fin = pmt * (r->count - 1) + last - r->financed;
		cobra_error_clear();
		if (cobra_plan_make(out, &financing, &p) != 0) {
			print_error("row %zu: refused: %s\n", i, cobra_error_message());
			nfail++;
			continue;
		}
		for (int k = 0; k < r->count; k++) {
			cobra_money want = hand ? r->amounts[k] : (k == r->count - 1 ? last : pmt);
			if (out[k].amount != want) {
				print_error("row %zu: installment %d is %lld, want %lld\n", i, k + 1, (long long)out[k].amount,
					(long long)want);
				nfail++;
				break;
			}
			sum += out[k].amount;
		}
		if (financing != want_fin || sum != r->financed + financing) {
			print_error("row %zu: financing %lld (want %lld), sum %lld\n", i, (long long)financing,
				(long long)want_fin, (long long)sum);
			nfail++;
		}
		/* monthly dates keep day 31, clamped */
		if (r->count >= 2 && out[1].due != iso("2026-02-28")) {
			print_error("row %zu: second due %s\n", i, show(a, out[1].due));
			nfail++;
		}
		if (r->count >= 3 && out[2].due != iso("2026-03-31")) {
			print_error("row %zu: third due %s\n", i, show(a, out[2].due));
			nfail++;
		}
	}
	/* the reference agrees with the hand-computed rows */
	for (size_t i = 0; i < N_ROWS(prices) && prices[i].amounts[0]; i++) {
		int64_t pmt, last;
		assert_true(ref_price(prices[i].financed, prices[i].bp, prices[i].count, &pmt, &last));
		assert_true(pmt == prices[i].amounts[0]);
		assert_true(last == prices[i].amounts[prices[i].count - 1]);
	}
	assert_true(N_ROWS(prices) >= 20);
	assert_int_equal(nfail, 0);
}

/* ======================================================================
 * Property (a): installments add up exactly (C4.4, C3 #28)
 * ====================================================================== */

static cobra_money random_total(int n)
{
	switch (rng_below(4)) {
	case 0: return n + (cobra_money)rng_below(100);                 /* a few cents each */
	case 1: return n + (cobra_money)rng_below(1000000);             /* up to R$ 10,000 */
	case 2: return n + (cobra_money)rng_below((uint64_t)COBRA_MONEY_MAX - (uint64_t)n + 1); /* anything */
	default: return COBRA_MONEY_MAX - (cobra_money)rng_below(1000); /* near the top */
	}
}

static void test_ledger_plan_sum_property_without_rate(void **state)
{
	static struct cobra_installment out[COBRA_MAX_INSTALLMENTS];
	static const char *const everies[] = {"1m", "1d", "7d", "15d", "30d", "366d"};
	long cases = 0;
	(void)state;
	rng_state = 0x5eed01;
	for (int n = 1; n <= 120; n++) {
		for (int t = 0; t < 400; t++) {
			cobra_money financed = random_total(n), financing = -1, sum = 0;
			struct cobra_plan p = {financed, n, iso("2026-01-31") + (cobra_date)rng_below(3000), "", 0};
			snprintf(p.every, sizeof(p.every), "%s", everies[rng_below(N_ROWS(everies))]);
			cobra_error_clear();
			if (cobra_plan_make(out, &financing, &p) != 0)
				fail_msg("n=%d financed=%lld: %s", n, (long long)financed, cobra_error_message());
			assert_true(financing == 0);
			for (int k = 0; k < n; k++) {
				if (out[k].amount <= 0)
					fail_msg("n=%d financed=%lld: installment %d is %lld", n, (long long)financed, k + 1,
						(long long)out[k].amount);
				/* remainder on the first, the others equal: floor(financed / n) */
				if (k > 0 && out[k].amount != financed / n)
					fail_msg("n=%d financed=%lld: installment %d is %lld", n, (long long)financed, k + 1,
						(long long)out[k].amount);
				if (k > 0 && out[k].due <= out[k - 1].due)
					fail_msg("n=%d: due dates not increasing", n);
				sum += out[k].amount;
			}
			if (sum != financed)
				fail_msg("n=%d: sum %lld != financed %lld", n, (long long)sum, (long long)financed);
			cases++;
		}
	}
	assert_int_equal(cases, 120 * 400);
}

static void test_ledger_plan_sum_property_with_rate(void **state)
{
	static struct cobra_installment out[COBRA_MAX_INSTALLMENTS];
	long ok = 0, refused = 0;
	(void)state;
	rng_state = 0x5eed02;
	for (int n = 1; n <= 120; n++) {
		for (int t = 0; t < 40; t++) {
			cobra_money financed, financing = -1, sum = 0;
			switch (rng_below(10)) {
			case 0: financed = n + (cobra_money)rng_below(100); break;          /* tiny: often infeasible */
			case 1: financed = COBRA_MONEY_MAX - (cobra_money)rng_below(1000); break; /* total over the max */
			case 2: case 3: case 4: case 5: financed = n * 100 + (cobra_money)rng_below(1000000); break;
			default: financed = n + (cobra_money)rng_below((uint64_t)COBRA_MONEY_MAX / 20); break;
			}
			/* 0.01% to 10% a month, mostly realistic ones */
			int32_t bp = rng_below(3) == 0 ? (int32_t)(1 + rng_below(1000)) : (int32_t)(50 + rng_below(450));
			struct cobra_plan p = {financed, n, iso("2026-01-31"), "1m", bp};
			int64_t pmt, last;
			bool feasible = ref_price(financed, bp, n, &pmt, &last);
			__int128 total = (__int128)pmt * (n - 1) + last;
			if (total > COBRA_MONEY_MAX)
				feasible = false;
			cobra_error_clear();
			int rc = cobra_plan_make(out, &financing, &p);
			if (!feasible) {
				/* no constant whole-cent payment fits: refused, never a
				 * zero or negative installment */
				if (rc != -COBRA_INVALID)
					fail_msg("n=%d financed=%lld bp=%d: infeasible plan accepted (rc %d)", n, (long long)financed,
						(int)bp, rc);
				refused++;
				continue;
			}
			if (rc != 0)
				fail_msg("n=%d financed=%lld bp=%d: refused: %s", n, (long long)financed, (int)bp,
					cobra_error_message());
			for (int k = 0; k < n; k++) {
				cobra_money want = k == n - 1 ? last : pmt;
				if (out[k].amount != want || out[k].amount <= 0)
					fail_msg("n=%d financed=%lld bp=%d: installment %d is %lld, want %lld", n, (long long)financed,
						(int)bp, k + 1, (long long)out[k].amount, (long long)want);
				sum += out[k].amount;
			}
			if (sum != financed + financing)
				fail_msg("n=%d financed=%lld bp=%d: sum %lld != %lld + %lld", n, (long long)financed, (int)bp,
					(long long)sum, (long long)financed, (long long)financing);
			if (financing < 0)
				fail_msg("n=%d: negative financing", n);
			ok++;
		}
	}
	print_message("price plans: %ld made, %ld refused as infeasible\n", ok, refused);
	assert_true(ok > 3000);
}

/* ======================================================================
 * Late charges
 * ====================================================================== */

struct ev_spec {
	const char *date;
	cobra_money interest, fee, principal;
};

struct charge_row {
	const char *name;
	int32_t fee_bp, int_bp, grace;
	const char *shift, *due;
	cobra_money amount;
	struct ev_spec ev[3];
	const char *asof;
	/* expected */
	cobra_money principal, fee, interest, total, fee_total, interest_total;
	int days_late;
	const char *due_eff;
	bool overpaid;
};

/* The due date 2026-03-10 is a Tuesday; 2026-03-14 a Saturday. Default
 * policy: late fee 2% (200 bp), interest 1% a month (100 bp). Interest for
 * a period = principal * bp/10000 * days/30, rounded half-up per period. */
static const struct charge_row charges[] = {
	{"before the due date", 200, 100, 0, "none", "2026-03-10", 10000, {{0}}, "2026-03-09",
		10000, 0, 0, 10000, 0, 0, 0, "2026-03-10", false},
	{"on the due date", 200, 100, 0, "none", "2026-03-10", 10000, {{0}}, "2026-03-10",
		10000, 0, 0, 10000, 0, 0, 0, "2026-03-10", false},
	/* fee 100.00 * 2% = 2.00; interest 100.00 * 1% * 1/30 = 0.0333 -> 0.03 */
	{"one day late", 200, 100, 0, "none", "2026-03-10", 10000, {{0}}, "2026-03-11",
		10000, 200, 3, 10203, 200, 3, 1, "2026-03-10", false},
	/* 100.00 * 1% * 14/30 = 0.4667 -> 0.47 */
	{"14 days late", 200, 100, 0, "none", "2026-03-10", 10000, {{0}}, "2026-03-24",
		10000, 200, 47, 10247, 200, 47, 14, "2026-03-10", false},
	/* 30 days = a full month: 1.00 */
	{"30 days late", 200, 100, 0, "none", "2026-03-10", 10000, {{0}}, "2026-04-09",
		10000, 200, 100, 10300, 200, 100, 30, "2026-03-10", false},
	{"45 days late", 200, 100, 0, "none", "2026-03-10", 10000, {{0}}, "2026-04-24",
		10000, 200, 150, 10350, 200, 150, 45, "2026-03-10", false},
	/* 100.00 * 1% * 365/30 = 12.1667 -> 12.17; simple, not compound */
	{"a year late", 200, 100, 0, "none", "2026-03-10", 10000, {{0}}, "2027-03-10",
		10000, 200, 1217, 11417, 200, 1217, 365, "2026-03-10", false},
	/* 15.00 * 1% * 1/30 = 0.005 -> 0.01 (half-up); fee 0.30 */
	{"interest exactly half a cent rounds up", 200, 100, 0, "none", "2026-03-10", 1500, {{0}}, "2026-03-11",
		1500, 30, 1, 1531, 30, 1, 1, "2026-03-10", false},
	/* 0.25 * 2% = 0.005 -> 0.01 */
	{"fee exactly half a cent rounds up", 200, 100, 0, "none", "2026-03-10", 25, {{0}}, "2026-03-11",
		25, 1, 0, 26, 1, 0, 1, "2026-03-10", false},
	/* 0.24 * 2% = 0.0048 -> 0.00 */
	{"fee under half a cent rounds down", 200, 100, 0, "none", "2026-03-10", 24, {{0}}, "2026-03-11",
		24, 0, 0, 24, 0, 0, 1, "2026-03-10", false},
	{"inside the grace days", 200, 100, 5, "none", "2026-03-10", 10000, {{0}}, "2026-03-15",
		10000, 0, 0, 10000, 0, 0, 5, "2026-03-10", false},
	/* past D + G: interest runs from D, 6 days: 100.00 * 1% * 6/30 = 0.20 */
	{"one day after the grace days", 200, 100, 5, "none", "2026-03-10", 10000, {{0}}, "2026-03-16",
		10000, 200, 20, 10220, 200, 20, 6, "2026-03-10", false},
	/* 40.00 paid inside grace is on time: P0 = 60.00, fee 1.20, interest
	 * 60.00 * 1% * 10/30 = 0.20 */
	{"payment inside grace counts as on time", 200, 100, 5, "none", "2026-03-10", 10000,
		{{"2026-03-13", 0, 0, 4000}}, "2026-03-20", 6000, 120, 20, 6140, 120, 20, 10, "2026-03-10", false},
	/* paid 0.33 + 2.00 + 50.00 on day 10; periods: 100.00 * 10/30 % = 0.33,
	 * 50.00 * 20/30 % = 0.3333 -> 0.33; 0.66 charged, 0.33 paid */
	{"partial payment splits the interest periods", 200, 100, 0, "none", "2026-03-10", 10000,
		{{"2026-03-20", 33, 200, 5000}}, "2026-04-09", 5000, 0, 33, 5033, 200, 66, 30, "2026-03-10", false},
	/* 30.00 paid early: P0 = 70.00, fee 1.40, 70.00 * 1% * 30/30 = 0.70 */
	{"payment before due lowers the fee base", 200, 100, 0, "none", "2026-03-10", 10000,
		{{"2026-03-05", 0, 0, 3000}}, "2026-04-09", 7000, 140, 70, 7210, 140, 70, 30, "2026-03-10", false},
	{"paid in full on the due date", 200, 100, 0, "none", "2026-03-10", 10000, {{"2026-03-10", 0, 0, 10000}},
		"2026-04-09", 0, 0, 0, 0, 0, 0, 30, "2026-03-10", false},
	/* 15 days: 100.00 * 1% * 15/30 = 0.50, fee 2.00, all paid on 03-25 */
	{"paid in full late, nothing accrues after", 200, 100, 0, "none", "2026-03-10", 10000,
		{{"2026-03-25", 50, 200, 10000}}, "2026-04-19", 0, 0, 0, 0, 200, 50, 40, "2026-03-10", false},
	/* 10 days: 0.3333 -> 0.33 */
	{"payments after as-of are ignored", 200, 100, 0, "none", "2026-03-10", 10000, {{"2026-03-30", 0, 0, 10000}},
		"2026-03-20", 10000, 200, 33, 10233, 200, 33, 10, "2026-03-10", false},
	{"Saturday due moves to Monday", 200, 100, 0, "next-weekday", "2026-03-14", 10000, {{0}}, "2026-03-16",
		10000, 0, 0, 10000, 0, 0, 0, "2026-03-16", false},
	{"Saturday due, late from Tuesday", 200, 100, 0, "next-weekday", "2026-03-14", 10000, {{0}}, "2026-03-17",
		10000, 200, 3, 10203, 200, 3, 1, "2026-03-16", false},
	{"Sunday due moves to Monday", 200, 100, 0, "next-weekday", "2026-03-15", 10000, {{0}}, "2026-03-16",
		10000, 0, 0, 10000, 0, 0, 0, "2026-03-16", false},
	/* 2 days: 100.00 * 1% * 2/30 = 0.0667 -> 0.07 */
	{"without the shift a Saturday due is late on Monday", 200, 100, 0, "none", "2026-03-14", 10000, {{0}},
		"2026-03-16", 10000, 200, 7, 10207, 200, 7, 2, "2026-03-14", false},
	/* Friday stays; 3 days: 0.10 */
	{"a weekday due is not shifted", 200, 100, 0, "next-weekday", "2026-03-13", 10000, {{0}}, "2026-03-16",
		10000, 200, 10, 10210, 200, 10, 3, "2026-03-13", false},
	{"shift then grace", 200, 100, 2, "next-weekday", "2026-03-14", 10000, {{0}}, "2026-03-18",
		10000, 0, 0, 10000, 0, 0, 2, "2026-03-16", false},
	/* 3 days from Monday: 0.10 */
	{"shift then grace, one day after", 200, 100, 2, "next-weekday", "2026-03-14", 10000, {{0}}, "2026-03-19",
		10000, 200, 10, 10210, 200, 10, 3, "2026-03-16", false},
	/* 300.00: fee 6.00. Day 10 on 300.00: 1.00 (paid with 6.00 fee and 100.00);
	 * day 10-20 on 200.00: 0.6667 -> 0.67 (paid with 50.00); day 20-35 on
	 * 150.00: 0.75. Charged 2.42, paid 1.67. */
	{"two partial payments, three periods", 200, 100, 0, "none", "2026-03-10", 30000,
		{{"2026-03-20", 100, 600, 10000}, {"2026-03-30", 67, 0, 5000}}, "2026-04-14", 15000, 0, 75, 15075, 600, 242,
		35, "2026-03-10", false},
	{"no fee and no interest configured", 0, 0, 0, "none", "2026-03-10", 10000, {{0}}, "2026-06-18",
		10000, 0, 0, 10000, 0, 0, 100, "2026-03-10", false},
	/* 123.45 * 1.5% = 1.85175 -> 1.85; 123.45 * 2.5% * 17/30 = 1.748875 -> 1.75 */
	{"other rates", 150, 250, 0, "none", "2026-03-10", 12345, {{0}}, "2026-03-27",
		12345, 185, 175, 12705, 185, 175, 17, "2026-03-10", false},
	/* 999999999.99 * 2% = 19999999.9998 -> 20000000.00; * 1% = 9999999.9999 -> 10000000.00 */
	{"the largest amount", 200, 100, 0, "none", "2026-03-10", 99999999999, {{0}}, "2026-04-09",
		99999999999, 2000000000, 1000000000, 102999999999, 2000000000, 1000000000, 30, "2026-03-10", false},
	{"payment on the last grace day is on time", 200, 100, 3, "none", "2026-03-10", 10000,
		{{"2026-03-13", 0, 0, 10000}}, "2026-03-20", 0, 0, 0, 0, 0, 0, 10, "2026-03-10", false},
	/* evaluated on D+4 with G=3: late. Fee 2.00 on 100.00; 4 days: 0.1333 -> 0.13 */
	{"one day after grace is late", 200, 100, 3, "none", "2026-03-10", 10000,
		{{0}}, "2026-03-14", 10000, 200, 13, 10213, 200, 13, 4, "2026-03-10", false},
	/* principal fully paid (even by a hand-made allocation that skipped the
	 * charges): settled, nothing more is owed, the past is not rewritten */
	{"fully paid principal is settled", 200, 100, 3, "none", "2026-03-10", 10000,
		{{"2026-03-14", 0, 0, 10000}}, "2026-03-20", 0, 0, 0, 0, 0, 0, 10, "2026-03-10", false},
	/* cobra-charges(7) examples, due Saturday 2026-08-01, grace 5 */
	{"man page: inside grace on 04/08", 200, 100, 5, "none", "2026-08-01", 10000, {{0}}, "2026-08-04",
		10000, 0, 0, 10000, 0, 0, 3, "2026-08-01", false},
	{"man page: past grace on 07/08, interest from the due date", 200, 100, 5, "none", "2026-08-01", 10000, {{0}},
		"2026-08-07", 10000, 200, 20, 10220, 200, 20, 6, "2026-08-01", false},
	/* 40.00 on 05/08 is on time: fee 2% of 60.00 = 1.20; 60.00 * 1% * 31/30 = 0.62 */
	{"man page: payment within grace, as of 01/09", 200, 100, 5, "none", "2026-08-01", 10000,
		{{"2026-08-05", 0, 0, 4000}}, "2026-09-01", 6000, 120, 62, 6182, 120, 62, 31, "2026-08-01", false},
	/* Saturday moves to Monday 03/08: 1 day late on 04/08, 0.03 interest */
	{"man page: weekend shift", 200, 100, 0, "next-weekday", "2026-08-01", 10000, {{0}}, "2026-08-04",
		10000, 200, 3, 10203, 200, 3, 1, "2026-08-03", false},
	/* Maria, installment 1 on 22/11: 1.50 for 45 days on 100.00, paid on
	 * 15/09 with 2.00 and 46.50; then 53.50 * 1% * 68/30 = 1.2127 -> 1.21 */
	{"man page: Maria's installment 1 on 22/11", 200, 100, 0, "none", "2026-08-01", 10000,
		{{"2026-09-15", 150, 200, 4650}}, "2026-11-22", 5350, 0, 121, 5471, 200, 271, 113, "2026-08-01", false},
	/* installment 2: 100.00 * 1% * 82/30 = 2.7333 -> 2.73 */
	{"man page: Maria's installment 2 on 22/11", 200, 100, 0, "none", "2026-09-01", 10000, {{0}}, "2026-11-22",
		10000, 200, 273, 10473, 200, 273, 82, "2026-09-01", false},
	{"principal paid twice is flagged", 200, 100, 0, "none", "2026-03-10", 10000, {{"2026-03-05", 0, 0, 12000}},
		"2026-03-20", 0, 0, 0, 0, 0, 0, 10, "2026-03-10", true},
};

static void test_ledger_charges_table(void **state)
{
	int nfail = 0;
	char a[COBRA_DATE_BUFSZ];
	(void)state;
	for (size_t i = 0; i < N_ROWS(charges); i++) {
		const struct charge_row *r = &charges[i];
		struct cobra_charges pol = policy(r->fee_bp, r->int_bp, r->grace, r->shift);
		struct cobra_ievent ev[3];
		memset(ev, 0, sizeof(ev));
		size_t nev = 0;
		for (; nev < 3 && r->ev[nev].date; nev++) {
			ev[nev].date = iso(r->ev[nev].date);
			ev[nev].interest = r->ev[nev].interest;
			ev[nev].fee = r->ev[nev].fee;
			ev[nev].principal = r->ev[nev].principal;
		}
		struct cobra_owed o;
		cobra_error_clear();
		if (cobra_charges_eval(&o, &pol, iso(r->due), r->amount, ev, nev, iso(r->asof)) != 0) {
			print_error("%s: refused: %s\n", r->name, cobra_error_message());
			nfail++;
			continue;
		}
		if (o.principal != r->principal || o.fee != r->fee || o.interest != r->interest || o.total != r->total ||
		    o.fee_total != r->fee_total || o.interest_total != r->interest_total || o.days_late != r->days_late ||
		    o.due_eff != iso(r->due_eff) || o.overpaid != r->overpaid) {
			print_error("%s: got principal %lld fee %lld interest %lld total %lld fee_total %lld interest_total %lld "
				    "days %d due %s overpaid %d\n",
				r->name, (long long)o.principal, (long long)o.fee, (long long)o.interest, (long long)o.total,
				(long long)o.fee_total, (long long)o.interest_total, o.days_late, show(a, o.due_eff), (int)o.overpaid);
			print_error("%s: want principal %lld fee %lld interest %lld total %lld fee_total %lld interest_total %lld "
				    "days %d due %s overpaid %d\n",
				r->name, (long long)r->principal, (long long)r->fee, (long long)r->interest, (long long)r->total,
				(long long)r->fee_total, (long long)r->interest_total, r->days_late, r->due_eff, (int)r->overpaid);
			nfail++;
		}
	}
	assert_true(N_ROWS(charges) >= 20);
	assert_int_equal(nfail, 0);
}

/* Without payments, against the closed formulas: fee = A * f rounded, and
 * interest = A * i * days / 30 rounded (one period). */
static void test_ledger_charges_match_closed_formula(void **state)
{
	(void)state;
	rng_state = 0xc4a;
	for (int iter = 0; iter < 100000; iter++) {
		cobra_money amount = 1 + (cobra_money)rng_below(iter % 2 ? 1000000 : (uint64_t)COBRA_MONEY_MAX);
		int32_t fee = (int32_t)rng_below(201), in = (int32_t)rng_below(1001), grace = (int32_t)rng_below(61);
		cobra_date due = iso("2026-01-01") + (cobra_date)rng_below(3650);
		struct cobra_charges pol = policy(fee, in, grace, "none");
		int late = (int)rng_below(800) - 30;
		struct cobra_owed o;
		assert_int_equal(cobra_charges_eval(&o, &pol, due, amount, NULL, 0, due + late), 0);
		cobra_money want_fee = 0, want_int = 0;
		if (late > grace) {
			want_fee = (cobra_money)(((__int128)amount * fee + 5000) / 10000);
			want_int = (cobra_money)(((__int128)amount * in * late + 150000) / 300000);
		}
		if (o.fee != want_fee || o.interest != want_int || o.principal != amount ||
		    o.total != amount + want_fee + want_int || o.days_late != (late > 0 ? late : 0))
			fail_msg("amount %lld fee %d int %d grace %d late %d: got fee %lld int %lld, want %lld %lld",
				(long long)amount, (int)fee, (int)in, (int)grace, late, (long long)o.fee, (long long)o.interest,
				(long long)want_fee, (long long)want_int);
	}
}

/* C4.4 "interest monotone": after the last payment, what is owed never
 * decreases as the as-of date moves forward. */
static void test_ledger_owed_never_decreases_with_time(void **state)
{
	(void)state;
	rng_state = 0x0de;
	for (int iter = 0; iter < 3000; iter++) {
		cobra_money amount = 100 + (cobra_money)rng_below(10000000);
		struct cobra_charges pol = policy((int32_t)rng_below(201), (int32_t)rng_below(1001), (int32_t)rng_below(10),
			rng_below(2) ? "none" : "next-weekday");
		cobra_date due = iso("2026-01-01") + (cobra_date)rng_below(365);
		struct cobra_ievent ev[3];
		memset(ev, 0, sizeof(ev));
		size_t nev = rng_below(4);
		cobra_date d = due - 10;
		cobra_money left = amount;
		for (size_t k = 0; k < nev; k++) {
			d += 1 + (cobra_date)rng_below(30);
			ev[k].date = d;
			ev[k].interest = 0;
			ev[k].fee = 0;
			ev[k].principal = left / 3;
			left -= ev[k].principal;
		}
		cobra_money prev = -1, prev_int = -1;
		for (cobra_date t = d; t < d + 400; t++) {
			struct cobra_owed o;
			assert_int_equal(cobra_charges_eval(&o, &pol, due, amount, ev, nev, t), 0);
			if (o.total < prev || o.interest_total < prev_int)
				fail_msg("iteration %d: owed went from %lld to %lld", iter, (long long)prev, (long long)o.total);
			prev = o.total;
			prev_int = o.interest_total;
		}
	}
}

/* ======================================================================
 * Allocation
 * ====================================================================== */

#define CID "0123456789abcdef"
#define SA "0123aaaaaaaaaaaaaaaa"
#define SB "0123bbbbbbbbbbbbbbbb"
#define SE "0123eeeeeeeeeeeeeeee"
#define SF "0123ffffffffffffffff"
#define SG "0123dddddddddddddddd"
#define SS "01231111111111111111"
#define CUSTOMER "[customer]\nhandle = ana\nname = Ana\nsince = 2026-01-01\n"

/* F1: sale A on 01-10, 3 x 100.00 due 02-10, 03-10, 04-10; sale B on
 * 01-20, 1 x 50.00 due 02-05 (Thursday). 2026-02-10 is a Tuesday. */
#define F1_TEXT                                                                                                \
	CUSTOMER "\n[sale " SA "]\ndate = 2026-01-10\ntotal = 300.00\nevery = 1m\n"                                   \
		 "due.1 = 2026-02-10 100.00\ndue.2 = 2026-03-10 100.00\ndue.3 = 2026-04-10 100.00\n"                  \
		 "\n[sale " SB "]\ndate = 2026-01-20\ntotal = 50.00\nevery = 1m\ndue.1 = 2026-02-05 50.00\n"

static const char *const fixtures[] = {
	/* 0: F1 */
	F1_TEXT,
	/* 1: F1 + 10.00 paid on 02-15 to B/1: 0.17 interest, 1.00 fee, 8.83 */
	F1_TEXT "\n[payment 0123cccccccccccccccc]\ndate = 2026-02-15\namount = 10.00\nmethod = pix\n"
		"paid.1 = " SB "/1 0.17 1.00 8.83\n",
	/* 2: ties. F (sale of 01-03): 40.00 due 02-10. E (sale of 01-05):
	 * 30.00 due 02-01 and 30.00 due 02-10. G (sale of 01-04, hand-edited):
	 * 10.00 and 20.00 both due 02-20. */
	CUSTOMER "\n[sale " SF "]\ndate = 2026-01-03\ntotal = 40.00\nevery = 1m\ndue.1 = 2026-02-10 40.00\n"
		 "\n[sale " SE "]\ndate = 2026-01-05\ntotal = 60.00\nevery = 1m\n"
		 "due.1 = 2026-02-01 30.00\ndue.2 = 2026-02-10 30.00\n"
		 "\n[sale " SG "]\ndate = 2026-01-04\ntotal = 30.00\nevery = 1m\n"
		 "due.1 = 2026-02-20 10.00\ndue.2 = 2026-02-20 20.00\n",
	/* 3: one installment of 100.00 due on Saturday 2026-02-14 */
	CUSTOMER "\n[sale " SS "]\ndate = 2026-01-14\ntotal = 100.00\nevery = 1m\ndue.1 = 2026-02-14 100.00\n",
	/* 4: F1 with B/1 paid in full on 02-01 */
	F1_TEXT "\n[payment 0123cccccccccccccccc]\ndate = 2026-02-01\namount = 50.00\nmethod = cash\n"
		"paid.1 = " SB "/1 0.00 0.00 50.00\n",
	/* 5: cobra-charges(7)'s Maria: 300.00 in 3 from 01/08/2026 */
	CUSTOMER "\n[sale " SA "]\ndate = 2026-07-01\ntotal = 300.00\nevery = 1m\n"
		 "due.1 = 2026-08-01 100.00\ndue.2 = 2026-09-01 100.00\ndue.3 = 2026-10-01 100.00\n",
	/* 6: Maria after paying 50.00 on 15/09 */
	CUSTOMER "\n[sale " SA "]\ndate = 2026-07-01\ntotal = 300.00\nevery = 1m\n"
		 "due.1 = 2026-08-01 100.00\ndue.2 = 2026-09-01 100.00\ndue.3 = 2026-10-01 100.00\n"
		 "\n[payment 0123cccccccccccccccc]\ndate = 2026-09-15\namount = 50.00\nmethod = pix\n"
		 "paid.1 = " SA "/1 1.50 2.00 46.50\n",
	/* 7: two sales of the same day with the same due date; the one with
	 * the larger ID is first in the file */
	CUSTOMER "\n[sale " SB "]\ndate = 2026-01-05\ntotal = 10.00\nevery = 1m\ndue.1 = 2026-02-10 10.00\n"
		 "\n[sale 01230000000000000000]\ndate = 2026-01-05\ntotal = 20.00\nevery = 1m\n"
		 "due.1 = 2026-02-10 20.00\n",
};

enum { P_DEF, P_SHIFT, P_GRACE5 };

static struct cobra_charges policy_of(int which)
{
	switch (which) {
	case P_SHIFT: return policy(200, 100, 0, "next-weekday");
	case P_GRACE5: return policy(200, 100, 5, "none");
	default: return policy(200, 100, 0, "none");
	}
}

struct alloc_spec {
	const char *debt;
	int n;
	cobra_money interest, fee, principal;
};

struct alloc_row {
	const char *name;
	int fixture, pol;
	const char *debt, *date;
	cobra_money amount;
	struct alloc_spec out[6];
	cobra_money rest;
};

static const struct alloc_row allocs[] = {
	{"oldest due first: B/1 (02-05) before A/1 (02-10)", 0, P_DEF, NULL, "2026-02-01", 3000,
		{{SB, 1, 0, 0, 3000}}, 0},
	{"exactly one installment", 0, P_DEF, NULL, "2026-02-01", 5000, {{SB, 1, 0, 0, 5000}}, 0},
	{"spills into the next installment", 0, P_DEF, NULL, "2026-02-01", 8000,
		{{SB, 1, 0, 0, 5000}, {SA, 1, 0, 0, 3000}}, 0},
	{"more than owed leaves a rest", 0, P_DEF, NULL, "2026-02-01", 50000,
		{{SB, 1, 0, 0, 5000}, {SA, 1, 0, 0, 10000}, {SA, 2, 0, 0, 10000}, {SA, 3, 0, 0, 10000}}, 15000},
	/* B/1 10 days late: interest 50.00 * 1% * 10/30 = 0.1667 -> 0.17; fee 1.00 */
	{"interest, then fee, then principal", 0, P_DEF, NULL, "2026-02-15", 1000, {{SB, 1, 17, 100, 883}}, 0},
	{"too little for the fee", 0, P_DEF, NULL, "2026-02-15", 100, {{SB, 1, 17, 83, 0}}, 0},
	{"too little for the interest", 0, P_DEF, NULL, "2026-02-15", 10, {{SB, 1, 10, 0, 0}}, 0},
	/* B/1 owes 51.17; A/1 5 days late: 100.00 * 1% * 5/30 = 0.1667 ->
	 * 0.17, fee 2.00 -> 102.17; 200.00 - 51.17 - 102.17 = 46.66 to A/2 */
	{"several installments, each interest first", 0, P_DEF, NULL, "2026-02-15", 20000,
		{{SB, 1, 17, 100, 5000}, {SA, 1, 17, 200, 10000}, {SA, 2, 0, 0, 4666}}, 0},
	{"debt filter: only sale A", 0, P_DEF, SA, "2026-02-15", 5000, {{SA, 1, 17, 200, 4783}}, 0},
	{"debt filter: only sale B, rest over", 0, P_DEF, SB, "2026-02-15", 10000, {{SB, 1, 17, 100, 5000}}, 4883},
	{"debt filter: no such debt", 0, P_DEF, "0123cccccccccccccccc", "2026-02-15", 1000, {{0}}, 1000},
	/* after 10.00 paid on 02-15 (0.17, 1.00, 8.83): B/1 principal 41.17;
	 * interest 0.17 (to 02-15) + 41.17 * 1% * 10/30 = 0.1372 -> 0.14, of
	 * which 0.17 paid -> 0.14 open; fee paid. A/1 15 days: 0.50 + 2.00. */
	{"a partial payment stopped interest on what it paid", 1, P_DEF, NULL, "2026-02-25", 5000,
		{{SB, 1, 14, 0, 4117}, {SA, 1, 50, 200, 619}}, 0},
	{"no charge twice on the day of an earlier payment", 1, P_DEF, NULL, "2026-02-15", 200,
		{{SB, 1, 0, 0, 200}}, 0},
	/* E/1 is due on the payment day: not late */
	{"ties on the due date go to the older sale", 2, P_DEF, NULL, "2026-02-01", 5000,
		{{SE, 1, 0, 0, 3000}, {SF, 1, 0, 0, 2000}}, 0},
	{"ties: older sale's installment paid in full first", 2, P_DEF, NULL, "2026-02-01", 10000,
		{{SE, 1, 0, 0, 3000}, {SF, 1, 0, 0, 4000}, {SE, 2, 0, 0, 3000}}, 0},
	{"same sale, same due date: lower number first", 2, P_DEF, NULL, "2026-02-01", 12500,
		{{SE, 1, 0, 0, 3000}, {SF, 1, 0, 0, 4000}, {SE, 2, 0, 0, 3000}, {SG, 1, 0, 0, 1000}, {SG, 2, 0, 0, 1500}}, 0},
	{"everything paid, rest over", 2, P_DEF, NULL, "2026-02-01", 13500,
		{{SE, 1, 0, 0, 3000}, {SF, 1, 0, 0, 4000}, {SE, 2, 0, 0, 3000}, {SG, 1, 0, 0, 1000}, {SG, 2, 0, 0, 2000}},
		500},
	{"Saturday due paid on Monday is on time with the shift", 3, P_SHIFT, NULL, "2026-02-16", 10000,
		{{SS, 1, 0, 0, 10000}}, 0},
	/* 2 days: 100.00 * 1% * 2/30 = 0.0667 -> 0.07; fee 2.00 */
	{"Saturday due paid on Monday is late without it", 3, P_DEF, NULL, "2026-02-16", 10000,
		{{SS, 1, 7, 200, 9793}}, 0},
	{"paying the late total leaves the rest", 3, P_DEF, NULL, "2026-02-16", 10300, {{SS, 1, 7, 200, 10000}}, 93},
	{"paid on the last grace day", 3, P_GRACE5, NULL, "2026-02-19", 10000, {{SS, 1, 0, 0, 10000}}, 0},
	/* 6 days from the due date: 0.20 */
	{"paid one day after grace", 3, P_GRACE5, NULL, "2026-02-20", 10220, {{SS, 1, 20, 200, 10000}}, 0},
	{"a paid installment is skipped", 4, P_DEF, NULL, "2026-02-01", 2000, {{SA, 1, 0, 0, 2000}}, 0},
	{"a zero payment allocates nothing", 0, P_DEF, NULL, "2026-02-15", 0, {{0}}, 0},
	/* cobra-charges(7): only sales made up to the payment's date; B is of 01-20 */
	{"a sale made after the payment date is not paid", 0, P_DEF, NULL, "2026-01-15", 2000, {{SA, 1, 0, 0, 2000}}, 0},
	/* cobra-charges(7): on equal dates and equal sale dates, the smaller ID */
	{"same due date, same sale date: smaller sale ID first", 7, P_DEF, NULL, "2026-02-01", 1500,
		{{"01230000000000000000", 1, 0, 0, 1500}}, 0},
	/* cobra-charges(7): Maria pays 50.00 on 15/09: 1.50 interest (45
	 * days), 2.00 fee, 46.50 principal */
	{"man page: Maria pays 50.00 on 15/09", 5, P_DEF, NULL, "2026-09-15", 5000, {{SA, 1, 150, 200, 4650}}, 0},
	/* then 60.00 on 22/11: 1.21 + 53.50 closes #1; 5.29 left: 2.73, 2.00,
	 * 0.56 */
	{"man page: Maria pays 60.00 on 22/11", 6, P_DEF, NULL, "2026-11-22", 6000,
		{{SA, 1, 121, 0, 5350}, {SA, 2, 273, 200, 56}}, 0},
};

static void load(struct cobra_account *a, struct cobra_ledger *l, const char *text)
{
	cobra_error_clear();
	if (cobra_account_parse(a, "customers/01/" CID ".ini", CID, text, strlen(text)) != 0)
		fail_msg("fixture: %s", cobra_error_message());
	if (cobra_ledger_build(l, a, "customers/01/" CID ".ini") != 0)
		fail_msg("ledger: %s", cobra_error_message());
}

static void test_ledger_allocation_table(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(allocs); i++) {
		const struct alloc_row *r = &allocs[i];
		struct cobra_account a;
		struct cobra_ledger l;
		struct cobra_charges pol = policy_of(r->pol);
		struct cobra_alloc *out = NULL;
		size_t nout = 99, want_n = 0;
		cobra_money rest = -1, sum = 0;
		load(&a, &l, fixtures[r->fixture]);
		cobra_error_clear();
		int rc = cobra_allocate(&out, &nout, &rest, &l, &pol, r->debt, iso(r->date), r->amount);
		while (want_n < 6 && r->out[want_n].debt)
			want_n++;
		bool bad = rc != 0 || nout != want_n || rest != r->rest;
		for (size_t k = 0; !bad && k < nout; k++) {
			const struct alloc_spec *w = &r->out[k];
			bad = strcmp(out[k].debt, w->debt) != 0 || out[k].n != w->n || out[k].interest != w->interest ||
			      out[k].fee != w->fee || out[k].principal != w->principal;
			sum += out[k].interest + out[k].fee + out[k].principal;
		}
		if (!bad && sum + rest != r->amount)
			bad = true;
		if (bad) {
			print_error("%s: rc %d, %zu allocations (want %zu), rest %lld (want %lld)\n", r->name, rc, nout, want_n,
				(long long)rest, (long long)r->rest);
			for (size_t k = 0; rc == 0 && k < nout; k++)
				print_error("   got  %s/%d %lld %lld %lld\n", out[k].debt, (int)out[k].n, (long long)out[k].interest,
					(long long)out[k].fee, (long long)out[k].principal);
			for (size_t k = 0; k < want_n; k++)
				print_error("   want %s/%d %lld %lld %lld\n", r->out[k].debt, r->out[k].n,
					(long long)r->out[k].interest, (long long)r->out[k].fee, (long long)r->out[k].principal);
			nfail++;
		}
		free(out);
		cobra_ledger_free(&l);
		cobra_account_free(&a);
	}
	assert_true(N_ROWS(allocs) >= 20);
	assert_int_equal(nfail, 0);
}

static void test_ledger_owed_totals(void **state)
{
	struct cobra_account a;
	struct cobra_ledger l;
	struct cobra_charges pol = policy_of(P_DEF);
	cobra_money owed = -1;
	(void)state;
	load(&a, &l, fixtures[0]);
	assert_int_equal(l.nlines, 4);
	/* 02-15: B/1 51.17 + A/1 102.17 + A/2 100.00 + A/3 100.00 */
	assert_int_equal(cobra_ledger_owed(&owed, &l, &pol, NULL, iso("2026-02-15")), 0);
	assert_true(owed == 35334);
	assert_int_equal(cobra_ledger_owed(&owed, &l, &pol, SA, iso("2026-02-15")), 0);
	assert_true(owed == 30217);
	assert_int_equal(cobra_ledger_owed(&owed, &l, &pol, SB, iso("2026-02-15")), 0);
	assert_true(owed == 5117);
	assert_int_equal(cobra_ledger_owed(&owed, &l, &pol, NULL, iso("2026-02-01")), 0);
	assert_true(owed == 35000);
	cobra_ledger_free(&l);
	cobra_account_free(&a);
	/* cobra-charges(7): Maria owes 255.97 on 15/09 after paying, 263.17
	 * on 22/11 (54.71 + 104.73 + 103.73), 203.17 after paying 60.00 */
	load(&a, &l, fixtures[6]);
	assert_int_equal(cobra_ledger_owed(&owed, &l, &pol, NULL, iso("2026-09-15")), 0);
	assert_true(owed == 25597);
	assert_int_equal(cobra_ledger_owed(&owed, &l, &pol, NULL, iso("2026-11-22")), 0);
	assert_true(owed == 26317);
	cobra_ledger_free(&l);
	cobra_account_free(&a);
}

/* ledger.h: the late fee is capped at 2% unless the customer has a CNPJ. */
static void test_ledger_consumer_fee_cap(void **state)
{
	static const struct {
		int32_t fee;
		const char *doc;
		int32_t want;
	} rows[] = {
		{300, "", 200},               /* no document: a consumer */
		{300, "52998224725", 200},    /* CPF */
		{300, "11222333000181", 300}, /* CNPJ: a company may be charged more */
		{300, "12ABC34501DE35", 300}, /* alphanumeric CNPJ */
		{200, "52998224725", 200},
		{150, "52998224725", 150},    /* under the cap: unchanged */
		{0, "", 0},
		{10000, "", 200},
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		struct cobra_charges pol = policy(rows[i].fee, 123, 7, "next-weekday"), out;
		memset(&out, 0x5a, sizeof(out));
		cobra_charges_for(&out, &pol, rows[i].doc);
		assert_int_equal(out.late_fee, rows[i].want);
		assert_int_equal(out.interest, 123);
		assert_int_equal(out.grace_days, 7);
		assert_string_equal(out.due_shift, "next-weekday");
	}
}

static void test_ledger_build_rejects_allocation_to_unknown_installment(void **state)
{
	static const char *const texts[] = {
		F1_TEXT "\n[payment 0123cccccccccccccccc]\ndate = 2026-02-01\namount = 1.00\nmethod = cash\n"
			"paid.1 = 0123999999999999999a/1 0.00 0.00 1.00\n",
		F1_TEXT "\n[payment 0123cccccccccccccccc]\ndate = 2026-02-01\namount = 1.00\nmethod = cash\n"
			"paid.1 = " SA "/4 0.00 0.00 1.00\n",
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(texts); i++) {
		struct cobra_account a;
		struct cobra_ledger l;
		cobra_error_clear();
		assert_int_equal(cobra_account_parse(&a, "x.ini", CID, texts[i], strlen(texts[i])), 0);
		cobra_error_clear();
		assert_int_equal(cobra_ledger_build(&l, &a, "x.ini"), -COBRA_DATA);
		assert_non_null(strstr(cobra_error_message(), "x.ini"));
		assert_non_null(strstr(cobra_error_message(), "no installment"));
		cobra_account_free(&a);
	}
}

/* Property: a chain of random payments, each allocated, written as a
 * [payment] record and read back. Each time: allocated + rest == amount;
 * what is owed drops by exactly what was allocated; the rest is positive
 * only when nothing is owed any more. */
static void test_ledger_allocation_chain_property(void **state)
{
	(void)state;
	rng_state = 0xa110c;
	for (int chain = 0; chain < 150; chain++) {
		struct cobra_buf text = {0};
		struct cobra_charges pol = policy_of((int)rng_below(3));
		cobra_date date = iso("2026-01-25");
		cobra_buf_puts(&text, fixtures[rng_below(2) ? 0 : 2]);
		for (int step = 0; step < 8; step++) {
			struct cobra_account a;
			struct cobra_ledger l;
			struct cobra_alloc *out = NULL;
			size_t nout = 0;
			cobra_money rest = -1, before = -1, after = -1, sum = 0;
			cobra_money amount = 1 + (cobra_money)rng_below(12000);
			date += (cobra_date)rng_below(25);
			load(&a, &l, text.data);
			assert_int_equal(cobra_ledger_owed(&before, &l, &pol, NULL, date), 0);
			assert_int_equal(cobra_allocate(&out, &nout, &rest, &l, &pol, NULL, date, amount), 0);
			for (size_t k = 0; k < nout; k++) {
				assert_true(out[k].interest >= 0 && out[k].fee >= 0 && out[k].principal >= 0);
				sum += out[k].interest + out[k].fee + out[k].principal;
			}
			if (sum + rest != amount)
				fail_msg("chain %d step %d: allocated %lld + rest %lld != %lld", chain, step, (long long)sum,
					(long long)rest, (long long)amount);
			if (rest > 0 && sum != before)
				fail_msg("chain %d step %d: rest %lld while %lld of %lld owed was left", chain, step, (long long)rest,
					(long long)(before - sum), (long long)before);
			cobra_ledger_free(&l);
			cobra_account_free(&a);
			if (nout == 0) {
				free(out);
				continue;
			}
			struct cobra_payment p;
			cobra_payment_init(&p);
			snprintf(p.id, sizeof(p.id), "0123%016x", (unsigned)(chain * 100 + step));
			p.date = date;
			p.amount = sum;
			strcpy(p.method, "cash");
			p.paid = out;
			p.paid_count = nout;
			cobra_payment_write(&text, &p);
			free(out);
			load(&a, &l, text.data);
			assert_int_equal(cobra_ledger_owed(&after, &l, &pol, NULL, date), 0);
			if (after != before - sum)
				fail_msg("chain %d step %d: owed %lld, paid %lld, now owed %lld", chain, step, (long long)before,
					(long long)sum, (long long)after);
			cobra_ledger_free(&l);
			cobra_account_free(&a);
		}
		cobra_buf_free(&text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_ledger_plan_splits_exactly_remainder_first, unit_clear),
		cmocka_unit_test_setup(test_ledger_plan_refuses_impossible_plans, unit_clear),
		cmocka_unit_test_setup(test_ledger_every_step, unit_clear),
		cmocka_unit_test_setup(test_ledger_price_plan_table, unit_clear),
		cmocka_unit_test_setup(test_ledger_plan_sum_property_without_rate, unit_clear),
		cmocka_unit_test_setup(test_ledger_plan_sum_property_with_rate, unit_clear),
		cmocka_unit_test_setup(test_ledger_charges_table, unit_clear),
		cmocka_unit_test_setup(test_ledger_charges_match_closed_formula, unit_clear),
		cmocka_unit_test_setup(test_ledger_owed_never_decreases_with_time, unit_clear),
		cmocka_unit_test_setup(test_ledger_allocation_table, unit_clear),
		cmocka_unit_test_setup(test_ledger_owed_totals, unit_clear),
		cmocka_unit_test_setup(test_ledger_consumer_fee_cap, unit_clear),
		cmocka_unit_test_setup(test_ledger_build_rejects_allocation_to_unknown_installment, unit_clear),
		cmocka_unit_test_setup(test_ledger_allocation_chain_property, unit_clear),
	};
	return cmocka_run_group_tests_name("ledger", tests, NULL, NULL);
}
