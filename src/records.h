/*
 * records.h - the record types of a store, each one X-macro list.
 *
 * A customer file (customers/<id:2>/<id>-<handle>.ini) holds one
 * [customer] section, then, appended in the order they happened, one
 * [sale ID] per credit sale (with its installments as due.N) and one
 * [payment ID] per payment (with its allocation as paid.N). cobra.ini holds
 * the policy. cobra-store(5) documents every key.
 */
#ifndef COBRA_RECORDS_H
#define COBRA_RECORDS_H

#include <stdbool.h>

#include "schema.h"

#define COBRA_NAME_MAX 121
#define COBRA_ADDRESS_MAX 161
#define COBRA_NOTE_MAX 161
#define COBRA_DESC_MAX 121
#define COBRA_REF_MAX 81
#define COBRA_MAX_INSTALLMENTS 360

#define COBRA_CHANNELS "email|sms|whatsapp|letter|call"
#define COBRA_REMINDER_STATUS "sent|failed|manual|unconfirmed"
#define COBRA_HOLD_KINDS "dispute|opt-out|agreement|broken-agreement|other"
#define COBRA_METHODS "cash|pix|card|transfer|boleto"

struct cobra_installment {
	cobra_date due;
	cobra_money amount;
};

struct cobra_alloc {
	char debt[21];
	int32_t n; /* installment, 1-based */
	cobra_money interest, fee, principal;
	cobra_money discount; /* early-payment discount: principal settled without money */
};

/* One installment a reminder covered, with the schedule step (its day
 * offset) that installment had reached: "DEBTID/N OFFSET". */
struct cobra_ritem {
	char debt[21];
	int32_t n;
	int32_t step;
};

/* One step of the collection schedule: "OFFSET CHANNEL[,CHANNEL...] TEMPLATE". */
#define COBRA_STEP_CHANNELS 5
struct cobra_step {
	int32_t offset; /* days from the due date, negative before it */
	int nchannels;
	char channels[COBRA_STEP_CHANNELS][9]; /* in order of preference */
	char tmpl[33];                         /* templates/<tmpl>.txt */
};

/* One tier of the offer book (offer.h has the rules). */
struct cobra_tier;

extern const struct cobra_list_type cobra_installment_list;
extern const struct cobra_list_type cobra_alloc_list;
extern const struct cobra_list_type cobra_ritem_list;
extern const struct cobra_list_type cobra_step_list;
extern const struct cobra_list_type cobra_tier_list;
extern const struct cobra_int_range cobra_grace_range;
extern const struct cobra_int_range cobra_step_range;
extern const struct cobra_int_range cobra_interval_range;
extern const struct cobra_int_range cobra_days_range;
extern const struct cobra_int_range cobra_score_range;
extern const struct cobra_int_range cobra_tier_index_range;

#define COBRA_CUSTOMER_FIELDS(X)                                   \
	X(HANDLE, handle, 0, COBRA_REQ, NULL)                      \
	X(TEXT, name, COBRA_NAME_MAX, COBRA_REQ, NULL)             \
	X(DATE, since, 0, COBRA_REQ, NULL)                         \
	X(DOC, doc, 0, COBRA_OPT, NULL)                            \
	X(PHONE, phone, 0, COBRA_OPT, NULL)                        \
	X(EMAIL, email, 0, COBRA_OPT, NULL)                        \
	X(TEXT, address, COBRA_ADDRESS_MAX, COBRA_OPT, NULL)       \
	X(MONEY_OPT, limit, 0, COBRA_OPT, NULL)                    \
	X(ENUM, channel, 0, COBRA_OPT, COBRA_CHANNELS)             \
	X(TEXT, note, COBRA_NOTE_MAX, COBRA_OPT, NULL)

