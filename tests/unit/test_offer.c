/*
 * test_offer.c - the offer book and the arithmetic of a deal (src/offer.h).
 *
 * Offers and deals for sample balances are worked out by hand in the
 * comments; the random tests check the invariants offer.h promises (nothing
 * is lost, installments add up, every offer fits its tier) and compare the
 * shares with ref_share(), a half-up rounding written here with a quotient
 * and a remainder instead of cobra_div_round.
 */
#include "unit.h"

#include <limits.h>
#include <stdio.h>

#include "../../src/offer.h"
#include "../../src/records.h"

static void expect_error(int rc, int code, const char *part)
{
	if (rc != -code || strstr(cobra_error_message(), part) == NULL)
		fail_msg("got %d \"%s\", want %d with \"%s\"", rc, cobra_error_message(), -code, part);
}

static int tier_equal(const struct cobra_tier *a, const struct cobra_tier *b)
{
	return a->from_days == b->from_days && a->to_days == b->to_days &&
		a->waive_interest_bp == b->waive_interest_bp && a->waive_fee_bp == b->waive_fee_bp &&
		a->discount_bp == b->discount_bp && a->min_down_bp == b->min_down_bp &&
		a->max_installments == b->max_installments;
}

/* ---- parsing and formatting tiers ---- */

struct parse_row {
	const char *text;
	struct cobra_tier want; /* from, to, interest, fee, discount, down, installments */
	const char *canonical;
};

static const struct parse_row parse_rows[] = {
	{"1-30 interest=100% fee=0% discount=0% installments=3 down=30%", {1, 30, 10000, 0, 0, 3000, 3},
		"1-30 interest=100% fee=0% discount=0% installments=3 down=30%"},
	{"181- interest=100% fee=100% discount=20% installments=12 down=10%",
		{181, COBRA_TIER_OPEN, 10000, 10000, 2000, 1000, 12},
		"181- interest=100% fee=100% discount=20% installments=12 down=10%"},
	/* any order, extra spaces, no "%", a decimal comma, two decimals */
	{"  31-90  down=12.5 installments=360 discount=2,25% fee=50% interest=0  ", {31, 90, 0, 5000, 225, 1250, 360},
		"31-90 interest=0% fee=50% discount=2.25% installments=360 down=12.5%"},
	{"7-7 interest=0.01% fee=99.99% discount=0.5% installments=1 down=100%", {7, 7, 1, 9999, 50, 10000, 1},
		"7-7 interest=0.01% fee=99.99% discount=0.5% installments=1 down=100%"},
	{"99999- interest=1% fee=2% discount=3% installments=004 down=0%",
		{99999, COBRA_TIER_OPEN, 100, 200, 300, 0, 4},
		"99999- interest=1% fee=2% discount=3% installments=4 down=0%"},
};

static void test_tier_parse_good_lines_and_format_them(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(parse_rows); i++) {
		struct cobra_tier t, back;
		struct cobra_buf b = {0};
		cobra_error_clear();
		if (cobra_tier_parse(&t, "offers.tier.1", parse_rows[i].text) != 0)
			fail_msg("row %zu refused: %s", i, cobra_error_message());
		if (!tier_equal(&t, &parse_rows[i].want))
			fail_msg("row %zu: parsed %d-%d %d %d %d %d %d", i, t.from_days, t.to_days, t.waive_interest_bp,
				t.waive_fee_bp, t.discount_bp, t.min_down_bp, t.max_installments);
		cobra_tier_format(&b, &t);
		assert_false(b.oom);
		assert_string_equal(b.data, parse_rows[i].canonical);
		/* the canonical line reads back to the same tier */
		assert_int_equal(cobra_tier_parse(&back, "offers.tier.1", b.data), 0);
		assert_true(tier_equal(&t, &back));
		cobra_buf_free(&b);
	}
}

struct bad_row {
	const char *text;
	const char *part; /* expected in the message */
};

#define TERMS " interest=100% fee=0% discount=0% installments=3 down=30%"

