#include "cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stddef.h>

#include "error.h"
#include "fileio.h"
#include "id.h"
#include "schedule.h"
#include "sha1.h"
#include "text.h"

#define MAGIC "COBRAC\0\6"
/* the profile strings: name, doc, phone, email, address, channel, hold kind
 * and hold reason, each NUL-terminated */
#define NPROFILE 8
#define PROFILE_MAX (COBRA_NAME_MAX + 16 + 24 + 101 + COBRA_ADDRESS_MAX + 24 + 24 + COBRA_NOTE_MAX)

struct file_hdr {
	char magic[8];
	uint32_t sizes;
	uint32_t ncust;
	unsigned char tree[20];
	uint32_t pad;
	uint64_t payload_len;
	uint64_t checksum;
};

struct cust_hdr {
	unsigned char blob[20];
	char id[16];
	char handle[32];
	uint32_t name_len; /* bytes of the profile strings, NULs included */
	uint32_t nsales, nlines, nevents;
	uint8_t pad[4];
	struct cobra_csum sum;
};

#define SIZES ((uint32_t)(sizeof(struct cust_hdr) << 16 | sizeof(struct cobra_cline) << 8 | sizeof(struct cobra_ievent)))

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

/* Size of the record at P (within LEN), or 0 when it is malformed. */
static size_t record_size(const unsigned char *p, size_t len)
{
	struct cust_hdr h;
	if (len < sizeof(h))
		return 0;
	memcpy(&h, p, sizeof(h));
	if (h.name_len < NPROFILE || h.name_len > PROFILE_MAX || h.nsales > (1u << 24) || h.nlines > (1u << 26) || h.nevents > (1u << 26))
		return 0;
	size_t size = sizeof(h) + align8(h.name_len) + h.nsales * sizeof(struct cobra_csale) +
		      h.nlines * sizeof(struct cobra_cline) + h.nevents * sizeof(struct cobra_ievent);
	return size <= len ? size : 0;
}

/* Makes a view of a record; checks every index. 0 or -1. */
static int make_view(struct cobra_cview *v, const unsigned char *p, size_t size)
{
	struct cust_hdr h;
	memcpy(&h, p, sizeof(h));
	const unsigned char *q = p + sizeof(h);
	memset(v, 0, sizeof(*v));
	memcpy(v->id, h.id, 16);
	memcpy(v->handle, h.handle, 32);
	v->handle[32] = '\0';
	const char *str[NPROFILE];
	size_t at = 0;
	for (int k = 0; k < NPROFILE; k++) {
		const char *z = memchr(q + at, '\0', h.name_len - at);
		if (!z)
			return -1;
		str[k] = (const char *)q + at;
		at = (size_t)(z - (const char *)q) + 1;
	}
	if (at != h.name_len)
		return -1;
	v->name = str[0];
	v->doc = str[1];
	v->phone = str[2];
	v->email = str[3];
	v->address = str[4];
	v->channel = str[5];
	v->hold_kind = str[6];
	v->hold_reason = str[7];
	v->sum = (const struct cobra_csum *)(const void *)(p + offsetof(struct cust_hdr, sum));
	q += align8(h.name_len);
	v->sales = (const struct cobra_csale *)(const void *)q;
	v->nsales = h.nsales;
	q += h.nsales * sizeof(struct cobra_csale);
	v->lines = (const struct cobra_cline *)(const void *)q;
	v->nlines = h.nlines;
	q += h.nlines * sizeof(struct cobra_cline);
	v->events = (const struct cobra_ievent *)(const void *)q;
	v->nevents = h.nevents;
	q += h.nevents * sizeof(struct cobra_ievent);
	if ((size_t)(q - p) != size || !cobra_id_valid_customer(v->id))
		return -1;
	for (size_t i = 0; i < v->nlines; i++) {
		const struct cobra_cline *l = &v->lines[i];
		if (l->sale >= v->nsales || l->n < 1 || l->ev_first > v->nevents || l->ev_count > v->nevents - l->ev_first)
			return -1;
	}
	return 0;
}

