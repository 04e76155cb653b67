/*
 * test_records.c - the strict INI reader (src/ini.h) and the record schema
 * reader/writer (src/schema.h, src/records.h).
 *
 * DESIGN §3 (one canonical form), §9 (inih r55 traps), reliability.md C3
 * rows 11-17 and 41-45, and the round-trip property C4.2: a value that
 * cobra_text_validate() accepts, written by the record writer and read back
 * by cobra_account_parse(), is exactly the same value, with no extra key or
 * section, and no written line is longer than 190 bytes.
 */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>

#include "../../src/buf.h"
#include "../../src/date.h"
#include "../../src/ini.h"
#include "../../src/money.h"
#include "../../src/records.h"
#include "../../src/schema.h"
#include "../../src/text.h"

#define PATH "customers/01/0123456789abcdef.ini"
#define CID "0123456789abcdef"
#define SALE_A "0123aaaaaaaaaaaaaaaa"
#define PAY_B "0123bbbbbbbbbbbbbbbb"


static cobra_date ymd(int y, int m, int d)
{
	return cobra_date_from_ymd(y, m, d);
}

/* Checks that MSG starts with "PATH:LINE: ". */
static bool has_prefix(const char *msg, const char *path, int line)
{
	char want[256];
	snprintf(want, sizeof(want), "%s:%d: ", path, line);
	return strncmp(msg, want, strlen(want)) == 0;
}

/* ---- pre-scan rejections ---- */

#define D(s) s, sizeof(s) - 1

struct bad_ini {
	const char *name;
	const char *data;
	size_t len;
	int line;
	const char *what; /* substring of the message, or NULL */
};

static const struct bad_ini bad_inis[] = {
	{"NUL byte", D("[customer]\nhan\0dle = ana\n"), 2, "NUL"},
	{"CRLF on line 1", D("[customer]\r\nhandle = ana\r\n"), 1, "CRLF"},
	{"CRLF on line 2 only", D("[customer]\nhandle = ana\r\nname = Ana\n"), 2, "CRLF"},
	{"lone CR inside a value", D("[customer]\nname = Ana\rBob\n"), 2, "carriage return"},
	{"CR at the very end", D("[customer]\nname = Ana\r"), 2, NULL},
	{"UTF-8 byte-order mark", D("\xef\xbb\xbf[customer]\nhandle = ana\n"), 1, "byte-order mark"},
	{"invalid UTF-8 byte", D("[customer]\nhandle = ana\nname = \xff\n"), 3, "UTF-8"},
	{"overlong UTF-8", D("[customer]\nname = a\xc0\x80\n"), 2, "UTF-8"},
	{"surrogate in UTF-8", D("[customer]\nname = a\xed\xa0\x80\n"), 2, "UTF-8"},
	{"indented key", D("[customer]\n name = Ana\n"), 2, "indented"},
	{"indented continuation", D("[customer]\nname = Ana\n  amount=99999\n"), 3, "indented"},
	{"line of spaces", D("[customer]\nname = Ana\n   \n"), 3, "indented"},
	{"key: value", D("[customer]\nname: Ana\n"), 2, "key = value"},
	{"amount : 7", D("[customer]\nhandle = a\namount : 7\n"), 3, "key = value"},
	{"inline ' ;' comment", D("[customer]\nhandle = ana\nname = Ana ;VIP\n"), 3, ";"},
	{"value starting with ';'", D("[customer]\nname = ;x\n"), 2, ";"},
	{"conflict <<<<<<<", D("[customer]\n<<<<<<< HEAD\nname = Ana\n=======\nname = Bia\n>>>>>>> b\n"), 2, "conflict"},
	{"conflict =======", D("[customer]\nname = Ana\n=======\n"), 3, "conflict"},
	{"conflict >>>>>>>", D("[customer]\nname = Ana\n>>>>>>> theirs\n"), 3, "conflict"},
	{"conflict |||||||", D("[customer]\n||||||| base\n"), 2, "conflict"},
	{"key before any section", D("name = Ana\n[customer]\n"), 1, "section"},
	{"key before section after comments", D("; hi\n\nname = Ana\n"), 3, "section"},
	{"duplicate key", D("[customer]\nname = A\nhandle = a\nname = B\n"), 4, "duplicate key"},
	{"duplicate key, same value", D("[customer]\nname = A\nname = A\n"), 3, "duplicate key"},
	{"duplicate section with id",
		D("[customer]\nname = A\n\n[sale " SALE_A "]\ndate = 2026-01-01\n\n[sale " SALE_A "]\ndate = 2026-01-02\n"),
		7, "duplicate section"},
	{"duplicate plain section", D("[customer]\nname = A\n[customer]\n"), 3, "duplicate section"},
	{"tab inside a value", D("[customer]\nname =\tAna\n"), 2, "tab"},
	{"tab at line start", D("[customer]\n\tname = Ana\n"), 2, "tab"},
	{"control byte", D("[customer]\nname = A\x01na\n"), 2, "control"},
	{"DEL byte", D("[customer]\nname = A\x7fna\n"), 2, "control"},
	{"escape sequence", D("[customer]\nname = \x1b[2J\n"), 2, "control"},
	{"vertical tab", D("[customer]\nname = a\vb\n"), 2, "control"},
	{"unclosed section header", D("[customer\nname = A\n"), 1, "section"},
	{"uppercase section", D("[Customer]\n"), 1, "section"},
	{"text after section header", D("[customer] x\n"), 1, "section"},
	{"uppercase key", D("[customer]\nAMOUNT = 7\n"), 2, "key = value"},
	{"empty key", D("[customer]\n= x\n"), 2, "key = value"},
	{"key without '='", D("[customer]\nname\n"), 2, "key = value"},
};

