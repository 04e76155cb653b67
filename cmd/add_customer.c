/* cobra add-customer NAME [profile options]: registers a customer. */
#include <stdio.h>
#include <string.h>

#include "../src/id.h"
#include "../src/resolve.h"
#include "customer_input.h"
#include "cobra.h"
#include "print_customer.h"

static struct cobra_profile_opts p;
static const char *opt_since;

static const struct cobra_opt options[] = {
	COBRA_PROFILE_OPTS(p),
	{"since", 0, COBRA_OPT_VALUE, "DATE", N_("customer since (default today)"), &opt_since, NULL},
	COBRA_OPT_REQUEST_ID,
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

static int cmd_add_customer(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct cobra_store *s = &ctx->store;
	struct cobra_customer c;
	struct cobra_buf file = {0};
	struct cobra_commit_info info = {0};
	char path[80];
	int rc;
	(void)argc;
	cobra_customer_init(&c);
	p.name = argv[0];
	if ((rc = cobra_profile_apply(&c, &p)) < 0)
		return rc;
	if ((rc = cobra_opt_date(&c.since, "since", opt_since)) < 0)
		return rc;
	if ((rc = cobra_store_list(s)) < 0)
		return rc;
	do {
		if ((rc = cobra_id_new_customer(c.id)) < 0)
			return rc;
	} while (cobra_store_entry(s, c.id) != NULL);
	if ((rc = cobra_new_handle(s, c.name, c.id, c.handle)) < 0)
		return rc;
	cobra_customer_path(path, c.id, c.handle);
	cobra_customer_write(&file, &c);
	if ((rc = cobra_store_stage(s, path, &file)) < 0)
		return rc;
	info.command = "add-customer";
	(void)snprintf(info.subject, sizeof(info.subject), "add-customer: %s (%s)", c.name, c.handle);
	info.customer = c.id;
	info.request_id = cobra_common.request_id;
	if ((rc = cobra_store_commit(s, &info)) < 0)
		return rc;
	if (ctx->format == COBRA_FMT_JSON) {
		cobra_print_customer_json(stdout, &c);
	} else {
		printf(_("added customer %s (%.7s): "), c.handle, c.id);
		cobra_print_safe(stdout, c.name);
		putchar('\n');
	}
	return 0;
}

const struct cobra_command cobra_cmd_add_customer = {
	"add-customer", cmd_add_customer, options, "NAME [options]", 1, 1, CMD_NEEDS_STORE | CMD_WRITES,
	N_("register a customer"),
};