static void summarise(struct cobra_csum *sum, const struct cobra_account *a)
{
	sum->since = a->customer.since;
	sum->limit = a->customer.limit;
	sum->last_reminder = INT32_MIN;
	for (size_t i = 0; i < a->nreminders; i++) {
		if (!cobra_reminder_reached(&a->reminders[i]))
			continue;
		sum->reminders++;
		if (a->reminders[i].date > sum->last_reminder)
			sum->last_reminder = a->reminders[i].date;
	}
	sum->agreements = (int32_t)a->nagreements;
	sum->broken = (int32_t)a->nbreaks;
}

/* Appends the record of one parsed customer file. */
static int build_record(struct cobra_buf *out, struct cobra_store *s, const struct cobra_entry *e)
{
	struct cobra_account a;
	struct cobra_ledger l;
	struct cust_hdr h;
	int rc = cobra_store_load_account(s, e, &a);
	if (rc < 0)
		return rc;
	if ((rc = cobra_ledger_build(&l, &a, e->path)) < 0) {
		cobra_account_free(&a);
		return rc;
	}
	memset(&h, 0, sizeof(h));
	memcpy(h.blob, e->blob.id, 20);
	memcpy(h.id, e->id, 16);
	memcpy(h.handle, e->handle, strlen(e->handle));
	char profile[PROFILE_MAX + 8];
	size_t plen = 0;
	const struct cobra_hold *hold = cobra_account_hold(&a);
	const char *parts[NPROFILE] = {a.customer.name, a.customer.doc, a.customer.phone, a.customer.email,
		a.customer.address, a.customer.channel, hold ? hold->kind : "", hold ? hold->reason : ""};
	memset(profile, 0, sizeof(profile));
	summarise(&h.sum, &a);
	for (int k = 0; k < NPROFILE; k++) {
		size_t pl = strlen(parts[k]);
		memcpy(profile + plen, parts[k], pl + 1);
		plen += pl + 1;
	}
	h.name_len = (uint32_t)plen;
	h.nsales = (uint32_t)a.nsales;
	h.nlines = (uint32_t)l.nlines;
	for (size_t i = 0; i < l.nlines; i++)
		h.nevents += (uint32_t)l.lines[i].nev;
	cobra_buf_add(out, (const char *)&h, sizeof(h));
	cobra_buf_add(out, profile, align8(plen));
	for (size_t i = 0; i < a.nsales; i++) {
		struct cobra_csale cs;
		memset(&cs, 0, sizeof(cs));
		memcpy(cs.id, a.sales[i].id, 21);
		cs.date = a.sales[i].date;
		cs.due_count = (uint32_t)a.sales[i].due_count;
		cobra_buf_add(out, (const char *)&cs, sizeof(cs));
	}
	uint32_t ev = 0;
	for (size_t i = 0, si = 0; i < l.nlines; i++) {
		const struct cobra_iline *line = &l.lines[i];
		struct cobra_cline cl;
		while (si < a.nsales && &a.sales[si] != line->sale)
			si++;
		memset(&cl, 0, sizeof(cl));
		cl.due = line->due;
		cl.amount = line->amount;
		cl.sale = (uint32_t)si;
		cl.n = (uint32_t)line->n;
		cl.ev_first = ev;
		cl.ev_count = (uint32_t)line->nev;
		cl.settled = INT32_MAX;
		cl.closed_from = line->closed_from;
		cl.closed_until = line->closed_until;
		cl.step_done = cobra_step_done(&a, line->sale->id, line->n);
		cobra_money paid = 0;
		for (size_t k = 0; k < line->nev; k++) {
			paid += line->ev[k].principal + line->ev[k].discount;
			if (paid >= line->amount && cl.settled == INT32_MAX)
				cl.settled = line->ev[k].date;
		}
		ev += (uint32_t)line->nev;
		cobra_buf_add(out, (const char *)&cl, sizeof(cl));
	}
	for (size_t i = 0; i < l.nlines; i++) {
		for (size_t k = 0; k < l.lines[i].nev; k++) {
			struct cobra_ievent e2;
			memset(&e2, 0, sizeof(e2));
			e2.date = l.lines[i].ev[k].date;
			e2.interest = l.lines[i].ev[k].interest;
			e2.fee = l.lines[i].ev[k].fee;
			e2.principal = l.lines[i].ev[k].principal;
			e2.discount = l.lines[i].ev[k].discount;
			cobra_buf_add(out, (const char *)&e2, sizeof(e2));
		}
	}
	cobra_ledger_free(&l);
	cobra_account_free(&a);
	return out->oom ? cobra_error(COBRA_DATA, "out of memory") : 0;
}

