/*
 * unit.h - what every cmocka test file includes first (cmocka 1.1 wants
 * these standard headers before <cmocka.h>), and small helpers.
 */
#ifndef COBRA_UNIT_H
#define COBRA_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../src/error.h"

#define N_ROWS(a) (sizeof(a) / sizeof((a)[0]))

/* A seeded PRNG (splitmix64) for property tests: set rng_state, then draw. */
static uint64_t rng_state __attribute__((unused));

static inline uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static inline uint64_t rng_below(uint64_t n)
{
	return rng_next() % n;
}

/* Runs before each test: no error left over from the previous one. */
static inline int unit_clear(void **state)
{
	(void)state;
	cobra_error_clear();
	return 0;
}

#endif
