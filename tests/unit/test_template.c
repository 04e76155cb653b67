/*
 * test_template.c - message templates (src/template.h, DESIGN §5,
 * reliability.md rows 36-38).
 *
 * Expected renderings are worked out by hand from the rules written in
 * template.h (one pass; CR dropped; LF and tab to a space outside the body's
 * "items"; ESC sequences, C0, DEL, C1 and bidi controls dropped; invalid
 * UTF-8 to U+FFFD). The default templates are checked against the law's
 * requirements (CDC art. 42, 42-A, 43 §2) with lists kept here.
 */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>

#include "../../src/template.h"
#include "../../src/text.h"

#define FFFD "\xef\xbf\xbd"

/* ---- lookup used by the tables ---- */

struct values {
	const char *name;
	const char *items;
};

static const char *lookup(void *ctx, const char *field)
{
	const struct values *v = ctx;
	if (strcmp(field, "name") == 0)
		return v->name;
	if (strcmp(field, "items") == 0)
		return v->items;
	if (strcmp(field, "total") == 0)
		return "R$ 10,00";
	if (strcmp(field, "pix") == 0)
		return "PIXCODE";
	return NULL;
}

/* ---- rendering table ---- */

struct render_row {
	const char *text;
	const char *name;    /* value of {{name}} */
	const char *items;   /* value of {{items}} */
	const char *subject; /* expected, or NULL when rendering must fail */
	const char *body;    /* expected body, or the expected error text */
};

static const struct render_row renders[] = {
	{"Ol\xc3\xa1 {{name}}!", "Ana", "", "", "Ol\xc3\xa1 Ana!"},
	/* spaces inside the braces */
	{"{{ name }}|{{name  }}|{{  name}}", "Ana", "", "", "Ana|Ana|Ana"},
	/* single braces are text */
	{"{x} {name} { {name} }", "Ana", "", "", "{x} {name} { {name} }"},
	{"", "Ana", "", "", ""},
	/* the Subject line, its spaces, and one blank line after it */
	{"Subject: Oi {{ name }}\nCorpo {{total}}\n", "Ana", "", "Oi Ana", "Corpo R$ 10,00\n"},
	{"Subject:   S  \nB", "Ana", "", "S", "B"},
	{"Subject: S\n\nBody\n", "Ana", "", "S", "Body\n"},
	{"Subject: S\n\n\nBody", "Ana", "", "S", "\nBody"},
	{"Subject: only", "Ana", "", "only", ""},
	{"Subject:\nB", "Ana", "", "", "B"},
	/* "Subject:" counts only on the first line, spelled so */
	{"B\nSubject: x", "Ana", "", "", "B\nSubject: x"},
	{"subject: x\nB", "Ana", "", "", "subject: x\nB"},
	/* header injection through a value (reliability.md row 36) */
	{"Subject: Oi {{name}}\n{{name}}", "Ana\r\nBcc: x@evil.example", "", "Oi Ana Bcc: x@evil.example",
	 "Ana Bcc: x@evil.example"},
	{"Subject: {{name}}\n", "a\nSubject: b", "", "a Subject: b", ""},
	/* terminal escapes: CSI, OSC 8 hyperlink (BEL and ST ends), charset */
	{"{{name}}", "\x1b[31mRED\x1b[0m", "", "", "RED"},
	{"{{name}}", "a\x1b]8;;http://evil.example\x07link\x1b]8;;\x1b\\b", "", "", "alinkb"},
	{"{{name}}", "a\x1b(Bb", "", "", "ab"},
	{"{{name}}", "ab\x1b", "", "", "ab"},
	{"{{name}}", "\x1b]0;title", "", "", ""},
	/* shell text is only text (row 38) */
	{"{{name}}", "$(rm -rf /)", "", "", "$(rm -rf /)"},
	{"{{name}}", "`id`; rm -rf ~ | cat &", "", "", "`id`; rm -rf ~ | cat &"},
	/* no second expansion */
	{"{{name}} {{pix}}", "{{pix}}", "", "", "{{pix}} PIXCODE"},
	{"{{name}}", "{{ total }}}}{{", "", "", "{{ total }}}}{{"},
	/* controls */
	{"{{name}}", "a\tb", "", "", "a b"},
	{"{{name}}", "a\x07" "b\x08" "c\x7f" "d", "", "", "abcd"},
	{"{{name}}", "a\xc2\x9b" "31mb", "", "", "a31mb"},              /* C1 CSI */
	{"{{name}}", "a\xc2\x85" "b", "", "", "ab"},                    /* NEL */
	{"{{name}}", "a\xe2\x80\xae" "b\xe2\x80\xa8" "c", "", "", "abc"}, /* RLO, LS */
	{"{{name}}", "Jo\xc3\xa3o \xe2\x82\xac", "", "", "Jo\xc3\xa3o \xe2\x82\xac"},
	/* invalid UTF-8 shows as U+FFFD, one per byte */
	{"{{name}}", "a\xff" "b", "", "", "a" FFFD "b"},
	{"{{name}}", "a\xc0\x80", "", "", "a" FFFD FFFD},
	{"{{name}}", "a\xc3", "", "", "a" FFFD},
	/* items keeps its lines in the body, not in the subject */
	{"Subject: {{items}}\n{{items}}", "Ana", "a\nb\r\nc\td", "a b c d", "a\nb\nc d"},
	{"{{name}}", "a\nb", "", "", "a b"},
	/* errors */
	{"a {{name", "Ana", "", NULL, "t.txt:1: \"{{\" without \"}}\" on the same line"},
	{"a\n{{name}\n}}", "Ana", "", NULL, "t.txt:2: \"{{\" without \"}}\""},
	{"{{ {{name}} }}", "Ana", "", NULL, "t.txt:1: nested braces"},
	{"{{{name}}}", "Ana", "", NULL, "t.txt:1: nested braces"},
	{"x\n{{}}", "Ana", "", NULL, "t.txt:2: malformed placeholder \"{{}}\""},
	{"{{na me}}", "Ana", "", NULL, "t.txt:1: malformed placeholder \"{{na me}}\""},
	{"{{na-me}}", "Ana", "", NULL, "t.txt:1: malformed placeholder"},
	{"a }} b", "Ana", "", NULL, "t.txt:1: \"}}\" without \"{{\" in \"a }} b\""},
	{"{{nome}}", "Ana", "", NULL, "t.txt:1: unknown placeholder \"{{nome}}\""},
	{"Subject: x\n\n{{ fee }}", "Ana", "", NULL, "t.txt:3: unknown placeholder \"{{fee}}\""},
	{"a\r\nb", "Ana", "", NULL, "t.txt:1: carriage return"},
	{"a\n\tb", "Ana", "", NULL, "t.txt:2: control character U+0009"},
	{"a\x1b[31m", "Ana", "", NULL, "t.txt:1: control character U+001B"},
	{"a\n\n\xff", "Ana", "", NULL, "t.txt:3: invalid UTF-8"},
	{"\xe2\x80\xae" "abc", "Ana", "", NULL, "t.txt:1: control character U+202E"},
};

