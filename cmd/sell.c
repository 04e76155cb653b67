/* cobra sell CUSTOMER AMOUNT: a credit sale in installments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/id.h"
#include "../src/resolve.h"
#include "../src/standing.h"
#include "../src/text.h"
#include "account_edit.h"
#include "cobra.h"
#include "sale_input.h"

static const char *opt_desc, *opt_date, *opt_down, *opt_installments, *opt_first_due, *opt_every, *opt_rate,
	*opt_override;

static const struct cobra_opt options[] = {
	{"desc", 0, COBRA_OPT_VALUE, "TEXT", N_("what was sold"), &opt_desc, NULL},
	{"date", 0, COBRA_OPT_VALUE, "DATE", N_("date of the sale (default today)"), &opt_date, NULL},
	{"down", 0, COBRA_OPT_VALUE, "AMOUNT", N_("down payment received at the sale"), &opt_down, NULL},
	{"installments", 'n', COBRA_OPT_VALUE, "N", N_("number of installments (default 1, at most 360)"),
	 &opt_installments, NULL},
	{"first-due", 0, COBRA_OPT_VALUE, "DATE", N_("first due date (default one period after the sale)"),
	 &opt_first_due, NULL},
	{"every", 0, COBRA_OPT_VALUE, "PERIOD", N_("1m (monthly, default) or Nd (every N days)"), &opt_every, NULL},
	{"rate", 0, COBRA_OPT_VALUE, "PCT", N_("financing rate, percent per month (Price)"), &opt_rate, NULL},
	{"override", 0, COBRA_OPT_VALUE, "REASON", N_("sell even if the credit policy refuses (recorded)"), &opt_override,
	 NULL},
	COBRA_OPT_REQUEST_ID,
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

/* The sale of sell's options (sale_input.h). */
static int build_sale(struct cobra_sale *sale, const char *amount_text)
{
	const struct cobra_sale_input in = {
		.amount = amount_text,
		.desc = opt_desc,
		.down = opt_down,
		.rate = opt_rate,
		.every = opt_every,
		.date = opt_date,
		.installments = opt_installments,
		.first_due = opt_first_due,
	};
	return cobra_sale_from_input(sale, &in);
}

/* The credit policy of cobra.ini's [credit] (cobra-sell(1)). */
static int credit_check(struct cobra_ctx *ctx, const struct cobra_entry *e, const struct cobra_account *a,
			const struct cobra_sale *sale)
{
	const struct cobra_credit *cr = &ctx->store.policy.credit;
	struct cobra_standing st;
	cobra_date today;
	int rc;
	if ((rc = cobra_date_today(&today)) < 0 || (rc = cobra_standing_for(&st, &ctx->store, e, today)) < 0)
		return rc;
	const struct cobra_hold *h = cobra_account_hold(a);
	cobra_money limit = a->customer.limit >= 0 ? a->customer.limit : cr->limit;
	cobra_money financed = sale->total - sale->down;
	if (strcmp(cr->block_broken, "yes") == 0 && h && strcmp(h->kind, "broken-agreement") == 0)
		return cobra_error(COBRA_REFUSED, "credit: %s is on hold for a broken agreement (block_broken)", e->handle);
	if (cr->block_overdue_days > 0 && st.oldest_days > cr->block_overdue_days)
		return cobra_error(COBRA_REFUSED, "credit: %s has a debt %d days overdue, more than the %d of block_overdue_days",
			e->handle, (int)st.oldest_days, (int)cr->block_overdue_days);
	if (cr->min_score > 0 && st.score.total < cr->min_score)
		return cobra_error(COBRA_REFUSED, "credit: %s's score %d is below min_score %d", e->handle,
			(int)st.score.total, (int)cr->min_score);
	/* a customer's own limit of 0 means no credit; cobra.ini's 0 means no default limit */
	if ((a->customer.limit >= 0 || limit > 0) && st.open + financed > limit) {
		char m1[COBRA_MONEY_BUFSZ], m2[COBRA_MONEY_BUFSZ], m3[COBRA_MONEY_BUFSZ];
		return cobra_error(COBRA_REFUSED, "credit: %s owes %s; with %s more that is above the limit of %s",
			e->handle, cobra_money_format(m1, st.open), cobra_money_format(m2, financed),
			cobra_money_format(m3, limit));
	}
	return 0;
}

