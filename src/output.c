#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "i18n.h"
#include "text.h"

/* What a cell cut to fit the terminal ends with (one column). */
#define ELLIPSIS "\xe2\x80\xa6"
/* A text column is not narrowed below this many columns (or its header). */
#define MIN_TEXT 8

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
/* How cobra_print_safe shows the character at P: *N bytes of input become
 * the returned number of columns (one per code point; \xNN is 4 and
 * <U+XXXX> 8). Writes the escape into ESC when one is needed. */
static size_t safe_char(const unsigned char *p, size_t avail, int *n, char esc[16])
{
	unsigned cp;
	esc[0] = '\0';
	*n = cobra_utf8_decode(p, avail, &cp);
	if (*n == 0) {
		*n = 1;
		(void)snprintf(esc, 16, "\\x%02x", p[0]);
	} else if (cobra_text_unsafe(cp)) {
		(void)snprintf(esc, 16, cp < 0x80 ? "\\x%02x" : "<U+%04X>", cp);
	} else {
		return 1;
	}
	return strlen(esc);
}

/* Display width of S as cobra_print_safe prints it (one column per code
 * point: good enough for Latin text). */
static size_t width(const char *s)
{
	size_t w = 0, len = strlen(s);
	for (size_t i = 0; i < len;) {
		char esc[16];
		int n;
		w += safe_char((const unsigned char *)s + i, len - i, &n, esc);
		i += (size_t)n;
	}
	return w;
}

void cobra_print_safe(FILE *out, const char *s)
{
	size_t len = strlen(s);
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		char esc[16];
		int n;
		safe_char(p + i, len - i, &n, esc);
		if (esc[0])
			(void)fputs(esc, out);
		else
			(void)fwrite(p + i, 1, (size_t)n, out);
		i += (size_t)n;
	}
}

/* cobra_print_safe of S cut to MAXW columns: when S is wider, as many whole
 * characters (an escape is one) as fit in MAXW - 1 columns, then an
 * ellipsis. Returns the columns printed. */
static size_t print_safe_cut(FILE *out, const char *s, size_t maxw)
{
	size_t full = width(s);
	if (full <= maxw || maxw == 0) {
		cobra_print_safe(out, s);
		return full;
	}
	size_t len = strlen(s), w = 0;
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		char esc[16];
		int n;
		size_t cw = safe_char(p + i, len - i, &n, esc);
		if (w + cw > maxw - 1)
			break;
		if (esc[0])
			(void)fputs(esc, out);
		else
			(void)fwrite(p + i, 1, (size_t)n, out);
		w += cw;
		i += (size_t)n;
	}
	(void)fputs(ELLIPSIS, out);
	return w + 1;
}



void cobra_json_string(struct cobra_buf *b, const char *s)
{
	cobra_buf_add(b, "\"", 1);
	for (;;) {
		const char *p = s;
		while (*p && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20 && *p != 0x7f)
			p++;
		cobra_buf_add(b, s, (size_t)(p - s));
		if (!*p)
			break;
		unsigned char c = (unsigned char)*p;
		if (c == '"' || c == '\\')
			cobra_buf_printf(b, "\\%c", c);
		else if (c == '\n')
			cobra_buf_puts(b, "\\n");
		else if (c == '\t')
			cobra_buf_puts(b, "\\t");
		else
			cobra_buf_printf(b, "\\u%04x", c);
		s = p + 1;
	}
	cobra_buf_add(b, "\"", 1);
}

void cobra_stream_begin(struct cobra_stream *st, FILE *out, enum cobra_format fmt, const struct cobra_col *cols,
			size_t ncols)
{
	st->out = out;
	st->fmt = fmt;
	st->cols = cols;
	st->ncols = ncols;
	st->rows = 0;
	memset(&st->row, 0, sizeof(st->row));
	if (fmt == COBRA_FMT_JSON) {
		(void)fputc('[', out);
		return;
	}
	char sep = fmt == COBRA_FMT_TSV ? '\t' : ',';
	for (size_t c = 0; c < ncols; c++) {
		if (c)
			(void)fputc(sep, out);
		(void)fputs(cols[c].key, out);
	}
	(void)fputc('\n', out);
}



