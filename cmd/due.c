/* cobra due: open installments with late fee and interest as of a date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/cache.h"
#include "../src/id.h"
#include "../src/ledger.h"
#include "../src/resolve.h"
#include "cobra.h"

static const char *opt_as_of, *opt_customer;
static bool opt_overdue, opt_by_customer, opt_aging, opt_exit_code;

static const struct cobra_opt options[] = {
	{"as-of", 0, COBRA_OPT_VALUE, "DATE", N_("evaluate on this date (default today)"), &opt_as_of, NULL},
	{"overdue", 0, COBRA_OPT_FLAG, NULL, N_("only installments past their due date"), NULL, &opt_overdue},
	{"customer", 0, COBRA_OPT_VALUE, "CUSTOMER", N_("only this customer"), &opt_customer, NULL},
	{"by-customer", 0, COBRA_OPT_FLAG, NULL, N_("one line per customer"), NULL, &opt_by_customer},
	{"aging", 0, COBRA_OPT_FLAG, NULL, N_("per customer, by days late: current, 1-30, 31-60, 61-90, over 90"), NULL,
	 &opt_aging},
	{"exit-code", 0, COBRA_OPT_FLAG, NULL, N_("exit 1 when anything listed is overdue"), NULL, &opt_exit_code},
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

static const struct cobra_col item_cols[] = {
	{"customer", N_("CUSTOMER"), COBRA_COL_TEXT}, {"handle", N_("HANDLE"), COBRA_COL_TEXT},
	{"name", N_("NAME"), COBRA_COL_TEXT, true},         {"debt", N_("DEBT"), COBRA_COL_TEXT},
	{"installment", "#", COBRA_COL_INT},      {"due_date", N_("DUE"), COBRA_COL_TEXT},
	{"days_late", N_("LATE"), COBRA_COL_INT},     {"principal", N_("PRINCIPAL"), COBRA_COL_NUM},
	{"fee", N_("FEE"), COBRA_COL_NUM},            {"interest", N_("INTEREST"), COBRA_COL_NUM},
	{"total", N_("TOTAL"), COBRA_COL_NUM},
};
/* human output leaves out the full customer id and the name */
static const struct cobra_col item_cols_human[] = {
	{"handle", N_("CUSTOMER"), COBRA_COL_TEXT}, {"debt", N_("DEBT"), COBRA_COL_TEXT},
	{"installment", "#", COBRA_COL_TEXT},   {"due_date", N_("DUE"), COBRA_COL_TEXT},
	{"days_late", N_("LATE"), COBRA_COL_INT},   {"principal", N_("PRINCIPAL"), COBRA_COL_NUM},
	{"fee", N_("FEE"), COBRA_COL_NUM},          {"interest", N_("INTEREST"), COBRA_COL_NUM},
	{"total", N_("TOTAL"), COBRA_COL_NUM},
};
static const struct cobra_col cust_cols[] = {
	{"customer", N_("ID"), COBRA_COL_TEXT},   {"handle", N_("CUSTOMER"), COBRA_COL_TEXT},
	{"name", N_("NAME"), COBRA_COL_TEXT, true},     {"items", N_("ITEMS"), COBRA_COL_INT},
	{"oldest_due", N_("OLDEST"), COBRA_COL_TEXT}, {"days_late", N_("LATE"), COBRA_COL_INT},
	{"principal", N_("PRINCIPAL"), COBRA_COL_NUM}, {"fee", N_("FEE"), COBRA_COL_NUM},
	{"interest", N_("INTEREST"), COBRA_COL_NUM}, {"total", N_("TOTAL"), COBRA_COL_NUM},
};
static const struct cobra_col aging_cols[] = {
	{"customer", N_("ID"), COBRA_COL_TEXT}, {"handle", N_("CUSTOMER"), COBRA_COL_TEXT},
	{"current", N_("CURRENT"), COBRA_COL_NUM}, {"d1_30", "1-30", COBRA_COL_NUM},
	{"d31_60", "31-60", COBRA_COL_NUM},   {"d61_90", "61-90", COBRA_COL_NUM},
	{"d90_plus", N_("OVER 90"), COBRA_COL_NUM}, {"total", N_("TOTAL"), COBRA_COL_NUM},
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
	struct cobra_table *t;   /* human output: rows kept, sorted by handle */
	struct cobra_stream *st; /* machine output: rows streamed */
	bool human;
	cobra_date asof;
	struct totals *grand;
	bool any_overdue;
};

