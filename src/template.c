#include "template.h"

#include <stdbool.h>
#include <string.h>

#include "error.h"
#include "text.h"

const char *const cobra_template_fields[] = {
	"name", "first_name", "business", "business_doc", "business_address", "items",
	"principal", "fee", "interest", "total", "due_date", "days_late", "pay_how", "pix",
	"offer", "today", NULL,
};

#define SUBJECT_PREFIX "Subject:"
#define NAME_MAX_LEN 40

/* Printable excerpt of the LEN bytes at S, for messages. */
static const char *quote_span(char *out, size_t n, const char *s, size_t len)
{
	char copy[128];
	if (len >= sizeof(copy))
		len = sizeof(copy) - 1;
	memcpy(copy, s, len);
	copy[len] = '\0';
	return cobra_quote(out, n, copy);
}

/* The same for the line that starts at LINE. */
static const char *quote_line(char *out, size_t n, const char *line)
{
	return quote_span(out, n, line, strcspn(line, "\n"));
}

static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* The placeholder at S (which starts with "{{"): on success *NAME and
 * *NAME_LEN delimit its name and *END points past its "}}". */
static int parse_placeholder(const char *path, int line, const char *s, const char **name,
			     size_t *name_len, const char **end)
{
	char q[160];
	size_t eol = strcspn(s, "\n");
	const char *close = NULL;
	*name = s;
	*name_len = 0;
	*end = s + 2;
	for (size_t i = 2; i + 1 < eol; i++) {
		if (s[i] == '}' && s[i + 1] == '}') {
			close = s + i;
			break;
		}
	}
	if (!close)
		return cobra_error(COBRA_DATA, "%s:%d: \"{{\" without \"}}\" on the same line in \"%s\"",
				   path, line, quote_span(q, sizeof(q), s, eol));
	const char *p = s + 2;
	for (const char *t = p; t < close; t++) {
		if (*t == '{')
			return cobra_error(COBRA_DATA, "%s:%d: nested braces in \"%s\"", path, line,
					   quote_span(q, sizeof(q), s, (size_t)(close + 2 - s)));
	}
	while (p < close && *p == ' ')
		p++;
	const char *n0 = p;
	while (p < close && is_name_char(*p))
		p++;
	const char *n1 = p;
	while (p < close && *p == ' ')
		p++;
	if (n1 == n0 || p != close || n1 - n0 > NAME_MAX_LEN)
		return cobra_error(COBRA_DATA,
				   "%s:%d: malformed placeholder \"%s\" (want {{name}}: letters, digits, '_')",
				   path, line, quote_span(q, sizeof(q), s, (size_t)(close + 2 - s)));
	*name = n0;
	*name_len = (size_t)(n1 - n0);
	*end = close + 2;
	return 0;
}

static int is_known(const char *const *known, const char *name, size_t len)
{
	if (!known)
		return 1;
	for (size_t i = 0; known[i]; i++) {
		if (strlen(known[i]) == len && memcmp(known[i], name, len) == 0)
			return 1;
	}
	return 0;
}

/* Encoding and control characters, line by line. */
static int check_chars(const char *path, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	const char *line_start = text;
	size_t len = strlen(text);
	int line = 1;
	char q[160];
	for (size_t i = 0; i < len;) {
		unsigned cp;
		int n = cobra_utf8_decode(p + i, len - i, &cp);
		if (n == 0)
			return cobra_error(COBRA_DATA, "%s:%d: invalid UTF-8 in \"%s\"", path, line,
					   quote_line(q, sizeof(q), line_start));
		if (cp == '\r')
			return cobra_error(COBRA_DATA,
					   "%s:%d: carriage return in \"%s\" (save the file with Unix line ends)",
					   path, line, quote_line(q, sizeof(q), line_start));
		if (cp != '\n' && cobra_text_unsafe(cp))
			return cobra_error(COBRA_DATA, "%s:%d: control character U+%04X in \"%s\"", path,
					   line, cp, quote_line(q, sizeof(q), line_start));
		i += (size_t)n;
		if (cp == '\n') {
			line++;
			line_start = text + i;
		}
	}
	return 0;
}

