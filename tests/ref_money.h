/*
 * ref_money.h - a small integer-only parser of DESIGN section 4's money
 * grammar, written independently of src/money.c, that the unit tests
 * (tests/unit/test_money.c) and the fuzz target (tests/fuzz/fuzz_money_date.c)
 * compare cobra_money_parse() against. Include after src/money.h.
 */
#ifndef COBRA_REF_MONEY_H
#define COBRA_REF_MONEY_H

#include <stdint.h>
#include <string.h>

static int is_dig(char c)
{
	return c >= '0' && c <= '9';
}

/* Checks S[0..len) as digits grouped by GROUP ("1.234.567": first group 1-3
 * digits, the others exactly 3), or plain digits when GROUP does not occur.
 * Accumulates the value into *units; returns -1 on bad form or > limit. */
static int ref_int_part(const char *s, size_t len, char group, int64_t *units)
{
	size_t ngroups = 0, glen = 0;
	int grouped = 0;
	int64_t v = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] == group)
			grouped = 1;
	for (size_t i = 0; i <= len; i++) {
		if (i == len || s[i] == group) {
			if (glen == 0)
				return -1;
			if (grouped && ngroups == 0 && glen > 3)
				return -1;
			if (grouped && ngroups > 0 && glen != 3)
				return -1;
			ngroups++;
			glen = 0;
			continue;
		}
		if (!is_dig(s[i]))
			return -1;
		glen++;
		if (v > 1000000000000000ll)
			return -1; /* far beyond the maximum anyway */
		v = v * 10 + (s[i] - '0');
	}
	*units = v;
	return 0;
}

/* DESIGN §4 grammar: optional "R$" and spaces; digits; an optional decimal
 * separator ('.' or ',') followed by 1 or 2 digits; the other separator may
 * group thousands in the integer part. Without decimals, a separator is a
 * thousands separator only when it occurs at least twice (1.234.567): a lone
 * one before three digits is ambiguous. Anything else is refused. */
static int ref_money(const char *s, int64_t *out)
{
	size_t len, nsep = 0, lastpos = 0;
	char first_sep = 0;
	int64_t units = 0, cents = 0;
	if (strncmp(s, "R$", 2) == 0) {
		s += 2;
		while (*s == ' ')
			s++;
	}
	len = strlen(s);
	if (len == 0 || len > 40 || !is_dig(s[0]))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.' || s[i] == ',') {
			if (nsep == 0)
				first_sep = s[i];
			nsep++;
			lastpos = i;
		} else if (!is_dig(s[i])) {
			return -1;
		}
	}
	if (nsep == 0) {
		if (ref_int_part(s, len, '.', &units) != 0)
			return -1;
	} else {
		size_t tail = len - lastpos - 1;
		char dec = s[lastpos];
		char other = dec == '.' ? ',' : '.';
		if (tail == 1 || tail == 2) {
			for (size_t i = 0; i < lastpos; i++)
				if (s[i] == dec)
					return -1;
			if (ref_int_part(s, lastpos, other, &units) != 0)
				return -1;
			cents = (s[lastpos + 1] - '0') * 10 + (tail == 2 ? s[lastpos + 2] - '0' : 0);
		} else if (tail == 3 && nsep >= 2) {
			for (size_t i = 0; i < len; i++)
				if (s[i] == other)
					return -1;
			(void)first_sep;
			if (ref_int_part(s, len, dec, &units) != 0)
				return -1;
		} else {
			return -1;
		}
	}
	if (units > 999999999 || units * 100 + cents > 99999999999ll)
		return -1;
	*out = units * 100 + cents;
	return 0;

#endif
