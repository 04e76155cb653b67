#include "records.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "id.h"
#include "offer.h"
#include "pix.h"
#include "text.h"

const struct cobra_int_range cobra_grace_range = {0, 60};
const struct cobra_int_range cobra_step_range = {-365, 3650};
const struct cobra_int_range cobra_interval_range = {0, 365};
const struct cobra_int_range cobra_days_range = {0, 3650};
const struct cobra_int_range cobra_score_range = {0, 1000};
const struct cobra_int_range cobra_tier_index_range = {0, 99};

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

/* "DEBTID/N interest fee principal [discount]" */
static int alloc_parse(void *item, const char *value)
{
	struct cobra_alloc *a = item;
	char buf[COBRA_LINE_MAX + 1];
	char *parts[5];
	size_t n = 0;
	if (strlen(value) > COBRA_LINE_MAX)
		return -1;
	memcpy(buf, value, strlen(value) + 1);
	for (char *p = buf; n < 5;) {
		parts[n++] = p;
		char *sp = strchr(p, ' ');
		if (!sp)
			break;
		if (n == 5)
			return -1; /* a sixth part */
		*sp = '\0';
		p = sp + 1;
	}
	if (n < 4 || strlen(parts[0]) < 22 || parts[0][20] != '/')
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
	a->discount = 0;
	/* written only when there is one, so "0.00" there is not canonical */
	if (n == 5 && (cobra_money_parse_canonical(&a->discount, parts[4]) != 0 || a->discount <= 0))
		return -1;
	return 0;
}

static void alloc_format(struct cobra_buf *out, const void *item)
{
	const struct cobra_alloc *a = item;
	char i[COBRA_MONEY_BUFSZ], f[COBRA_MONEY_BUFSZ], p[COBRA_MONEY_BUFSZ];
	cobra_buf_printf(out, "%s/%d %s %s %s", a->debt, (int)a->n, cobra_money_format(i, a->interest),
		cobra_money_format(f, a->fee), cobra_money_format(p, a->principal));
	if (a->discount > 0)
		cobra_buf_printf(out, " %s", cobra_money_format(p, a->discount));
}

const struct cobra_list_type cobra_alloc_list = {sizeof(struct cobra_alloc), alloc_parse, alloc_format};

/* A signed decimal in [min, max], the whole of TEXT. */
static int int_parse(int32_t *out, const char *text, int32_t min, int32_t max)
{
	const char *p = text;
	bool neg = false;
	int64_t v = 0;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (*p < '0' || *p > '9' || (p[0] == '0' && p[1]))
		return -1;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || v > 100000)
			return -1;
		v = v * 10 + (*p - '0');
	}
	v = neg ? -v : v;
	if (v < min || v > max)
		return -1;
	*out = (int32_t)v;
	return 0;
}

/* "DEBTID/N STEP": the ritem's installment reuses alloc's "DEBTID/N" grammar. */
static int ritem_parse(void *item, const char *value)
{
	struct cobra_ritem *r = item;
	struct cobra_alloc a;
	char buf[64];
	const char *sp = strchr(value, ' ');
	if (!sp || (size_t)(sp - value) > 30)
		return -1;
	(void)snprintf(buf, sizeof(buf), "%.*s 0.00 0.00 0.00", (int)(sp - value), value);
	if (alloc_parse(&a, buf) != 0 || int_parse(&r->step, sp + 1, cobra_step_range.min, cobra_step_range.max) != 0)
		return -1;
	memcpy(r->debt, a.debt, sizeof(r->debt));
	r->n = a.n;
	return 0;
}

static void ritem_format(struct cobra_buf *out, const void *item)
{
	const struct cobra_ritem *r = item;
	cobra_buf_printf(out, "%s/%d %d", r->debt, (int)r->n, (int)r->step);
}

const struct cobra_list_type cobra_ritem_list = {sizeof(struct cobra_ritem), ritem_parse, ritem_format};

