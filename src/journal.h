/*
 * journal.h - a customer's records as double-entry transactions, for
 * `cobra export` (cobra-export(1) documents the mapping).
 *
 * Every transaction balances to the cent. The receivable of a customer
 * (posting account NULL) holds what `cobra due` says the customer owes as of
 * the export date: installment principal is booked when a sale (or an
 * agreement) creates it and leaves with payments, agreements and breaks;
 * late fees and interest are income when a payment pays them, when an
 * agreement turns them into a new debt, or, for what is still unpaid on the
 * export date, in one accrual transaction on that date.
 *
 * The caller owns the account and the ledger built from it; text pointers of
 * the transactions point into the account.
 */
#ifndef COBRA_JOURNAL_H
#define COBRA_JOURNAL_H

#include "ledger.h"

enum cobra_jkind { COBRA_J_SALE, COBRA_J_PAYMENT, COBRA_J_AGREEMENT, COBRA_J_BREAK, COBRA_J_ACCRUAL };

#define COBRA_JACC_SALES "Income:Sales"
#define COBRA_JACC_FINANCING "Income:Financing"
#define COBRA_JACC_FEES "Income:LateFees"
#define COBRA_JACC_INTEREST "Income:Interest"
#define COBRA_JACC_EARLY "Income:Discounts:EarlyPayment"
#define COBRA_JACC_DISCOUNT "Income:Discounts:Agreement"
#define COBRA_JACC_WAIVED_FEES "Income:Waivers:LateFees"
#define COBRA_JACC_WAIVED_INTEREST "Income:Waivers:Interest"
/* the method of a down payment is not recorded: it is booked as cash */
#define COBRA_JACC_DOWN "Assets:Cash"

/* Where a payment by METHOD (records.h) goes. */
const char *cobra_journal_cash_account(const char *method);

/* Every account but the receivables, in the order cobra-export(1) lists them. */
extern const char *const cobra_journal_accounts[];
extern const size_t cobra_journal_naccounts;

struct cobra_jposting {
	const char *account; /* NULL: Assets:Receivable:<handle> */
	cobra_money amount;  /* positive debit, negative credit */
};

#define COBRA_JPOSTINGS 10

struct cobra_jtxn {
	cobra_date date;
	enum cobra_jkind kind;
	int32_t seq;      /* section number of the record, INT32_MAX for the accrual */
	const char *id;   /* the record's id, "" for the accrual */
	const char *ref;  /* agreement: its new debt; break: the agreement; else "" */
	const char *text; /* sale: description; payment: method; else "" */
	const char *ref2; /* payment: its reference, else "" */
	size_t n;
	struct cobra_jposting p[COBRA_JPOSTINGS];
};

extern const char *const cobra_jkind_names[];

/* The transactions of account A (ledger L built from it, charges CH for this
 * customer) dated up to ASOF, in date order then file order, the accrual
 * last. *OUT is malloc'ed. A record that does not add up is a data error
 * naming PATH. */
int cobra_journal_build(struct cobra_jtxn **out, size_t *nout, const struct cobra_account *a,
			const struct cobra_ledger *l, const struct cobra_charges *ch, cobra_date asof, const char *path);

#endif
