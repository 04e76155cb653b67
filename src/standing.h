/*
 * standing.h - a customer's standing as of a date, from the read cache: what
 * is open and overdue, and the history the score and the good-payer points
 * are computed from (score.h). rank, score and sell's credit policy share it,
 * so that they can never disagree.
 *
 * Per installment whose effective due date (ledger.h) is on or before ASOF:
 *  - on time: its principal was fully paid by the due date + grace days;
 *  - its delay: 0 when on time; else the days from the due date to the full
 *    payment, or to the day an agreement replaced it, or to ASOF while open;
 *  - early: fully paid COBRA_EARLY_DAYS or more days before the due date.
 * Installments an agreement replaced count as due and not on time (they were
 * renegotiated, not paid); an agreement's own installments count like any.
 */
#ifndef COBRA_STANDING_H
#define COBRA_STANDING_H

#include "cache.h"
#include "score.h"

struct cobra_standing {
	cobra_money open;      /* everything owed on ASOF */
	cobra_money overdue;   /* of it, what is past its due date */
	cobra_money principal, fee, interest; /* of the overdue part */
	int32_t oldest_days;   /* days late of the oldest overdue item, 0 when none */
	int32_t overdue_items;
	struct cobra_history history;
	struct cobra_good_counts good;
	struct cobra_score score;
};

int cobra_standing_of(struct cobra_standing *out, const struct cobra_cview *v, const struct cobra_charges *ch,
		      cobra_date asof);

/* The standing of one customer E of HEAD, read through the cache, with the
 * charges the policy of S sets for its document. */
int cobra_standing_for(struct cobra_standing *out, struct cobra_store *s, const struct cobra_entry *e,
		       cobra_date asof);

#endif
