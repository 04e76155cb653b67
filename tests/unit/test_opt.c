/*
 * test_opt.c - the table-driven option parser and its usage text
 * (src/opt.h).
 *
 * The rules under test, from opt.h: options are --name VALUE, --name=VALUE,
 * -x VALUE or flags (--name, -x); "--" ends options; an argument that starts
 * with '-' and a digit is an argument ("-50" reaches the amount parser);
 * unknown options, missing values and an option given twice are usage
 * errors (COBRA_USAGE, so -2), with a message that names the option
 * (error.h). The usage text is "usage: cobra CMD SYNOPSIS" and one line per
 * option.
 */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>

#include "../../src/buf.h"
#include "../../src/opt.h"

static const char *v_date, *v_method, *v_note;
static bool f_force, f_dry;

static const struct cobra_opt opts[] = {
	{"date", 'd', COBRA_OPT_VALUE, "DATE", "date of the payment", &v_date, NULL},
	{"method", 'm', COBRA_OPT_VALUE, "METHOD", "cash, pix or card", &v_method, NULL},
	{"note", 0, COBRA_OPT_VALUE, "TEXT", "a free-text note", &v_note, NULL},
	{"force", 'f', COBRA_OPT_FLAG, NULL, "do it anyway", NULL, &f_force},
	{"dry-run", 'n', COBRA_OPT_FLAG, NULL, "show what would change", NULL, &f_dry},
	{NULL, 0, COBRA_OPT_FLAG, NULL, NULL, NULL, NULL},
};

#define MAXARGV 8

struct opt_row {
	const char *argv[MAXARGV]; /* NULL-terminated */
	int rc;
	const char *args[MAXARGV]; /* positional arguments expected, NULL-terminated */
	const char *date, *method, *note;
	bool force, dry;
	const char *msg; /* on error: a substring of the message */
};

static const struct opt_row rows[] = {
	/* no arguments at all */
	{{NULL}, 0, {NULL}, NULL, NULL, NULL, false, false, NULL},
	{{"ana", NULL}, 0, {"ana", NULL}, NULL, NULL, NULL, false, false, NULL},
	/* the three spellings of a valued option */
	{{"--date", "2026-01-10", "ana", NULL}, 0, {"ana", NULL}, "2026-01-10", NULL, NULL, false, false, NULL},
	{{"--date=2026-01-10", "ana", NULL}, 0, {"ana", NULL}, "2026-01-10", NULL, NULL, false, false, NULL},
	{{"ana", "-d", "2026-01-10", NULL}, 0, {"ana", NULL}, "2026-01-10", NULL, NULL, false, false, NULL},
	/* the value after "=" is everything after the first "=" */
	{{"--note=a=b", NULL}, 0, {NULL}, NULL, NULL, "a=b", false, false, NULL},
	{{"--note=", NULL}, 0, {NULL}, NULL, NULL, "", false, false, NULL},
	/* a separate value is taken as it is, even when it looks like an option */
	{{"--note", "-x", NULL}, 0, {NULL}, NULL, NULL, "-x", false, false, NULL},
	/* flags, long and short, in any position among the arguments */
	{{"ana", "--force", "10", NULL}, 0, {"ana", "10", NULL}, NULL, NULL, NULL, true, false, NULL},
	{{"-f", "-n", "x", NULL}, 0, {"x", NULL}, NULL, NULL, NULL, true, true, NULL},
	{{"--dry-run", "-m", "pix", "ana", "12", NULL}, 0, {"ana", "12", NULL}, NULL, "pix", NULL, false, true, NULL},
	/* "--" ends options: what follows is positional, a second "--" too */
	{{"--", "--force", "-d", NULL}, 0, {"--force", "-d", NULL}, NULL, NULL, NULL, false, false, NULL},
	{{"-f", "--", "--", "x", NULL}, 0, {"--", "x", NULL}, NULL, NULL, NULL, true, false, NULL},
	/* '-' then a digit is an argument, not an option */
	{{"ana", "-50", NULL}, 0, {"ana", "-50", NULL}, NULL, NULL, NULL, false, false, NULL},
	{{"-3", NULL}, 0, {"-3", NULL}, NULL, NULL, NULL, false, false, NULL},
	{{"-5.00", "-f", NULL}, 0, {"-5.00", NULL}, NULL, NULL, NULL, true, false, NULL},
	/* a lone "-" is neither --name nor -x */
	{{"-", NULL}, 0, {"-", NULL}, NULL, NULL, NULL, false, false, NULL},
	/* unknown options */
	{{"--bogus", NULL}, -2, {NULL}, NULL, NULL, NULL, false, false, "--bogus"},
	{{"ana", "--bogus=1", NULL}, -2, {NULL}, NULL, NULL, NULL, false, false, "--bogus"},
	{{"-z", NULL}, -2, {NULL}, NULL, NULL, NULL, false, false, "-z"},
	{{"--dat", "x", NULL}, -2, {NULL}, NULL, NULL, NULL, false, false, "--dat"},     /* no abbreviations */
	{{"--FORCE", NULL}, -2, {NULL}, NULL, NULL, NULL, false, false, "--FORCE"},     /* names are exact */
	{{"---force", NULL}, -2, {NULL}, NULL, NULL, NULL, false, false, "---force"},
	{{"-fn", NULL}, -2, {NULL}, NULL, NULL, NULL, false, false, "-fn"},             /* not -x */
	/* an option given twice, under either name */
	{{"--date", "1", "--date", "2", NULL}, -2, {NULL}, NULL, NULL, NULL, false, false, "date"},
	{{"-d", "1", "--date=2", NULL}, -2, {NULL}, NULL, NULL, NULL, false, false, "date"},
	{{"--force", "-f", NULL}, -2, {NULL}, NULL, NULL, NULL, false, false, "force"},
	/* a missing value */
	{{"--date", NULL}, -2, {NULL}, NULL, NULL, NULL, false, false, "date"},
	{{"ana", "-m", NULL}, -2, {NULL}, NULL, NULL, NULL, false, false, "method"},
	/* a value given to a flag */
	{{"--force=yes", NULL}, -2, {NULL}, NULL, NULL, NULL, false, false, "force"},
	{{"--dry-run=", NULL}, -2, {NULL}, NULL, NULL, NULL, false, false, "dry-run"},
};

