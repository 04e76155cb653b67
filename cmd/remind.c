/*
 * cobra remind: today's collection actions from the schedule, and with
 * --send their delivery, recorded in one commit.
 *
 * A run plans from the read cache (one action per customer, at the most
 * advanced step any of its open installments reached that was not done yet),
 * renders each message from its template, and with --send delivers it and
 * appends a [reminder] to the customer's file. Before each delivery the
 * action is written to .git/cobra-outbox (synced), and its outcome after it;
 * the next run records whatever an interrupted run left there (as
 * "unconfirmed" when the outcome is unknown) and never sends it again.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../src/cache.h"
#include "../src/config.h"
#include "../src/doc.h"
#include "../src/fileio.h"
#include "../src/id.h"
#include "../src/mail.h"
#include "../src/offer.h"
#include "../src/pix.h"
#include "../src/resolve.h"
#include "../src/schedule.h"
#include "../src/spawn.h"
#include "../src/template.h"
#include "../src/text.h"
#include "account_edit.h"
#include "cobra.h"

static const char *opt_as_of, *opt_customer, *opt_step, *opt_letters;
static bool opt_send;

static const struct cobra_opt options[] = {
	{"as-of", 0, COBRA_OPT_VALUE, "DATE", N_("plan for this date (default today; not with --send)"), &opt_as_of, NULL},
	{"send", 0, COBRA_OPT_FLAG, NULL, N_("deliver the messages and record the outcomes (one commit)"), NULL, &opt_send},
	{"customer", 0, COBRA_OPT_VALUE, "CUSTOMER", N_("only this customer"), &opt_customer, NULL},
	{"step", 0, COBRA_OPT_VALUE, "STEP", N_("only actions at this step (its day offset or template name)"), &opt_step,
	 NULL},
	{"letters", 0, COBRA_OPT_VALUE, "DIR", N_("write letters to DIR/<date>-<handle>.txt instead of printing them"),
	 &opt_letters, NULL},
	COBRA_OPT_REQUEST_ID,
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

struct item {
	char debt[21];
	int n, count;
	cobra_date sale_date, due;
	int32_t step;
	struct cobra_owed o;
};

struct action {
	char id[17], handle[33], name[COBRA_NAME_MAX], phone[24], email[101], address[COBRA_ADDRESS_MAX];
	char skip[240]; /* why nothing is done, or "" */
	int step;       /* index in the schedule */
	const char *channel;
	struct item *items;
	size_t nitems;
	cobra_money principal, fee, interest, total;
	int days_late;
	cobra_date oldest;
	struct cobra_buf subject, body, link;
	char rid[21], status[16], reason[200];
};

struct plan {
	struct cobra_ctx *ctx;
	cobra_date asof;
	struct action *acts;
	size_t nacts, cap;
	struct outbox *ob;
};

/* Copies SRC into DST (N bytes), cut at a character boundary if it must be;
 * only for reasons reported by other programs, which cobra does not own. */
static void copy_reason(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);
	if (len >= n) {
		len = n - 1;
		while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80)
			len--;
	}
	memcpy(dst, src, len);
	dst[len] = '\0';
}

/* ---- the outbox: what a --send run is delivering, synced before each send ---- */

struct obentry {
	char customer[17], rid[21], channel[16], status[16], reason[200];
	cobra_date date;
	int32_t step;
	struct cobra_ritem *items;
	size_t nitems;
};

struct outbox {
	char path[4200];
	int fd;
	struct obentry *e;
	size_t n;
};

static void outbox_path(struct cobra_store *s, char *out, size_t n)
{
	(void)snprintf(out, n, "%scobra-outbox", git_repository_path(s->repo));
}

/* "B\tCUSTOMER\tRID\tDATE\tSTEP\tCHANNEL\tDEBT/N:STEP,..." and "E\tRID\tSTATUS\tREASON" */
static int outbox_parse_line(struct outbox *ob, char *line)
{
	char *f[8], *save = NULL;
	size_t nf = 0;
	for (char *t = strtok_r(line, "\t", &save); t && nf < 8; t = strtok_r(NULL, "\t", &save))
		f[nf++] = t;
	if (nf >= 7 && strcmp(f[0], "B") == 0) {
		struct obentry *e = realloc(ob->e, (ob->n + 1) * sizeof(*e));
		if (!e)
			return cobra_error(COBRA_DATA, "out of memory");
		ob->e = e;
		e = &ob->e[ob->n];
		memset(e, 0, sizeof(*e));
		if (strlen(f[1]) != 16 || strlen(f[2]) != 20 || cobra_date_parse_iso(&e->date, f[3]) != 0 ||
		    strlen(f[5]) >= sizeof(e->channel))
			return -1;
		memcpy(e->customer, f[1], 17);
		memcpy(e->rid, f[2], 21);
		e->step = (int32_t)strtol(f[4], NULL, 10);
		memcpy(e->channel, f[5], strlen(f[5]) + 1);
		memcpy(e->status, "unconfirmed", sizeof("unconfirmed"));
		(void)snprintf(e->reason, sizeof(e->reason), "an interrupted run did not learn the outcome");
		char *isave = NULL;
		for (char *it = strtok_r(f[6], ",", &isave); it; it = strtok_r(NULL, ",", &isave)) {
			struct cobra_ritem *ri = realloc(e->items, (e->nitems + 1) * sizeof(*ri));
			char *colon = strrchr(it, ':');
			if (!ri)
				return cobra_error(COBRA_DATA, "out of memory");
			e->items = ri;
			ri = &e->items[e->nitems];
			if (!colon || colon - it != 20 + 1 + (long)strcspn(it + 21, ":") || it[20] != '/')
				return -1;
			memcpy(ri->debt, it, 20);
			ri->debt[20] = '\0';
			ri->n = (int32_t)strtol(it + 21, NULL, 10);
			ri->step = (int32_t)strtol(colon + 1, NULL, 10);
			e->nitems++;
		}
		ob->n++;
		return 0;
	}
	if (nf >= 3 && strcmp(f[0], "E") == 0) {
		for (size_t i = 0; i < ob->n; i++)
			if (strcmp(ob->e[i].rid, f[1]) == 0 && strlen(f[2]) < sizeof(ob->e[i].status)) {
				memcpy(ob->e[i].status, f[2], strlen(f[2]) + 1);
				copy_reason(ob->e[i].reason, sizeof(ob->e[i].reason), nf > 3 ? f[3] : "");
			}
		return 0;
	}
	return -1;
}