static const struct bad_row bad_rows[] = {
	{"", "offers.tier.2: \"\" is not a tier like 1-30"},
	{"   ", "offers.tier.2: \"   \" is not a tier like"},
	{"30" TERMS, "offers.tier.2: \"30\" is not a range of days like 1-30 or 181-"},
	{"-30" TERMS, "\"-30\" is not a range of days"},
	{"a-b" TERMS, "\"a-b\" is not a range of days"},
	{"1-30-60" TERMS, "\"1-30-60\" is not a range of days"},
	{"100000-" TERMS, "\"100000-\" is not a range of days"},
	{"0-30" TERMS, "offers.tier.2: \"0-30\" must start at day 1 or later"},
	{"30-1" TERMS, "offers.tier.2: \"30-1\" ends before it starts"},
	{"1-30\tinterest=100%", "offers.tier.2: \"1-30\\x09interest=100%\" is not a range"},
	{"1-30 interest=100% fee=0% discount=0% installments=3",
		"offers.tier.2: \"1-30 interest=100% fee=0% discount=0% installments=3\" lacks down="},
	{"1-30", "\"1-30\" lacks interest="},
	{"1-30 interest=100% interest=50%" TERMS, "offers.tier.2: \"interest=50%\" repeats interest="},
	{"1-30 intrest=100%" TERMS, "offers.tier.2: \"intrest=100%\" is not a term like discount=10%"},
	{"1-30 interest" TERMS, "offers.tier.2: \"interest\" is not a term like"},
	{"1-30 =5%" TERMS, "\"=5%\" is not a term like"},
	{"1-30 interest=100% fee=0% discount=120% installments=3 down=30%",
		"offers.tier.2 discount: \"120%\" is out of range (0 to 100)"},
	{"1-30 interest=100% fee=0% discount=1.234% installments=3 down=30%",
		"offers.tier.2 discount: \"1.234%\" has more than two decimals"},
	{"1-30 interest=100% fee=-1% discount=0% installments=3 down=30%",
		"offers.tier.2 fee: \"-1%\" is not a percentage"},
	{"1-30 interest=100% fee=0% discount=0% installments=3 down=", "offers.tier.2 down: \"\" is not a percentage"},
	{"1-30 interest=100% fee=0% discount=0% installments=0 down=30%",
		"offers.tier.2: \"installments=0\": installments must be a number from 1 to 360"},
	{"1-30 interest=100% fee=0% discount=0% installments=361 down=30%",
		"\"installments=361\": installments must be"},
	{"1-30 interest=100% fee=0% discount=0% installments=3x down=30%", "\"installments=3x\": installments must be"},
	{"1-30 interest=100% fee=0% discount=0% installments=1000 down=30%",
		"\"installments=1000\": installments must"},
	{"1-30 interest=100000000000000000000000000000000000000000000000000000000000000000000000%" TERMS,
		"is too long for a term"},
};

static void test_tier_parse_refuses_bad_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(bad_rows); i++) {
		struct cobra_tier t = {5, 5, 5, 5, 5, 5, 5}, before = t;
		cobra_error_clear();
		int rc = cobra_tier_parse(&t, "offers.tier.2", bad_rows[i].text);
		if (rc != -COBRA_INVALID || strstr(cobra_error_message(), bad_rows[i].part) == NULL)
			fail_msg("row %zu \"%s\": got %d \"%s\", want \"%s\"", i, bad_rows[i].text, rc,
				cobra_error_message(), bad_rows[i].part);
		assert_true(tier_equal(&t, &before)); /* untouched on error */
	}
}

/* ---- the book ---- */

static void test_book_defaults_are_the_documented_ones(void **state)
{
	/* offer.h: 1-30 (100%, 0%, 0%, 3, 30%), 31-90 (100%, 100%, 5%, 6, 20%),
	 * 91-180 (100%, 100%, 10%, 10, 15%), 181- (100%, 100%, 20%, 12, 10%) */
	static const char *const lines[4] = {
		"1-30 interest=100% fee=0% discount=0% installments=3 down=30%",
		"31-90 interest=100% fee=100% discount=5% installments=6 down=20%",
		"91-180 interest=100% fee=100% discount=10% installments=10 down=15%",
		"181- interest=100% fee=100% discount=20% installments=12 down=10%",
	};
	(void)state;
	for (size_t i = 0; i < 4; i++) {
		struct cobra_tier t;
		assert_int_equal(cobra_tier_parse(&t, "offers", lines[i]), 0);
		assert_true(tier_equal(&t, &cobra_book_defaults[i]));
	}
	assert_int_equal(cobra_book_check(cobra_book_defaults, 4, "offers"), 0);
}

struct book_row {
	const char *name;
	size_t n;
	struct cobra_tier tiers[3];
	const char *part; /* NULL: accepted */
};

/* a tier of the given days with the 31-90 default terms */
#define T(from, to) {from, to, 10000, 10000, 500, 2000, 6}

