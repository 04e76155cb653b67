/*
 * cobra negotiate CUSTOMER: the offers the book allows for a debtor; with
 * --accept N or custom terms, an agreement that replaces the open debts with
 * a new one; with --break AGREEMENT, the original debts come back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/id.h"
#include "../src/offer.h"
#include "../src/resolve.h"
#include "../src/text.h"
#include "account_edit.h"
#include "cobra.h"

static const char *opt_accept, *opt_first_due, *opt_discount, *opt_waive_interest, *opt_waive_fee, *opt_installments,
	*opt_down, *opt_override, *opt_break, *opt_debt;

static const struct cobra_opt options[] = {
	{"accept", 0, COBRA_OPT_VALUE, "N", N_("accept offer N as listed"), &opt_accept, NULL},
	{"first-due", 0, COBRA_OPT_VALUE, "DATE", N_("first due date of the agreement (default today)"), &opt_first_due,
	 NULL},
	{"discount", 0, COBRA_OPT_VALUE, "AMOUNT", N_("custom terms: principal discount"), &opt_discount, NULL},
	{"waive-interest", 0, COBRA_OPT_VALUE, "AMOUNT", N_("custom terms: interest waived (or all)"), &opt_waive_interest,
	 NULL},
	{"waive-fee", 0, COBRA_OPT_VALUE, "AMOUNT", N_("custom terms: late fee waived (or all)"), &opt_waive_fee, NULL},
	{"installments", 0, COBRA_OPT_VALUE, "N", N_("custom terms: installments after the down payment (0: in full)"),
	 &opt_installments, NULL},
	{"down", 0, COBRA_OPT_VALUE, "AMOUNT", N_("custom terms: down payment"), &opt_down, NULL},
	{"override", 0, COBRA_OPT_VALUE, "REASON", N_("accept terms outside the book, or break early (recorded)"),
	 &opt_override, NULL},
	{"debt", 0, COBRA_OPT_VALUE, "DEBT", N_("negotiate only this debt"), &opt_debt, NULL},
	{"break", 0, COBRA_OPT_VALUE, "AGREEMENT", N_("the agreement is broken: bring the original debts back"), &opt_break,
	 NULL},
	COBRA_OPT_REQUEST_ID,
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

/* The open installments being negotiated and their balance on a date. */
struct open_set {
	struct cobra_alloc *items;
	size_t n;
	struct cobra_balance bal;
	int32_t days_overdue;
};

static int open_set_make(struct open_set *os, const struct cobra_ledger *l, const struct cobra_charges *ch,
			 const char *debt, cobra_date date)
{
	memset(os, 0, sizeof(*os));
	os->items = calloc(l->nlines ? l->nlines : 1, sizeof(*os->items));
	if (!os->items)
		return cobra_error(COBRA_DATA, "out of memory");
	for (size_t i = 0; i < l->nlines; i++) {
		const struct cobra_iline *line = &l->lines[i];
		struct cobra_owed o;
		bool closed;
		if (line->sale->date > date || (debt && strcmp(debt, line->sale->id) != 0))
			continue;
		int rc = cobra_iline_owed(&o, ch, line, date, &closed);
		if (rc < 0)
			return rc;
		if (o.total == 0)
			continue;
		struct cobra_alloc *it = &os->items[os->n++];
		memcpy(it->debt, line->sale->id, 21);
		it->n = line->n;
		it->interest = o.interest;
		it->fee = o.fee;
		it->principal = o.principal;
		os->bal.principal += o.principal;
		os->bal.fee += o.fee;
		os->bal.interest += o.interest;
		if (o.days_late > os->days_overdue)
			os->days_overdue = o.days_late;
	}
	return 0;
}

static const struct cobra_tier *tier_for(const struct cobra_policy *pol, int32_t days, int *index)
{
	const struct cobra_tier *t = cobra_book_find(pol->offers.tier, pol->offers.tier_count, days);
	*index = t ? (int)(t - pol->offers.tier) + 1 : 0;
	return t;
}

