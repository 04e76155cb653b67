#include "money.h"

#include <stdio.h>
#include <string.h>

#include "error.h"
#include "text.h"

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Accumulates digits into *acc with overflow checks against LIMIT. */
static bool push_digit(int64_t *acc, char c, int64_t limit)
{
	if (*acc > (limit - (c - '0')) / 10)
		return false;
	*acc = *acc * 10 + (c - '0');
	return true;
}

/* Checks "1.234.567" style grouping: first group 1-3 digits, then groups of
 * exactly three, separated by SEP only. Writes the digits to OUT. */
static bool ungroup(char *out, size_t outsz, const char *s, size_t len, char sep)
{
	size_t o = 0, group = 0;
	bool first = true, seen_sep = false;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == sep) {
			if (group == 0 || (first && group > 3) || (!first && group != 3))
				return false;
			first = false;
			seen_sep = true;
			group = 0;
			continue;
		}
		if (!is_digit(s[i]) || o + 1 >= outsz)
			return false;
		out[o++] = s[i];
		group++;
	}
	if (group == 0 || (seen_sep && group != 3))
		return false;
	out[o] = '\0';
	return true;
}

int cobra_money_parse(cobra_money *out, const char *field, const char *text)
{
	char q[96], intpart[64];
	const char *s = text;
	size_t len;
	const char *last = NULL;
	int ndot = 0, ncomma = 0;
	cobra_money units = 0, cents = 0;

	cobra_quote(q, sizeof(q), text);
	if (strncmp(s, "R$", 2) == 0) {
		s += 2;
		while (*s == ' ')
			s++;
	}
	len = strlen(s);
	if (len == 0 || len > 40)
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is not an amount", field, q);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			ndot++;
			last = s + i;
		} else if (s[i] == ',') {
			ncomma++;
			last = s + i;
		} else if (!is_digit(s[i])) {
			if (s[i] == '-' || s[i] == '+')
				return cobra_error(COBRA_INVALID,
					"%s: \"%s\" has a sign; amounts are positive numbers like 150,00", field, q);
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not an amount (use digits like 1234,56)", field, q);
		}
	}
	if (!is_digit(s[0]))
		return cobra_error(COBRA_INVALID, "%s: \"%s\" must start with a digit", field, q);

	if (last == NULL) {
		if (!ungroup(intpart, sizeof(intpart), s, len, '\0'))
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not an amount", field, q);
	} else {
		size_t tail = len - (size_t)(last - s) - 1;
		char sep = *last;
		char other = sep == '.' ? ',' : '.';
		int nsep = sep == '.' ? ndot : ncomma;
		int nother = sep == '.' ? ncomma : ndot;
		if (tail == 3 && nsep == 1 && nother == 0 && s[0] == '0' && last == s + 1)
			return cobra_error(COBRA_INVALID, "%s: \"%s\" has more than two decimals", field, q);
		if (tail == 3 && nsep == 1 && nother == 0) {
			cobra_error(COBRA_INVALID, "%s: \"%s\" is ambiguous", field, q);
			cobra_hint("write %.*s%.3s,00 or %.*s%.3s.00 with two decimals, or drop the separator",
				(int)(last - s), s, last + 1, (int)(last - s), s, last + 1);
			return -COBRA_INVALID;
		}
		if (tail == 3 && nother == 0) {
			/* "1.234.567": every separator groups thousands. */
			if (!ungroup(intpart, sizeof(intpart), s, len, sep))
				return cobra_error(COBRA_INVALID, "%s: \"%s\" has misplaced separators", field, q);
		} else if (tail == 1 || tail == 2) {
			if (nsep != 1)
				return cobra_error(COBRA_INVALID, "%s: \"%s\" has misplaced separators", field, q);
			if (!ungroup(intpart, sizeof(intpart), s, (size_t)(last - s), other))
				return cobra_error(COBRA_INVALID, "%s: \"%s\" has misplaced separators", field, q);
			cents = (last[1] - '0') * 10 + (tail == 2 ? last[2] - '0' : 0);
		} else if (tail > 3 || (tail == 3 && nother > 0)) {
			return cobra_error(COBRA_INVALID, "%s: \"%s\" has more than two decimals", field, q);
		} else {
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not an amount", field, q);
		}
	}
	for (const char *p = intpart; *p; p++) {
		if (!push_digit(&units, *p, COBRA_MONEY_MAX / 100 + 1))
			goto too_large;
	}
	if (units > COBRA_MONEY_MAX / 100 || units * 100 + cents > COBRA_MONEY_MAX)
		goto too_large;
	*out = units * 100 + cents;
	return 0;
