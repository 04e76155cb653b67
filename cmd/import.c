/*
 * cobra import customers|debts FILE.csv: customers and open debts from a
 * spreadsheet, in one commit or not at all.
 *
 * The file is read whole (csv.h), its header row maps column names to
 * fields, and every row is checked by the rules the command line uses
 * (add-customer's profile options, sell's sale options, pay's allocation)
 * before anything is written. Each bad row is one "FILE:LINE: field: problem"
 * line on stderr, all of them, then the command fails with COBRA_INVALID and
 * the store is untouched. Otherwise every new or changed customer file is
 * staged and committed once. cobra-import(1) documents the columns.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/cache.h"
#include "../src/csv.h"
#include "../src/fileio.h"
#include "../src/handle.h"
#include "../src/id.h"
#include "../src/resolve.h"
#include "../src/strset.h"
#include "../src/text.h"
#include "account_edit.h"
#include "cobra.h"
#include "customer_input.h"
#include "sale_input.h"

static const char *opt_paid_date;
static bool opt_dry_run;

static const struct cobra_opt options[] = {
	{"dry-run", 'n', COBRA_OPT_FLAG, NULL, "check every row, write nothing", NULL, &opt_dry_run},
	{"paid-date", 0, COBRA_OPT_VALUE, "DATE", "debts: date of the payment a paid column records (default today)",
	 &opt_paid_date, NULL},
	COBRA_OPT_REQUEST_ID,
	COBRA_OPT_END,
};

/* More rows than this show a progress bar when stderr is a terminal. */
#define PROGRESS_ROWS 5000

/* ---- the file, its header and its problems ---- */

enum { MAX_COLS = 16 };

struct import {
	struct cobra_ctx *ctx;
	const char *path;
	struct cobra_csv csv;
	const char *const *names; /* the columns this kind knows */
	size_t nnames;
	int col[MAX_COLS]; /* field index of each known column, or -1 */
	size_t width;      /* fields in the header */
	int bad;           /* rows reported */
	bool progress;
	int shown; /* percent shown */
	cobra_date today;
};

/* Reports the recorded error as FILE:LINE: message, and clears it. */
static void report(struct import *im, int line)
{
	(void)fprintf(stderr, "%s:%d: ", im->path, line);
	cobra_print_safe(stderr, cobra_error_message());
	(void)fputc('\n', stderr);
	cobra_error_clear();
	im->bad++;
}

static void progress(struct import *im, size_t done, size_t total, const char *what)
{
	if (!im->progress)
		return;
	int pct = total ? (int)(done * 100 / total) : 100;
	if (pct == im->shown && done != total)
		return;
	im->shown = pct;
	int bar = pct / 4;
	(void)fprintf(stderr, "\r%-9s [%.*s%*s] %3d%% %zu/%zu rows", what, bar, "#########################", 25 - bar, "",
		pct, done, total);
	if (done == total)
		(void)fputc('\n', stderr);
	(void)fflush(stderr);
}

