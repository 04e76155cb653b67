/*
 * test_schedule.c - the collection schedule (src/schedule.h), the cobra.ini
 * sections it comes from (src/records.h), and what agreements and breaks do
 * to the ledger (src/ledger.h): replaced installments close, a break reopens
 * them and applies what the agreement collected, and nothing is lost.
 *
 * Expected values are worked out by hand in the comments, from the rules in
 * the headers, never taken from the code's own output.
 */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>

#include "../../src/buf.h"
#include "../../src/date.h"
#include "../../src/ledger.h"
#include "../../src/records.h"
#include "../../src/schedule.h"

static cobra_date iso(const char *s)
{
	cobra_date d = 0;
	if (cobra_date_parse_iso(&d, s) != 0)
		fail_msg("bad test date \"%s\"", s);
	return d;
}

static struct cobra_policy defaults(void)
{
	struct cobra_policy p;
	cobra_policy_defaults(&p);
	return p;
}

/* The default schedule is -3, 0, +3, +10, +30 (DESIGN section 5). */
static void test_schedule_default_step_reached_table(void **state)
{
	(void)state;
	struct cobra_policy p = defaults();
	static const struct {
		const char *due, *asof;
		int step; /* index, -1 none */
	} rows[] = {
		{"2026-11-20", "2026-11-16", -1}, /* 4 days before: nothing yet */
		{"2026-11-20", "2026-11-17", 0},  /* 3 days before: friendly */
		{"2026-11-20", "2026-11-19", 0},
		{"2026-11-20", "2026-11-20", 1},  /* due today */
		{"2026-11-20", "2026-11-22", 1},
		{"2026-11-20", "2026-11-23", 2},  /* +3 */
		{"2026-11-20", "2026-11-29", 2},
		{"2026-11-20", "2026-11-30", 3},  /* +10 */
		{"2026-11-20", "2026-12-19", 3},
		{"2026-11-20", "2026-12-20", 4},  /* +30 */
		{"2026-11-20", "2027-06-01", 4},
		{"2026-02-28", "2026-03-03", 2},  /* +3 across a month end */
	};
	assert_int_equal(p.schedule.step_count, 5);
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		int got = cobra_step_reached(&p.schedule, iso(rows[i].due), iso(rows[i].asof));
		if (got != rows[i].step)
			fail_msg("due %s on %s: step %d, want %d", rows[i].due, rows[i].asof, got, rows[i].step);
	}
	cobra_policy_free(&p);
}

static void test_schedule_channel_choice_table(void **state)
{
	(void)state;
	struct cobra_policy p = defaults();
	const struct cobra_step *friendly = &p.schedule.step[0]; /* sms,whatsapp,email */
	const struct cobra_step *notice = &p.schedule.step[4];   /* letter,email */
	static const struct {
		int step;
		const char *pref, *phone, *email, *address, *want;
	} rows[] = {
		{0, "", "11987654321", "a@b.c", "", "sms"},           /* the step's first channel */
		{0, "whatsapp", "11987654321", "", "", "whatsapp"},   /* the customer's preference, listed */
		{0, "email", "11987654321", "a@b.c", "", "email"},
		{0, "email", "11987654321", "", "", "sms"},           /* preferred but no address: next */
		{0, "letter", "11987654321", "", "Rua A", "sms"},     /* preference the step does not list */
		{0, "", "", "a@b.c", "", "email"},                    /* no phone: falls to e-mail */
		{0, "", "", "", "Rua A", NULL},                       /* nothing this step can use */
		{4, "", "11987654321", "", "Rua A", "letter"},
		{4, "", "11987654321", "a@b.c", "", "email"},
		{4, "", "11987654321", "", "", NULL},
	};
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		struct cobra_contact c = {rows[i].pref, rows[i].phone, rows[i].email, rows[i].address};
		const char *got = cobra_step_channel(rows[i].step ? notice : friendly, &c);
		if ((got == NULL) != (rows[i].want == NULL) || (got && strcmp(got, rows[i].want) != 0))
			fail_msg("row %zu: channel %s, want %s", i, got ? got : "(none)", rows[i].want ? rows[i].want : "(none)");
	}
	cobra_policy_free(&p);
}

