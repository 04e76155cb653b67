/*
 * test_output.c - tables for people and TSV, CSV and JSON for programs
 * (src/output.h).
 *
 * The rules under test, from output.h: "human" aligns columns, numbers
 * right-aligned, control characters shown escaped (cobra_print_safe: like
 * cobra_quote, src/text.h: control bytes as \xNN, C1 and bidi characters as
 * <U+XXXX>, invalid UTF-8 as \xNN); "tsv" turns tabs and newlines in cells
 * into spaces; "csv" is RFC 4180 and prefixes cells that start with
 * = + - @ TAB CR with ' (numeric columns are not prefixed); "json" is an
 * array of objects with the column keys, INT columns as numbers and money
 * as strings; cobra_table_sort is a stable sort in byte order; the stream
 * API writes what the table printer writes.
 *
 * Machine output is read back with small readers written here from the
 * RFC 4180 and RFC 8259 grammars, and every cell compared with what was put
 * in, so the tests do not depend on spacing the headers leave open.
 */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../../src/buf.h"
#include "../../src/output.h"
#include "../../src/text.h"

/* ---- capturing output ---- */

struct capture {
	char *data;
	size_t len;
	FILE *f;
};

static FILE *cap_open(struct capture *c)
{
	c->data = NULL;
	c->len = 0;
	c->f = open_memstream(&c->data, &c->len);
	assert_non_null(c->f);
	return c->f;
}

static void cap_close(struct capture *c)
{
	assert_int_equal(fclose(c->f), 0);
	c->f = NULL;
}

static char *table_out(const struct cobra_table *t, enum cobra_format fmt, bool header, size_t *len)
{
	struct capture c;
	cobra_table_print(cap_open(&c), t, fmt, header);
	cap_close(&c);
	if (len)
		*len = c.len;
	return c.data;
}

static char *safe_out(const char *s)
{
	struct capture c;
	cobra_print_safe(cap_open(&c), s);
	cap_close(&c);
	return c.data;
}

/* ---- a UTF-8 decoder written from RFC 3629, for the reference escaper ---- */