/* Strips ASCII spaces around a cell in place. */
static char *trim(char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/* Maps the header: names are matched without case and surrounding spaces,
 * '-' counts as '_'. Unknown and repeated columns are errors: a misspelt
 * column would otherwise drop a field of every row without a word. */
static int read_header(struct import *im, const char *required)
{
	const struct cobra_csv_row *h = &im->csv.rows[0];
	char q[96];
	int before = im->bad;
	im->width = h->count;
	for (size_t k = 0; k < MAX_COLS; k++)
		im->col[k] = -1;
	for (size_t i = 0; i < h->count; i++) {
		char *name = trim(im->csv.fields[h->first + i]);
		size_t k;
		for (char *c = name; *c; c++) {
			if (*c == '-')
				*c = '_';
			else if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		}
		for (k = 0; k < im->nnames && strcmp(im->names[k], name) != 0; k++)
			;
		if (k == im->nnames) {
			struct cobra_buf known = {0};
			for (size_t j = 0; j < im->nnames; j++)
				cobra_buf_printf(&known, "%s%s", j ? ", " : "", im->names[j]);
			cobra_error(COBRA_INVALID, "header: column %zu \"%s\" is not one of %s", i + 1,
				cobra_quote(q, sizeof(q), name), known.data ? known.data : "");
			cobra_buf_free(&known);
			report(im, h->line);
		} else if (im->col[k] >= 0) {
			cobra_error(COBRA_INVALID, "header: column \"%s\" is given twice (columns %d and %zu)", name,
				im->col[k] + 1, i + 1);
			report(im, h->line);
		} else {
			im->col[k] = (int)i;
		}
	}
	for (const char *r = required; *r; r += strlen(r) + 1) {
		size_t k;
		for (k = 0; k < im->nnames && strcmp(im->names[k], r) != 0; k++)
			;
		if (im->col[k] < 0) {
			cobra_error(COBRA_INVALID, "header: the column \"%s\" is missing", r);
			report(im, h->line);
		}
	}
	return im->bad > before ? -1 : 0;
}

/* The cell of column K in row R: NULL when the file has no such column. */
static const char *cell(const struct import *im, const struct cobra_csv_row *r, int k)
{
	if (im->col[k] < 0)
		return NULL;
	return im->csv.fields[r->first + (size_t)im->col[k]];
}

/* Checks a row's shape; trims its cells. 1: skip (every cell empty), 0: use
 * it, -1: reported. */
static int row_shape(struct import *im, const struct cobra_csv_row *r)
{
	bool empty = true;
	for (size_t i = 0; i < r->count; i++) {
		char *f = im->csv.fields[r->first + i];
		char *t = trim(f);
		if (t != f)
			memmove(f, t, strlen(t) + 1);
		empty = empty && f[0] == '\0';
	}
	if (empty)
		return 1;
	if (r->count != im->width) {
		cobra_error(COBRA_INVALID, "row: %zu field%s, the header has %zu", r->count, r->count == 1 ? "" : "s",
			im->width);
		report(im, r->line);
		return -1;
	}
	return 0;
}

/* ---- customers ---- */

enum { C_NAME, C_DOC, C_PHONE, C_EMAIL, C_ADDRESS, C_LIMIT, C_CHANNEL, C_NOTE, C_HANDLE, C_SINCE };
static const char *const customer_cols[] = {"name", "doc",     "phone", "email",  "address",
					    "limit", "channel", "note",  "handle", "since"};

struct new_customer {
	struct cobra_customer c;
	int line;
};

struct doc_ctx {
	struct cobra_strset *docs;
};

static int collect_doc(void *arg, const struct cobra_cview *v)
{
	struct doc_ctx *dc = arg;
	if (!v->doc[0] || cobra_strset_get(dc->docs, v->doc))
		return 0;
	return cobra_strset_put(dc->docs, v->doc, -1); /* -1: a customer of the store */
}

/* Validates one customer row into C. Returns 0 or an error (not reported). */
static int customer_row(struct import *im, const struct cobra_csv_row *r, struct cobra_customer *c, struct cobra_strset *docs,
			struct cobra_strset *handles)
{
	struct cobra_profile_opts p = {0};
	const char *since = cell(im, r, C_SINCE), *handle = cell(im, r, C_HANDLE);
	char q[96];
	int rc, other;
	cobra_customer_init(c);
	p.name = cell(im, r, C_NAME);
	p.doc = cell(im, r, C_DOC);
	p.phone = cell(im, r, C_PHONE);
	p.email = cell(im, r, C_EMAIL);
	p.address = cell(im, r, C_ADDRESS);
	p.limit = cell(im, r, C_LIMIT);
	p.channel = cell(im, r, C_CHANNEL);
	p.note = cell(im, r, C_NOTE);
	if ((rc = cobra_profile_apply(c, &p)) < 0)
		return rc;
	if (since && since[0]) {
		if ((rc = cobra_date_parse(&c->since, "since", since)) < 0)
			return rc;
		if (c->since > im->today)
			return cobra_error(COBRA_INVALID, "since: \"%s\" is in the future", cobra_quote(q, sizeof(q), since));
	} else {
		c->since = im->today;
	}
	if (handle && handle[0]) {
		if ((rc = cobra_handle_validate("handle", handle)) < 0)
			return rc;
		if ((other = cobra_strset_get(handles, handle)) < 0)
			return cobra_error(COBRA_INVALID, "handle: \"%s\" is already a customer's handle", handle);
		if (other > 0)
			return cobra_error(COBRA_INVALID, "handle: \"%s\" is also on line %d", handle, other);
		memcpy(c->handle, handle, strlen(handle) + 1);
	}
	if (c->doc[0]) {
		if ((other = cobra_strset_get(docs, c->doc)) < 0)
			return cobra_error(COBRA_INVALID, "doc: \"%s\" is already a customer's document",
				cobra_quote(q, sizeof(q), p.doc));
		if (other > 0)
			return cobra_error(COBRA_INVALID, "doc: \"%s\" is the same document as line %d",
				cobra_quote(q, sizeof(q), p.doc), other);
	}
	/* only now, so that a bad row claims nothing */
	if (c->handle[0] && (rc = cobra_strset_put(handles, c->handle, r->line)) < 0)
		return rc;
	if (c->doc[0] && (rc = cobra_strset_put(docs, c->doc, r->line)) < 0)
		return rc;
	return 0;
}

static bool handle_taken(void *handles, const char *h)
{
	return cobra_strset_get(handles, h) != 0;
}

static int import_customers(struct import *im, size_t *count)
{
	struct cobra_store *s = &im->ctx->store;
	struct cobra_strset docs = {0}, handles = {0}, ids = {0};
	struct doc_ctx dc = {&docs};
	struct new_customer *nc = NULL;
	size_t n = 0, rows = im->csv.nrows - 1;
	int rc;
	if ((rc = cobra_store_list(s)) < 0)
		return rc;
	for (size_t i = 0; i < s->ncustomers && rc == 0; i++)
		rc = cobra_strset_put(&handles, s->customers[i].handle, -1);
	if (rc == 0 && s->ncustomers > 0)
		rc = cobra_cache_each(s, NULL, collect_doc, &dc);
	if (rc == 0 && !(nc = calloc(rows ? rows : 1, sizeof(*nc))))
		rc = cobra_error(COBRA_DATA, "out of memory");
	for (size_t i = 1; rc == 0 && i <= rows; i++) {
		const struct cobra_csv_row *r = &im->csv.rows[i];
		progress(im, i, rows, "checking");
		if (row_shape(im, r) != 0)
			continue;
		if ((rc = customer_row(im, r, &nc[n].c, &docs, &handles)) < 0) {
			if (cobra_error_code() == COBRA_DATA)
				break;
			report(im, r->line);
			rc = 0;
			continue;
		}
		nc[n++].line = r->line;
	}
	if (rc == 0 && im->bad > 0)
		rc = cobra_error(COBRA_INVALID, "%s: %d bad row%s; nothing was imported", im->path, im->bad,
			im->bad == 1 ? "" : "s");
	/* IDs, then handles for the rows without one: after every row claimed its
	 * own handle, so a made-up handle never takes one a later row asked for */
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct cobra_customer *c = &nc[i].c;
		do {
			if ((rc = cobra_id_new_customer(c->id)) < 0)
				break;
		} while (cobra_store_entry(s, c->id) || cobra_strset_get(&ids, c->id));
		if (rc == 0)
			rc = cobra_strset_put(&ids, c->id, 1);
		if (rc == 0 && !c->handle[0] &&
		    (rc = cobra_handle_make(c->handle, c->name, c->id, handle_taken, &handles)) == 0)
			rc = cobra_strset_put(&handles, c->handle, nc[i].line);
	}
	for (size_t i = 0; rc == 0 && !opt_dry_run && i < n; i++) {
		struct cobra_buf file = {0};
		char path[80];
		progress(im, i + 1, n, "writing");
		cobra_customer_path(path, nc[i].c.id, nc[i].c.handle);
		cobra_customer_write(&file, &nc[i].c);
		rc = cobra_store_stage(s, path, &file);
		cobra_buf_free(&file);
	}
	*count = n;
	free(nc);
	cobra_strset_free(&docs);
	cobra_strset_free(&handles);
	cobra_strset_free(&ids);
	return rc;
}