int cobra_template_check(const char *path, const char *text, const char *const *known)
{
	int line = 1;
	char q[160];
	int rc = check_chars(path, text);
	if (rc < 0)
		return rc;
	for (const char *s = text; *s;) {
		if (s[0] == '{' && s[1] == '{') {
			const char *name, *end;
			size_t name_len;
			rc = parse_placeholder(path, line, s, &name, &name_len, &end);
			if (rc < 0)
				return rc;
			if (!is_known(known, name, name_len))
				return cobra_error(COBRA_DATA, "%s:%d: unknown placeholder \"{{%s}}\"", path,
						   line, quote_span(q, sizeof(q), name, name_len));
			s = end;
		} else if (s[0] == '}' && s[1] == '}') {
			const char *ls = s;
			while (ls > text && ls[-1] != '\n')
				ls--;
			return cobra_error(COBRA_DATA, "%s:%d: \"}}\" without \"{{\" in \"%s\"", path, line,
					   quote_line(q, sizeof(q), ls));
		} else {
			if (*s == '\n')
				line++;
			s++;
		}
	}
	return 0;
}

/* Index just past the escape sequence whose ESC is at P[I] (ECMA-48). */
static size_t skip_escape(const unsigned char *p, size_t len, size_t i)
{
	size_t j = i + 1;
	if (j >= len)
		return j;
	if (p[j] == '[') { /* CSI: parameters, intermediates, one final byte */
		j++;
		while (j < len && p[j] >= 0x30 && p[j] <= 0x3f)
			j++;
		while (j < len && p[j] >= 0x20 && p[j] <= 0x2f)
			j++;
		if (j < len && p[j] >= 0x40 && p[j] <= 0x7e)
			j++;
		return j;
	}
	if (p[j] == ']' || p[j] == 'P' || p[j] == 'X' || p[j] == '^' || p[j] == '_') {
		/* A control string (OSC, DCS, ...): everything up to BEL or ST. */
		for (j++; j < len; j++) {
			if (p[j] == 0x07)
				return j + 1;
			if (p[j] == 0x1b)
				return (j + 1 < len && p[j + 1] == '\\') ? j + 2 : j;
		}
		return j;
	}
	while (j < len && p[j] >= 0x20 && p[j] <= 0x2f)
		j++;
	if (j < len && p[j] >= 0x30 && p[j] <= 0x7e)
		j++;
	return j;
}

void cobra_template_sanitise(struct cobra_buf *out, const char *value, int multiline)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t len = strlen(value), run = 0, i = 0;
	/* Safe bytes are copied in runs; RUN is where the current run starts. */
	while (i < len) {
		unsigned cp;
		int n = (p[i] == 0x1b) ? -1 : cobra_utf8_decode(p + i, len - i, &cp);
		if (n > 0 && cp != '\n' && cp != '\t' && !cobra_text_unsafe(cp)) {
			i += (size_t)n;
			continue;
		}
		cobra_buf_add(out, value + run, i - run);
		if (n < 0) {
			i = skip_escape(p, len, i);
		} else if (n == 0) {
			cobra_buf_add(out, "\xef\xbf\xbd", 3); /* U+FFFD */
			i++;
		} else {
			if (cp == '\n')
				cobra_buf_add(out, multiline ? "\n" : " ", 1);
			else if (cp == '\t')
				cobra_buf_add(out, " ", 1);
			i += (size_t)n;
		}
		run = i;
	}
	cobra_buf_add(out, value + run, len - run);
}

