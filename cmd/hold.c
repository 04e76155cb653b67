/* cobra hold CUSTOMER --reason TEXT | --release: pauses or resumes collections. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/id.h"
#include "../src/resolve.h"
#include "../src/text.h"
#include "account_edit.h"
#include "cobra.h"

static const char *opt_reason, *opt_kind, *opt_date, *opt_note;
static bool opt_release;

static const struct cobra_opt options[] = {
	{"reason", 0, COBRA_OPT_VALUE, "TEXT", N_("why collections stop (shown by remind)"), &opt_reason, NULL},
	{"kind", 0, COBRA_OPT_VALUE, "KIND", N_("dispute, opt-out, agreement, broken-agreement or other (default)"), &opt_kind,
	 NULL},
	{"release", 0, COBRA_OPT_FLAG, NULL, N_("end the hold in force"), NULL, &opt_release},
	{"note", 0, COBRA_OPT_VALUE, "TEXT", N_("with --release: a note on why"), &opt_note, NULL},
	{"date", 0, COBRA_OPT_VALUE, "DATE", N_("date of the hold or release (default today)"), &opt_date, NULL},
	COBRA_OPT_REQUEST_ID,
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

static int make_section(struct cobra_ctx *ctx, struct cobra_edit *ed, struct cobra_buf *sec, char *subject,
			size_t n)
{
	const struct cobra_hold *cur = cobra_account_hold(&ed->a);
	cobra_date date;
	char id[21];
	int rc;
	(void)ctx;
	if ((rc = cobra_opt_date(&date, "date", opt_date)) < 0)
		return rc;
	do {
		if ((rc = cobra_id_new_event(id, ed->entry->id)) < 0)
			return rc;
	} while (cobra_account_has_id(&ed->a, id));
	if (opt_release) {
		struct cobra_release r;
		memset(&r, 0, sizeof(r));
		if (!cur)
			return cobra_error(COBRA_REFUSED, "release: %s is not on hold", ed->entry->handle);
		memcpy(r.id, id, 21);
		r.date = date;
		if (opt_note && (rc = cobra_field_from_input(cobra_schema_field(&cobra_release_schema, "note"), &r, "note",
					 opt_note)) < 0)
			return rc;
		cobra_release_write(sec, &r);
		(void)snprintf(subject, n, "hold: release %s", ed->a.customer.name);
		return 0;
	}
	struct cobra_hold h;
	memset(&h, 0, sizeof(h));
	memcpy(h.id, id, 21);
	h.date = date;
	if ((rc = cobra_field_from_input(cobra_schema_field(&cobra_hold_schema, "reason"), &h, "reason", opt_reason)) < 0 ||
	    (rc = cobra_field_from_input(cobra_schema_field(&cobra_hold_schema, "kind"), &h, "kind",
		     opt_kind ? opt_kind : "other")) < 0)
		return rc;
	if (h.reason[0] == '\0')
		return cobra_error(COBRA_INVALID, "reason: must not be empty");
	if (cur && strcmp(cur->kind, h.kind) == 0 && strcmp(cur->reason, h.reason) == 0)
		return cobra_error(COBRA_REFUSED, "hold: %s is already on hold for the same reason", ed->entry->handle);
	cobra_hold_write(sec, &h);
	(void)snprintf(subject, n, "hold: %s (%s)", ed->a.customer.name, h.kind);
	return 0;
}

static int cmd_hold(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct cobra_store *s = &ctx->store;
	const struct cobra_entry *e = NULL;
	struct cobra_edit ed;
	struct cobra_buf sec = {0};
	struct cobra_commit_info info = {0};
	int rc;
	(void)argc;
	if (opt_release == (opt_reason != NULL))
		return cobra_error(COBRA_USAGE, "hold: give --reason TEXT to hold, or --release");
	if (!opt_release && opt_note)
		return cobra_error(COBRA_USAGE, "hold: --note goes with --release");
	if (opt_release && opt_kind)
		return cobra_error(COBRA_USAGE, "hold: --kind goes with --reason");
	if ((rc = cobra_resolve_customer(s, argv[0], &e)) < 0)
		return rc;
	if ((rc = cobra_edit_open(ctx, e, &ed)) < 0)
		return rc;
	if ((rc = make_section(ctx, &ed, &sec, info.subject, sizeof(info.subject))) < 0 ||
	    (rc = cobra_edit_append(ctx, &ed, &sec)) < 0)
		goto out;
	info.command = "hold";
	info.customer = e->id;
	info.request_id = cobra_common.request_id;
	if ((rc = cobra_store_commit(s, &info)) < 0)
		goto out;
	if (ctx->format == COBRA_FMT_JSON)
		printf("{\"customer\": \"%s\", \"handle\": \"%s\", \"on_hold\": %s}\n", e->id, e->handle,
			opt_release ? "false" : "true");
	else if (opt_release)
		printf(_("%s is no longer on hold\n"), e->handle);
	else
		printf(_("%s is on hold: reminders skip it until cobra hold %s --release\n"), e->handle, e->handle);
out:
	cobra_buf_free(&sec);
	cobra_edit_close(&ed);
	return rc;
}

const struct cobra_command cobra_cmd_hold = {
	"hold", cmd_hold, options, "CUSTOMER (--reason TEXT [--kind KIND] | --release [--note TEXT])", 1, 1,
	CMD_NEEDS_STORE | CMD_WRITES,
	N_("pause collections for a customer (dispute, opt-out, agreement), or resume them"),
};