/* ---- debts ---- */

enum { D_CUSTOMER, D_AMOUNT, D_DATE, D_INSTALLMENTS, D_FIRST_DUE, D_EVERY, D_DOWN, D_RATE, D_DESCRIPTION, D_PAID,
       D_PAID_DATE };
static const char *const debt_cols[] = {"customer", "amount", "date",        "installments", "first_due", "every",
					"down",     "rate",   "description", "paid",         "paid_date"};

/* A customer file the import appends to. */
struct pending {
	struct cobra_edit ed;
	struct cobra_buf added;
	bool open;
};

struct debts {
	struct import *im;
	struct pending *pend; /* one per customer of the store, by index */
	struct cobra_strset handles;
	cobra_money total;
	size_t sales, payments;
};

static const char *given(const char *v)
{
	return v && v[0] ? v : NULL;
}

/* The sale of a row, by the rules of sell's options (sale_input.h). */
static int sale_row(const struct import *im, const struct cobra_csv_row *r, struct cobra_sale *sale)
{
	const struct cobra_sale_input in = {
		.amount = cell(im, r, D_AMOUNT),
		.desc = given(cell(im, r, D_DESCRIPTION)),
		.down = given(cell(im, r, D_DOWN)),
		.rate = given(cell(im, r, D_RATE)),
		.every = given(cell(im, r, D_EVERY)),
		.date = given(cell(im, r, D_DATE)),
		.installments = given(cell(im, r, D_INSTALLMENTS)),
		.first_due = given(cell(im, r, D_FIRST_DUE)),
		.columns = true,
	};
	if (!in.amount[0])
		return cobra_error(COBRA_INVALID, "amount: must not be empty");
	return cobra_sale_from_input(sale, &in);
}