static int ref_utf8(const unsigned char *s, size_t avail, unsigned *cp)
{
	static const unsigned min[5] = {0, 0, 0x80, 0x800, 0x10000};
	int len;
	unsigned v;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, v = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, v = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, v = s[0] & 0x07u;
	else
		return 0;
	if ((size_t)len > avail)
		return 0;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3fu);
	}
	if (v < min[len] || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

/* Display columns of S, which must be valid UTF-8: one per code point. */
static size_t cols_of(const char *s, size_t len)
{
	size_t w = 0;
	for (size_t i = 0; i < len; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

/* ---- format names ---- */

static void test_output_format_parse(void **state)
{
	static const struct {
		const char *in;
		int rc;
		enum cobra_format want;
	} rows[] = {
		{"human", 0, COBRA_FMT_HUMAN}, {"tsv", 0, COBRA_FMT_TSV}, {"csv", 0, COBRA_FMT_CSV},
		{"json", 0, COBRA_FMT_JSON}, {"", -COBRA_INVALID, 0}, {"JSON", -COBRA_INVALID, 0},
		{"Csv", -COBRA_INVALID, 0}, {"csv ", -COBRA_INVALID, 0}, {" tsv", -COBRA_INVALID, 0},
		{"xml", -COBRA_INVALID, 0}, {"jsonl", -COBRA_INVALID, 0}, {"js", -COBRA_INVALID, 0},
		{"human\n", -COBRA_INVALID, 0},
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		enum cobra_format f = (enum cobra_format)99;
		cobra_error_clear();
		int rc = cobra_format_parse(&f, rows[i].in);
		if (rc != rows[i].rc)
			fail_msg("\"%s\": rc %d, want %d", rows[i].in, rc, rows[i].rc);
		if (rc == 0) {
			assert_int_equal(f, rows[i].want);
		} else {
			assert_int_equal((int)f, 99); /* untouched */
			assert_int_equal(cobra_error_code(), COBRA_INVALID);
			/* the message names the field and lists the choices */
			assert_non_null(strstr(cobra_error_message(), "format"));
			assert_non_null(strstr(cobra_error_message(), "human|tsv|csv|json"));
		}
	}
	/* the offending value is shown, escaped */
	cobra_error_clear();
	enum cobra_format f;
	assert_int_equal(cobra_format_parse(&f, "x\x1b[2J"), -COBRA_INVALID);
	assert_non_null(strstr(cobra_error_message(), "\\x1b[2J"));
	assert_null(strchr(cobra_error_message(), '\x1b'));
}

/* ---- CSV ---- */

/* An RFC 4180 reader (records end with LF or CRLF). Returns the number of
 * records, or -1 on a syntax error; CELLS receives malloc'ed strings. */
#define MAXR 400
#define MAXC 8
struct grid {
	int nrows;
	int ncells[MAXR];
	char *cell[MAXR][MAXC];
	bool num[MAXR][MAXC]; /* JSON: the value was a number */
};

static void grid_free(struct grid *g)
{
	for (int r = 0; r < g->nrows; r++)
		for (int c = 0; c < g->ncells[r]; c++)
			free(g->cell[r][c]);
	g->nrows = 0;
}

static int grid_put(struct grid *g, struct cobra_buf *b, bool num)
{
	int r = g->nrows;
	if (r >= MAXR || g->ncells[r] >= MAXC)
		return -1;
	g->cell[r][g->ncells[r]] = strdup(b->data ? b->data : "");
	g->num[r][g->ncells[r]] = num;
	g->ncells[r]++;
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
	return 0;
}

static int csv_read(struct grid *g, const char *s, size_t len)
{
	struct cobra_buf b = {0};
	size_t i = 0;
	memset(g, 0, sizeof(*g));
	while (i < len) {
		/* one field */
		if (s[i] == '"') {
			i++;
			for (;;) {
				if (i >= len)
					goto bad; /* unterminated */
				if (s[i] == '"') {
					if (i + 1 < len && s[i + 1] == '"') {
						cobra_buf_add(&b, "\"", 1);
						i += 2;
						continue;
					}
					i++;
					break;
				}
				cobra_buf_add(&b, s + i, 1);
				i++;
			}
		} else {
			while (i < len && s[i] != ',' && s[i] != '\n' && !(s[i] == '\r' && i + 1 < len && s[i + 1] == '\n')) {
				if (s[i] == '"' || s[i] == '\r')
					goto bad; /* RFC 4180: these need quotes */
				cobra_buf_add(&b, s + i, 1);
				i++;
			}
		}
		if (grid_put(g, &b, false) != 0)
			goto bad;
		if (i < len && s[i] == ',') {
			i++;
			if (i == len)
				goto bad;
			continue;
		}
		if (i + 1 < len && s[i] == '\r' && s[i + 1] == '\n')
			i++;
		if (i >= len || s[i] != '\n')
			goto bad; /* a record must end with a line break */
		i++;
		g->nrows++;
	}
	cobra_buf_free(&b);
	return g->nrows;
bad:
	cobra_buf_free(&b);
	g->nrows++;
	grid_free(g);
	return -1;
}

static bool csv_dangerous(const char *s)
{
	return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
}

static const struct cobra_col money_cols[] = {
	{"name", "Name", COBRA_COL_TEXT},
	{"amount", "Amount", COBRA_COL_NUM},
	{"count", "Count", COBRA_COL_INT},
};

struct csv_row {
	const char *cells[3];
	const char *line; /* the expected CSV record, from RFC 4180 and the ' rule */
};

static const struct csv_row csv_rows[] = {
	{{"Ana", "10.00", "3"}, "Ana,10.00,3\n"},
	{{"=1+2", "0.00", "0"}, "\"'=1+2\",0.00,0\n"},
	{{"+55 11 9999", "1.00", "1"}, "\"'+55 11 9999\",1.00,1\n"},
	{{"-x", "-5.00", "-1"}, "\"'-x\",-5.00,-1\n"}, /* numeric columns are not prefixed */
	{{"@SUM(A1)", "2.00", "2"}, "\"'@SUM(A1)\",2.00,2\n"},
	{{"\tcmd", "3.00", "3"}, "\"'\tcmd\",3.00,3\n"},
	{{"\rcmd", "4.00", "4"}, "\"'\rcmd\",4.00,4\n"},
	{{"=HYPERLINK(\"http://x\",\"y\")", "5.00", "5"}, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",5.00,5\n"},
	{{"a,b", "6.00", "6"}, "\"a,b\",6.00,6\n"},
	{{"say \"hi\"", "7.00", "7"}, "\"say \"\"hi\"\"\",7.00,7\n"},
	{{"two\nlines", "8.00", "8"}, "\"two\nlines\",8.00,8\n"},
	{{"a=b", "9.00", "9"}, "a=b,9.00,9\n"},          /* '=' not first: left alone */
	{{"", "0.00", "0"}, ",0.00,0\n"},
	{{"Jos\xc3\xa9", "1234.56", "12"}, "Jos\xc3\xa9,1234.56,12\n"},
	{{" =x", "1.00", "1"}, " =x,1.00,1\n"},          /* a space first: not a formula start */
};

static void test_output_csv_prefixes_formulas_and_quotes_rfc4180(void **state)
{
	struct cobra_table t;
	(void)state;
	for (size_t i = 0; i < N_ROWS(csv_rows); i++) {
		cobra_table_init(&t, money_cols, 3);
		cobra_table_add(&t, csv_rows[i].cells);
		size_t len;
		char *out = table_out(&t, COBRA_FMT_CSV, true, &len);
		char want[256];
		snprintf(want, sizeof(want), "name,amount,count\n%s", csv_rows[i].line);
		if (len != strlen(want) || memcmp(out, want, len) != 0)
			fail_msg("row %zu: csv\n%s\nwant\n%s", i, out, want);
		/* and a CSV reader gets the cell back, with the ' in front of formulas */
		struct grid g;
		assert_int_equal(csv_read(&g, out, len), 2);
		assert_int_equal(g.ncells[1], 3);
		char cell0[128];
		snprintf(cell0, sizeof(cell0), "%s%s", csv_dangerous(csv_rows[i].cells[0]) ? "'" : "", csv_rows[i].cells[0]);
		assert_string_equal(g.cell[1][0], cell0);
		assert_string_equal(g.cell[1][1], csv_rows[i].cells[1]);
		assert_string_equal(g.cell[1][2], csv_rows[i].cells[2]);
		grid_free(&g);
		free(out);
		cobra_table_free(&t);
	}
}

/* ---- TSV ---- */

static void test_output_tsv_flattens_tabs_and_newlines(void **state)
{
	static const struct {
		const char *cells[3];
		const char *line;
	} rows[] = {
		{{"Ana", "10.00", "3"}, "Ana\t10.00\t3\n"},
		{{"a\tb", "1.00", "1"}, "a b\t1.00\t1\n"},
		{{"two\nlines", "2.00", "2"}, "two lines\t2.00\t2\n"},
		{{"\t\n", "3.00", "3"}, "  \t3.00\t3\n"},
		{{"=1+2", "-4.00", "-4"}, "=1+2\t-4.00\t-4\n"}, /* no CSV prefix in TSV */
		{{"a,\"b\"", "5.00", "5"}, "a,\"b\"\t5.00\t5\n"}, /* no quoting in TSV */
		{{"", "", ""}, "\t\t\n"},
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		struct cobra_table t;
		cobra_table_init(&t, money_cols, 3);
		cobra_table_add(&t, rows[i].cells);
		size_t len;
		char *out = table_out(&t, COBRA_FMT_TSV, true, &len);
		char want[128];
		snprintf(want, sizeof(want), "name\tamount\tcount\n%s", rows[i].line);
		if (len != strlen(want) || memcmp(out, want, len) != 0)
			fail_msg("row %zu: tsv \"%s\", want \"%s\"", i, out, want);
		free(out);
		cobra_table_free(&t);
	}
}

/* ---- JSON ---- */

/* An RFC 8259 reader for what a table prints: an array of flat objects
 * whose values are strings or numbers. Keys go in row 0 of KEYS. */
struct jp {
	const char *s;
	size_t i, n;
};

static void jp_ws(struct jp *p)
{
	while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\n' || p->s[p->i] == '\t' || p->s[p->i] == '\r'))
		p->i++;
}

static bool jp_lit(struct jp *p, char c)
{
	jp_ws(p);
	if (p->i < p->n && p->s[p->i] == c) {
		p->i++;
		return true;
	}
	return false;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static void put_utf8(struct cobra_buf *b, unsigned cp)
{
	char u[4];
	if (cp < 0x80) {
		u[0] = (char)cp;
		cobra_buf_add(b, u, 1);
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3f));
		cobra_buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 0x3f)), u[2] = (char)(0x80 | (cp & 0x3f));
		cobra_buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3f)), u[3] = (char)(0x80 | (cp & 0x3f));
		cobra_buf_add(b, u, 4);
	}
}

