#include "resolve.h"

#include <stdio.h>
#include <string.h>

#include "error.h"
#include "handle.h"
#include "id.h"
#include "text.h"

#define MAX_LISTED 8

static void list_candidates(struct cobra_buf *b, const struct cobra_entry **c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cobra_buf_printf(b, "%s%s (%.7s)", i ? ", " : "", c[i]->handle, c[i]->id);
}

int cobra_resolve_customer(struct cobra_store *s, const char *ref, const struct cobra_entry **out)
{
	char folded[128], q[96];
	const struct cobra_entry *cand[MAX_LISTED];
	size_t n = 0, len = strlen(ref);
	int rc;
	cobra_quote(q, sizeof(q), ref);
	if ((rc = cobra_store_list(s)) < 0)
		return rc;
	if (len == 0 || len > 120)
		return cobra_error(COBRA_NOTFOUND, "customer: \"%s\" matches no customer", q);
	for (size_t i = 0; i < s->ncustomers; i++)
		if (strcmp(s->customers[i].handle, ref) == 0) {
			*out = &s->customers[i];
			return 0;
		}
	bool hex = len >= 4 && len <= 16 && cobra_id_is_hex(ref, len);
	cobra_fold(folded, sizeof(folded), ref);
	for (size_t i = 0; i < s->ncustomers; i++) {
		const struct cobra_entry *e = &s->customers[i];
		bool match = (hex && strncmp(e->id, ref, len) == 0) || (folded[0] && strstr(e->handle, folded));
		if (!match)
			continue;
		if (n < MAX_LISTED)
			cand[n] = e;
		n++;
	}
	if (n == 1) {
		*out = cand[0];
		return 0;
	}
	if (n == 0)
		return cobra_error(COBRA_NOTFOUND, "customer: \"%s\" matches no customer", q);
	struct cobra_buf b = {0};
	list_candidates(&b, cand, n < MAX_LISTED ? n : MAX_LISTED);
	if (n > MAX_LISTED)
		cobra_buf_printf(&b, " and %zu more", n - MAX_LISTED);
	cobra_error(COBRA_NOTFOUND, "customer: \"%s\" is ambiguous: %s", q, b.data ? b.data : "");
	cobra_hint("use the handle or more of the ID");
	cobra_buf_free(&b);
	return -COBRA_NOTFOUND;
}

int cobra_resolve_debt(struct cobra_store *s, const char *ref, const struct cobra_entry **out_customer,
		       char debt[21])
{
	size_t len = strlen(ref);
	size_t found = 0;
	int rc;
	char q[96];
	if (len < 6 || len > COBRA_EVENT_ID_LEN || !cobra_id_is_hex(ref, len))
		return 1;
	if ((rc = cobra_store_list(s)) < 0)
		return rc;
	for (size_t i = 0; i < s->ncustomers; i++) {
		const struct cobra_entry *e = &s->customers[i];
		struct cobra_account a;
		if (memcmp(e->id, ref, 4) != 0)
			continue;
		if ((rc = cobra_store_load_account(s, e, &a)) < 0)
			return rc;
		for (size_t k = 0; k < a.nsales; k++) {
			if (strncmp(a.sales[k].id, ref, len) != 0)
				continue;
			if (found++ == 0) {
				memcpy(debt, a.sales[k].id, 21);
				*out_customer = e;
			}
		}
		cobra_account_free(&a);
	}
	if (found == 1)
		return 0;
	if (found == 0)
		return 1;
	return cobra_error(COBRA_NOTFOUND, "debt: \"%s\" is ambiguous (%zu debts); give more of the ID", cobra_quote(q, sizeof(q), ref), found);
}

size_t cobra_customer_abbrev(const struct cobra_store *s, const char *id)
{
	size_t best = COBRA_ID_MIN_SHOW;
	const struct cobra_entry *e = cobra_store_entry(s, id);
	if (!e)
		return best;
	size_t i = (size_t)(e - s->customers);
	if (i > 0) {
		size_t c = cobra_id_common(id, s->customers[i - 1].id) + 1;
		best = c > best ? c : best;
	}
	if (i + 1 < s->ncustomers) {
		size_t c = cobra_id_common(id, s->customers[i + 1].id) + 1;
		best = c > best ? c : best;
	}
	return best > 16 ? 16 : best;
}

size_t cobra_debt_abbrev(const struct cobra_account *a, const char *id)
{
	return cobra_id_unique_len(id, a->sales ? a->sales[0].id : "", a->nsales, sizeof(*a->sales), 10);
}

static bool handle_taken(void *store, const char *h)
{
	const struct cobra_store *s = store;
	for (size_t i = 0; i < s->ncustomers; i++)
		if (strcmp(s->customers[i].handle, h) == 0)
			return true;
	return false;
}

int cobra_new_handle(struct cobra_store *s, const char *name, const char *id, char out[33])
{
	int rc = cobra_store_list(s);
	return rc < 0 ? rc : cobra_handle_make(out, name, id, handle_taken, s);
}
