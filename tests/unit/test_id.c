/*
 * test_id.c - random record IDs and their shortest unique prefixes
 * (src/id.h, cobra-store(5)).
 *
 * The rules under test, from id.h: a customer ID is 16 lowercase hex digits
 * (64 random bits); a debt or payment ID is 20 hex digits, the first 4 of
 * its customer's ID then 64 random bits; an ID is shown as its shortest
 * unique prefix, never shorter than the minimum asked for and never longer
 * than the ID. cobra_id_unique_len() is checked on hand-made tables and
 * against ref_unique_len(), the definition written out literally here.
 */
#include "unit.h"

#include <stdbool.h>
#include <stdio.h>

#include "../../src/id.h"

static bool all_lower_hex(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!strchr("0123456789abcdef", s[i]) || s[i] == '\0')
			return false;
	return true;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/* ---- new IDs ---- */

#define DRAWS 20000

static void test_id_new_customer_is_16_lowercase_hex_and_distinct(void **state)
{
	static char ids[DRAWS][COBRA_ID_BUFSZ];
	unsigned seen[COBRA_CUSTOMER_ID_LEN][16];
	(void)state;
	memset(seen, 0, sizeof(seen));
	for (size_t i = 0; i < DRAWS; i++) {
		char out[COBRA_ID_BUFSZ];
		memset(out, 'X', sizeof(out));
		assert_int_equal(cobra_id_new_customer(out), 0);
		if (strlen(out) != COBRA_CUSTOMER_ID_LEN || !all_lower_hex(out, COBRA_CUSTOMER_ID_LEN))
			fail_msg("draw %zu: \"%s\" is not 16 lowercase hex digits", i, out);
		assert_true(cobra_id_valid_customer(out));
		for (size_t k = 0; k < COBRA_CUSTOMER_ID_LEN; k++)
			seen[k][strchr("0123456789abcdef", out[k]) - "0123456789abcdef"]++;
		memcpy(ids[i], out, sizeof(out));
	}
	qsort(ids, DRAWS, sizeof(ids[0]), cmp_str);
	for (size_t i = 1; i < DRAWS; i++)
		if (strcmp(ids[i - 1], ids[i]) == 0)
			fail_msg("the same customer ID drawn twice: %s", ids[i]);
	/* 64 random bits: every digit position takes every value (20000 draws,
	 * 1250 expected per cell; a stuck nibble or bit would show as 0 or far off) */
	for (size_t k = 0; k < COBRA_CUSTOMER_ID_LEN; k++)
		for (size_t v = 0; v < 16; v++)
			if (seen[k][v] < 900 || seen[k][v] > 1600)
				fail_msg("digit %zu took value %zx %u times in %d draws", k, v, seen[k][v], DRAWS);
}

static void test_id_new_event_is_20_hex_under_its_customer(void **state)
{
	static const char *const customers[] = {"0123456789abcdef", "ffff000000000000", "a1b2c3d4e5f60718",
		"00000000ffffffff"};
	static char ids[DRAWS][COBRA_ID_BUFSZ];
	unsigned seen[COBRA_EVENT_ID_LEN - 4][16];
	(void)state;
	memset(seen, 0, sizeof(seen));
	for (size_t i = 0; i < DRAWS; i++) {
		const char *cust = customers[i % N_ROWS(customers)];
		char out[COBRA_ID_BUFSZ];
		memset(out, 'X', sizeof(out));
		assert_int_equal(cobra_id_new_event(out, cust), 0);
		if (strlen(out) != COBRA_EVENT_ID_LEN || !all_lower_hex(out, COBRA_EVENT_ID_LEN))
			fail_msg("draw %zu: \"%s\" is not 20 lowercase hex digits", i, out);
		if (strncmp(out, cust, 4) != 0)
			fail_msg("event ID %s does not start with the first 4 digits of %s", out, cust);
		assert_true(cobra_id_valid_event(out));
		assert_false(cobra_id_valid_customer(out));
		for (size_t k = 4; k < COBRA_EVENT_ID_LEN; k++)
			seen[k - 4][strchr("0123456789abcdef", out[k]) - "0123456789abcdef"]++;
		memcpy(ids[i], out, sizeof(out));
	}
	qsort(ids, DRAWS, sizeof(ids[0]), cmp_str);
	for (size_t i = 1; i < DRAWS; i++)
		if (strcmp(ids[i - 1], ids[i]) == 0)
			fail_msg("the same event ID drawn twice: %s", ids[i]);
	for (size_t k = 0; k < COBRA_EVENT_ID_LEN - 4; k++)
		for (size_t v = 0; v < 16; v++)
			if (seen[k][v] < 900 || seen[k][v] > 1600)
				fail_msg("random digit %zu took value %zx %u times", k + 4, v, seen[k][v]);
}

/* ---- validation ---- */

struct valid_row {
	const char *s;
	bool customer, event;
};

