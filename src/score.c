#include "score.h"

/* Formulas and their rounding: score.h. */

static int64_t nonneg(int64_t v)
{
	return v < 0 ? 0 : v;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* A penalty of PER points for each of COUNT, capped at the whole scale so
 * that a huge count cannot overflow and the components still add up. */
static int32_t penalty(int64_t count, int64_t per)
{
	return (int32_t)-min64(nonneg(count) * per, COBRA_SCORE_MAX);
}

void cobra_score_compute(struct cobra_score *out, const struct cobra_history *h)
{
	int64_t n = nonneg(h->due_count);
	if (n == 0) {
		out->on_time = 250;
		out->delay = 100;
		out->worst = 75;
		out->tenure = 75;
	} else {
		int64_t on_time = min64(nonneg(h->on_time), n);
		int64_t span = 60 * n;
		int64_t worst = min64(nonneg(h->worst_delay), 120);
		out->on_time = (int32_t)cobra_div_round((__int128)500 * on_time, n);
		out->delay = (int32_t)cobra_div_round(
			(__int128)200 * nonneg(span - min64(nonneg(h->delay_days_sum), span)), span);
		out->worst = (int32_t)cobra_div_round((__int128)150 * (120 - worst), 120);
		out->tenure = (int32_t)cobra_div_round((__int128)150 * min64(nonneg(h->tenure_days), 365), 365);
	}
	out->broken = penalty(h->broken_agreements, 150);
	out->reminders = penalty(nonneg(h->reminders) - n, 10);
	int64_t sum = (int64_t)out->on_time + out->delay + out->worst + out->tenure + out->broken + out->reminders;
	out->total = (int32_t)clamp64(sum, 0, COBRA_SCORE_MAX);
}

/* floor(sqrt(v)) for v >= 0, by Newton's method on integers from the upper
 * bound v / 2 + 1 (no v + 1 that could overflow). */
static int64_t isqrt64(int64_t v)
{
	if (v < 2)
		return v;
	int64_t x = v / 2 + 1, y = (x + v / x) / 2;
	while (y < x) {
		x = y;
		y = (x + v / x) / 2;
	}
	return x;
}

void cobra_priority_compute(struct cobra_priority *out, cobra_money overdue, int32_t oldest_days, int32_t score)
{
	out->amount_pts = out->age_pts = out->score_pts = out->total = 0;
	if (overdue <= 0)
		return;
	out->amount_pts = isqrt64(overdue);
	out->age_pts = 5 * min64(nonneg(oldest_days), 365);
	out->score_pts = COBRA_SCORE_MAX - clamp64(score, 0, COBRA_SCORE_MAX);
	out->total = out->amount_pts + out->age_pts + out->score_pts;
}

void cobra_good_compute(struct cobra_good *out, const struct cobra_good_counts *c)
{
	int64_t on_time = nonneg(c->paid_on_time);
	out->on_time_pts = 10 * on_time;
	out->early_pts = 5 * min64(nonneg(c->paid_early), on_time);
	out->late_pts = -10 * nonneg(c->paid_late);
	out->overdue_pts = -20 * nonneg(c->overdue);
	out->total = out->on_time_pts + out->early_pts + out->late_pts + out->overdue_pts;
}