static void print_deal(struct cobra_ctx *ctx, const struct cobra_terms *t, const struct cobra_deal *d)
{
	char m1[COBRA_MONEY_BUFSZ], m2[COBRA_MONEY_BUFSZ], m3[COBRA_MONEY_BUFSZ];
	if (d->installments == 0)
		printf(_("pay %s in full"), cobra_human_money(ctx, m1, d->total));
	else if (d->down > 0)
		printf(_("%s down + %d x %s"), cobra_human_money(ctx, m1, d->down), (int)d->installments,
			cobra_human_money(ctx, m2, d->each));
	else
		printf("%d x %s", (int)d->installments, cobra_human_money(ctx, m2, d->each));
	if (d->installments > 0 && d->first != d->each)
		printf(_(" (first %s)"), cobra_human_money(ctx, m3, d->first));
	printf(_(", total %s"), cobra_human_money(ctx, m1, d->total));
	if (d->given > 0) {
		printf(_(", saving %s"), cobra_human_money(ctx, m1, d->given));
		printf(_(" (interest %s, fee %s, discount %s)"), cobra_human_money(ctx, m1, t->waive_interest),
			cobra_human_money(ctx, m2, t->waive_fee), cobra_human_money(ctx, m3, t->discount));
	}
	putchar('\n');
}

static void json_terms(struct cobra_buf *b, int n, const struct cobra_terms *t, const struct cobra_deal *d)
{
	char m[5][COBRA_MONEY_BUFSZ];
	cobra_buf_printf(b, "%s{\"offer\": %d, \"waive_interest\": \"%s\", \"waive_fee\": \"%s\", \"discount\": \"%s\", "
			    "\"down\": \"%s\", \"installments\": %d, \"total\": \"%s\"}",
		n > 1 ? ", " : "", n, cobra_money_format(m[0], t->waive_interest), cobra_money_format(m[1], t->waive_fee),
		cobra_money_format(m[2], t->discount), cobra_money_format(m[3], d->down), (int)d->installments,
		cobra_money_format(m[4], d->total));
}

static int show(struct cobra_ctx *ctx, const struct cobra_entry *e, const struct open_set *os)
{
	const struct cobra_policy *pol = &ctx->store.policy;
	struct cobra_terms offers[COBRA_MAX_OFFERS];
	int ti;
	const struct cobra_tier *t = tier_for(pol, os->days_overdue, &ti);
	size_t n = t ? cobra_offers(offers, COBRA_MAX_OFFERS, &os->bal, t) : 0;
	char m[4][COBRA_MONEY_BUFSZ];
	cobra_money total = os->bal.principal + os->bal.fee + os->bal.interest;
	if (ctx->format == COBRA_FMT_JSON) {
		struct cobra_buf b = {0};
		cobra_buf_printf(&b, "{\"customer\": \"%s\", \"handle\": \"%s\", \"principal\": \"%s\", \"fee\": \"%s\", "
				    "\"interest\": \"%s\", \"total\": \"%s\", \"days_overdue\": %d, \"tier\": %d, \"offers\": [",
			e->id, e->handle, cobra_money_format(m[0], os->bal.principal), cobra_money_format(m[1], os->bal.fee),
			cobra_money_format(m[2], os->bal.interest), cobra_money_format(m[3], total), (int)os->days_overdue, ti);
		for (size_t i = 0; i < n; i++) {
			struct cobra_deal d;
			if (cobra_deal_make(&d, &os->bal, &offers[i]) == 0)
				json_terms(&b, (int)i + 1, &offers[i], &d);
		}
		cobra_buf_puts(&b, "]}\n");
		if (b.data)
			(void)fputs(b.data, stdout);
		cobra_buf_free(&b);
		return 0;
	}
	printf(_("%s owes %s: principal %s, late fee %s, interest %s\n"), e->handle, cobra_human_money(ctx, m[3], total),
		cobra_human_money(ctx, m[0], os->bal.principal), cobra_human_money(ctx, m[1], os->bal.fee),
		cobra_human_money(ctx, m[2], os->bal.interest));
	if (!t) {
		if (os->days_overdue > 0)
			(void)fputs(_("no offers: the offer book has no tier this late\n"), stdout);
		else
			(void)fputs(_("no offers: nothing is overdue\n"), stdout);
		return 0;
	}
	struct cobra_buf tb = {0};
	cobra_tier_format(&tb, t);
	printf(P_("%d day overdue: tier %d (%s)\n", "%d days overdue: tier %d (%s)\n", os->days_overdue),
		(int)os->days_overdue, ti, tb.data ? tb.data : "");
	cobra_buf_free(&tb);
	for (size_t i = 0; i < n; i++) {
		struct cobra_deal d;
		if (cobra_deal_make(&d, &os->bal, &offers[i]) != 0) {
			cobra_error_clear();
			continue;
		}
		printf("  %zu) ", i + 1);
		print_deal(ctx, &offers[i], &d);
	}
	printf(_("accept one with: cobra negotiate %s --accept N\n"), e->handle);
	return 0;
}

