/*
 * offer.h - the offer book ("book de ofertas") and the arithmetic of a deal.
 *
 * The book is a list of tiers by days overdue, one cobra.ini line each:
 *
 *   tier.1 = 1-30 interest=100% fee=0% discount=0% installments=3 down=30%
 *   tier.4 = 181- interest=100% fee=100% discount=20% installments=12 down=10%
 *
 * A tier says the most a collector may give a customer whose oldest overdue
 * item is that many days late: at most INTEREST of the default interest and
 * FEE of the late fee ("multa") waived, at most DISCOUNT of the principal,
 * at most INSTALLMENTS installments after the down payment, and a down
 * payment of at least DOWN of the new total. The range is "FROM-TO" or
 * "FROM-" (open-ended, the last tier only). All five terms are required, in
 * any order, once each; percentages are cobra_rate_parse()'s ("12.5%", "100",
 * at most two decimals, 0 to 100%). cobra_tier_format() writes the canonical
 * line: the terms in the order above, percentages without trailing zeros.
 *
 * Rounding. Every share of an amount is rounded half-up to the cent:
 * share(X, bp) = round(X x bp / 10000). A tier allows waiving up to
 * share(interest, interest%) and share(fee, fee%), a discount of up to
 * share(principal, discount%) (the discount applies to the principal only),
 * and requires a down payment of at least share(new total, down%).
 *
 * A deal. new total = principal + fee + interest - waivers - discount, and
 * given = waivers + discount, so total + given is always exactly the balance:
 * nothing is lost. The down payment is part of the new total, paid first and
 * separately when > 0; the rest splits into `installments` installments (the
 * down payment is not one of them) of floor(rest / n), the remainder cents on
 * the first, as ledger.h plans do. Paying in full is down = total and
 * installments = 0.
 *
 * The offers of a tier (cobra_offers), numbered from 1, the ones that bring
 * the money in soonest first; an offer is left out (and the next ones move
 * up) when its new total would be 0 or above COBRA_MONEY_MAX, or, for 2
 * and 3, when nothing or fewer
 * cents than installments are left after the down payment:
 *   1. in full today: the tier's largest interest and fee waivers and its
 *      largest discount; down = total, no installments;
 *   2. half the tier's installments (rounded down, when that is at least 1
 *      and less than the maximum): the largest waivers, no discount, the
 *      minimum down payment;
 *   3. the tier's maximum installments: the same waivers, no discount, the
 *      minimum down payment.
 */
#ifndef COBRA_OFFER_H
#define COBRA_OFFER_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "money.h"

#define COBRA_TIER_OPEN INT32_MAX
#define COBRA_TIER_MAX_DAYS 99999
#define COBRA_MAX_OFFERS 3

struct cobra_tier {
	int32_t from_days, to_days; /* to_days = COBRA_TIER_OPEN when open-ended */
	int32_t waive_interest_bp, waive_fee_bp, discount_bp, min_down_bp;
	int32_t max_installments; /* 1..COBRA_MAX_INSTALLMENTS */
};

/* Parses one tier line; FIELD names it in errors ("offers.tier.2").
 * Returns 0 or -COBRA_INVALID. */
int cobra_tier_parse(struct cobra_tier *out, const char *field, const char *text);
/* Appends the canonical line (no newline) to OUT. */
void cobra_tier_format(struct cobra_buf *out, const struct cobra_tier *t);

/* Checks a whole book: at least one tier, the first from day 1, each next
 * one starting the day after the previous ends (no gap, no overlap, in
 * order), only the last open-ended, every term in range (installments
 * 1..360). Tier i is named FIELD.tier.<i+1> in the message ("offers").
 * Returns 0 or -COBRA_INVALID. */
int cobra_book_check(const struct cobra_tier *tiers, size_t n, const char *field);
/* The tier covering DAYS_OVERDUE, or NULL (not overdue, or past the last
 * tier of a book that does not end open). */
const struct cobra_tier *cobra_book_find(const struct cobra_tier *tiers, size_t n, int32_t days_overdue);

/* Defaults: 1-30 (interest 100%, fee 0%, discount 0%, 3 inst., down 30%),
 * 31-90 (100%, 100%, 5%, 6, 20%), 91-180 (100%, 100%, 10%, 10, 15%),
 * 181- (100%, 100%, 20%, 12, 10%). */
extern const struct cobra_tier cobra_book_defaults[4];

/* The open balance being negotiated. */
struct cobra_balance {
	cobra_money principal, fee, interest;
};

/* Terms of a deal. */
struct cobra_terms {
	cobra_money waive_interest, waive_fee, discount, down;
	int32_t installments; /* after the down payment; 0 only when down = total */
};

/* The resulting agreement. */
struct cobra_deal {
	cobra_money total, given; /* given = waive_interest + waive_fee + discount */
	cobra_money down;
	int32_t installments;
	cobra_money first, each; /* 0 and 0 when there are no installments */
};

/* Makes the deal, or -COBRA_INVALID when the terms cannot make one: a
 * negative amount or one above COBRA_MONEY_MAX, a waiver above what is owed,
 * a discount above the principal, a new total of 0 or above COBRA_MONEY_MAX
 * (the agreement becomes one debt), a down payment above the
 * total, installments outside 0..360 or not matching what is left after the
 * down payment, or fewer cents left than installments. */
int cobra_deal_make(struct cobra_deal *out, const struct cobra_balance *b, const struct cobra_terms *t);

/* Writes up to MAX of the offers tier T allows for B (the list above) into
 * OUT and returns how many it wrote; COBRA_MAX_OFFERS is always enough.
 * Every offer makes a deal and passes cobra_terms_check. Sets no error. */
size_t cobra_offers(struct cobra_terms *out, size_t max, const struct cobra_balance *b, const struct cobra_tier *t);

/* 0 when TERMS fit TIER for B. Terms that make no deal fail as in
 * cobra_deal_make; terms beyond the tier fail with -COBRA_REFUSED and a
 * message saying which term and the limit, e.g. "discount 50.00 is more than
 * the 10% (12.00) this tier allows". Checked in the order interest waiver,
 * fee waiver, discount, installments, down payment; the first one out is
 * reported. */
int cobra_terms_check(const struct cobra_terms *t, const struct cobra_balance *b, const struct cobra_tier *tier);

#endif
