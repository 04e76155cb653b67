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

/* Runs before each test: no error left over from the previous one. */
static inline int unit_clear(void **state)
{
	(void)state;
	cobra_error_clear();
	return 0;
}

#endif
