/*
 * csv.h - reading a CSV file (RFC 4180) into rows of fields, for import.
 *
 * Fields are separated by ',' or, when the first row has ';' and no ','
 * outside quotes, by ';' (what spreadsheets in a Brazilian locale write,
 * since the comma is their decimal separator). A field may be quoted: inside
 * quotes, "" is one quote and separators, CR and LF are text. Rows end with
 * LF, CRLF or a lone CR; the last row needs no line end. A UTF-8 byte order
 * mark is skipped at the very start of the data only. Empty lines are
 * skipped. A NUL byte, an unterminated quoted field, a quote inside an
 * unquoted field and text after a closing quote are errors naming
 * PATH:LINE. Fields are not trimmed or decoded further: what they mean is the
 * caller's business.
 *
 * Every row keeps the line it starts on (1-based, counting physical lines,
 * so a quoted field with a line break makes the next row's line larger), for
 * "FILE:LINE:" messages.
 */
#ifndef COBRA_CSV_H
#define COBRA_CSV_H

#include <stddef.h>

struct cobra_csv_row {
	int line;
	size_t first; /* index of its first field in fields */
	size_t count;
};

struct cobra_csv {
	char **fields; /* NUL-terminated, writable, inside text */
	size_t nfields, capfields;
	struct cobra_csv_row *rows;
	size_t nrows, caprows;
	char *text;
	char sep;
};

/* Parses DATA[0..LEN). On success CSV owns everything (cobra_csv_free). */
int cobra_csv_parse(struct cobra_csv *csv, const char *path, const char *data, size_t len);
void cobra_csv_free(struct cobra_csv *csv);

#endif
