/*
 * resolve.h - turning what a user typed into a customer or a debt.
 *
 * A customer reference is, in this order: an exact handle; or anything that
 * matches exactly one customer as an ID prefix (4+ hex digits) or as a name
 * fragment (folded: case and accents ignored, matched inside handles, which
 * are made from names). A debt reference is an ID prefix (6+ hex digits); the
 * first 4 digits of a debt ID are its customer's, so only those customers'
 * files are read. No match and several matches are both COBRA_NOTFOUND; the
 * message lists the candidates.
 */
#ifndef COBRA_RESOLVE_H
#define COBRA_RESOLVE_H

#include "store.h"

int cobra_resolve_customer(struct cobra_store *s, const char *ref, const struct cobra_entry **out);

/* Debt by ID prefix: *OUT_CUSTOMER and the full id in DEBT. Returns 0,
 * 1 when REF is not a debt reference shape, or an error. */
int cobra_resolve_debt(struct cobra_store *s, const char *ref, const struct cobra_entry **out_customer,
		       char debt[21]);

/* Shortest unique prefix length of customer ID among all customers (>= 7). */
size_t cobra_customer_abbrev(const struct cobra_store *s, const char *id);
/* Shortest unique prefix length of debt ID among A's debts (>= 10). */
size_t cobra_debt_abbrev(const struct cobra_account *a, const char *id);

/* Makes a handle for NAME that no customer of S has (cobra_handle_make). */
int cobra_new_handle(struct cobra_store *s, const char *name, const char *id, char out[33]);

#endif
