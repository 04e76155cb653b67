/*
 * test_csv.c - reading CSV (src/csv.h): RFC 4180 quoting, line ends, the
 * BOM, the separator, line numbers, and the errors. Expected fields are
 * written out by hand from the input.
 */
#include "unit.h"

#include <stdio.h>

#include "../../src/csv.h"

static const char *field(const struct cobra_csv *c, size_t row, size_t i)
{
	assert_true(row < c->nrows);
	assert_true(i < c->rows[row].count);
	return c->fields[c->rows[row].first + i];
}

static void test_csv_quotes_and_crlf(void **state)
{
	const char in[] = "\xEF\xBB\xBFname,note\r\n\"Silva, Ana\",\"a \"\"b\"\"\"\r\n\r\nBeto,\r\n";
	struct cobra_csv c;
	(void)state;
	assert_int_equal(cobra_csv_parse(&c, "f.csv", in, sizeof(in) - 1), 0);
	assert_int_equal(c.sep, ',');
	assert_int_equal(c.nrows, 3);
	assert_string_equal(field(&c, 0, 0), "name");
	assert_string_equal(field(&c, 1, 0), "Silva, Ana");
	assert_string_equal(field(&c, 1, 1), "a \"b\"");
	assert_int_equal(c.rows[2].line, 4); /* the empty line 3 is skipped */
	assert_string_equal(field(&c, 2, 0), "Beto");
	assert_string_equal(field(&c, 2, 1), "");
	cobra_csv_free(&c);
}

static void test_csv_semicolon_and_line_numbers(void **state)
{
	const char in[] = "a;b\n\"x\ny\";\"1,5\"\nz;w";
	struct cobra_csv c;
	(void)state;
	assert_int_equal(cobra_csv_parse(&c, "f.csv", in, sizeof(in) - 1), 0);
	assert_int_equal(c.sep, ';');
	assert_int_equal(c.nrows, 3);
	assert_string_equal(field(&c, 1, 0), "x\ny");
	assert_string_equal(field(&c, 1, 1), "1,5");
	assert_int_equal(c.rows[1].line, 2);
	assert_int_equal(c.rows[2].line, 4); /* the quoted line break counts */
	assert_int_equal(c.rows[2].count, 2);
	cobra_csv_free(&c);
}

static void test_csv_errors_name_the_line(void **state)
{
	struct cobra_csv c;
	(void)state;
	assert_int_equal(cobra_csv_parse(&c, "f.csv", "a\n\"open\n", 8), -COBRA_INVALID);
	assert_string_equal(cobra_error_message(), "f.csv:2: a quoted field is never closed");
	cobra_error_clear();
	assert_int_equal(cobra_csv_parse(&c, "f.csv", "a\nb\"c\n", 6), -COBRA_INVALID);
	assert_non_null(strstr(cobra_error_message(), "f.csv:2: a quote inside a field"));
	cobra_error_clear();
	assert_int_equal(cobra_csv_parse(&c, "f.csv", "a\n\"b\"c\n", 7), -COBRA_INVALID);
	assert_string_equal(cobra_error_message(), "f.csv:2: text after the closing quote of a field");
	cobra_error_clear();
	assert_int_equal(cobra_csv_parse(&c, "f.csv", "a\nb\n\0", 5), -COBRA_INVALID);
	assert_non_null(strstr(cobra_error_message(), "f.csv:3: a NUL byte"));
}

static void test_csv_empty(void **state)
{
	struct cobra_csv c;
	(void)state;
	assert_int_equal(cobra_csv_parse(&c, "f.csv", "", 0), 0);
	assert_int_equal(c.nrows, 0);
	cobra_csv_free(&c);
	assert_int_equal(cobra_csv_parse(&c, "f.csv", "\xEF\xBB\xBF", 3), 0);
	assert_int_equal(c.nrows, 0);
	cobra_csv_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_csv_quotes_and_crlf, unit_clear),
		cmocka_unit_test_setup(test_csv_semicolon_and_line_numbers, unit_clear),
		cmocka_unit_test_setup(test_csv_errors_name_the_line, unit_clear),
		cmocka_unit_test_setup(test_csv_empty, unit_clear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