static void test_records_ini_prescan_rejects_with_file_and_line(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(bad_inis); i++) {
		struct cobra_ini ini;
		cobra_error_clear();
		int rc = cobra_ini_parse(&ini, PATH, bad_inis[i].data, bad_inis[i].len);
		const char *msg = cobra_error_message();
		if (rc != -COBRA_DATA || rc != -7) {
			print_error("%s: rc %d, want -7\n", bad_inis[i].name, rc);
			nfail++;
		} else if (cobra_error_code() != COBRA_DATA) {
			print_error("%s: code %d\n", bad_inis[i].name, (int)cobra_error_code());
			nfail++;
		} else if (!has_prefix(msg, PATH, bad_inis[i].line)) {
			print_error("%s: message \"%s\", want prefix %s:%d: \n", bad_inis[i].name, msg, PATH, bad_inis[i].line);
			nfail++;
		} else if (bad_inis[i].what && !strstr(msg, bad_inis[i].what)) {
			print_error("%s: message \"%s\" lacks \"%s\"\n", bad_inis[i].name, msg, bad_inis[i].what);
			nfail++;
		}
		if (rc == 0)
			cobra_ini_free(&ini);
	}
	assert_true(N_ROWS(bad_inis) >= 20);
	assert_int_equal(nfail, 0);
}

/* DESIGN §9 / C3 #13: no line over 190 bytes reaches inih (r55 splits
 * lines longer than 199 bytes into a forged key). */
static void test_records_ini_line_length_limit(void **state)
{
	char buf[512];
	struct cobra_ini ini;
	(void)state;
	for (size_t linelen = 185; linelen <= 205; linelen++) {
		/* "[customer]\n" + "name = " + As, exactly LINELEN bytes on line 2 */
		size_t o = (size_t)snprintf(buf, sizeof(buf), "[customer]\nname = ");
		memset(buf + o, 'A', linelen - 7);
		o += linelen - 7;
		buf[o++] = '\n';
		cobra_error_clear();
		int rc = cobra_ini_parse(&ini, PATH, buf, o);
		if (linelen <= COBRA_LINE_MAX) {
			assert_int_equal(rc, 0);
			assert_int_equal(ini.nkvs, 1);
			assert_int_equal(strlen(ini.kvs[0].value), linelen - 7);
			cobra_ini_free(&ini);
		} else {
			assert_int_equal(rc, -COBRA_DATA);
			assert_true(has_prefix(cobra_error_message(), PATH, 2));
			assert_non_null(strstr(cobra_error_message(), "190"));
		}
	}
	/* the B3 forgery: 194 'A' then "amount=99999" on one 213-byte line */
	size_t o = (size_t)snprintf(buf, sizeof(buf), "[customer]\nhandle = a\nname = ");
	memset(buf + o, 'A', 194);
	o += 194;
	o += (size_t)snprintf(buf + o, sizeof(buf) - o, "amount=99999\n");
	cobra_error_clear();
	assert_int_equal(cobra_ini_parse(&ini, PATH, buf, o), -COBRA_DATA);
	assert_true(has_prefix(cobra_error_message(), PATH, 3));
}

/* ---- what the reader accepts ---- */

static void test_records_ini_accepts_and_reports_lines(void **state)
{
	static const char text[] =
		"; a comment\n"
		"# another\n"
		"\n"
		"[customer]\n"
		"name=Ana\n"
		"note = a=b:c [d] #e f;g\n"
		"address   =   Rua X\n"
		"\n"
		"[sale " SALE_A "]\n"
		"date = 2026-01-10\n"
		"\n"
		"[sale 0123cccccccccccccccc]\n"
		"date = 2026-01-11\n"
		"empty =";
	struct cobra_ini ini;
	(void)state;
	assert_int_equal(cobra_ini_parse(&ini, PATH, text, sizeof(text) - 1), 0);
	assert_int_equal(ini.nsections, 3);
	assert_string_equal(ini.sections[0].type, "customer");
	assert_string_equal(ini.sections[0].id, "");
	assert_int_equal(ini.sections[0].line, 4);
	assert_int_equal(ini.sections[0].count, 3);
	assert_string_equal(ini.sections[1].type, "sale");
	assert_string_equal(ini.sections[1].id, SALE_A);
	assert_int_equal(ini.sections[1].line, 9);
	assert_int_equal(ini.sections[2].line, 12);
	assert_int_equal(ini.sections[2].count, 2); /* same key in another section is no duplicate */
	assert_int_equal(ini.nkvs, 6);
	assert_string_equal(ini.kvs[0].key, "name");
	assert_string_equal(ini.kvs[0].value, "Ana");
	assert_int_equal(ini.kvs[0].line, 5);
	assert_string_equal(ini.kvs[1].value, "a=b:c [d] #e f;g");
	assert_string_equal(ini.kvs[2].key, "address");
	assert_string_equal(ini.kvs[2].value, "Rua X");
	assert_string_equal(ini.kvs[3].value, "2026-01-10");
	assert_int_equal(ini.kvs[3].line, 10);
	assert_string_equal(ini.kvs[4].value, "2026-01-11");
	assert_string_equal(ini.kvs[5].key, "empty");
	assert_string_equal(ini.kvs[5].value, "");
	assert_int_equal(ini.kvs[5].line, 14);
	cobra_ini_free(&ini);

	assert_int_equal(cobra_ini_parse(&ini, PATH, "", 0), 0);
	assert_int_equal(ini.nsections, 0);
	cobra_ini_free(&ini);
}

