#include "offer.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "records.h"
#include "text.h"

/* The rules and the list of offers: offer.h. */

const struct cobra_tier cobra_book_defaults[4] = {
	{1, 30, 10000, 0, 0, 3000, 3},
	{31, 90, 10000, 10000, 500, 2000, 6},
	{91, 180, 10000, 10000, 1000, 1500, 10},
	{181, COBRA_TIER_OPEN, 10000, 10000, 2000, 1000, 12},
};

enum term { T_INTEREST, T_FEE, T_DISCOUNT, T_INSTALLMENTS, T_DOWN, T_COUNT };

static const char *const term_names[T_COUNT] = {"interest", "fee", "discount", "installments", "down"};

/* A tier line is shorter than COBRA_LINE_MAX (ini.h), so its quote fits. */
#define QUOTE_MAX 256

/* cobra_error() unless QUIET (cobra_offers tries terms without reporting,
 * and then does not even format the arguments). cobra_error translates the
 * message itself and keeps the English form for records: formatting the
 * translation here first would put it in both. */
#define fail(quiet, code, ...) ((quiet) ? -(int)(code) : cobra_error((code), __VA_ARGS__))

/* "100%", "12.5%", "12.25%": the canonical percentage, no trailing zeros
 * (a negative one only comes from an unchecked tier, for its message). */
static char *pct_format(char out[16], int32_t bp)
{
	int64_t v = bp < 0 ? -(int64_t)bp : bp;
	const char *sign = bp < 0 ? "-" : "";
	if (v % 100 == 0)
		(void)snprintf(out, 16, "%s%lld%%", sign, (long long)(v / 100));
	else if (v % 10 == 0)
		(void)snprintf(out, 16, "%s%lld.%lld%%", sign, (long long)(v / 100), (long long)(v % 100 / 10));
	else
		(void)snprintf(out, 16, "%s%lld.%02lld%%", sign, (long long)(v / 100), (long long)(v % 100));
	return out;
}

static char *range_format(char out[32], const struct cobra_tier *t)
{
	if (t->to_days == COBRA_TIER_OPEN)
		(void)snprintf(out, 32, "%d-", (int)t->from_days);
	else
		(void)snprintf(out, 32, "%d-%d", (int)t->from_days, (int)t->to_days);
	return out;
}

/* Digits only, 1 to MAXLEN of them; -1 otherwise. */
static int32_t parse_count(const char *s, size_t len, size_t maxlen)
{
	int32_t v = 0;
	if (len == 0 || len > maxlen)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int parse_range(struct cobra_tier *t, const char *field, const char *tok)
{
	char q[QUOTE_MAX];
	const char *dash = strchr(tok, '-');
	cobra_quote(q, sizeof(q), tok);
	if (!dash)
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a range of days like 1-30 or 181-", field, q);
	int32_t from = parse_count(tok, (size_t)(dash - tok), 5);
	int32_t to = dash[1] ? parse_count(dash + 1, strlen(dash + 1), 5) : COBRA_TIER_OPEN;
	if (from < 0 || to < 0)
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a range of days like 1-30 or 181-", field, q);
	if (from < 1)
		return cobra_error(COBRA_INVALID, "%s: \"%s\" must start at day 1 or later", field, q);
	if (to < from)
		return cobra_error(COBRA_INVALID, "%s: \"%s\" ends before it starts", field, q);
	t->from_days = from;
	t->to_days = to;
	return 0;
}

static int parse_term(struct cobra_tier *t, bool seen[T_COUNT], const char *field, const char *tok)
{
	char q[QUOTE_MAX], sub[160];
	const char *eq = strchr(tok, '=');
	size_t k = 0;
	cobra_quote(q, sizeof(q), tok);
	for (; eq && k < T_COUNT; k++)
		if (strlen(term_names[k]) == (size_t)(eq - tok) && strncmp(tok, term_names[k], (size_t)(eq - tok)) == 0)
			break;
	if (!eq || k == T_COUNT)
		return cobra_error(COBRA_INVALID,
			"%s: \"%s\" is not a term like discount=10%% (interest, fee, discount, installments or down)",
			field, q);
	if (seen[k])
		return cobra_error(COBRA_INVALID, "%s: \"%s\" repeats %s=", field, q, term_names[k]);
	seen[k] = true;
	const char *value = eq + 1;
	if (k == T_INSTALLMENTS) {
		int32_t n = parse_count(value, strlen(value), 3);
		if (n < 1 || n > COBRA_MAX_INSTALLMENTS)
			return cobra_error(COBRA_INVALID, "%s: \"%s\": installments must be a number from 1 to %d",
				field, q, COBRA_MAX_INSTALLMENTS);
		t->max_installments = n;
		return 0;
	}
	int32_t *const dests[T_COUNT] = {
		&t->waive_interest_bp, &t->waive_fee_bp, &t->discount_bp, NULL, &t->min_down_bp};
	int32_t *dest = dests[k];
	(void)snprintf(sub, sizeof(sub), "%s %s", field, term_names[k]);
	return cobra_rate_parse(dest, sub, value);
}

int cobra_tier_parse(struct cobra_tier *out, const char *field, const char *text)
{
	struct cobra_tier t = {0, 0, 0, 0, 0, 0, 0};
	bool seen[T_COUNT] = {false, false, false, false, false};
	char tok[64], q[QUOTE_MAX];
	size_t ntok = 0;
	for (const char *p = text;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			break;
		size_t len = strcspn(p, " ");
		(void)snprintf(tok, sizeof(tok), "%.*s", (int)(len < sizeof(tok) ? len : sizeof(tok) - 1), p);
		if (len >= sizeof(tok))
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is too long for a term", field,
				cobra_quote(q, sizeof(q), tok));
		int rc = ntok == 0 ? parse_range(&t, field, tok) : parse_term(&t, seen, field, tok);
		if (rc < 0)
			return rc;
		ntok++;
		p += len;
	}
	cobra_quote(q, sizeof(q), text);
	if (ntok == 0)
		return cobra_error(COBRA_INVALID,
			"%s: \"%s\" is not a tier like 1-30 interest=100%% fee=0%% discount=0%% installments=3 down=30%%",
			field, q);
	for (size_t k = 0; k < T_COUNT; k++)
		if (!seen[k])
			return cobra_error(COBRA_INVALID, "%s: \"%s\" lacks %s=", field, q, term_names[k]);
	*out = t;
	return 0;
}

