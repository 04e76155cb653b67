#include "schema.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "error.h"
#include "id.h"
#include "text.h"

#define AT(obj, f) ((char *)(obj) + (f)->offset)

int cobra_phone_parse(char out[24], const char *field, const char *text)
{
	char q[64];
	size_t n = 0, digits = 0;
	cobra_quote(q, sizeof(q), text);
	for (const char *p = text; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n >= 20)
				break;
			out[n++] = *p;
			digits++;
		} else if (*p == '+' && p == text) {
			out[n++] = '+';
		} else if (*p == ' ' || *p == '-' || *p == '(' || *p == ')' || *p == '.') {
			if (p == text && *p == '-')
				return cobra_error(COBRA_INVALID, "%s: \"%s\" must not start with \"-\"", field, q);
		} else {
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a phone number", field, q);
		}
	}
	out[n] = '\0';
	if (digits < 8 || digits > 15)
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a phone number (8 to 15 digits)", field, q);
	return 0;
}

int cobra_email_validate(const char *field, const char *text)
{
	char q[128];
	size_t len = strlen(text);
	const char *at = strchr(text, '@');
	cobra_quote(q, sizeof(q), text);
	if (len > 100)
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is too long (at most 100 bytes)", field, q);
	if (!at || at == text || strchr(at + 1, '@') || !strchr(at + 1, '.') || text[0] == '-' ||
	    at[1] == '.' || at[1] == '-' || text[len - 1] == '.')
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is not an email address", field, q);
	for (const char *p = text; *p; p++) {
		char c = *p;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
			  strchr(".-_+@", c) != NULL;
		if (!ok)
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not an email address", field, q);
	}
	return 0;
}

int cobra_every_parse(char out[8], const char *field, const char *text)
{
	char q[64];
	size_t len = strlen(text);
	if (strcmp(text, "1m") == 0 || strcmp(text, "monthly") == 0) {
		memcpy(out, "1m", 3);
		return 0;
	}
	if (len >= 2 && len <= 4 && text[len - 1] == 'd' && text[0] != '0') {
		int n = 0;
		size_t i;
		for (i = 0; i + 1 < len && text[i] >= '0' && text[i] <= '9'; i++)
			n = n * 10 + (text[i] - '0');
		if (i + 1 == len && n >= 1 && n <= 366) {
			(void)snprintf(out, 8, "%dd", n);
			return 0;
		}
	}
	return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a period (use 1m or Nd, like 15d)", field,
		cobra_quote(q, sizeof(q), text));
}

int cobra_enum_check(const char *allowed, const char *field, const char *text)
{
	size_t len = strlen(text);
	char q[64];
	for (const char *p = allowed; *p;) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		if (n == len && memcmp(p, text, n) == 0)
			return 0;
		p += n + (bar ? 1 : 0);
	}
	cobra_error(COBRA_INVALID, "%s: \"%s\" is not one of %s", field, cobra_quote(q, sizeof(q), text), allowed);
	return -COBRA_INVALID;
}

int cobra_handle_validate(const char *field, const char *text)
{
	size_t len = strlen(text);
	bool ok = len >= 1 && len <= 32 && text[0] != '-' && text[len - 1] != '-';
	for (size_t i = 0; ok && i < len; i++)
		ok = (text[i] >= 'a' && text[i] <= 'z') || (text[i] >= '0' && text[i] <= '9') || text[i] == '-';
	if (!ok) {
		char q[64];
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a handle ([a-z0-9-], 1 to 32)", field,
			cobra_quote(q, sizeof(q), text));
	}
	return 0;
}

static int copy_str(const struct cobra_field *f, void *obj, const char *field, const char *text)
{
	if (strlen(text) + 1 > f->size) {
		char q[64];
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is too long (at most %zu bytes)", field,
			cobra_quote(q, sizeof(q), text), f->size - 1);
	}
	memcpy(AT(obj, f), text, strlen(text) + 1);
	return 0;
}

/* Checks and stores TEXT. CANONICAL: the value comes from a file and must
 * already be in canonical form (no trimming, exact money form). */