/* ---- the writer's canonical form ---- */

static void full_customer(struct cobra_customer *c)
{
	cobra_customer_init(c);
	strcpy(c->id, CID);
	strcpy(c->handle, "ana-souza");
	strcpy(c->name, "Ana Souza");
	c->since = ymd(2026, 1, 5);
	strcpy(c->doc, "52998224725");
	strcpy(c->phone, "+5511987654321");
	strcpy(c->email, "ana@example.com");
	strcpy(c->address, "Rua A, 1");
	c->limit = 50000;
	strcpy(c->channel, "whatsapp");
	strcpy(c->note, "VIP");
}

static void test_records_customer_writer_canonical_bytes(void **state)
{
	struct cobra_customer c;
	struct cobra_buf b = {0};
	(void)state;
	full_customer(&c);
	cobra_customer_write(&b, &c);
	assert_false(b.oom);
	/* DESIGN §3: fixed key order (records.h), "key = value", LF */
	assert_string_equal(b.data,
		"[customer]\n"
		"handle = ana-souza\n"
		"name = Ana Souza\n"
		"since = 2026-01-05\n"
		"doc = 52998224725\n"
		"phone = +5511987654321\n"
		"email = ana@example.com\n"
		"address = Rua A, 1\n"
		"limit = 500.00\n"
		"channel = whatsapp\n"
		"note = VIP\n");
	cobra_buf_free(&b);

	/* optional fields that are empty are left out; limit -1 = absent */
	cobra_customer_init(&c);
	strcpy(c.handle, "bia");
	strcpy(c.name, "Bia");
	c.since = ymd(2025, 12, 31);
	cobra_customer_write(&b, &c);
	assert_string_equal(b.data, "[customer]\nhandle = bia\nname = Bia\nsince = 2025-12-31\n");
	cobra_buf_free(&b);

	/* a limit of zero is a limit, not an absence */
	c.limit = 0;
	cobra_customer_write(&b, &c);
	assert_non_null(strstr(b.data, "limit = 0.00\n"));
	cobra_buf_free(&b);
}

static void sample_sale(struct cobra_sale *s, struct cobra_installment *inst)
{
	cobra_sale_init(s);
	strcpy(s->id, SALE_A);
	s->date = ymd(2026, 1, 10);
	strcpy(s->description, "Geladeira; frost free = sim");
	s->total = 120000;
	s->down = 20000;
	s->rate = 199;
	s->financing = 5000;
	strcpy(s->every, "1m");
	inst[0].due = ymd(2026, 2, 10);
	inst[0].amount = 35002;
	inst[1].due = ymd(2026, 3, 10);
	inst[1].amount = 35000;
	inst[2].due = ymd(2026, 4, 10);
	inst[2].amount = 34998;
	s->due = inst;
	s->due_count = 3;
}

static void sample_payment(struct cobra_payment *p, struct cobra_alloc *al)
{
	cobra_payment_init(p);
	strcpy(p->id, PAY_B);
	p->date = ymd(2026, 2, 15);
	p->amount = 10000;
	strcpy(p->method, "pix");
	strcpy(p->ref, "E2E #123: [ok]");
	memset(al, 0, 2 * sizeof(*al));
	strcpy(al[0].debt, SALE_A);
	al[0].n = 1;
	al[0].interest = 17;
	al[0].fee = 100;
	al[0].principal = 9883;
	strcpy(al[1].debt, SALE_A);
	al[1].n = 360;
	al[1].interest = 0;
	al[1].fee = 0;
	al[1].principal = 0;
	p->paid = al;
	p->paid_count = 2;
}

static void test_records_sale_and_payment_writer_canonical_bytes(void **state)
{
	struct cobra_sale s;
	struct cobra_payment p;
	struct cobra_installment inst[3];
	struct cobra_alloc al[2];
	struct cobra_buf b = {0};
	(void)state;
	sample_sale(&s, inst);
	sample_payment(&p, al);
	cobra_sale_write(&b, &s);
	cobra_payment_write(&b, &p);
	assert_string_equal(b.data,
		"\n[sale " SALE_A "]\n"
		"date = 2026-01-10\n"
		"description = Geladeira; frost free = sim\n"
		"total = 1200.00\n"
		"down = 200.00\n"
		"rate = 1.99\n"
		"financing = 50.00\n"
		"every = 1m\n"
		"due.1 = 2026-02-10 350.02\n"
		"due.2 = 2026-03-10 350.00\n"
		"due.3 = 2026-04-10 349.98\n"
		"\n[payment " PAY_B "]\n"
		"date = 2026-02-15\n"
		"amount = 100.00\n"
		"method = pix\n"
		"ref = E2E #123: [ok]\n"
		"paid.1 = " SALE_A "/1 0.17 1.00 98.83\n"
		"paid.2 = " SALE_A "/360 0.00 0.00 0.00\n");
	cobra_buf_free(&b);
}