static void test_template_render_table(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(renders); i++) {
		const struct render_row *row = &renders[i];
		struct values v = {row->name, row->items};
		struct cobra_buf subject = {0}, body = {0};
		cobra_error_clear();
		int rc = cobra_template_render(&subject, &body, "t.txt", row->text, lookup, &v);
		if (row->subject) {
			if (rc != 0 || strcmp(subject.data, row->subject) != 0 || strcmp(body.data, row->body) != 0) {
				print_error("row %zu: rc %d subject \"%s\" body \"%s\" (%s)\n", i, rc,
					    rc == 0 ? subject.data : "", rc == 0 ? body.data : "", cobra_error_message());
				nfail++;
			}
		} else if (rc != -COBRA_DATA || !strstr(cobra_error_message(), row->body)) {
			print_error("row %zu: rc %d, message \"%s\", want \"%s\"\n", i, rc, cobra_error_message(),
				    row->body);
			nfail++;
		}
		cobra_buf_free(&subject);
		cobra_buf_free(&body);
	}
	assert_int_equal(nfail, 0);
}

/* A NULL subject buffer drops the subject; the body is unaffected. */
static void test_template_render_without_subject_buffer(void **state)
{
	struct values v = {"Ana", ""};
	struct cobra_buf body = {0};
	(void)state;
	assert_int_equal(cobra_template_render(NULL, &body, "t.txt", "Subject: {{name}}\nOi {{name}}", lookup, &v), 0);
	assert_string_equal(body.data, "Oi Ana");
	cobra_buf_free(&body);
}