static void print_sale(struct cobra_ctx *ctx, const struct cobra_customer *c, const struct cobra_sale *s)
{
	char m[COBRA_MONEY_BUFSZ], d[COBRA_DATE_BUFSZ], r[16];
	if (ctx->format == COBRA_FMT_JSON) {
		struct cobra_buf b = {0};
		cobra_buf_printf(&b, "{\"id\": \"%s\", \"customer\": \"%s\", \"handle\": \"%s\", \"date\": \"%s\"", s->id,
			c->id, c->handle, cobra_date_format(d, s->date));
		cobra_buf_puts(&b, ", \"description\": ");
		cobra_json_string(&b, s->description);
		cobra_buf_printf(&b, ", \"total\": \"%s\"", cobra_money_format(m, s->total));
		cobra_buf_printf(&b, ", \"down\": \"%s\"", cobra_money_format(m, s->down));
		cobra_buf_printf(&b, ", \"financed\": \"%s\"", cobra_money_format(m, s->total - s->down));
		cobra_buf_printf(&b, ", \"rate\": \"%s\"", cobra_rate_format(r, s->rate));
		cobra_buf_printf(&b, ", \"financing\": \"%s\", \"every\": \"%s\", \"installments\": [",
			cobra_money_format(m, s->financing), s->every);
		for (size_t i = 0; i < s->due_count; i++) {
			cobra_buf_printf(&b, "%s{\"installment\": %zu, \"due_date\": \"%s\"", i ? ", " : "", i + 1,
				cobra_date_format(d, s->due[i].due));
			cobra_buf_printf(&b, ", \"amount\": \"%s\"}", cobra_money_format(m, s->due[i].amount));
		}
		cobra_buf_puts(&b, "]}\n");
		if (b.data)
			(void)fputs(b.data, stdout);
		cobra_buf_free(&b);
		return;
	}
	(void)fputs(_("sold to "), stdout);
	cobra_print_safe(stdout, c->name);
	printf(" (%s): %s", c->handle, cobra_human_money(ctx, m, s->total));
	if (s->down)
		printf(_(", down %s"), cobra_human_money(ctx, m, s->down));
	if (s->financing)
		printf(_(", financing %s at %s%%/month"), cobra_human_money(ctx, m, s->financing),
			cobra_rate_format(r, s->rate));
	printf(_("\ndebt %s\n"), s->id);
	for (size_t i = 0; i < s->due_count; i++)
		printf("  %3zu/%-3zu %s  %s\n", i + 1, s->due_count, cobra_human_date(ctx, d, s->due[i].due),
			cobra_human_money(ctx, m, s->due[i].amount));
}

static int cmd_sell(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct cobra_store *s = &ctx->store;
	const struct cobra_entry *e;
	struct cobra_edit ed;
	struct cobra_sale sale;
	struct cobra_buf sec = {0};
	struct cobra_commit_info info = {0};
	char amount[COBRA_MONEY_BUFSZ], r[16];
	int rc;
	(void)argc;
	cobra_sale_init(&sale);
	if ((rc = build_sale(&sale, argv[1])) < 0)
		goto out0;
	if (opt_override && (rc = cobra_text_validate("override", opt_override, COBRA_NOTE_MAX)) < 0)
		goto out0;
	if (opt_override && !opt_override[0]) {
		rc = cobra_error(COBRA_INVALID, "override: the reason must not be empty");
		goto out0;
	}
	if ((rc = cobra_resolve_customer(s, argv[0], &e)) < 0)
		goto out0;
	if ((rc = cobra_edit_open(ctx, e, &ed)) < 0)
		goto out0;
	if (cobra_fee_over_cap(&s->policy.charges, ed.a.customer.doc)) {
		rc = cobra_error(COBRA_REFUSED,
			"late_fee: %s%% in cobra.ini is above the 2%% that consumer law allows for %s (CDC art. 52 par. 1)",
			cobra_rate_format(r, s->policy.charges.late_fee), e->handle);
		cobra_hint("lower late_fee in cobra.ini to 2.00 or less; only CNPJ customers may have more");
		goto out;
	}
	if ((rc = credit_check(ctx, e, &ed.a, &sale)) < 0) {
		if (!opt_override) {
			cobra_hint("give --override REASON to sell anyway; the reason is recorded in the commit");
			goto out;
		}
		cobra_error_clear();
	} else if (opt_override) {
		opt_override = NULL; /* nothing was overridden: record nothing */
	}
	do {
		if ((rc = cobra_id_new_event(sale.id, e->id)) < 0)
			goto out;
	} while (cobra_account_has_id(&ed.a, sale.id));
	cobra_sale_write(&sec, &sale);
	if ((rc = cobra_edit_append(ctx, &ed, &sec)) < 0)
		goto out;
	info.command = "sell";
	cobra_money_format(amount, sale.total);
	(void)snprintf(info.subject, sizeof(info.subject), "sell: %s %s in %zu installment%s (debt %.10s)",
		ed.a.customer.name, amount, sale.due_count, sale.due_count > 1 ? "s" : "", sale.id);
	info.customer = e->id;
	info.debt = sale.id;
	info.amount = amount;
	info.override = opt_override;
	info.request_id = cobra_common.request_id;
	if ((rc = cobra_store_commit(s, &info)) < 0)
		goto out;
	print_sale(ctx, &ed.a.customer, &sale);
out:
	cobra_edit_close(&ed);
out0:
	cobra_buf_free(&sec);
	cobra_schema_free_lists(&cobra_sale_schema, &sale);
	return rc;
}

const struct cobra_command cobra_cmd_sell = {
	"sell", cmd_sell, options, "CUSTOMER AMOUNT [options]", 2, 2, CMD_NEEDS_STORE | CMD_WRITES,
	N_("record a credit sale in installments"),
};