static int store_value(const struct cobra_field *f, void *obj, const char *field, const char *text, bool canonical)
{
	char q[64];
	int rc = 0;
	cobra_quote(q, sizeof(q), text);
	switch (f->kind) {
	case COBRA_K_ID16:
		if (!cobra_id_valid_customer(text))
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a customer id", field, q);
		return copy_str(f, obj, field, text);
	case COBRA_K_ID20:
		if (!cobra_id_valid_event(text))
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a record id", field, q);
		return copy_str(f, obj, field, text);
	case COBRA_K_HANDLE:
		if ((rc = cobra_handle_validate(field, text)) < 0)
			return rc;
		return copy_str(f, obj, field, text);
	case COBRA_K_TEXT:
		if ((rc = cobra_text_validate(field, text, f->size - 1)) < 0)
			return rc;
		if (f->required && text[0] == '\0')
			return cobra_error(COBRA_INVALID, "%s: must not be empty", field);
		return copy_str(f, obj, field, text);
	case COBRA_K_MONEY:
	case COBRA_K_MONEY_OPT: {
		cobra_money m;
		if (canonical) {
			if (cobra_money_parse_canonical(&m, text) != 0)
				return cobra_error(COBRA_INVALID, "%s: \"%s\" is not an amount like 1234.56", field, q);
		} else if ((rc = cobra_money_parse(&m, field, text)) < 0) {
			return rc;
		}
		memcpy(AT(obj, f), &m, sizeof(m));
		return 0;
	}
	case COBRA_K_DATE: {
		cobra_date d;
		if (canonical) {
			if (cobra_date_parse_iso(&d, text) != 0)
				return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a date YYYY-MM-DD", field, q);
		} else if ((rc = cobra_date_parse(&d, field, text)) < 0) {
			return rc;
		}
		memcpy(AT(obj, f), &d, sizeof(d));
		return 0;
	}
	case COBRA_K_RATE: {
		int32_t bp;
		if ((rc = cobra_rate_parse(&bp, field, text)) < 0)
			return rc;
		if (canonical) {
			char canon[16];
			if (strcmp(cobra_rate_format(canon, bp), text) != 0)
				return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a rate like 1.50", field, q);
		}
		memcpy(AT(obj, f), &bp, sizeof(bp));
		return 0;
	}
	case COBRA_K_INT: {
		const struct cobra_int_range *r = f->extra;
		long v = 0;
		bool neg = text[0] == '-' && r->min < 0; /* "-3": only where negatives make sense */
		const char *digits = text + (neg ? 1 : 0);
		size_t len = strlen(digits);
		if (len == 0 || len > 9 || (len > 1 && digits[0] == '0') || (neg && strcmp(digits, "0") == 0))
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a whole number", field, q);
		for (size_t i = 0; i < len; i++) {
			if (digits[i] < '0' || digits[i] > '9')
				return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a whole number", field, q);
			v = v * 10 + (digits[i] - '0');
		}
		v = neg ? -v : v;
		if (v < r->min || v > r->max)
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is out of range (%d to %d)", field, q,
				(int)r->min, (int)r->max);
		int32_t iv = (int32_t)v;
		memcpy(AT(obj, f), &iv, sizeof(iv));
		return 0;
	}
	case COBRA_K_ENUM:
		if ((rc = cobra_enum_check(f->extra, field, text)) < 0)
			return rc;
		return copy_str(f, obj, field, text);
	case COBRA_K_DOC: {
		char doc[COBRA_DOC_BUFSZ];
		if ((rc = cobra_doc_parse(doc, field, text)) < 0)
			return rc;
		if (canonical && strcmp(doc, text) != 0)
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not in normalised form %s", field, q, doc);
		return copy_str(f, obj, field, doc);
	}
	case COBRA_K_PHONE: {
		char ph[24];
		if ((rc = cobra_phone_parse(ph, field, text)) < 0)
			return rc;
		if (canonical && strcmp(ph, text) != 0)
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not in normalised form %s", field, q, ph);
		return copy_str(f, obj, field, ph);
	}
	case COBRA_K_EMAIL:
		if ((rc = cobra_email_validate(field, text)) < 0)
			return rc;
		return copy_str(f, obj, field, text);
	case COBRA_K_EVERY: {
		char ev[8];
		if ((rc = cobra_every_parse(ev, field, text)) < 0)
			return rc;
		if (canonical && strcmp(ev, text) != 0)
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not in normalised form %s", field, q, ev);
		return copy_str(f, obj, field, ev);
	}
	case COBRA_K_LIST:
		break;
	}
	return cobra_error(COBRA_INVALID, "%s: cannot be set directly", field);
}