/* Random hostile values (seeded): a one-line field never yields a line
 * break, an ESC, a C0/C1 control or invalid UTF-8, in subject or body. */
static void test_template_random_values_stay_on_one_line(void **state)
{
	static const unsigned char pool[] = {
		'a', 'Z', ' ', '{', '}', '\n', '\r', '\t', 0x1b, '[', ']', 0x07, '\\', 0x7f, 0x01,
		0xc2, 0x85, 0x9b, 0xe2, 0x80, 0xae, 0xa8, 0xc3, 0xa9, 0xff, 0xed, 0xa0, 0xf0, 0x9f,
	};
	int nfail = 0;
	(void)state;
	rng_state = 20260301;
	for (int iter = 0; iter < 20000 && nfail < 5; iter++) {
		unsigned char value[40];
		size_t n = (size_t)rng_below(sizeof(value));
		for (size_t k = 0; k < n; k++)
			value[k] = pool[rng_below(sizeof(pool))];
		value[n] = '\0';
		struct values v = {(const char *)value, ""};
		struct cobra_buf subject = {0}, body = {0};
		int rc = cobra_template_render(&subject, &body, "t.txt", "Subject: <{{name}}>\n<{{name}}>", lookup, &v);
		bool bad = rc != 0;
		for (int part = 0; !bad && part < 2; part++) {
			const struct cobra_buf *b = part ? &body : &subject;
			bad = !cobra_utf8_valid(b->data, b->len) || b->len < 2 || b->data[0] != '<' ||
			      b->data[b->len - 1] != '>';
			for (size_t k = 0; !bad && k < b->len;) {
				unsigned cp;
				int cl = cobra_utf8_decode((const unsigned char *)b->data + k, b->len - k, &cp);
				bad = cl == 0 || cobra_text_unsafe(cp);
				k += cl > 0 ? (size_t)cl : 1;
			}
		}
		if (bad) {
			char q[128];
			print_error("value \"%s\": rc %d\n", cobra_quote(q, sizeof(q), (const char *)value), rc);
			nfail++;
		}
		cobra_buf_free(&subject);
		cobra_buf_free(&body);
	}
	assert_int_equal(nfail, 0);
}

/* ---- check ---- */

/* The list from the task, written out again so that a change to the
 * module's list shows up here. */
static const char *const expected_fields[] = {
	"name", "first_name", "business", "business_doc", "business_address", "items", "principal", "fee",
	"interest", "total", "due_date", "days_late", "pay_how", "pix", "offer", "today",
};

static void test_template_fields_are_the_documented_list(void **state)
{
	size_t n = 0;
	(void)state;
	while (cobra_template_fields[n])
		n++;
	assert_int_equal(n, N_ROWS(expected_fields));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(cobra_template_fields[i], expected_fields[i]);
}

static void test_template_check_accepts_every_known_field(void **state)
{
	struct cobra_buf t = {0};
	(void)state;
	cobra_buf_puts(&t, "Subject: {{business}}\n");
	for (size_t i = 0; i < N_ROWS(expected_fields); i++)
		cobra_buf_printf(&t, "%s: {{%s}} {{ %s }}\n", expected_fields[i], expected_fields[i], expected_fields[i]);
	assert_int_equal(cobra_template_check("t.txt", t.data, cobra_template_fields), 0);
	cobra_buf_free(&t);
}

static void test_template_check_names_file_line_and_placeholder(void **state)
{
	(void)state;
	assert_int_equal(cobra_template_check("templates/x.txt", "Ol\xc3\xa1\n\nSubject {{ nome }} {{name}}",
					      cobra_template_fields),
			 -COBRA_DATA);
	assert_string_equal(cobra_error_message(), "templates/x.txt:3: unknown placeholder \"{{nome}}\"");
	cobra_error_clear();
	/* names are case-sensitive */
	assert_int_equal(cobra_template_check("t.txt", "{{Name}}", cobra_template_fields), -COBRA_DATA);
	assert_string_equal(cobra_error_message(), "t.txt:1: unknown placeholder \"{{Name}}\"");
	cobra_error_clear();
	/* without a list, any well-formed name passes */
	assert_int_equal(cobra_template_check("t.txt", "{{whatever}}", NULL), 0);
}