#define COBRA_SALE_FIELDS(X)                                       \
	X(DATE, date, 0, COBRA_REQ, NULL)                          \
	X(TEXT, description, COBRA_DESC_MAX, COBRA_OPT, NULL)      \
	X(MONEY, total, 0, COBRA_REQ, NULL)                        \
	X(MONEY, down, 0, COBRA_OPT, NULL)                         \
	X(RATE, rate, 0, COBRA_OPT, NULL)                          \
	X(MONEY, financing, 0, COBRA_OPT, NULL)                    \
	X(EVERY, every, 0, COBRA_REQ, NULL)                        \
	X(LIST, due, struct cobra_installment, COBRA_REQ, &cobra_installment_list)

#define COBRA_PAYMENT_FIELDS(X)                                    \
	X(DATE, date, 0, COBRA_REQ, NULL)                          \
	X(MONEY, amount, 0, COBRA_REQ, NULL)                       \
	X(ENUM, method, 0, COBRA_REQ, COBRA_METHODS)               \
	X(TEXT, ref, COBRA_REF_MAX, COBRA_OPT, NULL)               \
	X(LIST, paid, struct cobra_alloc, COBRA_REQ, &cobra_alloc_list)

/* A collection action and its outcome (remind --send). */
#define COBRA_REMINDER_FIELDS(X)                                   \
	X(DATE, date, 0, COBRA_REQ, NULL)                          \
	X(INT, step, 0, COBRA_REQ, &cobra_step_range)              \
	X(ENUM, channel, 0, COBRA_REQ, COBRA_CHANNELS)             \
	X(ENUM, status, 0, COBRA_REQ, COBRA_REMINDER_STATUS)       \
	X(TEXT, reason, COBRA_NOTE_MAX, COBRA_OPT, NULL)           \
	X(LIST, item, struct cobra_ritem, COBRA_REQ, &cobra_ritem_list)

/* Collections paused for this customer until a later [release]. */
#define COBRA_HOLD_FIELDS(X)                                       \
	X(DATE, date, 0, COBRA_REQ, NULL)                          \
	X(ENUM, kind, 0, COBRA_REQ, COBRA_HOLD_KINDS)              \
	X(TEXT, reason, COBRA_NOTE_MAX, COBRA_REQ, NULL)

/* Ends every hold recorded before it. */
#define COBRA_RELEASE_FIELDS(X)                                    \
	X(DATE, date, 0, COBRA_REQ, NULL)                          \
	X(TEXT, note, COBRA_NOTE_MAX, COBRA_OPT, NULL)

/* A deal: closes the replaced installments as renegotiated (their open
 * balance as of DATE, each "DEBTID/N interest fee principal") and opens the
 * new debt DEBT (a [sale] written right after it). */
#define COBRA_AGREEMENT_FIELDS(X)                                  \
	X(DATE, date, 0, COBRA_REQ, NULL)                          \
	X(ID20, debt, 0, COBRA_REQ, NULL)                          \
	X(INT, tier, 0, COBRA_REQ, &cobra_tier_index_range)        \
	X(TEXT, override, COBRA_NOTE_MAX, COBRA_OPT, NULL)         \
	X(MONEY, principal, 0, COBRA_OPT, NULL)                    \
	X(MONEY, fee, 0, COBRA_OPT, NULL)                          \
	X(MONEY, interest, 0, COBRA_OPT, NULL)                     \
	X(MONEY, waive_interest, 0, COBRA_OPT, NULL)               \
	X(MONEY, waive_fee, 0, COBRA_OPT, NULL)                    \
	X(MONEY, discount, 0, COBRA_OPT, NULL)                     \
	X(MONEY, total, 0, COBRA_REQ, NULL)                        \
	X(LIST, replaced, struct cobra_alloc, COBRA_REQ, &cobra_alloc_list)

/* A broken agreement: its debt's unpaid rest is cancelled, the replaced
 * installments reopen, and what the agreement collected is applied to them
 * (paid.N, as a payment's allocation). */
#define COBRA_BREAK_FIELDS(X)                                      \
	X(DATE, date, 0, COBRA_REQ, NULL)                          \
	X(ID20, agreement, 0, COBRA_REQ, NULL)                     \
	X(MONEY, collected, 0, COBRA_OPT, NULL)                    \
	X(MONEY, cancelled, 0, COBRA_OPT, NULL)                    \
	X(LIST, paid, struct cobra_alloc, COBRA_OPT, &cobra_alloc_list)

