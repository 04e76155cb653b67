#include "records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "id.h"
#include "text.h"

const struct cobra_int_range cobra_grace_range = {0, 60};

static int installment_parse(void *item, const char *value)
{
	struct cobra_installment *it = item;
	char date[11];
	if (strlen(value) < 15 || value[10] != ' ')
		return -1;
	memcpy(date, value, 10);
	date[10] = '\0';
	if (cobra_date_parse_iso(&it->due, date) != 0)
		return -1;
	if (cobra_money_parse_canonical(&it->amount, value + 11) != 0 || it->amount <= 0)
		return -1;
	return 0;
}

static void installment_format(struct cobra_buf *out, const void *item)
{
	const struct cobra_installment *it = item;
	char d[COBRA_DATE_BUFSZ], m[COBRA_MONEY_BUFSZ];
	cobra_buf_printf(out, "%s %s", cobra_date_format(d, it->due), cobra_money_format(m, it->amount));
}

const struct cobra_list_type cobra_installment_list = {sizeof(struct cobra_installment), installment_parse,
						       installment_format};

/* "DEBTID/N interest fee principal" */
static int alloc_parse(void *item, const char *value)
{
	struct cobra_alloc *a = item;
	char buf[COBRA_LINE_MAX + 1];
	char *parts[4];
	size_t n = 0;
	if (strlen(value) > COBRA_LINE_MAX)
		return -1;
	memcpy(buf, value, strlen(value) + 1);
	for (char *p = buf; n < 4;) {
		parts[n++] = p;
		char *sp = strchr(p, ' ');
		if (!sp)
			break;
		*sp = '\0';
		p = sp + 1;
	}
	if (n != 4 || strlen(parts[0]) < 22 || parts[0][20] != '/')
		return -1;
	parts[0][20] = '\0';
	if (!cobra_id_valid_event(parts[0]))
		return -1;
	memcpy(a->debt, parts[0], 21);
	const char *ns = parts[0] + 21;
	long idx = 0;
	if (*ns == '0' || strlen(ns) > 3)
		return -1;
	for (; *ns; ns++) {
		if (*ns < '0' || *ns > '9')
			return -1;
		idx = idx * 10 + (*ns - '0');
	}
	if (idx < 1 || idx > COBRA_MAX_INSTALLMENTS)
		return -1;
	a->n = (int32_t)idx;
	if (cobra_money_parse_canonical(&a->interest, parts[1]) != 0 ||
	    cobra_money_parse_canonical(&a->fee, parts[2]) != 0 ||
	    cobra_money_parse_canonical(&a->principal, parts[3]) != 0)
		return -1;
	return 0;
}

static void alloc_format(struct cobra_buf *out, const void *item)
{
	const struct cobra_alloc *a = item;
	char i[COBRA_MONEY_BUFSZ], f[COBRA_MONEY_BUFSZ], p[COBRA_MONEY_BUFSZ];
	cobra_buf_printf(out, "%s/%d %s %s %s", a->debt, (int)a->n, cobra_money_format(i, a->interest),
		cobra_money_format(f, a->fee), cobra_money_format(p, a->principal));
}

const struct cobra_list_type cobra_alloc_list = {sizeof(struct cobra_alloc), alloc_parse, alloc_format};

#define F_CUSTOMER(k, n, s, r, e) COBRA_FIELD(struct cobra_customer, k, n, s, r, e)
#define F_SALE(k, n, s, r, e) COBRA_FIELD(struct cobra_sale, k, n, s, r, e)
#define F_PAYMENT(k, n, s, r, e) COBRA_FIELD(struct cobra_payment, k, n, s, r, e)
#define F_BUSINESS(k, n, s, r, e) COBRA_FIELD(struct cobra_business, k, n, s, r, e)
#define F_CHARGES(k, n, s, r, e) COBRA_FIELD(struct cobra_charges, k, n, s, r, e)

static const struct cobra_field customer_fields[] = {COBRA_CUSTOMER_FIELDS(F_CUSTOMER)};
static const struct cobra_field sale_fields[] = {COBRA_SALE_FIELDS(F_SALE)};
static const struct cobra_field payment_fields[] = {COBRA_PAYMENT_FIELDS(F_PAYMENT)};
static const struct cobra_field business_fields[] = {COBRA_BUSINESS_FIELDS(F_BUSINESS)};
static const struct cobra_field charges_fields[] = {COBRA_CHARGES_FIELDS(F_CHARGES)};

#define N(a) (sizeof(a) / sizeof((a)[0]))
const struct cobra_schema cobra_customer_schema = {"customer", customer_fields, N(customer_fields)};
const struct cobra_schema cobra_sale_schema = {"sale", sale_fields, N(sale_fields)};
const struct cobra_schema cobra_payment_schema = {"payment", payment_fields, N(payment_fields)};
const struct cobra_schema cobra_business_schema = {"business", business_fields, N(business_fields)};
const struct cobra_schema cobra_charges_schema = {"charges", charges_fields, N(charges_fields)};

