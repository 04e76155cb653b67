/* cobra due: open installments with late fee and interest as of a date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/ledger.h"
#include "../src/resolve.h"
#include "cobra.h"

static const char *opt_as_of, *opt_customer;
static bool opt_overdue, opt_by_customer, opt_aging, opt_exit_code;

static const struct cobra_opt options[] = {
	{"as-of", 0, COBRA_OPT_VALUE, "DATE", "evaluate on this date (default today)", &opt_as_of, NULL},
	{"overdue", 0, COBRA_OPT_FLAG, NULL, "only installments past their due date", NULL, &opt_overdue},
	{"customer", 0, COBRA_OPT_VALUE, "CUSTOMER", "only this customer", &opt_customer, NULL},
	{"by-customer", 0, COBRA_OPT_FLAG, NULL, "one line per customer", NULL, &opt_by_customer},
	{"aging", 0, COBRA_OPT_FLAG, NULL, "per customer, by days late: current, 1-30, 31-60, 61-90, over 90", NULL,
	 &opt_aging},
	{"exit-code", 0, COBRA_OPT_FLAG, NULL, "exit 1 when anything listed is overdue", NULL, &opt_exit_code},
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

static const struct cobra_col item_cols[] = {
	{"customer", "CUSTOMER", COBRA_COL_TEXT}, {"handle", "HANDLE", COBRA_COL_TEXT},
	{"name", "NAME", COBRA_COL_TEXT},         {"debt", "DEBT", COBRA_COL_TEXT},
	{"installment", "#", COBRA_COL_INT},      {"due_date", "DUE", COBRA_COL_TEXT},
	{"days_late", "LATE", COBRA_COL_INT},     {"principal", "PRINCIPAL", COBRA_COL_NUM},
	{"fee", "FEE", COBRA_COL_NUM},            {"interest", "INTEREST", COBRA_COL_NUM},
	{"total", "TOTAL", COBRA_COL_NUM},
};
/* human output leaves out the full customer id and the name */
static const struct cobra_col item_cols_human[] = {
	{"handle", "CUSTOMER", COBRA_COL_TEXT}, {"debt", "DEBT", COBRA_COL_TEXT},
	{"installment", "#", COBRA_COL_TEXT},   {"due_date", "DUE", COBRA_COL_TEXT},
	{"days_late", "LATE", COBRA_COL_INT},   {"principal", "PRINCIPAL", COBRA_COL_NUM},
	{"fee", "FEE", COBRA_COL_NUM},          {"interest", "INTEREST", COBRA_COL_NUM},
	{"total", "TOTAL", COBRA_COL_NUM},
};
static const struct cobra_col cust_cols[] = {
	{"customer", "ID", COBRA_COL_TEXT},   {"handle", "CUSTOMER", COBRA_COL_TEXT},
	{"name", "NAME", COBRA_COL_TEXT},     {"items", "ITEMS", COBRA_COL_INT},
	{"oldest_due", "OLDEST", COBRA_COL_TEXT}, {"days_late", "LATE", COBRA_COL_INT},
	{"principal", "PRINCIPAL", COBRA_COL_NUM}, {"fee", "FEE", COBRA_COL_NUM},
	{"interest", "INTEREST", COBRA_COL_NUM}, {"total", "TOTAL", COBRA_COL_NUM},
};
static const struct cobra_col aging_cols[] = {
	{"customer", "ID", COBRA_COL_TEXT}, {"handle", "CUSTOMER", COBRA_COL_TEXT},
	{"current", "CURRENT", COBRA_COL_NUM}, {"d1_30", "1-30", COBRA_COL_NUM},
	{"d31_60", "31-60", COBRA_COL_NUM},   {"d61_90", "61-90", COBRA_COL_NUM},
	{"d90_plus", "OVER 90", COBRA_COL_NUM}, {"total", "TOTAL", COBRA_COL_NUM},
};

#define NCOLS(a) (sizeof(a) / sizeof((a)[0]))

struct totals {
	cobra_money principal, fee, interest, total;
	cobra_money bucket[5];
	size_t items;
	cobra_date oldest;
	int late;
};

static int bucket_of(int days_late)
{
	return days_late <= 0 ? 0 : days_late <= 30 ? 1 : days_late <= 60 ? 2 : days_late <= 90 ? 3 : 4;
}

