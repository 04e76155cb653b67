/*
 * test_score.c - the score, the chasing priority and good-payer points
 * (src/score.h).
 *
 * Every expected value in the tables is worked out by hand in the comment
 * beside it from the formulas written in score.h; the properties check what
 * the formulas promise (bounds, components adding up, the direction each
 * input moves the result) over random inputs.
 */
#include "unit.h"

#include <limits.h>
#include <stdio.h>

#include "../../src/score.h"

struct score_row {
	const char *name;
	struct cobra_history h;
	struct cobra_score want; /* total, on_time, delay, worst, tenure, broken, reminders */
};

/* struct cobra_history: tenure, due, on_time, delay_sum, worst, broken, reminders */
static const struct score_row score_rows[] = {
	/* 12 due, all on time, one reminder each: 500 + 200 + 150; tenure 730
	 * days counts as 365 -> 150. 1000 in all, nothing off. */
	{"perfect payer", {730, 12, 12, 0, 0, 0, 12}, {1000, 500, 200, 150, 150, 0, 0}},
	/* nothing due yet: half of every maximum, 250 + 100 + 75 + 75 = 500;
	 * tenure 10 days does not matter. */
	{"new customer", {10, 0, 0, 0, 0, 0, 0}, {500, 250, 100, 75, 75, 0, 0}},
	/* a long-time customer with nothing due yet is still neutral */
	{"nothing due after two years", {800, 0, 0, 0, 0, 0, 0}, {500, 250, 100, 75, 75, 0, 0}},
	/* nothing due, 3 reminders: 3 beyond 0 due -> -30 -> 470 */
	{"new customer reminded", {0, 0, 0, 0, 0, 0, 3}, {470, 250, 100, 75, 75, 0, -30}},
	/* 10 due, none on time: 0. average delay 45: 200 x (600 - 450) / 600
	 * = 50. worst 70: 150 x 50 / 120 = 62.5 -> 63 (half-up). tenure 200:
	 * 30000 / 365 = 82.19 -> 82. reminders 25 - 10 = 15 -> -150.
	 * 0 + 50 + 63 + 82 - 150 = 45. */
	{"always late", {200, 10, 0, 450, 70, 0, 25}, {45, 0, 50, 63, 82, 0, -150}},
	/* 6 due, 4 on time: 2000 / 6 = 333.33 -> 333. delay 40 over 6:
	 * 200 x 320 / 360 = 177.78 -> 178. worst 30: 150 x 90 / 120 = 112.5
	 * -> 113. tenure 365 -> 150. 2 broken -> -300.
	 * 333 + 178 + 113 + 150 - 300 = 474. */
	{"two broken agreements", {365, 6, 4, 40, 30, 2, 6}, {474, 333, 178, 113, 150, -300, 0}},
	/* 8 due, 1 on time: 500 / 8 = 62.5 -> 63. delay 7: 200 x 473 / 480 =
	 * 197.08 -> 197. worst 1: 150 x 119 / 120 = 148.75 -> 149. tenure
	 * 100: 15000 / 365 = 41.10 -> 41. 63 + 197 + 149 + 41 = 450. */
	{"half-up rounding", {100, 8, 1, 7, 1, 0, 8}, {450, 63, 197, 149, 41, 0, 0}},
	/* tenure 73: 150 x 73 / 365 = 30 exactly; 2 days: 0.82 -> 1 */
	{"tenure exact", {73, 1, 1, 0, 0, 0, 0}, {880, 500, 200, 150, 30, 0, 0}},
	{"tenure two days", {2, 1, 1, 0, 0, 0, 1}, {851, 500, 200, 150, 1, 0, 0}},
	/* average delay exactly 60 and worst exactly 120: both 0. 2 due, 1 on
	 * time: 250. tenure 0. 250. */
	{"delay at the limits", {0, 2, 1, 120, 120, 0, 2}, {250, 250, 0, 0, 0, 0, 0}},
	/* 4 due, none on time, average 250 days: 0, 0, 0. tenure 30: 4500 /
	 * 365 = 12.33 -> 12. 5 broken -> -750. 100 - 4 = 96 reminders ->
	 * -960. 12 - 750 - 960 = -1698 -> clamped to 0. */
	{"clamped at 0", {30, 4, 0, 1000, 300, 5, 100}, {0, 0, 0, 0, 12, -750, -960}},
	/* penalties capped at 1000 each: 10 broken = 1500 -> 1000 */
	{"penalty cap", {365, 1, 1, 0, 0, 10, 1}, {0, 500, 200, 150, 150, -1000, 0}},
	/* more on time than due (bad caller data) counts as all on time */
	{"on time above due", {0, 2, 5, 0, 0, 0, 0}, {850, 500, 200, 150, 0, 0, 0}},
	/* negative inputs are 0: due -3 -> neutral */
	{"negative inputs", {-5, -3, -1, -9, -2, -4, -7}, {500, 250, 100, 75, 75, 0, 0}},
	/* the largest inputs: on_time 500; delay and worst 0; tenure 150;
	 * broken capped -1000; reminders - due = 0. 500 + 150 - 1000 < 0 -> 0 */
	{"largest inputs", {INT32_MAX, INT32_MAX, INT32_MAX, INT64_MAX, INT32_MAX, INT32_MAX, INT32_MAX},
		{0, 500, 0, 0, 150, -1000, 0}},
};