static const struct book_row book_rows[] = {
	{"one open tier", 1, {T(1, COBRA_TIER_OPEN)}, NULL},
	{"ends closed", 2, {T(1, 30), T(31, 60)}, NULL},
	{"single days", 3, {T(1, 1), T(2, 2), T(3, COBRA_TIER_OPEN)}, NULL},
	{"empty", 0, {T(1, 30)}, "offers: the offer book has no tiers"},
	{"not from day 1", 2, {T(2, 30), T(31, 60)}, "offers.tier.1: \"2-30\" must start at day 1"},
	{"gap", 2, {T(1, 30), T(35, 90)}, "offers.tier.2: \"35-90\" leaves days 31 to 34 without a tier"},
	{"overlap", 2, {T(1, 30), T(20, 90)},
		"offers.tier.2: \"20-90\" overlaps or comes before offers.tier.1 (\"1-30\")"},
	{"same start", 2, {T(1, 30), T(1, 30)}, "offers.tier.2: \"1-30\" overlaps or comes before offers.tier.1"},
	{"out of order (gap)", 3, {T(1, 30), T(61, 90), T(31, 60)}, "offers.tier.2: \"61-90\" leaves days 31 to 60"},
	{"out of order (overlap)", 3, {T(1, 60), T(61, 90), T(31, 60)},
		"offers.tier.3: \"31-60\" overlaps or comes before offers.tier.2 (\"61-90\")"},
	{"open in the middle", 2, {T(1, COBRA_TIER_OPEN), T(31, 90)},
		"offers.tier.1: \"1-\" is open-ended but is not the last tier"},
	{"ends before it starts", 2, {T(1, 30), T(31, 20)},
		"offers.tier.2: \"31-20\" is not a range of days from 1 to 99999"},
	{"day 0", 1, {T(0, 30)}, "offers.tier.1: \"0-30\" is not a range of days"},
	{"too many days", 1, {T(1, 100000)}, "offers.tier.1: \"1-100000\" is not a range of days"},
	{"0 installments", 2, {T(1, 30), {31, 60, 0, 0, 0, 0, 0}},
		"offers.tier.2: installments \"0\" is out of range (1 to 360)"},
	{"361 installments", 1, {{1, 30, 0, 0, 0, 0, 361}}, "offers.tier.1: installments \"361\" is out of range"},
	{"rate above 100%", 1, {{1, 30, 10001, 0, 0, 0, 1}},
		"offers.tier.1: interest \"100.01%\" is out of range (0 to 100%)"},
	{"negative rate", 1, {{1, 30, 0, 0, 0, -250, 1}}, "offers.tier.1: down \"-2.5%\" is out of range"},
};

static void test_book_check(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(book_rows); i++) {
		const struct book_row *r = &book_rows[i];
		cobra_error_clear();
		int rc = cobra_book_check(r->tiers, r->n, "offers");
		if (r->part == NULL && rc != 0)
			fail_msg("%s: refused: %s", r->name, cobra_error_message());
		if (r->part != NULL && (rc != -COBRA_INVALID || strstr(cobra_error_message(), r->part) == NULL))
			fail_msg("%s: got %d \"%s\", want \"%s\"", r->name, rc, cobra_error_message(), r->part);
	}
}

static void test_book_find(void **state)
{
	const struct cobra_tier *d = cobra_book_defaults;
	const struct cobra_tier closed[2] = {T(1, 30), T(31, 60)};
	(void)state;
	assert_null(cobra_book_find(d, 4, INT32_MIN));
	assert_null(cobra_book_find(d, 4, -5));
	assert_null(cobra_book_find(d, 4, 0));
	assert_ptr_equal(cobra_book_find(d, 4, 1), &d[0]);
	assert_ptr_equal(cobra_book_find(d, 4, 30), &d[0]);
	assert_ptr_equal(cobra_book_find(d, 4, 31), &d[1]);
	assert_ptr_equal(cobra_book_find(d, 4, 90), &d[1]);
	assert_ptr_equal(cobra_book_find(d, 4, 91), &d[2]);
	assert_ptr_equal(cobra_book_find(d, 4, 180), &d[2]);
	assert_ptr_equal(cobra_book_find(d, 4, 181), &d[3]);
	assert_ptr_equal(cobra_book_find(d, 4, INT32_MAX), &d[3]);
	assert_ptr_equal(cobra_book_find(closed, 2, 60), &closed[1]);
	assert_null(cobra_book_find(closed, 2, 61));
	assert_null(cobra_book_find(closed, 0, 1));
}

/* ---- deals ---- */

