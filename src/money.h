/*
 * money.h - amounts of money as int64 cents, never floating point.
 *
 * Parsing follows DESIGN §4 and gives the same result under any locale:
 *   1234.56  1234,56  1.234,56  1,234.56  R$ 1.234,56  1.234.567  12  0,5
 * are accepted; a lone separator followed by exactly three digits (1.234,
 * 1,234) is ambiguous and refused with a hint; signs, exponents, more than two
 * decimals, spaces inside the number and anything else are refused.
 * COBRA_MONEY_MAX is the largest amount a single value may hold; sums use
 * the checked helpers below, which fail instead of wrapping.
 */
#ifndef COBRA_MONEY_H
#define COBRA_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int64_t cobra_money;

/* R$ 999.999.999,99: ten billion cents fits any sum of a million of them. */
#define COBRA_MONEY_MAX ((cobra_money)99999999999)
/* Longest text cobra_money_format* can produce, with the NUL. */
#define COBRA_MONEY_BUFSZ 40

/* Parses user input (FIELD names the option in the error). Accepts 0;
 * callers that need a positive amount check it. Returns 0 or -COBRA_INVALID. */
int cobra_money_parse(cobra_money *out, const char *field, const char *text);
/* Parses the canonical file form only: digits, '.', exactly two decimals. */
int cobra_money_parse_canonical(cobra_money *out, const char *text);

/* Machine form "1234.56" (also negative "-5.00"). Returns OUT. */
char *cobra_money_format(char out[COBRA_MONEY_BUFSZ], cobra_money v);
/* Human form by locale: "pt_BR" -> "R$ 1.234,56"; anything else
 * -> "R$ 1,234.56". */
char *cobra_money_format_human(char out[COBRA_MONEY_BUFSZ], cobra_money v, const char *locale);

/* Checked arithmetic: false on overflow (OUT untouched). */
bool cobra_money_add(cobra_money *out, cobra_money a, cobra_money b);
bool cobra_money_sub(cobra_money *out, cobra_money a, cobra_money b);

/* Rates are hundredths of a percent ("basis points"): 2% = 200, 1.5% = 150.
 * Parses "2", "2.5", "1,25", "0.75%". At most two decimals, 0..MAX_BP. */
#define COBRA_RATE_MAX_BP 10000
int cobra_rate_parse(int32_t *out_bp, const char *field, const char *text);
char *cobra_rate_format(char out[16], int32_t bp);

/* round_half_up(num / den) for num >= 0, den > 0. */
int64_t cobra_div_round(__int128 num, __int128 den);

#endif