static int add(struct totals *t, const struct cobra_owed *o, cobra_date due)
{
	if (!cobra_money_add(&t->principal, t->principal, o->principal) || !cobra_money_add(&t->fee, t->fee, o->fee) ||
	    !cobra_money_add(&t->interest, t->interest, o->interest) || !cobra_money_add(&t->total, t->total, o->total))
		return cobra_error(COBRA_DATA, "total: overflows the largest amount cobra can add up");
	int b = bucket_of(o->days_late);
	if (!cobra_money_add(&t->bucket[b], t->bucket[b], o->total))
		return cobra_error(COBRA_DATA, "total: overflows");
	if (t->items == 0 || due < t->oldest)
		t->oldest = due;
	if (o->days_late > t->late)
		t->late = o->days_late;
	t->items++;
	return 0;
}

struct row_ctx {
	struct cobra_ctx *ctx;
	struct cobra_table *t;
	bool human;
};

static void money_cell(struct row_ctx *rc, char *buf, cobra_money v)
{
	if (rc->human)
		cobra_human_money(rc->ctx, buf, v);
	else
		cobra_money_format(buf, v);
}

static void item_row(struct row_ctx *rc, const struct cobra_account *a, const struct cobra_iline *line,
		     const struct cobra_owed *o)
{
	char n[32], d[11], late[16], mp[40], mf[40], mi[40], mt[40], debt[24];
	snprintf(late, sizeof(late), "%d", o->days_late);
	money_cell(rc, mp, o->principal);
	money_cell(rc, mf, o->fee);
	money_cell(rc, mi, o->interest);
	money_cell(rc, mt, o->total);
	if (rc->human) {
		snprintf(n, sizeof(n), "%d/%zu", line->n, line->sale->due_count);
		snprintf(debt, sizeof(debt), "%.*s", (int)cobra_debt_abbrev(a, line->sale->id), line->sale->id);
		const char *v[] = {a->customer.handle, debt, n, cobra_human_date(rc->ctx, d, line->due), late, mp, mf, mi, mt};
		cobra_table_add(rc->t, v);
	} else {
		snprintf(n, sizeof(n), "%d", line->n);
		const char *v[] = {a->customer.id, a->customer.handle, a->customer.name, line->sale->id, n,
			cobra_date_format(d, line->due), late, mp, mf, mi, mt};
		cobra_table_add(rc->t, v);
	}
}

static void customer_row(struct row_ctx *rc, const struct cobra_account *a, const struct totals *t)
{
	char items[24], d[11], late[16], mp[40], mf[40], mi[40], mt[40];
	snprintf(items, sizeof(items), "%zu", t->items);
	snprintf(late, sizeof(late), "%d", t->late);
	money_cell(rc, mp, t->principal);
	money_cell(rc, mf, t->fee);
	money_cell(rc, mi, t->interest);
	money_cell(rc, mt, t->total);
	const char *v[] = {a ? a->customer.id : "", a ? a->customer.handle : "TOTAL", a ? a->customer.name : "", items,
		t->items ? (rc->human ? cobra_human_date(rc->ctx, d, t->oldest) : cobra_date_format(d, t->oldest)) : "",
		late, mp, mf, mi, mt};
	cobra_table_add(rc->t, v);
}

static void aging_row(struct row_ctx *rc, const struct cobra_account *a, const struct totals *t)
{
	char b[5][40], mt[40];
	for (int i = 0; i < 5; i++)
		money_cell(rc, b[i], t->bucket[i]);
	money_cell(rc, mt, t->total);
	const char *v[] = {a ? a->customer.id : "", a ? a->customer.handle : "TOTAL", b[0], b[1], b[2], b[3], b[4], mt};
	cobra_table_add(rc->t, v);
}