static bool same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static void test_opt_argv_table(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		char *argv[MAXARGV], *args[MAXARGV];
		int argc = 0, nargs = -1;
		/* argv strings are writable in a real main(): copies, not literals */
		char store[MAXARGV][32];
		for (; rows[i].argv[argc]; argc++) {
			snprintf(store[argc], sizeof(store[argc]), "%s", rows[i].argv[argc]);
			argv[argc] = store[argc];
		}
		v_date = v_method = v_note = NULL;
		f_force = f_dry = false;
		cobra_error_clear();
		int rc = cobra_opt_parse(opts, argc, argv, args, &nargs);
		if (rc != rows[i].rc) {
			print_error("row %zu: rc %d, want %d (%s)\n", i, rc, rows[i].rc, cobra_error_message());
			nfail++;
			continue;
		}
		if (rc != 0) {
			if (cobra_error_code() != COBRA_USAGE) {
				print_error("row %zu: error code %d, want COBRA_USAGE\n", i, (int)cobra_error_code());
				nfail++;
			}
			if (!strstr(cobra_error_message(), rows[i].msg)) {
				print_error("row %zu: message \"%s\" does not name \"%s\"\n", i, cobra_error_message(), rows[i].msg);
				nfail++;
			}
			continue;
		}
		assert_string_equal(cobra_error_message(), "");
		int want_n = 0;
		while (rows[i].args[want_n])
			want_n++;
		if (nargs != want_n) {
			print_error("row %zu: %d positional arguments, want %d\n", i, nargs, want_n);
			nfail++;
			continue;
		}
		for (int k = 0; k < nargs; k++)
			if (strcmp(args[k], rows[i].args[k]) != 0) {
				print_error("row %zu: argument %d is \"%s\", want \"%s\"\n", i, k, args[k], rows[i].args[k]);
				nfail++;
			}
		if (!same(v_date, rows[i].date) || !same(v_method, rows[i].method) || !same(v_note, rows[i].note)) {
			print_error("row %zu: date/method/note = %s/%s/%s, want %s/%s/%s\n", i, v_date ? v_date : "(unset)",
				v_method ? v_method : "(unset)", v_note ? v_note : "(unset)", rows[i].date ? rows[i].date : "(unset)",
				rows[i].method ? rows[i].method : "(unset)", rows[i].note ? rows[i].note : "(unset)");
			nfail++;
		}
		if (f_force != rows[i].force || f_dry != rows[i].dry) {
			print_error("row %zu: force/dry-run = %d/%d, want %d/%d\n", i, f_force, f_dry, rows[i].force, rows[i].dry);
			nfail++;
		}
	}
	assert_true(N_ROWS(rows) >= 20);
	assert_int_equal(nfail, 0);
}

/* A value given as a separate argument is that argument itself (the caller
 * may keep the pointer); positional arguments are argv's own pointers. */