/* The customer of a row: an exact handle at once, else as the command line
 * resolves a reference (handle, ID prefix or name fragment). */
static int find_customer(struct debts *d, const char *ref, size_t *index)
{
	struct cobra_store *s = &d->im->ctx->store;
	const struct cobra_entry *e;
	int i = cobra_strset_get(&d->handles, ref), rc;
	if (i > 0) {
		*index = (size_t)(i - 1);
		return 0;
	}
	if (!ref[0])
		return cobra_error(COBRA_INVALID, "customer: must not be empty");
	if ((rc = cobra_resolve_customer(s, ref, &e)) < 0)
		return rc;
	*index = (size_t)(e - s->customers);
	return 0;
}

/* The payment that a paid column records, appended after the sale. */
static int paid_row(struct debts *d, const struct cobra_csv_row *r, struct pending *pd, const struct cobra_sale *sale,
		    struct cobra_buf *sec)
{
	struct import *im = d->im;
	const char *paid = given(cell(im, r, D_PAID)), *pdate = given(cell(im, r, D_PAID_DATE));
	const struct cobra_schema *sc = &cobra_payment_schema;
	struct cobra_payment pay;
	struct cobra_account a;
	struct cobra_ledger l = {0};
	struct cobra_buf all = {0};
	struct cobra_charges ch;
	cobra_money owed = 0, rest = 0;
	char m[COBRA_MONEY_BUFSZ], o[COBRA_MONEY_BUFSZ], dt[COBRA_DATE_BUFSZ];
	int rc;
	if (!paid)
		return 0;
	cobra_payment_init(&pay);
	if ((rc = cobra_field_from_input(cobra_schema_field(sc, "amount"), &pay, "paid", paid)) < 0)
		return rc;
	if (pay.amount == 0)
		return 0;
	if ((rc = cobra_field_from_input(cobra_schema_field(sc, "method"), &pay, "paid", "cash")) < 0 ||
	    (rc = cobra_field_from_input(cobra_schema_field(sc, "ref"), &pay, "paid", "import")) < 0)
		return rc;
	if (pdate) {
		if ((rc = cobra_date_parse(&pay.date, "paid_date", pdate)) < 0)
			return rc;
	} else if ((rc = cobra_opt_date(&pay.date, "paid-date", opt_paid_date)) < 0) {
		return rc;
	}
	if (pay.date > im->today)
		return cobra_error(COBRA_INVALID, "paid_date: %s is in the future", cobra_date_format(dt, pay.date));
	if (pay.date < sale->date)
		return cobra_error(COBRA_INVALID, "paid_date: %s is before the sale date", cobra_date_format(dt, pay.date));
	/* the account as it will be: the file, the rows before, this sale */
	cobra_buf_add(&all, pd->ed.raw, pd->ed.len);
	cobra_buf_add(&all, pd->added.data ? pd->added.data : "", pd->added.len);
	cobra_buf_add(&all, sec->data, sec->len);
	if (all.oom) {
		cobra_buf_free(&all);
		return cobra_error(COBRA_DATA, "out of memory");
	}
	const struct cobra_entry *e = pd->ed.entry;
	if ((rc = cobra_account_parse(&a, e->path, e->id, all.data, all.len)) < 0) {
		cobra_buf_free(&all);
		return rc;
	}
	cobra_date last = cobra_last_payment_date(&a);
	cobra_charges_for(&ch, &im->ctx->store.policy.charges, a.customer.doc);
	if (pay.date < last) {
		char ld[COBRA_DATE_BUFSZ];
		rc = cobra_error(COBRA_INVALID, "paid_date: %s is before %s's latest payment (%s)",
			cobra_date_format(dt, pay.date), e->handle, cobra_date_format(ld, last));
	} else if ((rc = cobra_ledger_build(&l, &a, e->path)) == 0 &&
		   (rc = cobra_ledger_owed(&owed, &l, &ch, sale->id, pay.date)) == 0) {
		if (pay.amount > owed)
			rc = cobra_error(COBRA_INVALID, "paid: %s is more than the %s owed on this debt on %s",
				cobra_money_format(m, pay.amount), cobra_money_format(o, owed), cobra_date_format(dt, pay.date));
		else if ((rc = cobra_allocate(&pay.paid, &pay.paid_count, &rest, &l, &ch, sale->id, pay.date,
				  pay.amount)) == 0 &&
			 rest != 0)
			rc = cobra_error(COBRA_INVALID, "paid: %s is more than the %s owed on this debt on %s with the early-payment discount",
				cobra_money_format(m, pay.amount), cobra_money_format(o, pay.amount - rest),
				cobra_date_format(dt, pay.date));
	}
	while (rc == 0) {
		if ((rc = cobra_id_new_event(pay.id, e->id)) < 0)
			break;
		if (!cobra_account_has_id(&a, pay.id)) {
			cobra_payment_write(sec, &pay);
			d->payments++;
			break;
		}
	}
	cobra_ledger_free(&l);
	cobra_account_free(&a);
	cobra_buf_free(&all);
	cobra_schema_free_lists(sc, &pay);
	return rc;
}