static int jp_u4(struct jp *p, unsigned *v)
{
	*v = 0;
	if (p->i + 4 > p->n)
		return -1;
	for (int k = 0; k < 4; k++) {
		int h = hexval(p->s[p->i + (size_t)k]);
		if (h < 0)
			return -1;
		*v = *v << 4 | (unsigned)h;
	}
	p->i += 4;
	return 0;
}

static int jp_string(struct jp *p, struct cobra_buf *b)
{
	jp_ws(p);
	if (p->i >= p->n || p->s[p->i] != '"')
		return -1;
	p->i++;
	for (;;) {
		if (p->i >= p->n)
			return -1;
		unsigned char c = (unsigned char)p->s[p->i++];
		if (c == '"')
			return 0;
		if (c < 0x20)
			return -1; /* RFC 8259: control characters must be escaped */
		if (c != '\\') {
			cobra_buf_add(b, (const char *)&c, 1);
			continue;
		}
		if (p->i >= p->n)
			return -1;
		char e = p->s[p->i++];
		const char *from = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
		const char *k = e ? strchr(from, e) : NULL;
		if (k) {
			cobra_buf_add(b, to + (k - from), 1);
			continue;
		}
		if (e != 'u')
			return -1;
		unsigned v, lo;
		if (jp_u4(p, &v) != 0)
			return -1;
		if (v >= 0xd800 && v <= 0xdbff) {
			if (p->i + 2 > p->n || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
				return -1;
			p->i += 2;
			if (jp_u4(p, &lo) != 0 || lo < 0xdc00 || lo > 0xdfff)
				return -1;
			v = 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00);
		} else if (v >= 0xdc00 && v <= 0xdfff) {
			return -1;
		}
		put_utf8(b, v);
	}
}

/* RFC 8259 number: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static int jp_number(struct jp *p, struct cobra_buf *b)
{
	size_t st;
	jp_ws(p);
	st = p->i;
	if (p->i < p->n && p->s[p->i] == '-')
		p->i++;
	if (p->i < p->n && p->s[p->i] == '0')
		p->i++;
	else if (p->i < p->n && p->s[p->i] >= '1' && p->s[p->i] <= '9')
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
	else
		return -1;
	if (p->i < p->n && p->s[p->i] == '.') {
		size_t d = ++p->i;
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
		if (p->i == d)
			return -1;
	}
	if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
		p->i++;
		if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
			p->i++;
		size_t d = p->i;
		while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
			p->i++;
		if (p->i == d)
			return -1;
	}
	cobra_buf_add(b, p->s + st, p->i - st);
	return 0;
}

/* Reads [ {"k": v, ...}, ... ] into G (one grid row per object) and checks
 * that every object has exactly the keys of COLS, in order. */
static int json_read(struct grid *g, const char *s, size_t len, const struct cobra_col *cols, size_t ncols)
{
	struct jp p = {s, 0, len};
	struct cobra_buf b = {0};
	memset(g, 0, sizeof(*g));
	if (!jp_lit(&p, '['))
		goto bad;
	if (jp_lit(&p, ']'))
		goto end;
	do {
		if (!jp_lit(&p, '{'))
			goto bad;
		for (size_t c = 0; c < ncols; c++) {
			if (c && !jp_lit(&p, ','))
				goto bad;
			b.len = 0;
			if (b.data)
				b.data[0] = '\0';
			if (jp_string(&p, &b) != 0 || strcmp(b.data ? b.data : "", cols[c].key) != 0 || !jp_lit(&p, ':'))
				goto bad;
			b.len = 0;
			if (b.data)
				b.data[0] = '\0';
			jp_ws(&p);
			bool num = p.i < p.n && p.s[p.i] != '"';
			if ((num ? jp_number(&p, &b) : jp_string(&p, &b)) != 0)
				goto bad;
			if (grid_put(g, &b, num) != 0)
				goto bad;
		}
		if (!jp_lit(&p, '}'))
			goto bad;
		g->nrows++;
	} while (jp_lit(&p, ','));
	if (!jp_lit(&p, ']'))
		goto bad;
end:
	jp_ws(&p);
	if (p.i != p.n)
		goto bad;
	cobra_buf_free(&b);
	return g->nrows;
bad:
	cobra_buf_free(&b);
	g->nrows++;
	grid_free(g);
	return -1;
}

