/*
 * schedule.h - the collection schedule ("régua de cobrança"): which step an
 * installment has reached, which steps were already done, and which channel
 * a step uses for a customer.
 *
 * Pure functions over records and the policy; remind (cmd/remind.c) plans a
 * run with them, the cache (cache.h) keeps their per-installment results.
 *
 * Rules (cobra-remind(1)):
 *  - an installment due (effectively, ledger.h) on D reaches step S on the
 *    first day D + S.offset; on a date it is at the most advanced step
 *    reached;
 *  - a step is done for an installment when a reminder that reached the
 *    customer (sent, handed over for manual delivery, or unconfirmed after
 *    an interrupted run) covered it at that step or a later one; a failed
 *    one does not count, so it is tried again;
 *  - a step's channels are in order of preference; the customer's own
 *    preferred channel goes first when the step lists it; a channel needs its
 *    contact data (email: an e-mail address; sms, whatsapp and call: a
 *    phone; letter: an address).
 */
#ifndef COBRA_SCHEDULE_H
#define COBRA_SCHEDULE_H

#include <stdbool.h>

#include "records.h"

bool cobra_reminder_reached(const struct cobra_reminder *r);

/* Most advanced step offset at which a reminder that reached the customer
 * covered installment N of DEBT, or INT32_MIN. */
int32_t cobra_step_done(const struct cobra_account *a, const char *debt, int n);

/* Index in SC->step of the most advanced step an installment effectively
 * due on DUE has reached on ASOF, or -1 when none yet. */
int cobra_step_reached(const struct cobra_schedule *sc, cobra_date due, cobra_date asof);

/* Contact data of a customer, for picking a channel. */
struct cobra_contact {
	const char *preferred; /* "" for none */
	const char *phone, *email, *address;
};

/* The channel STEP uses for C, or NULL when C has the contact data for
 * none of its channels. */
const char *cobra_step_channel(const struct cobra_step *step, const struct cobra_contact *c);

/* Whether a customer last reminded on LAST (INT32_MIN: never) may be
 * reminded again on ASOF, with at least MIN_INTERVAL days between. *NEXT
 * gets the first date allowed. */
bool cobra_interval_ok(cobra_date last, cobra_date asof, int32_t min_interval, cobra_date *next);

#endif
