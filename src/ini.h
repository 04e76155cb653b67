/*
 * ini.h - the strict reader under every record file.
 *
 * cobra_ini_parse() first scans the raw bytes itself and refuses anything
 * Debian's inih r55 would read differently from what a person sees (DESIGN
 * §9): lines over COBRA_LINE_MAX bytes, NUL and other control bytes, CR
 * (CRLF or lone), a byte-order mark, invalid UTF-8, indented lines (inih joins
 * them to the previous value), "key: value", inline " ;" comments, git
 * conflict markers, keys outside a section, duplicate sections and duplicate
 * keys. It then runs inih over the same bytes and requires that inih reports
 * exactly the sections, keys and values the scan found, in order. Every
 * error is "FILE:LINE: message" with exit code COBRA_DATA.
 *
 * The result owns one copy of the text; keys and values point into it.
 */
#ifndef COBRA_INI_H
#define COBRA_INI_H

#include <stddef.h>

#define COBRA_LINE_MAX 190
#define COBRA_FILE_MAX (64u << 20)

struct cobra_kv {
	const char *key;
	const char *value;
	int line;
};

struct cobra_section {
	const char *type; /* "sale" in "[sale 0a1b...]" */
	const char *id;   /* "0a1b..." or "" */
	int line;
	size_t first, count; /* range in kvs */
};

struct cobra_ini {
	const char *path;
	char *text;
	struct cobra_section *sections;
	size_t nsections;
	struct cobra_kv *kvs;
	size_t nkvs;
};

int cobra_ini_parse(struct cobra_ini *ini, const char *path, const char *data, size_t len);
void cobra_ini_free(struct cobra_ini *ini);

#endif
