#include "ini.h"
#include "i18n.h"

#include <ini.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "text.h"

struct check {
	const struct cobra_ini *ini;
	size_t next;
	size_t sec;
	int bad_line; /* first kv that inih reported differently, or -1 */
};

static int fail(const char *path, int line, const char *msg)
{
	return cobra_error(COBRA_DATA, "%s:%d: %s", path, line, cobra_tr(msg));
}

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static bool is_conflict_marker(const char *s, size_t len)
{
	static const char *marks[] = {"<<<<<<<", "=======", ">>>>>>>", "|||||||"};
	for (size_t i = 0; i < 4; i++)
		if (len >= 7 && memcmp(s, marks[i], 7) == 0)
			return true;
	return false;
}

/* Raw-byte checks on one line [s, s+len). */
static int check_bytes(const char *path, int line, const char *s, size_t len)
{
	if (len > COBRA_LINE_MAX)
		return fail(path, line, "line longer than 190 bytes");
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '\r')
			return fail(path, line, i + 1 == len ? "CRLF line ending (the file must use LF only)"
							    : "carriage return inside a line");
		if (c == 0)
			return fail(path, line, "NUL byte");
		if (c == '\t')
			return fail(path, line, "tab character");
		if (c < 0x20 || c == 0x7f)
			return fail(path, line, "control character");
	}
	if (!cobra_utf8_valid(s, len))
		return fail(path, line, "invalid UTF-8");
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;
	return strcmp(*x, *y);
}

/* Finds a duplicate among N strings; returns its index in ITEMS (the later
 * one by position), or -1. ORDER is scratch space for N pointers. */
static long find_duplicate(const char **items, size_t n, const char **order)
{
	if (n < 2)
		return -1;
	memcpy(order, items, n * sizeof(*order));
	qsort(order, n, sizeof(*order), cmp_str);
	for (size_t i = 1; i < n; i++) {
		if (strcmp(order[i - 1], order[i]) == 0) {
			/* report the later of the equal entries in file order */
			const char *a = order[i - 1] > order[i] ? order[i - 1] : order[i];
			for (size_t k = 0; k < n; k++)
				if (items[k] == a)
					return (long)k;
		}
	}
	return -1;
}

static int handler(void *user, const char *section, const char *name, const char *value)
{
	struct check *c = user;
	const struct cobra_ini *ini = c->ini;
	if (c->bad_line >= 0)
		return 1;
	if (c->next >= ini->nkvs) {
		c->bad_line = ini->nkvs ? ini->kvs[ini->nkvs - 1].line : 1;
		return 1;
	}
	const struct cobra_kv *kv = &ini->kvs[c->next];
	while (c->sec + 1 < ini->nsections && ini->sections[c->sec + 1].first <= c->next)
		c->sec++;
	const struct cobra_section *s = &ini->sections[c->sec];
	size_t tl = strlen(s->type);
	bool same_section = strncmp(section, s->type, tl) == 0 &&
			    (s->id[0] ? section[tl] == ' ' && strcmp(section + tl + 1, s->id) == 0
				      : section[tl] == '\0');
	if (!same_section || strcmp(name, kv->key) != 0 || strcmp(value, kv->value) != 0)
		c->bad_line = kv->line;
	c->next++;
	return 1;
}

static int parse_section(struct cobra_ini *ini, const char *path, int line, char *s, size_t len)
{
	struct cobra_section *sec = &ini->sections[ini->nsections];
	if (len < 3 || s[len - 1] != ']')
		return fail(path, line, "malformed section header");
	s[len - 1] = '\0';
	char *type = s + 1, *sp = strchr(type, ' ');
	sec->id = "";
	if (sp) {
		*sp = '\0';
		sec->id = sp + 1;
		if (!*sec->id)
			return fail(path, line, "malformed section header");
		for (const char *p = sec->id; *p; p++)
			if (!is_name_char(*p))
				return fail(path, line, "malformed section header");
	}
	if (!*type)
		return fail(path, line, "malformed section header");
	for (const char *p = type; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && *p != '-')
			return fail(path, line, "malformed section header");
	sec->type = type;
	sec->line = line;
	sec->first = ini->nkvs;
	sec->count = 0;
	ini->nsections++;
	return 0;
}

static int parse_kv(struct cobra_ini *ini, const char *path, int line, char *s, size_t len)
{
	struct cobra_kv *kv = &ini->kvs[ini->nkvs];
	size_t k = 0;
	if (ini->nsections == 0)
		return fail(path, line, "key outside any [section]");
	while (k < len && is_key_char(s[k]))
		k++;
	if (k == 0)
		return fail(path, line, "expected \"key = value\"");
	size_t p = k;
	while (p < len && s[p] == ' ')
		p++;
	if (p >= len || s[p] != '=')
		return fail(path, line, "expected \"key = value\"");
	s[k] = '\0';
	p++;
	while (p < len && s[p] == ' ')
		p++;
	size_t e = len;
	while (e > p && s[e - 1] == ' ')
		e--;
	s[e] = '\0';
	const char *v = s + p;
	if (v[0] == ';' || strstr(v, " ;") != NULL)
		return fail(path, line, "\";\" after a space starts a comment (inih would cut the value)");
	kv->key = s;
	kv->value = v;
	kv->line = line;
	ini->nkvs++;
	ini->sections[ini->nsections - 1].count++;
	return 0;
}