/* Reads a cache file; *PAYLOAD points into *FILE. 0 when usable. */
/* Reads a cache file; *PAYLOAD points into *FILE. 0 when usable. */
static int load_file(const char *path, unsigned char **file, struct file_hdr *h, const unsigned char **payload)
{
	char *buf = NULL;
	size_t len = 0;
	*file = NULL;
	if (cobra_file_read(path, &buf, &len) != 0) {
		cobra_error_clear(); /* missing or unreadable: rebuild */
		return -1;
	}
	if (len < sizeof(*h)) {
		free(buf);
		return -1;
	}
	memcpy(h, buf, sizeof(*h));
	if (memcmp(h->magic, MAGIC, 8) != 0 || h->sizes != SIZES || h->payload_len != len - sizeof(*h) ||
	    cobra_fnv64(buf + sizeof(*h), (size_t)h->payload_len) != h->checksum) {
		free(buf);
		return -1;
	}
	*file = (unsigned char *)buf;
	*payload = (const unsigned char *)buf + sizeof(*h);
	return 0;
}

static void save_file(const char *dir, const char *path, const git_oid *tree, uint32_t ncust, const struct cobra_buf *p)
{
	struct file_hdr h;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, MAGIC, 8);
	h.sizes = SIZES;
	h.ncust = ncust;
	memcpy(h.tree, tree->id, 20);
	h.payload_len = p->len;
	h.checksum = cobra_fnv64(p->data ? p->data : "", p->len);
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return;
	const void *parts[2] = {&h, p->data ? p->data : ""};
	size_t lens[2] = {sizeof(h), p->len};
	if (cobra_file_replace(path, parts, lens, 2, COBRA_FILE_SHARED) < 0)
		cobra_error_clear(); /* the cache is only an optimisation */
}

static int visit(const unsigned char *payload, size_t len, uint32_t ncust, const struct cobra_entry *only,
		 cobra_cache_fn fn, void *ctx)
{
	size_t off = 0;
	for (uint32_t i = 0; i < ncust; i++) {
		struct cobra_cview v;
		size_t size = record_size(payload + off, len - off);
		if (size == 0 || make_view(&v, payload + off, size) != 0)
			return cobra_error(COBRA_DATA, "cache: malformed record (remove .git/cobra-cache)");
		off += size;
		if (only && strcmp(v.id, only->id) != 0)
			continue;
		int rc = fn(ctx, &v);
		if (rc != 0)
			return rc;
	}
	return 0;
}

/* Rebuilds the records of one shard, reusing those whose blob is unchanged. */
static int rebuild(struct cobra_store *s, const char *shard, git_tree *tree, const unsigned char *old, size_t oldlen,
		   uint32_t oldn, struct cobra_buf *out)
{
	int rc = 0;
	for (size_t k = 0; k < git_tree_entrycount(tree) && rc == 0; k++) {
		const git_tree_entry *fe = git_tree_entry_byindex(tree, k);
		struct cobra_entry e;
		char path[128];
		memset(&e, 0, sizeof(e));
		(void)snprintf(path, sizeof(path), "customers/%s/%s", shard, git_tree_entry_name(fe));
		if (git_tree_entry_type(fe) != GIT_OBJECT_BLOB || git_tree_entry_filemode(fe) == GIT_FILEMODE_LINK ||
		    cobra_entry_from_path(&e, path) != 0) {
			char q[96];
			return cobra_error(COBRA_DATA, "customers/%s/%s: unexpected entry (customer files are "
						       "<id>-<handle>.ini)", shard,
				cobra_quote(q, sizeof(q), git_tree_entry_name(fe)));
		}
		git_oid_cpy(&e.blob, git_tree_entry_id(fe));
		bool reused = false;
		size_t off = 0;
		for (uint32_t i = 0; old && i < oldn && !reused; i++) {
			size_t size = record_size(old + off, oldlen - off);
			if (size == 0)
				break;
			if (memcmp(old + off, e.blob.id, 20) == 0 && memcmp(old + off + 20, e.id, 16) == 0) {
				cobra_buf_add(out, (const char *)old + off, size);
				reused = true;
			}
			off += size;
		}
		if (!reused)
			rc = build_record(out, s, &e);
	}
	return rc;
}