/* ---- the default templates ---- */

static const char *const default_names[] = {"friendly", "due-today", "overdue", "offer", "notice"};

/* Words of threat, pressure, exposure or contempt (CDC art. 42), folded
 * (cobra_fold: lowercase, no accents, '-' between words). Matched as whole
 * words or word sequences. */
static const char *const forbidden[] = {
	"processo", "processar", "policia", "delegacia", "justica", "judicial", "juiz", "tribunal",
	"advogado", "advogados", "penhora", "prisao", "cadeia", "crime", "criminal", "vergonha",
	"protesto", "protestar", "cartorio", "execucao", "ameaca", "ultimo-aviso", "urgente",
	"imediatamente", "consequencias", "medidas-cabiveis", "medidas-legais", "acao", "caloteiro",
	"mau-pagador", "nome-sujo", "lista-negra", "vizinhos", "familia", "empregador", "chefe",
	"trabalho", "exposicao", "publicamente", "inadimplente", "devedor",
};

static bool has_word(const char *text, const char *word)
{
	char folded[8192], padded[8200], needle[64];
	cobra_fold(folded, sizeof(folded), text);
	assert_true(strlen(folded) + 1 < sizeof(folded)); /* not truncated */
	(void)snprintf(padded, sizeof(padded), "-%s-", folded);
	(void)snprintf(needle, sizeof(needle), "-%s-", word);
	return strstr(padded, needle) != NULL;
}

static const char *default_text(const char *name)
{
	for (size_t i = 0; cobra_template_defaults[i].name; i++) {
		if (strcmp(cobra_template_defaults[i].name, name) == 0)
			return cobra_template_defaults[i].text;
	}
	return NULL;
}

static void test_template_defaults_are_the_five_steps(void **state)
{
	size_t n = 0;
	(void)state;
	while (cobra_template_defaults[n].name) {
		assert_non_null(cobra_template_defaults[n].text);
		n++;
	}
	assert_null(cobra_template_defaults[n].text);
	assert_int_equal(n, N_ROWS(default_names));
	for (size_t i = 0; i < N_ROWS(default_names); i++)
		assert_non_null(default_text(default_names[i]));
}

/* Well-formed, with a Subject line and the creditor's identification
 * (CDC art. 42-A), and no forbidden word. */
static void test_template_defaults_pass_check_and_identify_creditor(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; cobra_template_defaults[i].name; i++) {
		const char *name = cobra_template_defaults[i].name, *text = cobra_template_defaults[i].text;
		if (cobra_template_check(name, text, cobra_template_fields) != 0) {
			print_error("%s: %s\n", name, cobra_error_message());
			nfail++;
		}
		if (strncmp(text, "Subject: ", 9) != 0) {
			print_error("%s: no Subject line\n", name);
			nfail++;
		}
		const char *body = strchr(text, '\n');
		static const char *const ids[] = {"{{business}}", "{{business_doc}}", "{{business_address}}"};
		for (size_t k = 0; k < N_ROWS(ids); k++) {
			if (!body || !strstr(body, ids[k])) {
				print_error("%s: body lacks %s\n", name, ids[k]);
				nfail++;
			}
		}
		for (size_t k = 0; k < N_ROWS(forbidden); k++) {
			if (has_word(text, forbidden[k])) {
				print_error("%s: contains \"%s\"\n", name, forbidden[k]);
				nfail++;
			}
		}
	}
	assert_int_equal(nfail, 0);
}

/* The forbidden-word matcher itself: finds words across accents, case and
 * punctuation, but not inside longer words. */
static void test_template_forbidden_word_matcher(void **state)
{
	(void)state;
	assert_true(has_word("Acionaremos a JUSTI\xc3\x87" "A.", "justica"));
	assert_true(has_word("evite o protesto!", "protesto"));
	assert_true(has_word("\xc3\x9altimo aviso", "ultimo-aviso"));
	assert_false(has_word("a notifica\xc3\xa7\xc3\xa3o", "acao"));
	assert_false(has_word("reprocessor", "processo"));
}