/* Decimal text of V (snprintf costs too much a million times). */
static char *itoa10(char out[16], long v)
{
	char tmp[24];
	int n = 0;
	unsigned long a = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
	do {
		tmp[n++] = (char)('0' + a % 10);
		a /= 10;
	} while (a && n < 14);
	size_t o = 0;
	if (v < 0)
		out[o++] = '-';
	while (n)
		out[o++] = tmp[--n];
	out[o] = '\0';
	return out;
}

static void emit(struct row_ctx *rc, const char *const *v)
{
	if (rc->human)
		cobra_table_add(rc->t, v);
	else
		cobra_stream_row(rc->st, v);
}

static void money_cell(struct row_ctx *rc, char *buf, cobra_money v)
{
	if (rc->human)
		cobra_human_money(rc->ctx, buf, v);
	else
		cobra_money_format(buf, v);
}

/* Shortest prefix of the debt ID unique among the customer's debts, >= 10. */
static int debt_abbrev(const struct cobra_cview *v, const char *id)
{
	return (int)cobra_id_unique_len(id, v->nsales ? v->sales[0].id : "", v->nsales, sizeof(*v->sales), 10);
}

static void item_row(struct row_ctx *rc, const struct cobra_cview *v, const struct cobra_cline *line,
		     const struct cobra_owed *o)
{
	char n[32], d[11], late[16], mp[40], mf[40], mi[40], mt[40];
	const struct cobra_csale *sale = &v->sales[line->sale];
	itoa10(late, o->days_late);
	money_cell(rc, mp, o->principal);
	money_cell(rc, mf, o->fee);
	money_cell(rc, mi, o->interest);
	money_cell(rc, mt, o->total);
	if (rc->human) {
		char debt[24];
		(void)snprintf(n, sizeof(n), "%u/%u", line->n, sale->due_count);
		(void)snprintf(debt, sizeof(debt), "%.*s", debt_abbrev(v, sale->id), sale->id);
		const char *row[] = {v->handle, debt, n, cobra_human_date(rc->ctx, d, line->due), late, mp, mf, mi, mt};
		emit(rc, row);
	} else {
		itoa10(n, (long)line->n);
		const char *row[] = {v->id, v->handle, v->name, sale->id, n, cobra_date_format(d, line->due), late, mp, mf,
			mi, mt};
		emit(rc, row);
	}
}

static void customer_row(struct row_ctx *rc, const struct cobra_cview *v, const struct totals *t)
{
	char items[24], d[11], late[16], mp[40], mf[40], mi[40], mt[40];
	(void)snprintf(items, sizeof(items), "%zu", t->items);
	(void)snprintf(late, sizeof(late), "%d", t->late);
	money_cell(rc, mp, t->principal);
	money_cell(rc, mf, t->fee);
	money_cell(rc, mi, t->interest);
	money_cell(rc, mt, t->total);
	const char *row[] = {v ? v->id : "", v ? v->handle : "TOTAL", v ? v->name : "", items,
		t->items ? (rc->human ? cobra_human_date(rc->ctx, d, t->oldest) : cobra_date_format(d, t->oldest)) : "",
		late, mp, mf, mi, mt};
	emit(rc, row);
}

static void aging_row(struct row_ctx *rc, const struct cobra_cview *v, const struct totals *t)
{
	char b[5][40], mt[40];
	for (int i = 0; i < 5; i++)
		money_cell(rc, b[i], t->bucket[i]);
	money_cell(rc, mt, t->total);
	const char *row[] = {v ? v->id : "", v ? v->handle : "TOTAL", b[0], b[1], b[2], b[3], b[4], mt};
	emit(rc, row);
}