static void test_schedule_min_interval(void **state)
{
	(void)state;
	cobra_date next;
	assert_true(cobra_interval_ok(INT32_MIN, iso("2026-11-22"), 3, &next)); /* never reminded */
	assert_false(cobra_interval_ok(iso("2026-11-20"), iso("2026-11-22"), 3, &next));
	assert_int_equal(next, iso("2026-11-23")); /* 20 + 3 */
	assert_true(cobra_interval_ok(iso("2026-11-19"), iso("2026-11-22"), 3, &next));
	assert_true(cobra_interval_ok(iso("2026-11-22"), iso("2026-11-22"), 0, &next)); /* 0: no minimum */
}

static const char *policy_ini(const char *extra)
{
	static char buf[4096];
	(void)snprintf(buf, sizeof(buf),
		"[business]\nname = Loja\ncurrency = BRL\nlocale = pt_BR\n\n[charges]\nlate_fee = 2.00\ninterest = 1.00\n"
		"grace_days = 0\ndue_shift = none\n%s",
		extra);
	return buf;
}

static void test_schedule_policy_sections_table(void **state)
{
	(void)state;
	static const struct {
		const char *extra;
		int ok;
		const char *msg; /* part of the error */
	} rows[] = {
		{"", 1, NULL}, /* sections are optional: the defaults */
		{"\n[schedule]\nmin_interval = 5\nstep.1 = -1 email,sms hello\nstep.2 = 7 call phone-task\n", 1, NULL},
		{"\n[schedule]\nmin_interval = 5\nstep.1 = 3 email hello\nstep.2 = 3 sms again\n", 0, "after step.1"},
		{"\n[schedule]\nmin_interval = 5\nstep.1 = 3 pigeon hello\n", 0, "step.1"},
		{"\n[schedule]\nmin_interval = 5\nstep.1 = 3 email,email hello\n", 0, "step.1"},
		{"\n[schedule]\nmin_interval = 5\nstep.1 = 3 email ../etc/passwd\n", 0, "step.1"},
		{"\n[schedule]\nmin_interval = 5\n", 0, "step"},
		{"\n[offers]\nbreak_days = 15\ntier.1 = 1- interest=50% fee=0% discount=0% installments=2 down=50%\n", 1,
		 NULL},
		{"\n[offers]\nbreak_days = 15\ntier.1 = 2-10 interest=50% fee=0% discount=0% installments=2 down=50%\n", 0,
		 "tier"},
		{"\n[credit]\nlimit = 500.00\nmin_score = 300\nblock_overdue_days = 60\nblock_broken = no\n", 1, NULL},
		{"\n[credit]\nmin_score = 1001\nblock_broken = no\n", 0, "min_score"},
	};
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		struct cobra_policy p;
		const char *text = policy_ini(rows[i].extra);
		cobra_error_clear();
		int rc = cobra_policy_parse(&p, "cobra.ini", text, strlen(text));
		if ((rc == 0) != rows[i].ok)
			fail_msg("row %zu: rc %d (%s)", i, rc, cobra_error_message());
		if (rc == 0)
			cobra_policy_free(&p);
		else if (!strstr(cobra_error_message(), rows[i].msg))
			fail_msg("row %zu: message \"%s\" lacks \"%s\"", i, cobra_error_message(), rows[i].msg);
	}
}

/* The cobra.ini that init writes reads back to the same policy. */
static void test_schedule_initial_policy_round_trip(void **state)
{
	(void)state;
	struct cobra_policy p = defaults(), q;
	struct cobra_buf b = {0};
	cobra_policy_write_initial(&b, &p);
	assert_int_equal(cobra_policy_parse(&q, "cobra.ini", b.data, b.len), 0);
	assert_int_equal(q.schedule.step_count, p.schedule.step_count);
	for (size_t i = 0; i < p.schedule.step_count; i++) {
		assert_int_equal(q.schedule.step[i].offset, p.schedule.step[i].offset);
		assert_string_equal(q.schedule.step[i].tmpl, p.schedule.step[i].tmpl);
		assert_int_equal(q.schedule.step[i].nchannels, p.schedule.step[i].nchannels);
	}
	assert_int_equal(q.offers.tier_count, p.offers.tier_count);
	assert_int_equal(q.offers.break_days, 30);
	assert_string_equal(q.credit.block_broken, "yes");
	cobra_policy_free(&p);
	cobra_policy_free(&q);
	cobra_buf_free(&b);
}

