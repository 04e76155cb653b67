/* cobra export: sales, payments, agreements, breaks and accrued charges as a
 * ledger, hledger or beancount journal, or as CSV or JSON postings
 * (cobra-export(1) has the mapping). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/journal.h"
#include "../src/text.h"
#include "cobra.h"

static const char *opt_format, *opt_as_of;

static const struct cobra_opt options[] = {
	{"format", 0, COBRA_OPT_VALUE, "FMT", "ledger (default), hledger, beancount, csv or json", &opt_format, NULL},
	{"as-of", 0, COBRA_OPT_VALUE, "DATE", "records up to this date, charges accrued on it (default today)",
	 &opt_as_of, NULL},
	COBRA_OPT_END,
};

enum xfmt { X_LEDGER, X_HLEDGER, X_BEANCOUNT, X_CSV, X_JSON };

static const struct cobra_col cols[] = {
	{"txn", "TXN", COBRA_COL_INT},          {"date", "DATE", COBRA_COL_TEXT},
	{"kind", "KIND", COBRA_COL_TEXT},       {"record", "RECORD", COBRA_COL_TEXT},
	{"ref", "REF", COBRA_COL_TEXT},         {"customer", "CUSTOMER", COBRA_COL_TEXT},
	{"handle", "HANDLE", COBRA_COL_TEXT},   {"name", "NAME", COBRA_COL_TEXT},
	{"text", "TEXT", COBRA_COL_TEXT},       {"account", "ACCOUNT", COBRA_COL_TEXT},
	{"amount", "AMOUNT", COBRA_COL_NUM},
};

struct xctx {
	enum xfmt fmt;
	cobra_date asof;
	FILE *out;
	struct cobra_stream st;
	long txns;
};

/* The receivable of HANDLE; beancount wants each name part capitalised. */
static void receivable(char out[64], const char *handle, enum xfmt fmt)
{
	(void)snprintf(out, 64, "Assets:Receivable:%s", handle);
	if (fmt == X_BEANCOUNT && out[18] >= 'a' && out[18] <= 'z')
		out[18] = (char)(out[18] - 'a' + 'A');
}

/* TEXT on one line, for a journal: control bytes become spaces; in ledger
 * text ';' would start a comment, in beancount strings '"' and '\' are
 * escaped. */
static void put_text(FILE *out, const char *text, enum xfmt fmt)
{
	for (const unsigned char *c = (const unsigned char *)text; *c; c++) {
		if (*c < 0x20 || *c == 0x7f)
			(void)fputc(' ', out);
		else if (fmt != X_BEANCOUNT && *c == ';')
			(void)fputc(',', out);
		else if (fmt == X_BEANCOUNT && (*c == '"' || *c == '\\')) {
			(void)fputc('\\', out);
			(void)fputc(*c, out);
		} else
			(void)fputc(*c, out);
	}
}

/* What the transaction is, in words: "sale: Geladeira", "payment: pix REF". */
static void describe(FILE *out, const struct cobra_jtxn *t, cobra_date asof, enum xfmt fmt)
{
	char d[COBRA_DATE_BUFSZ];
	(void)fprintf(out, "%s", cobra_jkind_names[t->kind]);
	switch (t->kind) {
	case COBRA_J_SALE:
		if (t->text[0])
			(void)fputs(": ", out);
		put_text(out, t->text, fmt);
		break;
	case COBRA_J_PAYMENT:
		(void)fprintf(out, ": %s", t->text);
		if (t->ref2[0])
			(void)fputc(' ', out);
		put_text(out, t->ref2, fmt);
		break;
	case COBRA_J_AGREEMENT:
		(void)fprintf(out, ": new debt %s", t->ref);
		break;
	case COBRA_J_BREAK:
		(void)fprintf(out, ": agreement %s", t->ref);
		break;
	case COBRA_J_ACCRUAL:
		(void)fprintf(out, ": late fee and interest unpaid on %s", cobra_date_format(d, asof));
		break;
	}
}

static void journal_txn(struct xctx *x, const struct cobra_account *a, const struct cobra_jtxn *t)
{
	char d[COBRA_DATE_BUFSZ], m[COBRA_MONEY_BUFSZ], recv[64];
	FILE *out = x->out;
	receivable(recv, a->customer.handle, x->fmt);
	cobra_date_format(d, t->date);
	if (x->fmt == X_BEANCOUNT) {
		(void)fprintf(out, "%s * \"", d);
		put_text(out, a->customer.name, x->fmt);
		(void)fputs("\" \"", out);
		describe(out, t, x->asof, x->fmt);
		(void)fprintf(out, "\"\n  cobra-customer: \"%s\"\n", a->customer.id);
		if (t->id[0])
			(void)fprintf(out, "  cobra-record: \"%s\"\n", t->id);
	} else {
		(void)fprintf(out, "%s * ", d);
		if (t->id[0])
			(void)fprintf(out, "(%s) ", t->id);
		put_text(out, a->customer.name, x->fmt);
		(void)fputs("\n    ; ", out);
		describe(out, t, x->asof, x->fmt);
		(void)fputc('\n', out);
	}
	for (size_t i = 0; i < t->n; i++)
		(void)fprintf(out, "%s%-48s %14s BRL\n", x->fmt == X_BEANCOUNT ? "  " : "    ",
			t->p[i].account ? t->p[i].account : recv, cobra_money_format(m, t->p[i].amount));
	(void)fputc('\n', out);
}