void cobra_tier_format(struct cobra_buf *out, const struct cobra_tier *t)
{
	char r[32], a[16], b[16], c[16], d[16];
	cobra_buf_printf(out, "%s interest=%s fee=%s discount=%s installments=%d down=%s", range_format(r, t),
		pct_format(a, t->waive_interest_bp), pct_format(b, t->waive_fee_bp), pct_format(c, t->discount_bp),
		(int)t->max_installments, pct_format(d, t->min_down_bp));
}

/* One tier on its own: a sane range and terms in range. */
static int tier_check(const struct cobra_tier *t, const char *field, size_t num)
{
	char r[32], p[16];
	const int32_t bps[4] = {t->waive_interest_bp, t->waive_fee_bp, t->discount_bp, t->min_down_bp};
	const char *names[4] = {"interest", "fee", "discount", "down"};
	range_format(r, t);
	if (t->from_days < 1 || t->from_days > COBRA_TIER_MAX_DAYS || t->to_days < t->from_days ||
		(t->to_days > COBRA_TIER_MAX_DAYS && t->to_days != COBRA_TIER_OPEN))
		return cobra_error(COBRA_INVALID, "%s.tier.%zu: \"%s\" is not a range of days from 1 to %d", field, num,
			r, COBRA_TIER_MAX_DAYS);
	for (size_t k = 0; k < 4; k++)
		if (bps[k] < 0 || bps[k] > COBRA_RATE_MAX_BP)
			return cobra_error(COBRA_INVALID, "%s.tier.%zu: %s \"%s\" is out of range (0 to 100%%)", field,
				num, names[k], pct_format(p, bps[k]));
	if (t->max_installments < 1 || t->max_installments > COBRA_MAX_INSTALLMENTS)
		return cobra_error(COBRA_INVALID, "%s.tier.%zu: installments \"%d\" is out of range (1 to %d)", field,
			num, (int)t->max_installments, COBRA_MAX_INSTALLMENTS);
	return 0;
}

int cobra_book_check(const struct cobra_tier *tiers, size_t n, const char *field)
{
	char r[32], pr[32];
	if (n == 0)
		return cobra_error(COBRA_INVALID, "%s: the offer book has no tiers", field);
	for (size_t i = 0; i < n; i++) {
		const struct cobra_tier *t = &tiers[i];
		int rc = tier_check(t, field, i + 1);
		if (rc < 0)
			return rc;
		range_format(r, t);
		if (i == 0) {
			if (t->from_days != 1)
				return cobra_error(COBRA_INVALID, "%s.tier.1: \"%s\" must start at day 1", field, r);
			continue;
		}
		const struct cobra_tier *prev = &tiers[i - 1];
		range_format(pr, prev);
		if (prev->to_days == COBRA_TIER_OPEN)
			return cobra_error(COBRA_INVALID, "%s.tier.%zu: \"%s\" is open-ended but is not the last tier",
				field, i, pr);
		if (t->from_days <= prev->to_days)
			return cobra_error(COBRA_INVALID,
				"%s.tier.%zu: \"%s\" overlaps or comes before %s.tier.%zu (\"%s\")", field, i + 1, r,
				field, i, pr);
		if (t->from_days > prev->to_days + 1)
			return cobra_error(COBRA_INVALID, "%s.tier.%zu: \"%s\" leaves days %d to %d without a tier",
				field, i + 1, r, (int)prev->to_days + 1, (int)t->from_days - 1);
	}
	return 0;
}

