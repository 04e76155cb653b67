/* cobra recover: finishes a write that a crash interrupted and removes
 * stale git lock files. */
#include <stdio.h>

#include "cobra.h"

static const struct cobra_opt options[] = {
	COBRA_OPT_END,
};

static int cmd_recover(struct cobra_ctx *ctx, int argc, char **argv)
{
	int repaired = 0, rc;
	(void)argc;
	(void)argv;
	if ((rc = cobra_store_recover(&ctx->store, &repaired)) < 0)
		return rc;
	if (repaired)
		printf(P_("recovered: %d item repaired\n", "recovered: %d items repaired\n", repaired), repaired);
	else
		puts(_("nothing to recover"));
	return 0;
}

const struct cobra_command cobra_cmd_recover = {
	"recover", cmd_recover, options, "", 0, 0, CMD_NEEDS_STORE | CMD_WRITES | CMD_RECOVERS,
	N_("finish an interrupted write and remove stale git locks"),
};