static int parse_waiver(cobra_money *out, const char *field, const char *text, cobra_money all)
{
	if (!text)
		return 0;
	if (strcmp(text, "all") == 0) {
		*out = all;
		return 0;
	}
	return cobra_money_parse(out, field, text);
}

static int custom_terms(struct cobra_terms *t, const struct open_set *os)
{
	int rc;
	memset(t, 0, sizeof(*t));
	if ((rc = parse_waiver(&t->waive_interest, "waive-interest", opt_waive_interest, os->bal.interest)) < 0 ||
	    (rc = parse_waiver(&t->waive_fee, "waive-fee", opt_waive_fee, os->bal.fee)) < 0 ||
	    (opt_discount && (rc = cobra_money_parse(&t->discount, "discount", opt_discount)) < 0) ||
	    (opt_down && (rc = cobra_money_parse(&t->down, "down", opt_down)) < 0))
		return rc;
	if (opt_installments) {
		char *end;
		long n = strtol(opt_installments, &end, 10);
		if (*opt_installments < '0' || *opt_installments > '9' || *end || n < 0 || n > COBRA_MAX_INSTALLMENTS) {
			char q[64];
			return cobra_error(COBRA_INVALID, "installments: \"%s\" is not a whole number from 0 to %d",
				cobra_quote(q, sizeof(q), opt_installments), COBRA_MAX_INSTALLMENTS);
		}
		t->installments = (int32_t)n;
	} else {
		t->installments = 1;
	}
	cobra_money total = os->bal.principal + os->bal.fee + os->bal.interest - t->waive_interest - t->waive_fee -
			    t->discount;
	if (t->installments == 0 && !opt_down)
		t->down = total; /* in full */
	return 0;
}

/* The new debt: the down payment (when any) due on FIRST, then the
 * installments monthly, from FIRST when there is no down payment, else from
 * the month after. */
static int make_sale(struct cobra_sale *sale, const struct cobra_deal *d, cobra_date today, cobra_date first,
		     const char *agreement_id)
{
	size_t n = (size_t)d->installments + (d->down > 0 ? 1 : 0);
	sale->date = today;
	sale->total = d->total;
	(void)snprintf(sale->description, sizeof(sale->description), "acordo %.10s", agreement_id);
	sale->due = calloc(n ? n : 1, sizeof(*sale->due));
	if (!sale->due)
		return cobra_error(COBRA_DATA, "out of memory");
	sale->due_count = n;
	size_t k = 0;
	if (d->down > 0) {
		sale->due[k].due = first;
		sale->due[k++].amount = d->down;
	}
	for (int32_t i = 0; i < d->installments; i++, k++) {
		sale->due[k].due = cobra_every_step("1m", first, (int)(d->down > 0 ? i + 1 : i));
		sale->due[k].amount = i == 0 ? d->first : d->each;
	}
	cobra_money sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += sale->due[i].amount;
	if (sum != d->total)
		return cobra_error(COBRA_DATA, "internal: agreement installments add up to %lld cents, not %lld",
			(long long)sum, (long long)d->total);
	return 0;
}

