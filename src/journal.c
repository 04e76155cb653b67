#include "journal.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

const char *const cobra_journal_accounts[] = {
	"Assets:Cash",
	"Assets:Bank:Pix",
	"Assets:Bank:Transfer",
	"Assets:Bank:Boleto",
	"Assets:Cards",
	COBRA_JACC_SALES,
	COBRA_JACC_FINANCING,
	COBRA_JACC_FEES,
	COBRA_JACC_INTEREST,
	COBRA_JACC_EARLY,
	COBRA_JACC_DISCOUNT,
	COBRA_JACC_WAIVED_FEES,
	COBRA_JACC_WAIVED_INTEREST,
};
const size_t cobra_journal_naccounts = sizeof(cobra_journal_accounts) / sizeof(cobra_journal_accounts[0]);

const char *const cobra_jkind_names[] = {"sale", "payment", "agreement", "break", "accrual"};

const char *cobra_journal_cash_account(const char *method)
{
	if (strcmp(method, "pix") == 0)
		return "Assets:Bank:Pix";
	if (strcmp(method, "transfer") == 0)
		return "Assets:Bank:Transfer";
	if (strcmp(method, "boleto") == 0)
		return "Assets:Bank:Boleto";
	if (strcmp(method, "card") == 0)
		return "Assets:Cards";
	return "Assets:Cash";
}

/* Adds a posting (none for 0; two postings to one account add up). */
static void post(struct cobra_jtxn *t, const char *account, cobra_money amount)
{
	if (amount == 0)
		return;
	for (size_t i = 0; i < t->n; i++)
		if (t->p[i].account == account) {
			t->p[i].amount += amount;
			return;
		}
	if (t->n < COBRA_JPOSTINGS) {
		t->p[t->n].account = account;
		t->p[t->n++].amount = amount;
	}
}

/* Removes postings that came to 0. */
static void compact(struct cobra_jtxn *t)
{
	size_t k = 0;
	for (size_t i = 0; i < t->n; i++)
		if (t->p[i].amount != 0)
			t->p[k++] = t->p[i];
	t->n = k;
}

static bool balanced(const struct cobra_jtxn *t)
{
	cobra_money sum = 0;
	for (size_t i = 0; i < t->n; i++)
		sum += t->p[i].amount;
	return sum == 0;
}

static void txn_init(struct cobra_jtxn *t, enum cobra_jkind kind, cobra_date date, int32_t seq, const char *id)
{
	memset(t, 0, sizeof(*t));
	t->kind = kind;
	t->date = date;
	t->seq = seq;
	t->id = id;
	t->ref = t->text = t->ref2 = "";
}

static bool is_agreement_debt(const struct cobra_account *a, const char *sale_id)
{
	for (size_t i = 0; i < a->nagreements; i++)
		if (strcmp(a->agreements[i].debt, sale_id) == 0)
			return true;
	return false;
}

static int sale_txn(struct cobra_jtxn *t, const struct cobra_sale *s, const char *path)
{
	cobra_money sum = 0;
	for (size_t k = 0; k < s->due_count; k++)
		sum += s->due[k].amount;
	txn_init(t, COBRA_J_SALE, s->date, s->seq, s->id);
	t->text = s->description;
	post(t, NULL, sum);
	post(t, COBRA_JACC_DOWN, s->down);
	post(t, COBRA_JACC_SALES, -s->total);
	post(t, COBRA_JACC_FINANCING, -s->financing);
	if (!balanced(t))
		return cobra_error(COBRA_DATA, "%s: [sale %s]: installments do not add up to total - down + financing",
			path, s->id);
	return 0;
}

static int payment_txn(struct cobra_jtxn *t, const struct cobra_payment *p, const char *path)
{
	txn_init(t, COBRA_J_PAYMENT, p->date, p->seq, p->id);
	t->text = p->method;
	t->ref2 = p->ref;
	post(t, cobra_journal_cash_account(p->method), p->amount);
	for (size_t k = 0; k < p->paid_count; k++) {
		const struct cobra_alloc *al = &p->paid[k];
		post(t, COBRA_JACC_EARLY, al->discount);
		post(t, NULL, -(al->principal + al->discount));
		post(t, COBRA_JACC_INTEREST, -al->interest);
		post(t, COBRA_JACC_FEES, -al->fee);
	}
	compact(t);
	if (!balanced(t))
		return cobra_error(COBRA_DATA, "%s: [payment %s]: the allocation does not add up to the amount", path, p->id);
	return 0;
}

