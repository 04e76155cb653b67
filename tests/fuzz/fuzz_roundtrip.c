/*
 * fuzz_roundtrip.c - the canonical writer's round trip (DESIGN §3, §9).
 *
 * Input: one byte choosing the record type (customer, sale, payment,
 * reminder, hold, release, agreement, break), then values separated by NUL
 * bytes. The values go, in schema order, to the record's fields through the
 * command line's validator, cobra_field_from_input() (a value "\x01" keeps the
 * field as it is); the values left over are items of the record's list
 * (due.N, paid.N, item.N, replaced.N), each through the list type's parser.
 * The record starts from a valid one read from BASE. Properties:
 *  - a refused value is -COBRA_INVALID with a message naming the field;
 *  - whatever was accepted is written by cobra_<type>_write(), and
 *    cobra_account_parse() reads back exactly the same values;
 *  - the written text has no extra section, no extra key and no line over
 *    COBRA_LINE_MAX bytes: a value can never forge a key, a section or a
 *    comment;
 *  - writing what was read back gives the same bytes.
 */
#include "fuzz.h"

#include "../../src/buf.h"
#include "../../src/error.h"
#include "../../src/ini.h"
#include "../../src/records.h"
#include "../../src/schema.h"

#define PATH "customers/01/0123456789abcdef-ana.ini"
#define CID "0123456789abcdef"
#define KEEP "\x01"
#define MAX_ITEMS 64

static const char BASE[] =
	"[customer]\nhandle = ana\nname = Ana\nsince = 2026-01-01\n"
	"\n[sale 0123aaaaaaaaaaaaaaaa]\ndate = 2026-01-01\ntotal = 100.00\nevery = 1m\n"
	"due.1 = 2026-02-01 100.00\n"
	"\n[payment 0123bbbbbbbbbbbbbbbb]\ndate = 2026-02-01\namount = 10.00\nmethod = pix\n"
	"paid.1 = 0123aaaaaaaaaaaaaaaa/1 0.00 0.00 10.00\n"
	"\n[reminder 0123cccccccccccccccc]\ndate = 2026-02-05\nstep = 3\nchannel = email\nstatus = sent\n"
	"item.1 = 0123aaaaaaaaaaaaaaaa/1 3\n"
	"\n[hold 0123dddddddddddddddd]\ndate = 2026-02-06\nkind = dispute\nreason = x\n"
	"\n[release 0123eeeeeeeeeeeeeeee]\ndate = 2026-02-07\n"
	"\n[agreement 0123ffffffffffffffff]\ndate = 2026-02-08\ndebt = 0123aaaaaaaaaaaaaaab\ntier = 1\n"
	"total = 90.00\nreplaced.1 = 0123aaaaaaaaaaaaaaaa/1 0.00 0.00 90.00\n"
	"\n[break 0123999999999999999f]\ndate = 2026-02-09\nagreement = 0123ffffffffffffffff\n";

enum { K_CUSTOMER, K_SALE, K_PAYMENT, K_REMINDER, K_HOLD, K_RELEASE, K_AGREEMENT, K_BREAK, K_COUNT };

static const struct cobra_schema *const schemas[K_COUNT] = {
	&cobra_customer_schema, &cobra_sale_schema, &cobra_payment_schema, &cobra_reminder_schema,
	&cobra_hold_schema, &cobra_release_schema, &cobra_agreement_schema, &cobra_break_schema,
};

/* The record of kind K in A (the first of its type). */
static void *record_of(struct cobra_account *a, int k)
{
	switch (k) {
	case K_CUSTOMER: return &a->customer;
	case K_SALE: return a->nsales == 1 ? &a->sales[0] : NULL;
	case K_PAYMENT: return a->npayments == 1 ? &a->payments[0] : NULL;
	case K_REMINDER: return a->nreminders == 1 ? &a->reminders[0] : NULL;
	case K_HOLD: return a->nholds == 1 ? &a->holds[0] : NULL;
	case K_RELEASE: return a->nreleases == 1 ? &a->releases[0] : NULL;
	case K_AGREEMENT: return a->nagreements == 1 ? &a->agreements[0] : NULL;
	default: return a->nbreaks == 1 ? &a->breaks[0] : NULL;
	}
}

