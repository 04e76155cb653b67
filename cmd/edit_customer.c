/* cobra edit-customer CUSTOMER [profile options]: changes a profile. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/resolve.h"
#include "account_edit.h"
#include "cobra.h"
#include "customer_input.h"
#include "print_customer.h"

static struct cobra_profile_opts p;

static const struct cobra_opt options[] = {
	{"name", 0, COBRA_OPT_VALUE, "NAME", N_("new name (the handle stays)"), &p.name, NULL},
	COBRA_PROFILE_OPTS(p),
	COBRA_OPT_REQUEST_ID,
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

static int cmd_edit_customer(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct cobra_store *s = &ctx->store;
	const struct cobra_entry *e;
	struct cobra_edit ed;
	struct cobra_customer c;
	struct cobra_buf b = {0};
	struct cobra_commit_info info = {0};
	int rc, n;
	(void)argc;
	if ((rc = cobra_resolve_customer(s, argv[0], &e)) < 0)
		return rc;
	if ((rc = cobra_edit_open(ctx, e, &ed)) < 0)
		return rc;
	c = ed.a.customer;
	if ((n = rc = cobra_profile_apply(&c, &p)) < 0)
		goto out;
	if (n == 0) {
		rc = cobra_error(COBRA_USAGE, "edit-customer: nothing to change (give at least one option)");
		goto out;
	}
	cobra_customer_write(&b, &c);
	const char *rest = strstr(ed.raw, "\n[");
	if (rest) {
		cobra_buf_puts(&b, "\n");
		cobra_buf_puts(&b, rest + 1);
	}
	if (b.len == ed.len && memcmp(b.data, ed.raw, b.len) == 0) {
		if (ctx->format == COBRA_FMT_JSON)
			cobra_print_customer_json(stdout, &c);
		else
			printf(_("nothing changed for %s\n"), c.handle);
		rc = 0;
		goto out;
	}
	if ((rc = cobra_store_stage(s, e->path, &b)) < 0)
		goto out;
	info.command = "edit-customer";
	(void)snprintf(info.subject, sizeof(info.subject), "edit-customer: %s (%s)", c.name, c.handle);
	info.customer = c.id;
	info.request_id = cobra_common.request_id;
	if ((rc = cobra_store_commit(s, &info)) < 0)
		goto out;
	if (ctx->format == COBRA_FMT_JSON)
		cobra_print_customer_json(stdout, &c);
	else
		cobra_print_customer_human(stdout, ctx, &c);
out:
	cobra_buf_free(&b);
	cobra_edit_close(&ed);
	return rc;
}

const struct cobra_command cobra_cmd_edit_customer = {
	"edit-customer", cmd_edit_customer, options, "CUSTOMER [options]", 1, 1, CMD_NEEDS_STORE | CMD_WRITES,
	N_("change a customer's profile (an empty value clears a field)"),
};
