/*
 * strset.h - a set of strings, each with a non-zero int (import's line
 * numbers, the bench generator's handles): open addressing, FNV-1a, grown
 * at half full. The keys are copied.
 */
#ifndef COBRA_STRSET_H
#define COBRA_STRSET_H

#include <stddef.h>

struct cobra_strset {
	char **keys;
	int *vals;
	size_t cap, n;
};

/* The value of KEY, or 0 when absent (values are never 0). */
int cobra_strset_get(const struct cobra_strset *t, const char *key);
/* Adds KEY (not in T yet) with VAL. Returns 0, or COBRA_DATA out of memory. */
int cobra_strset_put(struct cobra_strset *t, const char *key, int val);
void cobra_strset_free(struct cobra_strset *t);

#endif
