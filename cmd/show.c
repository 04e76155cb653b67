/* cobra show CUSTOMER: a statement - profile, sales, installments,
 * payments and their allocation, balance. */
#include <stdio.h>
#include <string.h>

#include "../src/ledger.h"
#include "../src/resolve.h"
#include "account_edit.h"
#include "cobra.h"
#include "i18n.h"
#include "print_customer.h"

static const char *opt_as_of;

static const struct cobra_opt options[] = {
	{"as-of", 0, COBRA_OPT_VALUE, "DATE", N_("balance on this date (default today)"), &opt_as_of, NULL},
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

/* An installment's status: English words for JSON; translated for people (HUMAN). */
static const char *status(char *buf, size_t n, const struct cobra_owed *o, const struct cobra_iline *line,
			  cobra_date asof, bool human)
{
	cobra_money paid = 0;
	for (size_t k = 0; k < line->nev; k++)
		paid += line->ev[k].date <= asof ? line->ev[k].principal + line->ev[k].discount : 0;
	if (cobra_iline_closed(line->closed_from, line->closed_until, asof))
		(void)snprintf(buf, n, "%s",
			paid >= line->amount ? (human ? _("paid") : "paid")
			: line->cancelled    ? (human ? _("cancelled") : "cancelled")
					     : (human ? _("renegotiated") : "renegotiated"));
	else if (o->total == 0)
		(void)snprintf(buf, n, "%s", human ? _("paid") : "paid");
	else if (o->days_late > 0)
		/* TRANSLATORS: an installment's status: "late 12 d" (days) */
		(void)snprintf(buf, n, human ? _("late %d d") : "late %d d", o->days_late);
	else
		(void)snprintf(buf, n, "%s", human ? _("open") : "open");
	return buf;
}

static void json_money(struct cobra_buf *b, const char *key, cobra_money v)
{
	char m[COBRA_MONEY_BUFSZ];
	cobra_buf_printf(b, ", \"%s\": \"%s\"", key, cobra_money_format(m, v));
}

static int print_json(struct cobra_ctx *ctx, const struct cobra_account *a, const struct cobra_ledger *l,
		      cobra_date asof)
{
	struct cobra_buf b = {0};
	char d[COBRA_DATE_BUFSZ], st[32];
	cobra_money balance = 0;
	int rc = 0;
	struct cobra_charges ch;
	cobra_charges_for(&ch, &ctx->store.policy.charges, a->customer.doc);
	cobra_buf_printf(&b, "{\"customer\": \"%s\", \"handle\": \"%s\", \"name\": ", a->customer.id, a->customer.handle);
	cobra_json_string(&b, a->customer.name);
	cobra_buf_printf(&b, ", \"as_of\": \"%s\", \"sales\": [", cobra_date_format(d, asof));
	size_t li = 0;
	for (size_t i = 0; i < a->nsales; i++) {
		const struct cobra_sale *s = &a->sales[i];
		cobra_buf_printf(&b, "%s{\"id\": \"%s\", \"date\": \"%s\", \"description\": ", i ? ", " : "", s->id,
			cobra_date_format(d, s->date));
		cobra_json_string(&b, s->description);
		json_money(&b, "total", s->total);
		json_money(&b, "down", s->down);
		json_money(&b, "financing", s->financing);
		cobra_buf_puts(&b, ", \"installments\": [");
		for (size_t k = 0; k < s->due_count; k++, li++) {
			struct cobra_owed o;
			const struct cobra_iline *line = &l->lines[li];
			bool closed;
			if ((rc = cobra_iline_owed(&o, &ch, line, asof, &closed)) < 0)
				goto out;
			if (s->date <= asof)
				balance += o.total;
			cobra_buf_printf(&b, "%s{\"installment\": %zu, \"due_date\": \"%s\"", k ? ", " : "", k + 1,
				cobra_date_format(d, line->due));
			json_money(&b, "amount", line->amount);
			cobra_buf_printf(&b, ", \"days_late\": %d", o.days_late);
			json_money(&b, "principal", o.principal);
			json_money(&b, "fee", o.fee);
			json_money(&b, "interest", o.interest);
			json_money(&b, "total", o.total);
			cobra_buf_printf(&b, ", \"status\": \"%s\"}", status(st, sizeof(st), &o, line, asof, false));
		}
		cobra_buf_puts(&b, "]}");
	}
	cobra_buf_puts(&b, "], \"payments\": [");
	for (size_t i = 0; i < a->npayments; i++) {
		const struct cobra_payment *p = &a->payments[i];
		cobra_buf_printf(&b, "%s{\"id\": \"%s\", \"date\": \"%s\"", i ? ", " : "", p->id, cobra_date_format(d, p->date));
		json_money(&b, "amount", p->amount);
		cobra_buf_printf(&b, ", \"method\": \"%s\", \"ref\": ", p->method);
		cobra_json_string(&b, p->ref);
		cobra_buf_puts(&b, ", \"allocation\": [");
		for (size_t k = 0; k < p->paid_count; k++) {
			cobra_buf_printf(&b, "%s{\"debt\": \"%s\", \"installment\": %d", k ? ", " : "", p->paid[k].debt,
				(int)p->paid[k].n);
			json_money(&b, "interest", p->paid[k].interest);
			json_money(&b, "fee", p->paid[k].fee);
			json_money(&b, "principal", p->paid[k].principal);
			cobra_buf_puts(&b, "}");
		}
		cobra_buf_puts(&b, "]}");
	}
	cobra_buf_puts(&b, "]");
	json_money(&b, "balance", balance);
	cobra_buf_puts(&b, "}\n");
	if (b.data)
		(void)fputs(b.data, stdout);
out:
	cobra_buf_free(&b);
	return rc;
}

static int print_human(struct cobra_ctx *ctx, const struct cobra_account *a, const struct cobra_ledger *l,
		       cobra_date asof)
{
	char d[11], m[40], m2[40], m3[40], st[32];
	cobra_money balance = 0;
	size_t li = 0;
	int rc;
	struct cobra_charges ch;
	cobra_charges_for(&ch, &ctx->store.policy.charges, a->customer.doc);
	cobra_print_customer_human(stdout, ctx, &a->customer);
	for (size_t i = 0; i < a->nsales; i++) {
		const struct cobra_sale *s = &a->sales[i];
		printf(_("\nsale %.*s on %s: %s"), (int)cobra_debt_abbrev(a, s->id), s->id, cobra_human_date(ctx, d, s->date),
			cobra_human_money(ctx, m, s->total));
		if (s->down)
			printf(_(", down %s"), cobra_human_money(ctx, m, s->down));
		if (s->financing)
			printf(_(", financing %s"), cobra_human_money(ctx, m, s->financing));
		if (s->description[0]) {
			(void)fputs(" - ", stdout);
			cobra_print_safe(stdout, s->description);
		}
		putchar('\n');
		for (size_t k = 0; k < s->due_count; k++, li++) {
			const struct cobra_iline *line = &l->lines[li];
			struct cobra_owed o;
			bool closed;
			if ((rc = cobra_iline_owed(&o, &ch, line, asof, &closed)) < 0)
				return rc;
			if (s->date <= asof)
				balance += o.total;
			/* TRANSLATORS: an installment: "  1/3   due 22/11/2026  R$ 100,00  open R$ 100,00" */
			printf(_("  %3zu/%-3zu due %s  %14s  open %14s"), k + 1, s->due_count, cobra_human_date(ctx, d, line->due),
				cobra_human_money(ctx, m, line->amount), cobra_human_money(ctx, m2, o.total));
			if (o.fee || o.interest)
				printf(_(" (fee %s, interest %s)"), cobra_human_money(ctx, m3, o.fee),
					cobra_human_money(ctx, m, o.interest));
			printf("  %s\n", status(st, sizeof(st), &o, line, asof, true));
		}
	}
	if (a->npayments)
		printf("\n%s\n", _("payments"));
	for (size_t i = 0; i < a->npayments; i++) {
		const struct cobra_payment *p = &a->payments[i];
		printf(_("  %s  %s by %s"), cobra_human_date(ctx, d, p->date), cobra_human_money(ctx, m, p->amount),
			cobra_method_human(p->method));
		if (p->ref[0]) {
			(void)fputs(_(", ref "), stdout);
			cobra_print_safe(stdout, p->ref);
		}
		putchar('\n');
		for (size_t k = 0; k < p->paid_count; k++) {
			const struct cobra_alloc *al = &p->paid[k];
			printf(_("      debt %.*s #%d: principal %s, fee %s, interest %s\n"), (int)cobra_debt_abbrev(a, al->debt),
				al->debt, (int)al->n, cobra_human_money(ctx, m, al->principal), cobra_human_money(ctx, m2, al->fee),
				cobra_human_money(ctx, m3, al->interest));
		}
	}
	printf(_("\nbalance on %s: %s\n"), cobra_human_date(ctx, d, asof), cobra_human_money(ctx, m, balance));
	return 0;
}

static int cmd_show(struct cobra_ctx *ctx, int argc, char **argv)
{
	const struct cobra_entry *e;
	struct cobra_edit ed;
	struct cobra_ledger l;
	cobra_date asof;
	int rc;
	(void)argc;
	if (ctx->format == COBRA_FMT_TSV || ctx->format == COBRA_FMT_CSV)
		return cobra_error(COBRA_USAGE, "show: --format is human or json");
	if ((rc = cobra_opt_date(&asof, "as-of", opt_as_of)) < 0)
		return rc;
	if ((rc = cobra_resolve_customer(&ctx->store, argv[0], &e)) < 0)
		return rc;
	if ((rc = cobra_edit_open(ctx, e, &ed)) < 0)
		return rc;
	if ((rc = cobra_ledger_build(&l, &ed.a, e->path)) == 0) {
		rc = ctx->format == COBRA_FMT_JSON ? print_json(ctx, &ed.a, &l, asof) : print_human(ctx, &ed.a, &l, asof);
		cobra_ledger_free(&l);
	}
	cobra_edit_close(&ed);
	return rc;
}

const struct cobra_command cobra_cmd_show = {
	"show", cmd_show, options, "CUSTOMER [--as-of DATE] [--format human|json]", 1, 1, CMD_NEEDS_STORE | CMD_PAGES,
	N_("a customer's statement: profile, sales, installments, payments, balance"),
};