int cobra_field_from_input(const struct cobra_field *f, void *obj, const char *field_name, const char *text)
{
	if (f->kind == COBRA_K_TEXT) {
		char *tmp = malloc(f->size + 1);
		int rc;
		if (!tmp)
			return cobra_error(COBRA_DATA, "out of memory");
		rc = cobra_text_trim(tmp, f->size, field_name, text);
		if (rc == 0)
			rc = store_value(f, obj, field_name, tmp, false);
		free(tmp);
		return rc;
	}
	return store_value(f, obj, field_name, text, false);
}

const struct cobra_field *cobra_schema_field(const struct cobra_schema *sc, const char *name)
{
	for (size_t i = 0; i < sc->nfields; i++)
		if (strcmp(sc->fields[i].name, name) == 0)
			return &sc->fields[i];
	return NULL;
}

/* "due.12" -> field "due", index 12. */
static const struct cobra_field *list_field(const struct cobra_schema *sc, const char *key, size_t *index)
{
	const char *dot = strchr(key, '.');
	if (!dot || dot[1] == '\0' || dot[1] == '0')
		return NULL;
	size_t n = 0;
	for (const char *p = dot + 1; *p; p++) {
		if (*p < '0' || *p > '9' || n > 100000)
			return NULL;
		n = n * 10 + (size_t)(*p - '0');
	}
	for (size_t i = 0; i < sc->nfields; i++) {
		const struct cobra_field *f = &sc->fields[i];
		if (f->kind == COBRA_K_LIST && strlen(f->name) == (size_t)(dot - key) &&
		    memcmp(f->name, key, (size_t)(dot - key)) == 0) {
			*index = n;
			return f;
		}
	}
	return NULL;
}

static int read_list_item(const struct cobra_field *f, const struct cobra_ini *ini, const struct cobra_kv *kv,
			  size_t index, void *obj)
{
	const struct cobra_list_type *lt = f->extra;
	void **items = (void **)AT(obj, f);
	size_t *count = (size_t *)((char *)obj + f->count_offset);
	if (index != *count + 1)
		return cobra_error(COBRA_DATA, "%s:%d: \"%s\" is out of sequence (expected %s.%zu)", ini->path,
			kv->line, kv->key, f->name, *count + 1);
	if (*count == 0 || (*count >= 4 && (*count & (*count - 1)) == 0)) { /* grow at 4, 8, 16... */
		size_t cap = *count ? *count * 2 : 4;
		void *p = realloc(*items, cap * lt->item_size);
		if (!p)
			return cobra_error(COBRA_DATA, "%s: out of memory", ini->path);
		*items = p;
	}
	void *item = (char *)*items + *count * lt->item_size;
	memset(item, 0, lt->item_size);
	if (lt->parse(item, kv->value) != 0) {
		char q[64];
		return cobra_error(COBRA_DATA, "%s:%d: %s: \"%s\" is malformed", ini->path, kv->line, kv->key,
			cobra_quote(q, sizeof(q), kv->value));
	}
	(*count)++;
	return 0;
}