too_large: {
		char max[COBRA_MONEY_BUFSZ];
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is too large (at most %s)", field, q,
			cobra_money_format(max, COBRA_MONEY_MAX));
	}
}

int cobra_money_parse_canonical(cobra_money *out, const char *text)
{
	size_t len = strlen(text);
	int64_t v = 0;
	if (len < 4 || len > 15 || text[len - 3] != '.')
		return -1;
	if (len > 4 && text[0] == '0')
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (i == len - 3)
			continue;
		if (!is_digit(text[i]) || !push_digit(&v, text[i], COBRA_MONEY_MAX))
			return -1;
	}
	*out = v;
	return 0;
}

char *cobra_money_format(char out[COBRA_MONEY_BUFSZ], cobra_money v)
{
	/* by hand: this runs once per amount printed, a million times in a report */
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	static const char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
				    "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
				    "8081828384858687888990919293949596979899";
	char tmp[24];
	int n = 0;
	uint64_t units = a / 100;
	while (units >= 100) {
		size_t r = (size_t)(units % 100);
		units /= 100;
		tmp[n++] = pairs[2 * r + 1];
		tmp[n++] = pairs[2 * r];
	}
	do {
		tmp[n++] = (char)('0' + units % 10);
		units /= 10;
	} while (units);
	size_t o = 0;
	if (v < 0)
		out[o++] = '-';
	while (n)
		out[o++] = tmp[--n];
	out[o++] = '.';
	out[o++] = (char)('0' + (a % 100) / 10);
	out[o++] = (char)('0' + a % 10);
	out[o] = '\0';
	return out;
}

char *cobra_money_format_human(char out[COBRA_MONEY_BUFSZ], cobra_money v, const char *locale)
{
	bool br = locale == NULL || strncmp(locale, "pt", 2) == 0;
	char group = br ? '.' : ',', dec = br ? ',' : '.';
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char digits[32];
	int nd = snprintf(digits, sizeof(digits), "%llu", (unsigned long long)(a / 100));
	size_t o = 0;
	if (v < 0)
		out[o++] = '-';
	memcpy(out + o, "R$ ", sizeof("R$ ") - 1);
	o += sizeof("R$ ") - 1;
	for (int i = 0; i < nd; i++) {
		if (i > 0 && (nd - i) % 3 == 0)
			out[o++] = group;
		out[o++] = digits[i];
	}
	(void)snprintf(out + o, COBRA_MONEY_BUFSZ - o, "%c%02llu", dec, (unsigned long long)(a % 100));
	return out;
}

bool cobra_money_add(cobra_money *out, cobra_money a, cobra_money b)
{
	cobra_money r;
	if (__builtin_add_overflow(a, b, &r))
		return false;
	*out = r;
	return true;
}

bool cobra_money_sub(cobra_money *out, cobra_money a, cobra_money b)
{
	cobra_money r;
	if (__builtin_sub_overflow(a, b, &r))
		return false;
	*out = r;
	return true;
}

int cobra_rate_parse(int32_t *out_bp, const char *field, const char *text)
{
	char q[64];
	const char *s = text;
	int64_t whole = 0, frac = 0;
	int nfrac = 0;
	size_t len = strlen(s);
	cobra_quote(q, sizeof(q), text);
	if (len > 0 && s[len - 1] == '%')
		len--;
	if (len == 0 || len > 12 || !is_digit(s[0]))
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a percentage like 1.5", field, q);
	size_t i = 0;
	for (; i < len && is_digit(s[i]); i++)
		if (!push_digit(&whole, s[i], 1000000))
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is too large", field, q);
	if (i < len && (s[i] == '.' || s[i] == ',')) {
		for (i++; i < len && is_digit(s[i]); i++) {
			if (++nfrac > 2)
				return cobra_error(COBRA_INVALID, "%s: \"%s\" has more than two decimals", field, q);
			frac = frac * 10 + (s[i] - '0');
		}
		if (nfrac == 0)
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a percentage like 1.5", field, q);
	}
	if (i != len)
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a percentage like 1.5", field, q);
	if (nfrac == 1)
		frac *= 10;
	int64_t bp = whole * 100 + frac;
	if (bp > COBRA_RATE_MAX_BP)
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is out of range (0 to 100)", field, q);
	*out_bp = (int32_t)bp;
	return 0;
}

char *cobra_rate_format(char out[16], int32_t bp)
{
	(void)snprintf(out, 16, "%d.%02d", (int)(bp / 100), (int)(bp % 100));
	return out;
}

int64_t cobra_div_round(__int128 num, __int128 den)
{
	return (int64_t)((num + den / 2) / den);
}
