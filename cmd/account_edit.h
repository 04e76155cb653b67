/*
 * account_edit.h - read a customer file to append to it.
 *
 * The new file is the old bytes, unchanged, plus the new section: records
 * are appended, never rewritten (cobra-store(5)).
 */
#ifndef COBRA_ACCOUNT_EDIT_H
#define COBRA_ACCOUNT_EDIT_H

#include "../src/ledger.h"
#include "cobra.h"

struct cobra_edit {
	const struct cobra_entry *entry;
	struct cobra_account a;
	char *raw;
	size_t len;
};

int cobra_edit_open(struct cobra_ctx *ctx, const struct cobra_entry *e, struct cobra_edit *ed);
/* Stages raw + SECTION as the customer's file. */
int cobra_edit_append(struct cobra_ctx *ctx, struct cobra_edit *ed, struct cobra_buf *section);
void cobra_edit_close(struct cobra_edit *ed);

/* The latest payment date of A, or INT32_MIN. */
cobra_date cobra_last_payment_date(const struct cobra_account *a);

#endif
