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

#include "schema.h"

#define COBRA_NAME_MAX 121
#define COBRA_ADDRESS_MAX 161
#define COBRA_NOTE_MAX 161
#define COBRA_DESC_MAX 121
#define COBRA_REF_MAX 81
#define COBRA_MAX_INSTALLMENTS 360

#define COBRA_CHANNELS "email|sms|whatsapp|letter|call"
#define COBRA_METHODS "cash|pix|card|transfer|boleto"

struct cobra_installment {
	cobra_date due;
	cobra_money amount;
};

struct cobra_alloc {
	char debt[21];
	int32_t n; /* installment, 1-based */
	cobra_money interest, fee, principal;
};

extern const struct cobra_list_type cobra_installment_list;
extern const struct cobra_list_type cobra_alloc_list;
extern const struct cobra_int_range cobra_grace_range;

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

struct cobra_customer {
	char id[17];
	COBRA_CUSTOMER_FIELDS(COBRA_MEMBER)
};

struct cobra_sale {
	char id[21];
	COBRA_SALE_FIELDS(COBRA_MEMBER)
};

struct cobra_payment {
	char id[21];
	COBRA_PAYMENT_FIELDS(COBRA_MEMBER)
};

/* cobra.ini */
#define COBRA_BUSINESS_FIELDS(X)                                   \
	X(TEXT, name, COBRA_NAME_MAX, COBRA_REQ, NULL)             \
	X(DOC, doc, 0, COBRA_OPT, NULL)                            \
	X(ENUM, currency, 0, COBRA_REQ, "BRL")                     \
	X(ENUM, locale, 0, COBRA_REQ, "pt_BR|en_US")

#define COBRA_CHARGES_FIELDS(X)                                    \
	X(RATE, late_fee, 0, COBRA_REQ, NULL)                      \
	X(RATE, interest, 0, COBRA_REQ, NULL)                      \
	X(INT, grace_days, 0, COBRA_REQ, &cobra_grace_range)       \
	X(ENUM, due_shift, 0, COBRA_REQ, "none|next-weekday")

struct cobra_business {
	COBRA_BUSINESS_FIELDS(COBRA_MEMBER)
};

struct cobra_charges {
	COBRA_CHARGES_FIELDS(COBRA_MEMBER)
};

struct cobra_policy {
	struct cobra_business business;
	struct cobra_charges charges;
};

extern const struct cobra_schema cobra_customer_schema;
extern const struct cobra_schema cobra_sale_schema;
extern const struct cobra_schema cobra_payment_schema;
extern const struct cobra_schema cobra_business_schema;
extern const struct cobra_schema cobra_charges_schema;

/* One event of a customer file, in file order. */
enum cobra_event_kind { COBRA_EV_SALE, COBRA_EV_PAYMENT };

/* A customer file in memory. */
struct cobra_account {
	struct cobra_customer customer;
	struct cobra_sale *sales;
	size_t nsales;
	struct cobra_payment *payments;
	size_t npayments;
};

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

/* cobra.ini */
void cobra_policy_defaults(struct cobra_policy *p);
int cobra_policy_parse(struct cobra_policy *p, const char *path, const char *data, size_t len);
/* The commented cobra.ini that init writes. */
void cobra_policy_write_initial(struct cobra_buf *out, const struct cobra_policy *p);

#endif
