/* cobra rank: whom to chase first (--by amount|age|priority), or the best
 * payers (--good); --explain shows each component. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/standing.h"
#include "../src/text.h"
#include "cobra.h"

static const char *opt_as_of, *opt_by, *opt_limit;
static bool opt_explain, opt_good;

static const struct cobra_opt options[] = {
	{"by", 0, COBRA_OPT_VALUE, "KEY", N_("amount, age or priority (default)"), &opt_by, NULL},
	{"good", 0, COBRA_OPT_FLAG, NULL, N_("the best payers instead, by points earned paying on time"), NULL, &opt_good},
	{"limit", 0, COBRA_OPT_VALUE, "N", N_("only the first N"), &opt_limit, NULL},
	{"explain", 0, COBRA_OPT_FLAG, NULL, N_("show each component of the ordering"), NULL, &opt_explain},
	{"as-of", 0, COBRA_OPT_VALUE, "DATE", N_("rank on this date (default today)"), &opt_as_of, NULL},
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

enum by { BY_AMOUNT, BY_AGE, BY_PRIORITY };

struct row {
	char id[17], handle[33];
	struct cobra_standing st;
	struct cobra_priority pr;
	struct cobra_good good;
	int64_t key;
};

struct rank_ctx {
	struct cobra_ctx *ctx;
	cobra_date asof;
	enum by by;
	struct row *rows;
	size_t n, cap;
};

static int one(void *arg, const struct cobra_cview *v)
{
	struct rank_ctx *rc = arg;
	struct cobra_charges ch;
	struct row r;
	memset(&r, 0, sizeof(r));
	cobra_charges_for(&ch, &rc->ctx->store.policy.charges, v->doc);
	int err = cobra_standing_of(&r.st, v, &ch, rc->asof);
	if (err < 0)
		return err;
	if (opt_good) {
		cobra_good_compute(&r.good, &r.st.good);
		if (r.st.good.paid_on_time == 0)
			return 0;
		r.key = r.good.total;
	} else {
		if (r.st.overdue <= 0)
			return 0;
		cobra_priority_compute(&r.pr, r.st.overdue, r.st.oldest_days, r.st.score.total);
		r.key = rc->by == BY_AMOUNT ? r.st.overdue : rc->by == BY_AGE ? r.st.oldest_days : r.pr.total;
	}
	memcpy(r.id, v->id, 17);
	memcpy(r.handle, v->handle, sizeof(r.handle));
	if (rc->n == rc->cap) {
		size_t cap = rc->cap ? rc->cap * 2 : 256;
		struct row *p = realloc(rc->rows, cap * sizeof(*p));
		if (!p)
			return cobra_error(COBRA_DATA, "out of memory");
		rc->rows = p;
		rc->cap = cap;
	}
	rc->rows[rc->n++] = r;
	return 0;
}

/* Highest key first; ties: more overdue, then older, then customer id. */
static int cmp_row(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	if (x->st.overdue != y->st.overdue)
		return x->st.overdue > y->st.overdue ? -1 : 1;
	if (x->st.oldest_days != y->st.oldest_days)
		return x->st.oldest_days > y->st.oldest_days ? -1 : 1;
	return strcmp(x->id, y->id);
}

static const struct cobra_col debtor_cols[] = {
	{"rank", "#", COBRA_COL_INT},           {"customer", N_("ID"), COBRA_COL_TEXT},
	{"handle", N_("CUSTOMER"), COBRA_COL_TEXT}, {"overdue", N_("OVERDUE"), COBRA_COL_NUM},
	{"days_late", N_("LATE"), COBRA_COL_INT},   {"items", N_("ITEMS"), COBRA_COL_INT},
	{"score", N_("SCORE"), COBRA_COL_INT},      {"priority", N_("PRIORITY"), COBRA_COL_INT},
	{"amount_pts", N_("AMOUNT PTS"), COBRA_COL_INT}, {"age_pts", N_("AGE PTS"), COBRA_COL_INT},
	{"score_pts", N_("SCORE PTS"), COBRA_COL_INT},
};
static const struct cobra_col good_cols[] = {
	{"rank", "#", COBRA_COL_INT},           {"customer", N_("ID"), COBRA_COL_TEXT},
	{"handle", N_("CUSTOMER"), COBRA_COL_TEXT}, {"points", N_("POINTS"), COBRA_COL_INT},
	{"score", N_("SCORE"), COBRA_COL_INT},      {"on_time", N_("ON TIME"), COBRA_COL_INT},
	{"early", N_("EARLY"), COBRA_COL_INT},      {"late", N_("LATE"), COBRA_COL_INT},
	{"overdue", N_("OVERDUE"), COBRA_COL_INT},
};