/* Principal of LINE still open on DATE (events up to DATE). */
static cobra_money line_principal(const struct cobra_iline *line, cobra_date date)
{
	cobra_money p = line->amount;
	for (size_t k = 0; k < line->nev && line->ev[k].date <= date; k++)
		p -= line->ev[k].principal + line->ev[k].discount;
	return p;
}

/* The replaced balance of AG: principal, fee, interest. */
static void replaced_sums(const struct cobra_agreement *ag, cobra_money *p, cobra_money *f, cobra_money *i)
{
	*p = *f = *i = 0;
	for (size_t k = 0; k < ag->replaced_count; k++) {
		*p += ag->replaced[k].principal;
		*f += ag->replaced[k].fee;
		*i += ag->replaced[k].interest;
	}
}

static int agreement_txn(struct cobra_jtxn *t, const struct cobra_account *a, const struct cobra_ledger *l,
			 const struct cobra_agreement *ag, const char *path)
{
	cobra_money p, f, i, total = 0;
	const struct cobra_sale *debt = cobra_account_sale(a, ag->debt);
	if (!debt)
		return cobra_error(COBRA_DATA, "%s: [agreement %s]: no debt %s", path, ag->id, ag->debt);
	for (size_t k = 0; k < debt->due_count; k++)
		total += debt->due[k].amount;
	replaced_sums(ag, &p, &f, &i);
	for (size_t k = 0; k < ag->replaced_count; k++) {
		const struct cobra_iline *line = cobra_ledger_line(l, ag->replaced[k].debt, ag->replaced[k].n);
		/* the journal takes out what the record says; it must be what was open */
		if (!line || line_principal(line, ag->date) != ag->replaced[k].principal)
			return cobra_error(COBRA_DATA, "%s: [agreement %s] replaced.%zu: the principal is not what was open",
				path, ag->id, k + 1);
	}
	txn_init(t, COBRA_J_AGREEMENT, ag->date, ag->seq, ag->id);
	t->ref = ag->debt;
	t->p[t->n++] = (struct cobra_jposting){NULL, -p}; /* kept apart from the new debt's posting */
	post(t, COBRA_JACC_FEES, -f);
	post(t, COBRA_JACC_INTEREST, -i);
	post(t, COBRA_JACC_WAIVED_FEES, ag->waive_fee);
	post(t, COBRA_JACC_WAIVED_INTEREST, ag->waive_interest);
	post(t, COBRA_JACC_DISCOUNT, ag->discount);
	t->p[t->n++] = (struct cobra_jposting){NULL, total};
	compact(t);
	if (!balanced(t) || total != ag->total)
		return cobra_error(COBRA_DATA, "%s: [agreement %s]: the replaced balance less what was given is not the "
			"new debt's total", path, ag->id);
	return 0;
}

/* What the agreement's debt collected up to DATE, by kind. */
struct collected {
	cobra_money principal, fee, interest, discount, cancelled;
};

static void debt_collected(struct collected *c, const struct cobra_ledger *l, const char *debt, cobra_date date)
{
	memset(c, 0, sizeof(*c));
	for (size_t i = 0; i < l->nlines; i++) {
		const struct cobra_iline *line = &l->lines[i];
		if (strcmp(line->sale->id, debt) != 0)
			continue;
		for (size_t k = 0; k < line->nev && line->ev[k].date <= date; k++) {
			c->principal += line->ev[k].principal;
			c->fee += line->ev[k].fee;
			c->interest += line->ev[k].interest;
			c->discount += line->ev[k].discount;
		}
		if (line->cancelled && line->closed_from == date)
			c->cancelled += line_principal(line, date);
	}
}