static int do_shard(struct cobra_store *s, const char *dir, const git_tree_entry *se, const struct cobra_entry *only,
		    cobra_cache_fn fn, void *ctx)
{
	const char *shard = git_tree_entry_name(se);
	char path[4100];
	unsigned char *file = NULL;
	const unsigned char *payload = NULL;
	struct file_hdr h;
	git_tree *tree = NULL;
	struct cobra_buf out = {0};
	int rc;
	(void)snprintf(path, sizeof(path), "%s/%s", dir, shard);
	bool loaded = load_file(path, &file, &h, &payload) == 0;
	if (loaded && memcmp(h.tree, git_tree_entry_id(se)->id, 20) == 0) {
		rc = visit(payload, (size_t)h.payload_len, h.ncust, only, fn, ctx);
		free(file);
		return rc;
	}
	if (git_tree_lookup(&tree, s->repo, git_tree_entry_id(se)) != 0) {
		free(file);
		return cobra_error(COBRA_DATA, "customers/%s: %s", shard, cobra_git_error());
	}
	rc = rebuild(s, shard, tree, loaded ? payload : NULL, loaded ? (size_t)h.payload_len : 0, loaded ? h.ncust : 0,
		&out);
	uint32_t n = (uint32_t)git_tree_entrycount(tree);
	git_tree_free(tree);
	free(file);
	if (rc == 0) {
		save_file(dir, path, git_tree_entry_id(se), n, &out);
		rc = visit((const unsigned char *)out.data, out.len, n, only, fn, ctx);
	}
	cobra_buf_free(&out);
	return rc;
}

int cobra_cline_owed(struct cobra_owed *o, const struct cobra_cview *v, size_t i, const struct cobra_charges *ch,
		     cobra_date asof)
{
	const struct cobra_cline *line = &v->lines[i];
	if (v->sales[line->sale].date > asof || line->settled <= asof ||
	    cobra_iline_closed(line->closed_from, line->closed_until, asof))
		return 0;
	int rc = cobra_charges_eval(o, ch, line->due, line->amount, v->events + line->ev_first, line->ev_count, asof);
	if (rc < 0)
		return rc;
	return o->total > 0;
}

int cobra_cache_each(struct cobra_store *s, const struct cobra_entry *only, cobra_cache_fn fn, void *ctx)
{
	git_tree *top = NULL;
	char dir[4000], q[96];
	int rc = 0;
	if ((rc = cobra_store_customers(s, &top)) != 0)
		return rc > 0 ? 0 : rc;
	(void)snprintf(dir, sizeof(dir), "%scobra-cache", git_repository_path(s->repo));
	for (size_t i = 0; i < git_tree_entrycount(top) && rc == 0; i++) {
		const git_tree_entry *se = git_tree_entry_byindex(top, i);
		const char *shard = git_tree_entry_name(se);
		if (git_tree_entry_type(se) != GIT_OBJECT_TREE || strlen(shard) != 2 || !cobra_id_is_hex(shard, 2)) {
			rc = cobra_error(COBRA_DATA, "customers/%s: unexpected entry (only shard directories belong here)",
				cobra_quote(q, sizeof(q), shard));
			break;
		}
		if (only && memcmp(only->id, shard, 2) != 0)
			continue;
		rc = do_shard(s, dir, se, only, fn, ctx);
	}
	git_tree_free(top);
	return rc;
}
