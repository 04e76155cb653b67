#include "strset.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static int grow(struct cobra_strset *t)
{
	size_t cap = t->cap ? t->cap * 2 : 1024;
	char **keys = calloc(cap, sizeof(*keys));
	int *vals = calloc(cap, sizeof(*vals));
	if (!keys || !vals) {
		free(keys);
		free(vals);
		return cobra_error(COBRA_DATA, "out of memory");
	}
	for (size_t i = 0; t->keys && i < t->cap; i++) {
		if (!t->keys[i])
			continue;
		size_t j = hash(t->keys[i]) & (cap - 1);
		while (keys[j])
			j = (j + 1) & (cap - 1);
		keys[j] = t->keys[i];
		vals[j] = t->vals[i];
	}
	free(t->keys);
	free(t->vals);
	t->keys = keys;
	t->vals = vals;
	t->cap = cap;
	return 0;
}

int cobra_strset_get(const struct cobra_strset *t, const char *key)
{
	if (!t->cap)
		return 0;
	for (size_t j = hash(key) & (t->cap - 1); t->keys[j]; j = (j + 1) & (t->cap - 1))
		if (strcmp(t->keys[j], key) == 0)
			return t->vals[j];
	return 0;
}

int cobra_strset_put(struct cobra_strset *t, const char *key, int val)
{
	int rc;
	if ((!t->keys || 2 * (t->n + 1) > t->cap) && (rc = grow(t)) < 0)
		return rc;
	if (!t->keys)
		return cobra_error(COBRA_DATA, "out of memory");
	size_t j = hash(key) & (t->cap - 1);
	while (t->keys[j])
		j = (j + 1) & (t->cap - 1);
	if (!(t->keys[j] = strdup(key)))
		return cobra_error(COBRA_DATA, "out of memory");
	t->vals[j] = val;
	t->n++;
	return 0;
}

void cobra_strset_free(struct cobra_strset *t)
{
	for (size_t i = 0; t->keys && i < t->cap; i++)
		free(t->keys[i]);
	free(t->keys);
	free(t->vals);
	memset(t, 0, sizeof(*t));
}