static void test_output_json_escapes_and_types(void **state)
{
	static const char *const rows[][3] = {
		{"Ana", "10.00", "3"},
		{"say \"hi\"", "0.50", "0"},
		{"back\\slash", "1234.56", "-2"},
		{"nl\nand\ttab\rcr", "-5.00", "17"},
		{"bell\x07" "esc\x1b" "nul-ish\x01" "del\x7f", "0.00", "0"},
		{"Jos\xc3\xa9 \xe2\x82\xac", "99999.99", "123456"},
		{"</script>", "1.00", "1"},
		{"", "0.00", "5"},
	};
	struct cobra_table t;
	(void)state;
	cobra_table_init(&t, money_cols, 3);
	for (size_t i = 0; i < N_ROWS(rows); i++)
		cobra_table_add(&t, rows[i]);
	size_t len;
	char *out = table_out(&t, COBRA_FMT_JSON, true, &len);
	/* RFC 8259: no raw control character anywhere in the document */
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)out[i] < 0x20 && out[i] != '\n' && out[i] != ' ')
			fail_msg("raw control byte 0x%02x at %zu in JSON output", (unsigned char)out[i], i);
	struct grid g;
	if (json_read(&g, out, len, money_cols, 3) != (int)N_ROWS(rows))
		fail_msg("not a JSON array of %zu objects:\n%s", N_ROWS(rows), out);
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		assert_string_equal(g.cell[i][0], rows[i][0]);
		assert_false(g.num[i][0]);
		assert_string_equal(g.cell[i][1], rows[i][1]); /* money: a string */
		assert_false(g.num[i][1]);
		assert_string_equal(g.cell[i][2], rows[i][2]); /* INT: a number */
		assert_true(g.num[i][2]);
	}
	grid_free(&g);
	/* the escapes themselves */
	assert_non_null(strstr(out, "\"say \\\"hi\\\"\""));
	assert_non_null(strstr(out, "\"back\\\\slash\""));
	free(out);
	cobra_table_free(&t);
	/* no rows: an empty array */
	cobra_table_init(&t, money_cols, 3);
	out = table_out(&t, COBRA_FMT_JSON, true, &len);
	assert_int_equal(json_read(&g, out, len, money_cols, 3), 0);
	free(out);
	cobra_table_free(&t);
}

static void test_output_json_string_escapes_every_control_character(void **state)
{
	(void)state;
	for (unsigned c = 1; c < 0x80; c++) {
		char in[4] = {'a', (char)c, 'b', 0};
		struct cobra_buf b = {0};
		cobra_json_string(&b, in);
		struct jp p = {b.data, 0, b.len};
		struct cobra_buf back = {0};
		if (jp_string(&p, &back) != 0 || p.i != b.len)
			fail_msg("byte 0x%02x: %s is not one JSON string", c, b.data);
		assert_string_equal(back.data, in);
		if (c < 0x20)
			assert_null(memchr(b.data, (int)c, b.len));
		cobra_buf_free(&b);
		cobra_buf_free(&back);
	}
}

/* ---- human ---- */

/* The rule of output.h and text.h written out: control characters as \xNN
 * (C0, DEL), C1, bidirectional controls and the other invisible line and
 * direction characters cobra_quote lists as <U+XXXX>, invalid UTF-8 bytes
 * as \xNN; everything else as it is. */
static bool ref_escaped_cp(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200e || cp == 0x200f || cp == 0x061c || cp == 0x2028 || cp == 0x2029 || cp == 0xfeff;
}

static void ref_safe(struct cobra_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		unsigned cp;
		int n = ref_utf8(p + i, len - i, &cp);
		if (n == 0 || cp < 0x20 || cp == 0x7f) {
			cobra_buf_printf(b, "\\x%02x", n == 0 ? p[i] : cp);
			i++;
		} else if (ref_escaped_cp(cp)) {
			cobra_buf_printf(b, "<U+%04X>", cp);
			i += (size_t)n;
		} else {
			cobra_buf_add(b, s + i, (size_t)n);
			i += (size_t)n;
		}
	}
}

struct safe_row {
	const char *in, *want;
};

static const struct safe_row safe_rows[] = {
	{"plain", "plain"},
	{"Jos\xc3\xa9 \xe2\x82\xac 1,00", "Jos\xc3\xa9 \xe2\x82\xac 1,00"}, /* é, € */
	{"\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"},                         /* U+1F600 */
	{"a\x1b[2Jb", "a\\x1b[2Jb"},                                       /* ESC */
	{"\x1b]0;title\x07", "\\x1b]0;title\\x07"},                         /* OSC ... BEL */
	{"line\nbreak", "line\\x0abreak"},
	{"tab\there", "tab\\x09here"},
	{"cr\rover", "cr\\x0dover"},
	{"del\x7f", "del\\x7f"},
	{"\x01", "\\x01"},
	{"c1 \xc2\x85 nel", "c1 <U+0085> nel"},
	{"\xc2\x9b" "31m", "<U+009B>31m"},                                  /* C1 CSI */
	{"\xc2\x80\xc2\x9f", "<U+0080><U+009F>"},
	{"\xc2\xa0nbsp", "\xc2\xa0nbsp"},                                 /* U+00A0 is printable */
	{"abc\xe2\x80\xae" "fdp.exe", "abc<U+202E>fdp.exe"},              /* RLO */
	{"\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad", "<U+202A><U+202B><U+202C><U+202D>"},
	{"\xe2\x81\xa6x\xe2\x81\xa9", "<U+2066>x<U+2069>"},             /* LRI, PDI */
	{"\xe2\x81\xa7\xe2\x81\xa8", "<U+2067><U+2068>"},                 /* RLI, FSI */
	{"rlm\xe2\x80\x8f", "rlm<U+200F>"},                               /* RIGHT-TO-LEFT MARK */
	{"lrm\xe2\x80\x8e", "lrm<U+200E>"},                               /* LEFT-TO-RIGHT MARK */
	{"alm\xd8\x9c", "alm<U+061C>"},                                   /* ARABIC LETTER MARK */
	{"ls\xe2\x80\xa8ps\xe2\x80\xa9", "ls<U+2028>ps<U+2029>"},        /* line/paragraph separator */
	{"\xef\xbb\xbf" "bom", "<U+FEFF>bom"},
	{"bad\xff", "bad\\xff"},                                           /* invalid byte */
	{"\x80", "\\x80"},                                                 /* lone continuation */
	{"\xc0\xaf", "\\xc0\\xaf"},                                        /* overlong '/' */
	{"\xe2\x82", "\\xe2\\x82"},                                        /* truncated sequence */
	{"\xed\xa0\x80", "\\xed\\xa0\\x80"},                               /* surrogate */
	{"\xf4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"},                      /* above U+10FFFF */
	{"", ""},
};

