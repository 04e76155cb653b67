/* cobra pay CUSTOMER|DEBT AMOUNT: a payment, allocated and receipted. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/id.h"
#include "../src/resolve.h"
#include "../src/text.h"
#include "account_edit.h"
#include "cobra.h"
#include "i18n.h"

static const char *opt_date, *opt_method, *opt_ref;

static const struct cobra_opt options[] = {
	{"date", 0, COBRA_OPT_VALUE, "DATE", N_("date of the payment (default today)"), &opt_date, NULL},
	{"method", 0, COBRA_OPT_VALUE, "METHOD", N_("cash (default), pix, card, transfer or boleto"), &opt_method, NULL},
	{"ref", 0, COBRA_OPT_VALUE, "TEXT", N_("a reference: receipt number, transaction id"), &opt_ref, NULL},
	COBRA_OPT_REQUEST_ID,
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

/* CUSTOMER or DEBT: whichever matches; both is ambiguous. */
static int resolve_target(struct cobra_store *s, const char *ref, const struct cobra_entry **e, char debt[21])
{
	const struct cobra_entry *by_debt = NULL, *by_customer = NULL;
	int rd = cobra_resolve_debt(s, ref, &by_debt, debt);
	if (rd < 0)
		return rd;
	int rcust = cobra_resolve_customer(s, ref, &by_customer);
	if (rcust < 0 && rcust != -COBRA_NOTFOUND)
		return rcust;
	if (rd == 0 && rcust == 0 && by_customer != by_debt) {
		char q[96];
		cobra_error_clear();
		return cobra_error(COBRA_NOTFOUND, "customer: \"%s\" matches customer %s and a debt of %s; give more of the ID",
			cobra_quote(q, sizeof(q), ref), by_customer->handle, by_debt->handle);
	}
	if (rd == 0 && (rcust != 0 || by_customer != by_debt || strlen(ref) > 7)) {
		cobra_error_clear();
		*e = by_debt;
		return 0;
	}
	if (rcust == 0) {
		debt[0] = '\0';
		*e = by_customer;
		return 0;
	}
	return rcust;
}

static void print_receipt(struct cobra_ctx *ctx, const struct cobra_customer *c, const struct cobra_payment *p,
			  const struct cobra_account *a, cobra_money balance)
{
	char m[COBRA_MONEY_BUFSZ], d[COBRA_DATE_BUFSZ];
	if (ctx->format == COBRA_FMT_JSON) {
		struct cobra_buf b = {0};
		cobra_buf_printf(&b, "{\"id\": \"%s\", \"customer\": \"%s\", \"handle\": \"%s\", \"date\": \"%s\"", p->id,
			c->id, c->handle, cobra_date_format(d, p->date));
		cobra_buf_printf(&b, ", \"amount\": \"%s\", \"method\": \"%s\", \"ref\": ", cobra_money_format(m, p->amount),
			p->method);
		cobra_json_string(&b, p->ref);
		cobra_buf_puts(&b, ", \"allocation\": [");
		for (size_t i = 0; i < p->paid_count; i++) {
			const struct cobra_alloc *al = &p->paid[i];
			cobra_buf_printf(&b, "%s{\"debt\": \"%s\", \"installment\": %d", i ? ", " : "", al->debt, (int)al->n);
			cobra_buf_printf(&b, ", \"interest\": \"%s\"", cobra_money_format(m, al->interest));
			cobra_buf_printf(&b, ", \"fee\": \"%s\"", cobra_money_format(m, al->fee));
			cobra_buf_printf(&b, ", \"principal\": \"%s\"", cobra_money_format(m, al->principal));
			cobra_buf_printf(&b, ", \"discount\": \"%s\"}", cobra_money_format(m, al->discount));
		}
		cobra_buf_printf(&b, "], \"balance\": \"%s\"}\n", cobra_money_format(m, balance));
		if (b.data)
			(void)fputs(b.data, stdout);
		cobra_buf_free(&b);
		return;
	}
	/* TRANSLATORS: the receipt's labels (from, to, date, amount, balance) are
	 * padded with spaces to one width so that the values line up */
	printf(_("receipt %s\n"), p->id);
	(void)fputs(_("from     "), stdout);
	cobra_print_safe(stdout, c->name);
	printf(" (%s)\n", c->handle);
	(void)fputs(_("to       "), stdout);
	cobra_print_safe(stdout, ctx->store.policy.business.name);
	putchar('\n');
	printf(_("date     %s\n"), cobra_human_date(ctx, d, p->date));
	/* TRANSLATORS: "amount   R$ 10,00 by pix" */
	printf(_("amount   %s by %s"), cobra_human_money(ctx, m, p->amount), cobra_method_human(p->method));
	if (p->ref[0]) {
		(void)fputs(_(", ref "), stdout);
		cobra_print_safe(stdout, p->ref);
	}
	putchar('\n');
	for (size_t i = 0; i < p->paid_count; i++) {
		const struct cobra_alloc *al = &p->paid[i];
		printf(_("  debt %.*s #%d: principal %s"), (int)cobra_debt_abbrev(a, al->debt), al->debt, (int)al->n,
			cobra_human_money(ctx, m, al->principal));
		if (al->fee || al->interest) {
			char mi[COBRA_MONEY_BUFSZ], mf[COBRA_MONEY_BUFSZ];
			printf(_(", late fee %s, interest %s"), cobra_human_money(ctx, mf, al->fee),
				cobra_human_money(ctx, mi, al->interest));
		}
		if (al->discount)
			printf(_(", early-payment discount %s"), cobra_human_money(ctx, m, al->discount));
		putchar('\n');
	}
	printf(_("balance  %s owed after this payment\n"), cobra_human_money(ctx, m, balance));
}