const struct cobra_tier *cobra_book_find(const struct cobra_tier *tiers, size_t n, int32_t days_overdue)
{
	for (size_t i = 0; i < n; i++)
		if (tiers[i].from_days <= days_overdue && days_overdue <= tiers[i].to_days)
			return &tiers[i];
	return NULL;
}

/* share(X, bp) = round_half_up(X x bp / 10000); bp outside 0..100% (an
 * unchecked tier) counts as its nearest bound. */
static cobra_money share(cobra_money x, int32_t bp)
{
	if (x <= 0 || bp <= 0)
		return 0;
	if (bp > COBRA_RATE_MAX_BP)
		bp = COBRA_RATE_MAX_BP;
	return cobra_div_round((__int128)x * bp, 10000);
}

static int amount_check(bool quiet, const char *what, cobra_money v)
{
	char m[COBRA_MONEY_BUFSZ], mx[COBRA_MONEY_BUFSZ];
	if (v >= 0 && v <= COBRA_MONEY_MAX)
		return 0;
	return fail(quiet, COBRA_INVALID, "%s: \"%s\" is out of range (0.00 to %s)", what, cobra_money_format(m, v),
		cobra_money_format(mx, COBRA_MONEY_MAX));
}

static int within(bool quiet, const char *what, cobra_money v, const char *of, cobra_money limit)
{
	char m[COBRA_MONEY_BUFSZ], l[COBRA_MONEY_BUFSZ];
	if (v <= limit)
		return 0;
	return fail(quiet, COBRA_INVALID, "%s: \"%s\" is more than the %s (%s)", what, cobra_money_format(m, v), of,
		cobra_money_format(l, limit));
}

/* The split of what is left after the down payment. */
static int split_check(bool quiet, const struct cobra_terms *t, cobra_money total)
{
	char m[COBRA_MONEY_BUFSZ];
	cobra_money rest = total - t->down;
	int n = (int)t->installments;
	if (n < 0 || n > COBRA_MAX_INSTALLMENTS)
		return fail(quiet, COBRA_INVALID, "installments: \"%d\" is out of range (0 to %d)", n,
			COBRA_MAX_INSTALLMENTS);
	if (rest == 0 && n > 0)
		return fail(quiet, COBRA_INVALID,
			"installments: \"%d\" but the down payment pays the whole new total (%s)", n,
			cobra_money_format(m, total));
	if (rest > 0 && n == 0)
		return fail(quiet, COBRA_INVALID, "installments: \"0\" leaves %s unpaid after the down payment",
			cobra_money_format(m, rest));
	if (rest < n)
		return fail(quiet, COBRA_INVALID, "installments: \"%d\" is more than the %lld cents left to split", n,
			(long long)rest);
	return 0;
}

static int deal_compute(struct cobra_deal *out, const struct cobra_balance *b, const struct cobra_terms *t, bool quiet)
{
	int rc;
	if ((rc = amount_check(quiet, "principal", b->principal)) < 0 ||
		(rc = amount_check(quiet, "fee", b->fee)) < 0 ||
		(rc = amount_check(quiet, "interest", b->interest)) < 0 ||
		(rc = amount_check(quiet, "interest waiver", t->waive_interest)) < 0 ||
		(rc = amount_check(quiet, "fee waiver", t->waive_fee)) < 0 ||
		(rc = amount_check(quiet, "discount", t->discount)) < 0 ||
		(rc = amount_check(quiet, "down payment", t->down)) < 0)
		return rc;
	if ((rc = within(quiet, "interest waiver", t->waive_interest, "interest owed", b->interest)) < 0 ||
		(rc = within(quiet, "fee waiver", t->waive_fee, "late fee owed", b->fee)) < 0 ||
		(rc = within(quiet, "discount", t->discount, "principal", b->principal)) < 0)
		return rc;
	/* Each part is at most COBRA_MONEY_MAX: these sums cannot overflow. */
	cobra_money given = t->waive_interest + t->waive_fee + t->discount;
	cobra_money total = b->principal + b->fee + b->interest - given;
	if (total == 0)
		return fail(quiet, COBRA_INVALID, "terms: the waivers and the discount leave nothing to pay");
	if (total > COBRA_MONEY_MAX) {
		/* The agreement becomes one debt, and a debt's total is one amount. */
		char m[COBRA_MONEY_BUFSZ], mx[COBRA_MONEY_BUFSZ];
		return fail(quiet, COBRA_INVALID, "terms: the new total %s is more than the largest amount, %s",
			cobra_money_format(m, total), cobra_money_format(mx, COBRA_MONEY_MAX));
	}
	if ((rc = within(quiet, "down payment", t->down, "new total", total)) < 0 ||
		(rc = split_check(quiet, t, total)) < 0)
		return rc;
	cobra_money rest = total - t->down;
	out->total = total;
	out->given = given;
	out->down = t->down;
	out->installments = t->installments;
	out->each = t->installments > 0 ? rest / t->installments : 0;
	out->first = t->installments > 0 ? out->each + rest % t->installments : 0;
	return 0;
}