static void test_deal_make_by_hand(void **state)
{
	struct cobra_deal d;
	(void)state;
	/* R$ 1.000,00 + 20,00 fee + 35,55 interest = 1055,55. Waive 35,55
	 * and 20,00, discount 50,00: total 950,00, given 105,55. Down 190,00;
	 * 760,00 in 3 = 253,33 x 3 + 1 cent -> first 253,34. */
	const struct cobra_balance b = {100000, 2000, 3555};
	const struct cobra_terms t = {3555, 2000, 5000, 19000, 3};
	assert_int_equal(cobra_deal_make(&d, &b, &t), 0);
	assert_int_equal(d.total, 95000);
	assert_int_equal(d.given, 10555);
	assert_int_equal(d.down, 19000);
	assert_int_equal(d.installments, 3);
	assert_int_equal(d.first, 25334);
	assert_int_equal(d.each, 25333);
	/* in full: down = total, no installments */
	const struct cobra_terms full = {0, 0, 0, 105555, 0};
	assert_int_equal(cobra_deal_make(&d, &b, &full), 0);
	assert_int_equal(d.total, 105555);
	assert_int_equal(d.given, 0);
	assert_int_equal(d.first, 0);
	assert_int_equal(d.each, 0);
	/* no down payment, 360 installments of 1055,55: 105555 = 293 x 360 +
	 * 75 -> first 368 */
	const struct cobra_terms longest = {0, 0, 0, 0, 360};
	assert_int_equal(cobra_deal_make(&d, &b, &longest), 0);
	assert_int_equal(d.first, 368);
	assert_int_equal(d.each, 293);
	/* the largest balance, all waived but principal, which is cut by 1 cent */
	const struct cobra_balance big = {COBRA_MONEY_MAX, COBRA_MONEY_MAX, COBRA_MONEY_MAX};
	const struct cobra_terms most = {COBRA_MONEY_MAX, COBRA_MONEY_MAX, 1, 0, 2};
	assert_int_equal(cobra_deal_make(&d, &big, &most), 0);
	assert_int_equal(d.total, COBRA_MONEY_MAX - 1);
	assert_int_equal(d.given, 2 * COBRA_MONEY_MAX + 1);
	assert_int_equal(d.first, 49999999999);
	assert_int_equal(d.each, 49999999999);
}

struct deal_bad_row {
	struct cobra_balance b;
	struct cobra_terms t;
	const char *part;
};

/* balance: principal 100,00, fee 2,00, interest 3,00 = 105,00 */
#define B                                                                                                              \
	{                                                                                                              \
		10000, 200, 300                                                                                        \
	}

static const struct deal_bad_row deal_bad_rows[] = {
	{{-1, 200, 300}, {0, 0, 0, 0, 1}, "principal: \"-0.01\" is out of range (0.00 to 999999999.99)"},
	{{10000, 200, COBRA_MONEY_MAX + 1}, {0, 0, 0, 0, 1}, "interest: \"1000000000.00\" is out of range"},
	{B, {-100, 0, 0, 0, 1}, "interest waiver: \"-1.00\" is out of range"},
	{B, {0, 0, 0, -1, 1}, "down payment: \"-0.01\" is out of range"},
	{B, {301, 0, 0, 0, 1}, "interest waiver: \"3.01\" is more than the interest owed (3.00)"},
	{B, {0, 201, 0, 0, 1}, "fee waiver: \"2.01\" is more than the late fee owed (2.00)"},
	{B, {0, 0, 10001, 0, 1}, "discount: \"100.01\" is more than the principal (100.00)"},
	{B, {300, 200, 10000, 0, 0}, "terms: the waivers and the discount leave nothing to pay"},
	{{0, 0, 0}, {0, 0, 0, 0, 0}, "leave nothing to pay"},
	/* 3 x 999999999,99 = 2999999999,97, less 1,00 waived = 2999999998,97:
	 * more than one amount can hold */
	{{COBRA_MONEY_MAX, COBRA_MONEY_MAX, COBRA_MONEY_MAX}, {100, 0, 0, 0, 360},
		"terms: the new total 2999999998.97 is more than the largest amount, 999999999.99"},
	{B, {0, 0, 0, 10501, 0}, "down payment: \"105.01\" is more than the new total (105.00)"},
	{B, {0, 0, 0, 10500, 3}, "installments: \"3\" but the down payment pays the whole new total (105.00)"},
	{B, {0, 0, 0, 500, 0}, "installments: \"0\" leaves 100.00 unpaid after the down payment"},
	{B, {0, 0, 0, 0, -1}, "installments: \"-1\" is out of range (0 to 360)"},
	{B, {0, 0, 0, 0, 361}, "installments: \"361\" is out of range (0 to 360)"},
	{B, {0, 0, 0, 10498, 3}, "installments: \"3\" is more than the 2 cents left to split"},
};

static void test_deal_make_refuses(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(deal_bad_rows); i++) {
		struct cobra_deal d;
		cobra_error_clear();
		int rc = cobra_deal_make(&d, &deal_bad_rows[i].b, &deal_bad_rows[i].t);
		if (rc != -COBRA_INVALID || strstr(cobra_error_message(), deal_bad_rows[i].part) == NULL)
			fail_msg("row %zu: got %d \"%s\", want \"%s\"", i, rc, cobra_error_message(),
				deal_bad_rows[i].part);
	}
}