/* Write a whole account, read it back: every field is the same. */
static void test_records_account_round_trip(void **state)
{
	struct cobra_customer c;
	struct cobra_sale s;
	struct cobra_payment p;
	struct cobra_installment inst[3];
	struct cobra_alloc al[2];
	struct cobra_account a;
	struct cobra_buf b = {0};
	(void)state;
	full_customer(&c);
	sample_sale(&s, inst);
	sample_payment(&p, al);
	cobra_customer_write(&b, &c);
	cobra_sale_write(&b, &s);
	cobra_payment_write(&b, &p);
	cobra_error_clear();
	int rc = cobra_account_parse(&a, PATH, CID, b.data, b.len);
	if (rc != 0)
		fail_msg("parse: %s", cobra_error_message());
	assert_string_equal(a.customer.id, CID);
	assert_string_equal(a.customer.handle, c.handle);
	assert_string_equal(a.customer.name, c.name);
	assert_int_equal(a.customer.since, c.since);
	assert_string_equal(a.customer.doc, c.doc);
	assert_string_equal(a.customer.phone, c.phone);
	assert_string_equal(a.customer.email, c.email);
	assert_string_equal(a.customer.address, c.address);
	assert_true(a.customer.limit == c.limit);
	assert_string_equal(a.customer.channel, c.channel);
	assert_string_equal(a.customer.note, c.note);
	assert_int_equal(a.nsales, 1);
	assert_int_equal(a.npayments, 1);
	const struct cobra_sale *rs = cobra_account_sale(&a, SALE_A);
	assert_non_null(rs);
	assert_null(cobra_account_sale(&a, PAY_B));
	assert_int_equal(rs->date, s.date);
	assert_string_equal(rs->description, s.description);
	assert_true(rs->total == s.total && rs->down == s.down && rs->financing == s.financing);
	assert_int_equal(rs->rate, s.rate);
	assert_string_equal(rs->every, "1m");
	assert_int_equal(rs->due_count, 3);
	for (size_t k = 0; k < 3; k++) {
		assert_int_equal(rs->due[k].due, inst[k].due);
		assert_true(rs->due[k].amount == inst[k].amount);
	}
	const struct cobra_payment *rp = &a.payments[0];
	assert_string_equal(rp->id, PAY_B);
	assert_int_equal(rp->date, p.date);
	assert_true(rp->amount == p.amount);
	assert_string_equal(rp->method, "pix");
	assert_string_equal(rp->ref, p.ref);
	assert_int_equal(rp->paid_count, 2);
	for (size_t k = 0; k < 2; k++) {
		assert_string_equal(rp->paid[k].debt, al[k].debt);
		assert_int_equal(rp->paid[k].n, al[k].n);
		assert_true(rp->paid[k].interest == al[k].interest);
		assert_true(rp->paid[k].fee == al[k].fee);
		assert_true(rp->paid[k].principal == al[k].principal);
	}
	/* writing what was read gives the same bytes (one canonical form) */
	struct cobra_buf b2 = {0};
	cobra_customer_write(&b2, &a.customer);
	cobra_sale_write(&b2, rs);
	cobra_payment_write(&b2, rp);
	assert_string_equal(b2.data, b.data);
	cobra_buf_free(&b2);
	cobra_account_free(&a);
	cobra_buf_free(&b);
}

/* ---- schema reader errors name file:line ---- */

#define CUST "[customer]\nhandle = ana\nname = Ana\nsince = 2026-01-05\n"
#define SALE_HEAD "\n[sale " SALE_A "]\ndate = 2026-01-10\ntotal = 100.00\nevery = 1m\n"

struct bad_rec {
	const char *name, *data;
	int line;
	const char *what;
};

static const struct bad_rec bad_recs[] = {
	{"unknown key", CUST "nickname = x\n", 5, "unknown key"},
	{"missing required key", "[customer]\nhandle = ana\nname = Ana\n", 1, "since"},
	{"no such day", "[customer]\nhandle = ana\nname = Ana\nsince = 2026-02-30\n", 4, "since"},
	{"date in DD/MM/YYYY", "[customer]\nhandle = ana\nname = Ana\nsince = 05/01/2026\n", 4, "since"},
	{"money with a comma", CUST "limit = 12,50\n", 5, "limit"},
	{"money with one decimal", CUST "limit = 12.5\n", 5, "limit"},
	{"money with a sign", CUST "limit = -1.00\n", 5, "limit"},
	{"document with punctuation", CUST "doc = 529.982.247-25\n", 5, "doc"},
	{"document with bad check digits", CUST "doc = 52998224724\n", 5, "doc"},
	{"phone not normalised", CUST "phone = (11) 98765-4321\n", 5, "phone"},
	{"bad email", CUST "email = ana\n", 5, "email"},
	{"unknown channel", CUST "channel = fax\n", 5, "channel"},
	{"bidi override in name", "[customer]\nhandle = ana\nname = A\xe2\x80\xae" "na\nsince = 2026-01-05\n", 3, "name"},
	{"C1 control in note", CUST "note = a\xc2\x9b" "b\n", 5, "note"},
	{"handle with uppercase", "[customer]\nhandle = Ana\nname = Ana\nsince = 2026-01-05\n", 2, "handle"},
	{"file not starting with [customer]", "[sale " SALE_A "]\ndate = 2026-01-10\n", 1, "[customer]"},
	{"unknown section", CUST "\n[paymnet " SALE_A "]\ndate = 2026-01-10\n", 6, "paymnet"},
	{"event id of another customer", CUST "\n[sale 9999aaaaaaaaaaaaaaaa]\n", 6, "9999"},
	{"event id too short", CUST "\n[sale 0123]\n", 6, "record id"},
	{"installments out of sequence", CUST SALE_HEAD "due.2 = 2026-02-10 50.00\n", 10, "sequence"},
	{"installment with bad amount", CUST SALE_HEAD "due.1 = 2026-02-10 100\n", 10, "malformed"},
	{"installment of zero", CUST SALE_HEAD "due.1 = 2026-02-10 0.00\n", 10, "malformed"},
	{"installment without date", CUST SALE_HEAD "due.1 = 100.00\n", 10, "malformed"},
	{"due.0", CUST SALE_HEAD "due.0 = 2026-02-10 100.00\n", 10, "unknown key"},
	{"sale without installments", CUST SALE_HEAD, 6, "due"},
	{"sale without every", CUST "\n[sale " SALE_A "]\ndate = 2026-01-10\ntotal = 1.00\ndue.1 = 2026-02-10 1.00\n", 6, "every"},
	{"every not normalised", CUST "\n[sale " SALE_A "]\ndate = 2026-01-10\ntotal = 1.00\nevery = monthly\ndue.1 = 2026-02-10 1.00\n",
		9, "every"},
	{"rate not canonical", CUST SALE_HEAD "rate = 1.5\ndue.1 = 2026-02-10 100.00\n", 10, "rate"},
	{"payment with unknown method", CUST "\n[payment " PAY_B "]\ndate = 2026-02-15\namount = 1.00\nmethod = bitcoin\n", 9, "method"},
	{"allocation with bad debt id",
		CUST "\n[payment " PAY_B "]\ndate = 2026-02-15\namount = 1.00\nmethod = pix\npaid.1 = xyz/1 0.00 0.00 1.00\n", 10,
		"malformed"},
	{"allocation to installment 0",
		CUST "\n[payment " PAY_B "]\ndate = 2026-02-15\namount = 1.00\nmethod = pix\npaid.1 = " SALE_A "/0 0.00 0.00 1.00\n", 10,
		"malformed"},
};