int cobra_deal_make(struct cobra_deal *out, const struct cobra_balance *b, const struct cobra_terms *t)
{
	return deal_compute(out, b, t, false);
}

static int limit_check(bool quiet, const char *what, cobra_money v, int32_t bp, cobra_money limit)
{
	char m[COBRA_MONEY_BUFSZ], l[COBRA_MONEY_BUFSZ], p[16];
	if (v <= limit)
		return 0;
	return fail(quiet, COBRA_REFUSED, "%s %s is more than the %s (%s) this tier allows", what,
		cobra_money_format(m, v), pct_format(p, bp), cobra_money_format(l, limit));
}

static int terms_fit(
	const struct cobra_terms *t, const struct cobra_balance *b, const struct cobra_tier *tier, bool quiet)
{
	struct cobra_deal d = {0, 0, 0, 0, 0, 0};
	int rc = deal_compute(&d, b, t, quiet);
	if (rc < 0)
		return rc;
	if ((rc = limit_check(quiet, "interest waiver", t->waive_interest, tier->waive_interest_bp,
		     share(b->interest, tier->waive_interest_bp))) < 0 ||
		(rc = limit_check(quiet, "fee waiver", t->waive_fee, tier->waive_fee_bp,
			 share(b->fee, tier->waive_fee_bp))) < 0 ||
		(rc = limit_check(quiet, "discount", t->discount, tier->discount_bp,
			 share(b->principal, tier->discount_bp))) < 0)
		return rc;
	if (t->installments > tier->max_installments)
		return fail(quiet, COBRA_REFUSED, "installments %d is more than the %d this tier allows",
			(int)t->installments, (int)tier->max_installments);
	cobra_money min_down = share(d.total, tier->min_down_bp);
	if (t->down < min_down) {
		char m[COBRA_MONEY_BUFSZ], l[COBRA_MONEY_BUFSZ], p[16];
		return fail(quiet, COBRA_REFUSED, "down payment %s is less than the %s (%s) this tier requires",
			cobra_money_format(m, t->down), pct_format(p, tier->min_down_bp),
			cobra_money_format(l, min_down));
	}
	return 0;
}

int cobra_terms_check(const struct cobra_terms *t, const struct cobra_balance *b, const struct cobra_tier *tier)
{
	return terms_fit(t, b, tier, false);
}

static cobra_money new_total(const struct cobra_balance *b, const struct cobra_terms *t)
{
	return b->principal + b->fee + b->interest - t->waive_interest - t->waive_fee - t->discount;
}

size_t cobra_offers(struct cobra_terms *out, size_t max, const struct cobra_balance *b, const struct cobra_tier *t)
{
	struct cobra_terms cand[COBRA_MAX_OFFERS];
	size_t n = 0;
	if (amount_check(true, "", b->principal) < 0 || amount_check(true, "", b->fee) < 0 ||
		amount_check(true, "", b->interest) < 0)
		return 0; /* and new_total below could overflow */
	cobra_money wi = share(b->interest, t->waive_interest_bp), wf = share(b->fee, t->waive_fee_bp);
	int32_t half = t->max_installments / 2;
	const int32_t counts[2] = {half >= 1 && half < t->max_installments ? half : 0, t->max_installments};
	cand[n] = (struct cobra_terms){wi, wf, share(b->principal, t->discount_bp), 0, 0};
	cand[n].down = new_total(b, &cand[n]);
	if (terms_fit(&cand[n], b, t, true) == 0)
		n++;
	for (size_t i = 0; i < 2; i++) {
		if (counts[i] < 1)
			continue;
		cand[n] = (struct cobra_terms){wi, wf, 0, 0, counts[i]};
		cand[n].down = share(new_total(b, &cand[n]), t->min_down_bp);
		if (terms_fit(&cand[n], b, t, true) == 0)
			n++;
	}
	if (n > max)
		n = max;
	for (size_t i = 0; i < n; i++)
		out[i] = cand[i];
	return n;
}