static int break_txn(struct cobra_jtxn *t, const struct cobra_account *a, const struct cobra_ledger *l,
		     const struct cobra_break *b, const char *path)
{
	const struct cobra_agreement *ag = cobra_account_agreement(a, b->agreement);
	struct collected c;
	cobra_money p, f, i, bp = 0, bf = 0, bi = 0;
	if (!ag)
		return cobra_error(COBRA_DATA, "%s: [break %s]: no agreement %s", path, b->id, b->agreement);
	replaced_sums(ag, &p, &f, &i);
	debt_collected(&c, l, ag->debt, b->date);
	for (size_t k = 0; k < b->paid_count; k++) {
		bp += b->paid[k].principal + b->paid[k].discount;
		bf += b->paid[k].fee;
		bi += b->paid[k].interest;
	}
	txn_init(t, COBRA_J_BREAK, b->date, b->seq, b->id);
	t->ref = ag->id;
	/* the agreement's debt goes, the replaced principal comes back less
	 * what the agreement collected pays of it */
	t->p[t->n++] = (struct cobra_jposting){NULL, -c.cancelled};
	t->p[t->n++] = (struct cobra_jposting){NULL, p - bp};
	/* the agreement's income is undone (its fee and interest, what it gave,
	 * the charges and early discounts of its own installments), and the
	 * collected money pays the charges of the original installments */
	post(t, COBRA_JACC_FEES, f + c.fee - bf);
	post(t, COBRA_JACC_INTEREST, i + c.interest - bi);
	post(t, COBRA_JACC_WAIVED_FEES, -ag->waive_fee);
	post(t, COBRA_JACC_WAIVED_INTEREST, -ag->waive_interest);
	post(t, COBRA_JACC_DISCOUNT, -ag->discount);
	post(t, COBRA_JACC_EARLY, -c.discount);
	compact(t);
	if (!balanced(t))
		return cobra_error(COBRA_DATA, "%s: [break %s]: what it applies is not what agreement %s collected", path,
			b->id, ag->id);
	return 0;
}

/* Fees and interest owed and unpaid on ASOF. */
static int accrual_txn(struct cobra_jtxn *t, const struct cobra_ledger *l, const struct cobra_charges *ch,
		       cobra_date asof)
{
	cobra_money fee = 0, interest = 0;
	for (size_t i = 0; i < l->nlines; i++) {
		const struct cobra_iline *line = &l->lines[i];
		struct cobra_owed o;
		bool closed;
		int rc;
		if (line->sale->date > asof)
			continue;
		if ((rc = cobra_iline_owed(&o, ch, line, asof, &closed)) < 0)
			return rc;
		fee += o.fee;
		interest += o.interest;
	}
	txn_init(t, COBRA_J_ACCRUAL, asof, INT32_MAX, "");
	post(t, NULL, fee + interest);
	post(t, COBRA_JACC_FEES, -fee);
	post(t, COBRA_JACC_INTEREST, -interest);
	return 0;
}

static int cmp_txn(const void *x, const void *y)
{
	const struct cobra_jtxn *a = x, *b = y;
	if (a->date != b->date)
		return a->date < b->date ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

int cobra_journal_build(struct cobra_jtxn **out, size_t *nout, const struct cobra_account *a,
			const struct cobra_ledger *l, const struct cobra_charges *ch, cobra_date asof, const char *path)
{
	size_t cap = a->nsales + a->npayments + a->nagreements + a->nbreaks + 1, n = 0;
	struct cobra_jtxn *t = calloc(cap, sizeof(*t));
	int rc = 0;
	if (!t)
		return cobra_error(COBRA_DATA, "out of memory");
	for (size_t i = 0; i < a->nsales && rc == 0; i++)
		if (a->sales[i].date <= asof && !is_agreement_debt(a, a->sales[i].id))
			rc = sale_txn(&t[n++], &a->sales[i], path);
	for (size_t i = 0; i < a->npayments && rc == 0; i++)
		if (a->payments[i].date <= asof)
			rc = payment_txn(&t[n++], &a->payments[i], path);
	for (size_t i = 0; i < a->nagreements && rc == 0; i++)
		if (a->agreements[i].date <= asof)
			rc = agreement_txn(&t[n++], a, l, &a->agreements[i], path);
	for (size_t i = 0; i < a->nbreaks && rc == 0; i++)
		if (a->breaks[i].date <= asof)
			rc = break_txn(&t[n++], a, l, &a->breaks[i], path);
	if (rc == 0 && (rc = accrual_txn(&t[n], l, ch, asof)) == 0 && t[n].n > 0)
		n++;
	if (rc < 0) {
		free(t);
		return rc;
	}
	qsort(t, n, sizeof(*t), cmp_txn);
	*out = t;
	*nout = n;
	return 0;
}