struct cobra_customer {
	char id[17];
	COBRA_CUSTOMER_FIELDS(COBRA_MEMBER)
};

struct cobra_sale {
	char id[21];
	int32_t seq; /* section number in the file */
	COBRA_SALE_FIELDS(COBRA_MEMBER)
};

struct cobra_payment {
	char id[21];
	int32_t seq; /* section number in the file */
	COBRA_PAYMENT_FIELDS(COBRA_MEMBER)
};

struct cobra_reminder {
	char id[21];
	int32_t seq; /* section number in the file */
	COBRA_REMINDER_FIELDS(COBRA_MEMBER)
};

struct cobra_hold {
	char id[21];
	int32_t seq; /* section number in the file */
	COBRA_HOLD_FIELDS(COBRA_MEMBER)
};

struct cobra_release {
	char id[21];
	int32_t seq; /* section number in the file */
	COBRA_RELEASE_FIELDS(COBRA_MEMBER)
};

struct cobra_agreement {
	char id[21];
	int32_t seq; /* section number in the file */
	COBRA_AGREEMENT_FIELDS(COBRA_MEMBER)
};

struct cobra_break {
	char id[21];
	int32_t seq; /* section number in the file */
	COBRA_BREAK_FIELDS(COBRA_MEMBER)
};

/* cobra.ini */
#define COBRA_BUSINESS_FIELDS(X)                                   \
	X(TEXT, name, COBRA_NAME_MAX, COBRA_REQ, NULL)             \
	X(DOC, doc, 0, COBRA_OPT, NULL)                            \
	X(ENUM, currency, 0, COBRA_REQ, "BRL")                     \
	X(ENUM, locale, 0, COBRA_REQ, "pt_BR|en_US")               \
	X(TEXT, address, COBRA_ADDRESS_MAX, COBRA_OPT, NULL)       \
	X(EMAIL, email, 0, COBRA_OPT, NULL)                        \
	X(TEXT, pay_how, COBRA_NOTE_MAX, COBRA_OPT, NULL)          \
	X(TEXT, pix_key, 78, COBRA_OPT, NULL)                      \
	X(TEXT, city, 61, COBRA_OPT, NULL)

#define COBRA_CHARGES_FIELDS(X)                                    \
	X(RATE, late_fee, 0, COBRA_REQ, NULL)                      \
	X(RATE, interest, 0, COBRA_REQ, NULL)                      \
	X(INT, grace_days, 0, COBRA_REQ, &cobra_grace_range)       \
	X(ENUM, due_shift, 0, COBRA_REQ, "none|next-weekday")     \
	X(RATE, early_discount, 0, COBRA_OPT, NULL)                \
	X(INT, early_days, 0, COBRA_OPT, &cobra_days_range)

/* The collection schedule ("régua de cobrança"). */
#define COBRA_SCHEDULE_FIELDS(X)                                   \
	X(INT, min_interval, 0, COBRA_REQ, &cobra_interval_range)  \
	X(LIST, step, struct cobra_step, COBRA_REQ, &cobra_step_list)

/* The offer book ("book de ofertas"). */
#define COBRA_OFFERS_FIELDS(X)                                     \
	X(INT, break_days, 0, COBRA_REQ, &cobra_days_range)        \
	X(LIST, tier, struct cobra_tier, COBRA_REQ, &cobra_tier_list)

/* The credit policy that sell enforces. */
#define COBRA_CREDIT_FIELDS(X)                                     \
	X(MONEY, limit, 0, COBRA_OPT, NULL)                        \
	X(INT, min_score, 0, COBRA_OPT, &cobra_score_range)        \
	X(INT, block_overdue_days, 0, COBRA_OPT, &cobra_days_range) \
	X(ENUM, block_broken, 0, COBRA_REQ, "yes|no")

struct cobra_business {
	COBRA_BUSINESS_FIELDS(COBRA_MEMBER)
};

struct cobra_charges {
	COBRA_CHARGES_FIELDS(COBRA_MEMBER)
};