static void test_output_print_safe_escapes_controls_bidi_and_bad_utf8(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(safe_rows); i++) {
		char *got = safe_out(safe_rows[i].in);
		struct cobra_buf ref = {0};
		ref_safe(&ref, safe_rows[i].in);
		/* the table and the reference escaper agree: the table is the rule */
		assert_string_equal(ref.data ? ref.data : "", safe_rows[i].want);
		if (strcmp(got, safe_rows[i].want) != 0) {
			print_error("row %zu: cobra_print_safe gave \"%s\", want \"%s\"\n", i, got, safe_rows[i].want);
			nfail++;
		}
		cobra_buf_free(&ref);
		free(got);
	}
	assert_true(N_ROWS(safe_rows) >= 20);
	assert_int_equal(nfail, 0);
}

/* output.h: "control bytes escaped (like cobra_quote, no cap)": on strings
 * without the quote and backslash cobra_quote adds, the two agree. */
static void test_output_print_safe_agrees_with_cobra_quote(void **state)
{
	static const char *const pieces[] = {"a", "Z", " ", "\xc3\xa9", "\x1b", "\n", "\x7f", "\xc2\x85", "\xc2\x9b",
		"\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x80\x8f", "\xd8\x9c", "\xe2\x80\xa8", "\xef\xbb\xbf", "\xff", "\x80",
		"\xe2\x82", "\xf0\x9f\x98\x80", "\xc2\xa0"};
	int nfail = 0;
	(void)state;
	rng_state = 0x5afe;
	for (int iter = 0; iter < 5000 && nfail < 5; iter++) {
		char s[64], q[1024];
		size_t o = 0, n = 1 + rng_below(6);
		for (size_t k = 0; k < n; k++) {
			const char *p = pieces[rng_below(N_ROWS(pieces))];
			memcpy(s + o, p, strlen(p));
			o += strlen(p);
		}
		s[o] = '\0';
		char *got = safe_out(s);
		cobra_quote(q, sizeof(q), s);
		if (strcmp(got, q) != 0) {
			struct cobra_buf hx = {0};
			for (size_t k = 0; k < o; k++)
				cobra_buf_printf(&hx, "%02x", (unsigned char)s[k]);
			print_error("bytes %s: cobra_print_safe \"%s\", cobra_quote \"%s\"\n", hx.data, got, q);
			cobra_buf_free(&hx);
			nfail++;
		}
		free(got);
	}
	assert_int_equal(nfail, 0);
}

static const struct cobra_col human_cols[] = {
	{"name", "Name", COBRA_COL_TEXT},
	{"amount", "Amount", COBRA_COL_NUM},
	{"n", "N", COBRA_COL_INT},
	{"note", "Note", COBRA_COL_TEXT},
};

/* Checks that LINE is CELL0 pad CELL1 ... with TEXT columns left-aligned
 * and number columns right-aligned: records, for each column, the display
 * column where it starts (text) or ends (numbers). */
static bool human_line(const char *line, size_t len, char *const cells[4], size_t pos[4])
{
	size_t i = 0;
	for (size_t c = 0; c < 4; c++) {
		size_t cl = strlen(cells[c]);
		if (c > 0) { /* at least one space between columns */
			if (i >= len || line[i] != ' ')
				return false;
			while (i < len && line[i] == ' ')
				i++;
		}
		if (i + cl > len || memcmp(line + i, cells[c], cl) != 0)
			return false;
		pos[c] = human_cols[c].kind == COBRA_COL_TEXT ? cols_of(line, i) : cols_of(line, i + cl);
		i += cl;
	}
	return i == len; /* nothing after the last column, no trailing spaces */
}

static void check_human_alignment(const char *const (*rows)[4], size_t nrows, bool header)
{
	static char msg[4096];
	struct cobra_table t;
	cobra_table_init(&t, human_cols, 4);
	for (size_t r = 0; r < nrows; r++)
		cobra_table_add(&t, rows[r]);
	size_t len;
	char *out = table_out(&t, COBRA_FMT_HUMAN, header, &len);
	size_t want_pos[4] = {0}, pos[4];
	const char *line = out;
	size_t nlines = 0;
	msg[0] = '\0';
	for (size_t r = 0; r < nrows + header && !msg[0]; r++) {
		const char *end = memchr(line, '\n', len - (size_t)(line - out));
		if (!end) {
			snprintf(msg, sizeof(msg), "line %zu missing in:\n%s", r, out);
			break;
		}
		struct cobra_buf esc[4] = {{0}};
		char *cells[4];
		for (size_t c = 0; c < 4; c++) {
			ref_safe(&esc[c], header && r == 0 ? human_cols[c].title : rows[r - header][c]);
			cells[c] = esc[c].data ? esc[c].data : (char *)"";
		}
		/* no raw escape or bidi control reaches the terminal */
		for (const char *k = line; k < end && !msg[0]; k++)
			if ((unsigned char)*k < 0x20 || *k == 0x7f)
				snprintf(msg, sizeof(msg), "raw control byte 0x%02x on line %zu", (unsigned char)*k, r);
		if (!msg[0] && !cobra_utf8_valid(line, (size_t)(end - line)))
			snprintf(msg, sizeof(msg), "line %zu is not valid UTF-8", r);
		if (!msg[0] && !human_line(line, (size_t)(end - line), cells, pos))
			snprintf(msg, sizeof(msg), "line %zu \"%.*s\" is not the cells %s|%s|%s|%s separated by spaces", r,
				(int)(end - line), line, cells[0], cells[1], cells[2], cells[3]);
		for (size_t c = 0; c < 4; c++) {
			if (!msg[0] && r == 0)
				want_pos[c] = pos[c];
			else if (!msg[0] && pos[c] != want_pos[c])
				snprintf(msg, sizeof(msg), "column %zu %s at display column %zu on line %zu, %zu on line 0:\n%s", c,
					human_cols[c].kind == COBRA_COL_TEXT ? "starts" : "ends", pos[c], r, want_pos[c], out);
			cobra_buf_free(&esc[c]);
		}
		line = end + 1;
		nlines++;
	}
	size_t consumed = (size_t)(line - out);
	free(out);
	cobra_table_free(&t);
	if (msg[0])
		fail_msg("%s", msg);
	assert_int_equal(consumed, len);
	assert_int_equal(nlines, nrows + header);
}

