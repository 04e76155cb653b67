#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "text.h"

int cobra_format_parse(enum cobra_format *out, const char *text)
{
	char q[64];
	if (strcmp(text, "human") == 0)
		*out = COBRA_FMT_HUMAN;
	else if (strcmp(text, "tsv") == 0)
		*out = COBRA_FMT_TSV;
	else if (strcmp(text, "csv") == 0)
		*out = COBRA_FMT_CSV;
	else if (strcmp(text, "json") == 0)
		*out = COBRA_FMT_JSON;
	else
		return cobra_error(COBRA_INVALID, "format: \"%s\" is not one of human|tsv|csv|json",
			cobra_quote(q, sizeof(q), text));
	return 0;
}

void cobra_table_init(struct cobra_table *t, const struct cobra_col *cols, size_t ncols)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols;
	t->ncols = ncols;
}

void cobra_table_add(struct cobra_table *t, const char *const *values)
{
	if (t->oom)
		return;
	if (t->nrows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **p = realloc(t->cells, cap * t->ncols * sizeof(*p));
		if (!p) {
			t->oom = true;
			return;
		}
		t->cells = p;
		t->cap = cap;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		t->cells[t->nrows * t->ncols + c] = strdup(values[c] ? values[c] : "");
		if (!t->cells[t->nrows * t->ncols + c])
			t->oom = true;
	}
	t->nrows++;
}

void cobra_table_free(struct cobra_table *t)
{
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	memset(t, 0, sizeof(*t));
}

/* Display width: one column per code point (good enough for Latin text). */
static size_t width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w += ((unsigned char)*s < 0x20 || *s == 0x7f) ? 4 : 1;
	return w;
}

void cobra_print_safe(FILE *out, const char *s)
{
	size_t len = strlen(s);
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		unsigned cp;
		int n = cobra_utf8_decode(p + i, len - i, &cp);
		if (n == 0) {
			fprintf(out, "\\x%02x", p[i]);
			i++;
		} else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
			   (cp >= 0x2066 && cp <= 0x2069)) {
			fprintf(out, cp < 0x80 ? "\\x%02x" : "<U+%04X>", cp);
			i += (size_t)n;
		} else {
			fwrite(p + i, 1, (size_t)n, out);
			i += (size_t)n;
		}
	}
}

static void print_flat(FILE *out, const char *s, char sep)
{
	for (; *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' || *s == sep ? ' ' : *s, out);
}

static void print_csv_cell(FILE *out, const char *s, bool is_num)
{
	bool danger = !is_num && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
	bool quote = danger || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', out);
	if (danger)
		fputc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	if (quote)
		fputc('"', out);
}

void cobra_json_string(struct cobra_buf *b, const char *s)
{
	cobra_buf_puts(b, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			cobra_buf_printf(b, "\\%c", c);
		else if (c == '\n')
			cobra_buf_puts(b, "\\n");
		else if (c == '\t')
			cobra_buf_puts(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			cobra_buf_printf(b, "\\u%04x", c);
		else
			cobra_buf_add(b, s, 1);
	}
	cobra_buf_puts(b, "\"");
}

void cobra_table_print(FILE *out, const struct cobra_table *t, enum cobra_format fmt, bool human_header)
{
	if (fmt == COBRA_FMT_JSON) {
		struct cobra_buf b = {0};
		cobra_buf_puts(&b, "[");
		for (size_t r = 0; r < t->nrows; r++) {
			cobra_buf_puts(&b, r ? ",\n {" : "\n {");
			for (size_t c = 0; c < t->ncols; c++) {
				const char *v = t->cells[r * t->ncols + c];
				if (c)
					cobra_buf_puts(&b, ", ");
				cobra_json_string(&b, t->cols[c].key);
				cobra_buf_puts(&b, ": ");
				if (t->cols[c].kind == COBRA_COL_INT && v[0])
					cobra_buf_puts(&b, v);
				else
					cobra_json_string(&b, v);
			}
			cobra_buf_puts(&b, "}");
		}
		cobra_buf_puts(&b, t->nrows ? "\n]\n" : "]\n");
		if (b.data)
			fwrite(b.data, 1, b.len, out);
		cobra_buf_free(&b);
		return;
	}
	if (fmt == COBRA_FMT_TSV || fmt == COBRA_FMT_CSV) {
		char sep = fmt == COBRA_FMT_TSV ? '\t' : ',';
		for (size_t c = 0; c < t->ncols; c++) {
			if (c)
				fputc(sep, out);
			fputs(t->cols[c].key, out);
		}
		fputc('\n', out);
		for (size_t r = 0; r < t->nrows; r++) {
			for (size_t c = 0; c < t->ncols; c++) {
				const char *v = t->cells[r * t->ncols + c];
				if (c)
					fputc(sep, out);
				if (fmt == COBRA_FMT_TSV)
					print_flat(out, v, '\t');
				else
					print_csv_cell(out, v, t->cols[c].kind != COBRA_COL_TEXT);
			}
			fputc('\n', out);
		}
		return;
	}
	size_t *w = calloc(t->ncols, sizeof(*w));
	if (!w)
		return;
	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = human_header ? width(t->cols[c].title) : 0;
		for (size_t r = 0; r < t->nrows; r++) {
			size_t cw = width(t->cells[r * t->ncols + c]);
			w[c] = cw > w[c] ? cw : w[c];
		}
	}
	for (size_t r = 0; r < t->nrows + (human_header ? 1 : 0); r++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = human_header && r == 0 ? t->cols[c].title
							      : t->cells[(r - (human_header ? 1 : 0)) * t->ncols + c];
			size_t pad = w[c] - width(v);
			bool right = t->cols[c].kind != COBRA_COL_TEXT;
			bool last = c + 1 == t->ncols;
			if (right)
				for (size_t k = 0; k < pad; k++)
					fputc(' ', out);
			cobra_print_safe(out, v);
			if (!right && !last)
				for (size_t k = 0; k < pad; k++)
					fputc(' ', out);
			if (!last)
				fputs("  ", out);
		}
		fputc('\n', out);
	}
	free(w);
}