static void test_records_schema_reader_rejects_with_file_and_line(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(bad_recs); i++) {
		struct cobra_account a;
		cobra_error_clear();
		int rc = cobra_account_parse(&a, PATH, CID, bad_recs[i].data, strlen(bad_recs[i].data));
		const char *msg = cobra_error_message();
		if (rc != -COBRA_DATA) {
			print_error("%s: rc %d (%s)\n", bad_recs[i].name, rc, msg);
			nfail++;
			if (rc == 0)
				cobra_account_free(&a);
		} else if (!has_prefix(msg, PATH, bad_recs[i].line) || !strstr(msg, bad_recs[i].what)) {
			print_error("%s: message \"%s\" (want %s:%d: ... %s)\n", bad_recs[i].name, msg, PATH, bad_recs[i].line,
				bad_recs[i].what);
			nfail++;
		}
	}
	assert_true(N_ROWS(bad_recs) >= 20);
	assert_int_equal(nfail, 0);
}

/* ---- property C4.2: text values round-trip through the writer ---- */

struct rt_stats {
	long accepted, rejected;
};

/* Every line of TEXT: at most COBRA_LINE_MAX bytes, no CR, LF-terminated. */
static void check_lines(const char *text, size_t len, const char *what)
{
	size_t start = 0;
	assert_true(len > 0 && text[len - 1] == '\n');
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\r')
			fail_msg("%s: CR written", what);
		if (text[i] == '\n') {
			if (i - start > COBRA_LINE_MAX)
				fail_msg("%s: a written line has %zu bytes", what, i - start);
			start = i + 1;
		}
	}
}

/* FIELD is a TEXT field of the customer, sale or payment schema. */
static void round_trip_value(const char *schema_name, const char *field, const char *value, struct rt_stats *st)
{
	const struct cobra_schema *sc = strcmp(schema_name, "customer") == 0 ? &cobra_customer_schema
				      : strcmp(schema_name, "sale") == 0   ? &cobra_sale_schema
									   : &cobra_payment_schema;
	const struct cobra_field *f = cobra_schema_field(sc, field);
	assert_non_null(f);
	assert_int_equal(f->kind, COBRA_K_TEXT);
	cobra_error_clear();
	if (cobra_text_validate(field, value, f->size - 1) != 0) {
		st->rejected++;
		assert_int_equal(cobra_error_code(), COBRA_INVALID);
		return;
	}
	st->accepted++;
	assert_true(strlen(value) <= f->size - 1);

	struct cobra_customer c;
	struct cobra_sale s;
	struct cobra_payment p;
	struct cobra_installment inst = {ymd(2026, 2, 10), 100};
	struct cobra_alloc al;
	struct cobra_buf b = {0};
	size_t expect_kvs = 3; /* handle, name, since */
	cobra_customer_init(&c);
	strcpy(c.handle, "ana");
	strcpy(c.name, "Ana");
	c.since = ymd(2026, 1, 5);
	if (sc == &cobra_customer_schema) {
		memcpy((char *)&c + f->offset, value, strlen(value) + 1);
		if (strcmp(field, "name") != 0 && value[0])
			expect_kvs++;
	}
	cobra_customer_write(&b, &c);
	if (sc == &cobra_sale_schema) {
		cobra_sale_init(&s);
		strcpy(s.id, SALE_A);
		s.date = ymd(2026, 1, 10);
		s.total = 100;
		s.due = &inst;
		s.due_count = 1;
		memcpy((char *)&s + f->offset, value, strlen(value) + 1);
		cobra_sale_write(&b, &s);
		expect_kvs += 4 + (value[0] ? 1 : 0); /* date total every due.1 [description] */
	}
	if (sc == &cobra_payment_schema) {
		cobra_payment_init(&p);
		strcpy(p.id, PAY_B);
		p.date = ymd(2026, 2, 15);
		p.amount = 100;
		strcpy(p.method, "cash");
		memset(&al, 0, sizeof(al));
		strcpy(al.debt, SALE_A);
		al.n = 1;
		al.principal = 100;
		p.paid = &al;
		p.paid_count = 1;
		memcpy((char *)&p + f->offset, value, strlen(value) + 1);
		cobra_payment_write(&b, &p);
		expect_kvs += 4 + (value[0] ? 1 : 0); /* date amount method paid.1 [ref] */
	}
	assert_false(b.oom);
	check_lines(b.data, b.len, value);

	/* no extra key or section: the strict reader sees exactly what was written */
	struct cobra_ini ini;
	cobra_error_clear();
	if (cobra_ini_parse(&ini, PATH, b.data, b.len) != 0)
		fail_msg("value \"%s\": written file refused: %s", value, cobra_error_message());
	assert_int_equal(ini.nsections, sc == &cobra_customer_schema ? 1 : 2);
	assert_int_equal(ini.nkvs, expect_kvs);
	cobra_ini_free(&ini);

	struct cobra_account a;
	cobra_error_clear();
	if (f->required && value[0] == '\0') {
		/* an empty required field is written ("name =") but the reader refuses it */
		assert_int_equal(cobra_account_parse(&a, PATH, CID, b.data, b.len), -COBRA_DATA);
		assert_non_null(strstr(cobra_error_message(), "must not be empty"));
		cobra_buf_free(&b);
		return;
	}
	if (cobra_account_parse(&a, PATH, CID, b.data, b.len) != 0)
		fail_msg("value \"%s\": account refused: %s", value, cobra_error_message());
	const char *back;
	if (sc == &cobra_customer_schema)
		back = (const char *)&a.customer + f->offset;
	else if (sc == &cobra_sale_schema)
		back = (const char *)&a.sales[0] + f->offset;
	else
		back = (const char *)&a.payments[0] + f->offset;
	if (strcmp(back, value) != 0)
		fail_msg("value \"%s\" read back as \"%s\"", value, back);
	assert_int_equal(a.nsales, sc == &cobra_sale_schema ? 1 : 0);
	assert_int_equal(a.npayments, sc == &cobra_payment_schema ? 1 : 0);
	cobra_account_free(&a);
	cobra_buf_free(&b);
}