static void test_output_human_aligns_plain_and_accented_text(void **state)
{
	static const char *const rows[][4] = {
		{"Ana", "10.00", "3", "ok"},
		{"Jos\xc3\xa9 Gon\xc3\xa7" "alves", "1234.56", "12", "caf\xc3\xa9"},
		{"Bo", "0.50", "100", ""},
		{"\xe2\x82\xac", "99999.99", "7", "last"},
	};
	/* titles wider than every cell */
	static const char *const narrow[][4] = {
		{"A", "1.00", "1", "x"},
		{"B", "2.00", "22", "y"},
	};
	(void)state;
	check_human_alignment(rows, N_ROWS(rows), true);
	check_human_alignment(rows, N_ROWS(rows), false);
	check_human_alignment(narrow, N_ROWS(narrow), true);
}

static void test_output_human_aligns_cells_with_escaped_characters(void **state)
{
	static const char *const rows[][4] = {
		{"Ana", "10.00", "3", "ok"},
		{"esc\x1b[2J", "1.00", "1", "a"},              /* C0: shown as \x1b */
		{"nel\xc2\x85", "2.00", "2", "b"},              /* C1: shown as <U+0085> */
		{"rlo\xe2\x80\xae", "3.00", "3", "c"},          /* bidi: shown as <U+202E> */
		{"bad\xff\xfe", "4.00", "4", "d"},              /* invalid UTF-8: \xff\xfe */
		{"cont\x80\x80", "5.00", "5", "e"},             /* stray continuation bytes */
	};
	(void)state;
	check_human_alignment(rows, N_ROWS(rows), true);
}

/* ---- sorting ---- */

static const struct cobra_col sort_cols[] = {
	{"key", "Key", COBRA_COL_TEXT},
	{"seq", "Seq", COBRA_COL_INT},
};

static void test_output_sort_is_stable_byte_order(void **state)
{
	static const char *const in[][2] = {
		{"b", "0"}, {"a", "1"}, {"b", "2"}, {"\xc3\xa9", "3"}, {"a", "4"}, {"Z", "5"}, {"ab", "6"},
		{"", "7"}, {"a", "8"}, {"B", "9"}, {"\xc3\xa9", "10"}, {"b", "11"},
	};
	/* byte order: "" < "B" < "Z" < "a" < "ab" < "b" < "\xc3\xa9" (0xc3 > 'b'),
	 * equal keys in the order they were added */
	static const char *const want_seq[] = {"7", "9", "5", "1", "4", "8", "6", "0", "2", "11", "3", "10"};
	struct cobra_table t;
	(void)state;
	cobra_table_init(&t, sort_cols, 2);
	for (size_t i = 0; i < N_ROWS(in); i++)
		cobra_table_add(&t, in[i]);
	cobra_table_sort(&t, 0);
	assert_int_equal(t.nrows, N_ROWS(in));
	for (size_t i = 0; i < N_ROWS(want_seq); i++)
		if (strcmp(t.cells[i * 2 + 1], want_seq[i]) != 0)
			fail_msg("position %zu: row %s (key \"%s\"), want row %s", i, t.cells[i * 2 + 1], t.cells[i * 2],
				want_seq[i]);
	/* sorting by the other column, then adding rows, still works */
	cobra_table_sort(&t, 1);
	const char *const extra[2] = {"new", "99"};
	cobra_table_add(&t, extra);
	assert_int_equal(t.nrows, N_ROWS(in) + 1);
	assert_string_equal(t.cells[N_ROWS(in) * 2], "new");
	cobra_table_free(&t);
}

static void test_output_sort_matches_a_stable_reference(void **state)
{
	static const char *const keys[] = {"", "a", "b", "ab", "a b", "\xc3\xa9", "\xff", "A", "0", "~"};
	static char seqs[300][8];
	(void)state;
	rng_state = 0x50f7;
	for (int iter = 0; iter < 50; iter++) {
		size_t n = rng_below(300);
		size_t order[300], k[300];
		struct cobra_table t;
		cobra_table_init(&t, sort_cols, 2);
		for (size_t i = 0; i < n; i++) {
			k[i] = rng_below(N_ROWS(keys));
			snprintf(seqs[i], sizeof(seqs[i]), "%zu", i);
			const char *row[2] = {keys[k[i]], seqs[i]};
			cobra_table_add(&t, row);
			order[i] = i;
		}
		/* insertion sort: stable by construction */
		for (size_t i = 1; i < n; i++)
			for (size_t j = i; j > 0 && strcmp(keys[k[order[j - 1]]], keys[k[order[j]]]) > 0; j--) {
				size_t tmp = order[j];
				order[j] = order[j - 1];
				order[j - 1] = tmp;
			}
		cobra_table_sort(&t, 0);
		for (size_t i = 0; i < n; i++)
			if (strcmp(t.cells[i * 2 + 1], seqs[order[i]]) != 0)
				fail_msg("iter %d position %zu: row %s, want row %s", iter, i, t.cells[i * 2 + 1], seqs[order[i]]);
		cobra_table_free(&t);
	}
}

