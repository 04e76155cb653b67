/* cobra customers: the list of customers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/doc.h"
#include "../src/resolve.h"
#include "cobra.h"

static const struct cobra_opt options[] = {
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

static const struct cobra_col cols[] = {
	{"id", "ID", COBRA_COL_TEXT},       {"handle", "HANDLE", COBRA_COL_TEXT}, {"name", "NAME", COBRA_COL_TEXT},
	{"doc", "DOC", COBRA_COL_TEXT},     {"phone", "PHONE", COBRA_COL_TEXT},   {"email", "EMAIL", COBRA_COL_TEXT},
};

/* Reads only the [customer] section: the file up to its second section. */
static int load_profile(struct cobra_store *s, const struct cobra_entry *e, struct cobra_customer *c)
{
	char *data = NULL;
	size_t len = 0;
	struct cobra_account a;
	int rc = cobra_store_read_blob(s, &e->blob, e->path, &data, &len);
	if (rc < 0)
		return rc;
	const char *next = strstr(data, "\n[");
	if (next)
		len = (size_t)(next - data) + 1;
	rc = cobra_account_parse(&a, e->path, e->id, data, len);
	if (rc == 0) {
		*c = a.customer;
		cobra_account_free(&a);
	}
	free(data);
	return rc;
}

static int cmd_customers(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct cobra_store *s = &ctx->store;
	struct cobra_table t;
	int rc;
	(void)argc;
	(void)argv;
	if ((rc = cobra_store_list(s)) < 0)
		return rc;
	const struct cobra_entry **order = cobra_store_by_handle(s);
	if (!order)
		return cobra_error(COBRA_DATA, "out of memory");
	cobra_table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	for (size_t i = 0; i < s->ncustomers && rc == 0; i++) {
		struct cobra_customer c;
		char id[17], doc[24];
		if ((rc = load_profile(s, order[i], &c)) < 0)
			break;
		if (ctx->format == COBRA_FMT_HUMAN)
			snprintf(id, sizeof(id), "%.*s", (int)cobra_customer_abbrev(s, c.id), c.id);
		else
			snprintf(id, sizeof(id), "%s", c.id);
		const char *v[] = {id, c.handle, c.name, c.doc[0] && ctx->format == COBRA_FMT_HUMAN ? cobra_doc_format(doc, c.doc) : c.doc,
			c.phone, c.email};
		cobra_table_add(&t, v);
	}
	if (rc == 0) {
		if (ctx->format == COBRA_FMT_HUMAN && t.nrows == 0)
			puts("no customers yet; add one with 'cobra add-customer NAME'");
		else
			cobra_table_print(stdout, &t, ctx->format, ctx->format == COBRA_FMT_HUMAN);
	}
	cobra_table_free(&t);
	free((void *)order);
	return rc;
}

const struct cobra_command cobra_cmd_customers = {
	"customers", cmd_customers, options, "[--format FMT]", 0, 0, CMD_NEEDS_STORE, "list the customers",
};