static const char *const text_fields[][2] = {
	{"customer", "name"}, {"customer", "address"}, {"customer", "note"},
	{"sale", "description"}, {"payment", "ref"},
};

static void test_records_hostile_values_round_trip(void **state)
{
	char big[512];
	struct rt_stats st = {0, 0};
	static const char *const hostile[] = {
		"Ana ;VIP", "Ana\rBob", "Ana\n[payment]\namount=999", "Ana\r\n[payment]", "\xff\xfe", "a\xc0\x80",
		"a\xed\xa0\x80", "[payment " PAY_B "]", "#x", ";x", "a;b", "a ;b", "a=b", "=x", "a: b", ":x",
		"[customer]", "<<<<<<< HEAD", "=======", "  Ana  ", "Ana ", " Ana", "a\tb", "a\\b", "\"quoted\"",
		"x\xe2\x80\xae" "y", "\xef\xbb\xbf" "Ana", "Jos\xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",
		"amount=99999", "name = Bob", "a\x01" "b", "a\x7f", "caf\xc3", "$(touch pwned)", "a\xc2\xa0",
		"x \xe2\x80\xa8 y", "\\", "0", "-", "due.1 = 2026-02-10 1.00",
	};
	(void)state;
	for (size_t fi = 0; fi < N_ROWS(text_fields); fi++) {
		for (size_t i = 0; i < N_ROWS(hostile); i++)
			round_trip_value(text_fields[fi][0], text_fields[fi][1], hostile[i], &st);
		/* C4.2 regression seed: 194 'A' + "amount=99999" (B3) */
		memset(big, 'A', 194);
		strcpy(big + 194, "amount=99999");
		round_trip_value(text_fields[fi][0], text_fields[fi][1], big, &st);
		/* 300-byte values, ASCII and two-byte characters */
		memset(big, 'A', 300);
		big[300] = '\0';
		round_trip_value(text_fields[fi][0], text_fields[fi][1], big, &st);
		for (int k = 0; k < 150; k++)
			memcpy(big + 2 * k, "\xc3\xa9", 2);
		big[300] = '\0';
		round_trip_value(text_fields[fi][0], text_fields[fi][1], big, &st);
		/* the largest value each field allows, and one byte more */
		const struct cobra_schema *sc = strcmp(text_fields[fi][0], "customer") == 0 ? &cobra_customer_schema
					      : strcmp(text_fields[fi][0], "sale") == 0   ? &cobra_sale_schema
											  : &cobra_payment_schema;
		size_t max = cobra_schema_field(sc, text_fields[fi][1])->size - 1;
		memset(big, 'B', max + 1);
		big[max] = '\0';
		round_trip_value(text_fields[fi][0], text_fields[fi][1], big, &st);
		big[max] = 'B';
		big[max + 1] = '\0';
		long before = st.rejected;
		round_trip_value(text_fields[fi][0], text_fields[fi][1], big, &st);
		assert_int_equal(st.rejected, before + 1);
	}
	/* the regression value must never be accepted for any field */
	memset(big, 'A', 194);
	strcpy(big + 194, "amount=99999");
	for (size_t fi = 0; fi < N_ROWS(text_fields); fi++) {
		cobra_error_clear();
		assert_int_equal(cobra_text_validate("x", big, 160), -COBRA_INVALID);
	}
	assert_true(st.accepted > 50);
	assert_true(st.rejected > 50);
}

