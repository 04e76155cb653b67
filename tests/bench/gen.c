/*
 * gen.c - writes a large cobra store as plain files, for `make bench`.
 *
 *   gen --template DIR --store DIR --journal FILE [--info FILE]
 *       [--customers N] [--sales N] [--installments N] [--seed N] [--today YYYY-MM-DD]
 *
 * Every byte of every record comes from the library's own canonical writers
 * (cobra_customer_write, cobra_sale_write, cobra_payment_write); plans come
 * from cobra_plan_make and every payment's allocation from cobra_allocate
 * over the customer's cobra_ledger as it stood on the payment's date, so the
 * store is exactly what a long series of `cobra sell` / `cobra pay` would
 * have written (and `cobra check` must accept it). Values go through
 * cobra_field_from_input, the validator the command line uses.
 *
 * The template is a store made by `cobra init`: its cobra.ini (the policy
 * the allocations are computed with) and .gitattributes are copied as they
 * are. Nothing here touches git: bench.sh commits and packs the result.
 *
 * Shape: N customers; sales spread at random over them, dated uniformly over
 * the two years before --today, each in --installments installments (mostly
 * monthly, some every 15 or 30 days, some with a down payment, some with a
 * financing rate). Of the installments due by --today about 80% are settled:
 * one sale in five stops being paid at some installment, a few installments
 * are skipped, and the rest are paid, most on time, some late, some very late,
 * one payment in twelve partial. A payment pays the debt's oldest open
 * installment, so a skipped one is caught up (with its charges) by the next
 * payment. Payments dated after --today are left out.
 *
 * The journal holds the same facts for ledger(1) / hledger(1): every sale is
 * Assets:Receivable:<handle> (the sum of its installments) / Income:Sales;
 * every payment is Assets:Cash / Assets:Receivable:<handle> (the principal
 * allocated) and, when it paid late charges, Income:Charges. So the
 * Assets:Receivable balance equals the open principal that `cobra due` lists.
 *
 * Deterministic: the same arguments give the same bytes (a splitmix64 PRNG
 * seeded by --seed; IDs are drawn from it, not from getrandom).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../src/buf.h"
#include "../../src/date.h"
#include "../../src/error.h"
#include "../../src/handle.h"
#include "../../src/id.h"
#include "../../src/ledger.h"
#include "../../src/money.h"
#include "../../src/records.h"
#include "../../src/strset.h"
#include "../../src/template.h"
#include "../../src/schema.h"
#include "../../src/store.h"
#include "../../src/text.h"

/* ---- PRNG ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

/* Uniform in [0, 1). */
static double unit(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

static void hex(char *out, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	uint64_t r = rnd();
	for (size_t i = 0; i < n; i++) {
		if (i == 16)
			r = rnd();
		out[i] = digits[(r >> (4 * (i % 16))) & 0xf];
	}
	out[n] = '\0';
}

/* ---- errors ---- */

static void die(const char *what)
{
	fprintf(stderr, "gen: %s: %s\n", what, cobra_error_message());
	exit(1);
}

static void die_errno(const char *what)
{
	fprintf(stderr, "gen: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p) {
		fprintf(stderr, "gen: out of memory\n");
		exit(1);
	}
	return p;
}

/* Sets field NAME of OBJ from TEXT exactly as the command line would. */
static void set(const struct cobra_schema *sc, void *obj, const char *name, const char *text)
{
	const struct cobra_field *f = cobra_schema_field(sc, name);
	if (!f) {
		fprintf(stderr, "gen: no field %s in [%s]\n", name, sc->section);
		exit(1);
	}
	if (cobra_field_from_input(f, obj, name, text) < 0)
		die(text);
}

/* ---- files ---- */

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die_errno(path);
	struct cobra_buf b = {0};
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		cobra_buf_add(&b, chunk, n);
	if (ferror(f) || b.oom)
		die_errno(path);
	fclose(f);
	cobra_buf_add(&b, "", 1);
	*len = b.len - 1;
	return b.data;
}

static void spit(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		die_errno(path);
}

