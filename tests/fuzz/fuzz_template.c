/*
 * fuzz_template.c - the message template renderer (src/template.h).
 *
 * Input: the template text, then the values of the known placeholders
 * (cobra_template_fields, in order), separated by NUL bytes; a placeholder
 * without a value gets "". Unknown placeholders have no value. Properties:
 *  - a refusal is -COBRA_DATA with a message "PATH:..."; a template that
 *    cobra_template_check() accepts with the known names always renders;
 *  - what renders is valid UTF-8 without a control character (C0, DEL, C1,
 *    bidi override, BOM, line separators: cobra_text_unsafe), whatever bytes
 *    the values hold; the subject is one line, the body may have \n;
 *  - no placeholder is left: with values free of braces, the output holds
 *    nothing of the form "{{ name }}" (text from a value is never expanded
 *    again, so a value may show one itself). Single braces around a
 *    placeholder that came out empty may meet ("}{{x}}}" gives "}}"): that
 *    is plain text, not a placeholder.
 */
#include "fuzz.h"

#include <stdbool.h>

#include "../../src/buf.h"
#include "../../src/error.h"
#include "../../src/template.h"
#include "../../src/text.h"

#define PATH "templates/fuzz.txt"
#define NFIELDS 32

struct values {
	const char *v[NFIELDS];
};

static const char *lookup(void *ctx, const char *field)
{
	const struct values *vals = ctx;
	for (size_t i = 0; cobra_template_fields[i] && i < NFIELDS; i++)
		if (strcmp(cobra_template_fields[i], field) == 0)
			return vals->v[i] ? vals->v[i] : "";
	return NULL;
}

/* Whether S holds "{{", spaces, a name, spaces, "}}". */
static bool has_placeholder(const char *s)
{
	for (const char *p = strstr(s, "{{"); p; p = strstr(p + 1, "{{")) {
		const char *q = p + 2, *name;
		while (*q == ' ')
			q++;
		name = q;
		while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') || *q == '_')
			q++;
		if (q == name)
			continue;
		while (*q == ' ')
			q++;
		if (q[0] == '}' && q[1] == '}')
			return true;
	}
	return false;
}

static void assert_clean(const char *what, const struct cobra_buf *b, int multiline)
{
	const unsigned char *p = (const unsigned char *)(b->data ? b->data : "");
	size_t len = b->data ? strlen(b->data) : 0;
	FUZZ_ASSERT(len == b->len, "%s: a NUL byte inside", what);
	for (size_t i = 0; i < len;) {
		unsigned cp;
		int n = cobra_utf8_decode(p + i, len - i, &cp);
		FUZZ_ASSERT(n > 0, "%s: invalid UTF-8 at byte %zu: \"%s\"", what, i, b->data);
		FUZZ_ASSERT(cp == '\n' ? multiline : !cobra_text_unsafe(cp), "%s: U+%04X at byte %zu", what, cp, i);
		i += (size_t)n;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_split in;
	struct values vals = {{NULL}};
	struct cobra_buf subject = {0}, body = {0};
	bool braces = false;
	fuzz_split_init(&in, data, size);
	const char *text = fuzz_next(&in);
	if (!text)
		text = "";
	for (size_t i = 0; cobra_template_fields[i] && i < NFIELDS; i++) {
		vals.v[i] = fuzz_next(&in);
		if (vals.v[i] && strpbrk(vals.v[i], "{}"))
			braces = true;
	}
	cobra_error_clear();
	int known = cobra_template_check(PATH, text, cobra_template_fields);
	cobra_error_clear();
	int rc = cobra_template_render(&subject, &body, PATH, text, lookup, &vals);
	if (rc < 0) {
		const char *msg = cobra_error_message();
		FUZZ_ASSERT(rc == -COBRA_DATA, "rc %d", rc);
		FUZZ_ASSERT(strncmp(msg, PATH ":", strlen(PATH ":")) == 0, "message does not name the file: \"%s\"",
			    msg);
		FUZZ_ASSERT(known < 0, "checked with the known names, then refused: %s", msg);
	} else {
		FUZZ_ASSERT(!subject.oom && !body.oom, "out of memory");
		assert_clean("subject", &subject, 0);
		assert_clean("body", &body, 1);
		if (!braces) {
			FUZZ_ASSERT(!has_placeholder(subject.data), "subject \"%s\"", subject.data);
			FUZZ_ASSERT(!has_placeholder(body.data), "body \"%s\"", body.data);
		}
	}
	cobra_buf_free(&subject);
	cobra_buf_free(&body);
	fuzz_split_free(&in);
	return 0;
}