static void row_txn(struct xctx *x, const struct cobra_account *a, const struct cobra_jtxn *t)
{
	char n[24], d[COBRA_DATE_BUFSZ], m[COBRA_MONEY_BUFSZ], recv[64];
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	if (f) {
		describe(f, t, x->asof, X_CSV);
		(void)fclose(f);
	}
	receivable(recv, a->customer.handle, x->fmt);
	(void)snprintf(n, sizeof(n), "%ld", x->txns);
	cobra_date_format(d, t->date);
	for (size_t i = 0; i < t->n; i++) {
		const char *row[] = {n, d, cobra_jkind_names[t->kind], t->id, t->ref, a->customer.id,
			a->customer.handle, a->customer.name, text ? text : "", t->p[i].account ? t->p[i].account : recv,
			cobra_money_format(m, t->p[i].amount)};
		cobra_stream_row(&x->st, row);
	}
	free(text);
}

static int export_one(struct xctx *x, struct cobra_store *s, const struct cobra_entry *e)
{
	struct cobra_account a;
	struct cobra_ledger l;
	struct cobra_charges ch;
	struct cobra_jtxn *t = NULL;
	size_t n = 0;
	int rc;
	if ((rc = cobra_store_load_account(s, e, &a)) < 0)
		return rc;
	if ((rc = cobra_ledger_build(&l, &a, e->path)) < 0) {
		cobra_account_free(&a);
		return rc;
	}
	cobra_charges_for(&ch, &s->policy.charges, a.customer.doc);
	rc = cobra_journal_build(&t, &n, &a, &l, &ch, x->asof, e->path);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		x->txns++;
		if (x->fmt == X_CSV || x->fmt == X_JSON)
			row_txn(x, &a, &t[i]);
		else
			journal_txn(x, &a, &t[i]);
	}
	free(t);
	cobra_ledger_free(&l);
	cobra_account_free(&a);
	return rc;
}

static void journal_header(const struct xctx *x, const struct cobra_store *s)
{
	char d[COBRA_DATE_BUFSZ], recv[64];
	FILE *out = x->out;
	cobra_date_format(d, x->asof);
	if (x->fmt != X_BEANCOUNT) {
		(void)fputs("; cobra export of ", out);
		put_text(out, s->policy.business.name, x->fmt);
		(void)fprintf(out, " as of %s (cobra-export(1) has the accounts)\n", d);
		if (x->fmt == X_HLEDGER)
			(void)fputs("decimal-mark .\n", out);
		(void)fputs("commodity BRL\n\n", out);
		return;
	}
	(void)fprintf(out, "; cobra export as of %s (cobra-export(1) has the accounts)\noption \"title\" \"", d);
	put_text(out, s->policy.business.name, x->fmt);
	(void)fputs("\"\noption \"operating_currency\" \"BRL\"\n\n", out);
	for (size_t i = 0; i < cobra_journal_naccounts; i++)
		(void)fprintf(out, "1900-01-01 open %s BRL\n", cobra_journal_accounts[i]);
	for (size_t i = 0; i < s->ncustomers; i++) {
		receivable(recv, s->customers[i].handle, x->fmt);
		(void)fprintf(out, "1900-01-01 open %s BRL\n", recv);
	}
	(void)fputc('\n', out);
}

/* Copies the finished export to stdout. */
static int copy_out(FILE *tmp)
{
	char buf[16384];
	size_t n;
	if (fflush(tmp) != 0 || fseek(tmp, 0, SEEK_SET) != 0)
		return cobra_error(COBRA_DATA, "export: temporary file: %s", strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), tmp)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			break;
	if (ferror(tmp))
		return cobra_error(COBRA_DATA, "export: temporary file: %s", strerror(errno));
	return 0;
}

static int cmd_export(struct cobra_ctx *ctx, int argc, char **argv)
{
	static const char *const names[] = {"ledger", "hledger", "beancount", "csv", "json"};
	struct cobra_store *s = &ctx->store;
	struct xctx x;
	int rc;
	(void)argc;
	(void)argv;
	memset(&x, 0, sizeof(x));
	x.fmt = X_LEDGER;
	if (opt_format) {
		size_t i = 0;
		while (i < sizeof(names) / sizeof(names[0]) && strcmp(names[i], opt_format) != 0)
			i++;
		if (i == sizeof(names) / sizeof(names[0])) {
			char q[64];
			return cobra_error(COBRA_INVALID, "format: \"%s\" is not one of ledger|hledger|beancount|csv|json",
				cobra_quote(q, sizeof(q), opt_format));
		}
		x.fmt = (enum xfmt)i;
	}
	if ((rc = cobra_opt_date(&x.asof, "as-of", opt_as_of)) < 0 || (rc = cobra_store_list(s)) < 0)
		return rc;
	/* nothing on stdout on error: the export goes to a temporary file, shown
	 * once every customer has gone through (one read of each file, and the
	 * output need not fit in memory) */
	if (!(x.out = tmpfile()))
		return cobra_error(COBRA_DATA, "export: cannot make a temporary file: %s", strerror(errno));
	if (x.fmt == X_CSV || x.fmt == X_JSON)
		cobra_stream_begin(&x.st, x.out, x.fmt == X_CSV ? COBRA_FMT_CSV : COBRA_FMT_JSON, cols,
			sizeof(cols) / sizeof(cols[0]));
	else
		journal_header(&x, s);
	for (size_t i = 0; i < s->ncustomers && rc == 0; i++)
		rc = export_one(&x, s, &s->customers[i]);
	if (x.fmt == X_CSV || x.fmt == X_JSON)
		cobra_stream_end(&x.st);
	if (rc == 0)
		rc = copy_out(x.out);
	(void)fclose(x.out);
	return rc;
}

const struct cobra_command cobra_cmd_export = {
	"export", cmd_export, options, "[--format FMT] [--as-of DATE]", 0, 0, CMD_NEEDS_STORE,
	"sales, payments and charges as a ledger, hledger or beancount journal, or CSV or JSON",
};
