#include "ledger.h"

#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "error.h"

cobra_date cobra_every_step(const char *every, cobra_date first, int k)
{
	if (strcmp(every, "1m") == 0) {
		int y, m, d;
		cobra_date_to_ymd(first, &y, &m, &d);
		return cobra_date_add_months(first, k, d);
	}
	int days = 0;
	for (const char *c = every; *c >= '0' && *c <= '9'; c++)
		days = days * 10 + (*c - '0');
	return first + k * days;
}

static cobra_date step_due(const struct cobra_plan *p, int k)
{
	return cobra_every_step(p->every, p->first_due, k);
}

/* Balance left after COUNT payments of PMT at RATE (bp/month), interest of
 * each period rounded half-up. Stops early once it is far below zero. */
static __int128 price_left(cobra_money financed, int32_t bp, int count, cobra_money pmt)
{
	__int128 bal = financed;
	for (int k = 0; k < count; k++) {
		if (bal > 0)
			bal += cobra_div_round(bal * bp, 10000);
		bal -= pmt;
	}
	return bal;
}

int cobra_plan_make(struct cobra_installment *out, cobra_money *financing, const struct cobra_plan *p)
{
	if (p->count < 1 || p->count > COBRA_MAX_INSTALLMENTS)
		return cobra_error(COBRA_INVALID, "installments: \"%d\" is out of range (1 to %d)", p->count,
			COBRA_MAX_INSTALLMENTS);
	if (p->financed < p->count)
		return cobra_error(COBRA_INVALID,
			"installments: %d installments need at least %d cents to finance", p->count, p->count);
	*financing = 0;
	if (p->rate_bp == 0) {
		cobra_money base = p->financed / p->count, rem = p->financed % p->count;
		for (int k = 0; k < p->count; k++) {
			out[k].due = step_due(p, k);
			out[k].amount = base + (k == 0 ? rem : 0);
		}
		return 0;
	}
	/* Smallest whole-cent payment that leaves no balance. */
	cobra_money lo = (p->financed + p->count - 1) / p->count, hi = p->financed + 1;
	while (price_left(p->financed, p->rate_bp, p->count, hi) > 0)
		hi *= 2;
	while (lo < hi) {
		cobra_money mid = lo + (hi - lo) / 2;
		if (price_left(p->financed, p->rate_bp, p->count, mid) > 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	__int128 over = -price_left(p->financed, p->rate_bp, p->count, lo);
	cobra_money sum = 0;
	for (int k = 0; k < p->count; k++) {
		out[k].due = step_due(p, k);
		out[k].amount = lo;
		if (k == p->count - 1)
			out[k].amount = lo - (cobra_money)over;
		if (!cobra_money_add(&sum, sum, out[k].amount) || out[k].amount <= 0)
			return cobra_error(COBRA_INVALID,
				"installments: %d equal whole-cent installments cannot repay this amount at this rate "
				"(the last one would be zero); use fewer installments", p->count);
	}
	*financing = sum - p->financed;
	if (sum > COBRA_MONEY_MAX)
		return cobra_error(COBRA_INVALID, "rate: the financed total exceeds the maximum amount");
	return 0;
}

void cobra_charges_for(struct cobra_charges *out, const struct cobra_charges *pol, const char *doc)
{
	*out = *pol;
	if (cobra_fee_over_cap(pol, doc))
		out->late_fee = COBRA_CONSUMER_FEE_CAP;
}

bool cobra_fee_over_cap(const struct cobra_charges *pol, const char *doc)
{
	return pol->late_fee > COBRA_CONSUMER_FEE_CAP && cobra_doc_kind(doc) != COBRA_DOC_CNPJ;
}

cobra_date cobra_due_effective(const struct cobra_charges *pol, cobra_date due)
{
	if (strcmp(pol->due_shift, "next-weekday") == 0) {
		int w = cobra_date_weekday(due);
		if (w == 5)
			return due + 2;
		if (w == 6)
			return due + 1;
	}
	return due;
}

int cobra_charges_eval(struct cobra_owed *o, const struct cobra_charges *pol, cobra_date due, cobra_money amount,
		       const struct cobra_ievent *ev, size_t nev, cobra_date asof)
{
	cobra_date d = cobra_due_effective(pol, due);
	cobra_date g = d + pol->grace_days;
	cobra_money paid_p = 0, paid_f = 0, paid_i = 0;
	memset(o, 0, sizeof(*o));
	o->due_eff = d;
	o->days_late = asof > d ? (int)(asof - d) : 0;
	for (size_t i = 0; i < nev && ev[i].date <= asof; i++) {
		paid_p += ev[i].principal + ev[i].discount;
		paid_f += ev[i].fee;
		paid_i += ev[i].interest;
	}
	if (paid_p >= amount) {
		/* Settled: what was paid with it stands, whatever the policy says now. */
		o->fee_total = paid_f;
		o->interest_total = paid_i;
		o->overpaid = paid_p > amount;
		return 0;
	}
	if (asof > g) {
		cobra_money p = amount;
		size_t i = 0;
		for (; i < nev && ev[i].date <= g; i++)
			p -= ev[i].principal + ev[i].discount;
		if (p < 0)
			p = 0;
		o->fee_total = cobra_div_round((__int128)p * pol->late_fee, 10000);
		cobra_date from = d;
		__int128 interest = 0;
		for (; i < nev && ev[i].date <= asof; i++) {
			if (ev[i].date > from) {
				interest += cobra_div_round((__int128)p * pol->interest * (ev[i].date - from), 300000);
				from = ev[i].date;
			}
			p -= ev[i].principal + ev[i].discount;
			if (p < 0)
				p = 0;
		}
		if (asof > from)
			interest += cobra_div_round((__int128)p * pol->interest * (asof - from), 300000);
		if (interest > COBRA_MONEY_MAX * (__int128)1000)
			return cobra_error(COBRA_DATA, "interest: overflows the maximum amount");
		o->interest_total = (cobra_money)interest;
	}
	o->principal = amount - paid_p;
	o->fee = o->fee_total - paid_f;
	o->interest = o->interest_total - paid_i;
	if (o->principal < 0 || o->fee < 0 || o->interest < 0) {
		o->overpaid = true;
		o->principal = o->principal < 0 ? 0 : o->principal;
		o->fee = o->fee < 0 ? 0 : o->fee;
		o->interest = o->interest < 0 ? 0 : o->interest;
	}
	if (!cobra_money_add(&o->total, o->principal, o->fee) || !cobra_money_add(&o->total, o->total, o->interest))
		return cobra_error(COBRA_DATA, "total: overflows");
	return 0;
}

static int add_event(struct cobra_iline *line, cobra_date date, const struct cobra_alloc *a)
{
	size_t n = line->nev;
	if (n == line->cap) {
		size_t cap = n ? n * 2 : 2;
		void *p = realloc(line->ev, cap * sizeof(*line->ev));
		if (!p)
			return cobra_error(COBRA_DATA, "out of memory");
		line->ev = p;
		line->cap = cap;
	}
	/* keep date order even if a hand edit appended an older payment; after
	 * any events of the same date, so that file order breaks ties */
	size_t k = n;
	while (k > 0 && line->ev[k - 1].date > date)
		k--;
	memmove(&line->ev[k + 1], &line->ev[k], (n - k) * sizeof(*line->ev));
	struct cobra_ievent *e = &line->ev[k];
	e->date = date;
	e->interest = a->interest;
	e->fee = a->fee;
	e->principal = a->principal;
	e->discount = a->discount;
	line->nev = n + 1;
	return 0;
}

int cobra_iline_owed(struct cobra_owed *out, const struct cobra_charges *pol, const struct cobra_iline *line,
		     cobra_date date, bool *closed)
{
	*closed = cobra_iline_closed(line->closed_from, line->closed_until, date);
	if (*closed) {
		memset(out, 0, sizeof(*out));
		out->due_eff = cobra_due_effective(pol, line->due);
		return 0;
	}
	return cobra_charges_eval(out, pol, line->due, line->amount, line->ev, line->nev, date);
}

struct cobra_iline *cobra_ledger_line(const struct cobra_ledger *l, const char *debt, int n)
{
	for (size_t i = 0; i < l->nlines; i++)
		if (l->lines[i].n == n && strcmp(l->lines[i].sale->id, debt) == 0)
			return &l->lines[i];
	return NULL;
}

static int agreement_apply(struct cobra_ledger *l, const struct cobra_agreement *ag, const char *path)
{
	for (size_t k = 0; k < ag->replaced_count; k++) {
		const struct cobra_alloc *r = &ag->replaced[k];
		struct cobra_iline *line = cobra_ledger_line(l, r->debt, r->n);
		if (!line || line->sale->date > ag->date)
			return cobra_error(COBRA_DATA, "%s: [agreement %s] replaced.%zu: no installment %s/%d", path, ag->id,
				k + 1, r->debt, (int)r->n);
		if (line->closed_from != INT32_MAX && line->closed_until > ag->date)
			return cobra_error(COBRA_DATA, "%s: [agreement %s] replaced.%zu: %s/%d is already renegotiated",
				path, ag->id, k + 1, r->debt, (int)r->n);
		line->closed_from = ag->date;
		line->closed_until = INT32_MAX;
	}
	return 0;
}

static int break_apply(struct cobra_ledger *l, const struct cobra_account *a, const struct cobra_break *b,
		       const char *path)
{
	const struct cobra_agreement *ag = cobra_account_agreement(a, b->agreement);
	if (!ag || ag->seq > b->seq || ag->date > b->date)
		return cobra_error(COBRA_DATA, "%s: [break %s]: no earlier agreement %s", path, b->id, b->agreement);
	for (size_t k = 0; k < ag->replaced_count; k++) {
		struct cobra_iline *line = cobra_ledger_line(l, ag->replaced[k].debt, ag->replaced[k].n);
		if (line->closed_from != ag->date || line->closed_until != INT32_MAX)
			return cobra_error(COBRA_DATA, "%s: [break %s]: agreement %s is not in force", path, b->id, ag->id);
		line->closed_until = b->date;
	}
	for (size_t i = 0; i < l->nlines; i++)
		if (strcmp(l->lines[i].sale->id, ag->debt) == 0 && l->lines[i].closed_from == INT32_MAX) {
			l->lines[i].closed_from = b->date;
			l->lines[i].cancelled = true;
		}
	for (size_t k = 0; k < b->paid_count; k++) {
		struct cobra_iline *line = cobra_ledger_line(l, b->paid[k].debt, b->paid[k].n);
		if (!line)
			return cobra_error(COBRA_DATA, "%s: [break %s] paid.%zu: no installment %s/%d", path, b->id, k + 1,
				b->paid[k].debt, (int)b->paid[k].n);
		int rc = add_event(line, b->date, &b->paid[k]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Agreements and breaks, merged in file order. */
static int apply_agreements(struct cobra_ledger *l, const struct cobra_account *a, const char *path)
{
	size_t i = 0, j = 0;
	int rc = 0;
	while (rc == 0 && (i < a->nagreements || j < a->nbreaks)) {
		if (j == a->nbreaks || (i < a->nagreements && a->agreements[i].seq < a->breaks[j].seq))
			rc = agreement_apply(l, &a->agreements[i++], path);
		else
			rc = break_apply(l, a, &a->breaks[j++], path);
	}
	return rc;
}

int cobra_ledger_build(struct cobra_ledger *l, const struct cobra_account *a, const char *path)
{
	size_t total = 0;
	int rc = 0;
	memset(l, 0, sizeof(*l));
	size_t *base = calloc(a->nsales + 1, sizeof(*base));
	if (!base)
		return cobra_error(COBRA_DATA, "out of memory");
	for (size_t i = 0; i < a->nsales; i++) {
		base[i] = total;
		total += a->sales[i].due_count;
	}
	l->lines = calloc(total ? total : 1, sizeof(*l->lines));
	if (!l->lines) {
		free(base);
		return cobra_error(COBRA_DATA, "out of memory");
	}
	l->nlines = total;
	for (size_t i = 0; i < a->nsales; i++) {
		for (size_t k = 0; k < a->sales[i].due_count; k++) {
			struct cobra_iline *line = &l->lines[base[i] + k];
			line->sale = &a->sales[i];
			line->n = (int)k + 1;
			line->due = a->sales[i].due[k].due;
			line->amount = a->sales[i].due[k].amount;
			line->closed_from = line->closed_until = INT32_MAX;
		}
	}
	for (size_t j = 0; j < a->npayments && rc == 0; j++) {
		const struct cobra_payment *p = &a->payments[j];
		for (size_t k = 0; k < p->paid_count && rc == 0; k++) {
			const struct cobra_alloc *al = &p->paid[k];
			size_t s = 0;
			while (s < a->nsales && strcmp(a->sales[s].id, al->debt) != 0)
				s++;
			if (s == a->nsales || al->n < 1 || (size_t)al->n > a->sales[s].due_count)
				rc = cobra_error(COBRA_DATA, "%s: [payment %s] paid.%zu: no installment %s/%d", path, p->id,
					k + 1, al->debt, (int)al->n);
			else
				rc = add_event(&l->lines[base[s] + (size_t)al->n - 1], p->date, al);
		}
	}
	free(base);
	if (rc == 0)
		rc = apply_agreements(l, a, path);
	if (rc < 0)
		cobra_ledger_free(l);
	return rc;
}

void cobra_ledger_free(struct cobra_ledger *l)
{
	for (size_t i = 0; i < l->nlines; i++)
		free(l->lines[i].ev);
	free(l->lines);
	l->lines = NULL;
	l->nlines = 0;
}

struct order {
	const struct cobra_iline *line;
	cobra_date due_eff;
};

static int cmp_order(const void *a, const void *b)
{
	const struct order *x = a, *y = b;
	if (x->due_eff != y->due_eff)
		return x->due_eff < y->due_eff ? -1 : 1;
	if (x->line->sale->date != y->line->sale->date)
		return x->line->sale->date < y->line->sale->date ? -1 : 1;
	int c = strcmp(x->line->sale->id, y->line->sale->id);
	if (c)
		return c;
	return x->line->n - y->line->n;
}

static bool selected(const struct cobra_iline *line, const char *debt_id, cobra_date date)
{
	return line->sale->date <= date && !cobra_iline_closed(line->closed_from, line->closed_until, date) &&
	       (debt_id == NULL || strcmp(line->sale->id, debt_id) == 0);
}

/* The early-payment discount an installment gets when it is paid in full on
 * DATE: early_discount% of its open principal, half-up, when DATE is at
 * least early_days before its (effective) due date and nothing late is owed. */
static cobra_money early_discount(const struct cobra_charges *pol, const struct cobra_iline *line, cobra_date date,
				  const struct cobra_owed *o)
{
	if (pol->early_discount <= 0 || o->fee || o->interest ||
	    (int64_t)date > (int64_t)cobra_due_effective(pol, line->due) - pol->early_days)
		return 0;
	return cobra_div_round((__int128)o->principal * pol->early_discount, 10000);
}

int cobra_allocate(struct cobra_alloc **out, size_t *nout, cobra_money *rest, const struct cobra_ledger *l,
		   const struct cobra_charges *pol, const char *debt_id, cobra_date date, cobra_money amount)
{
	struct order *ord = calloc(l->nlines ? l->nlines : 1, sizeof(*ord));
	struct cobra_alloc *res = calloc(l->nlines ? l->nlines : 1, sizeof(*res));
	size_t n = 0, nres = 0;
	int rc = 0;
	if (!ord || !res) {
		free(ord);
		free(res);
		return cobra_error(COBRA_DATA, "out of memory");
	}
	for (size_t i = 0; i < l->nlines; i++) {
		if (!selected(&l->lines[i], debt_id, date))
			continue;
		ord[n].line = &l->lines[i];
		ord[n].due_eff = cobra_due_effective(pol, l->lines[i].due);
		n++;
	}
	qsort(ord, n, sizeof(*ord), cmp_order);
	cobra_money left = amount;
	for (size_t i = 0; i < n && left > 0; i++) {
		const struct cobra_iline *line = ord[i].line;
		struct cobra_owed o;
		if ((rc = cobra_charges_eval(&o, pol, line->due, line->amount, line->ev, line->nev, date)) < 0)
			break;
		if (o.total == 0)
			continue;
		struct cobra_alloc *a = &res[nres];
		memset(a, 0, sizeof(*a));
		memcpy(a->debt, line->sale->id, sizeof(a->debt));
		a->n = line->n;
		a->interest = left < o.interest ? left : o.interest;
		left -= a->interest;
		a->fee = left < o.fee ? left : o.fee;
		left -= a->fee;
		cobra_money disc = early_discount(pol, line, date, &o);
		if (disc > 0 && left >= o.principal - disc) {
			/* pays the whole installment early: the discount settles the rest */
			a->principal = o.principal - disc;
			a->discount = disc;
		} else {
			a->principal = left < o.principal ? left : o.principal;
		}
		left -= a->principal;
		nres++;
	}
	free(ord);
	if (rc < 0) {
		free(res);
		return rc;
	}
	*out = res;
	*nout = nres;
	*rest = left;
	return 0;
}

int cobra_ledger_owed(cobra_money *out, const struct cobra_ledger *l, const struct cobra_charges *pol,
		      const char *debt_id, cobra_date date)
{
	cobra_money sum = 0;
	for (size_t i = 0; i < l->nlines; i++) {
		const struct cobra_iline *line = &l->lines[i];
		struct cobra_owed o;
		int rc;
		if (!selected(line, debt_id, date))
			continue;
		if ((rc = cobra_charges_eval(&o, pol, line->due, line->amount, line->ev, line->nev, date)) < 0)
			return rc;
		if (!cobra_money_add(&sum, sum, o.total))
			return cobra_error(COBRA_DATA, "total: overflows");
	}
	*out = sum;
	return 0;
}