static int outbox_load(struct outbox *ob, struct cobra_store *s)
{
	char *data = NULL;
	size_t len = 0;
	memset(ob, 0, sizeof(*ob));
	ob->fd = -1;
	outbox_path(s, ob->path, sizeof(ob->path));
	int rc = cobra_file_read(ob->path, &data, &len);
	if (rc != 0)
		return rc > 0 ? 0 : rc;
	char *save = NULL;
	for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		/* a torn last line (crash mid-write) is ignored: its send had not begun */
		int r = outbox_parse_line(ob, line);
		if (r < -1) {
			free(data);
			return r;
		}
		cobra_error_clear();
	}
	free(data);
	return 0;
}

static const struct obentry *outbox_find(const struct outbox *ob, const char *customer)
{
	for (size_t i = 0; i < ob->n; i++)
		if (strcmp(ob->e[i].customer, customer) == 0)
			return &ob->e[i];
	return NULL;
}

static void outbox_free(struct outbox *ob)
{
	for (size_t i = 0; i < ob->n; i++)
		free(ob->e[i].items);
	free(ob->e);
	if (ob->fd >= 0)
		(void)close(ob->fd);
	memset(ob, 0, sizeof(*ob));
	ob->fd = -1;
}

static int outbox_write(struct outbox *ob, const struct cobra_buf *line)
{
	if (ob->fd < 0) {
		ob->fd = open(ob->path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (ob->fd < 0)
			return cobra_error(COBRA_DATA, "%s: cannot open: %s", ob->path, strerror(errno));
	}
	size_t off = 0;
	while (off < line->len) {
		ssize_t w = write(ob->fd, line->data + off, line->len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return cobra_error(COBRA_DATA, "%s: cannot write: %s", ob->path, strerror(errno));
		off += (size_t)w;
	}
	if (fdatasync(ob->fd) != 0)
		return cobra_error(COBRA_DATA, "%s: cannot sync: %s", ob->path, strerror(errno));
	return 0;
}

/* ---- planning ---- */

static int cmp_item(const void *a, const void *b)
{
	const struct item *x = a, *y = b;
	if (x->due != y->due)
		return x->due < y->due ? -1 : 1;
	int c = strcmp(x->debt, y->debt);
	return c ? c : x->n - y->n;
}

static bool step_matches(const struct cobra_step *st, const char *want)
{
	char off[16];
	(void)snprintf(off, sizeof(off), "%d", (int)st->offset);
	return strcmp(want, st->tmpl) == 0 || strcmp(want, off) == 0 ||
	       (want[0] == '+' && strcmp(want + 1, off) == 0);
}

static int plan_customer(void *arg, const struct cobra_cview *v)
{
	struct plan *pl = arg;
	const struct cobra_policy *pol = &pl->ctx->store.policy;
	const struct cobra_schedule *sc = &pol->schedule;
	struct cobra_charges ch;
	struct action a;
	int pending = -1, rc = 0;
	cobra_charges_for(&ch, &pol->charges, v->doc);
	memset(&a, 0, sizeof(a));
	a.step = -1;
	for (size_t i = 0; i < v->nlines; i++) {
		struct cobra_owed o;
		const struct cobra_cline *line = &v->lines[i];
		if ((rc = cobra_cline_owed(&o, v, i, &ch, pl->asof)) < 0)
			break;
		if (rc == 0)
			continue;
		rc = 0;
		int reached = cobra_step_reached(sc, o.due_eff, pl->asof);
		if (reached < 0)
			continue;
		struct item *it = realloc(a.items, (a.nitems + 1) * sizeof(*it));
		if (!it) {
			rc = cobra_error(COBRA_DATA, "out of memory");
			break;
		}
		a.items = it;
		it = &a.items[a.nitems++];
		memset(it, 0, sizeof(*it));
		memcpy(it->debt, v->sales[line->sale].id, 21);
		it->n = (int)line->n;
		it->count = (int)v->sales[line->sale].due_count;
		it->sale_date = v->sales[line->sale].date;
		it->due = line->due;
		it->step = sc->step[reached].offset;
		it->o = o;
		if (sc->step[reached].offset > line->step_done && reached > pending)
			pending = reached;
	}
	if (rc < 0 || pending < 0 || (opt_step && !step_matches(&sc->step[pending], opt_step))) {
		free(a.items);
		return rc;
	}
	qsort(a.items, a.nitems, sizeof(*a.items), cmp_item);
	a.step = pending;
	a.oldest = a.items[0].due;
	a.days_late = a.items[0].o.days_late;
	for (size_t i = 0; i < a.nitems; i++) {
		a.principal += a.items[i].o.principal;
		a.fee += a.items[i].o.fee;
		a.interest += a.items[i].o.interest;
		a.total += a.items[i].o.total;
	}
	memcpy(a.id, v->id, 17);
	memcpy(a.handle, v->handle, sizeof(a.handle));
	(void)snprintf(a.name, sizeof(a.name), "%s", v->name);
	(void)snprintf(a.phone, sizeof(a.phone), "%s", v->phone);
	(void)snprintf(a.email, sizeof(a.email), "%s", v->email);
	(void)snprintf(a.address, sizeof(a.address), "%s", v->address);
	/* e-mail needs a From: without the business's address, a customer's is of no use */
	struct cobra_contact contact = {v->channel, v->phone, pol->business.email[0] ? v->email : "", v->address};
	cobra_date next;
	char d[COBRA_DATE_BUFSZ];
	if (v->hold_kind[0])
		(void)snprintf(a.skip, sizeof(a.skip), "on hold (%s): %s", v->hold_kind, v->hold_reason);
	else if (pl->ob && outbox_find(pl->ob, v->id))
		(void)snprintf(a.skip, sizeof(a.skip), "an interrupted run's reminder is %s",
			opt_send ? "recorded now" : "waiting to be recorded by remind --send");
	else if (!cobra_interval_ok(v->sum->last_reminder, pl->asof, sc->min_interval, &next))
		(void)snprintf(a.skip, sizeof(a.skip), "reminded on %s; next one from %s (min_interval %d)",
			cobra_date_format(d, v->sum->last_reminder), cobra_date_format(a.reason, next),
			(int)sc->min_interval);
	else if (!(a.channel = cobra_step_channel(&sc->step[pending], &contact))) {
		const struct cobra_step *st = &sc->step[pending];
		int n = snprintf(a.skip, sizeof(a.skip), "no contact data for");
		for (int k = 0; k < st->nchannels && n > 0 && (size_t)n < sizeof(a.skip); k++)
			n += snprintf(a.skip + n, sizeof(a.skip) - (size_t)n, "%s%s", k == 0 ? " " :
				k + 1 == st->nchannels ? " or " : ", ", st->channels[k]);
	}
	a.reason[0] = '\0';
	if (pl->nacts == pl->cap) {
		size_t cap = pl->cap ? pl->cap * 2 : 64;
		struct action *p = realloc(pl->acts, cap * sizeof(*p));
		if (!p) {
			free(a.items);
			return cobra_error(COBRA_DATA, "out of memory");
		}
		pl->acts = p;
		pl->cap = cap;
	}
	pl->acts[pl->nacts++] = a;
	return 0;
}

static void action_free(struct action *a)
{
	free(a->items);
	cobra_buf_free(&a->subject);
	cobra_buf_free(&a->body);
	cobra_buf_free(&a->link);
}

/* ---- rendering ---- */

struct render {
	struct cobra_ctx *ctx;
	const struct action *a;
	cobra_date asof;
	char buf[16][COBRA_MONEY_BUFSZ + 16];
	struct cobra_buf items, pix, offer, first;
	char doc[32];
	char pay_how[COBRA_PIX_KEY_MAX + 8]; /* "PIX " and the key, when pay_how is empty */
};

static bool pt(const struct render *r)
{
	return strcmp(r->ctx->store.policy.business.locale, "pt_BR") == 0;
}

static void render_items(struct render *r)
{
	char m[COBRA_MONEY_BUFSZ], d1[COBRA_DATE_BUFSZ], d2[COBRA_DATE_BUFSZ];
	for (size_t i = 0; i < r->a->nitems; i++) {
		const struct item *it = &r->a->items[i];
		cobra_human_date(r->ctx, d1, it->sale_date);
		cobra_human_date(r->ctx, d2, it->due);
		cobra_human_money(r->ctx, m, it->o.total);
		if (pt(r)) {
			cobra_buf_printf(&r->items, "- parcela %d/%d da compra de %s, vencimento %s", it->n, it->count, d1,
				d2);
			if (it->o.days_late > 0)
				cobra_buf_printf(&r->items, " (%d dia%s de atraso)", it->o.days_late,
					it->o.days_late == 1 ? "" : "s");
		} else {
			cobra_buf_printf(&r->items, "- installment %d/%d of the purchase of %s, due %s", it->n, it->count,
				d1, d2);
			if (it->o.days_late > 0)
				cobra_buf_printf(&r->items, " (%d day%s late)", it->o.days_late,
					it->o.days_late == 1 ? "" : "s");
		}
		cobra_buf_printf(&r->items, ": %s%s", m, i + 1 < r->a->nitems ? "\n" : "");
	}
}

/* A percentage for people: "100", "12,5" (pt_BR) or "12.5". */
static const char *pct(const struct render *r, char out[16], int32_t bp)
{
	cobra_rate_format(out, bp);
	char *dot = strchr(out, '.');
	if (dot) {
		size_t n = strlen(out);
		while (n > 0 && out[n - 1] == '0')
			out[--n] = '\0';
		if (out[n - 1] == '.')
			out[--n] = '\0';
		else if (pt(r))
			*dot = ',';
	}
	return out;
}

static void render_offer(struct render *r)
{
	const struct cobra_offers *ob = &r->ctx->store.policy.offers;
	const struct cobra_tier *t = cobra_book_find(ob->tier, ob->tier_count, r->a->days_late);
	if (!t) {
		cobra_buf_puts(&r->offer, pt(r) ? "condições para quitar à vista ou parcelar" :
						  "terms to pay in full or in installments");
		return;
	}
	char rate[16];
	if (pt(r)) {
		cobra_buf_printf(&r->offer, "parcelamento em até %d vez%s", (int)t->max_installments,
			t->max_installments == 1 ? "" : "es");
		if (t->waive_interest_bp)
			cobra_buf_printf(&r->offer, ", dispensa de até %s%% dos juros",
				pct(r, rate, t->waive_interest_bp));
		if (t->waive_fee_bp)
			cobra_buf_printf(&r->offer, ", dispensa de até %s%% da multa", pct(r, rate, t->waive_fee_bp));
		if (t->discount_bp)
			cobra_buf_printf(&r->offer, " e desconto de até %s%% no valor principal",
				pct(r, rate, t->discount_bp));
	} else {
		cobra_buf_printf(&r->offer, "up to %d installments", (int)t->max_installments);
		if (t->waive_interest_bp)
			cobra_buf_printf(&r->offer, ", up to %s%% of the interest waived",
				pct(r, rate, t->waive_interest_bp));
		if (t->waive_fee_bp)
			cobra_buf_printf(&r->offer, ", up to %s%% of the late fee waived",
				pct(r, rate, t->waive_fee_bp));
		if (t->discount_bp)
			cobra_buf_printf(&r->offer, " and up to %s%% off the principal", pct(r, rate, t->discount_bp));
	}
}

static const char *lookup(void *arg, const char *field)
{
	struct render *r = arg;
	const struct cobra_business *b = &r->ctx->store.policy.business;
	const struct action *a = r->a;
	if (strcmp(field, "name") == 0)
		return a->name;
	if (strcmp(field, "first_name") == 0)
		return r->first.data ? r->first.data : a->name;
	if (strcmp(field, "business") == 0)
		return b->name;
	if (strcmp(field, "business_doc") == 0)
		return r->doc;
	if (strcmp(field, "business_address") == 0)
		return b->address;
	if (strcmp(field, "items") == 0)
		return r->items.data ? r->items.data : "";
	if (strcmp(field, "principal") == 0)
		return cobra_human_money(r->ctx, r->buf[0], a->principal);
	if (strcmp(field, "fee") == 0)
		return cobra_human_money(r->ctx, r->buf[1], a->fee);
	if (strcmp(field, "interest") == 0)
		return cobra_human_money(r->ctx, r->buf[2], a->interest);
	if (strcmp(field, "total") == 0)
		return cobra_human_money(r->ctx, r->buf[3], a->total);
	if (strcmp(field, "due_date") == 0)
		return cobra_human_date(r->ctx, r->buf[4], a->oldest);
	if (strcmp(field, "days_late") == 0) {
		(void)snprintf(r->buf[5], sizeof(r->buf[5]), "%d", a->days_late > 0 ? a->days_late : 0);
		return r->buf[5];
	}
	if (strcmp(field, "pay_how") == 0) {
		/* never "Para pagar: ." when cobra.ini has no pay_how: the PIX key,
		 * else an invitation to ask (cobra-store(5)) */
		if (b->pay_how[0])
			return b->pay_how;
		if (b->pix_key[0]) {
			(void)snprintf(r->pay_how, sizeof(r->pay_how), "PIX %s", b->pix_key);
			return r->pay_how;
		}
		return pt(r) ? "fale conosco" : "contact us";
	}
	if (strcmp(field, "pix") == 0)
		return r->pix.data ? r->pix.data : "";
	if (strcmp(field, "offer") == 0)
		return r->offer.data ? r->offer.data : "";
	if (strcmp(field, "today") == 0)
		return cobra_human_date(r->ctx, r->buf[6], r->asof);
	return NULL;
}

static int render_pix(struct render *r)
{
	const struct cobra_business *b = &r->ctx->store.policy.business;
	if (!b->pix_key[0])
		return 0;
	struct cobra_pix p = {b->pix_key, b->name, b->city[0] ? b->city : "BRASIL", r->a->total, NULL};
	struct cobra_buf code = {0};
	int rc = cobra_pix_payload(&code, &p);
	if (rc == 0)
		cobra_buf_printf(&r->pix, "%s %s", pt(r) ? "PIX copia e cola:" : "PIX copy and paste:", code.data);
	cobra_buf_free(&code);
	return rc;
}

/* The template of schedule step STEP: a missing one is a fault of cobra.ini
 * (exit 7), and a NUL byte would cut the message short. */
static int read_template(struct cobra_ctx *ctx, int step, const char *path, char **text, size_t *len)
{
	int rc = cobra_store_read(&ctx->store, path, text, len);
	if (rc == -COBRA_NOTFOUND) {
		cobra_error_clear();
		return cobra_error(COBRA_DATA, "cobra.ini: [schedule] step.%d: no template %s in HEAD", step + 1, path);
	}
	if (rc == 0 && strlen(*text) != *len) {
		free(*text);
		*text = NULL;
		return cobra_error(COBRA_DATA, "%s: holds a NUL byte", path);
	}
	return rc;
}

static int render_action(struct cobra_ctx *ctx, struct action *a, cobra_date asof)
{
	const struct cobra_step *st = &ctx->store.policy.schedule.step[a->step];
	char path[64], *text = NULL;
	size_t len = 0;
	struct render r;
	int rc;
	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.a = a;
	r.asof = asof;
	if (ctx->store.policy.business.doc[0]) {
		char d[24];
		const char *doc = ctx->store.policy.business.doc;
		(void)snprintf(r.doc, sizeof(r.doc), "%s %s", cobra_doc_kind(doc) == COBRA_DOC_CPF ? "CPF" : "CNPJ",
			cobra_doc_format(d, doc));
	}
	size_t fl = strcspn(a->name, " ");
	cobra_buf_add(&r.first, a->name, fl);
	render_items(&r);
	render_offer(&r);
	(void)snprintf(path, sizeof(path), "templates/%s.txt", st->tmpl);
	if ((rc = render_pix(&r)) == 0 && (rc = read_template(ctx, a->step, path, &text, &len)) == 0 &&
	    (rc = cobra_template_check(path, text, cobra_template_fields)) == 0)
		rc = cobra_template_render(&a->subject, &a->body, path, text, lookup, &r);
	free(text);
	cobra_buf_free(&r.items);
	cobra_buf_free(&r.pix);
	cobra_buf_free(&r.offer);
	cobra_buf_free(&r.first);
	return rc;
}

/* ---- delivery ---- */

static void set_outcome(struct action *a, const char *status, const char *reason)
{
	(void)snprintf(a->status, sizeof(a->status), "%s", status);
	copy_reason(a->reason, sizeof(a->reason), reason ? reason : "");
}

static void run_command(struct action *a, const char *cmdline, const char *field, const char *extra_arg,
			const char *input, size_t len, int timeout_s)
{
	char **argv = NULL;
	int argc = 0;
	struct cobra_spawn_result res;
	if (cobra_argv_split(&argv, &argc, field, cmdline) < 0) {
		set_outcome(a, "failed", cobra_error_message_c());
		cobra_error_clear();
		return;
	}
	const char **args = calloc((size_t)argc + 2, sizeof(*args));
	if (!args) {
		cobra_argv_free(argv);
		set_outcome(a, "failed", "out of memory");
		return;
	}
	for (int i = 0; i < argc; i++)
		args[i] = argv[i];
	args[argc] = extra_arg;
	int rc = cobra_spawn(args, input, len, timeout_s * 1000, &res);
	if (rc == 0)
		set_outcome(a, "sent", NULL);
	else if (rc > 0)
		set_outcome(a, "failed", res.reason);
	else {
		set_outcome(a, "failed", cobra_error_message_c());
		cobra_error_clear();
	}
	free(args);
	cobra_argv_free(argv);
}

static void deliver_email(struct cobra_ctx *ctx, struct action *a, const struct cobra_config *cfg)
{
	const struct cobra_business *b = &ctx->store.policy.business;
	struct cobra_buf msg = {0};
	if (!b->email[0]) {
		set_outcome(a, "failed", "cobra.ini [business] has no email to send from");
		return;
	}
	if (!cfg->email[0]) {
		set_outcome(a, "failed", "no email command in the config");
		return;
	}
	struct cobra_mail m = {b->name, b->email, a->name, a->email, a->subject.data ? a->subject.data : b->name,
		a->body.data ? a->body.data : "", (int64_t)time(NULL), a->rid};
	if (cobra_mail_build(&msg, &m) < 0) {
		set_outcome(a, "failed", cobra_error_message_c());
		cobra_error_clear();
	} else {
		run_command(a, cfg->email, "email", NULL, msg.data, msg.len, cfg->timeout);
	}
	cobra_buf_free(&msg);
}

static int write_letter(struct cobra_ctx *ctx, struct action *a, cobra_date asof)
{
	char path[4200], d[COBRA_DATE_BUFSZ];
	struct cobra_buf text = {0};
	(void)ctx;
	if (a->subject.len)
		cobra_buf_printf(&text, "%s\n\n", a->subject.data);
	cobra_buf_add(&text, a->body.data ? a->body.data : "", a->body.len);
	if (text.len && text.data[text.len - 1] != '\n')
		cobra_buf_puts(&text, "\n");
	(void)snprintf(path, sizeof(path), "%s/%s-%s.txt", opt_letters, cobra_date_format(d, asof), a->handle);
	const void *parts[1] = {text.data ? text.data : ""};
	size_t lens[1] = {text.len};
	int rc = cobra_file_replace(path, parts, lens, 1, 0);
	cobra_buf_free(&text);
	if (rc < 0) {
		set_outcome(a, "failed", cobra_error_message_c());
		cobra_error_clear();
		return 0;
	}
	set_outcome(a, "manual", path);
	return 0;
}

static void deliver(struct cobra_ctx *ctx, struct action *a, const struct cobra_config *cfg, cobra_date asof)
{
	const char *body = a->body.data ? a->body.data : "";
	if (strcmp(a->channel, "email") == 0)
		deliver_email(ctx, a, cfg);
	else if (strcmp(a->channel, "sms") == 0 && cfg->sms[0])
		run_command(a, cfg->sms, "sms", a->phone, body, a->body.len, cfg->timeout);
	else if (strcmp(a->channel, "whatsapp") == 0 && cfg->whatsapp[0])
		run_command(a, cfg->whatsapp, "whatsapp", a->phone, body, a->body.len, cfg->timeout);
	else if (strcmp(a->channel, "letter") == 0 && opt_letters)
		(void)write_letter(ctx, a, asof);
	else
		set_outcome(a, "manual", strcmp(a->channel, "whatsapp") == 0 ? "click-to-chat link printed" :
					 strcmp(a->channel, "letter") == 0 ? "letter printed" :
					 strcmp(a->channel, "call") == 0  ? "call task printed" :
									     "listed for sending by hand");
}

static void outbox_begin_line(struct cobra_buf *b, const struct action *a, const struct cobra_step *st, cobra_date asof)
{
	char d[COBRA_DATE_BUFSZ];
	cobra_buf_printf(b, "B\t%s\t%s\t%s\t%d\t%s\t", a->id, a->rid, cobra_date_format(d, asof), (int)st->offset,
		a->channel);
	for (size_t i = 0; i < a->nitems; i++)
		cobra_buf_printf(b, "%s%s/%d:%d", i ? "," : "", a->items[i].debt, a->items[i].n, (int)a->items[i].step);
	cobra_buf_puts(b, "\n");
}

static void one_line(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = ' ';
}

/* ---- recording ---- */

static int stage_reminder(struct cobra_ctx *ctx, const char *customer, const struct cobra_reminder *r)
{
	const struct cobra_entry *e = cobra_store_entry(&ctx->store, customer);
	struct cobra_edit ed;
	struct cobra_buf sec = {0};
	int rc;
	if (!e)
		return cobra_error(COBRA_DATA, "customer %s is gone", customer);
	/* a customer file may already hold staged changes of this run: read from the stage */
	if ((rc = cobra_edit_open(ctx, e, &ed)) < 0)
		return rc;
	if (!cobra_account_has_id(&ed.a, r->id)) {
		cobra_reminder_write(&sec, r);
		rc = cobra_edit_append(ctx, &ed, &sec);
	}
	cobra_edit_close(&ed);
	cobra_buf_free(&sec);
	return rc;
}

static int record_action(struct cobra_ctx *ctx, const struct action *a, cobra_date asof)
{
	struct cobra_reminder r;
	memset(&r, 0, sizeof(r));
	memcpy(r.id, a->rid, 21);
	r.date = asof;
	r.step = ctx->store.policy.schedule.step[a->step].offset;
	(void)snprintf(r.channel, sizeof(r.channel), "%s", a->channel);
	(void)snprintf(r.status, sizeof(r.status), "%s", a->status);
	copy_reason(r.reason, sizeof(r.reason), a->reason);
	one_line(r.reason);
	struct cobra_ritem *items = calloc(a->nitems, sizeof(*items));
	if (!items)
		return cobra_error(COBRA_DATA, "out of memory");
	for (size_t i = 0; i < a->nitems; i++) {
		memcpy(items[i].debt, a->items[i].debt, 21);
		items[i].n = a->items[i].n;
		items[i].step = a->items[i].step;
	}
	r.item = items;
	r.item_count = a->nitems;
	int rc = stage_reminder(ctx, a->id, &r);
	free(items);
	return rc;
}

static int record_outbox(struct cobra_ctx *ctx, const struct outbox *ob, int *n)
{
	for (size_t i = 0; i < ob->n; i++) {
		const struct obentry *e = &ob->e[i];
		struct cobra_reminder r;
		memset(&r, 0, sizeof(r));
		memcpy(r.id, e->rid, 21);
		r.date = e->date;
		r.step = e->step;
		(void)snprintf(r.channel, sizeof(r.channel), "%s", e->channel);
		(void)snprintf(r.status, sizeof(r.status), "%s", e->status);
		copy_reason(r.reason, sizeof(r.reason), e->reason);
		one_line(r.reason);
		r.item = e->items;
		r.item_count = e->nitems;
		int rc = stage_reminder(ctx, e->customer, &r);
		if (rc < 0)
			return rc;
		(*n)++;
	}
	return 0;
}

/* ---- output ---- */

static void print_block(const char *text)
{
	const char *p = text;
	while (p && *p) {
		size_t n = strcspn(p, "\n");
		(void)fputs("    ", stdout);
		char line[1024];
		(void)snprintf(line, sizeof(line), "%.*s", (int)(n < sizeof(line) - 1 ? n : sizeof(line) - 1), p);
		cobra_print_safe(stdout, line);
		putchar('\n');
		p += n;
		if (*p)
			p++;
	}
}

/* An outcome as people read it; records and --format keep the English word. */
static const char *outcome_human(const char *status)
{
	static const char *const words[] = {N_("sent"), N_("failed"), N_("manual")};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(status, words[i]) == 0)
			return _(words[i]);
	return status;
}

static void print_human(struct cobra_ctx *ctx, const struct action *a)
{
	const struct cobra_step *st = &ctx->store.policy.schedule.step[a->step];
	char m[COBRA_MONEY_BUFSZ];
	printf("%s (", a->handle);
	cobra_print_safe(stdout, a->name);
	/* TRANSLATORS: "maria-silva (Maria Silva): step +3 lembrete, 2 items, R$ 100,00" */
	printf(P_("): step %+d %s, %zu item, %s", "): step %+d %s, %zu items, %s", a->nitems), (int)st->offset, st->tmpl,
		a->nitems, cobra_human_money(ctx, m, a->total));
	if (a->skip[0]) {
		(void)fputs(_(": skipped, "), stdout);
		cobra_print_safe(stdout, a->skip);
		putchar('\n');
		return;
	}
	/* TRANSLATORS: the channel (email, whatsapp, sms, letter) is not translated */
	printf(_(", by %s"), a->channel);
	if (strcmp(a->channel, "email") == 0)
		printf(_(" to %s"), a->email);
	else if (strcmp(a->channel, "letter") != 0)
		printf(_(" to %s"), a->phone);
	if (a->status[0]) {
		printf(": %s", outcome_human(a->status));
		if (a->reason[0]) {
			(void)fputs(" (", stdout);
			cobra_print_safe(stdout, a->reason);
			putchar(')');
		}
	}
	putchar('\n');
	if (a->subject.len && strcmp(a->channel, "email") == 0) {
		(void)fprintf(stdout, "    %s ", _("Subject:"));
		cobra_print_safe(stdout, a->subject.data);
		putchar('\n');
	}
	if (strcmp(a->status, "failed") != 0 && !(strcmp(a->status, "manual") == 0 && opt_letters &&
						    strcmp(a->channel, "letter") == 0))
		print_block(a->body.data);
	if (a->link.len)
		printf("    %s\n", a->link.data);
}

static const struct cobra_col cols[] = {
	{"customer", N_("ID"), COBRA_COL_TEXT},  {"handle", N_("CUSTOMER"), COBRA_COL_TEXT}, {"step", N_("STEP"), COBRA_COL_INT},
	{"template", N_("TEMPLATE"), COBRA_COL_TEXT}, {"channel", N_("CHANNEL"), COBRA_COL_TEXT}, {"to", N_("TO"), COBRA_COL_TEXT},
	{"items", N_("ITEMS"), COBRA_COL_INT},   {"total", N_("TOTAL"), COBRA_COL_NUM},     {"status", N_("STATUS"), COBRA_COL_TEXT},
	{"reason", N_("REASON"), COBRA_COL_TEXT, true}, {"subject", N_("SUBJECT"), COBRA_COL_TEXT, true}, {"message", N_("MESSAGE"), COBRA_COL_TEXT, true},
	{"link", N_("LINK"), COBRA_COL_TEXT},
};

static void print_row(struct cobra_ctx *ctx, struct cobra_stream *stream, const struct action *a)
{
	const struct cobra_step *st = &ctx->store.policy.schedule.step[a->step];
	char step[16], items[16], total[COBRA_MONEY_BUFSZ];
	(void)snprintf(step, sizeof(step), "%d", (int)st->offset);
	(void)snprintf(items, sizeof(items), "%zu", a->nitems);
	const char *to = !a->channel ? "" : strcmp(a->channel, "email") == 0 ? a->email :
					    strcmp(a->channel, "letter") == 0 ? a->address : a->phone;
	const char *status = a->skip[0] ? "skipped" : a->status[0] ? a->status : "planned";
	const char *vals[] = {a->id, a->handle, step, st->tmpl, a->channel ? a->channel : "", to, items,
		cobra_money_format(total, a->total), status, a->skip[0] ? a->skip : a->reason,
		a->subject.data ? a->subject.data : "", a->body.data ? a->body.data : "", a->link.data ? a->link.data : ""};
	cobra_stream_row(stream, vals);
}

/* ---- the command ---- */

static int send_all(struct cobra_ctx *ctx, struct plan *pl, struct outbox *ob, int counts[3])
{
	struct cobra_config cfg;
	int rc = cobra_config_load(&cfg);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < pl->nacts && rc == 0; i++) {
		struct action *a = &pl->acts[i];
		struct cobra_buf line = {0};
		if (a->skip[0])
			continue;
		if ((rc = cobra_id_new_event(a->rid, a->id)) < 0)
			break;
		outbox_begin_line(&line, a, &ctx->store.policy.schedule.step[a->step], pl->asof);
		rc = outbox_write(ob, &line);
		cobra_buf_free(&line);
		if (rc < 0)
			break;
		deliver(ctx, a, &cfg, pl->asof);
		cobra_buf_printf(&line, "E\t%s\t%s\t", a->rid, a->status);
		char reason[sizeof(a->reason)];
		memcpy(reason, a->reason, sizeof(reason));
		one_line(reason);
		for (char *p = reason; *p; p++)
			if (*p == '\t')
				*p = ' ';
		cobra_buf_printf(&line, "%s\n", reason);
		rc = outbox_write(ob, &line);
		cobra_buf_free(&line);
		if (rc == 0)
			rc = record_action(ctx, a, pl->asof);
		counts[strcmp(a->status, "sent") == 0 ? 0 : strcmp(a->status, "failed") == 0 ? 1 : 2]++;
	}
	return rc;
}