/* Renders the N bytes of template text at S (starting on line LINE). */
static int expand(struct cobra_buf *out, const char *path, int line, const char *s, size_t n,
		  int in_body, cobra_template_lookup lookup, void *ctx)
{
	const char *e = s + n, *run = s;
	while (s < e) {
		if (s[0] == '\n') {
			line++;
			s++;
			continue;
		}
		if (!(s[0] == '{' && s + 1 < e && s[1] == '{')) {
			s++;
			continue;
		}
		const char *name, *end;
		size_t name_len;
		char field[NAME_MAX_LEN + 1];
		int rc = parse_placeholder(path, line, s, &name, &name_len, &end);
		if (rc < 0)
			return rc;
		cobra_buf_add(out, run, (size_t)(s - run));
		memcpy(field, name, name_len);
		field[name_len] = '\0';
		const char *value = lookup(ctx, field);
		if (!value)
			return cobra_error(COBRA_DATA, "%s:%d: unknown placeholder \"{{%s}}\"", path, line, field);
		cobra_template_sanitise(out, value, in_body && strcmp(field, COBRA_TEMPLATE_MULTILINE) == 0);
		s = run = end;
	}
	cobra_buf_add(out, run, (size_t)(e - run));
	return 0;
}

/* Whether a template line holds nothing but placeholders and blanks. */
static bool only_placeholders(const char *s, size_t n)
{
	bool any = false;
	for (size_t i = 0; i < n;) {
		if (i + 1 < n && s[i] == '{' && s[i + 1] == '{') {
			const char *close = memmem(s + i, n - i, "}}", 2);
			if (!close)
				return false;
			i = (size_t)(close - s) + 2;
			any = true;
		} else if (s[i] == ' ') {
			i++;
		} else {
			return false;
		}
	}
	return any;
}

/* The body, line by line: a line made only of placeholders that all came
 * out empty (a PIX code when there is no PIX key, an address not set) is
 * left out whole, so a message never shows a blank where data was meant. */
static int expand_body(struct cobra_buf *body, const char *path, int line, const char *b,
		       cobra_template_lookup lookup, void *ctx)
{
	while (*b) {
		size_t n = strcspn(b, "\n");
		struct cobra_buf one = {0};
		int rc = expand(&one, path, line, b, n, 1, lookup, ctx);
		if (rc < 0) {
			cobra_buf_free(&one);
			return rc;
		}
		size_t k = 0;
		while (k < one.len && one.data[k] == ' ')
			k++;
		bool drop = k == one.len && only_placeholders(b, n);
		if (!drop) {
			cobra_buf_add(body, one.data ? one.data : "", one.len);
			if (b[n] == '\n')
				cobra_buf_add(body, "\n", 1);
		}
		cobra_buf_free(&one);
		b += n + (b[n] == '\n' ? 1 : 0);
		line++;
	}
	return 0;
}

int cobra_template_render(struct cobra_buf *subject, struct cobra_buf *body, const char *path,
			  const char *text, cobra_template_lookup lookup, void *ctx)
{
	struct cobra_buf discard = {0};
	const char *b = text;
	int line = 1;
	int rc = cobra_template_check(path, text, NULL);
	if (rc < 0)
		return rc;
	if (!subject)
		subject = &discard;
	/* Both end up NUL-terminated strings, even when empty. */
	cobra_buf_add(subject, "", 0);
	cobra_buf_add(body, "", 0);
	if (strncmp(text, SUBJECT_PREFIX, strlen(SUBJECT_PREFIX)) == 0) {
		const char *s = text + strlen(SUBJECT_PREFIX);
		size_t n = strcspn(s, "\n");
		b = s + n;
		while (n > 0 && *s == ' ') {
			s++;
			n--;
		}
		while (n > 0 && s[n - 1] == ' ')
			n--;
		rc = expand(subject, path, line, s, n, 0, lookup, ctx);
		if (rc < 0)
			goto out;
		/* The line feed ending the Subject line, and one blank line. */
		if (*b == '\n') {
			b++;
			line++;
		}
		if (*b == '\n') {
			b++;
			line++;
		}
	}
	rc = expand_body(body, path, line, b, lookup, ctx);
	if (rc < 0)
		goto out;
	if (subject->oom || body->oom)
		rc = cobra_error(COBRA_DATA, "%s: out of memory", path);
out:
	cobra_buf_free(&discard);
	return rc;
}
