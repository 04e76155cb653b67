/* test_sha1.c - SHA-1 against the FIPS 180 examples and git's own hashes. */
#include "unit.h"

#include <stdio.h>

#include "../../src/sha1.h"

static void hex(char out[41], const unsigned char d[20])
{
	for (int i = 0; i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

static void digest_of(char out[41], const void *data, size_t n, size_t chunk)
{
	struct cobra_sha1 c;
	unsigned char d[20];
	const unsigned char *p = data;
	cobra_sha1_init(&c);
	for (size_t off = 0; off < n; off += chunk)
		cobra_sha1_update(&c, p + off, n - off < chunk ? n - off : chunk);
	cobra_sha1_final(&c, d);
	hex(out, d);
}

static void test_sha1_known_vectors_in_any_chunking(void **state)
{
	static const struct {
		const char *in, *want;
	} rows[] = {
		{"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
		{"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
		{"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
		{"The quick brown fox jumps over the lazy dog", "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"},
		/* git hash-object of an empty blob: sha1("blob 0\0") */
		{"blob 0", "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"},
	};
	(void)state;
	for (size_t i = 0; i < N_ROWS(rows); i++) {
		size_t n = strlen(rows[i].in) + (i == 4 ? 1 : 0); /* the blob header keeps its NUL */
		for (size_t chunk = 1; chunk <= 70; chunk += 23) {
			char got[41];
			digest_of(got, rows[i].in, n, chunk);
			assert_string_equal(got, rows[i].want);
		}
	}
}

static void test_sha1_million_a(void **state)
{
	(void)state;
	char *a = malloc(1000000);
	char got[41];
	assert_non_null(a);
	memset(a, 'a', 1000000);
	digest_of(got, a, 1000000, 4096);
	free(a);
	assert_string_equal(got, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha1_known_vectors_in_any_chunking),
		cmocka_unit_test(test_sha1_million_a),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
