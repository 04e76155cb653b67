/*
 * fuzz.h - what every fuzz target shares.
 *
 * A target is one file tests/fuzz/fuzz_<name>.c defining
 * LLVMFuzzerTestOneInput() over the library (src/), never cmd/. It checks
 * properties with FUZZ_ASSERT, which prints what broke and aborts, so that
 * libFuzzer (make fuzz) and the corpus replay (tests/fuzz/replay.c, run by
 * make check) both report it as a crash with the input that caused it.
 */
#ifndef COBRA_FUZZ_H
#define COBRA_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond, ...)                                                          \
	do {                                                                            \
		if (!(cond)) {                                                          \
			fprintf(stderr, "fuzz: %s:%d: property failed: %s\nfuzz: ", __FILE__, \
				__LINE__, #cond);                                       \
			fprintf(stderr, __VA_ARGS__);                                   \
			fputc('\n', stderr);                                            \
			abort();                                                        \
		}                                                                       \
	} while (0)

/* Pins "today" (date.h) so that relative dates are reproducible. */
static inline void fuzz_pin_today(void)
{
	if (setenv("COBRA_TODAY", "2026-11-22", 1) != 0)
		abort();
}

/* Splits input into NUL-separated C strings, one at a time: each call returns
 * the next piece (a malloc'ed copy owned by the splitter) or NULL at the end. */
struct fuzz_split {
	const uint8_t *p, *end;
	char *pieces[256];
	size_t npieces;
};

static inline void fuzz_split_init(struct fuzz_split *s, const uint8_t *data, size_t size)
{
	s->p = data;
	s->end = data + size;
	s->npieces = 0;
}

static inline const char *fuzz_next(struct fuzz_split *s)
{
	const uint8_t *q;
	char *piece;
	if (s->p >= s->end || s->npieces >= sizeof(s->pieces) / sizeof(s->pieces[0]))
		return NULL;
	q = memchr(s->p, 0, (size_t)(s->end - s->p));
	if (!q)
		q = s->end;
	piece = malloc((size_t)(q - s->p) + 1);
	if (!piece)
		abort();
	memcpy(piece, s->p, (size_t)(q - s->p));
	piece[q - s->p] = '\0';
	s->pieces[s->npieces++] = piece;
	s->p = q < s->end ? q + 1 : q;
	return piece;
}

static inline void fuzz_split_free(struct fuzz_split *s)
{
	for (size_t i = 0; i < s->npieces; i++)
		free(s->pieces[i]);
	s->npieces = 0;
}

/* A NUL-terminated malloc'ed copy of the whole input. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