static int accept(struct cobra_ctx *ctx, const struct cobra_entry *e, struct cobra_edit *ed, const struct open_set *os,
		  cobra_date today)
{
	const struct cobra_policy *pol = &ctx->store.policy;
	struct cobra_terms terms;
	struct cobra_deal deal;
	struct cobra_agreement ag;
	struct cobra_sale sale;
	struct cobra_buf sec = {0};
	struct cobra_commit_info info = {0};
	cobra_date first = today;
	char q[64], amount[COBRA_MONEY_BUFSZ];
	int ti, rc;
	const struct cobra_tier *t = tier_for(pol, os->days_overdue, &ti);
	memset(&ag, 0, sizeof(ag));
	cobra_sale_init(&sale);
	if (os->n == 0)
		return cobra_error(COBRA_REFUSED, "negotiate: %s owes nothing to negotiate", e->handle);
	if (opt_first_due) {
		if ((rc = cobra_date_parse(&first, "first-due", opt_first_due)) < 0)
			return rc;
		if (first < today)
			return cobra_error(COBRA_INVALID, "first-due: \"%s\" is in the past",
				cobra_quote(q, sizeof(q), opt_first_due));
	}
	if (opt_accept) {
		struct cobra_terms offers[COBRA_MAX_OFFERS];
		size_t n = t ? cobra_offers(offers, COBRA_MAX_OFFERS, &os->bal, t) : 0;
		char *end;
		long k = strtol(opt_accept, &end, 10);
		if (*opt_accept < '1' || *opt_accept > '9' || *end || k < 1)
			return cobra_error(COBRA_INVALID, "accept: \"%s\" is not an offer number",
				cobra_quote(q, sizeof(q), opt_accept));
		if ((size_t)k > n)
			return cobra_error(COBRA_NOTFOUND, "accept: there is no offer %ld for %s (%zu offered)", k,
				e->handle, n);
		terms = offers[k - 1];
	} else if ((rc = custom_terms(&terms, os)) < 0) {
		return rc;
	}
	if ((rc = cobra_deal_make(&deal, &os->bal, &terms)) < 0)
		return rc;
	if (!t)
		rc = cobra_error(COBRA_REFUSED, "negotiate: the offer book has no tier for %d days overdue",
			(int)os->days_overdue);
	else
		rc = cobra_terms_check(&terms, &os->bal, t);
	if (rc < 0) {
		if (!opt_override) {
			cobra_hint("stay within the book, or give --override REASON (recorded)");
			return rc;
		}
		cobra_error_clear();
		(void)snprintf(ag.override, sizeof(ag.override), "%s", opt_override);
	}
	do {
		if ((rc = cobra_id_new_event(ag.id, e->id)) < 0)
			return rc;
	} while (cobra_account_has_id(&ed->a, ag.id));
	do {
		if ((rc = cobra_id_new_event(sale.id, e->id)) < 0)
			return rc;
	} while (cobra_account_has_id(&ed->a, sale.id) || strcmp(sale.id, ag.id) == 0);
	ag.date = today;
	memcpy(ag.debt, sale.id, 21);
	ag.tier = ag.override[0] ? 0 : ti;
	ag.principal = os->bal.principal;
	ag.fee = os->bal.fee;
	ag.interest = os->bal.interest;
	ag.waive_interest = terms.waive_interest;
	ag.waive_fee = terms.waive_fee;
	ag.discount = terms.discount;
	ag.total = deal.total;
	ag.replaced = os->items;
	ag.replaced_count = os->n;
	if ((rc = make_sale(&sale, &deal, today, first, ag.id)) < 0)
		goto out;
	cobra_agreement_write(&sec, &ag);
	cobra_sale_write(&sec, &sale);
	if ((rc = cobra_edit_append(ctx, ed, &sec)) < 0)
		goto out;
	cobra_money_format(amount, deal.total);
	info.command = "negotiate";
	(void)snprintf(info.subject, sizeof(info.subject), "negotiate: %s agreement %s in %zu installment%s (debt %.10s)",
		ed->a.customer.name, amount, sale.due_count, sale.due_count == 1 ? "" : "s", sale.id);
	info.customer = e->id;
	info.debt = sale.id;
	info.amount = amount;
	info.override = ag.override[0] ? ag.override : NULL;
	info.request_id = cobra_common.request_id;
	if ((rc = cobra_store_commit(&ctx->store, &info)) < 0)
		goto out;
	if (ctx->format == COBRA_FMT_JSON) {
		char m[3][COBRA_MONEY_BUFSZ];
		printf("{\"agreement\": \"%s\", \"debt\": \"%s\", \"replaced\": \"%s\", \"given\": \"%s\", \"total\": \"%s\", "
		       "\"installments\": %zu}\n",
			ag.id, sale.id,
			cobra_money_format(m[0], os->bal.principal + os->bal.fee + os->bal.interest),
			cobra_money_format(m[1], deal.given), cobra_money_format(m[2], deal.total), sale.due_count);
	} else {
		char d[COBRA_DATE_BUFSZ], m[COBRA_MONEY_BUFSZ];
		printf(_("agreement %s with %s: "), ag.id, e->handle);
		print_deal(ctx, &terms, &deal);
		printf(P_("replaces %zu installment; new debt %s\n", "replaces %zu installments; new debt %s\n", os->n), os->n,
			sale.id);
		for (size_t i = 0; i < sale.due_count; i++)
			printf("  %3zu/%-3zu %s  %s\n", i + 1, sale.due_count, cobra_human_date(ctx, d, sale.due[i].due),
				cobra_human_money(ctx, m, sale.due[i].amount));
	}
out:
	ag.replaced = NULL; /* owned by the open set */
	cobra_buf_free(&sec);
	cobra_schema_free_lists(&cobra_sale_schema, &sale);
	return rc;
}

