/*
 * doc.h - Brazilian taxpayer documents: CPF (people) and CNPJ (companies).
 *
 * Input may carry the usual punctuation (123.456.789-09, 12.ABC.345/01DE-35);
 * the normalised form keeps digits and uppercase letters only. The CNPJ may be
 * alphanumeric (from July 2026): its first 12 characters are 0-9 or A-Z, each
 * valued ASCII code - 48, and its two check digits are numeric, computed
 * modulo 11 with weights 2..9 from the right, as for the numeric CNPJ.
 */
#ifndef COBRA_DOC_H
#define COBRA_DOC_H

#include <stddef.h>

enum cobra_doc_kind { COBRA_DOC_NONE = 0, COBRA_DOC_CPF, COBRA_DOC_CNPJ };

#define COBRA_DOC_BUFSZ 16

/* Validates and normalises TEXT. Returns the kind, or -COBRA_INVALID. */
int cobra_doc_parse(char out[COBRA_DOC_BUFSZ], const char *field, const char *text);
/* Kind of an already normalised document ("" -> NONE). */
enum cobra_doc_kind cobra_doc_kind(const char *normalised);
/* Human form: 123.456.789-09 or 12.ABC.345/01DE-35. */
char *cobra_doc_format(char out[24], const char *normalised);

#endif