static int check_duplicates(struct cobra_ini *ini, const char *path)
{
	size_t max = ini->nsections;
	int rc = 0;
	for (size_t i = 0; i < ini->nsections; i++)
		if (ini->sections[i].count > max)
			max = ini->sections[i].count;
	const char **items = calloc(max + 1, sizeof(*items));
	const char **order = calloc(max + 1, sizeof(*order));
	char *names = NULL;
	if (!items || !order) {
		rc = cobra_error(COBRA_DATA, "%s: out of memory", path);
		goto out;
	}
	/* sections: compare "type id" as one string */
	names = malloc(ini->nsections * 192 + 1);
	if (!names) {
		rc = cobra_error(COBRA_DATA, "%s: out of memory", path);
		goto out;
	}
	for (size_t i = 0; i < ini->nsections; i++) {
		char *n = names + i * 192;
		(void)snprintf(n, 192, "%s %s", ini->sections[i].type, ini->sections[i].id);
		items[i] = n;
	}
	long d = find_duplicate(items, ini->nsections, order);
	if (d >= 0) {
		rc = fail(path, ini->sections[d].line, "duplicate section");
		goto out;
	}
	for (size_t i = 0; i < ini->nsections; i++) {
		const struct cobra_section *s = &ini->sections[i];
		for (size_t k = 0; k < s->count; k++)
			items[k] = ini->kvs[s->first + k].key;
		d = find_duplicate(items, s->count, order);
		if (d >= 0) {
			char msg[96];
			(void)snprintf(msg, sizeof(msg), "duplicate key \"%.40s\"", ini->kvs[s->first + (size_t)d].key);
			rc = fail(path, ini->kvs[s->first + (size_t)d].line, msg);
			goto out;
		}
	}
out:
	free(names);
	free(items);
	free(order);
	return rc;
}

int cobra_ini_parse(struct cobra_ini *ini, const char *path, const char *data, size_t len)
{
	size_t nlines = 1, i;
	int rc = 0, line = 0;
	char *raw = NULL;
	memset(ini, 0, sizeof(*ini));
	ini->path = path;
	if (len > COBRA_FILE_MAX)
		return fail(path, 1, "file too large");
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		return fail(path, 1, "byte-order mark (save the file as UTF-8 without BOM)");
	for (i = 0; i < len; i++)
		nlines += data[i] == '\n';
	ini->text = malloc(len + 1);
	raw = malloc(len + 1);
	ini->sections = calloc(nlines, sizeof(*ini->sections));
	ini->kvs = calloc(nlines, sizeof(*ini->kvs));
	if (!ini->text || !raw || !ini->sections || !ini->kvs) {
		rc = cobra_error(COBRA_DATA, "%s: out of memory", path);
		goto out;
	}
	memcpy(ini->text, data, len);
	ini->text[len] = '\0';
	memcpy(raw, data, len);
	raw[len] = '\0';

	for (char *s = ini->text, *end = ini->text + len; s < end;) {
		char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t ll = nl ? (size_t)(nl - s) : (size_t)(end - s);
		line++;
		if ((rc = check_bytes(path, line, s, ll)) < 0)
			goto out;
		s[ll] = '\0';
		if (ll == 0 || s[0] == ';' || s[0] == '#') {
			/* blank or comment */
		} else if (s[0] == ' ') {
			rc = fail(path, line, "indented line (inih would join it to the previous value)");
		} else if (is_conflict_marker(s, ll)) {
			rc = fail(path, line, "unresolved merge conflict marker");
		} else if (s[0] == '[') {
			rc = parse_section(ini, path, line, s, ll);
		} else {
			rc = parse_kv(ini, path, line, s, ll);
		}
		if (rc < 0)
			goto out;
		s += ll + 1;
	}
	if ((rc = check_duplicates(ini, path)) < 0)
		goto out;

	struct check c = {ini, 0, 0, -1};
	int ir = ini_parse_string(raw, handler, &c);
	if (ir != 0 || c.bad_line >= 0 || c.next != ini->nkvs) {
		rc = fail(path, c.bad_line >= 0 ? c.bad_line : (ir > 0 ? ir : line),
			"inih reads this line differently from what it shows");
		goto out;
	}
out:
	free(raw);
	if (rc < 0)
		cobra_ini_free(ini);
	return rc;
}

void cobra_ini_free(struct cobra_ini *ini)
{
	free(ini->text);
	free(ini->sections);
	free(ini->kvs);
	ini->text = NULL;
	ini->sections = NULL;
	ini->kvs = NULL;
	ini->nsections = ini->nkvs = 0;
}