/* A customer file: a sale of 3 x 100.00 due Oct 1, Nov 1, Dec 1 2026. */
static const char *const base_file =
	"[customer]\nhandle = maria\nname = Maria\nsince = 2026-01-01\n\n"
	"[sale 0123aaaaaaaaaaaaaaa1]\ndate = 2026-09-01\ntotal = 300.00\nevery = 1m\n"
	"due.1 = 2026-10-01 100.00\ndue.2 = 2026-11-01 100.00\ndue.3 = 2026-12-01 100.00\n";

/* An agreement on 2026-11-22 replacing all three (balances as on that day:
 * #1 52 days late: fee 2.00, interest 100 x 1% x 52/30 = 1.733 -> 1.73;
 * #2 21 days: fee 2.00, interest 0.70; #3 not due), new debt of 300.00. */
static const char *const agreement =
	"\n[agreement 0123bbbbbbbbbbbbbbb1]\ndate = 2026-11-22\ndebt = 0123ccccccccccccccc1\ntier = 2\n"
	"principal = 300.00\nfee = 4.00\ninterest = 2.43\nwaive_interest = 2.43\nwaive_fee = 4.00\ntotal = 300.00\n"
	"replaced.1 = 0123aaaaaaaaaaaaaaa1/1 1.73 2.00 100.00\n"
	"replaced.2 = 0123aaaaaaaaaaaaaaa1/2 0.70 2.00 100.00\n"
	"replaced.3 = 0123aaaaaaaaaaaaaaa1/3 0.00 0.00 100.00\n"
	"\n[sale 0123ccccccccccccccc1]\ndate = 2026-11-22\ndescription = acordo\ntotal = 300.00\nevery = 1m\n"
	"due.1 = 2026-11-22 60.00\ndue.2 = 2026-12-22 240.00\n"
	"\n[payment 0123ddddddddddddddd1]\ndate = 2026-11-22\namount = 60.00\nmethod = cash\n"
	"paid.1 = 0123ccccccccccccccc1/1 0.00 0.00 60.00\n";

static struct cobra_charges charges(void)
{
	struct cobra_charges c;
	memset(&c, 0, sizeof(c));
	c.late_fee = 200;
	c.interest = 100;
	memcpy(c.due_shift, "none", 5);
	return c;
}

static cobra_money owed(const char *text, const char *debt, const char *date)
{
	struct cobra_account a;
	struct cobra_ledger l;
	struct cobra_charges ch = charges();
	cobra_money v = -1;
	if (cobra_account_parse(&a, "t.ini", "0123456789abcdef", text, strlen(text)) != 0)
		fail_msg("parse: %s", cobra_error_message());
	if (cobra_ledger_build(&l, &a, "t.ini") != 0)
		fail_msg("build: %s", cobra_error_message());
	if (cobra_ledger_owed(&v, &l, &ch, debt, iso(date)) != 0)
		fail_msg("owed: %s", cobra_error_message());
	cobra_ledger_free(&l);
	cobra_account_free(&a);
	return v;
}

static void test_agreement_closes_replaced_and_loses_nothing(void **state)
{
	(void)state;
	char file[4096];
	(void)snprintf(file, sizeof(file), "%s%s", base_file, agreement);
	/* before the agreement: 100+2+1.73 + 100+2+0.70 + 100 = 306.43 */
	cobra_money before = owed(base_file, NULL, "2026-11-22");
	assert_int_equal(before, 30643);
	/* the day of the agreement, before its payment is counted the same day:
	 * the old debt owes nothing, the new one 300.00 - 60.00 paid */
	assert_int_equal(owed(file, "0123aaaaaaaaaaaaaaa1", "2026-11-22"), 0);
	assert_int_equal(owed(file, "0123ccccccccccccccc1", "2026-11-22"), 24000);
	/* nothing lost: balance before = new total + what was given (2.43 + 4.00)
	 * and the 60.00 paid */
	assert_int_equal(before, 30000 + 243 + 400);
	assert_int_equal(owed(file, NULL, "2026-11-22") + 6000 + 243 + 400, before);
	/* earlier dates still see the old debt (history is not rewritten) */
	assert_int_equal(owed(file, "0123aaaaaaaaaaaaaaa1", "2026-11-21"), owed(base_file, NULL, "2026-11-21"));
}