/* Validates one debt row and appends its sections to its customer's file. */
static int debt_row(struct debts *d, const struct cobra_csv_row *r)
{
	struct import *im = d->im;
	struct cobra_store *s = &im->ctx->store;
	struct cobra_sale sale;
	struct cobra_buf sec = {0};
	struct pending *pd;
	char r1[16];
	size_t ci = 0;
	int rc;
	cobra_sale_init(&sale);
	if ((rc = find_customer(d, cell(im, r, D_CUSTOMER), &ci)) < 0 || (rc = sale_row(im, r, &sale)) < 0)
		goto out;
	pd = &d->pend[ci];
	if (!pd->open) {
		if ((rc = cobra_edit_open(im->ctx, &s->customers[ci], &pd->ed)) < 0)
			goto out;
		pd->open = true;
	}
	if (cobra_fee_over_cap(&s->policy.charges, pd->ed.a.customer.doc)) {
		rc = cobra_error(COBRA_REFUSED,
			"customer: late_fee %s%% in cobra.ini is above the 2%% that consumer law allows for %s (CDC art. 52 par. 1)",
			cobra_rate_format(r1, s->policy.charges.late_fee), s->customers[ci].handle);
		goto out;
	}
	/* a new ID: not in the file, not among the sections this import adds */
	for (;;) {
		if ((rc = cobra_id_new_event(sale.id, s->customers[ci].id)) < 0)
			goto out;
		if (!cobra_account_has_id(&pd->ed.a, sale.id) && !(pd->added.data && strstr(pd->added.data, sale.id)))
			break;
	}
	cobra_sale_write(&sec, &sale);
	if ((rc = paid_row(d, r, pd, &sale, &sec)) < 0)
		goto out;
	cobra_buf_add(&pd->added, sec.data, sec.len);
	if (pd->added.oom)
		rc = cobra_error(COBRA_DATA, "out of memory");
	if (!cobra_money_add(&d->total, d->total, sale.total))
		rc = cobra_error(COBRA_INVALID, "amount: the total of the file is too large");
	d->sales++;
out:
	cobra_buf_free(&sec);
	cobra_schema_free_lists(&cobra_sale_schema, &sale);
	return rc;
}