static int cmd_remind(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct cobra_store *s = &ctx->store;
	struct plan pl;
	struct outbox ob;
	const struct cobra_entry *only = NULL;
	cobra_date today;
	int rc, counts[3] = {0, 0, 0}, recovered = 0;
	(void)argc;
	(void)argv;
	memset(&pl, 0, sizeof(pl));
	memset(&ob, 0, sizeof(ob));
	ob.fd = -1;
	pl.ctx = ctx;
	if ((rc = cobra_date_today(&today)) < 0 || (rc = cobra_opt_date(&pl.asof, "as-of", opt_as_of)) < 0)
		return rc;
	if (opt_send && pl.asof != today)
		return cobra_error(COBRA_INVALID, "as-of: \"%s\" is not today; --send delivers only today's actions",
			opt_as_of);
	if (opt_letters && !opt_send)
		return cobra_error(COBRA_INVALID, "letters: \"%s\" needs --send", opt_letters);
	if (opt_step) {
		bool found = false;
		for (size_t i = 0; i < s->policy.schedule.step_count; i++)
			found = found || step_matches(&s->policy.schedule.step[i], opt_step);
		if (!found) {
			char q[64];
			return cobra_error(COBRA_INVALID, "step: \"%s\" is not a step of [schedule]",
				cobra_quote(q, sizeof(q), opt_step));
		}
	}
	if (opt_customer && (rc = cobra_resolve_customer(s, opt_customer, &only)) < 0)
		return rc;
	if ((rc = outbox_load(&ob, s)) < 0)
		return rc;
	pl.ob = &ob;
	if ((rc = cobra_store_list(s)) < 0 || (rc = cobra_cache_each(s, only, plan_customer, &pl)) < 0)
		goto out;
	for (size_t i = 0; i < pl.nacts && rc == 0; i++)
		if (!pl.acts[i].skip[0])
			rc = render_action(ctx, &pl.acts[i], pl.asof);
	if (rc < 0)
		goto out;
	if (opt_send) {
		if ((rc = record_outbox(ctx, &ob, &recovered)) < 0 || (rc = send_all(ctx, &pl, &ob, counts)) < 0)
			goto out;
		if (s->nchanges > 0) {
			struct cobra_commit_info info = {0};
			info.command = "remind";
			(void)snprintf(info.subject, sizeof(info.subject), "remind: %d sent, %d failed, %d by hand%s", counts[0],
				counts[1], counts[2], recovered ? " (and an interrupted run's outcomes)" : "");
			info.request_id = cobra_common.request_id;
			if ((rc = cobra_store_commit(s, &info)) < 0)
				goto out;
		}
		if (ob.fd >= 0 || ob.n > 0) {
			(void)unlink(ob.path);
			(void)cobra_file_sync_dir(ob.path);
		}
	}
	for (size_t i = 0; i < pl.nacts; i++) {
		struct action *a = &pl.acts[i];
		/* WhatsApp by hand: a click-to-chat link with the message */
		if (!a->skip[0] && strcmp(a->channel, "whatsapp") == 0 &&
		    (a->status[0] == '\0' || strcmp(a->status, "manual") == 0))
			cobra_wame_link(&a->link, a->phone, a->body.data ? a->body.data : "");
	}
	if (ctx->format == COBRA_FMT_HUMAN) {
		for (size_t i = 0; i < pl.nacts; i++)
			print_human(ctx, &pl.acts[i]);
		if (pl.nacts == 0)
			printf(_("nothing to do on %s\n"), cobra_human_date(ctx, (char[COBRA_DATE_BUFSZ]){0}, pl.asof));
		if (recovered)
			printf(P_("recorded %d reminder of an interrupted run\n", "recorded %d reminders of an interrupted run\n",
				       recovered),
				recovered);
	} else {
		struct cobra_stream st;
		cobra_stream_begin(&st, stdout, ctx->format, cols, sizeof(cols) / sizeof(cols[0]));
		for (size_t i = 0; i < pl.nacts; i++)
			print_row(ctx, &st, &pl.acts[i]);
		cobra_stream_end(&st);
	}
out:
	for (size_t i = 0; i < pl.nacts; i++)
		action_free(&pl.acts[i]);
	free(pl.acts);
	outbox_free(&ob);
	return rc;
}

static bool remind_writes(void)
{
	return opt_send;
}

const struct cobra_command cobra_cmd_remind = {
	"remind", cmd_remind, options, "[--as-of DATE] [--send] [--customer C] [--step S] [--letters DIR]", 0, 0,
	CMD_NEEDS_STORE | CMD_WRITES | CMD_PAGES,
	N_("today's collection actions from the schedule; --send delivers and records them"),
	remind_writes,
};