static void test_score_table(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(score_rows); i++) {
		const struct score_row *r = &score_rows[i];
		struct cobra_score s;
		memset(&s, 0x55, sizeof(s));
		cobra_score_compute(&s, &r->h);
		if (memcmp(&s, &r->want, sizeof(s)) != 0) {
			print_error("%s: got total %d (%d %d %d %d %d %d), want %d (%d %d %d %d %d %d)\n", r->name,
				s.total, s.on_time, s.delay, s.worst, s.tenure, s.broken, s.reminders, r->want.total,
				r->want.on_time, r->want.delay, r->want.worst, r->want.tenure, r->want.broken,
				r->want.reminders);
			nfail++;
		}
	}
	assert_int_equal(nfail, 0);
}

static struct cobra_history random_history(void)
{
	struct cobra_history h;
	h.tenure_days = (int32_t)rng_below(2000);
	h.due_count = (int32_t)rng_below(rng_below(4) == 0 ? 3 : 200);
	h.on_time = h.due_count ? (int32_t)rng_below((uint64_t)h.due_count + 1) : 0;
	h.worst_delay = (int32_t)rng_below(300);
	h.delay_days_sum = (int64_t)rng_below((uint64_t)(h.due_count - h.on_time) * (uint64_t)h.worst_delay + 1);
	h.broken_agreements = (int32_t)rng_below(rng_below(3) == 0 ? 10 : 2);
	h.reminders = (int32_t)rng_below(400);
	return h;
}

static int32_t components(const struct cobra_score *s)
{
	return s->on_time + s->delay + s->worst + s->tenure + s->broken + s->reminders;
}

/* Bounds and explainability: every component within its documented range,
 * the total the clamped sum of the components. */
static void test_score_components_add_up_and_stay_in_range(void **state)
{
	(void)state;
	rng_state = 20260301;
	for (int i = 0; i < 10000; i++) {
		struct cobra_history h = random_history();
		struct cobra_score s;
		cobra_score_compute(&s, &h);
		int32_t sum = components(&s);
		int32_t want = sum < 0 ? 0 : sum > 1000 ? 1000 : sum;
		if (s.total != want || s.on_time < 0 || s.on_time > 500 || s.delay < 0 || s.delay > 200 ||
			s.worst < 0 || s.worst > 150 || s.tenure < 0 || s.tenure > 150 || s.broken > 0 ||
			s.broken < -1000 || s.reminders > 0 || s.reminders < -1000)
			fail_msg("case %d: total %d, components %d %d %d %d %d %d", i, s.total, s.on_time, s.delay,
				s.worst, s.tenure, s.broken, s.reminders);
	}
}

/* Each input moves the score the way the formula says: one more on-time
 * installment, a longer tenure, a shorter worst delay never lower it; one
 * more broken agreement or one more reminder never raise it. */