int cobra_schema_read(const struct cobra_schema *sc, const struct cobra_ini *ini,
		      const struct cobra_section *sec, void *obj)
{
	unsigned char seen[64] = {0};
	char q[64];
	int rc;
	for (size_t k = 0; k < sec->count; k++) {
		const struct cobra_kv *kv = &ini->kvs[sec->first + k];
		const struct cobra_field *f = cobra_schema_field(sc, kv->key);
		size_t index = 0;
		if (!f || f->kind == COBRA_K_LIST) {
			f = list_field(sc, kv->key, &index);
			if (!f)
				return cobra_error(COBRA_DATA, "%s:%d: unknown key \"%s\" in [%s]", ini->path, kv->line,
					cobra_quote(q, sizeof(q), kv->key), sc->section);
			if ((rc = read_list_item(f, ini, kv, index, obj)) < 0)
				return rc;
		} else {
			cobra_error_clear();
			if (store_value(f, obj, kv->key, kv->value, true) < 0) {
				char msg[1024];
				(void)snprintf(msg, sizeof(msg), "%s", cobra_error_message());
				cobra_error_clear();
				return cobra_error(COBRA_DATA, "%s:%d: %s", ini->path, kv->line, msg);
			}
		}
		seen[f - sc->fields] = 1;
	}
	for (size_t i = 0; i < sc->nfields; i++)
		if (sc->fields[i].required && !seen[i])
			return cobra_error(COBRA_DATA, "%s:%d: [%s] lacks the key \"%s\"", ini->path, sec->line,
				sc->section, sc->fields[i].name);
	return 0;
}

static void write_field(struct cobra_buf *out, const struct cobra_field *f, const void *obj)
{
	const char *p = (const char *)obj + f->offset;
	char tmp[COBRA_MONEY_BUFSZ];
	switch (f->kind) {
	case COBRA_K_MONEY:
	case COBRA_K_MONEY_OPT: {
		cobra_money m;
		memcpy(&m, p, sizeof(m));
		if ((f->kind == COBRA_K_MONEY && !f->required && m == 0) || (f->kind == COBRA_K_MONEY_OPT && m < 0))
			return;
		cobra_buf_printf(out, "%s = %s\n", f->name, cobra_money_format(tmp, m));
		return;
	}
	case COBRA_K_DATE: {
		cobra_date d;
		memcpy(&d, p, sizeof(d));
		cobra_buf_printf(out, "%s = %s\n", f->name, cobra_date_format(tmp, d));
		return;
	}
	case COBRA_K_RATE:
	case COBRA_K_INT: {
		int32_t v;
		memcpy(&v, p, sizeof(v));
		if (f->kind == COBRA_K_RATE) {
			if (v == 0 && !f->required)
				return;
			cobra_buf_printf(out, "%s = %s\n", f->name, cobra_rate_format(tmp, v));
		} else {
			cobra_buf_printf(out, "%s = %d\n", f->name, (int)v);
		}
		return;
	}
	case COBRA_K_LIST: {
		const struct cobra_list_type *lt = f->extra;
		void *const *items = (void *const *)p;
		size_t count;
		memcpy(&count, (const char *)obj + f->count_offset, sizeof(count));
		for (size_t i = 0; i < count; i++) {
			cobra_buf_printf(out, "%s.%zu = ", f->name, i + 1);
			lt->format(out, (const char *)*items + i * lt->item_size);
			cobra_buf_puts(out, "\n");
		}
		return;
	}
	default:
		if (p[0] == '\0') {
			if (f->required)
				cobra_buf_printf(out, "%s =\n", f->name);
			return;
		}
		cobra_buf_printf(out, "%s = %s\n", f->name, p);
	}
}

void cobra_schema_write(const struct cobra_schema *sc, struct cobra_buf *out, const char *id, const void *obj)
{
	if (id && id[0])
		cobra_buf_printf(out, "[%s %s]\n", sc->section, id);
	else
		cobra_buf_printf(out, "[%s]\n", sc->section);
	for (size_t i = 0; i < sc->nfields; i++)
		write_field(out, &sc->fields[i], obj);
}

void cobra_schema_free_lists(const struct cobra_schema *sc, void *obj)
{
	for (size_t i = 0; i < sc->nfields; i++) {
		const struct cobra_field *f = &sc->fields[i];
		if (f->kind == COBRA_K_LIST) {
			void **items = (void **)AT(obj, f);
			free(*items);
			*items = NULL;
			memset((char *)obj + f->count_offset, 0, sizeof(size_t));
		}
	}
}