static int one_customer(void *arg, const struct cobra_cview *v)
{
	struct row_ctx *rc = arg;
	struct cobra_charges ch;
	struct totals t;
	cobra_charges_for(&ch, &rc->ctx->store.policy.charges, v->doc);
	memset(&t, 0, sizeof(t));
	for (size_t i = 0; i < v->nlines; i++) {
		const struct cobra_cline *line = &v->lines[i];
		struct cobra_owed o;
		int r = cobra_cline_owed(&o, v, i, &ch, rc->asof);
		if (r < 0)
			return r;
		if (r == 0 || (opt_overdue && o.days_late <= 0))
			continue;
		if (o.days_late > 0)
			rc->any_overdue = true;
		if ((r = add(&t, &o, line->due)) < 0 || (r = add(rc->grand, &o, line->due)) < 0)
			return r;
		if (!opt_by_customer && !opt_aging)
			item_row(rc, v, line, &o);
	}
	if (t.items > 0) {
		if (opt_aging)
			aging_row(rc, v, &t);
		else if (opt_by_customer)
			customer_row(rc, v, &t);
	}
	return 0;
}

static int cmd_due(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct cobra_store *s = &ctx->store;
	struct cobra_table t;
	struct cobra_stream st;
	struct totals grand;
	bool human = ctx->format == COBRA_FMT_HUMAN;
	const struct cobra_entry *only = NULL;
	const struct cobra_col *cols;
	size_t ncols;
	int rc;
	(void)argc;
	(void)argv;
	if (opt_aging && opt_by_customer)
		return cobra_error(COBRA_USAGE, "--aging and --by-customer do not go together");
	struct row_ctx rctx = {ctx, &t, &st, human, 0, &grand, false};
	if ((rc = cobra_opt_date(&rctx.asof, "as-of", opt_as_of)) < 0)
		return rc;
	if (opt_customer && (rc = cobra_resolve_customer(s, opt_customer, &only)) < 0)
		return rc;
	if (opt_aging) {
		cols = aging_cols;
		ncols = NCOLS(aging_cols);
	} else if (opt_by_customer) {
		cols = cust_cols;
		ncols = NCOLS(cust_cols);
	} else if (human) {
		cols = item_cols_human;
		ncols = NCOLS(item_cols_human);
	} else {
		cols = item_cols;
		ncols = NCOLS(item_cols);
	}
	cobra_table_init(&t, cols, ncols);
	memset(&grand, 0, sizeof(grand));
	if (!human)
		cobra_stream_begin(&st, stdout, ctx->format, cols, ncols);
	rc = cobra_cache_each(s, only, one_customer, &rctx);
	if (rc == 0 && t.oom)
		rc = cobra_error(COBRA_DATA, "out of memory");
	if (rc == 0 && !human)
		cobra_stream_end(&st);
	if (rc == 0 && human) {
		/* customers by handle; the rows of one customer keep their order */
		cobra_table_sort(&t, (opt_aging || opt_by_customer) ? 1 : 0);
		if (grand.items > 0 && opt_aging)
			aging_row(&rctx, NULL, &grand);
		else if (grand.items > 0 && opt_by_customer)
			customer_row(&rctx, NULL, &grand);
		if (grand.items == 0) {
			char d[11];
			if (opt_overdue)
				printf(_("nothing overdue on %s\n"), cobra_human_date(ctx, d, rctx.asof));
			else
				printf(_("nothing open on %s\n"), cobra_human_date(ctx, d, rctx.asof));
		} else {
			cobra_table_print(stdout, &t, ctx->format, true);
			if (!opt_aging && !opt_by_customer) {
				char mt[40];
				printf(P_("%zu installment open, total %s\n", "%zu installments open, total %s\n", grand.items),
					grand.items, cobra_human_money(ctx, mt, grand.total));
			}
		}
	}
	cobra_table_free(&t);
	if (rc == 0 && opt_exit_code && rctx.any_overdue)
		return COBRA_NO;
	return rc;
}

const struct cobra_command cobra_cmd_due = {
	"due", cmd_due, options, "[options]", 0, 0, CMD_NEEDS_STORE | CMD_PAGES,
	N_("what is open and overdue, with late fee and interest, as of a date"),
};