static void test_score_moves_the_right_way(void **state)
{
	(void)state;
	rng_state = 77;
	for (int i = 0; i < 10000; i++) {
		struct cobra_history h = random_history(), g;
		struct cobra_score a, b;
		if (h.due_count == 0)
			continue;
		cobra_score_compute(&a, &h);
		g = h;
		g.due_count++;
		g.on_time++;
		g.reminders++; /* the usual reminder for the new installment */
		cobra_score_compute(&b, &g);
		if (b.total < a.total)
			fail_msg("case %d: one more on-time installment lowered %d to %d", i, a.total, b.total);
		g = h;
		g.tenure_days += 30;
		cobra_score_compute(&b, &g);
		if (b.total < a.total)
			fail_msg("case %d: longer tenure lowered %d to %d", i, a.total, b.total);
		g = h;
		g.worst_delay = g.worst_delay > 10 ? g.worst_delay - 10 : 0;
		cobra_score_compute(&b, &g);
		if (b.total < a.total)
			fail_msg("case %d: a shorter worst delay lowered %d to %d", i, a.total, b.total);
		g = h;
		g.broken_agreements++;
		cobra_score_compute(&b, &g);
		if (b.total > a.total || (a.total >= 150 && b.total != a.total - 150 && b.broken > -1000))
			fail_msg("case %d: a broken agreement moved %d to %d", i, a.total, b.total);
		g = h;
		g.reminders++;
		cobra_score_compute(&b, &g);
		if (b.total > a.total)
			fail_msg("case %d: a reminder raised %d to %d", i, a.total, b.total);
	}
}

/* ---- priority ---- */

struct priority_row {
	cobra_money overdue;
	int32_t days, score;
	struct cobra_priority want; /* total, amount, age, score */
};

static const struct priority_row priority_rows[] = {
	/* nothing overdue: 0 whatever the rest */
	{0, 100, 0, {0, 0, 0, 0}},
	{-500, 10, 300, {0, 0, 0, 0}},
	/* R$ 100,00 = 10000 cents -> sqrt 100; 10 days -> 50; score 800 ->
	 * 200. 350. */
	{10000, 10, 800, {350, 100, 50, 200}},
	/* 12345: 111^2 = 12321 <= 12345 < 12544 = 112^2 -> 111; 400 days
	 * capped at 365 -> 1825; score -5 is 0 -> 1000. 2936. */
	{12345, 400, -5, {2936, 111, 1825, 1000}},
	/* 1 cent -> 1; negative days -> 0; score above 1000 -> 0. */
	{1, -3, 1200, {1, 1, 0, 0}},
	/* 3 cents -> 1 (floor of 1.73); 4 -> 2 */
	{3, 1, 1000, {6, 1, 5, 0}},
	{4, 1, 1000, {7, 2, 5, 0}},
	/* the largest amount, 99999999999: 316227^2 = 99999515529 and
	 * 316228^2 = 100000147984 -> 316227 */
	{COBRA_MONEY_MAX, 0, 500, {316727, 316227, 0, 500}},
};

static void test_priority_table(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(priority_rows); i++) {
		const struct priority_row *r = &priority_rows[i];
		struct cobra_priority p;
		cobra_priority_compute(&p, r->overdue, r->days, r->score);
		if (p.total != r->want.total || p.amount_pts != r->want.amount_pts || p.age_pts != r->want.age_pts ||
			p.score_pts != r->want.score_pts) {
			print_error("row %zu: got %lld (%lld %lld %lld), want %lld (%lld %lld %lld)\n", i,
				(long long)p.total, (long long)p.amount_pts, (long long)p.age_pts,
				(long long)p.score_pts, (long long)r->want.total, (long long)r->want.amount_pts,
				(long long)r->want.age_pts, (long long)r->want.score_pts);
			nfail++;
		}
	}
	assert_int_equal(nfail, 0);
}

/* amount_pts is floor(sqrt(overdue)): r^2 <= v < (r + 1)^2, checked with
 * 128-bit squares, at perfect squares, their neighbours and random amounts. */