static const struct valid_row valids[] = {
	{"0123456789abcdef", true, false},
	{"ffffffffffffffff", true, false},
	{"0000000000000000", true, false},
	{"0123456789abcdef0123", false, true},
	{"00000000000000000000", false, true},
	{"abcdefabcdefabcdefab", false, true},
	{"", false, false},                       /* empty */
	{"0123456789abcde", false, false},        /* 15 digits */
	{"0123456789abcdef0", false, false},      /* 17 digits */
	{"0123456789abcdef012", false, false},    /* 19 digits */
	{"0123456789abcdef01234", false, false},  /* 21 digits */
	{"0123456789ABCDEF", false, false},       /* uppercase */
	{"0123456789abcdeF", false, false},       /* one uppercase digit */
	{"0123456789ABCDEF0123", false, false},   /* uppercase event */
	{"0123456789abcdeg", false, false},       /* 'g' is not hex */
	{"0123456789abcdefgggg", false, false},
	{"0123456789abcde ", false, false},       /* trailing space */
	{" 123456789abcdef", false, false},       /* leading space */
	{"0123-56789abcdef", false, false},
	{"0x23456789abcdef", false, false},       /* a 0x prefix is not hex digits */
	{"0123456789abcd\xc3\xa9", false, false}, /* 16 bytes, one non-ASCII letter */
	{"0123456789abcdef\n", false, false},
	{"0123456789abcdef0123\n", false, false},
	{"../../etc/passwd", false, false},       /* 16 bytes, a path */
	{"0123456789abcde/", false, false},
	{"abcd:ef0123456789abc", false, false},   /* 20 bytes, one ':' */
};

static void test_id_valid_customer_and_event_tables(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(valids); i++) {
		if (cobra_id_valid_customer(valids[i].s) != valids[i].customer)
			fail_msg("row %zu \"%s\": valid_customer %d, want %d", i, valids[i].s,
				cobra_id_valid_customer(valids[i].s), valids[i].customer);
		if (cobra_id_valid_event(valids[i].s) != valids[i].event)
			fail_msg("row %zu \"%s\": valid_event %d, want %d", i, valids[i].s, cobra_id_valid_event(valids[i].s),
				valids[i].event);
	}
	assert_true(N_ROWS(valids) >= 20);
}

static void test_id_is_hex_checks_only_the_given_length(void **state)
{
	(void)state;
	assert_true(cobra_id_is_hex("abcXYZ", 3));
	assert_false(cobra_id_is_hex("abcXYZ", 4));
	assert_true(cobra_id_is_hex("", 0));
	assert_false(cobra_id_is_hex("A", 1));
	assert_false(cobra_id_is_hex("g", 1));
	assert_true(cobra_id_is_hex("0123456789abcdef", 16));
}

/* ---- common prefixes ---- */

static void test_id_common_prefix_length(void **state)
{
	static const struct {
		const char *a, *b;
		size_t want;
	} rows[] = {
		{"", "", 0},
		{"", "abc", 0},
		{"abc", "", 0},
		{"abc", "abc", 3},
		{"abc", "abd", 2},
		{"abc", "ab", 2},
		{"ab", "abc", 2},
		{"xbc", "abc", 0},
		{"0123456789abcdef", "0123456789abcdee", 15},
		{"0123456789abcdef0123", "0123456789abcdef", 16},
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++)
		if (cobra_id_common(rows[i].a, rows[i].b) != rows[i].want)
			fail_msg("row %zu: common(\"%s\", \"%s\") = %zu, want %zu", i, rows[i].a, rows[i].b,
				cobra_id_common(rows[i].a, rows[i].b), rows[i].want);
}

/* ---- shortest unique prefix ---- */

/* An array of structs whose id member comes first, as id.h describes. */
struct rec {
	char id[COBRA_ID_BUFSZ];
	int payload;
};

/* The definition: the smallest L >= MIN such that no other ID (an entry
 * equal to ID is ID itself) starts with the first L characters of ID; the
 * whole ID when no such L exists or MIN exceeds its length. */
static size_t ref_unique_len(const char *id, const struct rec *r, size_t n, size_t min)
{
	size_t len = strlen(id);
	for (size_t l = min; l <= len; l++) {
		bool clash = false;
		for (size_t i = 0; i < n && !clash; i++)
			if (strcmp(r[i].id, id) != 0 && strncmp(r[i].id, id, l) == 0)
				clash = true;
		if (!clash)
			return l;
	}
	return len;
}

struct uniq_row {
	const char *id;
	const char *others[4];
	size_t min, want;
};