void cobra_customer_init(struct cobra_customer *c)
{
	memset(c, 0, sizeof(*c));
	c->limit = -1;
}

void cobra_sale_init(struct cobra_sale *s)
{
	memset(s, 0, sizeof(*s));
	memcpy(s->every, "1m", 3);
}

void cobra_payment_init(struct cobra_payment *p)
{
	memset(p, 0, sizeof(*p));
}

static int grow(void **arr, size_t count, size_t size)
{
	if (count == 0 || (count >= 8 && (count & (count - 1)) == 0)) {
		size_t cap = count ? count * 2 : 8;
		void *p = realloc(*arr, cap * size);
		if (!p)
			return cobra_error(COBRA_DATA, "out of memory");
		*arr = p;
	}
	return 0;
}

static int check_event_id(const struct cobra_ini *ini, const struct cobra_section *sec, const char *customer_id)
{
	if (!cobra_id_valid_event(sec->id)) {
		char q[64];
		return cobra_error(COBRA_DATA, "%s:%d: [%s \"%s\"]: not a record id (20 hex digits)", ini->path,
			sec->line, sec->type, cobra_quote(q, sizeof(q), sec->id));
	}
	if (memcmp(sec->id, customer_id, 4) != 0)
		return cobra_error(COBRA_DATA, "%s:%d: [%s %s]: id does not start with the customer's %.4s",
			ini->path, sec->line, sec->type, sec->id, customer_id);
	return 0;
}

int cobra_account_parse(struct cobra_account *a, const char *path, const char *customer_id, const char *data,
			size_t len)
{
	struct cobra_ini ini;
	int rc;
	memset(a, 0, sizeof(*a));
	cobra_customer_init(&a->customer);
	if ((rc = cobra_ini_parse(&ini, path, data, len)) < 0)
		return rc;
	if (ini.nsections == 0 || strcmp(ini.sections[0].type, "customer") != 0 || ini.sections[0].id[0]) {
		rc = cobra_error(COBRA_DATA, "%s:1: the file must start with [customer]", path);
		goto out;
	}
	memcpy(a->customer.id, customer_id, COBRA_CUSTOMER_ID_LEN + 1);
	if ((rc = cobra_schema_read(&cobra_customer_schema, &ini, &ini.sections[0], &a->customer)) < 0)
		goto out;
	for (size_t i = 1; i < ini.nsections; i++) {
		const struct cobra_section *sec = &ini.sections[i];
		if (strcmp(sec->type, "sale") == 0) {
			if ((rc = check_event_id(&ini, sec, customer_id)) < 0 ||
			    (rc = grow((void **)&a->sales, a->nsales, sizeof(*a->sales))) < 0)
				goto out;
			struct cobra_sale *s = &a->sales[a->nsales++];
			cobra_sale_init(s);
			memcpy(s->id, sec->id, COBRA_EVENT_ID_LEN + 1);
			if ((rc = cobra_schema_read(&cobra_sale_schema, &ini, sec, s)) < 0)
				goto out;
		} else if (strcmp(sec->type, "payment") == 0) {
			if ((rc = check_event_id(&ini, sec, customer_id)) < 0 ||
			    (rc = grow((void **)&a->payments, a->npayments, sizeof(*a->payments))) < 0)
				goto out;
			struct cobra_payment *p = &a->payments[a->npayments++];
			cobra_payment_init(p);
			memcpy(p->id, sec->id, COBRA_EVENT_ID_LEN + 1);
			if ((rc = cobra_schema_read(&cobra_payment_schema, &ini, sec, p)) < 0)
				goto out;
		} else {
			char q[64];
			rc = cobra_error(COBRA_DATA, "%s:%d: unknown section [%s]", path, sec->line,
				cobra_quote(q, sizeof(q), sec->type));
			goto out;
		}
	}
out:
	cobra_ini_free(&ini);
	if (rc < 0)
		cobra_account_free(a);
	return rc;
}

void cobra_account_free(struct cobra_account *a)
{
	for (size_t i = 0; i < a->nsales; i++)
		cobra_schema_free_lists(&cobra_sale_schema, &a->sales[i]);
	for (size_t i = 0; i < a->npayments; i++)
		cobra_schema_free_lists(&cobra_payment_schema, &a->payments[i]);
	free(a->sales);
	free(a->payments);
	a->sales = NULL;
	a->payments = NULL;
	a->nsales = a->npayments = 0;
}

struct cobra_sale *cobra_account_sale(const struct cobra_account *a, const char *id)
{
	for (size_t i = 0; i < a->nsales; i++)
		if (strcmp(a->sales[i].id, id) == 0)
			return &a->sales[i];
	return NULL;
}