/* What the agreement's debt collected, and how late its oldest open
 * installment is on TODAY. */
static void agreement_state(const struct cobra_ledger *l, const struct cobra_charges *ch, const char *debt,
			    cobra_date today, cobra_money *collected, cobra_money *open_principal, int *late)
{
	*collected = *open_principal = 0;
	*late = 0;
	for (size_t i = 0; i < l->nlines; i++) {
		const struct cobra_iline *line = &l->lines[i];
		if (strcmp(line->sale->id, debt) != 0)
			continue;
		cobra_money paid = 0;
		for (size_t k = 0; k < line->nev; k++) {
			*collected += line->ev[k].interest + line->ev[k].fee + line->ev[k].principal;
			paid += line->ev[k].principal + line->ev[k].discount;
		}
		*open_principal += line->amount - paid;
		struct cobra_owed o;
		bool closed;
		if (cobra_iline_owed(&o, ch, line, today, &closed) == 0 && o.total > 0 && o.days_late > *late)
			*late = o.days_late;
	}
}

struct line_ref {
	const struct cobra_iline *line;
	cobra_date due; /* effective (cobra_due_effective) */
};

/* Effective due date, then older sale, then sale id, then installment: the
 * order of cobra_allocate(). */
static int cmp_oldest(const void *a, const void *b)
{
	const struct line_ref *ra = a, *rb = b;
	const struct cobra_iline *x = ra->line, *y = rb->line;
	if (ra->due != rb->due)
		return ra->due < rb->due ? -1 : 1;
	if (x->sale->date != y->sale->date)
		return x->sale->date < y->sale->date ? -1 : 1;
	int c = strcmp(x->sale->id, y->sale->id);
	return c ? c : x->n - y->n;
}

