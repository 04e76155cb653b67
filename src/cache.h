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
 * What a customer holds here: its id, handle, name, document, phone and
 * email, its sales (id, date, installment count), its installments (sale, n,
 * due date, amount, the date its principal was fully paid) and, per
 * installment, the allocation events in date order (struct cobra_ievent).
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
};

struct cobra_cview {
	char id[17];
	char handle[33];
	const char *name, *doc, *phone, *email; /* NUL-terminated, may be "" */
	const struct cobra_csale *sales;
	size_t nsales;
	const struct cobra_cline *lines;
	size_t nlines;
	const struct cobra_ievent *events;
	size_t nevents;
};

typedef int (*cobra_cache_fn)(void *ctx, const struct cobra_cview *v);

/* Calls FN for every customer of HEAD (or only ONLY), in customer-ID order. */
int cobra_cache_each(struct cobra_store *s, const struct cobra_entry *only, cobra_cache_fn fn, void *ctx);

#endif
