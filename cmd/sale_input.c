#include "sale_input.h"

#include <stdlib.h>
#include <string.h>

#include "../src/ledger.h"
#include "../src/text.h"
#include "cobra.h"

static int parse_count(int *out, const char *text)
{
	char q[64];
	int n = 0;
	size_t len = strlen(text);
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9' || i > 3 || (i == 0 && text[i] == '0'))
			return cobra_error(COBRA_INVALID, "installments: \"%s\" is not a whole number from 1 to %d",
				cobra_quote(q, sizeof(q), text), COBRA_MAX_INSTALLMENTS);
		n = n * 10 + (text[i] - '0');
	}
	if (len == 0 || n < 1 || n > COBRA_MAX_INSTALLMENTS)
		return cobra_error(COBRA_INVALID, "installments: \"%s\" is not a whole number from 1 to %d",
			cobra_quote(q, sizeof(q), text), COBRA_MAX_INSTALLMENTS);
	*out = n;
	return 0;
}

/* The first due date: given (not before the sale), else one period on. */
static int first_due(struct cobra_plan *plan, const struct cobra_sale *sale, const struct cobra_sale_input *in)
{
	char q[64];
	int rc;
	if (!in->first_due) {
		plan->first_due = cobra_every_step(sale->every, sale->date, 1);
		return 0;
	}
	if ((rc = cobra_date_parse(&plan->first_due, in->columns ? "first_due" : "first-due", in->first_due)) < 0)
		return rc;
	if (plan->first_due >= sale->date)
		return 0;
	const char *v = cobra_quote(q, sizeof(q), in->first_due);
	if (in->columns)
		return cobra_error(COBRA_INVALID, "first_due: \"%s\" is before the sale date", v);
	return cobra_error(COBRA_INVALID, "first-due: \"%s\" is before the sale date", v);
}

int cobra_sale_from_input(struct cobra_sale *sale, const struct cobra_sale_input *in)
{
	const struct cobra_schema *sc = &cobra_sale_schema;
	struct cobra_plan plan = {0};
	cobra_date today;
	char q[64];
	int rc, n = 1;
	if ((rc = cobra_field_from_input(cobra_schema_field(sc, "total"), sale, "amount", in->amount)) < 0)
		return rc;
	if (sale->total <= 0)
		return cobra_error(COBRA_INVALID, "amount: \"%s\" must be more than zero",
			cobra_quote(q, sizeof(q), in->amount));
	if (in->desc && (rc = cobra_field_from_input(cobra_schema_field(sc, "description"), sale,
				 in->columns ? "description" : "desc", in->desc)) < 0)
		return rc;
	if (in->down && (rc = cobra_field_from_input(cobra_schema_field(sc, "down"), sale, "down", in->down)) < 0)
		return rc;
	if (sale->down >= sale->total) /* so down was given */
		return cobra_error(COBRA_INVALID, "down: \"%s\" must be less than the amount",
			cobra_quote(q, sizeof(q), in->down));
	if (in->rate && (rc = cobra_field_from_input(cobra_schema_field(sc, "rate"), sale, "rate", in->rate)) < 0)
		return rc;
	if (in->every && (rc = cobra_field_from_input(cobra_schema_field(sc, "every"), sale, "every", in->every)) < 0)
		return rc;
	if (sale->rate > 0 && strcmp(sale->every, "1m") != 0) {
		const char *v = cobra_quote(q, sizeof(q), in->rate);
		if (in->columns)
			return cobra_error(COBRA_INVALID,
				"rate: \"%s\" is a monthly rate; it needs monthly installments (every 1m)", v);
		return cobra_error(COBRA_INVALID, "rate: \"%s\" is a monthly rate; it needs monthly installments (--every 1m)",
			v);
	}
	if ((rc = cobra_date_today(&today)) < 0 || (rc = cobra_opt_date(&sale->date, "date", in->date)) < 0)
		return rc;
	if (sale->date > today) /* so the date was given */
		return cobra_error(COBRA_INVALID, "date: \"%s\" is in the future", cobra_quote(q, sizeof(q), in->date));
	if (in->installments && (rc = parse_count(&n, in->installments)) < 0)
		return rc;
	plan.financed = sale->total - sale->down;
	plan.count = n;
	plan.rate_bp = sale->rate;
	memcpy(plan.every, sale->every, sizeof(plan.every));
	if ((rc = first_due(&plan, sale, in)) < 0)
		return rc;
	if (!(sale->due = calloc((size_t)n, sizeof(*sale->due))))
		return cobra_error(COBRA_DATA, "out of memory");
	sale->due_count = (size_t)n;
	return cobra_plan_make(sale->due, &sale->financing, &plan);
}