static int import_debts(struct import *im, size_t *count, cobra_money *total, size_t *payments)
{
	struct cobra_store *s = &im->ctx->store;
	struct debts d;
	size_t rows = im->csv.nrows - 1;
	int rc;
	memset(&d, 0, sizeof(d));
	d.im = im;
	if ((rc = cobra_store_list(s)) < 0)
		return rc;
	if (!(d.pend = calloc(s->ncustomers ? s->ncustomers : 1, sizeof(*d.pend))))
		return cobra_error(COBRA_DATA, "out of memory");
	for (size_t i = 0; i < s->ncustomers && rc == 0; i++)
		rc = cobra_strset_put(&d.handles, s->customers[i].handle, (int)i + 1);
	for (size_t i = 1; rc == 0 && i <= rows; i++) {
		const struct cobra_csv_row *r = &im->csv.rows[i];
		progress(im, i, rows, "checking");
		if (row_shape(im, r) != 0)
			continue;
		if ((rc = debt_row(&d, r)) < 0) {
			if (cobra_error_code() == COBRA_DATA || cobra_error_code() == COBRA_BUSY)
				break;
			report(im, r->line);
			rc = 0;
		}
	}
	if (rc == 0 && im->bad > 0)
		rc = cobra_error(COBRA_INVALID, "%s: %d bad row%s; nothing was imported", im->path, im->bad,
			im->bad == 1 ? "" : "s");
	for (size_t i = 0; i < s->ncustomers; i++) {
		struct pending *pd = &d.pend[i];
		if (!pd->open)
			continue;
		if (rc == 0 && !opt_dry_run && pd->added.len > 0)
			rc = cobra_edit_append(im->ctx, &pd->ed, &pd->added);
		cobra_edit_close(&pd->ed);
		cobra_buf_free(&pd->added);
	}
	*count = d.sales;
	*total = d.total;
	*payments = d.payments;
	free(d.pend);
	cobra_strset_free(&d.handles);
	return rc;
}

/* ---- the command ---- */

static bool import_writes(void)
{
	return !opt_dry_run;
}