static const struct uniq_row uniqs[] = {
	/* alone: the minimum */
	{"0123456789abcdef", {NULL}, 7, 7},
	{"0123456789abcdef", {NULL}, 1, 1},
	/* only itself in the set: still the minimum */
	{"0123456789abcdef", {"0123456789abcdef"}, 7, 7},
	/* short shared prefixes do not lengthen past the minimum */
	{"0123456789abcdef", {"0123ffffffffffff", "01ffffffffffffff"}, 7, 7},
	/* a prefix shared up to the minimum: one more */
	{"0123456789abcdef", {"0123456fffffffff"}, 7, 8},
	/* grows with the longest shared prefix, whichever entry has it */
	{"0123456789abcdef", {"0123456789ffffff", "01234567ffffffff", "0fffffffffffffff"}, 7, 11},
	{"0123456789abcdef", {"0123456789abcdee"}, 7, 16},
	/* never longer than the ID */
	{"0123456789abcdef", {"0123456789abcdef0123"}, 7, 16},
	{"0123456789ab", {"0123456789ab0"}, 4, 12},
	{"0123", {"01234567"}, 7, 4},
	/* the minimum beyond the length: the whole ID */
	{"0123", {NULL}, 7, 4},
	/* event IDs sharing the customer's 4 digits */
	{"0123aaaaaaaaaaaaaaaa", {"0123aaaaaaaaaaaaaaab", "0123bbbbbbbbbbbbbbbb"}, 7, 20},
	{"0123aaaaaaaaaaaaaaaa", {"0123aaaabbbbbbbbbbbb", "0123bbbbbbbbbbbbbbbb"}, 7, 9},
	/* an ID that is a prefix of ours */
	{"0123456789abcdef", {"0123456789"}, 7, 11},
	/* duplicates of itself and one neighbour */
	{"abcdef0123456789", {"abcdef0123456789", "abcdef0199999999", "abcdef0123456789"}, 7, 9},
};

static void fill(struct rec *r, size_t *n, const struct uniq_row *u)
{
	*n = 0;
	for (size_t k = 0; k < N_ROWS(u->others) && u->others[k]; k++) {
		memset(&r[*n], 0, sizeof(r[*n]));
		snprintf(r[*n].id, sizeof(r[*n].id), "%s", u->others[k]);
		r[*n].payload = -1; /* bytes after the id must not matter */
		(*n)++;
	}
}

static void test_id_unique_len_table(void **state)
{
	(void)state;
	for (size_t i = 0; i < N_ROWS(uniqs); i++) {
		struct rec r[5];
		size_t n;
		fill(r, &n, &uniqs[i]);
		size_t got = cobra_id_unique_len(uniqs[i].id, r, n, sizeof(r[0]), uniqs[i].min);
		if (got != uniqs[i].want)
			fail_msg("row %zu (%s, min %zu): got %zu, want %zu", i, uniqs[i].id, uniqs[i].min, got, uniqs[i].want);
		/* the same row with the ID itself in the set gives the same answer */
		snprintf(r[n].id, sizeof(r[n].id), "%s", uniqs[i].id);
		got = cobra_id_unique_len(uniqs[i].id, r, n + 1, sizeof(r[0]), uniqs[i].min);
		if (got != uniqs[i].want)
			fail_msg("row %zu with itself: got %zu, want %zu", i, got, uniqs[i].want);
		assert_int_equal(ref_unique_len(uniqs[i].id, r, n + 1, uniqs[i].min), uniqs[i].want);
	}
}

static void test_id_unique_prefix_identifies_exactly_one(void **state)
{
	/* Random sets of IDs from a 2-letter alphabet on the first digits, so that
	 * long shared prefixes are common, against the definition. */
	static struct rec r[64];
	(void)state;
	rng_state = 0x1d5eed;
	for (int iter = 0; iter < 3000; iter++) {
		size_t n = 1 + rng_below(N_ROWS(r));
		size_t shared = rng_below(17);
		for (size_t i = 0; i < n; i++) {
			for (size_t k = 0; k < 16; k++)
				r[i].id[k] = k < shared ? "ab"[rng_below(2)] : "0123456789abcdef"[rng_below(16)];
			r[i].id[16] = '\0';
		}
		size_t min = rng_below(10);
		for (size_t i = 0; i < n; i++) {
			size_t got = cobra_id_unique_len(r[i].id, r, n, sizeof(r[0]), min);
			size_t want = ref_unique_len(r[i].id, r, n, min);
			if (got != want)
				fail_msg("iter %d: %s among %zu (min %zu): got %zu, want %zu", iter, r[i].id, n, min, got, want);
			assert_true(got <= 16);
			assert_true(got >= (min < 16 ? min : 16));
			/* the prefix shown finds this ID and no other one */
			for (size_t j = 0; j < n; j++)
				if (strcmp(r[j].id, r[i].id) != 0 && got < 16 && strncmp(r[j].id, r[i].id, got) == 0)
					fail_msg("prefix %.*s of %s also matches %s", (int)got, r[i].id, r[i].id, r[j].id);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_id_new_customer_is_16_lowercase_hex_and_distinct, unit_clear),
		cmocka_unit_test_setup(test_id_new_event_is_20_hex_under_its_customer, unit_clear),
		cmocka_unit_test_setup(test_id_valid_customer_and_event_tables, unit_clear),
		cmocka_unit_test_setup(test_id_is_hex_checks_only_the_given_length, unit_clear),
		cmocka_unit_test_setup(test_id_common_prefix_length, unit_clear),
		cmocka_unit_test_setup(test_id_unique_len_table, unit_clear),
		cmocka_unit_test_setup(test_id_unique_prefix_identifies_exactly_one, unit_clear),
	};
	return cmocka_run_group_tests_name("id", tests, NULL, NULL);
}