/* ---- streaming = table ---- */

static const struct cobra_col stream_cols[] = {
	{"name", "Name", COBRA_COL_TEXT},
	{"amount", "Amount", COBRA_COL_NUM},
	{"days", "Days", COBRA_COL_INT},
	{"note", "Note", COBRA_COL_TEXT},
};

static const char *const hostile[] = {"a", "Z", "0", "9", " ", ",", ";", "\"", "'", "\\", "/", "=", "+", "-", "@",
	"\t", "\n", "\r", "\r\n", "\x01", "\x1b[31m", "\x7f", "\xc3\xa9", "\xc2\x85", "\xe2\x80\xae", "\xe2\x80\xa8",
	"\xff", "\x80", "\xe2\x82", "\xf0\x9f\x98\x80", "<", "}", "]", "{\"x\":1}", "=cmd|' /C calc'!A0"};

static void random_cell(char *s, size_t cap, bool text)
{
	size_t o = 0;
	if (!text) { /* a number as cobra prints them */
		o = (size_t)snprintf(s, cap, "%s%llu", rng_below(4) == 0 ? "-" : "", (unsigned long long)rng_below(100000));
		if (rng_below(2))
			snprintf(s + o, cap - o, ".%02u", (unsigned)rng_below(100));
		return;
	}
	size_t n = rng_below(6);
	for (size_t k = 0; k < n; k++) {
		const char *p = hostile[rng_below(N_ROWS(hostile))];
		size_t pl = strlen(p);
		if (o + pl + 1 > cap)
			break;
		memcpy(s + o, p, pl);
		o += pl;
	}
	s[o] = '\0';
}

static void test_output_stream_matches_table_print_property(void **state)
{
	static const enum cobra_format fmts[] = {COBRA_FMT_TSV, COBRA_FMT_CSV, COBRA_FMT_JSON};
	static char cells[64][4][80];
	(void)state;
	rng_state = 0x57ea3;
	for (int iter = 0; iter < 600; iter++) {
		size_t nrows = rng_below(iter < 10 ? 2 : 64);
		bool typed = iter % 2 == 0; /* odd iterations: hostile bytes in every column */
		struct cobra_table t;
		cobra_table_init(&t, stream_cols, 4);
		const char *rowp[64][4];
		for (size_t r = 0; r < nrows; r++) {
			for (size_t c = 0; c < 4; c++) {
				random_cell(cells[r][c], sizeof(cells[r][c]), !typed || stream_cols[c].kind == COBRA_COL_TEXT);
				/* a missing cell is printed as an empty one, in both */
				rowp[r][c] = !typed && rng_below(20) == 0 ? NULL : cells[r][c];
			}
			cobra_table_add(&t, rowp[r]);
		}
		assert_false(t.oom);
		for (size_t f = 0; f < N_ROWS(fmts); f++) {
			size_t tlen;
			char *tout = table_out(&t, fmts[f], true, &tlen);
			struct capture c;
			struct cobra_stream st;
			cobra_stream_begin(&st, cap_open(&c), fmts[f], stream_cols, 4);
			for (size_t r = 0; r < nrows; r++)
				cobra_stream_row(&st, rowp[r]);
			cobra_stream_end(&st);
			cap_close(&c);
			if (tlen != c.len || memcmp(tout, c.data, tlen) != 0)
				fail_msg("iter %d format %d: the stream (%zu bytes) differs from the table (%zu bytes)", iter,
					(int)fmts[f], c.len, tlen);
			if (typed) {
				/* and the machine output reads back as the cells */
				struct grid g;
				int nr;
				if (fmts[f] == COBRA_FMT_JSON)
					nr = json_read(&g, tout, tlen, stream_cols, 4);
				else if (fmts[f] == COBRA_FMT_CSV)
					nr = csv_read(&g, tout, tlen);
				else
					nr = -2;
				if (nr != -2) {
					int hdr = fmts[f] == COBRA_FMT_CSV;
					if (nr != (int)nrows + hdr)
						fail_msg("iter %d format %d: %d records read back, want %zu:\n%s", iter, (int)fmts[f], nr,
							nrows + (size_t)hdr, tout);
					for (size_t r = 0; r < nrows; r++)
						for (size_t k = 0; k < 4; k++) {
							const char *in = cells[r][k];
							char want[96];
							bool text = stream_cols[k].kind == COBRA_COL_TEXT;
							snprintf(want, sizeof(want), "%s%s",
								fmts[f] == COBRA_FMT_CSV && text && csv_dangerous(in) ? "'" : "", in);
							if (strcmp(g.cell[r + (size_t)hdr][k], want) != 0)
								fail_msg("iter %d format %d row %zu col %zu: read back \"%s\", want \"%s\"", iter,
									(int)fmts[f], r, k, g.cell[r + (size_t)hdr][k], want);
							if (fmts[f] == COBRA_FMT_JSON &&
								g.num[r][k] != (stream_cols[k].kind == COBRA_COL_INT))
								fail_msg("iter %d: JSON column %s number=%d", iter, stream_cols[k].key, g.num[r][k]);
						}
					grid_free(&g);
				} else {
					/* TSV: exactly one line per row and one tab between cells */
					size_t lines = 0, tabs = 0;
					for (size_t i = 0; i < tlen; i++) {
						lines += tout[i] == '\n';
						tabs += tout[i] == '\t';
					}
					assert_int_equal(lines, nrows + 1);
					assert_int_equal(tabs, 3 * (nrows + 1));
				}
			}
			free(tout);
			free(c.data);
		}
		cobra_table_free(&t);
	}
}