/* A random amount: often 0 or small, sometimes up to the maximum. */
static cobra_money random_amount(void)
{
	switch (rng_below(6)) {
	case 0:
		return 0;
	case 1:
		return (cobra_money)rng_below(100);
	case 2:
		return COBRA_MONEY_MAX - (cobra_money)rng_below(3);
	case 3:
		return (cobra_money)rng_below((uint64_t)COBRA_MONEY_MAX + 1);
	default:
		return (cobra_money)rng_below(10000000);
	}
}

static cobra_money random_upto(cobra_money max)
{
	uint64_t r = rng_below(4);
	if (r == 0)
		return 0;
	if (r == 1)
		return max;
	return (cobra_money)rng_below((uint64_t)max + 1);
}

/* Nothing is lost: total + given == principal + fee + interest exactly, and
 * down + first + each x (n - 1) == total, over 10,000 random deals. */
static void test_deal_invariant_random(void **state)
{
	int made = 0;
	(void)state;
	rng_state = 20260415;
	for (int i = 0; i < 10000; i++) {
		struct cobra_balance b = {random_amount(), random_amount(), random_amount()};
		struct cobra_terms t;
		struct cobra_deal d;
		t.waive_interest = random_upto(b.interest);
		t.waive_fee = random_upto(b.fee);
		t.discount = random_upto(b.principal);
		cobra_money total = b.principal + b.fee + b.interest - t.waive_interest - t.waive_fee - t.discount;
		t.installments = rng_below(5) == 0 ? 0 : 1 + (int32_t)rng_below(360);
		if (t.installments == 0 || total < t.installments) {
			t.down = total;
			t.installments = 0;
		} else {
			t.down = random_upto(total - t.installments);
		}
		cobra_error_clear();
		int rc = cobra_deal_make(&d, &b, &t);
		if (total == 0) {
			expect_error(rc, COBRA_INVALID, "leave nothing to pay");
			continue;
		}
		if (total > COBRA_MONEY_MAX) {
			/* "the new total ... is more than the largest amount", or the
			 * down payment (here the total) is out of range itself */
			expect_error(rc, COBRA_INVALID, "999999999.99");
			continue;
		}
		if (rc != 0)
			fail_msg("case %d refused: %s", i, cobra_error_message());
		made++;
		if (d.total + d.given != b.principal + b.fee + b.interest)
			fail_msg("case %d: total %lld + given %lld != balance", i, (long long)d.total,
				(long long)d.given);
		if (d.given != t.waive_interest + t.waive_fee + t.discount || d.total != total)
			fail_msg("case %d: given %lld, total %lld", i, (long long)d.given, (long long)d.total);
		__int128 sum =
			(__int128)d.down + (d.installments ? d.first + (__int128)d.each * (d.installments - 1) : 0);
		if (sum != d.total)
			fail_msg("case %d: the installments do not add up to the total", i);
		if (d.installments && (d.each < 1 || d.first < d.each || d.first - d.each >= d.installments))
			fail_msg("case %d: first %lld each %lld in %d", i, (long long)d.first, (long long)d.each,
				d.installments);
	}
	assert_true(made > 7000);
}

/* ---- offers ---- */

/* round_half_up(x * bp / 10000), by quotient and remainder */
static cobra_money ref_share(cobra_money x, int32_t bp)
{
	__int128 p = (__int128)x * bp;
	cobra_money q = (cobra_money)(p / 10000), r = (cobra_money)(p % 10000);
	return q + (2 * r >= 10000 ? 1 : 0);
}

static void expect_terms(
	const struct cobra_terms *got, cobra_money wi, cobra_money wf, cobra_money disc, cobra_money down, int32_t n)
{
	if (got->waive_interest != wi || got->waive_fee != wf || got->discount != disc || got->down != down ||
		got->installments != n)
		fail_msg("got {%lld %lld %lld %lld %d}, want {%lld %lld %lld %lld %d}", (long long)got->waive_interest,
			(long long)got->waive_fee, (long long)got->discount, (long long)got->down, got->installments,
			(long long)wi, (long long)wf, (long long)disc, (long long)down, n);
}

static void expect_deal(const struct cobra_balance *b, const struct cobra_terms *t, cobra_money total,
	cobra_money first, cobra_money each)
{
	struct cobra_deal d;
	assert_int_equal(cobra_deal_make(&d, b, t), 0);
	assert_int_equal(d.total, total);
	assert_int_equal(d.first, first);
	assert_int_equal(d.each, each);
}