struct cobra_schedule {
	COBRA_SCHEDULE_FIELDS(COBRA_MEMBER)
};

struct cobra_offers {
	COBRA_OFFERS_FIELDS(COBRA_MEMBER)
};

struct cobra_credit {
	COBRA_CREDIT_FIELDS(COBRA_MEMBER)
};

struct cobra_policy {
	struct cobra_business business;
	struct cobra_charges charges;
	struct cobra_schedule schedule;
	struct cobra_offers offers;
	struct cobra_credit credit;
};

extern const struct cobra_schema cobra_customer_schema;
extern const struct cobra_schema cobra_sale_schema;
extern const struct cobra_schema cobra_payment_schema;
extern const struct cobra_schema cobra_business_schema;
extern const struct cobra_schema cobra_charges_schema;
extern const struct cobra_schema cobra_reminder_schema;
extern const struct cobra_schema cobra_hold_schema;
extern const struct cobra_schema cobra_release_schema;
extern const struct cobra_schema cobra_agreement_schema;
extern const struct cobra_schema cobra_break_schema;
extern const struct cobra_schema cobra_schedule_schema;
extern const struct cobra_schema cobra_offers_schema;
extern const struct cobra_schema cobra_credit_schema;

/* A customer file in memory: each kind of section in file order. */
struct cobra_account {
	struct cobra_customer customer;
	struct cobra_sale *sales;
	size_t nsales;
	struct cobra_payment *payments;
	size_t npayments;
	struct cobra_reminder *reminders;
	size_t nreminders;
	struct cobra_hold *holds;
	size_t nholds;
	struct cobra_release *releases;
	size_t nreleases;
	struct cobra_agreement *agreements;
	size_t nagreements;
	struct cobra_break *breaks;
	size_t nbreaks;
};

/* The hold in force (the last one after the last release), or NULL. */
const struct cobra_hold *cobra_account_hold(const struct cobra_account *a);
/* Finds an agreement by full id, or NULL; whether it was broken. */
struct cobra_agreement *cobra_account_agreement(const struct cobra_account *a, const char *id);
const struct cobra_break *cobra_account_break_of(const struct cobra_account *a, const char *agreement_id);
/* Whether ID is taken by any record of A (for new ids). */
bool cobra_account_has_id(const struct cobra_account *a, const char *id);

void cobra_customer_init(struct cobra_customer *c);
void cobra_sale_init(struct cobra_sale *s);
void cobra_payment_init(struct cobra_payment *p);

/* Parses a whole customer file (PATH for messages). The customer id is taken
 * from the file name by the caller and checked against event ids. */
int cobra_account_parse(struct cobra_account *a, const char *path, const char *customer_id,
			const char *data, size_t len);
void cobra_account_free(struct cobra_account *a);
/* Finds a sale by full id, or NULL. */
struct cobra_sale *cobra_account_sale(const struct cobra_account *a, const char *id);

/* Canonical text of each section, with a blank line before events. */
void cobra_customer_write(struct cobra_buf *out, const struct cobra_customer *c);
void cobra_sale_write(struct cobra_buf *out, const struct cobra_sale *s);
void cobra_payment_write(struct cobra_buf *out, const struct cobra_payment *p);
void cobra_reminder_write(struct cobra_buf *out, const struct cobra_reminder *r);
void cobra_hold_write(struct cobra_buf *out, const struct cobra_hold *h);
void cobra_release_write(struct cobra_buf *out, const struct cobra_release *r);
void cobra_agreement_write(struct cobra_buf *out, const struct cobra_agreement *ag);
void cobra_break_write(struct cobra_buf *out, const struct cobra_break *b);

/* cobra.ini */
void cobra_policy_defaults(struct cobra_policy *p);
int cobra_policy_parse(struct cobra_policy *p, const char *path, const char *data, size_t len);
void cobra_policy_free(struct cobra_policy *p);
/* The commented cobra.ini that init writes. */
void cobra_policy_write_initial(struct cobra_buf *out, const struct cobra_policy *p);

#endif