static int one_customer(struct row_ctx *rc, const struct cobra_entry *e, cobra_date asof, struct totals *grand,
			bool *any_overdue)
{
	struct cobra_account a;
	struct cobra_ledger l;
	struct totals t;
	int rc_ = cobra_store_load_account(&rc->ctx->store, e, &a);
	if (rc_ < 0)
		return rc_;
	if ((rc_ = cobra_ledger_build(&l, &a, e->path)) < 0) {
		cobra_account_free(&a);
		return rc_;
	}
	struct cobra_charges ch;
	cobra_charges_for(&ch, &rc->ctx->store.policy.charges, a.customer.doc);
	memset(&t, 0, sizeof(t));
	for (size_t i = 0; i < l.nlines && rc_ == 0; i++) {
		const struct cobra_iline *line = &l.lines[i];
		struct cobra_owed o;
		if (line->sale->date > asof)
			continue;
		if ((rc_ = cobra_charges_eval(&o, &ch, line->due, line->amount, line->ev, line->nev,
			     asof)) < 0)
			break;
		if (o.total == 0 || (opt_overdue && o.days_late <= 0))
			continue;
		if (o.days_late > 0)
			*any_overdue = true;
		if ((rc_ = add(&t, &o, line->due)) < 0 || (rc_ = add(grand, &o, line->due)) < 0)
			break;
		if (!opt_by_customer && !opt_aging)
			item_row(rc, &a, line, &o);
	}
	if (rc_ == 0 && t.items > 0) {
		if (opt_aging)
			aging_row(rc, &a, &t);
		else if (opt_by_customer)
			customer_row(rc, &a, &t);
	}
	cobra_ledger_free(&l);
	cobra_account_free(&a);
	return rc_;
}

static int cmd_due(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct cobra_store *s = &ctx->store;
	struct cobra_table t;
	struct totals grand;
	cobra_date asof;
	bool any_overdue = false, human = ctx->format == COBRA_FMT_HUMAN;
	const struct cobra_entry *only = NULL;
	int rc;
	(void)argc;
	(void)argv;
	if (opt_aging && opt_by_customer)
		return cobra_error(COBRA_USAGE, "--aging and --by-customer do not go together");
	if ((rc = cobra_opt_date(&asof, "as-of", opt_as_of)) < 0)
		return rc;
	if (opt_customer && (rc = cobra_resolve_customer(s, opt_customer, &only)) < 0)
		return rc;
	if ((rc = cobra_store_list(s)) < 0)
		return rc;
	if (opt_aging)
		cobra_table_init(&t, aging_cols, NCOLS(aging_cols));
	else if (opt_by_customer)
		cobra_table_init(&t, cust_cols, NCOLS(cust_cols));
	else if (human)
		cobra_table_init(&t, item_cols_human, NCOLS(item_cols_human));
	else
		cobra_table_init(&t, item_cols, NCOLS(item_cols));
	struct row_ctx rctx = {ctx, &t, human};
	memset(&grand, 0, sizeof(grand));
	const struct cobra_entry **order = cobra_store_by_handle(s);
	if (!order)
		rc = cobra_error(COBRA_DATA, "out of memory");
	for (size_t i = 0; rc == 0 && i < s->ncustomers; i++) {
		if (only && only != order[i])
			continue;
		rc = one_customer(&rctx, order[i], asof, &grand, &any_overdue);
	}
	free((void *)order);
	if (rc == 0 && t.oom)
		rc = cobra_error(COBRA_DATA, "out of memory");
	if (rc == 0) {
		if (human && grand.items > 0) {
			if (opt_aging)
				aging_row(&rctx, NULL, &grand);
			else if (opt_by_customer)
				customer_row(&rctx, NULL, &grand);
		}
		if (human && grand.items == 0) {
			char d[11];
			printf("nothing %s on %s\n", opt_overdue ? "overdue" : "open", cobra_human_date(ctx, d, asof));
		} else {
			cobra_table_print(stdout, &t, ctx->format, human);
			if (human && !opt_aging && !opt_by_customer) {
				char mt[40];
				printf("%zu installment%s open, total %s\n", grand.items, grand.items == 1 ? "" : "s",
					cobra_human_money(ctx, mt, grand.total));
			}
		}
	}
	cobra_table_free(&t);
	if (rc == 0 && opt_exit_code && any_overdue)
		return COBRA_NO;
	return rc;
}

const struct cobra_command cobra_cmd_due = {
	"due", cmd_due, options, "[options]", 0, 0, CMD_NEEDS_STORE,
	"what is open and overdue, with late fee and interest, as of a date",
};
