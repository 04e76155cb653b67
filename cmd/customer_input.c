#include "customer_input.h"

#include <string.h>

#include "../src/error.h"

static int apply(struct cobra_customer *c, const char *key, const char *value, int *count)
{
	const struct cobra_field *f = cobra_schema_field(&cobra_customer_schema, key);
	if (!value)
		return 0;
	(*count)++;
	if (value[0] == '\0' && !f->required) {
		if (f->kind == COBRA_K_MONEY_OPT)
			c->limit = -1;
		else
			memset((char *)c + f->offset, 0, f->size);
		return 0;
	}
	return cobra_field_from_input(f, c, key, value);
}

int cobra_profile_apply(struct cobra_customer *c, const struct cobra_profile_opts *p)
{
	int rc = 0, n = 0;
	if ((rc = apply(c, "name", p->name, &n)) < 0 || (rc = apply(c, "doc", p->doc, &n)) < 0 ||
	    (rc = apply(c, "phone", p->phone, &n)) < 0 || (rc = apply(c, "email", p->email, &n)) < 0 ||
	    (rc = apply(c, "address", p->address, &n)) < 0 || (rc = apply(c, "limit", p->limit, &n)) < 0 ||
	    (rc = apply(c, "channel", p->channel, &n)) < 0 || (rc = apply(c, "note", p->note, &n)) < 0)
		return rc;
	if (p->name && c->name[0] == '\0')
		return cobra_error(COBRA_INVALID, "name: must not be empty");
	return n;
}
