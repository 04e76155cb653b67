/*
 * score.h - the internal score, the chasing priority and good-payer points.
 *
 * Pure integer functions: the caller aggregates a customer's history as of a
 * date (what "due", "on time" and "late" mean comes from ledger.h, with the
 * grace days and the weekend shift) and these turn it into points. Each
 * result carries its components so that --explain can show where every point
 * came from; the components always add up to the total before clamping.
 * Negative counts are read as 0. "round(a / b)" below means a / b rounded
 * half-up to an integer (cobra_div_round); every numerator is >= 0.
 *
 * SCORE (0 to 1000; higher is better). With n = due_count > 0:
 *
 *   on_time   = round(500 x min(on_time, n) / n)                 0..500
 *   delay     = round(200 x max(0, 60 x n - delay_days_sum) / (60 x n))
 *               i.e. 200 at an average delay of 0 days, falling
 *               linearly to 0 at an average of 60 days or more   0..200
 *   worst     = round(150 x max(0, 120 - worst_delay) / 120)
 *               150 at 0 days, 0 at 120 days or more             0..150
 *   tenure    = round(150 x min(tenure_days, 365) / 365)
 *               linear up to 150 at one year                      0..150
 *   broken    = -min(150 x broken_agreements, 1000)
 *   reminders = -min(10 x max(0, reminders - n), 1000)
 *               10 off for each reminder beyond one per due installment
 *   total     = on_time + delay + worst + tenure + broken + reminders,
 *               clamped to 0..1000.
 *
 * A customer with no due installment yet (n = 0) is neutral: nothing is
 * known, good or bad, and tenure without a due installment proves nothing, so
 * on_time = 250, delay = 100, worst = 75 and tenure = 75 (half of each
 * maximum, 500 in all); the two penalties apply as above (with n = 0).
 *
 * PRIORITY for chasing (higher = chase first). With nothing overdue
 * (overdue <= 0) every component is 0. Otherwise:
 *
 *   amount_pts = isqrt(overdue in cents), the integer square root rounded
 *                down: R$ 1,00 -> 10, R$ 100,00 -> 100, R$ 10.000,00 ->
 *                1000. It grows with the amount, but ten times the money is
 *                about three times the points, so that one large debt does
 *                not bury every older one.
 *   age_pts    = 5 x min(max(oldest_days, 0), 365): 5 a day for a year.
 *   score_pts  = 1000 - score (score clamped to 0..1000): the worse the
 *                history, the sooner to call.
 *   total      = amount_pts + age_pts + score_pts.
 *
 * GOOD-PAYER points (rank --good): from counts of installments,
 *
 *   on_time_pts = 10 x paid_on_time   (fully paid by due date + grace)
 *   early_pts   =  5 x min(paid_early, paid_on_time)
 *                                     (of those, fully paid COBRA_EARLY_DAYS
 *                                      or more days before the due date)
 *   late_pts    = -10 x paid_late     (fully paid after due date + grace)
 *   overdue_pts = -20 x overdue       (still open after due date + grace)
 *   total       = the sum; it may be negative.
 */
#ifndef COBRA_SCORE_H
#define COBRA_SCORE_H

#include <stdint.h>

#include "money.h"

#define COBRA_SCORE_MAX 1000
#define COBRA_SCORE_NEUTRAL 500
#define COBRA_EARLY_DAYS 3

/* A customer's history, aggregated by the caller as of a date. */
struct cobra_history {
	int32_t tenure_days;       /* asof - customer since, >= 0 */
	int32_t due_count;         /* installments whose (effective) due date is <= asof */
	int32_t on_time;           /* of those, fully paid by due date + grace */
	int64_t delay_days_sum;    /* sum over due installments of days late (paid late: days from due
				      to full payment; still open: days from due to asof; on time: 0) */
	int32_t worst_delay;       /* max of those */
	int32_t broken_agreements; /* agreements broken */
	int32_t reminders;         /* reminders sent (any channel) */
};

struct cobra_score {
	int32_t total;                                            /* 0..1000 */
	int32_t on_time, delay, worst, tenure, broken, reminders; /* each component's points */
};

void cobra_score_compute(struct cobra_score *out, const struct cobra_history *h);

/* Priority for chasing (rank --by priority), formula above. */
struct cobra_priority {
	int64_t total;
	int64_t amount_pts, age_pts, score_pts;
};

void cobra_priority_compute(struct cobra_priority *out, cobra_money overdue, int32_t oldest_days, int32_t score);

/* Installment counts for good-payer points, as of a date. */
struct cobra_good_counts {
	int32_t paid_on_time; /* fully paid by due date + grace (early ones included) */
	int32_t paid_early;   /* of those, fully paid COBRA_EARLY_DAYS+ days before due */
	int32_t paid_late;    /* fully paid after due date + grace */
	int32_t overdue;      /* still open after due date + grace */
};

struct cobra_good {
	int64_t total;
	int64_t on_time_pts, early_pts, late_pts, overdue_pts;
};

void cobra_good_compute(struct cobra_good *out, const struct cobra_good_counts *c);

#endif