/* The customer, then the record of kind K, as the commands write them. */
static void write_file(struct cobra_buf *out, const struct cobra_customer *c, int k, const void *rec)
{
	cobra_customer_write(out, c);
	switch (k) {
	case K_CUSTOMER: break;
	case K_SALE: cobra_sale_write(out, rec); break;
	case K_PAYMENT: cobra_payment_write(out, rec); break;
	case K_REMINDER: cobra_reminder_write(out, rec); break;
	case K_HOLD: cobra_hold_write(out, rec); break;
	case K_RELEASE: cobra_release_write(out, rec); break;
	case K_AGREEMENT: cobra_agreement_write(out, rec); break;
	default: cobra_break_write(out, rec); break;
	}
}

#define AT(obj, f) ((const char *)(obj) + (f)->offset)

static void set_fields(const struct cobra_schema *sc, void *rec, struct fuzz_split *in)
{
	for (size_t i = 0; i < sc->nfields; i++) {
		const struct cobra_field *f = &sc->fields[i];
		const char *v;
		if (f->kind == COBRA_K_LIST)
			continue;
		if (!(v = fuzz_next(in)))
			return;
		if (strcmp(v, KEEP) == 0)
			continue;
		cobra_error_clear();
		int rc = cobra_field_from_input(f, rec, f->name, v);
		if (rc < 0) {
			const char *msg = cobra_error_message();
			FUZZ_ASSERT(rc == -COBRA_INVALID, "%s: rc %d", f->name, rc);
			FUZZ_ASSERT(strncmp(msg, f->name, strlen(f->name)) == 0 && msg[strlen(f->name)] == ':',
				    "%s: message does not name the field: \"%s\"", f->name, msg);
		}
	}
}

/* Appends the leftover values that the list type accepts to REC's list. */
static void add_items(const struct cobra_schema *sc, void *rec, struct fuzz_split *in)
{
	const struct cobra_field *f = NULL;
	for (size_t i = 0; i < sc->nfields; i++)
		if (sc->fields[i].kind == COBRA_K_LIST)
			f = &sc->fields[i];
	if (!f)
		return;
	const struct cobra_list_type *lt = f->extra;
	void **items = (void **)((char *)rec + f->offset);
	size_t *count = (size_t *)((char *)rec + f->count_offset);
	const char *v;
	for (int n = 0; n < MAX_ITEMS && (v = fuzz_next(in)); n++) {
		void *item = calloc(1, lt->item_size);
		if (!item)
			abort();
		if (lt->parse(item, v) == 0) {
			void *p = realloc(*items, (*count + 1) * lt->item_size);
			if (!p)
				abort();
			*items = p;
			memcpy((char *)p + *count * lt->item_size, item, lt->item_size);
			(*count)++;
		}
		free(item);
	}
}

static void assert_same(const struct cobra_schema *sc, const void *a, const void *b)
{
	for (size_t i = 0; i < sc->nfields; i++) {
		const struct cobra_field *f = &sc->fields[i];
		switch (f->kind) {
		case COBRA_K_MONEY:
		case COBRA_K_MONEY_OPT:
			FUZZ_ASSERT(memcmp(AT(a, f), AT(b, f), sizeof(cobra_money)) == 0, "%s differs", f->name);
			break;
		case COBRA_K_DATE:
		case COBRA_K_RATE:
		case COBRA_K_INT:
			FUZZ_ASSERT(memcmp(AT(a, f), AT(b, f), sizeof(int32_t)) == 0, "%s differs", f->name);
			break;
		case COBRA_K_LIST: {
			const struct cobra_list_type *lt = f->extra;
			size_t na, nb;
			const char *ia, *ib;
			memcpy(&na, (const char *)a + f->count_offset, sizeof(na));
			memcpy(&nb, (const char *)b + f->count_offset, sizeof(nb));
			memcpy(&ia, AT(a, f), sizeof(ia));
			memcpy(&ib, AT(b, f), sizeof(ib));
			FUZZ_ASSERT(na == nb, "%s: %zu items written, %zu read", f->name, na, nb);
			for (size_t k = 0; k < na; k++)
				FUZZ_ASSERT(memcmp(ia + k * lt->item_size, ib + k * lt->item_size, lt->item_size) == 0,
					    "%s.%zu differs", f->name, k + 1);
			break;
		}
		default:
			FUZZ_ASSERT(strcmp(AT(a, f), AT(b, f)) == 0, "%s: wrote \"%s\", read \"%s\"", f->name,
				    AT(a, f), AT(b, f));
		}
	}
}

