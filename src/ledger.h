/*
 * ledger.h - the money rules: installment plans, late charges, allocation.
 *
 * Pure functions over records; nothing here reads files or the clock.
 *
 * Plans. Without a rate, N installments of floor(financed / N), and the
 * remainder cents on the FIRST installment, so they add up exactly. With a
 * monthly rate i (Price / French amortisation), each period's interest is
 * balance x i rounded half-up to the cent; the installment is the smallest
 * whole-cent amount that repays the balance in N periods, and the last one
 * is lowered by what it would overpay. Installments then add up to financed +
 * financing interest exactly. Monthly due dates keep the first due date's day
 * of month, clamped to the month's end (Jan 31, Feb 28, Mar 31).
 *
 * Charges (cobra-charges(7)). For an installment of AMOUNT due on D (moved to
 * Monday when due_shift = next-weekday and D is a weekend day), with grace G
 * days, evaluated on date T:
 *  - if T <= D + G, no charges. Payments made up to D + G count as on time.
 *  - else the late fee is late_fee% of P0, the principal still open after the
 *    on-time payments, rounded half-up, charged once;
 *  - and interest is P x interest% x days / 30 for every period between
 *    events (D, each later payment to this installment, T), on the principal
 *    open in that period, each period rounded half-up to the cent.
 * What a payment already paid is subtracted from what is owed. An
 * installment whose principal is fully paid is settled: it owes nothing more,
 * and the charges paid with it stand even if cobra.ini changes later (a
 * change of policy never rewrites the past).
 *
 * Allocation (Código Civil art. 354): a payment goes to the open
 * installments oldest due first (then older sale, then lower number), and
 * within each to interest, then late fee, then principal.
 */
#ifndef COBRA_LEDGER_H
#define COBRA_LEDGER_H

#include <stdbool.h>

#include "records.h"

struct cobra_plan {
	cobra_money financed; /* total - down */
	int count;            /* 1..COBRA_MAX_INSTALLMENTS */
	cobra_date first_due;
	char every[8];   /* "1m" or "Nd" */
	int32_t rate_bp; /* monthly financing rate, 0 = none */
};

/* FIRST moved K periods of EVERY ("1m" keeps FIRST's day, clamped). */
cobra_date cobra_every_step(const char *every, cobra_date first, int k);

/* Fills OUT[0..count-1]; *FINANCING gets the interest added by the rate.
 * Returns 0 or -COBRA_INVALID (e.g. fewer cents than installments). */
int cobra_plan_make(struct cobra_installment *out, cobra_money *financing, const struct cobra_plan *plan);

/* One allocation to one installment, as seen by the charge rules. */
struct cobra_ievent {
	cobra_date date;
	cobra_money interest, fee, principal;
	cobra_money discount; /* principal settled by an early-payment discount */
};

/* What an installment owes as of a date. */
struct cobra_owed {
	cobra_date due_eff;
	int days_late; /* T - due_eff when positive */
	cobra_money principal, fee, interest, total;
	cobra_money fee_total, interest_total; /* charged so far, paid or not */
	bool overpaid; /* the events paid more than was owed (hand-edited data) */
};

cobra_date cobra_due_effective(const struct cobra_charges *pol, cobra_date due);

/* The charges that apply to a customer with document DOC: cobra.ini's, with
 * the late fee capped at 2% unless DOC is a CNPJ (CDC art. 52 par. 1), so
 * that a fee above the cap is never charged to a consumer, even on a sale
 * recorded before the policy changed. */
void cobra_charges_for(struct cobra_charges *out, const struct cobra_charges *pol, const char *doc);
/* Whether POL's late fee is above the consumer cap for a customer with
 * document DOC (sell refuses such a sale, check reports it). */
bool cobra_fee_over_cap(const struct cobra_charges *pol, const char *doc);
#define COBRA_CONSUMER_FEE_CAP 200

/* EV must be in date order; events after ASOF are ignored. */
int cobra_charges_eval(struct cobra_owed *out, const struct cobra_charges *pol, cobra_date due, cobra_money amount,
		       const struct cobra_ievent *ev, size_t nev, cobra_date asof);

/* Every installment of an account with its allocation events. */
struct cobra_iline {
	const struct cobra_sale *sale;
	int n; /* 1-based */
	cobra_date due;
	cobra_money amount;
	struct cobra_ievent *ev;
	size_t nev, cap;
	/* Renegotiated: owes nothing from closed_from until closed_until
	 * (INT32_MAX both when never closed; closed_until is the date of the
	 * break that reopened it). An agreement's own installments are
	 * cancelled from its break on. */
	cobra_date closed_from, closed_until;
	bool cancelled; /* closed by a break, not by an agreement */
};

/* Whether LINE owes nothing on DATE because an agreement replaced it. */
static inline bool cobra_iline_closed(cobra_date closed_from, cobra_date closed_until, cobra_date date)
{
	return closed_from <= date && date < closed_until;
}

struct cobra_ledger {
	struct cobra_iline *lines;
	size_t nlines;
};

/* Builds the installment lines of A (in sale order), attaches every
 * allocation (of payments, and of breaks at the break's date) and marks what
 * agreements closed and breaks reopened, in file order. An allocation to an
 * unknown debt or installment is a data error naming PATH. */
int cobra_ledger_build(struct cobra_ledger *l, const struct cobra_account *a, const char *path);
void cobra_ledger_free(struct cobra_ledger *l);

/* Splits AMOUNT paid on DATE over the open installments of L (only those of
 * debt DEBT_ID when not NULL), oldest first. *OUT is malloc'ed. *REST is what
 * could not be allocated (the customer owes less than AMOUNT). */
int cobra_allocate(struct cobra_alloc **out, size_t *nout, cobra_money *rest, const struct cobra_ledger *l,
		   const struct cobra_charges *pol, const char *debt_id, cobra_date date, cobra_money amount);

/* What LINE owes on DATE: cobra_charges_eval, or all zero (and *CLOSED
 * true) when an agreement closed it. */
int cobra_iline_owed(struct cobra_owed *out, const struct cobra_charges *pol, const struct cobra_iline *line,
		     cobra_date date, bool *closed);

/* The line of L for installment N of DEBT, or NULL. */
struct cobra_iline *cobra_ledger_line(const struct cobra_ledger *l, const char *debt, int n);

/* Total owed on DATE by the installments of L (of DEBT_ID when not NULL). */
int cobra_ledger_owed(cobra_money *out, const struct cobra_ledger *l, const struct cobra_charges *pol,
		      const char *debt_id, cobra_date date);

#endif
