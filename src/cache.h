/*
 * cache.h - a derived cache of parsed customer files, for reading the whole
 * store fast (due over 10,000 customers and a million installments).
 *
 * Nothing in the cache is a fact: it is what the strict reader made of a
 * customer file, keyed by the file's git blob ID (its content hash), so it can
 * never disagree with the records. It lives outside the history, in
 * .git/cobra-cache/<shard>, one file per shard directory of customers/,
 * stamped with the shard's tree ID. A shard whose tree did not change is used
 * as it is; in a shard that changed only the customers whose blob changed are
 * parsed again. A cache file that is missing, from another version, damaged
 * (checksum or bounds) or unwritable is simply rebuilt or skipped: the result
 * is the same, only slower. `cobra check` never uses it.
 *
 * What a customer holds here: its id, handle, name, document, phone, email,
 * address, preferred channel and the hold in force, a summary of its
 * collection facts (struct cobra_csum), its sales (id, date, installment
 * count), its installments (sale, n, due date, amount, the date its
 * principal was fully paid, when an agreement closed it, the most advanced
 * reminder step it got) and, per installment, the allocation events in date
 * order (struct cobra_ievent).
 */
#ifndef COBRA_CACHE_H
#define COBRA_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#include "ledger.h"
#include "store.h"

struct cobra_csale {
	char id[21];
	char pad[3];
	int32_t date;
	uint32_t due_count;
};

struct cobra_cline {
	int32_t due;
	int32_t settled; /* date the principal was fully paid, or INT32_MAX */
	uint32_t sale;   /* index in sales */
	uint32_t n;      /* 1-based */
	int64_t amount;
	uint32_t ev_first, ev_count;
	int32_t closed_from, closed_until; /* renegotiated (ledger.h) */
	int32_t step_done; /* most advanced schedule step reminded, or INT32_MIN */
	int32_t pad;
};

/* A customer's collection facts, summed up. */
struct cobra_csum {
	int32_t since;
	int32_t last_reminder; /* date of the last reminder that reached the customer, or INT32_MIN */
	int64_t limit;         /* own credit limit, -1 when none */
	int32_t reminders;     /* reminders sent, handed over or unconfirmed */
	int32_t agreements, broken;
	int32_t pad;
};

struct cobra_cview {
	char id[17];
	char handle[33];
	const char *name, *doc, *phone, *email; /* NUL-terminated, may be "" */
	const char *address, *channel;
	const char *hold_kind, *hold_reason; /* "" when not on hold */
	const struct cobra_csum *sum;
	const struct cobra_csale *sales;
	size_t nsales;
	const struct cobra_cline *lines;
	size_t nlines;
	const struct cobra_ievent *events;
	size_t nevents;
};

/* What installment I of V owes on ASOF (charges CH): 1 with *O filled when
 * it is open (sold by then, not settled, not closed by an agreement, owing
 * more than 0), 0 when not, negative on error. */
int cobra_cline_owed(struct cobra_owed *o, const struct cobra_cview *v, size_t i, const struct cobra_charges *ch,
		     cobra_date asof);

typedef int (*cobra_cache_fn)(void *ctx, const struct cobra_cview *v);

/* Calls FN for every customer of HEAD (or only ONLY), in customer-ID order. */
int cobra_cache_each(struct cobra_store *s, const struct cobra_entry *only, cobra_cache_fn fn, void *ctx);

#endif