/* "OFFSET CHANNEL[,CHANNEL...] TEMPLATE" */
static int step_parse(void *item, const char *value)
{
	struct cobra_step *st = item;
	char buf[COBRA_LINE_MAX + 1], *save = NULL;
	if (strlen(value) > COBRA_LINE_MAX)
		return -1;
	memcpy(buf, value, strlen(value) + 1);
	const char *off = strtok_r(buf, " ", &save);
	char *chans = strtok_r(NULL, " ", &save);
	const char *tmpl = strtok_r(NULL, " ", &save);
	const char *extra = strtok_r(NULL, " ", &save);
	if (!off || !chans || !tmpl || extra)
		return -1;
	if (int_parse(&st->offset, off, cobra_step_range.min, cobra_step_range.max) != 0)
		return -1;
	st->nchannels = 0;
	for (char *c = strtok_r(chans, ",", &save); c; c = strtok_r(NULL, ",", &save)) {
		if (st->nchannels == COBRA_STEP_CHANNELS || strlen(c) >= sizeof(st->channels[0]))
			return -1;
		cobra_error_clear();
		if (cobra_enum_check(COBRA_CHANNELS, "channel", c) != 0) {
			cobra_error_clear();
			return -1;
		}
		for (int i = 0; i < st->nchannels; i++)
			if (strcmp(st->channels[i], c) == 0)
				return -1;
		memcpy(st->channels[st->nchannels++], c, strlen(c) + 1);
	}
	if (st->nchannels == 0 || strlen(tmpl) >= sizeof(st->tmpl))
		return -1;
	cobra_error_clear();
	if (cobra_handle_validate("template", tmpl) != 0) {
		cobra_error_clear();
		return -1;
	}
	memcpy(st->tmpl, tmpl, strlen(tmpl) + 1);
	return 0;
}

static void step_format(struct cobra_buf *out, const void *item)
{
	const struct cobra_step *st = item;
	cobra_buf_printf(out, "%d ", (int)st->offset);
	for (int i = 0; i < st->nchannels; i++)
		cobra_buf_printf(out, "%s%s", i ? "," : "", st->channels[i]);
	cobra_buf_printf(out, " %s", st->tmpl);
}

const struct cobra_list_type cobra_step_list = {sizeof(struct cobra_step), step_parse, step_format};

static int tier_parse(void *item, const char *value)
{
	cobra_error_clear();
	if (cobra_tier_parse(item, "tier", value) != 0) {
		cobra_error_clear();
		return -1;
	}
	return 0;
}

static void tier_format(struct cobra_buf *out, const void *item)
{
	cobra_tier_format(out, item);
}

const struct cobra_list_type cobra_tier_list = {sizeof(struct cobra_tier), tier_parse, tier_format};

#define F_CUSTOMER(k, n, s, r, e) COBRA_FIELD(struct cobra_customer, k, n, s, r, e)
#define F_SALE(k, n, s, r, e) COBRA_FIELD(struct cobra_sale, k, n, s, r, e)
#define F_PAYMENT(k, n, s, r, e) COBRA_FIELD(struct cobra_payment, k, n, s, r, e)
#define F_BUSINESS(k, n, s, r, e) COBRA_FIELD(struct cobra_business, k, n, s, r, e)
#define F_CHARGES(k, n, s, r, e) COBRA_FIELD(struct cobra_charges, k, n, s, r, e)
#define F_REMINDER(k, n, s, r, e) COBRA_FIELD(struct cobra_reminder, k, n, s, r, e)
#define F_HOLD(k, n, s, r, e) COBRA_FIELD(struct cobra_hold, k, n, s, r, e)
#define F_RELEASE(k, n, s, r, e) COBRA_FIELD(struct cobra_release, k, n, s, r, e)
#define F_AGREEMENT(k, n, s, r, e) COBRA_FIELD(struct cobra_agreement, k, n, s, r, e)
#define F_BREAK(k, n, s, r, e) COBRA_FIELD(struct cobra_break, k, n, s, r, e)
#define F_SCHEDULE(k, n, s, r, e) COBRA_FIELD(struct cobra_schedule, k, n, s, r, e)
#define F_OFFERS(k, n, s, r, e) COBRA_FIELD(struct cobra_offers, k, n, s, r, e)
#define F_CREDIT(k, n, s, r, e) COBRA_FIELD(struct cobra_credit, k, n, s, r, e)