static size_t code_points(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* SMS and WhatsApp steps stay short before expansion. */
static void test_template_defaults_short_ones_fit_a_message(void **state)
{
	static const char *const short_ones[] = {"friendly", "due-today"};
	(void)state;
	for (size_t i = 0; i < N_ROWS(short_ones); i++) {
		const char *text = default_text(short_ones[i]);
		const char *body = strchr(text, '\n') + 1;
		if (code_points(body) >= 300)
			print_error("%s: body of %zu characters\n", short_ones[i], code_points(body));
		assert_true(code_points(body) < 300);
	}
}

/* What each step must say (task brief): the amount and date on the early
 * ones, the breakdown on overdue, the offer, and on the notice the items,
 * the totals, the credit-bureau information with its 10 days, an
 * invitation to negotiate. */
static void test_template_defaults_say_what_each_step_needs(void **state)
{
	static const struct {
		const char *name, *needle;
	} needs[] = {
		{"friendly", "{{total}}"}, {"friendly", "{{due_date}}"}, {"friendly", "{{pay_how}}"},
		{"due-today", "{{total}}"}, {"due-today", "{{pay_how}}"}, {"due-today", "{{pix}}"},
		{"due-today", "Hoje"},
		{"overdue", "{{items}}"}, {"overdue", "{{total}}"}, {"overdue", "{{principal}}"},
		{"overdue", "{{fee}}"}, {"overdue", "{{interest}}"}, {"overdue", "{{pix}}"},
		{"overdue", "desconsidere"},
		{"offer", "{{offer}}"}, {"offer", "conversar"},
		{"notice", "{{today}}"}, {"notice", "{{items}}"}, {"notice", "{{total}}"},
		{"notice", "{{principal}}"}, {"notice", "{{fee}}"}, {"notice", "{{interest}}"},
		{"notice", "{{pay_how}}"}, {"notice", "SPC/Serasa"}, {"notice", "10 (dez) dias"},
		{"notice", "art. 43"}, {"notice", "negociar"}, {"notice", "Notifica\xc3\xa7\xc3\xa3o"},
	};
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(needs); i++) {
		if (!strstr(default_text(needs[i].name), needs[i].needle)) {
			print_error("%s lacks \"%s\"\n", needs[i].name, needs[i].needle);
			nfail++;
		}
	}
	assert_int_equal(nfail, 0);
}

static const char *full_lookup(void *ctx, const char *field)
{
	(void)ctx;
	for (size_t i = 0; i < N_ROWS(expected_fields); i++) {
		if (strcmp(field, expected_fields[i]) == 0)
			return "V";
	}
	return NULL;
}

/* Every default renders with the known fields, leaving no braces behind,
 * with a one-line, non-empty subject. */
static void test_template_defaults_render_completely(void **state)
{
	(void)state;
	for (size_t i = 0; cobra_template_defaults[i].name; i++) {
		struct cobra_buf subject = {0}, body = {0};
		assert_int_equal(cobra_template_render(&subject, &body, cobra_template_defaults[i].name,
						       cobra_template_defaults[i].text, full_lookup, NULL),
				 0);
		assert_true(subject.len > 0);
		assert_null(strchr(subject.data, '\n'));
		assert_null(strstr(body.data, "{{"));
		assert_null(strstr(body.data, "}}"));
		assert_null(strstr(body.data, "Subject:"));
		cobra_buf_free(&subject);
		cobra_buf_free(&body);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_template_render_table, unit_clear),
		cmocka_unit_test_setup(test_template_render_without_subject_buffer, unit_clear),
		cmocka_unit_test_setup(test_template_random_values_stay_on_one_line, unit_clear),
		cmocka_unit_test_setup(test_template_fields_are_the_documented_list, unit_clear),
		cmocka_unit_test_setup(test_template_check_accepts_every_known_field, unit_clear),
		cmocka_unit_test_setup(test_template_check_names_file_line_and_placeholder, unit_clear),
		cmocka_unit_test_setup(test_template_defaults_are_the_five_steps, unit_clear),
		cmocka_unit_test_setup(test_template_defaults_pass_check_and_identify_creditor, unit_clear),
		cmocka_unit_test_setup(test_template_forbidden_word_matcher, unit_clear),
		cmocka_unit_test_setup(test_template_defaults_short_ones_fit_a_message, unit_clear),
		cmocka_unit_test_setup(test_template_defaults_say_what_each_step_needs, unit_clear),
		cmocka_unit_test_setup(test_template_defaults_render_completely, unit_clear),
	};
	return cmocka_run_group_tests_name("template", tests, NULL, NULL);
}