static void test_agreement_break_reopens_minus_collected(void **state)
{
	(void)state;
	char file[4096];
	/* broken on 2027-01-30: the 60.00 collected goes to #1 as of that day
	 * (#1: 120 days late: fee 2.00, interest 100 x 1% x 121/30 = 4.033 ->
	 * 4.03; so 4.03 interest, 2.00 fee, 53.97 principal) and the rest of the
	 * agreement (240.00) is cancelled */
	(void)snprintf(file, sizeof(file),
		"%s%s\n[break 0123eeeeeeeeeeeeeee1]\ndate = 2027-01-30\nagreement = 0123bbbbbbbbbbbbbbb1\n"
		"collected = 60.00\ncancelled = 240.00\npaid.1 = 0123aaaaaaaaaaaaaaa1/1 4.03 2.00 53.97\n",
		base_file, agreement);
	assert_int_equal(owed(file, "0123ccccccccccccccc1", "2027-01-30"), 0);
	/* between the agreement and the break the originals stay closed */
	assert_int_equal(owed(file, "0123aaaaaaaaaaaaaaa1", "2027-01-29"), 0);
	/* after it they owe what they would have owed without the agreement,
	 * less the 60.00 collected */
	cobra_money without = owed(base_file, NULL, "2027-01-30");
	assert_int_equal(owed(file, NULL, "2027-01-30"), without - 6000);
}

static void test_agreement_records_refuse_inconsistency(void **state)
{
	(void)state;
	static const char *const bad[] = {
		/* replaces an installment that does not exist */
		"\n[agreement 0123bbbbbbbbbbbbbbb1]\ndate = 2026-11-22\ndebt = 0123ccccccccccccccc1\ntier = 1\ntotal = 1.00\n"
		"replaced.1 = 0123aaaaaaaaaaaaaaa1/9 0.00 0.00 1.00\n",
		/* a break of an agreement that does not exist */
		"\n[break 0123eeeeeeeeeeeeeee1]\ndate = 2027-01-30\nagreement = 0123bbbbbbbbbbbbbbb9\n",
		/* the same installment renegotiated twice */
		"\n[agreement 0123bbbbbbbbbbbbbbb1]\ndate = 2026-11-22\ndebt = 0123ccccccccccccccc1\ntier = 1\ntotal = 1.00\n"
		"replaced.1 = 0123aaaaaaaaaaaaaaa1/1 0.00 0.00 1.00\n"
		"\n[agreement 0123bbbbbbbbbbbbbbb2]\ndate = 2026-11-23\ndebt = 0123ccccccccccccccc1\ntier = 1\ntotal = 1.00\n"
		"replaced.1 = 0123aaaaaaaaaaaaaaa1/1 0.00 0.00 1.00\n",
	};
	for (size_t i = 0; i < N_ROWS(bad); i++) {
		char file[4096];
		struct cobra_account a;
		struct cobra_ledger l;
		(void)snprintf(file, sizeof(file), "%s%s", base_file, bad[i]);
		cobra_error_clear();
		assert_int_equal(cobra_account_parse(&a, "t.ini", "0123456789abcdef", file, strlen(file)), 0);
		int rc = cobra_ledger_build(&l, &a, "t.ini");
		if (rc == 0) {
			cobra_ledger_free(&l);
			fail_msg("row %zu was accepted", i);
		}
		assert_int_equal(cobra_error_code(), COBRA_DATA);
		cobra_account_free(&a);
	}
}