static void test_offers_for_sample_balances(void **state)
{
	struct cobra_terms o[COBRA_MAX_OFFERS + 2];
	(void)state;
	/* Balance 1000,00 + fee 20,00 + interest 35,55 = 1055,55, tier 31-90
	 * (100%, 100%, 5%, 6 installments, 20% down):
	 * 1) waive 35,55 + 20,00, discount 5% of 1000,00 = 50,00: total
	 *    950,00 paid in full today.
	 * 2) half of 6 = 3: no discount, total 1000,00, down 20% = 200,00,
	 *    800,00 / 3 = 266,66 r 2 -> first 266,68.
	 * 3) 6: down 200,00, 800,00 / 6 = 133,33 r 2 -> first 133,35. */
	const struct cobra_balance b1 = {100000, 2000, 3555};
	assert_int_equal(cobra_offers(o, N_ROWS(o), &b1, &cobra_book_defaults[1]), 3);
	expect_terms(&o[0], 3555, 2000, 5000, 95000, 0);
	expect_terms(&o[1], 3555, 2000, 0, 20000, 3);
	expect_deal(&b1, &o[1], 100000, 26668, 26666);
	expect_terms(&o[2], 3555, 2000, 0, 20000, 6);
	expect_deal(&b1, &o[2], 100000, 13335, 13333);

	/* Half-up shares: 100,01 + 2,01 + 3,33 = 105,35 with a tier of 50%
	 * interest, 50% fee, 12.5% discount, 4 installments, 33.33% down:
	 * interest 333 x 50% = 166.5 -> 167; fee 201 x 50% = 100.5 -> 101;
	 * discount 10001 x 12.5% = 1250.125 -> 1250.
	 * 1) 10535 - 1518 = 9017 in full.
	 * 2) half of 4 = 2: total 10535 - 268 = 10267; down 10267 x 33.33% =
	 *    3421.9911 -> 3422; 6845 / 2 = 3422 r 1 -> 3423 first.
	 * 3) 4: 6845 / 4 = 1711 r 1 -> 1712 first. */
	const struct cobra_tier half_up = {1, 30, 5000, 5000, 1250, 3333, 4};
	const struct cobra_balance b2 = {10001, 201, 333};
	assert_int_equal(cobra_offers(o, N_ROWS(o), &b2, &half_up), 3);
	expect_terms(&o[0], 167, 101, 1250, 9017, 0);
	expect_terms(&o[1], 167, 101, 0, 3422, 2);
	expect_deal(&b2, &o[1], 10267, 3423, 3422);
	expect_terms(&o[2], 167, 101, 0, 3422, 4);
	expect_deal(&b2, &o[2], 10267, 1712, 1711);

	/* tier 1-30 (fee 0%, 3 installments, 30% down), 333,33 + 6,67 + 1,11:
	 * 1) waive 1,11 only: 340,00 in full.
	 * 2) half of 3 = 1: down 102,00, one installment of 238,00.
	 * 3) 3: 238,00 / 3 = 79,33 r 1 -> 79,34 first. */
	const struct cobra_balance b3 = {33333, 667, 111};
	assert_int_equal(cobra_offers(o, N_ROWS(o), &b3, &cobra_book_defaults[0]), 3);
	expect_terms(&o[0], 111, 0, 0, 34000, 0);
	expect_terms(&o[1], 111, 0, 0, 10200, 1);
	expect_deal(&b3, &o[1], 34000, 23800, 23800);
	expect_terms(&o[2], 111, 0, 0, 10200, 3);
	expect_deal(&b3, &o[2], 34000, 7934, 7933);

	/* MAX limits what is written */
	assert_int_equal(cobra_offers(o, 1, &b3, &cobra_book_defaults[0]), 1);
	expect_terms(&o[0], 111, 0, 0, 34000, 0);
	assert_int_equal(cobra_offers(o, 0, &b3, &cobra_book_defaults[0]), 0);
}