void cobra_customer_write(struct cobra_buf *out, const struct cobra_customer *c)
{
	cobra_schema_write(&cobra_customer_schema, out, NULL, c);
}

void cobra_sale_write(struct cobra_buf *out, const struct cobra_sale *s)
{
	cobra_buf_puts(out, "\n");
	cobra_schema_write(&cobra_sale_schema, out, s->id, s);
}

void cobra_payment_write(struct cobra_buf *out, const struct cobra_payment *p)
{
	cobra_buf_puts(out, "\n");
	cobra_schema_write(&cobra_payment_schema, out, p->id, p);
}

void cobra_policy_defaults(struct cobra_policy *p)
{
	memset(p, 0, sizeof(*p));
	memcpy(p->business.name, "Minha Loja", sizeof("Minha Loja"));
	memcpy(p->business.currency, "BRL", 4);
	memcpy(p->business.locale, "pt_BR", 6);
	p->charges.late_fee = 200;
	p->charges.interest = 100;
	p->charges.grace_days = 0;
	memcpy(p->charges.due_shift, "none", 5);
}

int cobra_policy_parse(struct cobra_policy *p, const char *path, const char *data, size_t len)
{
	struct cobra_ini ini;
	int rc;
	bool have_business = false, have_charges = false;
	cobra_policy_defaults(p);
	if ((rc = cobra_ini_parse(&ini, path, data, len)) < 0)
		return rc;
	for (size_t i = 0; i < ini.nsections && rc == 0; i++) {
		const struct cobra_section *sec = &ini.sections[i];
		char q[64];
		if (sec->id[0])
			rc = cobra_error(COBRA_DATA, "%s:%d: unknown section [%s %s]", path, sec->line, sec->type,
				cobra_quote(q, sizeof(q), sec->id));
		else if (strcmp(sec->type, "business") == 0) {
			have_business = true;
			rc = cobra_schema_read(&cobra_business_schema, &ini, sec, &p->business);
		} else if (strcmp(sec->type, "charges") == 0) {
			have_charges = true;
			rc = cobra_schema_read(&cobra_charges_schema, &ini, sec, &p->charges);
		} else {
			rc = cobra_error(COBRA_DATA, "%s:%d: unknown section [%s]", path, sec->line,
				cobra_quote(q, sizeof(q), sec->type));
		}
	}
	if (rc == 0 && !have_business)
		rc = cobra_error(COBRA_DATA, "%s:1: missing section [business]", path);
	if (rc == 0 && !have_charges)
		rc = cobra_error(COBRA_DATA, "%s:1: missing section [charges]", path);
	cobra_ini_free(&ini);
	return rc;
}

void cobra_policy_write_initial(struct cobra_buf *out, const struct cobra_policy *p)
{
	char rate[16];
	cobra_buf_puts(out,
		"; cobra.ini - the policy of this store. Every change is a commit like any other.\n"
		"; See cobra-store(5) for every key, and cobra-charges(7) for how charges are computed.\n"
		"\n"
		"[business]\n"
		"; Your business, as it appears on statements and collection messages (CDC art. 42-A).\n");
	cobra_buf_printf(out, "name = %s\n", p->business.name);
	cobra_buf_puts(out, "; CPF or CNPJ of the business, digits (and letters for the new CNPJ) only.\n");
	if (p->business.doc[0])
		cobra_buf_printf(out, "doc = %s\n", p->business.doc);
	else
		cobra_buf_puts(out, ";doc = 12345678000195\n");
	cobra_buf_puts(out, "; Currency of every amount; only BRL for now.\n");
	cobra_buf_printf(out, "currency = %s\n", p->business.currency);
	cobra_buf_puts(out, "; How people read amounts and dates: pt_BR (R$ 1.234,56, 22/11/2026) or en_US.\n"
			    "; Files and --format output never change with it.\n");
	cobra_buf_printf(out, "locale = %s\n", p->business.locale);
	cobra_buf_puts(out,
		"\n[charges]\n"
		"; Late fee (multa), percent of the installment's principal still open at its due date,\n"
		"; charged once. At most 2.00 for consumers (CDC art. 52 par. 1): cobra refuses more for\n"
		"; customers with a CPF or no document.\n");
	cobra_buf_printf(out, "late_fee = %s\n", cobra_rate_format(rate, p->charges.late_fee));
	cobra_buf_puts(out, "; Default interest (juros de mora), percent per month, simple, pro rata per day (days/30).\n");
	cobra_buf_printf(out, "interest = %s\n", cobra_rate_format(rate, p->charges.interest));
	cobra_buf_puts(out, "; Days after the due date during which a payment owes no charges (0 to 60).\n");
	cobra_buf_printf(out, "grace_days = %d\n", (int)p->charges.grace_days);
	cobra_buf_puts(out, "; none, or next-weekday: a due date on Saturday or Sunday moves to Monday.\n");
	cobra_buf_printf(out, "due_shift = %s\n", p->charges.due_shift);
}