/* Holds: the last hold is in force until a release written after it. */
static void test_hold_in_force(void **state)
{
	(void)state;
	static const struct {
		const char *sections;
		const char *reason; /* NULL: not on hold */
	} rows[] = {
		{"", NULL},
		{"\n[hold 0123fffffffffffffff1]\ndate = 2026-11-01\nkind = dispute\nreason = price\n", "price"},
		{"\n[hold 0123fffffffffffffff1]\ndate = 2026-11-01\nkind = dispute\nreason = price\n"
		 "\n[release 0123fffffffffffffff2]\ndate = 2026-11-02\n",
		 NULL},
		{"\n[hold 0123fffffffffffffff1]\ndate = 2026-11-01\nkind = dispute\nreason = price\n"
		 "\n[release 0123fffffffffffffff2]\ndate = 2026-11-02\n"
		 "\n[hold 0123fffffffffffffff3]\ndate = 2026-11-03\nkind = opt-out\nreason = asked\n",
		 "asked"},
	};
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		char file[2048];
		struct cobra_account a;
		(void)snprintf(file, sizeof(file), "%s%s", base_file, rows[i].sections);
		assert_int_equal(cobra_account_parse(&a, "t.ini", "0123456789abcdef", file, strlen(file)), 0);
		const struct cobra_hold *h = cobra_account_hold(&a);
		if ((h == NULL) != (rows[i].reason == NULL) || (h && strcmp(h->reason, rows[i].reason) != 0))
			fail_msg("row %zu: hold %s", i, h ? h->reason : "(none)");
		cobra_account_free(&a);
	}
}

/* Steps done: only reminders that reached the customer count. */
static void test_step_done(void **state)
{
	(void)state;
	char file[2048];
	struct cobra_account a;
	(void)snprintf(file, sizeof(file), "%s%s", base_file,
		"\n[reminder 0123999999999999999a]\ndate = 2026-10-04\nstep = 3\nchannel = email\nstatus = sent\n"
		"item.1 = 0123aaaaaaaaaaaaaaa1/1 3\n"
		"\n[reminder 0123999999999999999b]\ndate = 2026-10-11\nstep = 10\nchannel = sms\nstatus = failed\n"
		"reason = exit 1\nitem.1 = 0123aaaaaaaaaaaaaaa1/1 10\n"
		"\n[reminder 0123999999999999999c]\ndate = 2026-10-29\nstep = -3\nchannel = sms\nstatus = unconfirmed\n"
		"item.1 = 0123aaaaaaaaaaaaaaa1/2 -3\n");
	if (cobra_account_parse(&a, "t.ini", "0123456789abcdef", file, strlen(file)) != 0)
		fail_msg("%s", cobra_error_message());
	assert_int_equal(cobra_step_done(&a, "0123aaaaaaaaaaaaaaa1", 1), 3); /* the failed +10 does not count */
	assert_int_equal(cobra_step_done(&a, "0123aaaaaaaaaaaaaaa1", 2), -3); /* unconfirmed counts: never resent */
	assert_int_equal(cobra_step_done(&a, "0123aaaaaaaaaaaaaaa1", 3), INT32_MIN);
	cobra_account_free(&a);
}

/* Early payment (cobra.ini early_discount, early_days): 2% off an
 * installment's open principal when it is paid in full at least 5 days
 * before its due date. */