/* Appends VAL to a row as a TSV cell (tabs and newlines become spaces). */
static void tsv_cell(struct cobra_buf *b, const char *val)
{
	size_t len = strlen(val);
	if (strpbrk(val, "\t\n\r") == NULL) {
		cobra_buf_add(b, val, len);
		return;
	}
	for (size_t i = 0; i < len; i++) {
		char c = val[i];
		if (c == '\t' || c == '\n' || c == '\r')
			c = ' ';
		cobra_buf_add(b, &c, 1);
	}
}

static void csv_cell(struct cobra_buf *b, const char *s, bool is_num)
{
	bool danger = !is_num && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r');
	bool quote = danger || strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		cobra_buf_puts(b, s);
		return;
	}
	cobra_buf_puts(b, danger ? "\"'" : "\"");
	for (; *s; s++) {
		if (*s == '"')
			cobra_buf_add(b, "\"", 1);
		cobra_buf_add(b, s, 1);
	}
	cobra_buf_add(b, "\"", 1);
}

void cobra_stream_row(struct cobra_stream *st, const char *const *v)
{
	struct cobra_buf *b = &st->row;
	b->len = 0;
	if (st->fmt == COBRA_FMT_JSON) {
		cobra_buf_puts(b, st->rows ? ",\n {" : "\n {");
		for (size_t c = 0; c < st->ncols; c++) {
			const char *val = v[c] ? v[c] : "";
			if (c)
				cobra_buf_add(b, ", ", 2);
			cobra_buf_add(b, "\"", 1);
			cobra_buf_puts(b, st->cols[c].key);
			cobra_buf_add(b, "\": ", 3);
			if (st->cols[c].kind == COBRA_COL_INT && val[0])
				cobra_buf_puts(b, val);
			else
				cobra_json_string(b, val);
		}
		cobra_buf_add(b, "}", 1);
	} else {
		char sep = st->fmt == COBRA_FMT_TSV ? '\t' : ',';
		for (size_t c = 0; c < st->ncols; c++) {
			const char *val = v[c] ? v[c] : "";
			if (c)
				cobra_buf_add(b, &sep, 1);
			if (st->cols[c].kind != COBRA_COL_TEXT)
				cobra_buf_puts(b, val); /* numbers never need quoting */
			else if (st->fmt == COBRA_FMT_TSV)
				tsv_cell(b, val);
			else
				csv_cell(b, val, st->cols[c].kind != COBRA_COL_TEXT);
		}
		cobra_buf_add(b, "\n", 1);
	}
	if (b->data)
		(void)fwrite(b->data, 1, b->len, st->out);
	st->rows++;
}

void cobra_stream_end(struct cobra_stream *st)
{
	if (st->fmt == COBRA_FMT_JSON)
		(void)fputs(st->rows ? "\n]\n" : "]\n", st->out);
	cobra_buf_free(&st->row);
}

struct sort_row {
	const char *key;
	size_t index;
};

static int cmp_sort_row(const void *a, const void *b)
{
	const struct sort_row *x = a, *y = b;
	int c = strcmp(x->key, y->key);
	if (c)
		return c;
	return x->index < y->index ? -1 : x->index > y->index;
}