/* The full row (the machine columns); human output picks from it. */
static size_t row_values(struct rank_ctx *rc, size_t i, char v[11][COBRA_MONEY_BUFSZ + 8])
{
	const struct row *r = &rc->rows[i];
	(void)snprintf(v[0], sizeof(v[0]), "%zu", i + 1);
	(void)snprintf(v[1], sizeof(v[1]), "%s", r->id);
	(void)snprintf(v[2], sizeof(v[2]), "%s", r->handle);
	if (opt_good) {
		int64_t nums[6] = {r->good.total, r->st.score.total, r->st.good.paid_on_time, r->st.good.paid_early,
			r->st.good.paid_late, r->st.good.overdue};
		for (int k = 0; k < 6; k++)
			(void)snprintf(v[3 + k], sizeof(v[0]), "%lld", (long long)nums[k]);
		return 9;
	}
	if (rc->ctx->format == COBRA_FMT_HUMAN)
		cobra_human_money(rc->ctx, v[3], r->st.overdue);
	else
		cobra_money_format(v[3], r->st.overdue);
	int64_t nums[7] = {r->st.oldest_days, r->st.overdue_items, r->st.score.total, r->pr.total, r->pr.amount_pts,
		r->pr.age_pts, r->pr.score_pts};
	for (int k = 0; k < 7; k++)
		(void)snprintf(v[4 + k], sizeof(v[0]), "%lld", (long long)nums[k]);
	return 11;
}

static int cmd_rank(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct rank_ctx rc;
	size_t limit = SIZE_MAX;
	int err;
	char q[64];
	(void)argc;
	(void)argv;
	memset(&rc, 0, sizeof(rc));
	rc.ctx = ctx;
	rc.by = BY_PRIORITY;
	if (opt_by) {
		if (opt_good)
			return cobra_error(COBRA_USAGE, "rank: --by and --good do not go together");
		if (strcmp(opt_by, "amount") == 0)
			rc.by = BY_AMOUNT;
		else if (strcmp(opt_by, "age") == 0)
			rc.by = BY_AGE;
		else if (strcmp(opt_by, "priority") != 0)
			return cobra_error(COBRA_INVALID, "by: \"%s\" is not amount, age or priority",
				cobra_quote(q, sizeof(q), opt_by));
	}
	if (opt_limit) {
		char *end;
		unsigned long long n = strtoull(opt_limit, &end, 10);
		if (*opt_limit < '1' || *opt_limit > '9' || *end || n > 1000000000ULL)
			return cobra_error(COBRA_INVALID, "limit: \"%s\" is not a count from 1", cobra_quote(q, sizeof(q), opt_limit));
		limit = (size_t)n;
	}
	if ((err = cobra_opt_date(&rc.asof, "as-of", opt_as_of)) < 0 ||
	    (err = cobra_cache_each(&ctx->store, NULL, one, &rc)) < 0) {
		free(rc.rows);
		return err;
	}
	if (rc.n > 1)
		qsort(rc.rows, rc.n, sizeof(*rc.rows), cmp_row);
	size_t n = rc.n < limit ? rc.n : limit;
	const struct cobra_col *cols = opt_good ? good_cols : debtor_cols;
	size_t ncols = opt_good ? sizeof(good_cols) / sizeof(good_cols[0]) : sizeof(debtor_cols) / sizeof(debtor_cols[0]);
	char v[11][COBRA_MONEY_BUFSZ + 8];
	if (ctx->format == COBRA_FMT_HUMAN) {
		/* people see the handle, not the id; the components with --explain */
		struct cobra_col hcols[11];
		const char *row[11];
		size_t nh = 0, pick[11];
		size_t shown = opt_explain ? ncols : (opt_good ? 5 : 8);
		for (size_t c = 0; c < shown; c++)
			if (c != 1) {
				pick[nh] = c;
				hcols[nh++] = cols[c];
			}
		struct cobra_table t;
		cobra_table_init(&t, hcols, nh);
		for (size_t i = 0; i < n; i++) {
			(void)row_values(&rc, i, v);
			for (size_t c = 0; c < nh; c++)
				row[c] = v[pick[c]];
			cobra_table_add(&t, row);
		}
		if (n == 0)
			(void)fputs(opt_good ? _("nobody has paid an installment on time yet\n")
					     : _("nobody owes anything overdue\n"),
				stdout);
		else
			cobra_table_print(stdout, &t, COBRA_FMT_HUMAN, true);
		cobra_table_free(&t);
	} else {
		struct cobra_stream st;
		const char *row[11];
		cobra_stream_begin(&st, stdout, ctx->format, cols, ncols);
		for (size_t i = 0; i < n; i++) {
			size_t k = row_values(&rc, i, v);
			for (size_t c = 0; c < k; c++)
				row[c] = v[c];
			cobra_stream_row(&st, row);
		}
		cobra_stream_end(&st);
	}
	free(rc.rows);
	return 0;
}

const struct cobra_command cobra_cmd_rank = {
	"rank", cmd_rank, options, "[--by amount|age|priority] [--good] [--limit N] [--explain] [--as-of DATE]", 0, 0,
	CMD_NEEDS_STORE | CMD_PAGES, N_("whom to chase first, or who pays best"),
};