/* Random values built from hostile pieces, many of them valid. */
static void test_records_random_values_round_trip_property(void **state)
{
	static const char *const pieces[] = {
		"a", "Z", "0", " ", " ", ";", "=", ":", "[", "]", "#", "\"", "\\", "'", "-", ".", "/", "$", "`",
		"\xc3\xa9", "\xc3\xa7", "\xe6\x97\xa5", "\xf0\x9f\x98\x80", "\xe2\x82\xac", "Ana", "amount=99999",
		"\n", "\r", "\t", "\x01", "\x7f", "\xff", "\xc3", "\xed\xa0\x80", "\xc2\x9b", "\xe2\x80\xae",
		"\xef\xbb\xbf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "[payment]", " ;",
	};
	char v[400];
	struct rt_stats st = {0, 0};
	(void)state;
	rng_state = 0xc42;
	for (int iter = 0; iter < 20000; iter++) {
		size_t o = 0, n = rng_next() % 40;
		/* mostly printable pieces, so that many values are valid */
		for (size_t k = 0; k < n; k++) {
			size_t pick = rng_next() % 100 < 85 ? rng_next() % 26 : rng_next() % N_ROWS(pieces);
			const char *p = pieces[pick];
			size_t pl = strlen(p);
			if (o + pl >= sizeof(v))
				break;
			memcpy(v + o, p, pl);
			o += pl;
		}
		v[o] = '\0';
		size_t fi = (size_t)iter % N_ROWS(text_fields);
		round_trip_value(text_fields[fi][0], text_fields[fi][1], v, &st);
	}
	assert_true(st.accepted > 2000);
	assert_true(st.rejected > 2000);
}

/* Input through cobra_field_from_input: trimmed, then validated, stored,
 * and the stored value round-trips like any other. */
static void test_records_field_from_input_trims_then_validates(void **state)
{
	const struct cobra_field *f = cobra_schema_field(&cobra_customer_schema, "name");
	struct cobra_customer c;
	struct rt_stats st = {0, 0};
	(void)state;
	cobra_customer_init(&c);
	cobra_error_clear();
	assert_int_equal(cobra_field_from_input(f, &c, "name", "  Ana Souza  "), 0);
	assert_string_equal(c.name, "Ana Souza");
	round_trip_value("customer", "name", c.name, &st);
	cobra_error_clear();
	assert_int_equal(cobra_field_from_input(f, &c, "name", "Ana ;VIP"), -COBRA_INVALID);
	assert_string_equal(c.name, "Ana Souza"); /* unchanged on failure */
	cobra_error_clear();
	assert_int_equal(cobra_field_from_input(f, &c, "name", "Ana\nBob"), -COBRA_INVALID);
	const struct cobra_field *lim = cobra_schema_field(&cobra_customer_schema, "limit");
	cobra_error_clear();
	assert_int_equal(cobra_field_from_input(lim, &c, "limit", "R$ 1.234,56"), 0);
	assert_true(c.limit == 123456);
	const struct cobra_field *doc = cobra_schema_field(&cobra_customer_schema, "doc");
	assert_int_equal(cobra_field_from_input(doc, &c, "doc", "12.ABC.345/01DE-35"), 0);
	assert_string_equal(c.doc, "12ABC34501DE35");
	const struct cobra_field *ph = cobra_schema_field(&cobra_customer_schema, "phone");
	assert_int_equal(cobra_field_from_input(ph, &c, "phone", "+55 (11) 98765-4321"), 0);
	assert_string_equal(c.phone, "+5511987654321");
	cobra_error_clear();
	assert_int_equal(cobra_field_from_input(ph, &c, "phone", "-oQ./q"), -COBRA_INVALID); /* C3 #37 */
	const struct cobra_field *em = cobra_schema_field(&cobra_customer_schema, "email");
	cobra_error_clear();
	assert_int_equal(cobra_field_from_input(em, &c, "email", "ana@example.com\r\nBcc: x@evil.example"),
		-COBRA_INVALID); /* C3 #36 */
	cobra_error_clear();
	assert_int_equal(cobra_field_from_input(em, &c, "email", "-t@example.com"), -COBRA_INVALID);
}

/* DESIGN §3: the canonical form has no trailing spaces. A required text field
 * that is empty is refused by the reader ("name =" is a hand edit cobra never
 * writes), and if a caller writes one anyway, no trailing space is written. */
static void test_records_writer_never_writes_trailing_spaces(void **state)
{
	struct cobra_customer c;
	struct cobra_account a;
	struct cobra_buf b = {0};
	static const char edited[] = "[customer]\nhandle = ana\nname =\nsince = 2026-01-05\n";
	(void)state;
	cobra_error_clear();
	assert_int_equal(cobra_account_parse(&a, PATH, CID, edited, sizeof(edited) - 1), -COBRA_DATA);
	assert_non_null(strstr(cobra_error_message(), PATH ":3: name: must not be empty"));
	cobra_customer_init(&c);
	strcpy(c.handle, "ana");
	c.since = 20458;
	assert_string_equal(c.name, "");
	cobra_customer_write(&b, &c);
	bool trailing = false;
	for (size_t i = 1; i < b.len; i++)
		if (b.data[i] == '\n' && b.data[i - 1] == ' ')
			trailing = true;
	if (trailing)
		print_error("trailing space written in:\n%s", b.data);
	cobra_buf_free(&b);
	assert_false(trailing);
}

/* ---- cobra.ini ---- */