static void test_early_discount_allocation(void **state)
{
	(void)state;
	struct cobra_account a;
	struct cobra_ledger l;
	struct cobra_charges ch = charges();
	ch.early_discount = 200;
	ch.early_days = 5;
	assert_int_equal(cobra_account_parse(&a, "t.ini", "0123456789abcdef", base_file, strlen(base_file)), 0);
	assert_int_equal(cobra_ledger_build(&l, &a, "t.ini"), 0);
	static const struct {
		const char *date;
		cobra_money amount, rest;
		size_t n;
		cobra_money p1, d1, p2, d2;
	} rows[] = {
		/* 2026-09-20, 11 days before Oct 1: 100.00 - 2% = 98.00 settles #1 */
		{"2026-09-20", 9800, 0, 1, 9800, 200, 0, 0},
		/* 5 days before: still early enough */
		{"2026-09-26", 9800, 0, 1, 9800, 200, 0, 0},
		/* 4 days before: no discount, a partial payment */
		{"2026-09-27", 9800, 0, 1, 9800, 0, 0, 0},
		/* not enough to pay #1 in full: no discount, all to principal */
		{"2026-09-20", 5000, 0, 1, 5000, 0, 0, 0},
		/* 150.00: #1 in full with its discount (98.00), 52.00 to #2: not in
		 * full, so no discount on it */
		{"2026-09-20", 15000, 0, 2, 9800, 200, 5200, 0},
		/* 196.00 pays #1 and #2 in full (98.00 each), both discounted */
		{"2026-09-20", 19600, 0, 2, 9800, 200, 9800, 200},
		/* 300.00 is more than the 294.00 owed with every discount: 6.00 left */
		{"2026-09-20", 30000, 600, 3, 9800, 200, 9800, 200},
	};
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		struct cobra_alloc *al = NULL;
		size_t n = 0;
		cobra_money rest = -1;
		assert_int_equal(cobra_allocate(&al, &n, &rest, &l, &ch, NULL, iso(rows[i].date), rows[i].amount), 0);
		if (n != rows[i].n || rest != rows[i].rest || al[0].principal != rows[i].p1 || al[0].discount != rows[i].d1 ||
		    (n > 1 && (al[1].principal != rows[i].p2 || al[1].discount != rows[i].d2)))
			fail_msg("row %zu: n %zu rest %lld first %lld/%lld", i, n, (long long)rest, (long long)al[0].principal,
				(long long)al[0].discount);
		free(al);
	}
	cobra_ledger_free(&l);
	cobra_account_free(&a);
}

/* A discounted installment is settled: it owes nothing after, late or not,
 * and the record reads back with its discount. */
static void test_early_discount_settles(void **state)
{
	(void)state;
	char file[2048];
	(void)snprintf(file, sizeof(file), "%s%s", base_file,
		"\n[payment 0123ddddddddddddddd1]\ndate = 2026-09-20\namount = 98.00\nmethod = pix\n"
		"paid.1 = 0123aaaaaaaaaaaaaaa1/1 0.00 0.00 98.00 2.00\n");
	/* #1 settled; #2 and #3 owe 100.00 each, with charges on #2 from Nov 1:
	 * on 2026-11-22, #2: fee 2.00 + 100 x 1% x 21/30 = 0.70 */
	assert_int_equal(owed(file, NULL, "2026-11-22"), 10000 + 200 + 70 + 10000);
	/* a zero discount is not canonical, a sixth field is malformed */
	static const char *const bad[] = {"0123aaaaaaaaaaaaaaa1/1 0.00 0.00 98.00 0.00",
		"0123aaaaaaaaaaaaaaa1/1 0.00 0.00 98.00 2.00 1.00"};
	for (size_t i = 0; i < N_ROWS(bad); i++) {
		struct cobra_account a;
		(void)snprintf(file, sizeof(file), "%s\n[payment 0123ddddddddddddddd1]\ndate = 2026-09-20\namount = 98.00\n"
			"method = pix\npaid.1 = %s\n", base_file, bad[i]);
		cobra_error_clear();
		assert_int_not_equal(cobra_account_parse(&a, "t.ini", "0123456789abcdef", file, strlen(file)), 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_schedule_default_step_reached_table, unit_clear),
		cmocka_unit_test_setup(test_schedule_channel_choice_table, unit_clear),
		cmocka_unit_test_setup(test_schedule_min_interval, unit_clear),
		cmocka_unit_test_setup(test_schedule_policy_sections_table, unit_clear),
		cmocka_unit_test_setup(test_schedule_initial_policy_round_trip, unit_clear),
		cmocka_unit_test_setup(test_agreement_closes_replaced_and_loses_nothing, unit_clear),
		cmocka_unit_test_setup(test_agreement_break_reopens_minus_collected, unit_clear),
		cmocka_unit_test_setup(test_agreement_records_refuse_inconsistency, unit_clear),
		cmocka_unit_test_setup(test_hold_in_force, unit_clear),
		cmocka_unit_test_setup(test_step_done, unit_clear),
		cmocka_unit_test_setup(test_early_discount_allocation, unit_clear),
		cmocka_unit_test_setup(test_early_discount_settles, unit_clear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