static const struct cobra_field customer_fields[] = {COBRA_CUSTOMER_FIELDS(F_CUSTOMER)};
static const struct cobra_field sale_fields[] = {COBRA_SALE_FIELDS(F_SALE)};
static const struct cobra_field payment_fields[] = {COBRA_PAYMENT_FIELDS(F_PAYMENT)};
static const struct cobra_field business_fields[] = {COBRA_BUSINESS_FIELDS(F_BUSINESS)};
static const struct cobra_field charges_fields[] = {COBRA_CHARGES_FIELDS(F_CHARGES)};
static const struct cobra_field reminder_fields[] = {COBRA_REMINDER_FIELDS(F_REMINDER)};
static const struct cobra_field hold_fields[] = {COBRA_HOLD_FIELDS(F_HOLD)};
static const struct cobra_field release_fields[] = {COBRA_RELEASE_FIELDS(F_RELEASE)};
static const struct cobra_field agreement_fields[] = {COBRA_AGREEMENT_FIELDS(F_AGREEMENT)};
static const struct cobra_field break_fields[] = {COBRA_BREAK_FIELDS(F_BREAK)};
static const struct cobra_field schedule_fields[] = {COBRA_SCHEDULE_FIELDS(F_SCHEDULE)};
static const struct cobra_field offers_fields[] = {COBRA_OFFERS_FIELDS(F_OFFERS)};
static const struct cobra_field credit_fields[] = {COBRA_CREDIT_FIELDS(F_CREDIT)};

#define N(a) (sizeof(a) / sizeof((a)[0]))
const struct cobra_schema cobra_customer_schema = {"customer", customer_fields, N(customer_fields)};
const struct cobra_schema cobra_sale_schema = {"sale", sale_fields, N(sale_fields)};
const struct cobra_schema cobra_payment_schema = {"payment", payment_fields, N(payment_fields)};
const struct cobra_schema cobra_business_schema = {"business", business_fields, N(business_fields)};
const struct cobra_schema cobra_charges_schema = {"charges", charges_fields, N(charges_fields)};
const struct cobra_schema cobra_reminder_schema = {"reminder", reminder_fields, N(reminder_fields)};
const struct cobra_schema cobra_hold_schema = {"hold", hold_fields, N(hold_fields)};
const struct cobra_schema cobra_release_schema = {"release", release_fields, N(release_fields)};
const struct cobra_schema cobra_agreement_schema = {"agreement", agreement_fields, N(agreement_fields)};
const struct cobra_schema cobra_break_schema = {"break", break_fields, N(break_fields)};
const struct cobra_schema cobra_schedule_schema = {"schedule", schedule_fields, N(schedule_fields)};
const struct cobra_schema cobra_offers_schema = {"offers", offers_fields, N(offers_fields)};
const struct cobra_schema cobra_credit_schema = {"credit", credit_fields, N(credit_fields)};

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

/* The section types of a customer file after [customer], and where each
 * goes in struct cobra_account. */
struct event_kind {
	const char *type;
	const struct cobra_schema *schema;
	size_t size, seq, array, count;
	void (*init)(void *rec);
};

static void sale_init(void *rec)
{
	cobra_sale_init(rec);
}

