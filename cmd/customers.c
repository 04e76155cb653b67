/* cobra customers: the list of customers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/cache.h"
#include "../src/doc.h"
#include "../src/resolve.h"
#include "cobra.h"

static const struct cobra_opt options[] = {
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

static const struct cobra_col cols[] = {
	{"id", N_("ID"), COBRA_COL_TEXT},       {"handle", N_("HANDLE"), COBRA_COL_TEXT}, {"name", N_("NAME"), COBRA_COL_TEXT, true},
	{"doc", N_("DOC"), COBRA_COL_TEXT},     {"phone", N_("PHONE"), COBRA_COL_TEXT},   {"email", N_("EMAIL"), COBRA_COL_TEXT, true},
};

struct list_ctx {
	struct cobra_ctx *ctx;
	struct cobra_table *t;
};

static int add_row(void *arg, const struct cobra_cview *v)
{
	struct list_ctx *lc = arg;
	struct cobra_store *s = &lc->ctx->store;
	bool human = lc->ctx->format == COBRA_FMT_HUMAN;
	char id[17], doc[24];
	if (human)
		(void)snprintf(id, sizeof(id), "%.*s", (int)cobra_customer_abbrev(s, v->id), v->id);
	else
		(void)snprintf(id, sizeof(id), "%s", v->id);
	const char *row[] = {id, v->handle, v->name, v->doc[0] && human ? cobra_doc_format(doc, v->doc) : v->doc,
		v->phone, v->email};
	cobra_table_add(lc->t, row);
	return 0;
}

/* The profiles come from the read cache (cache.h), so listing ten thousand
 * customers does not parse ten thousand files. */
static int cmd_customers(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct cobra_store *s = &ctx->store;
	struct cobra_table t;
	struct list_ctx lc = {ctx, &t};
	int rc;
	(void)argc;
	(void)argv;
	if (ctx->format == COBRA_FMT_HUMAN && (rc = cobra_store_list(s)) < 0)
		return rc;
	cobra_table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	rc = cobra_cache_each(s, NULL, add_row, &lc);
	if (rc == 0 && t.oom)
		rc = cobra_error(COBRA_DATA, "out of memory");
	if (rc == 0) {
		cobra_table_sort(&t, 1);
		if (ctx->format == COBRA_FMT_HUMAN && t.nrows == 0)
			puts(_("no customers yet; add one with 'cobra add-customer NAME'"));
		else
			cobra_table_print(stdout, &t, ctx->format, ctx->format == COBRA_FMT_HUMAN);
	}
	cobra_table_free(&t);
	return rc;
}

const struct cobra_command cobra_cmd_customers = {
	"customers", cmd_customers, options, "[--format FMT]", 0, 0, CMD_NEEDS_STORE | CMD_PAGES, N_("list the customers"),
};