static void test_opt_values_point_into_argv(void **state)
{
	char a0[] = "--date", a1[] = "2026-02-03", a2[] = "ana", a3[] = "--note=hello";
	char *argv[] = {a0, a1, a2, a3};
	char *args[4];
	int nargs = 0;
	(void)state;
	v_date = v_note = NULL;
	assert_int_equal(cobra_opt_parse(opts, 4, argv, args, &nargs), 0);
	assert_int_equal(nargs, 1);
	assert_ptr_equal(args[0], a2);
	assert_ptr_equal(v_date, a1);
	assert_ptr_equal(v_note, a3 + strlen("--note="));
}

/* An option table with no options: every option is unknown, every
 * non-option is positional. */
static void test_opt_empty_table_refuses_every_option(void **state)
{
	static const struct cobra_opt none[] = {{NULL, 0, COBRA_OPT_FLAG, NULL, NULL, NULL, NULL}};
	char a0[] = "x", a1[] = "-7", a2[] = "--help";
	char *argv[] = {a0, a1, a2};
	char *args[3];
	int nargs = 0;
	(void)state;
	assert_int_equal(cobra_opt_parse(none, 2, argv, args, &nargs), 0);
	assert_int_equal(nargs, 2);
	cobra_error_clear();
	assert_int_equal(cobra_opt_parse(none, 3, argv, args, &nargs), -COBRA_USAGE);
	assert_non_null(strstr(cobra_error_message(), "--help"));
}

/* ---- usage ---- */

static size_t count_lines(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_opt_usage_has_synopsis_and_one_line_per_option(void **state)
{
	static const struct {
		const char *spelled; /* how the option appears on its line */
		const char *help;
	} want[] = {
		{"-d, --date DATE", "date of the payment"},
		{"-m, --method METHOD", "cash, pix or card"},
		{"--note TEXT", "a free-text note"},
		{"-f, --force", "do it anyway"},
		{"-n, --dry-run", "show what would change"},
	};
	struct cobra_buf b = {0};
	(void)state;
	cobra_opt_usage(&b, "pay", "[options] CUSTOMER AMOUNT", opts);
	assert_false(b.oom);
	assert_non_null(b.data);
	const char *nl = strchr(b.data, '\n');
	assert_non_null(nl);
	assert_int_equal((int)(nl - b.data), (int)strlen("usage: cobra pay [options] CUSTOMER AMOUNT"));
	assert_memory_equal(b.data, "usage: cobra pay [options] CUSTOMER AMOUNT\n", (size_t)(nl - b.data) + 1);
	/* one line per option, each naming it with its argument and its help,
	 * in the order of the table; the help texts start in one column */
	size_t nonblank = 0, help_col = 0;
	const char *line = nl + 1;
	for (size_t k = 0; *line; line = strchr(line, '\n') + 1) {
		const char *end = strchr(line, '\n');
		assert_non_null(end);
		if (end == line)
			continue;
		nonblank++;
		assert_true(k < N_ROWS(want));
		char text[256];
		snprintf(text, sizeof(text), "%.*s", (int)(end - line), line);
		const char *sp = strstr(text, want[k].spelled);
		const char *hp = strstr(text, want[k].help);
		if (!sp || !hp || hp < sp)
			fail_msg("usage line \"%s\" lacks \"%s\" ... \"%s\"", text, want[k].spelled, want[k].help);
		/* a flag shows no argument name */
		if (k >= 3 && strstr(text, "(null)"))
			fail_msg("usage line \"%s\" prints a missing argument name", text);
		if (k == 0)
			help_col = (size_t)(hp - text);
		else if ((size_t)(hp - text) != help_col)
			fail_msg("help of line %zu starts at column %zu, the first at %zu", k, (size_t)(hp - text), help_col);
		k++;
	}
	assert_int_equal(nonblank, N_ROWS(want));
	cobra_buf_free(&b);
}

static void test_opt_usage_without_synopsis_or_options(void **state)
{
	static const struct cobra_opt none[] = {{NULL, 0, COBRA_OPT_FLAG, NULL, NULL, NULL, NULL}};
	struct cobra_buf b = {0};
	(void)state;
	cobra_opt_usage(&b, "init", "", none);
	assert_string_equal(b.data, "usage: cobra init\n");
	cobra_buf_free(&b);
	cobra_opt_usage(&b, "check", NULL, NULL);
	assert_string_equal(b.data, "usage: cobra check\n");
	assert_int_equal(count_lines(b.data), 1);
	cobra_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_opt_argv_table, unit_clear),
		cmocka_unit_test_setup(test_opt_values_point_into_argv, unit_clear),
		cmocka_unit_test_setup(test_opt_empty_table_refuses_every_option, unit_clear),
		cmocka_unit_test_setup(test_opt_usage_has_synopsis_and_one_line_per_option, unit_clear),
		cmocka_unit_test_setup(test_opt_usage_without_synopsis_or_options, unit_clear),
	};
	return cmocka_run_group_tests_name("opt", tests, NULL, NULL);
}