#define EVENT_KIND(type, T, member, init) \
	{type, &cobra_##T##_schema, sizeof(struct cobra_##T), offsetof(struct cobra_##T, seq), \
	 offsetof(struct cobra_account, member), \
	 offsetof(struct cobra_account, n##member), init}
static const struct event_kind event_kinds[] = {
	EVENT_KIND("sale", sale, sales, sale_init),
	EVENT_KIND("payment", payment, payments, NULL),
	EVENT_KIND("reminder", reminder, reminders, NULL),
	EVENT_KIND("hold", hold, holds, NULL),
	EVENT_KIND("release", release, releases, NULL),
	EVENT_KIND("agreement", agreement, agreements, NULL),
	EVENT_KIND("break", break, breaks, NULL),
};

static const struct event_kind *event_kind(const char *type)
{
	for (size_t i = 0; i < N(event_kinds); i++)
		if (strcmp(event_kinds[i].type, type) == 0)
			return &event_kinds[i];
	return NULL;
}

/* A sale's installments add up to what was financed: total - down +
 * financing. Every reader holds to it, so no command computes on a sale that
 * cobra check would refuse. */
static int sale_check(const struct cobra_sale *s, const char *path, int line)
{
	cobra_money sum = 0, want = s->total - s->down + s->financing;
	for (size_t i = 0; i < s->due_count; i++)
		if (!cobra_money_add(&sum, sum, s->due[i].amount))
			return cobra_error(COBRA_DATA, "%s:%d: [sale %s]: the installments overflow", path, line, s->id);
	if (s->down < 0 || s->down >= s->total || sum != want) {
		char m1[COBRA_MONEY_BUFSZ], m2[COBRA_MONEY_BUFSZ];
		return cobra_error(COBRA_DATA, "%s:%d: [sale %s]: installments add up to %s, not total - down + financing = %s",
			path, line, s->id, cobra_money_format(m1, sum), cobra_money_format(m2, want));
	}
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
		const struct event_kind *k = event_kind(sec->type);
		if (!k) {
			char q[64];
			rc = cobra_error(COBRA_DATA, "%s:%d: unknown section [%s]", path, sec->line,
				cobra_quote(q, sizeof(q), sec->type));
			goto out;
		}
		void **arr = (void **)((char *)a + k->array);
		size_t *count = (size_t *)((char *)a + k->count);
		if ((rc = check_event_id(&ini, sec, customer_id)) < 0 || (rc = grow(arr, *count, k->size)) < 0)
			goto out;
		char *rec = (char *)*arr + *count * k->size;
		memset(rec, 0, k->size);
		if (k->init)
			k->init(rec);
		(*count)++;
		memcpy(rec, sec->id, COBRA_EVENT_ID_LEN + 1); /* every record type starts with char id[21] */
		int32_t seq = (int32_t)i;
		memcpy(rec + k->seq, &seq, sizeof(seq));
		if ((rc = cobra_schema_read(k->schema, &ini, sec, rec)) < 0 ||
		    (k->schema == &cobra_sale_schema && (rc = sale_check((const struct cobra_sale *)(void *)rec, path,
								      sec->line)) < 0))
			goto out;
	}
out:
	cobra_ini_free(&ini);
	if (rc < 0)
		cobra_account_free(a);
	return rc;
}

void cobra_account_free(struct cobra_account *a)
{
	for (size_t k = 0; k < N(event_kinds); k++) {
		const struct event_kind *ek = &event_kinds[k];
		void **arr = (void **)((char *)a + ek->array);
		size_t *count = (size_t *)((char *)a + ek->count);
		for (size_t i = 0; i < *count; i++)
			cobra_schema_free_lists(ek->schema, (char *)*arr + i * ek->size);
		free(*arr);
		*arr = NULL;
		*count = 0;
	}
}

const struct cobra_hold *cobra_account_hold(const struct cobra_account *a)
{
	/* Sections are appended as things happen: a release ends the holds
	 * written before it. */
	if (a->nholds == 0)
		return NULL;
	const struct cobra_hold *h = &a->holds[a->nholds - 1];
	if (a->nreleases && a->releases[a->nreleases - 1].seq > h->seq)
		return NULL;
	return h;
}

struct cobra_agreement *cobra_account_agreement(const struct cobra_account *a, const char *id)
{
	for (size_t i = 0; i < a->nagreements; i++)
		if (strcmp(a->agreements[i].id, id) == 0)
			return &a->agreements[i];
	return NULL;
}

const struct cobra_break *cobra_account_break_of(const struct cobra_account *a, const char *agreement_id)
{
	for (size_t i = 0; i < a->nbreaks; i++)
		if (strcmp(a->breaks[i].agreement, agreement_id) == 0)
			return &a->breaks[i];
	return NULL;
}

bool cobra_account_has_id(const struct cobra_account *a, const char *id)
{
	for (size_t k = 0; k < N(event_kinds); k++) {
		const struct event_kind *ek = &event_kinds[k];
		char *const *arr = (char *const *)((const char *)a + ek->array);
		const size_t *count = (const size_t *)((const char *)a + ek->count);
		for (size_t i = 0; i < *count; i++)
			if (strcmp(*arr + i * ek->size, id) == 0)
				return true;
	}
	return false;
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

/* An event section: a blank line, then [TYPE ID] and its keys. */
#define EVENT_WRITE(T)                                                          \
	void cobra_##T##_write(struct cobra_buf *out, const struct cobra_##T *rec) \
	{                                                                       \
		cobra_buf_puts(out, "\n");                                      \
		cobra_schema_write(&cobra_##T##_schema, out, rec->id, rec);      \
	}
EVENT_WRITE(sale)
EVENT_WRITE(payment)
EVENT_WRITE(reminder)
EVENT_WRITE(hold)
EVENT_WRITE(release)
EVENT_WRITE(agreement)
EVENT_WRITE(break)

/* The default collection schedule (DESIGN section 5): the first channel is
 * the step's own, the others are used when the customer prefers one of them
 * or lacks the contact data for the first. */
static const char *const default_steps[] = {
	"-3 sms,whatsapp,email friendly",
	"0 whatsapp,sms,email due-today",
	"3 email,whatsapp,sms overdue",
	"10 whatsapp,email,sms offer",
	"30 letter,email notice",
};

static void *list_copy(const void *src, size_t n, size_t size)
{
	void *p = malloc(n * size);
	if (p)
		memcpy(p, src, n * size);
	return p;
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
	p->schedule.min_interval = 3;
	struct cobra_step steps[sizeof(default_steps) / sizeof(default_steps[0])];
	for (size_t i = 0; i < N(default_steps); i++)
		(void)step_parse(&steps[i], default_steps[i]);
	p->schedule.step = list_copy(steps, N(steps), sizeof(steps[0]));
	p->schedule.step_count = p->schedule.step ? N(steps) : 0;
	p->offers.break_days = 30;
	p->offers.tier = list_copy(cobra_book_defaults, N(cobra_book_defaults), sizeof(cobra_book_defaults[0]));
	p->offers.tier_count = p->offers.tier ? N(cobra_book_defaults) : 0;
	memcpy(p->credit.block_broken, "yes", 4);
}

void cobra_policy_free(struct cobra_policy *p)
{
	cobra_schema_free_lists(&cobra_schedule_schema, &p->schedule);
	cobra_schema_free_lists(&cobra_offers_schema, &p->offers);
}

/* Rules across keys of a section, checked after it is read. */
static int schedule_check(const struct cobra_schedule *sc, const char *path, int line)
{
	for (size_t i = 1; i < sc->step_count; i++)
		if (sc->step[i].offset <= sc->step[i - 1].offset)
			return cobra_error(COBRA_DATA, "%s:%d: [schedule] step.%zu: offset %d must be after step.%zu's %d",
				path, line, i + 1, (int)sc->step[i].offset, i, (int)sc->step[i - 1].offset);
	return 0;
}

static int offers_check(const struct cobra_offers *o, const char *path, int line)
{
	if (cobra_book_check(o->tier, o->tier_count, "offers") < 0) {
		char msg[512];
		(void)snprintf(msg, sizeof(msg), "%s", cobra_error_message());
		cobra_error_clear();
		return cobra_error(COBRA_DATA, "%s:%d: %s", path, line, msg);
	}
	return 0;
}

static int business_check_v(const void *obj, const char *path, int line)
{
	const struct cobra_business *b = obj;
	if (b->pix_key[0] && cobra_pix_key_validate("pix_key", b->pix_key) < 0) {
		char msg[512];
		(void)snprintf(msg, sizeof(msg), "%s", cobra_error_message());
		cobra_error_clear();
		return cobra_error(COBRA_DATA, "%s:%d: [business] %s", path, line, msg);
	}
	return 0;
}

struct policy_section {
	const char *name;
	const struct cobra_schema *schema;
	size_t offset;
	int (*check)(const void *obj, const char *path, int line);
	bool required;
};

static int schedule_check_v(const void *obj, const char *path, int line)
{
	return schedule_check(obj, path, line);
}

static int offers_check_v(const void *obj, const char *path, int line)
{
	return offers_check(obj, path, line);
}

static const struct policy_section policy_sections[] = {
	{"business", &cobra_business_schema, offsetof(struct cobra_policy, business), business_check_v, true},
	{"charges", &cobra_charges_schema, offsetof(struct cobra_policy, charges), NULL, true},
	{"schedule", &cobra_schedule_schema, offsetof(struct cobra_policy, schedule), schedule_check_v, false},
	{"offers", &cobra_offers_schema, offsetof(struct cobra_policy, offers), offers_check_v, false},
	{"credit", &cobra_credit_schema, offsetof(struct cobra_policy, credit), NULL, false},
};

int cobra_policy_parse(struct cobra_policy *p, const char *path, const char *data, size_t len)
{
	struct cobra_ini ini;
	int rc;
	bool seen[N(policy_sections)] = {false};
	cobra_policy_defaults(p);
	if ((rc = cobra_ini_parse(&ini, path, data, len)) < 0) {
		cobra_policy_free(p); /* the defaults' lists, as on every other failure */
		return rc;
	}
	for (size_t i = 0; i < ini.nsections && rc == 0; i++) {
		const struct cobra_section *sec = &ini.sections[i];
		const struct policy_section *ps = NULL;
		for (size_t k = 0; k < N(policy_sections) && !sec->id[0]; k++)
			if (strcmp(sec->type, policy_sections[k].name) == 0)
				ps = &policy_sections[k];
		if (!ps) {
			char q[64];
			rc = cobra_error(COBRA_DATA, "%s:%d: unknown section [%s%s%s]", path, sec->line, sec->type,
				sec->id[0] ? " " : "", cobra_quote(q, sizeof(q), sec->id));
			break;
		}
		void *obj = (char *)p + ps->offset;
		seen[ps - policy_sections] = true;
		cobra_schema_free_lists(ps->schema, obj); /* the file's lists replace the defaults */
		if ((rc = cobra_schema_read(ps->schema, &ini, sec, obj)) == 0 && ps->check)
			rc = ps->check(obj, path, sec->line);
	}
	for (size_t k = 0; k < N(policy_sections) && rc == 0; k++)
		if (policy_sections[k].required && !seen[k])
			rc = cobra_error(COBRA_DATA, "%s:1: missing section [%s]", path, policy_sections[k].name);
	cobra_ini_free(&ini);
	if (rc < 0)
		cobra_policy_free(p);
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
		"; Address, e-mail (the From of e-mail reminders) and how to pay, shown in every\n"
		"; collection message ({{business_address}}, {{pay_how}}).\n"
		";address = Rua das Flores, 100, Centro, Campinas/SP\n"
		";email = cobranca@example.com\n"
		";pay_how = PIX, dinheiro ou cartao na loja\n"
		"; PIX key (CPF, CNPJ, e-mail, +55 phone or random key) and city for {{pix}} and cobra pix.\n"
		";pix_key = 12345678000195\n"
		";city = Campinas\n");
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
	cobra_buf_puts(out,
		"; Early payment discount: percent of an installment's principal, when it is paid at\n"
		"; least early_days days before its due date (0 = none).\n"
		";early_discount = 2.00\n"
		";early_days = 5\n");
	cobra_buf_puts(out,
		"\n[schedule]\n"
		"; The collection schedule (regua de cobranca): step.N = DAYS CHANNELS TEMPLATE.\n"
		"; DAYS from the due date (negative: before it); CHANNELS in order of preference\n"
		"; (email, sms, whatsapp, letter, call), the customer's own preference first when\n"
		"; listed; TEMPLATE is templates/TEMPLATE.txt. See cobra-remind(1).\n"
		"; At most one message per customer every min_interval days.\n");
	cobra_buf_printf(out, "min_interval = %d\n", (int)p->schedule.min_interval);
	for (size_t i = 0; i < p->schedule.step_count; i++) {
		cobra_buf_printf(out, "step.%zu = ", i + 1);
		step_format(out, &p->schedule.step[i]);
		cobra_buf_puts(out, "\n");
	}
	cobra_buf_puts(out,
		"\n[offers]\n"
		"; The offer book (book de ofertas), by days overdue: the most interest and late fee\n"
		"; that may be waived, the most principal discount, the most installments and the\n"
		"; least down payment. See cobra-negotiate(1).\n"
		"; An agreement may be broken once one of its installments is break_days late.\n");
	cobra_buf_printf(out, "break_days = %d\n", (int)p->offers.break_days);
	for (size_t i = 0; i < p->offers.tier_count; i++) {
		cobra_buf_printf(out, "tier.%zu = ", i + 1);
		cobra_tier_format(out, &p->offers.tier[i]);
		cobra_buf_puts(out, "\n");
	}
	cobra_buf_puts(out,
		"\n[credit]\n"
		"; The credit policy that sell enforces (sell --override REASON bypasses it, recorded).\n"
		"; limit: default credit limit of a customer without its own (0 = none);\n"
		"; min_score: least internal score (0-1000) to buy on credit (0 = any);\n"
		"; block_overdue_days: refuse while a debt is overdue more than this (0 = never);\n"
		"; block_broken: refuse while on hold for a broken agreement.\n"
		"limit = 0.00\n"
		"min_score = 0\n"
		"block_overdue_days = 0\n");
	cobra_buf_printf(out, "block_broken = %s\n", p->credit.block_broken);
}