/* ---- fitting the terminal (cobra_output_set_width) ---- */

/* Display columns of the UTF-8 line at S (LEN bytes): one per code point. */
static size_t line_cols(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static const struct cobra_col fit_cols[] = {
	{"handle", "HANDLE", COBRA_COL_TEXT, false},
	{"name", "NAME", COBRA_COL_TEXT, true},
	{"owed", "OWED", COBRA_COL_NUM, false},
	{"note", "NOTE", COBRA_COL_TEXT, true},
};

/* Every line of a table printed at widths 20 to 120 fits, unless only the
 * floors are left; numbers and the columns not marked cut are whole; a cut
 * cell is a prefix of the cell and ends with the ellipsis; an uncut one is
 * whole. */
static void test_output_fits_the_terminal_width_cutting_text_only(void **state)
{
	(void)state;
	static const char *const rows[][4] = {
		{"maria-aparecida-dos-santos", "Maria Aparecida dos Santos Oliveira", "12.345,67", "ligar depois das 18h"},
		{"ze", "José Conceição", "1,00", "—"},
		{"joao-lima", "João Lima", "1.000.000,00", "cliente desde 2019, paga sempre em dia"},
	};
	struct cobra_table t;
	cobra_table_init(&t, fit_cols, 4);
	for (size_t r = 0; r < 3; r++)
		cobra_table_add(&t, rows[r]);
	cobra_output_set_width(0);
	size_t wide_len;
	char *wide = table_out(&t, COBRA_FMT_HUMAN, true, &wide_len);
	size_t natural = 0; /* the widest line (the last column is not padded) */
	for (const char *l = wide; *l; l += strcspn(l, "\n") + 1) {
		size_t cols = line_cols(l, strcspn(l, "\n"));
		natural = cols > natural ? cols : natural;
	}
	for (size_t limit = 20; limit <= 120; limit++) {
		cobra_output_set_width(limit);
		size_t len;
		char *out = table_out(&t, COBRA_FMT_HUMAN, true, &len);
		if (limit >= natural && strcmp(out, wide) != 0)
			fail_msg("width %zu: a table that fits was changed", limit);
		/* the narrowest it can be: the handles and numbers whole, the cut
		 * columns at max(8, header) */
		size_t floor = strlen(rows[0][0]) + 2 + 8 + 2 + strlen("1.000.000,00") + 2 + 8;
		char *line = out;
		for (size_t r = 0; r < 4; r++) {
			size_t ll = strcspn(line, "\n");
			size_t cols = line_cols(line, ll);
			if (cols > (limit > floor ? limit : floor))
				fail_msg("width %zu: line %zu has %zu columns: %.*s", limit, r, cols, (int)ll, line);
			if (r > 0) {
				const char *const *want = rows[r - 1];
				if (!memmem(line, ll, want[2], strlen(want[2])))
					fail_msg("width %zu: the amount %s was cut: %.*s", limit, want[2], (int)ll, line);
				if (strncmp(line, want[0], strlen(want[0])) != 0)
					fail_msg("width %zu: the handle %s was cut: %.*s", limit, want[0], (int)ll, line);
				/* each text cell: whole, or a prefix followed by the ellipsis */
				for (size_t k = 0; k < 4; k += (k == 1 ? 2 : 1)) {
					const char *hit = memmem(line, ll, want[k], strlen(want[k]));
					if (hit)
						continue;
					bool cut = false;
					for (size_t p = strlen(want[k]); p-- > 1 && !cut;) {
						char pre[128];
						(void)snprintf(pre, sizeof(pre), "%.*s\xe2\x80\xa6", (int)p, want[k]);
						cut = memmem(line, ll, pre, strlen(pre)) != NULL;
					}
					if (!cut)
						fail_msg("width %zu: %s is neither whole nor cut with an ellipsis: %.*s", limit,
							want[k], (int)ll, line);
				}
			}
			line += ll + 1;
		}
		assert_int_equal(*line, '\0');
		free(out);
	}
	/* machine formats are never cut */
	cobra_output_set_width(20);
	char *tsv = table_out(&t, COBRA_FMT_TSV, true, NULL);
	assert_non_null(strstr(tsv, rows[0][1]));
	assert_non_null(strstr(tsv, rows[2][3]));
	free(tsv);
	cobra_output_set_width(0);
	free(wide);
	cobra_table_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_output_format_parse, unit_clear),
		cmocka_unit_test_setup(test_output_csv_prefixes_formulas_and_quotes_rfc4180, unit_clear),
		cmocka_unit_test_setup(test_output_tsv_flattens_tabs_and_newlines, unit_clear),
		cmocka_unit_test_setup(test_output_json_escapes_and_types, unit_clear),
		cmocka_unit_test_setup(test_output_json_string_escapes_every_control_character, unit_clear),
		cmocka_unit_test_setup(test_output_print_safe_escapes_controls_bidi_and_bad_utf8, unit_clear),
		cmocka_unit_test_setup(test_output_print_safe_agrees_with_cobra_quote, unit_clear),
		cmocka_unit_test_setup(test_output_human_aligns_plain_and_accented_text, unit_clear),
		cmocka_unit_test_setup(test_output_human_aligns_cells_with_escaped_characters, unit_clear),
		cmocka_unit_test_setup(test_output_sort_is_stable_byte_order, unit_clear),
		cmocka_unit_test_setup(test_output_sort_matches_a_stable_reference, unit_clear),
		cmocka_unit_test_setup(test_output_stream_matches_table_print_property, unit_clear),
		cmocka_unit_test_setup(test_output_fits_the_terminal_width_cutting_text_only, unit_clear),
	};
	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
