/*
 * schema.h - field kinds, and the generic reader, writer and validator that
 * every record type is generated from.
 *
 * A record type is one X-macro list in records.h: X(KIND, name, SIZE, REQ,
 * EXTRA). From that one list come the C struct (COBRA_MEMBER), the field
 * table (COBRA_FIELD) that drives cobra_schema_read() and
 * cobra_schema_write(), and the per-kind validators that the command line
 * uses on input too, so reader, writer and validator can never drift apart.
 */
#ifndef COBRA_SCHEMA_H
#define COBRA_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "ini.h"
#include "money.h"

enum cobra_kind {
	COBRA_K_ID16,    /* customer id, 16 hex */
	COBRA_K_ID20,    /* debt/payment id, 20 hex */
	COBRA_K_HANDLE,  /* [a-z0-9-], 1-32 */
	COBRA_K_TEXT,    /* free text, cobra_text_validate(), SIZE-1 bytes */
	COBRA_K_MONEY,   /* cobra_money; optional: omitted when 0 */
	COBRA_K_MONEY_OPT, /* cobra_money; -1 = absent */
	COBRA_K_DATE,    /* cobra_date */
	COBRA_K_RATE,    /* int32 basis points; optional: omitted when 0 */
	COBRA_K_INT,     /* int32 in EXTRA's range */
	COBRA_K_ENUM,    /* one of EXTRA's "a|b|c" words */
	COBRA_K_DOC,     /* normalised CPF/CNPJ */
	COBRA_K_PHONE,   /* +digits, 8-15 digits */
	COBRA_K_EMAIL,   /* local@domain */
	COBRA_K_EVERY,   /* "1m" or "Nd" */
	COBRA_K_LIST,    /* key.1, key.2, ... items of EXTRA's list type */
};

struct cobra_int_range {
	int32_t min, max;
};

/* Item type of a LIST field: how one "key.N = value" line reads and writes. */
struct cobra_list_type {
	size_t item_size;
	/* Parses VALUE into ITEM; returns 0 or -1 (the caller names file:line). */
	int (*parse)(void *item, const char *value);
	void (*format)(struct cobra_buf *out, const void *item);
};

struct cobra_field {
	const char *name;
	enum cobra_kind kind;
	size_t offset;
	size_t size;        /* bytes for strings; 0 otherwise */
	size_t count_offset; /* LIST: offset of the size_t item count */
	int required;
	const void *extra;
};

#define COBRA_REQ 1
#define COBRA_OPT 0

/* C types of each kind. */
#define COBRA_CT_ID16(n, s) char n[17]
#define COBRA_CT_ID20(n, s) char n[21]
#define COBRA_CT_HANDLE(n, s) char n[33]
#define COBRA_CT_TEXT(n, s) char n[s]
#define COBRA_CT_MONEY(n, s) cobra_money n
#define COBRA_CT_MONEY_OPT(n, s) cobra_money n
#define COBRA_CT_DATE(n, s) cobra_date n
#define COBRA_CT_RATE(n, s) int32_t n
#define COBRA_CT_INT(n, s) int32_t n
#define COBRA_CT_ENUM(n, s) char n[24]
#define COBRA_CT_DOC(n, s) char n[16]
#define COBRA_CT_PHONE(n, s) char n[24]
#define COBRA_CT_EMAIL(n, s) char n[101]
#define COBRA_CT_EVERY(n, s) char n[8]
#define COBRA_CT_LIST(n, s) s *n; size_t n##_count

#define COBRA_MEMBER(kind, name, size, req, extra) COBRA_CT_##kind(name, size);

#define COBRA_SZ_STR(T, n) sizeof(((T *)0)->n)
#define COBRA_SZ_ID16(T, n) COBRA_SZ_STR(T, n)
#define COBRA_SZ_ID20(T, n) COBRA_SZ_STR(T, n)
#define COBRA_SZ_HANDLE(T, n) COBRA_SZ_STR(T, n)
#define COBRA_SZ_TEXT(T, n) COBRA_SZ_STR(T, n)
#define COBRA_SZ_ENUM(T, n) COBRA_SZ_STR(T, n)
#define COBRA_SZ_DOC(T, n) COBRA_SZ_STR(T, n)
#define COBRA_SZ_PHONE(T, n) COBRA_SZ_STR(T, n)
#define COBRA_SZ_EMAIL(T, n) COBRA_SZ_STR(T, n)
#define COBRA_SZ_EVERY(T, n) COBRA_SZ_STR(T, n)
#define COBRA_SZ_MONEY(T, n) 0
#define COBRA_SZ_MONEY_OPT(T, n) 0
#define COBRA_SZ_DATE(T, n) 0
#define COBRA_SZ_RATE(T, n) 0
#define COBRA_SZ_INT(T, n) 0
#define COBRA_SZ_LIST(T, n) 0
#define COBRA_CO_LIST(T, n) offsetof(T, n##_count)
#define COBRA_CO_ID16(T, n) 0
#define COBRA_CO_ID20(T, n) 0
#define COBRA_CO_HANDLE(T, n) 0
#define COBRA_CO_TEXT(T, n) 0
#define COBRA_CO_ENUM(T, n) 0
#define COBRA_CO_DOC(T, n) 0
#define COBRA_CO_PHONE(T, n) 0
#define COBRA_CO_EMAIL(T, n) 0
#define COBRA_CO_EVERY(T, n) 0
#define COBRA_CO_MONEY(T, n) 0
#define COBRA_CO_MONEY_OPT(T, n) 0
#define COBRA_CO_DATE(T, n) 0
#define COBRA_CO_RATE(T, n) 0
#define COBRA_CO_INT(T, n) 0

#define COBRA_FIELD(T, kind, name, size, req, extra)                                             \
	{#name, COBRA_K_##kind, offsetof(T, name), COBRA_SZ_##kind(T, name), COBRA_CO_##kind(T, name), \
	 req, extra},

struct cobra_schema {
	const char *section; /* "customer", "sale", ... */
	const struct cobra_field *fields;
	size_t nfields;
};

/* Validates user input TEXT for FIELD of kind K and stores its canonical
 * value into DST (a field of that kind). FIELD_NAME is used in errors. */
int cobra_field_from_input(const struct cobra_field *f, void *obj, const char *field_name, const char *text);

/* Reads section SEC of INI into OBJ (already initialised with defaults).
 * Unknown keys, missing required keys and bad values are file:line errors. */
int cobra_schema_read(const struct cobra_schema *sc, const struct cobra_ini *ini,
		      const struct cobra_section *sec, void *obj);
/* Appends "[section id]" (id may be "") and every field in schema order. */
void cobra_schema_write(const struct cobra_schema *sc, struct cobra_buf *out, const char *id, const void *obj);
/* Looks up a field by name. */
const struct cobra_field *cobra_schema_field(const struct cobra_schema *sc, const char *name);

/* Value grammars shared with the command line (0 or -COBRA_INVALID). */
int cobra_phone_parse(char out[24], const char *field, const char *text);
int cobra_email_validate(const char *field, const char *text);
int cobra_every_parse(char out[8], const char *field, const char *text);
int cobra_enum_check(const char *allowed, const char *field, const char *text);
int cobra_handle_validate(const char *field, const char *text);
/* Frees every LIST of OBJ. */
void cobra_schema_free_lists(const struct cobra_schema *sc, void *obj);

#endif
