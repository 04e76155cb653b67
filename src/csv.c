#include "csv.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

/* The separator: ';' when the header row has ';' and no ',' outside quotes. */
static char detect_sep(const char *p, const char *end)
{
	bool quoted = false;
	size_t commas = 0, semis = 0;
	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && (*p == '\n' || *p == '\r'))
			break;
		else if (!quoted && *p == ',')
			commas++;
		else if (!quoted && *p == ';')
			semis++;
	}
	return semis > 0 && commas == 0 ? ';' : ',';
}

static int add_field(struct cobra_csv *csv, char *f)
{
	if (csv->nfields == csv->capfields) {
		size_t cap = csv->capfields ? csv->capfields * 2 : 256;
		char **p = realloc(csv->fields, cap * sizeof(*p));
		if (!p)
			return cobra_error(COBRA_DATA, "out of memory");
		csv->fields = p;
		csv->capfields = cap;
	}
	csv->fields[csv->nfields++] = f;
	return 0;
}

static int add_row(struct cobra_csv *csv, int line, size_t first)
{
	if (csv->nrows == csv->caprows) {
		size_t cap = csv->caprows ? csv->caprows * 2 : 64;
		struct cobra_csv_row *p = realloc(csv->rows, cap * sizeof(*p));
		if (!p)
			return cobra_error(COBRA_DATA, "out of memory");
		csv->rows = p;
		csv->caprows = cap;
	}
	csv->rows[csv->nrows].line = line;
	csv->rows[csv->nrows].first = first;
	csv->rows[csv->nrows].count = csv->nfields - first;
	csv->nrows++;
	return 0;
}

/* Consumes a line end at *P (LF, CRLF or CR); returns whether there was one. */
static bool line_end(const char **p, const char *end)
{
	if (**p == '\n') {
		(*p)++;
		return true;
	}
	if (**p == '\r') {
		(*p)++;
		if (*p < end && **p == '\n')
			(*p)++;
		return true;
	}
	return false;
}

int cobra_csv_parse(struct cobra_csv *csv, const char *path, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	int line = 1, rc = 0;
	memset(csv, 0, sizeof(*csv));
	if (memchr(data, '\0', len)) {
		int l = 1;
		for (const char *q = data; *q; q++)
			l += *q == '\n';
		return cobra_error(COBRA_INVALID, "%s:%d: a NUL byte: this is not a text file", path, l);
	}
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	csv->sep = detect_sep(p, end);
	/* decoded text is never longer than the input, plus one NUL per field */
	csv->text = malloc(2 * len + 2);
	if (!csv->text)
		return cobra_error(COBRA_DATA, "out of memory");
	char *out = csv->text;
	while (p < end && rc == 0) {
		if (line_end(&p, end)) { /* an empty line */
			line++;
			continue;
		}
		int row_line = line;
		size_t first = csv->nfields;
		for (;;) {
			char *f = out;
			if (p < end && *p == '"') {
				int qline = line;
				p++;
				for (;;) {
					if (p >= end) {
						rc = cobra_error(COBRA_INVALID, "%s:%d: a quoted field is never closed", path, qline);
						break;
					}
					if (*p == '"') {
						if (p + 1 < end && p[1] == '"') {
							*out++ = '"';
							p += 2;
							continue;
						}
						p++;
						break;
					}
					if (*p == '\n' || (*p == '\r' && (p + 1 >= end || p[1] != '\n')))
						line++;
					*out++ = *p++;
				}
				if (rc == 0 && p < end && *p != csv->sep && *p != '\n' && *p != '\r')
					rc = cobra_error(COBRA_INVALID, "%s:%d: text after the closing quote of a field", path, line);
			} else {
				while (p < end && *p != csv->sep && *p != '\n' && *p != '\r') {
					if (*p == '"') {
						rc = cobra_error(COBRA_INVALID,
							"%s:%d: a quote inside a field that does not start with one (quote the whole field and double the quote)",
							path, line);
						break;
					}
					*out++ = *p++;
				}
			}
			if (rc < 0)
				break;
			*out++ = '\0';
			if ((rc = add_field(csv, f)) < 0)
				break;
			if (p < end && *p == csv->sep) {
				p++;
				continue;
			}
			if (p < end && line_end(&p, end))
				line++;
			break;
		}
		if (rc == 0)
			rc = add_row(csv, row_line, first);
	}
	if (rc < 0)
		cobra_csv_free(csv);
	return rc;
}

void cobra_csv_free(struct cobra_csv *csv)
{
	free(csv->fields);
	free(csv->rows);
	free(csv->text);
	memset(csv, 0, sizeof(*csv));
}