static void test_priority_amount_is_integer_square_root(void **state)
{
	(void)state;
	rng_state = 4242;
	for (int i = 0; i < 20000; i++) {
		cobra_money v;
		if (i < 3 * 1000) {
			int64_t k = 1 + (int64_t)rng_below(316227);
			v = k * k + (i % 3) - 1; /* k^2 - 1, k^2, k^2 + 1 */
		} else {
			v = 1 + (cobra_money)rng_below((uint64_t)COBRA_MONEY_MAX);
		}
		struct cobra_priority p;
		cobra_priority_compute(&p, v, 0, 1000);
		__int128 r = p.amount_pts;
		if (!(r * r <= v && (r + 1) * (r + 1) > v))
			fail_msg("isqrt(%lld) gave %lld", (long long)v, (long long)p.amount_pts);
	}
}

/* More overdue -> not lower (four times as much -> higher); older ->
 * higher up to a year; lower score -> higher. */
static void test_priority_orders(void **state)
{
	(void)state;
	rng_state = 99;
	for (int i = 0; i < 10000; i++) {
		cobra_money a = 1 + (cobra_money)rng_below(1000000000);
		int32_t d = (int32_t)rng_below(400), s = (int32_t)rng_below(1001);
		struct cobra_priority p, q;
		cobra_priority_compute(&p, a, d, s);
		cobra_priority_compute(&q, a + 1 + (cobra_money)rng_below(100000), d, s);
		if (q.total < p.total)
			fail_msg("more overdue lowered the priority: %lld < %lld", (long long)q.total,
				(long long)p.total);
		cobra_priority_compute(&q, a * 4, d, s);
		if (q.total <= p.total)
			fail_msg("four times as much overdue did not raise it: %lld <= %lld", (long long)q.total,
				(long long)p.total);
		cobra_priority_compute(&q, a, d + 1, s);
		if (d < 365 ? q.total <= p.total : q.total != p.total)
			fail_msg("a day older (from %d days) moved %lld to %lld", d, (long long)p.total,
				(long long)q.total);
		if (s > 0) {
			cobra_priority_compute(&q, a, d, s - 1);
			if (q.total <= p.total)
				fail_msg("a lower score did not raise %lld (got %lld)", (long long)p.total,
					(long long)q.total);
		}
	}
}

/* ---- good payers ---- */

static void test_good_payer_points(void **state)
{
	struct cobra_good g;
	(void)state;
	/* 10 on time (4 of them early), 2 late, 1 open overdue:
	 * 100 + 20 - 20 - 20 = 80 */
	const struct cobra_good_counts c1 = {10, 4, 2, 1};
	cobra_good_compute(&g, &c1);
	assert_int_equal(g.on_time_pts, 100);
	assert_int_equal(g.early_pts, 20);
	assert_int_equal(g.late_pts, -20);
	assert_int_equal(g.overdue_pts, -20);
	assert_int_equal(g.total, 80);
	/* early counts at most the on-time ones: 2 on time, 5 "early" ->
	 * 20 + 10 = 30 */
	const struct cobra_good_counts c2 = {2, 5, 0, 0};
	cobra_good_compute(&g, &c2);
	assert_int_equal(g.early_pts, 10);
	assert_int_equal(g.total, 30);
	/* only bad news: 3 late, 2 overdue -> -30 - 40 = -70 */
	const struct cobra_good_counts c3 = {0, 0, 3, 2};
	cobra_good_compute(&g, &c3);
	assert_int_equal(g.total, -70);
	/* negative counts are 0 */
	const struct cobra_good_counts c4 = {-1, -1, -1, -1};
	cobra_good_compute(&g, &c4);
	assert_int_equal(g.total, 0);
	assert_int_equal(g.late_pts, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_score_table, unit_clear),
		cmocka_unit_test_setup(test_score_components_add_up_and_stay_in_range, unit_clear),
		cmocka_unit_test_setup(test_score_moves_the_right_way, unit_clear),
		cmocka_unit_test_setup(test_priority_table, unit_clear),
		cmocka_unit_test_setup(test_priority_amount_is_integer_square_root, unit_clear),
		cmocka_unit_test_setup(test_priority_orders, unit_clear),
		cmocka_unit_test_setup(test_good_payer_points, unit_clear),
	};
	return cmocka_run_group_tests_name("score", tests, NULL, NULL);
}
