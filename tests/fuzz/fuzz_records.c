/*
 * fuzz_records.c - the record loader over arbitrary bytes.
 *
 * The input is read both as a customer file (cobra_account_parse, then
 * cobra_ledger_build and what pay and due compute from it) and as cobra.ini
 * (cobra_policy_parse). Properties:
 *  - no crash, leak or undefined behaviour (the sanitizers), whatever the bytes;
 *  - a refusal is -COBRA_DATA with a message "PATH:..." naming the file;
 *  - whatever the loader accepts, the canonical writer writes back as text
 *    the loader accepts again, and writing that gives the same bytes (one
 *    canonical form, DESIGN §3);
 *  - the ledger of an accepted file never allocates more than was paid.
 */
#include "fuzz.h"

#include "../../src/buf.h"
#include "../../src/date.h"
#include "../../src/error.h"
#include "../../src/ledger.h"
#include "../../src/records.h"
#include "../../src/schema.h"

#define PATH "customers/01/0123456789abcdef-ana.ini"
#define CID "0123456789abcdef"
#define POLICY "cobra.ini"

static void assert_refusal(int rc, const char *path)
{
	const char *msg = cobra_error_message();
	FUZZ_ASSERT(rc == -COBRA_DATA, "rc %d for a refused %s", rc, path);
	FUZZ_ASSERT(msg && strncmp(msg, path, strlen(path)) == 0 && msg[strlen(path)] == ':',
		    "message does not name %s: \"%s\"", path, msg ? msg : "(null)");
}

/* Every section of A in file order, written canonically. */
static void write_account(struct cobra_buf *out, const struct cobra_account *a)
{
	size_t total = a->nsales + a->npayments + a->nreminders + a->nholds + a->nreleases + a->nagreements +
		       a->nbreaks;
	cobra_customer_write(out, &a->customer);
	for (int32_t seq = 1; seq <= (int32_t)total; seq++) {
		for (size_t i = 0; i < a->nsales; i++)
			if (a->sales[i].seq == seq)
				cobra_sale_write(out, &a->sales[i]);
		for (size_t i = 0; i < a->npayments; i++)
			if (a->payments[i].seq == seq)
				cobra_payment_write(out, &a->payments[i]);
		for (size_t i = 0; i < a->nreminders; i++)
			if (a->reminders[i].seq == seq)
				cobra_reminder_write(out, &a->reminders[i]);
		for (size_t i = 0; i < a->nholds; i++)
			if (a->holds[i].seq == seq)
				cobra_hold_write(out, &a->holds[i]);
		for (size_t i = 0; i < a->nreleases; i++)
			if (a->releases[i].seq == seq)
				cobra_release_write(out, &a->releases[i]);
		for (size_t i = 0; i < a->nagreements; i++)
			if (a->agreements[i].seq == seq)
				cobra_agreement_write(out, &a->agreements[i]);
		for (size_t i = 0; i < a->nbreaks; i++)
			if (a->breaks[i].seq == seq)
				cobra_break_write(out, &a->breaks[i]);
	}
}

/* The charges and allocation code over an accepted account. */
static void exercise_ledger(const struct cobra_account *a)
{
	struct cobra_ledger l;
	struct cobra_policy pol;
	struct cobra_charges ch;
	cobra_money owed = 0, rest = 0, allocated = 0;
	struct cobra_alloc *al = NULL;
	size_t nal = 0;
	cobra_date asof = cobra_date_from_ymd(2026, 11, 22);
	cobra_error_clear();
	int rc = cobra_ledger_build(&l, a, PATH);
	if (rc < 0) {
		assert_refusal(rc, PATH);
		return;
	}
	cobra_policy_defaults(&pol);
	cobra_charges_for(&ch, &pol.charges, a->customer.doc);
	cobra_error_clear();
	if (cobra_ledger_owed(&owed, &l, &ch, NULL, asof) == 0 && owed > 0) {
		cobra_money pay = owed / 2 + 1;
		cobra_error_clear();
		if (cobra_allocate(&al, &nal, &rest, &l, &ch, NULL, asof, pay) == 0) {
			for (size_t i = 0; i < nal; i++)
				allocated += al[i].interest + al[i].fee + al[i].principal;
			FUZZ_ASSERT(allocated + rest == pay && rest >= 0,
				    "paid %lld, allocated %lld, rest %lld", (long long)pay, (long long)allocated,
				    (long long)rest);
		}
	}
	free(al);
	cobra_policy_free(&pol);
	cobra_ledger_free(&l);
}

static void fuzz_account(const char *data, size_t size)
{
	struct cobra_account a, b;
	struct cobra_buf w1 = {0}, w2 = {0};
	cobra_error_clear();
	int rc = cobra_account_parse(&a, PATH, CID, data, size);
	if (rc < 0) {
		assert_refusal(rc, PATH);
		return;
	}
	write_account(&w1, &a);
	FUZZ_ASSERT(!w1.oom, "out of memory");
	cobra_error_clear();
	rc = cobra_account_parse(&b, PATH, CID, w1.data, w1.len);
	FUZZ_ASSERT(rc == 0, "canonical text refused: %s\n--- text\n%s", cobra_error_message(), w1.data);
	write_account(&w2, &b);
	FUZZ_ASSERT(w1.len == w2.len && memcmp(w1.data, w2.data, w1.len) == 0,
		    "not one canonical form\n--- first\n%s--- second\n%s", w1.data, w2.data);
	exercise_ledger(&a);
	cobra_account_free(&b);
	cobra_account_free(&a);
	cobra_buf_free(&w1);
	cobra_buf_free(&w2);
}

static void write_policy(struct cobra_buf *out, const struct cobra_policy *p)
{
	cobra_schema_write(&cobra_business_schema, out, NULL, &p->business);
	cobra_schema_write(&cobra_charges_schema, out, NULL, &p->charges);
	cobra_schema_write(&cobra_schedule_schema, out, NULL, &p->schedule);
	cobra_schema_write(&cobra_offers_schema, out, NULL, &p->offers);
	cobra_schema_write(&cobra_credit_schema, out, NULL, &p->credit);
}

static void fuzz_policy(const char *data, size_t size)
{
	struct cobra_policy p, q;
	struct cobra_buf w1 = {0}, w2 = {0};
	cobra_error_clear();
	int rc = cobra_policy_parse(&p, POLICY, data, size);
	if (rc < 0) {
		assert_refusal(rc, POLICY);
		return;
	}
	write_policy(&w1, &p);
	cobra_error_clear();
	rc = cobra_policy_parse(&q, POLICY, w1.data, w1.len);
	FUZZ_ASSERT(rc == 0, "canonical cobra.ini refused: %s\n--- text\n%s", cobra_error_message(), w1.data);
	write_policy(&w2, &q);
	FUZZ_ASSERT(w1.len == w2.len && memcmp(w1.data, w2.data, w1.len) == 0,
		    "not one canonical form\n--- first\n%s--- second\n%s", w1.data, w2.data);
	cobra_policy_free(&q);
	cobra_policy_free(&p);
	cobra_buf_free(&w1);
	cobra_buf_free(&w2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_account((const char *)data, size);
	fuzz_policy((const char *)data, size);
	return 0;
}
