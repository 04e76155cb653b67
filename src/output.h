/*
 * output.h - tables for people, TSV, CSV and JSON for programs.
 *
 * A table is filled row by row with cell strings and printed in the format
 * asked for: "human" (aligned columns, numbers right-aligned, control
 * characters shown escaped), "tsv" (tabs and newlines in cells become
 * spaces), "csv" (RFC 4180, and cells starting with = + - @ TAB CR are
 * prefixed with ' so spreadsheets do not run them), "json" (an array of
 * objects with the column keys; money columns are strings).
 */
#ifndef COBRA_OUTPUT_H
#define COBRA_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"

enum cobra_format { COBRA_FMT_HUMAN, COBRA_FMT_TSV, COBRA_FMT_CSV, COBRA_FMT_JSON };

int cobra_format_parse(enum cobra_format *out, const char *text);

enum cobra_col_kind { COBRA_COL_TEXT, COBRA_COL_NUM, COBRA_COL_INT };

struct cobra_col {
	const char *key;   /* json key and tsv/csv header */
	const char *title; /* human header, translated when printed: mark it N_() */
	enum cobra_col_kind kind; /* NUM: right-aligned, JSON string; INT: JSON number */
	bool cut; /* free text (a name, a subject) that may be cut to fit a terminal */
};

struct cobra_table {
	const struct cobra_col *cols;
	size_t ncols;
	char **cells; /* nrows * ncols, malloc'ed strings */
	size_t nrows, cap;
	bool oom;
};

void cobra_table_init(struct cobra_table *t, const struct cobra_col *cols, size_t ncols);
/* Adds a row; VALUES has ncols strings (copied). */
void cobra_table_add(struct cobra_table *t, const char *const *values);
void cobra_table_print(FILE *out, const struct cobra_table *t, enum cobra_format fmt, bool human_header);
void cobra_table_free(struct cobra_table *t);

/* Sorts rows by column COL (byte order), keeping the order of equal rows. */
void cobra_table_sort(struct cobra_table *t, size_t col);

/* Machine formats row by row, without keeping the rows: what the table
 * printer does for tsv, csv and json, for outputs too large to hold. */
struct cobra_stream {
	FILE *out;
	enum cobra_format fmt;
	const struct cobra_col *cols;
	size_t ncols, rows;
	struct cobra_buf row;
};
void cobra_stream_begin(struct cobra_stream *st, FILE *out, enum cobra_format fmt, const struct cobra_col *cols,
			size_t ncols);
void cobra_stream_row(struct cobra_stream *st, const char *const *values);
void cobra_stream_end(struct cobra_stream *st);

/* Colour in human tables (a bold header row): the command layer turns it
 * on only for a terminal without NO_COLOR or --no-color; machine formats
 * never have it. */
void cobra_output_set_color(bool on);
bool cobra_output_color(void);
/* The width human tables must fit (0: no limit, the default). The columns
 * marked cut (free text) are narrowed, their cells cut with an ellipsis, the
 * widest first and none below 8 columns or its header; amounts, dates,
 * handles and IDs are never cut, so a table may stay wider. The command
 * layer sets it for a terminal only ($COLUMNS, else the terminal's width). */
void cobra_output_set_width(size_t columns);
#define COBRA_SGR_BOLD "\033[1m"
#define COBRA_SGR_RED "\033[31m"
#define COBRA_SGR_GREEN "\033[32m"
#define COBRA_SGR_YELLOW "\033[33m"
#define COBRA_SGR_RESET "\033[0m"

/* JSON string literal of S (with quotes) appended to B. */
void cobra_json_string(struct cobra_buf *b, const char *s);
/* Text safe for a terminal: control bytes escaped (like cobra_quote, no cap). */
void cobra_print_safe(FILE *out, const char *s);

#endif