static void mkdir_p(const char *path)
{
	char tmp[4096];
	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			die_errno(tmp);
		*p = '/';
	}
	if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
		die_errno(tmp);
}

/* ---- names and handles ---- */

static const char *const first_names[] = {
	"Maria", "José", "Ana", "João", "Antônio", "Francisco", "Carlos", "Paulo", "Pedro", "Lucas",
	"Luiz", "Marcos", "Luís", "Gabriel", "Rafael", "Francisca", "Daniel", "Marcelo", "Bruno", "Eduardo",
	"Felipe", "Raimundo", "Rodrigo", "Antônia", "Adriana", "Juliana", "Márcia", "Fernanda", "Patrícia", "Aline",
	"Sandra", "Camila", "Amanda", "Bruna", "Jéssica", "Letícia", "Júlia", "Luciana", "Vanessa", "Mariana",
	"Gustavo", "Vitória", "Conceição", "Sebastião", "Raquel", "Cláudia", "Tatiane", "Sérgio", "Fábio", "Débora",
};
static const char *const surnames[] = {
	"Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima", "Gomes",
	"Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes", "Vieira", "Barbosa",
	"Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado", "Mendes", "Freitas",
	"Cardoso", "Ramos", "Gonçalves", "Santana", "Teixeira", "Araújo", "Melo", "Cavalcanti", "Brandão", "Magalhães",
};
static const char *const business_kinds[] = {
	"Padaria", "Mercadinho", "Oficina", "Farmácia", "Papelaria", "Açougue", "Bar", "Salão", "Ótica", "Borracharia",
};
static const char *const descriptions[] = {
	"Geladeira", "Fogão 4 bocas", "TV 50 polegadas", "Sofá retrátil", "Celular", "Máquina de lavar",
	"Guarda-roupa", "Colchão casal", "Notebook", "Bicicleta", "Micro-ondas", "Mesa com 6 cadeiras",
	"Ar-condicionado", "Material de construção", "Roupas", "Ferramentas",
};
#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Adds S; returns 0 if it was there already. */
static int strset_add(struct cobra_strset *set, const char *s)
{
	if (cobra_strset_get(set, s))
		return 0;
	if (cobra_strset_put(set, s, 1) < 0)
		die("out of memory");
	return 1;
}

/* Claims HANDLE when it is free: cobra_handle_make stops at the first free one. */
static bool claim_handle(void *taken, const char *handle)
{
	return !strset_add(taken, handle);
}

/* A CPF with valid check digits, digits only. */
static void make_cpf(char out[12])
{
	int d[11];
	for (int i = 0; i < 9; i++)
		d[i] = (int)below(10);
	if (d[0] == d[1] && d[1] == d[2])
		d[2] = (d[2] + 1) % 10; /* never all digits equal */
	for (int k = 9; k < 11; k++) {
		int sum = 0;
		for (int i = 0; i < k; i++)
			sum += d[i] * (k + 1 - i);
		int r = sum % 11;
		d[k] = r < 2 ? 0 : 11 - r;
	}
	for (int i = 0; i < 11; i++)
		out[i] = (char)('0' + d[i]);
	out[11] = '\0';
}

