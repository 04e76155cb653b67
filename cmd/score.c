/* cobra score CUSTOMER: the internal 0-1000 score, and why (--explain). */
#include <stdio.h>

#include "../src/resolve.h"
#include "../src/standing.h"
#include "cobra.h"

static const char *opt_as_of;
static bool opt_explain;

static const struct cobra_opt options[] = {
	{"as-of", 0, COBRA_OPT_VALUE, "DATE", N_("score on this date (default today)"), &opt_as_of, NULL},
	{"explain", 0, COBRA_OPT_FLAG, NULL, N_("show each component and the history behind it"), NULL, &opt_explain},
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

static int cmd_score(struct cobra_ctx *ctx, int argc, char **argv)
{
	const struct cobra_entry *e = NULL;
	struct cobra_standing st;
	cobra_date asof;
	int rc;
	(void)argc;
	if ((rc = cobra_opt_date(&asof, "as-of", opt_as_of)) < 0 ||
	    (rc = cobra_resolve_customer(&ctx->store, argv[0], &e)) < 0 ||
	    (rc = cobra_standing_for(&st, &ctx->store, e, asof)) < 0)
		return rc;
	const struct cobra_score *s = &st.score;
	const struct cobra_history *h = &st.history;
	if (ctx->format == COBRA_FMT_JSON) {
		printf("{\"customer\": \"%s\", \"handle\": \"%s\", \"score\": %d, \"components\": {\"on_time\": %d, "
		       "\"delay\": %d, \"worst\": %d, \"tenure\": %d, \"broken\": %d, \"reminders\": %d}, "
		       "\"history\": {\"due\": %d, \"on_time\": %d, \"delay_days\": %lld, \"worst_delay\": %d, "
		       "\"tenure_days\": %d, \"broken_agreements\": %d, \"reminders\": %d}}\n",
			e->id, e->handle, (int)s->total, (int)s->on_time, (int)s->delay, (int)s->worst, (int)s->tenure,
			(int)s->broken, (int)s->reminders, (int)h->due_count, (int)h->on_time, (long long)h->delay_days_sum,
			(int)h->worst_delay, (int)h->tenure_days, (int)h->broken_agreements, (int)h->reminders);
		return 0;
	}
	if (ctx->format != COBRA_FMT_HUMAN) {
		static const struct cobra_col cols[] = {{"customer", "", COBRA_COL_TEXT}, {"handle", "", COBRA_COL_TEXT},
			{"score", "", COBRA_COL_INT}, {"on_time", "", COBRA_COL_INT}, {"delay", "", COBRA_COL_INT},
			{"worst", "", COBRA_COL_INT}, {"tenure", "", COBRA_COL_INT}, {"broken", "", COBRA_COL_INT},
			{"reminders", "", COBRA_COL_INT}};
		char v[7][16];
		int32_t nums[7] = {s->total, s->on_time, s->delay, s->worst, s->tenure, s->broken, s->reminders};
		for (int i = 0; i < 7; i++)
			(void)snprintf(v[i], sizeof(v[i]), "%d", (int)nums[i]);
		const char *row[] = {e->id, e->handle, v[0], v[1], v[2], v[3], v[4], v[5], v[6]};
		struct cobra_stream stream;
		cobra_stream_begin(&stream, stdout, ctx->format, cols, 9);
		cobra_stream_row(&stream, row);
		cobra_stream_end(&stream);
		return 0;
	}
	printf(_("%s: score %d of 1000\n"), e->handle, (int)s->total);
	if (!opt_explain)
		return 0;
	/* TRANSLATORS: the component names (on time ... reminders) are padded to 12 columns */
	printf(_("  on time     %+5d  %d of %d due installments paid by the due date (+ grace)\n"), (int)s->on_time,
		(int)h->on_time, (int)h->due_count);
	printf(_("  delay       %+5d  %lld days late in all, about %d a due installment\n"), (int)s->delay,
		(long long)h->delay_days_sum, h->due_count ? (int)(h->delay_days_sum / h->due_count) : 0);
	printf(_("  worst       %+5d  worst delay %d days\n"), (int)s->worst, (int)h->worst_delay);
	printf(_("  tenure      %+5d  customer for %d days\n"), (int)s->tenure, (int)h->tenure_days);
	printf(_("  agreements  %+5d  %d broken\n"), (int)s->broken, (int)h->broken_agreements);
	printf(_("  reminders   %+5d  %d reminders\n"), (int)s->reminders, (int)h->reminders);
	return 0;
}

const struct cobra_command cobra_cmd_score = {
	"score", cmd_score, options, "CUSTOMER [--as-of DATE] [--explain]", 1, 1, CMD_NEEDS_STORE,
	N_("a customer's internal 0-1000 score from its own history"),
};