void cobra_table_sort(struct cobra_table *t, size_t col)
{
	if (t->nrows < 2 || t->oom)
		return;
	struct sort_row *r = calloc(t->nrows, sizeof(*r));
	char **cells = calloc(t->nrows * t->ncols, sizeof(*cells));
	if (!r || !cells) {
		free(r);
		free(cells);
		return;
	}
	for (size_t i = 0; i < t->nrows; i++) {
		r[i].key = t->cells[i * t->ncols + col];
		r[i].index = i;
	}
	qsort(r, t->nrows, sizeof(*r), cmp_sort_row);
	for (size_t i = 0; i < t->nrows; i++)
		memcpy(cells + i * t->ncols, t->cells + r[i].index * t->ncols, t->ncols * sizeof(*cells));
	free(t->cells);
	t->cells = cells;
	t->cap = t->nrows;
	free(r);
}

static bool color;
static size_t term_width;

void cobra_output_set_color(bool on)
{
	color = on;
}

void cobra_output_set_width(size_t columns)
{
	term_width = columns;
}

/* Narrows the columns of widths W (N of them) that COLS marks cut until the
 * table fits LIMIT columns with two spaces between columns: the widest such
 * column first, none below MIN_TEXT or its header (HEAD, NULL: none). The
 * table may still be wider when that is not enough. */
static void fit_widths(size_t *w, const size_t *head, const struct cobra_col *cols, size_t n, size_t limit)
{
	size_t total = 0;
	for (size_t c = 0; c < n; c++)
		total += w[c] + (c + 1 < n ? 2 : 0);
	while (total > limit) {
		size_t widest = n;
		for (size_t c = 0; c < n; c++) {
			size_t floor = head && head[c] > MIN_TEXT ? head[c] : MIN_TEXT;
			if (cols[c].cut && w[c] > floor && (widest == n || w[c] > w[widest]))
				widest = c;
		}
		if (widest == n)
			return;
		w[widest]--;
		total--;
	}
}

bool cobra_output_color(void)
{
	return color;
}

void cobra_table_print(FILE *out, const struct cobra_table *t, enum cobra_format fmt, bool human_header)
{
	if (fmt != COBRA_FMT_HUMAN) {
		struct cobra_stream st;
		cobra_stream_begin(&st, out, fmt, t->cols, t->ncols);
		for (size_t r = 0; r < t->nrows; r++)
			cobra_stream_row(&st, (const char *const *)&t->cells[r * t->ncols]);
		cobra_stream_end(&st);
		return;
	}
	size_t *w = calloc(2 * t->ncols, sizeof(*w));
	if (!w)
		return;
	size_t *head = w + t->ncols;
	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = head[c] = human_header ? width(cobra_tr(t->cols[c].title)) : 0;
		for (size_t r = 0; r < t->nrows; r++) {
			size_t cw = width(t->cells[r * t->ncols + c]);
			w[c] = cw > w[c] ? cw : w[c];
		}
	}
	if (term_width > 0)
		fit_widths(w, human_header ? head : NULL, t->cols, t->ncols, term_width);
	for (size_t r = 0; r < t->nrows + (human_header ? 1 : 0); r++) {
		bool bold = color && human_header && r == 0;
		if (bold)
			(void)fputs(COBRA_SGR_BOLD, out);
		for (size_t c = 0; c < t->ncols; c++) {
			const char *v = human_header && r == 0 ? cobra_tr(t->cols[c].title)
							      : t->cells[(r - (human_header ? 1 : 0)) * t->ncols + c];
			size_t vw = width(v);
			bool right = t->cols[c].kind != COBRA_COL_TEXT;
			bool last = c + 1 == t->ncols;
			if (right) {
				for (size_t k = vw; k < w[c]; k++)
					(void)fputc(' ', out);
				cobra_print_safe(out, v);
				vw = w[c];
			} else {
				vw = print_safe_cut(out, v, w[c]);
			}
			size_t pad = w[c] > vw ? w[c] - vw : 0;
			if (!right && !last)
				for (size_t k = 0; k < pad; k++)
					(void)fputc(' ', out);
			if (!last)
				(void)fputs("  ", out);
		}
		if (bold)
			(void)fputs(COBRA_SGR_RESET, out);
		(void)fputc('\n', out);
	}
	free(w);
}
