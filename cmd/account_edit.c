#include "account_edit.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int cobra_edit_open(struct cobra_ctx *ctx, const struct cobra_entry *e, struct cobra_edit *ed)
{
	memset(ed, 0, sizeof(*ed));
	ed->entry = e;
	return cobra_store_load_account_raw(&ctx->store, e, &ed->a, &ed->raw, &ed->len);
}

int cobra_edit_append(struct cobra_ctx *ctx, struct cobra_edit *ed, struct cobra_buf *section)
{
	struct cobra_buf b = {0};
	int rc;
	cobra_buf_add(&b, ed->raw, ed->len);
	if (ed->len > 0 && ed->raw[ed->len - 1] != '\n')
		cobra_buf_puts(&b, "\n");
	cobra_buf_add(&b, section->data ? section->data : "", section->len);
	/* what is written must read back: a record cobra cannot parse is never committed */
	struct cobra_account check;
	struct cobra_ledger l;
	if (b.oom) {
		cobra_buf_free(&b);
		return cobra_error(COBRA_DATA, "out of memory");
	}
	if ((rc = cobra_account_parse(&check, ed->entry->path, ed->entry->id, b.data, b.len)) == 0) {
		if ((rc = cobra_ledger_build(&l, &check, ed->entry->path)) == 0)
			cobra_ledger_free(&l);
		cobra_account_free(&check);
	}
	if (rc < 0) {
		char msg[512];
		(void)snprintf(msg, sizeof(msg), "%s", cobra_error_message());
		cobra_error_clear();
		cobra_buf_free(&b);
		return cobra_error(COBRA_DATA, "internal: the new record does not read back, nothing was written: %s", msg);
	}
	rc = cobra_store_stage(&ctx->store, ed->entry->path, &b);
	cobra_buf_free(&b);
	return rc;
}

void cobra_edit_close(struct cobra_edit *ed)
{
	cobra_account_free(&ed->a);
	free(ed->raw);
	ed->raw = NULL;
}

cobra_date cobra_last_payment_date(const struct cobra_account *a)
{
	cobra_date last = INT32_MIN;
	for (size_t i = 0; i < a->npayments; i++)
		if (a->payments[i].date > last)
			last = a->payments[i].date;
	return last;
}