static int do_break(struct cobra_ctx *ctx, const struct cobra_entry *e, struct cobra_edit *ed, struct cobra_ledger *l,
		    const struct cobra_charges *ch, cobra_date today)
{
	struct cobra_agreement *ag = NULL;
	struct cobra_break br;
	struct cobra_buf sec = {0};
	struct cobra_commit_info info = {0};
	char q[64], m1[COBRA_MONEY_BUFSZ], m2[COBRA_MONEY_BUFSZ];
	int rc = 0, late, matches = 0;
	size_t plen = strlen(opt_break);
	memset(&br, 0, sizeof(br));
	for (size_t i = 0; i < ed->a.nagreements; i++)
		if (plen >= 4 && plen <= 20 && strncmp(ed->a.agreements[i].id, opt_break, plen) == 0) {
			ag = &ed->a.agreements[i];
			matches++;
		}
	if (matches != 1)
		return cobra_error(COBRA_NOTFOUND, "break: \"%s\" %s", cobra_quote(q, sizeof(q), opt_break),
			matches ? "matches several agreements; give more of the ID" : "is not an agreement of this customer");
	if (cobra_account_break_of(&ed->a, ag->id))
		return cobra_error(COBRA_REFUSED, "break: agreement %.10s is already broken", ag->id);
	cobra_money collected, cancelled;
	agreement_state(l, ch, ag->debt, today, &collected, &cancelled, &late);
	if (late <= ctx->store.policy.offers.break_days && !opt_override) {
		rc = cobra_error(COBRA_REFUSED, "break: agreement %.10s is %d days late; it may be broken after %d", ag->id,
			late, (int)ctx->store.policy.offers.break_days);
		cobra_hint("break_days is in cobra.ini [offers]; --override REASON breaks it now (recorded)");
		return rc;
	}
	/* reopen the replaced installments as the break will, and apply what the
	 * agreement collected to them, oldest first */
	for (size_t k = 0; k < ag->replaced_count; k++) {
		struct cobra_iline *line = cobra_ledger_line(l, ag->replaced[k].debt, ag->replaced[k].n);
		if (line)
			line->closed_until = today;
	}
	br.paid = calloc(ag->replaced_count ? ag->replaced_count : 1, sizeof(*br.paid));
	if (!br.paid)
		return cobra_error(COBRA_DATA, "out of memory");
	/* oldest due first, as a payment is allocated (ledger.h) */
	struct line_ref *order = calloc(ag->replaced_count ? ag->replaced_count : 1, sizeof(*order));
	if (!order) {
		rc = cobra_error(COBRA_DATA, "out of memory");
		goto out;
	}
	size_t norder = 0;
	for (size_t k = 0; k < ag->replaced_count; k++) {
		struct cobra_iline *line = cobra_ledger_line(l, ag->replaced[k].debt, ag->replaced[k].n);
		if (!line) {
			free(order);
			rc = cobra_error(COBRA_DATA, "break: installment %s/%d is gone", ag->replaced[k].debt,
				(int)ag->replaced[k].n);
			goto out;
		}
		order[norder].line = line;
		order[norder++].due = cobra_due_effective(ch, line->due);
	}
	qsort(order, norder, sizeof(*order), cmp_oldest);
	cobra_money left = collected;
	for (size_t k = 0; k < norder && left > 0; k++) {
		const struct cobra_iline *line = order[k].line;
		struct cobra_owed o;
		bool closed;
		if ((rc = cobra_iline_owed(&o, ch, line, today, &closed)) < 0) {
			free(order);
			goto out;
		}
		if (o.total == 0)
			continue;
		struct cobra_alloc *a = &br.paid[br.paid_count++];
		memcpy(a->debt, line->sale->id, 21);
		a->n = line->n;
		a->interest = left < o.interest ? left : o.interest;
		left -= a->interest;
		a->fee = left < o.fee ? left : o.fee;
		left -= a->fee;
		a->principal = left < o.principal ? left : o.principal;
		left -= a->principal;
	}
	free(order);
	if (left > 0) {
		rc = cobra_error(COBRA_DATA, "break: %s collected is more than the original debts owe", cobra_money_format(m1, collected));
		goto out;
	}
	do {
		if ((rc = cobra_id_new_event(br.id, e->id)) < 0)
			goto out;
	} while (cobra_account_has_id(&ed->a, br.id));
	br.date = today;
	memcpy(br.agreement, ag->id, 21);
	br.collected = collected;
	br.cancelled = cancelled;
	cobra_break_write(&sec, &br);
	if ((rc = cobra_edit_append(ctx, ed, &sec)) < 0)
		goto out;
	info.command = "negotiate";
	(void)snprintf(info.subject, sizeof(info.subject),
		"negotiate: break agreement %.10s of %s; original debts back, less %s collected", ag->id,
		ed->a.customer.name, cobra_money_format(m1, collected));
	info.customer = e->id;
	info.debt = ag->debt;
	info.amount = m1;
	info.override = late <= ctx->store.policy.offers.break_days ? opt_override : NULL;
	info.request_id = cobra_common.request_id;
	if ((rc = cobra_store_commit(&ctx->store, &info)) < 0)
		goto out;
	if (ctx->format == COBRA_FMT_JSON)
		printf("{\"break\": \"%s\", \"agreement\": \"%s\", \"collected\": \"%s\", \"cancelled\": \"%s\"}\n", br.id,
			ag->id, m1, cobra_money_format(m2, cancelled));
	else
		printf(P_("agreement %.10s broken: %zu original installment reopened, %s collected applied to it, "
			  "%s of the agreement cancelled\n",
			  "agreement %.10s broken: %zu original installments reopened, %s collected applied to them, "
			  "%s of the agreement cancelled\n",
			  ag->replaced_count),
			ag->id, ag->replaced_count, cobra_human_money(ctx, m1, collected),
			cobra_human_money(ctx, m2, cancelled));
out:
	free(br.paid);
	cobra_buf_free(&sec);
	return rc;
}

