#include "print_customer.h"

#include "../src/doc.h"
#include "../src/output.h"

void cobra_print_customer_json(FILE *out, const struct cobra_customer *c)
{
	struct cobra_buf b = {0};
	char m[COBRA_MONEY_BUFSZ], d[COBRA_DATE_BUFSZ];
	const struct {
		const char *key, *value;
	} f[] = {
		{"id", c->id}, {"handle", c->handle}, {"name", c->name}, {"since", cobra_date_format(d, c->since)},
		{"doc", c->doc}, {"phone", c->phone}, {"email", c->email}, {"address", c->address},
		{"limit", c->limit >= 0 ? cobra_money_format(m, c->limit) : ""}, {"channel", c->channel},
		{"note", c->note},
	};
	cobra_buf_puts(&b, "{");
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		if (i)
			cobra_buf_puts(&b, ", ");
		cobra_json_string(&b, f[i].key);
		cobra_buf_puts(&b, ": ");
		if (f[i].value[0] == '\0' && i >= 4)
			cobra_buf_puts(&b, "null");
		else
			cobra_json_string(&b, f[i].value);
	}
	cobra_buf_puts(&b, "}\n");
	if (b.data)
		(void)fputs(b.data, out);
	cobra_buf_free(&b);
}

static void line(FILE *out, const char *key, const char *value)
{
	if (!value[0])
		return;
	/* pad to 10 columns by characters, not bytes: "endereço" */
	size_t w = 0;
	for (const char *p = key; *p; p++)
		w += ((unsigned char)*p & 0xC0) != 0x80;
	(void)fputs(key, out);
	do
		(void)fputc(' ', out);
	while (++w < 10);
	cobra_print_safe(out, value);
	(void)fputc('\n', out);
}

void cobra_print_customer_human(FILE *out, struct cobra_ctx *ctx, const struct cobra_customer *c)
{
	char m[40], d[11], doc[24];
	/* TRANSLATORS: the labels of a customer's profile, at most 9 characters */
	line(out, _("customer"), c->name);
	line(out, _("handle"), c->handle);
	line(out, _("id"), c->id);
	line(out, _("since"), cobra_human_date(ctx, d, c->since));
	line(out, _("doc"), c->doc[0] ? cobra_doc_format(doc, c->doc) : "");
	line(out, _("phone"), c->phone);
	line(out, _("email"), c->email);
	line(out, _("address"), c->address);
	line(out, _("limit"), c->limit >= 0 ? cobra_human_money(ctx, m, c->limit) : "");
	line(out, _("channel"), c->channel);
	line(out, _("note"), c->note);
}