/* A numeric CNPJ with valid check digits. */
static void make_cnpj(char out[15])
{
	static const int w1[12] = {5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
	static const int w2[13] = {6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2};
	int d[14];
	for (int i = 0; i < 8; i++)
		d[i] = (int)below(10);
	d[0] = 1 + (int)below(9);
	d[8] = 0, d[9] = 0, d[10] = 0, d[11] = 1;
	for (int k = 12; k < 14; k++) {
		const int *w = k == 12 ? w1 : w2;
		int sum = 0;
		for (int i = 0; i < k; i++)
			sum += d[i] * w[i];
		int r = sum % 11;
		d[k] = r < 2 ? 0 : 11 - r;
	}
	for (int i = 0; i < 14; i++)
		out[i] = (char)('0' + d[i]);
	out[14] = '\0';
}

/* ---- the model ---- */

struct opts {
	const char *template_dir, *store, *journal, *info;
	long customers, sales, installments;
	uint64_t seed;
	cobra_date today;
};

struct pay_event {
	cobra_date date;
	size_t sale, n; /* n: 0-based installment */
	int partial_pct; /* 0 = pay what the installment owes */
	size_t seq;
};

static int cmp_sale_date(const void *a, const void *b)
{
	const struct cobra_sale *x = a, *y = b;
	return x->date < y->date ? -1 : x->date > y->date;
}

static int cmp_event(const void *a, const void *b)
{
	const struct pay_event *x = a, *y = b;
	if (x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

struct stats {
	long customers, sales, installments, due, settled, open, paid_full, paid_part, payments, late_payments, allocations;
	long long bytes;
	cobra_money receivable, sold, cash;
	/* targets for bench.sh */
	cobra_money top_owed;
	char top_handle[33], top_path[80];
	char typical_handle[33], typical_path[80];
	char other_handle[33], other_path[80];
};

static char *money(char out[COBRA_MONEY_BUFSZ], cobra_money v)
{
	return cobra_money_format(out, v);
}

static void gen_customer(const struct opts *o, const struct cobra_policy *pol, struct cobra_strset *ids,
			 struct cobra_strset *handles, long nsales, FILE *journal, struct stats *st)
{
	struct cobra_customer c;
	struct cobra_account a;
	char text[256], path[80], full[4200], m1[COBRA_MONEY_BUFSZ], m2[COBRA_MONEY_BUFSZ], d[COBRA_DATE_BUFSZ];
	cobra_date span_start = o->today - 730;
	const struct cobra_schema *cs = &cobra_customer_schema, *ss = &cobra_sale_schema, *ps = &cobra_payment_schema;

	cobra_customer_init(&c);
	do
		hex(c.id, COBRA_CUSTOMER_ID_LEN);
	while (!strset_add(ids, c.id));
	bool business = below(100) < 6;
	if (business)
		snprintf(text, sizeof(text), "%s %s %s Ltda", business_kinds[below(NELEM(business_kinds))],
			first_names[below(NELEM(first_names))], surnames[below(NELEM(surnames))]);
	else if (below(100) < 45)
		snprintf(text, sizeof(text), "%s %s %s", first_names[below(NELEM(first_names))],
			surnames[below(NELEM(surnames))], surnames[below(NELEM(surnames))]);
	else
		snprintf(text, sizeof(text), "%s %s", first_names[below(NELEM(first_names))],
			surnames[below(NELEM(surnames))]);
	set(cs, &c, "name", text);
	if (cobra_handle_make(c.handle, c.name, c.id, claim_handle, handles) < 0)
		die("handle");
	if (business || below(100) < 55) {
		char doc[16];
		if (business)
			make_cnpj(doc);
		else
			make_cpf(doc);
		set(cs, &c, "doc", doc);
	}
	if (below(100) < 75) {
		snprintf(text, sizeof(text), "+55%02d9%08d", 11 + (int)below(89), (int)below(100000000));
		set(cs, &c, "phone", text);
	}
	if (below(100) < 40) {
		snprintf(text, sizeof(text), "%.20s%d@example.com.br", c.handle, (int)below(1000));
		for (char *p = text; *p && *p != '@'; p++)
			if (*p == '-')
				*p = '.';
		set(cs, &c, "email", text);
	}
	if (below(100) < 30) {
		snprintf(text, sizeof(text), "Rua %s, %d - %s", surnames[below(NELEM(surnames))], 1 + (int)below(2000),
			below(2) ? "São Paulo SP" : "Recife PE");
		set(cs, &c, "address", text);
	}
	if (below(100) < 35) {
		snprintf(text, sizeof(text), "%d", 500 * (1 + (int)below(20)));
		set(cs, &c, "limit", text);
	}
	if (below(100) < 50)
		set(cs, &c, "channel", below(3) ? "whatsapp" : below(2) ? "sms" : "email");
	if (below(100) < 5)
		set(cs, &c, "note", "prefere pagar no dia 10");

	/* Sales, oldest first. */
	memset(&a, 0, sizeof(a));
	a.sales = xcalloc((size_t)nsales, sizeof(*a.sales));
	a.nsales = (size_t)nsales;
	for (long i = 0; i < nsales; i++) {
		struct cobra_sale *s = &a.sales[i];
		cobra_sale_init(s);
		s->date = span_start + (cobra_date)below(731);
	}
	qsort(a.sales, a.nsales, sizeof(*a.sales), cmp_sale_date);
	cobra_date first = nsales ? a.sales[0].date : span_start + (cobra_date)below(731);
	c.since = first - (cobra_date)below(180);

	size_t maxev = 0;
	for (size_t i = 0; i < a.nsales; i++) {
		struct cobra_sale *s = &a.sales[i];
		struct cobra_plan plan = {0};
		/* 50.00 .. 5000.00, most of them small */
		double u = unit();
		cobra_money total = 5000 + (cobra_money)(495000.0 * u * u * u);
		total -= total % 10; /* prices end in 0 cents often enough */
		snprintf(text, sizeof(text), "%lld.%02lld", (long long)(total / 100), (long long)(total % 100));
		set(ss, s, "total", text);
		if (below(100) < 60)
			set(ss, s, "description", descriptions[below(NELEM(descriptions))]);
		if (below(100) < 20) {
			cobra_money down = s->total * (10 + (cobra_money)below(21)) / 100;
			snprintf(text, sizeof(text), "%lld.%02lld", (long long)(down / 100), (long long)(down % 100));
			set(ss, s, "down", text);
		}
		if (below(100) < 15)
			set(ss, s, "rate", below(2) ? "1.99" : "2.49");
		unsigned ev = (unsigned)below(100);
		set(ss, s, "every", ev < 90 ? "1m" : ev < 95 ? "30d" : "15d");
		plan.financed = s->total - s->down;
		plan.count = (int)o->installments;
		plan.rate_bp = s->rate;
		memcpy(plan.every, s->every, sizeof(plan.every));
		plan.first_due = cobra_every_step(s->every, s->date, 1);
		s->due = xcalloc((size_t)plan.count, sizeof(*s->due));
		s->due_count = (size_t)plan.count;
		if (cobra_plan_make(s->due, &s->financing, &plan) < 0)
			die("plan");
		for (;;) {
			hex(s->id + 4, COBRA_EVENT_ID_LEN - 4);
			memcpy(s->id, c.id, 4);
			if (cobra_account_sale(&a, s->id) == s)
				break;
		}
		maxev += s->due_count;
	}

	/* Which installments get paid, when, and how much. */
	struct pay_event *evs = xcalloc(maxev, sizeof(*evs));
	size_t nevs = 0;
	for (size_t i = 0; i < a.nsales; i++) {
		const struct cobra_sale *s = &a.sales[i];
		/* One sale in five stops being paid at some installment. */
		size_t stop = below(100) < 20 ? (size_t)below(s->due_count) : s->due_count;
		for (size_t k = 0; k < s->due_count; k++) {
			st->installments++;
			cobra_date due = s->due[k].due;
			if (due > o->today)
				continue;
			st->due++;
			if (k >= stop || below(100) < 4)
				continue; /* never paid */
			unsigned r = (unsigned)below(100);
			int delay = r < 80 ? -(int)below(8) : r < 95 ? 1 + (int)below(45) : 46 + (int)below(75);
			cobra_date when = due + delay;
			if (when < s->date)
				when = s->date;
			if (when > o->today)
				continue; /* not yet */
			struct pay_event *e = &evs[nevs];
			e->date = when;
			e->sale = i;
			e->n = k;
			e->partial_pct = below(100) < 8 ? 30 + (int)below(41) : 0;
			e->seq = nevs;
			nevs++;
		}
	}
	qsort(evs, nevs, sizeof(*evs), cmp_event);

	/* Pay them in date order, allocated by the library as `cobra pay DEBT` would. */
	a.payments = xcalloc(nevs, sizeof(*a.payments));
	a.npayments = 0;
	for (size_t j = 0; j < nevs; j++) {
		const struct pay_event *e = &evs[j];
		const struct cobra_sale *s = &a.sales[e->sale];
		struct cobra_ledger l;
		struct cobra_owed ow;
		cobra_date first_due = 0;
		cobra_money rest = 0;
		if (cobra_ledger_build(&l, &a, "gen") < 0)
			die("ledger");
		/* The customer pays this debt's oldest open installment (with its
		 * charges; and the next one too when what is open of the oldest is a
		 * small rest), as `cobra pay DEBT` would allocate it: oldest first. */
		cobra_money amount = 0, nominal = s->due[e->n].amount;
		for (size_t i = 0; i < l.nlines && amount < nominal / 2; i++) {
			const struct cobra_iline *x = &l.lines[i];
			if (x->sale != s || x->due > e->date + 10)
				continue;
			if (cobra_charges_eval(&ow, &pol->charges, x->due, x->amount, x->ev, x->nev, e->date) < 0)
				die("charges");
			if (ow.total == 0)
				continue;
			if (amount == 0)
				first_due = x->due;
			amount += ow.total;
		}
		if (e->partial_pct && amount > 1)
			amount = amount * e->partial_pct / 100;
		if (amount <= 0) {
			cobra_ledger_free(&l);
			continue; /* an earlier payment to this debt covered it already */
		}
		struct cobra_payment *p = &a.payments[a.npayments];
		cobra_payment_init(p);
		p->date = e->date;
		money(m1, amount);
		set(ps, p, "amount", m1);
		unsigned meth = (unsigned)below(100);
		set(ps, p, "method", meth < 40 ? "cash" : meth < 80 ? "pix" : meth < 90 ? "card" : meth < 95 ? "transfer" : "boleto");
		if (meth >= 40 && meth < 80 && below(2)) {
			snprintf(text, sizeof(text), "E%012llu", (unsigned long long)below(1000000000000ULL));
			set(ps, p, "ref", text);
		}
		if (cobra_allocate(&p->paid, &p->paid_count, &rest, &l, &pol->charges, s->id, p->date, p->amount) < 0)
			die("allocate");
		cobra_ledger_free(&l);
		if (rest != 0 || p->paid_count == 0) {
			fprintf(stderr, "gen: internal: %s left unallocated\n", money(m1, rest));
			exit(1);
		}
		for (;;) {
			hex(p->id + 4, COBRA_EVENT_ID_LEN - 4);
			memcpy(p->id, c.id, 4);
			bool clash = cobra_account_sale(&a, p->id) != NULL;
			for (size_t i = 0; i < a.npayments && !clash; i++)
				clash = strcmp(a.payments[i].id, p->id) == 0;
			if (!clash)
				break;
		}
		a.npayments++;
		if (e->partial_pct)
			st->paid_part++;
		else
			st->paid_full++;
		if (e->date > first_due)
			st->late_payments++;
	}
	free(evs);

	/* The file: the customer, then sales and payments in the order they happened. */
	struct cobra_buf out = {0};
	cobra_customer_write(&out, &c);
	size_t si = 0, pi = 0;
	while (si < a.nsales || pi < a.npayments) {
		if (pi == a.npayments || (si < a.nsales && a.sales[si].date <= a.payments[pi].date)) {
			const struct cobra_sale *s = &a.sales[si++];
			cobra_money inst = 0;
			cobra_sale_write(&out, s);
			for (size_t k = 0; k < s->due_count; k++)
				inst += s->due[k].amount;
			fprintf(journal, "%s sale %.10s to %s\n    Assets:Receivable:%s    %s BRL\n    Income:Sales\n\n",
				cobra_date_format(d, s->date), s->id, c.handle, c.handle, money(m1, inst));
			st->receivable += inst;
			st->sold += inst;
		} else {
			const struct cobra_payment *p = &a.payments[pi++];
			cobra_money principal = 0, charges = 0;
			cobra_payment_write(&out, p);
			for (size_t k = 0; k < p->paid_count; k++) {
				principal += p->paid[k].principal;
				charges += p->paid[k].interest + p->paid[k].fee;
			}
			fprintf(journal, "%s payment %.10s from %s\n    Assets:Cash    %s BRL\n    Assets:Receivable:%s    -%s BRL\n",
				cobra_date_format(d, p->date), p->id, c.handle, money(m1, p->amount), c.handle, money(m2, principal));
			if (charges)
				fprintf(journal, "    Income:Charges\n");
			fputc('\n', journal);
			st->receivable -= principal;
			st->cash += p->amount;
			st->payments++;
			st->allocations += (long)p->paid_count;
		}
	}
	if (out.oom) {
		fprintf(stderr, "gen: out of memory\n");
		exit(1);
	}
	cobra_customer_path(path, c.id, c.handle);
	snprintf(full, sizeof(full), "%s/customers/%.2s", o->store, c.id);
	mkdir_p(full);
	snprintf(full, sizeof(full), "%s/%s", o->store, path);
	spit(full, out.data, out.len);
	st->bytes += (long long)out.len;
	st->customers++;
	st->sales += (long)a.nsales;

	/* Targets for the write benchmarks. */
	struct cobra_ledger l;
	cobra_money owed = 0;
	if (cobra_ledger_build(&l, &a, path) < 0 || cobra_ledger_owed(&owed, &l, &pol->charges, NULL, o->today) < 0)
		die("owed");
	for (size_t i = 0; i < l.nlines; i++) {
		struct cobra_owed ow;
		if (cobra_charges_eval(&ow, &pol->charges, l.lines[i].due, l.lines[i].amount, l.lines[i].ev, l.lines[i].nev,
			    o->today) < 0)
			die("charges");
		if (ow.total == 0)
			st->settled++;
		else
			st->open++;
	}
	cobra_ledger_free(&l);
	if (owed > st->top_owed) {
		st->top_owed = owed;
		memcpy(st->top_handle, c.handle, sizeof(st->top_handle));
		memcpy(st->top_path, path, sizeof(st->top_path));
	}
	long typical = o->sales / (o->customers ? o->customers : 1);
	if (nsales == typical && owed > 0) {
		if (!st->typical_handle[0]) {
			memcpy(st->typical_handle, c.handle, sizeof(st->typical_handle));
			memcpy(st->typical_path, path, sizeof(st->typical_path));
		} else if (!st->other_handle[0]) {
			memcpy(st->other_handle, c.handle, sizeof(st->other_handle));
			memcpy(st->other_path, path, sizeof(st->other_path));
		}
	}

	cobra_buf_free(&out);
	cobra_account_free(&a);
}

static long num_arg(const char *name, const char *v)
{
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (errno || *end || n < 0) {
		fprintf(stderr, "gen: %s: not a number: %s\n", name, v);
		exit(2);
	}
	return n;
}

static void usage(void)
{
	fputs("usage: gen --template DIR --store DIR --journal FILE [--info FILE] [--customers N] [--sales N]\n"
	      "           [--installments N] [--seed N] [--today YYYY-MM-DD]\n",
		stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct opts o = {NULL, NULL, NULL, NULL, 10000, 100000, 10, 20261122, 0};
	struct cobra_policy pol;
	struct stats st;
	char path[4200], m1[COBRA_MONEY_BUFSZ], m2[COBRA_MONEY_BUFSZ], m3[COBRA_MONEY_BUFSZ];
	char *data;
	size_t len;

	if (cobra_date_parse_iso(&o.today, "2026-11-22") != 0)
		return 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!v)
			usage();
		if (strcmp(a, "--template") == 0)
			o.template_dir = v;
		else if (strcmp(a, "--store") == 0)
			o.store = v;
		else if (strcmp(a, "--journal") == 0)
			o.journal = v;
		else if (strcmp(a, "--info") == 0)
			o.info = v;
		else if (strcmp(a, "--customers") == 0)
			o.customers = num_arg(a, v);
		else if (strcmp(a, "--sales") == 0)
			o.sales = num_arg(a, v);
		else if (strcmp(a, "--installments") == 0)
			o.installments = num_arg(a, v);
		else if (strcmp(a, "--seed") == 0)
			o.seed = (uint64_t)num_arg(a, v);
		else if (strcmp(a, "--today") == 0) {
			if (cobra_date_parse_iso(&o.today, v) != 0) {
				fprintf(stderr, "gen: --today: not a date: %s\n", v);
				return 2;
			}
		} else
			usage();
		i++;
	}
	if (!o.template_dir || !o.store || !o.journal || o.customers < 1 || o.installments < 1 ||
	    o.installments > COBRA_MAX_INSTALLMENTS)
		usage();
	rng_state = o.seed;

	/* The policy, and the files every store has, from the template. */
	mkdir_p(o.store);
	snprintf(path, sizeof(path), "%s/cobra.ini", o.template_dir);
	data = slurp(path, &len);
	if (cobra_policy_parse(&pol, path, data, len) < 0)
		die(path);
	snprintf(path, sizeof(path), "%s/cobra.ini", o.store);
	spit(path, data, len);
	free(data);
	snprintf(path, sizeof(path), "%s/.gitattributes", o.template_dir);
	data = slurp(path, &len);
	snprintf(path, sizeof(path), "%s/.gitattributes", o.store);
	spit(path, data, len);
	free(data);
	for (const struct cobra_template_default *t = cobra_template_defaults; t->name; t++) {
		snprintf(path, sizeof(path), "%s/templates", o.store);
		mkdir_p(path);
		snprintf(path, sizeof(path), "%s/templates/%s.txt", o.store, t->name);
		spit(path, t->text, strlen(t->text));
	}

	FILE *journal = fopen(o.journal, "w");
	if (!journal)
		die_errno(o.journal);
	static char jbuf[1 << 20];
	setvbuf(journal, jbuf, _IOFBF, sizeof(jbuf));
	fprintf(journal, "; cobra bench journal: the same sales and payments as the generated store\n\n");

	/* Spread the sales over the customers at random. */
	long *count = xcalloc((size_t)o.customers, sizeof(*count));
	for (long i = 0; i < o.sales; i++)
		count[below((uint64_t)o.customers)]++;

	struct cobra_strset ids = {0}, handles = {0};
	memset(&st, 0, sizeof(st));
	for (long i = 0; i < o.customers; i++) {
		gen_customer(&o, &pol, &ids, &handles, count[i], journal, &st);
		if (o.customers >= 1000 && (i + 1) % (o.customers / 10) == 0)
			fprintf(stderr, "gen: %ld/%ld customers\n", i + 1, o.customers);
	}
	free(count);
	if (ferror(journal) || fclose(journal) != 0)
		die_errno(o.journal);

	FILE *info = o.info ? fopen(o.info, "w") : stdout;
	if (!info)
		die_errno(o.info);
	fprintf(info, "customers=%ld\nsales=%ld\ninstallments=%ld\ndue_installments=%ld\n", st.customers, st.sales,
		st.installments, st.due);
	fprintf(info, "settled_installments=%ld\nopen_installments=%ld\n", st.settled, st.open);
	fprintf(info, "paid_in_full_events=%ld\npartial_payments=%ld\nlate_payments=%ld\npayments=%ld\nallocations=%ld\n",
		st.paid_full, st.paid_part, st.late_payments, st.payments, st.allocations);
	fprintf(info, "record_bytes=%lld\nsold=%s\ncash=%s\nreceivable=%s\n", st.bytes, money(m1, st.sold),
		money(m2, st.cash), money(m3, st.receivable));
	fprintf(info, "pay_handle=%s\npay_owed=%s\npay_path=%s\n", st.top_handle, money(m1, st.top_owed), st.top_path);
	fprintf(info, "sell_handle=%s\nsell_path=%s\ngit_handle=%s\ngit_path=%s\n", st.typical_handle, st.typical_path,
		st.other_handle[0] ? st.other_handle : st.typical_handle, st.other_handle[0] ? st.other_path : st.typical_path);
	if (info != stdout && fclose(info) != 0)
		die_errno(o.info);
	return 0;
}
