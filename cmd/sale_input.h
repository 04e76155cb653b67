/*
 * sale_input.h - the sale options of sell, which are also the columns of
 * `import debts`: one set of rules, so a CSV row is taken or refused exactly
 * as the same values on sell's command line (cobra-sell(1), cobra-import(1)).
 */
#ifndef COBRA_SALE_INPUT_H
#define COBRA_SALE_INPUT_H

#include <stdbool.h>

#include "../src/records.h"

struct cobra_sale_input {
	const char *amount; /* required */
	/* NULL: not given, the default applies */
	const char *desc, *down, *rate, *every, *date, *installments, *first_due;
	/* messages name import's columns (description, first_due, every 1m)
	 * rather than sell's options (desc, first-due, --every 1m) */
	bool columns;
};

/* Fills SALE (cobra_sale_init'ed) from IN: amount, down, rate and period,
 * the date (not after today) and the installment plan, whose due array is
 * malloc'ed (cobra_schema_free_lists frees it). Returns 0 or an error. */
int cobra_sale_from_input(struct cobra_sale *sale, const struct cobra_sale_input *in);

#endif