static void test_offers_leave_out_what_cannot_be_made(void **state)
{
	struct cobra_terms o[COBRA_MAX_OFFERS];
	(void)state;
	/* one installment at most: half of 1 is 0, so in full and 1 */
	const struct cobra_tier one = {1, 30, 0, 0, 0, 1000, 1};
	const struct cobra_balance b = {10000, 0, 0};
	assert_int_equal(cobra_offers(o, COBRA_MAX_OFFERS, &b, &one), 2);
	expect_terms(&o[0], 0, 0, 0, 10000, 0);
	expect_terms(&o[1], 0, 0, 0, 1000, 1);
	/* a 100% down payment leaves nothing to split: in full only */
	const struct cobra_tier all_down = {1, 30, 0, 0, 0, 10000, 6};
	assert_int_equal(cobra_offers(o, COBRA_MAX_OFFERS, &b, &all_down), 1);
	expect_terms(&o[0], 0, 0, 0, 10000, 0);
	/* a 100% discount on a balance of principal only would leave 0 in
	 * full: offer 1 is left out, the installment ones move up */
	const struct cobra_tier all_off = {1, 30, 10000, 10000, 10000, 0, 2};
	assert_int_equal(cobra_offers(o, COBRA_MAX_OFFERS, &b, &all_off), 2);
	expect_terms(&o[0], 0, 0, 0, 0, 1);
	expect_terms(&o[1], 0, 0, 0, 0, 2);
	/* 2 cents cannot make 6 installments; 3 of them is 1 cent too many */
	const struct cobra_balance tiny = {2, 0, 0};
	const struct cobra_tier six = {1, 30, 0, 0, 0, 0, 6};
	assert_int_equal(cobra_offers(o, COBRA_MAX_OFFERS, &tiny, &six), 1);
	expect_terms(&o[0], 0, 0, 0, 2, 0);
	/* nothing owed, or a bad balance: no offers, no error */
	const struct cobra_balance zero = {0, 0, 0}, bad = {-5, 0, 0};
	cobra_error_clear();
	assert_int_equal(cobra_offers(o, COBRA_MAX_OFFERS, &zero, &cobra_book_defaults[3]), 0);
	assert_int_equal(cobra_offers(o, COBRA_MAX_OFFERS, &bad, &cobra_book_defaults[3]), 0);
	assert_int_equal(cobra_error_code(), COBRA_OK);
}

/* Every offer of a random tier for a random balance makes a deal that
 * nothing is lost in, fits the tier, and has the documented shape. */
static void test_offers_random_fit_their_tier(void **state)
{
	(void)state;
	rng_state = 31337;
	for (int i = 0; i < 10000; i++) {
		struct cobra_balance b = {random_amount(), random_amount(), random_amount()};
		struct cobra_tier t = {1, 30, (int32_t)rng_below(10001), (int32_t)rng_below(10001),
			(int32_t)rng_below(10001), (int32_t)rng_below(10001), 1 + (int32_t)rng_below(360)};
		struct cobra_terms o[COBRA_MAX_OFFERS];
		if (rng_below(3) == 0)
			t.discount_bp = 0;
		cobra_error_clear();
		size_t n = cobra_offers(o, COBRA_MAX_OFFERS, &b, &t);
		cobra_money wi = ref_share(b.interest, t.waive_interest_bp), wf = ref_share(b.fee, t.waive_fee_bp);
		cobra_money full = b.principal + b.fee + b.interest - wi - wf - ref_share(b.principal, t.discount_bp);
		if (full > 0 && full <= COBRA_MONEY_MAX && (n == 0 || o[0].installments != 0 || o[0].down != full))
			fail_msg("case %d: no in-full offer of %lld first", i, (long long)full);
		for (size_t k = 0; k < n; k++) {
			struct cobra_deal d;
			if (cobra_terms_check(&o[k], &b, &t) != 0)
				fail_msg("case %d offer %zu does not fit: %s", i, k + 1, cobra_error_message());
			assert_int_equal(cobra_deal_make(&d, &b, &o[k]), 0);
			if (d.total + d.given != b.principal + b.fee + b.interest)
				fail_msg("case %d offer %zu lost money", i, k + 1);
			if (o[k].waive_interest != wi || o[k].waive_fee != wf)
				fail_msg("case %d offer %zu: waivers %lld %lld, want %lld %lld", i, k + 1,
					(long long)o[k].waive_interest, (long long)o[k].waive_fee, (long long)wi,
					(long long)wf);
			if (o[k].installments > 0 &&
				(o[k].discount != 0 || o[k].down != ref_share(d.total, t.min_down_bp) ||
					(o[k].installments != t.max_installments &&
						o[k].installments != t.max_installments / 2)))
				fail_msg("case %d offer %zu: not an installment offer of the list", i, k + 1);
			if (k > 0 && o[k].installments <= o[k - 1].installments)
				fail_msg("case %d: offers not in order", i);
		}
	}
}

/* ---- terms against the book ---- */