static int read_input(struct import *im)
{
	char *data = NULL;
	size_t len = 0;
	int rc = cobra_file_read(im->path, &data, &len);
	if (rc < 0) {
		char keep[512];
		(void)snprintf(keep, sizeof(keep), "%s", cobra_error_message());
		return cobra_error_replace(COBRA_INVALID, "%s", keep);
	}
	if (rc > 0) {
		char q[256];
		return cobra_error(COBRA_INVALID, "FILE: \"%s\" does not exist", cobra_quote(q, sizeof(q), im->path));
	}
	rc = cobra_csv_parse(&im->csv, im->path, data, len);
	free(data);
	if (rc == 0 && im->csv.nrows == 0) {
		cobra_csv_free(&im->csv);
		rc = cobra_error(COBRA_INVALID, "%s: the file is empty; its first row must name the columns", im->path);
	}
	return rc;
}

static int cmd_import(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct import im;
	struct cobra_commit_info info = {0};
	const char *kind = argv[0], *base;
	char amount[COBRA_MONEY_BUFSZ];
	size_t n = 0, payments = 0;
	cobra_money total = 0;
	bool customers = strcmp(kind, "customers") == 0;
	int rc;
	(void)argc;
	memset(&im, 0, sizeof(im));
	im.ctx = ctx;
	im.path = argv[1];
	im.shown = -1;
	if (!customers && strcmp(kind, "debts") != 0) {
		char q[96];
		return cobra_error(COBRA_USAGE, "import: \"%s\" is not customers or debts", cobra_quote(q, sizeof(q), kind));
	}
	if ((rc = cobra_date_today(&im.today)) < 0)
		return rc;
	cobra_date check;
	if (opt_paid_date && (rc = cobra_date_parse(&check, "paid-date", opt_paid_date)) < 0)
		return rc;
	if ((rc = read_input(&im)) < 0)
		return rc;
	im.names = customers ? customer_cols : debt_cols;
	im.nnames = customers ? sizeof(customer_cols) / sizeof(*customer_cols) : sizeof(debt_cols) / sizeof(*debt_cols);
	im.progress = im.csv.nrows - 1 > PROGRESS_ROWS && isatty(STDERR_FILENO);
	if (read_header(&im, customers ? "name\0" : "customer\0amount\0") < 0)
		rc = cobra_error(COBRA_INVALID, "%s: the header row is not right; nothing was imported", im.path);
	else if (customers)
		rc = import_customers(&im, &n);
	else
		rc = import_debts(&im, &n, &total, &payments);
	cobra_csv_free(&im.csv);
	if (rc < 0)
		return rc;
	base = strrchr(im.path, '/') ? strrchr(im.path, '/') + 1 : im.path;
	const char *what = customers ? "customer" : "debt";
	if (n == 0 || opt_dry_run) {
		printf("%s: %zu %s%s%s\n", base, n, what, n == 1 ? "" : "s",
			opt_dry_run ? " would be imported (dry run: nothing written)" : "; nothing to import");
		return 0;
	}
	info.command = "import";
	if (customers) {
		(void)snprintf(info.subject, sizeof(info.subject), "import: %zu customer%s from %.100s", n, n == 1 ? "" : "s",
			base);
	} else {
		info.amount = cobra_money_format(amount, total);
		(void)snprintf(info.subject, sizeof(info.subject), "import: %zu debt%s totalling %s from %.100s", n,
			n == 1 ? "" : "s", amount, base);
	}
	info.request_id = cobra_common.request_id;
	if (im.progress)
		(void)fputs("committing...\n", stderr);
	if ((rc = cobra_store_commit(&ctx->store, &info)) < 0)
		return rc;
	char hex[GIT_OID_HEXSZ + 1];
	git_oid_tostr(hex, sizeof(hex), &ctx->store.commit_id);
	if (customers)
		printf("imported %zu customer%s from %s in commit %.10s\n", n, n == 1 ? "" : "s", base, hex);
	else
		printf("imported %zu debt%s (%s, %zu with a payment) from %s in commit %.10s\n", n, n == 1 ? "" : "s", amount,
			payments, base, hex);
	return 0;
}

const struct cobra_command cobra_cmd_import = {
	"import", cmd_import, options, "customers|debts FILE.csv [options]", 2, 2, CMD_NEEDS_STORE | CMD_WRITES,
	"import customers or open debts from a CSV file, in one commit",
	import_writes,
};