static int cmd_pay(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct cobra_store *s = &ctx->store;
	const struct cobra_entry *e = NULL;
	struct cobra_edit ed;
	struct cobra_payment pay;
	struct cobra_ledger l = {0};
	struct cobra_buf sec = {0};
	struct cobra_commit_info info = {0};
	const struct cobra_schema *sc = &cobra_payment_schema;
	char debt[21] = "", amount[COBRA_MONEY_BUFSZ], m[COBRA_MONEY_BUFSZ], q[96];
	cobra_date today;
	cobra_money rest = 0, owed = 0, owed_all = 0;
	int rc;
	(void)argc;
	cobra_payment_init(&pay);
	memset(&ed, 0, sizeof(ed));
	if ((rc = cobra_field_from_input(cobra_schema_field(sc, "amount"), &pay, "amount", argv[1])) < 0)
		return rc;
	if (pay.amount <= 0)
		return cobra_error(COBRA_INVALID, "amount: \"%s\" must be more than zero", cobra_quote(q, sizeof(q), argv[1]));
	if ((rc = cobra_field_from_input(cobra_schema_field(sc, "method"), &pay, "method", opt_method ? opt_method : "cash")) < 0)
		return rc;
	if (opt_ref && (rc = cobra_field_from_input(cobra_schema_field(sc, "ref"), &pay, "ref", opt_ref)) < 0)
		return rc;
	if ((rc = cobra_date_today(&today)) < 0 || (rc = cobra_opt_date(&pay.date, "date", opt_date)) < 0)
		return rc;
	if (pay.date > today)
		return cobra_error(COBRA_INVALID, "date: \"%s\" is in the future", cobra_quote(q, sizeof(q), opt_date));
	if ((rc = resolve_target(s, argv[0], &e, debt)) < 0)
		return rc;
	if ((rc = cobra_edit_open(ctx, e, &ed)) < 0)
		return rc;
	cobra_date last = cobra_last_payment_date(&ed.a);
	if (pay.date < last) {
		char d[COBRA_DATE_BUFSZ];
		rc = cobra_error(COBRA_REFUSED, "date: %s is before %s's latest payment (%s)", cobra_date_format(m, pay.date),
			e->handle, cobra_date_format(d, last));
		cobra_hint("payments are recorded in date order; use the date it was received, not earlier than the last one");
		goto out;
	}
	struct cobra_charges ch;
	cobra_charges_for(&ch, &s->policy.charges, ed.a.customer.doc);
	if ((rc = cobra_ledger_build(&l, &ed.a, e->path)) < 0 ||
	    (rc = cobra_ledger_owed(&owed, &l, &ch, debt[0] ? debt : NULL, pay.date)) < 0 ||
	    (rc = cobra_ledger_owed(&owed_all, &l, &ch, NULL, pay.date)) < 0)
		goto out;
	if (owed == 0) {
		if (debt[0])
			rc = cobra_error(COBRA_REFUSED, "amount: nothing is owed by %s on debt %s on %s", e->handle, debt,
				cobra_date_format(m, pay.date));
		else
			rc = cobra_error(COBRA_REFUSED, "amount: nothing is owed by %s on %s", e->handle,
				cobra_date_format(m, pay.date));
		goto out;
	}
	if (pay.amount > owed) {
		char o[COBRA_MONEY_BUFSZ];
		if (debt[0])
			rc = cobra_error(COBRA_REFUSED, "amount: %s is more than the %s owed on debt %s on %s",
				cobra_money_format(m, pay.amount), cobra_money_format(o, owed), debt,
				cobra_date_format(amount, pay.date));
		else
			rc = cobra_error(COBRA_REFUSED, "amount: %s is more than the %s owed on %s",
				cobra_money_format(m, pay.amount), cobra_money_format(o, owed), cobra_date_format(amount, pay.date));
		cobra_hint("pay at most %s; cobra refuses overpayments so that no money goes unaccounted", o);
		goto out;
	}
	if ((rc = cobra_allocate(&pay.paid, &pay.paid_count, &rest, &l, &ch, debt[0] ? debt : NULL,
		     pay.date, pay.amount)) < 0)
		goto out;
	if (rest != 0) {
		/* an early-payment discount made what is owed less than the amount */
		char o[COBRA_MONEY_BUFSZ];
		if (debt[0])
			rc = cobra_error(COBRA_REFUSED,
				"amount: %s is more than the %s owed on debt %s on %s with the early-payment discount",
				cobra_money_format(m, pay.amount), cobra_money_format(o, pay.amount - rest), debt,
				cobra_date_format(amount, pay.date));
		else
			rc = cobra_error(COBRA_REFUSED, "amount: %s is more than the %s owed on %s with the early-payment discount",
				cobra_money_format(m, pay.amount), cobra_money_format(o, pay.amount - rest),
				cobra_date_format(amount, pay.date));
		cobra_hint("pay at most %s; cobra refuses overpayments so that no money goes unaccounted", o);
		goto out;
	}
	do {
		if ((rc = cobra_id_new_event(pay.id, e->id)) < 0)
			goto out;
	} while (cobra_account_has_id(&ed.a, pay.id));
	cobra_payment_write(&sec, &pay);
	if ((rc = cobra_edit_append(ctx, &ed, &sec)) < 0)
		goto out;
	cobra_money_format(amount, pay.amount);
	info.command = "pay";
	if (debt[0])
		(void)snprintf(info.subject, sizeof(info.subject), "pay: %s %s on %.10s", ed.a.customer.name, amount, debt);
	else
		(void)snprintf(info.subject, sizeof(info.subject), "pay: %s %s", ed.a.customer.name, amount);
	info.customer = e->id;
	info.debt = debt[0] ? debt : NULL;
	info.payment = pay.id;
	info.amount = amount;
	info.request_id = cobra_common.request_id;
	if ((rc = cobra_store_commit(s, &info)) < 0)
		goto out;
	/* an early-payment discount settles principal too */
	cobra_money settled = pay.amount;
	for (size_t i = 0; i < pay.paid_count; i++)
		settled += pay.paid[i].discount;
	print_receipt(ctx, &ed.a.customer, &pay, &ed.a, owed_all - settled);
out:
	cobra_ledger_free(&l);
	cobra_edit_close(&ed);
	cobra_buf_free(&sec);
	cobra_schema_free_lists(&cobra_payment_schema, &pay);
	return rc;
}

const struct cobra_command cobra_cmd_pay = {
	"pay", cmd_pay, options, "CUSTOMER|DEBT AMOUNT [options]", 2, 2, CMD_NEEDS_STORE | CMD_WRITES,
	N_("record a payment; it is allocated oldest due first and a receipt is printed"),
};
