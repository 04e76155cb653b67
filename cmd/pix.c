/* cobra pix CUSTOMER [--amount AMOUNT]: a static PIX BR Code ("copia e cola")
 * for what the customer owes today, or for a given amount. */
#include <stdio.h>

#include "../src/pix.h"
#include "../src/resolve.h"
#include "../src/standing.h"
#include "cobra.h"

static const char *opt_amount, *opt_txid;

static const struct cobra_opt options[] = {
	{"amount", 0, COBRA_OPT_VALUE, "AMOUNT", N_("this amount instead of everything owed today"), &opt_amount, NULL},
	{"txid", 0, COBRA_OPT_VALUE, "TEXT", N_("reference label, letters and digits (default ***)"), &opt_txid, NULL},
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

static int cmd_pix(struct cobra_ctx *ctx, int argc, char **argv)
{
	const struct cobra_business *b = &ctx->store.policy.business;
	const struct cobra_entry *e = NULL;
	struct cobra_standing st;
	struct cobra_buf code = {0};
	cobra_money amount = 0;
	cobra_date today;
	char m[COBRA_MONEY_BUFSZ];
	int rc;
	(void)argc;
	if (!b->pix_key[0]) {
		rc = cobra_error(COBRA_REFUSED, "pix_key: cobra.ini [business] has no PIX key");
		cobra_hint("add pix_key = <CPF, CNPJ, e-mail, +55 phone or random key> and city = <city> to [business]");
		return rc;
	}
	if (opt_amount) {
		if ((rc = cobra_money_parse(&amount, "amount", opt_amount)) < 0)
			return rc;
		if (amount <= 0)
			return cobra_error(COBRA_INVALID, "amount: \"%s\" must be more than zero", opt_amount);
	}
	if ((rc = cobra_date_today(&today)) < 0 || (rc = cobra_resolve_customer(&ctx->store, argv[0], &e)) < 0 ||
	    (rc = cobra_standing_for(&st, &ctx->store, e, today)) < 0)
		return rc;
	if (!opt_amount) {
		amount = st.open;
		if (amount <= 0)
			return cobra_error(COBRA_REFUSED, "amount: %s owes nothing today; give --amount", e->handle);
	}
	struct cobra_pix p = {b->pix_key, b->name, b->city[0] ? b->city : "BRASIL", amount, opt_txid};
	if ((rc = cobra_pix_payload(&code, &p)) < 0) {
		cobra_buf_free(&code);
		return rc;
	}
	if (ctx->format == COBRA_FMT_JSON)
		printf("{\"customer\": \"%s\", \"handle\": \"%s\", \"amount\": \"%s\", \"payload\": \"%s\"}\n", e->id,
			e->handle, cobra_money_format(m, amount), code.data);
	else if (ctx->format == COBRA_FMT_HUMAN)
		printf("%s\n", code.data);
	else
		printf("%s\t%s\t%s\n", e->handle, cobra_money_format(m, amount), code.data);
	cobra_buf_free(&code);
	return 0;
}

const struct cobra_command cobra_cmd_pix = {
	"pix", cmd_pix, options, "CUSTOMER [--amount AMOUNT] [--txid TEXT]", 1, 1, CMD_NEEDS_STORE,
	N_("a PIX BR Code (copia e cola) for what a customer owes today"),
};