/* No line over the cap; every line but blanks and headers is one key. */
static void assert_shape(const struct cobra_buf *text, size_t want_sections)
{
	struct cobra_ini ini;
	size_t nheaders = 0, nkeys = 0;
	for (const char *p = text->data; *p;) {
		size_t n = strcspn(p, "\n");
		FUZZ_ASSERT(n <= COBRA_LINE_MAX, "a line of %zu bytes: %.*s", n, (int)n, p);
		if (n > 0 && p[0] == '[')
			nheaders++;
		else if (n > 0)
			nkeys++;
		p += n + (p[n] == '\n');
	}
	cobra_error_clear();
	FUZZ_ASSERT(cobra_ini_parse(&ini, PATH, text->data, text->len) == 0, "%s", cobra_error_message());
	FUZZ_ASSERT(ini.nsections == want_sections && nheaders == want_sections, "%zu sections, %zu headers",
		    ini.nsections, nheaders);
	FUZZ_ASSERT(ini.nkvs == nkeys, "%zu keys read from %zu key lines", ini.nkvs, nkeys);
	cobra_ini_free(&ini);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cobra_account a, b;
	struct cobra_buf w1 = {0}, w2 = {0};
	struct fuzz_split in;
	if (size < 1)
		return 0;
	int k = data[0] % K_COUNT;
	fuzz_pin_today();
	const struct cobra_schema *sc = schemas[k];
	cobra_error_clear();
	FUZZ_ASSERT(cobra_account_parse(&a, PATH, CID, BASE, sizeof(BASE) - 1) == 0, "BASE: %s",
		    cobra_error_message());
	void *rec = record_of(&a, k);
	fuzz_split_init(&in, data + 1, size - 1);
	set_fields(sc, rec, &in);
	add_items(sc, rec, &in);
	fuzz_split_free(&in);
	/* a rule across fields, not of one field: the installments of a sale add
	 * up to total - down + financing; a sale that breaks it is not one the
	 * validators make, so make it hold (the reader refuses it otherwise) */
	if (k == K_SALE) {
		struct cobra_sale *s = rec;
		cobra_money sum = 0;
		for (size_t i = 0; i < s->due_count; i++)
			sum += s->due[i].amount;
		if (s->due_count == 0 || sum - s->financing <= 0 || sum - s->financing > COBRA_MONEY_MAX) {
			cobra_account_free(&a);
			return 0;
		}
		s->down = 0;
		s->total = sum - s->financing;
	}

	write_file(&w1, &a.customer, k, rec);
	FUZZ_ASSERT(!w1.oom, "out of memory");
	if (getenv("FUZZ_SHOW")) /* to look at what a seed writes */
		fputs(w1.data, stderr);
	assert_shape(&w1, k == K_CUSTOMER ? 1 : 2);
	cobra_error_clear();
	int rc = cobra_account_parse(&b, PATH, CID, w1.data, w1.len);
	FUZZ_ASSERT(rc == 0, "written text refused: %s\n--- text\n%s", cobra_error_message(), w1.data);
	void *back = record_of(&b, k);
	FUZZ_ASSERT(back != NULL, "[%s] not read back", sc->section);
	assert_same(sc, rec, back);
	if (k != K_CUSTOMER)
		assert_same(&cobra_customer_schema, &a.customer, &b.customer);
	write_file(&w2, &b.customer, k, back);
	FUZZ_ASSERT(w1.len == w2.len && memcmp(w1.data, w2.data, w1.len) == 0,
		    "rewrite differs\n--- first\n%s--- second\n%s", w1.data, w2.data);
	cobra_account_free(&b);
	cobra_account_free(&a);
	cobra_buf_free(&w1);
	cobra_buf_free(&w2);
	return 0;
}
