/* cobra init [DIR]: a new store with cobra.ini and a first commit. */
#include <stdio.h>
#include <string.h>

#include "../src/doc.h"
#include "../src/records.h"
#include "cobra.h"

static const char *opt_name, *opt_doc, *opt_locale;

static const struct cobra_opt options[] = {
	{"name", 0, COBRA_OPT_VALUE, "NAME", N_("business name (default \"Minha Loja\")"), &opt_name, NULL},
	{"doc", 0, COBRA_OPT_VALUE, "CPF|CNPJ", N_("the business's CPF or CNPJ"), &opt_doc, NULL},
	{"locale", 0, COBRA_OPT_VALUE, "LOCALE", N_("pt_BR (default) or en_US, for human output"), &opt_locale, NULL},
	COBRA_OPT_END,
};

static int init_store(const char *dir, struct cobra_policy *pol)
{
	git_oid commit;
	char hex[GIT_OID_HEXSZ + 1];
	int rc;
	if (opt_name &&
	    (rc = cobra_field_from_input(cobra_schema_field(&cobra_business_schema, "name"), &pol->business, "name",
		     opt_name)) < 0)
		return rc;
	if (opt_doc &&
	    (rc = cobra_field_from_input(cobra_schema_field(&cobra_business_schema, "doc"), &pol->business, "doc",
		     opt_doc)) < 0)
		return rc;
	if (opt_locale &&
	    (rc = cobra_field_from_input(cobra_schema_field(&cobra_business_schema, "locale"), &pol->business,
		     "locale", opt_locale)) < 0)
		return rc;
	if (pol->business.name[0] == '\0')
		return cobra_error(COBRA_INVALID, "name: must not be empty");
	if ((rc = cobra_store_init(dir, pol, &commit)) < 0)
		return rc;
	printf(_("initialized cobra store \"%s\" in %s (commit %.10s)\n"), pol->business.name, dir,
		git_oid_tostr(hex, sizeof(hex), &commit));
	return 0;
}

static int cmd_init(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct cobra_policy pol;
	char joined[4096];
	const char *dir = argc > 0 ? argv[0] : (ctx->dir ? ctx->dir : ".");
	if (argc > 0 && ctx->dir && argv[0][0] != '/') {
		if (snprintf(joined, sizeof(joined), "%s/%s", ctx->dir, argv[0]) >= (int)sizeof(joined))
			return cobra_error(COBRA_INVALID, "DIR: path too long");
		dir = joined;
	}
	cobra_policy_defaults(&pol);
	int rc = init_store(dir, &pol);
	cobra_policy_free(&pol);
	return rc;
}

const struct cobra_command cobra_cmd_init = {
	"init", cmd_init, options, "[--name NAME] [--doc DOC] [--locale LOCALE] [DIR]", 0, 1, 0,
	N_("create a store: a git repository with cobra.ini and a first commit"),
};