static bool custom(void)
{
	return opt_discount || opt_waive_interest || opt_waive_fee || opt_installments || opt_down;
}

static int cmd_negotiate(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct cobra_store *s = &ctx->store;
	const struct cobra_entry *e = NULL;
	struct cobra_edit ed;
	struct cobra_ledger l = {0};
	struct open_set os = {0};
	struct cobra_charges ch;
	cobra_date today;
	char debt[21] = "";
	int rc = 0;
	(void)argc;
	if (opt_accept && custom())
		return cobra_error(COBRA_USAGE, "negotiate: --accept N or custom terms, not both");
	if (opt_break && (opt_accept || custom() || opt_first_due || opt_debt))
		return cobra_error(COBRA_USAGE, "negotiate: --break goes alone (with --override)");
	if (opt_override && (rc = cobra_text_validate("override", opt_override, COBRA_NOTE_MAX)) < 0)
		return rc;
	if (opt_override && !opt_override[0])
		return cobra_error(COBRA_INVALID, "override: the reason must not be empty");
	if ((rc = cobra_date_today(&today)) < 0 || (rc = cobra_resolve_customer(s, argv[0], &e)) < 0)
		return rc;
	if (opt_debt) {
		const struct cobra_entry *de = NULL;
		if ((rc = cobra_resolve_debt(s, opt_debt, &de, debt)) < 0)
			return rc;
		if (de != e)
			return cobra_error(COBRA_NOTFOUND, "debt: \"%s\" is not a debt of %s", opt_debt, e->handle);
	}
	if ((rc = cobra_edit_open(ctx, e, &ed)) < 0)
		return rc;
	cobra_charges_for(&ch, &s->policy.charges, ed.a.customer.doc);
	if ((rc = cobra_ledger_build(&l, &ed.a, e->path)) < 0)
		goto out;
	if (opt_break) {
		rc = do_break(ctx, e, &ed, &l, &ch, today);
		goto out;
	}
	if ((rc = open_set_make(&os, &l, &ch, debt[0] ? debt : NULL, today)) < 0)
		goto out;
	if (opt_accept || custom())
		rc = accept(ctx, e, &ed, &os, today);
	else
		rc = show(ctx, e, &os);
out:
	free(os.items);
	cobra_ledger_free(&l);
	cobra_edit_close(&ed);
	return rc;
}

/* Showing the offers reads only; accepting or breaking writes. */
static bool negotiate_writes(void)
{
	return opt_accept || custom() || opt_break;
}

const struct cobra_command cobra_cmd_negotiate = {
	"negotiate", cmd_negotiate, options,
	"CUSTOMER [--accept N | custom terms] [--first-due DATE] [--override REASON] | CUSTOMER --break AGREEMENT", 1, 1,
	CMD_NEEDS_STORE | CMD_WRITES, N_("offers from the offer book, agreements, and broken agreements"),
	negotiate_writes,
};