static void test_records_policy_initial_file_round_trips(void **state)
{
	struct cobra_policy p, q;
	struct cobra_buf b = {0};
	(void)state;
	cobra_policy_defaults(&p);
	/* DESIGN §4 defaults: late fee 2%, interest 1% a month, no grace */
	assert_int_equal(p.charges.late_fee, 200);
	assert_int_equal(p.charges.interest, 100);
	assert_int_equal(p.charges.grace_days, 0);
	assert_string_equal(p.charges.due_shift, "none");
	cobra_policy_write_initial(&b, &p);
	check_lines(b.data, b.len, "cobra.ini");
	cobra_error_clear();
	if (cobra_policy_parse(&q, "cobra.ini", b.data, b.len) != 0)
		fail_msg("%s", cobra_error_message());
	assert_string_equal(q.business.name, p.business.name);
	assert_string_equal(q.business.doc, "");
	assert_string_equal(q.business.locale, "pt_BR");
	assert_int_equal(q.charges.late_fee, 200);
	assert_int_equal(q.charges.interest, 100);
	cobra_buf_free(&b);
	cobra_policy_free(&q);

	strcpy(p.business.name, "Loja da Ana; desde 1999");
	strcpy(p.business.doc, "12ABC34501DE35");
	strcpy(p.business.locale, "en_US");
	p.charges.late_fee = 150;
	p.charges.interest = 250;
	p.charges.grace_days = 5;
	strcpy(p.charges.due_shift, "next-weekday");
	cobra_policy_write_initial(&b, &p);
	cobra_error_clear();
	if (cobra_policy_parse(&q, "cobra.ini", b.data, b.len) != 0)
		fail_msg("%s", cobra_error_message());
	assert_string_equal(q.business.name, p.business.name);
	assert_string_equal(q.business.doc, p.business.doc);
	assert_string_equal(q.business.locale, "en_US");
	assert_int_equal(q.charges.late_fee, 150);
	assert_int_equal(q.charges.interest, 250);
	assert_int_equal(q.charges.grace_days, 5);
	assert_string_equal(q.charges.due_shift, "next-weekday");
	cobra_buf_free(&b);
	cobra_policy_free(&q);
	cobra_policy_free(&p);
}

static void test_records_policy_rejects_bad_values(void **state)
{
	static const struct bad_rec rows[] = {
		{"grace over 60", "[business]\nname = X\ncurrency = BRL\nlocale = pt_BR\n[charges]\nlate_fee = 2.00\n"
				  "interest = 1.00\ngrace_days = 61\ndue_shift = none\n", 8, "grace_days"},
		{"grace with leading zero", "[business]\nname = X\ncurrency = BRL\nlocale = pt_BR\n[charges]\nlate_fee = 2.00\n"
					    "interest = 1.00\ngrace_days = 05\ndue_shift = none\n", 8, "grace_days"},
		{"rate not canonical", "[business]\nname = X\ncurrency = BRL\nlocale = pt_BR\n[charges]\nlate_fee = 2\n"
				       "interest = 1.00\ngrace_days = 0\ndue_shift = none\n", 6, "late_fee"},
		{"unknown shift", "[business]\nname = X\ncurrency = BRL\nlocale = pt_BR\n[charges]\nlate_fee = 2.00\n"
				  "interest = 1.00\ngrace_days = 0\ndue_shift = weekly\n", 9, "due_shift"},
		{"unknown currency", "[business]\nname = X\ncurrency = USD\nlocale = pt_BR\n", 3, "currency"},
		{"missing charges", "[business]\nname = X\ncurrency = BRL\nlocale = pt_BR\n", 1, "charges"},
		{"unknown section", "[business]\nname = X\ncurrency = BRL\nlocale = pt_BR\n[chargse]\n", 5, "chargse"},
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		struct cobra_policy p;
		cobra_error_clear();
		int rc = cobra_policy_parse(&p, "cobra.ini", rows[i].data, strlen(rows[i].data));
		if (rc != -COBRA_DATA || !has_prefix(cobra_error_message(), "cobra.ini", rows[i].line) ||
		    !strstr(cobra_error_message(), rows[i].what))
			fail_msg("%s: rc %d, \"%s\"", rows[i].name, rc, cobra_error_message());
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_records_ini_prescan_rejects_with_file_and_line, unit_clear),
		cmocka_unit_test_setup(test_records_ini_line_length_limit, unit_clear),
		cmocka_unit_test_setup(test_records_ini_accepts_and_reports_lines, unit_clear),
		cmocka_unit_test_setup(test_records_customer_writer_canonical_bytes, unit_clear),
		cmocka_unit_test_setup(test_records_sale_and_payment_writer_canonical_bytes, unit_clear),
		cmocka_unit_test_setup(test_records_account_round_trip, unit_clear),
		cmocka_unit_test_setup(test_records_schema_reader_rejects_with_file_and_line, unit_clear),
		cmocka_unit_test_setup(test_records_hostile_values_round_trip, unit_clear),
		cmocka_unit_test_setup(test_records_random_values_round_trip_property, unit_clear),
		cmocka_unit_test_setup(test_records_field_from_input_trims_then_validates, unit_clear),
		cmocka_unit_test_setup(test_records_writer_never_writes_trailing_spaces, unit_clear),
		cmocka_unit_test_setup(test_records_policy_initial_file_round_trips, unit_clear),
		cmocka_unit_test_setup(test_records_policy_rejects_bad_values, unit_clear),
	};
	return cmocka_run_group_tests_name("records", tests, NULL, NULL);
}