static void test_terms_check_messages(void **state)
{
	/* principal 120,00, fee 2,40, interest 30,00 = 152,40 */
	const struct cobra_balance b = {12000, 240, 3000};
	const struct cobra_tier *t91 = &cobra_book_defaults[2]; /* 100%, 100%, 10%, 10, 15% */
	const struct cobra_tier *t1 = &cobra_book_defaults[0];  /* 100%, 0%, 0%, 3, 30% */
	const struct cobra_tier half = {1, 30, 5000, 5000, 0, 0, 3};
	(void)state;

	/* the limits themselves fit: everything waived, 10% of 120,00 =
	 * 12,00 off: total 108,00; 15% down = 16,20; 91,80 in 10 */
	const struct cobra_terms limits = {3000, 240, 1200, 1620, 10};
	assert_int_equal(cobra_terms_check(&limits, &b, t91), 0);
	/* discount 50,00 on a 10% tier: 152,40 - 50,00 = 102,40 in full */
	const struct cobra_terms disc = {0, 0, 5000, 10240, 0};
	cobra_error_clear();
	expect_error(cobra_terms_check(&disc, &b, t91), COBRA_REFUSED,
		"discount 50.00 is more than the 10% (12.00) this tier allows");
	/* one cent over the discount limit */
	const struct cobra_terms disc1 = {0, 0, 1201, 15240 - 1201, 0};
	cobra_error_clear();
	expect_error(cobra_terms_check(&disc1, &b, t91), COBRA_REFUSED,
		"discount 12.01 is more than the 10% (12.00) this tier allows");
	/* the 1-30 tier waives no fee */
	const struct cobra_terms fee = {0, 100, 0, 15140, 0};
	cobra_error_clear();
	expect_error(cobra_terms_check(&fee, &b, t1), COBRA_REFUSED,
		"fee waiver 1.00 is more than the 0% (0.00) this tier allows");
	/* half the interest: 15,00 */
	const struct cobra_terms interest = {1501, 0, 0, 15240 - 1501, 0};
	cobra_error_clear();
	expect_error(cobra_terms_check(&interest, &b, &half), COBRA_REFUSED,
		"interest waiver 15.01 is more than the 50% (15.00) this tier allows");
	/* 12 installments on a 10 installment tier */
	const struct cobra_terms many = {0, 0, 0, 5000, 12};
	cobra_error_clear();
	expect_error(cobra_terms_check(&many, &b, t91), COBRA_REFUSED,
		"installments 12 is more than the 10 this tier allows");
	/* 15% of 152,40 = 22,86 */
	const struct cobra_terms down = {0, 0, 0, 2000, 10};
	cobra_error_clear();
	expect_error(cobra_terms_check(&down, &b, t91), COBRA_REFUSED,
		"down payment 20.00 is less than the 15% (22.86) this tier requires");
	const struct cobra_terms down_ok = {0, 0, 0, 2286, 10};
	assert_int_equal(cobra_terms_check(&down_ok, &b, t91), 0);
	/* 30% of 152,40 - 1,11 waived = 151,29 -> 45,387 -> 45,39 */
	const struct cobra_terms down30 = {111, 0, 0, 4538, 3};
	cobra_error_clear();
	expect_error(cobra_terms_check(&down30, &b, t1), COBRA_REFUSED,
		"down payment 45.38 is less than the 30% (45.39) this tier requires");
	/* the first term out is the one reported: interest before discount */
	const struct cobra_terms two = {1600, 0, 5000, 15240 - 6600, 0};
	cobra_error_clear();
	expect_error(cobra_terms_check(&two, &b, &half), COBRA_REFUSED, "interest waiver 16.00");
	/* terms that make no deal are invalid, not refused */
	const struct cobra_terms impossible = {3100, 0, 0, 0, 1};
	cobra_error_clear();
	expect_error(cobra_terms_check(&impossible, &b, t91), COBRA_INVALID,
		"interest waiver: \"31.00\" is more than the interest owed (30.00)");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_tier_parse_good_lines_and_format_them, unit_clear),
		cmocka_unit_test_setup(test_tier_parse_refuses_bad_lines, unit_clear),
		cmocka_unit_test_setup(test_book_defaults_are_the_documented_ones, unit_clear),
		cmocka_unit_test_setup(test_book_check, unit_clear),
		cmocka_unit_test_setup(test_book_find, unit_clear),
		cmocka_unit_test_setup(test_deal_make_by_hand, unit_clear),
		cmocka_unit_test_setup(test_deal_make_refuses, unit_clear),
		cmocka_unit_test_setup(test_deal_invariant_random, unit_clear),
		cmocka_unit_test_setup(test_offers_for_sample_balances, unit_clear),
		cmocka_unit_test_setup(test_offers_leave_out_what_cannot_be_made, unit_clear),
		cmocka_unit_test_setup(test_offers_random_fit_their_tier, unit_clear),
		cmocka_unit_test_setup(test_terms_check_messages, unit_clear),
	};
	return cmocka_run_group_tests_name("offer", tests, NULL, NULL);
}
