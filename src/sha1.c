#include "sha1.h"

#include <string.h>

static uint32_t rol(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

/* The 80 rounds unrolled over a 16-word rolling schedule: the index file of
 * a large store is a megabyte, hashed on every write. */
#define W(i) w[(i) & 15]
#define SCHED(i) (W(i) = rol(W((i) + 13) ^ W((i) + 8) ^ W((i) + 2) ^ W(i), 1))
#define R(a, b, c, d, e, f, k, x)                                                                        \
	do {                                                                                             \
		(e) += rol(a, 5) + (f) + (k) + (x);                                                      \
		(b) = rol(b, 30);                                                                        \
	} while (0)
#define F1(b, c, d) ((d) ^ ((b) & ((c) ^ (d))))
#define F2(b, c, d) ((b) ^ (c) ^ (d))
#define F3(b, c, d) (((b) & (c)) | ((d) & ((b) | (c))))
#define ROUND5(f, k, i, x)                                                                              \
	do {                                                                                             \
		R(a, b, c, d, e, f(b, c, d), k, x(i));                                                   \
		R(e, a, b, c, d, f(a, b, c), k, x((i) + 1));                                             \
		R(d, e, a, b, c, f(e, a, b), k, x((i) + 2));                                             \
		R(c, d, e, a, b, f(d, e, a), k, x((i) + 3));                                             \
		R(b, c, d, e, a, f(c, d, e), k, x((i) + 4));                                             \
	} while (0)
#define LOAD(i) W(i)

static void block(uint32_t h[5], const unsigned char *p)
{
	uint32_t w[16], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	for (size_t i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	ROUND5(F1, 0x5a827999, 0, LOAD);
	ROUND5(F1, 0x5a827999, 5, LOAD);
	ROUND5(F1, 0x5a827999, 10, LOAD);
	R(a, b, c, d, e, F1(b, c, d), 0x5a827999, W(15));
	R(e, a, b, c, d, F1(a, b, c), 0x5a827999, SCHED(16));
	R(d, e, a, b, c, F1(e, a, b), 0x5a827999, SCHED(17));
	R(c, d, e, a, b, F1(d, e, a), 0x5a827999, SCHED(18));
	R(b, c, d, e, a, F1(c, d, e), 0x5a827999, SCHED(19));
	ROUND5(F2, 0x6ed9eba1, 20, SCHED);
	ROUND5(F2, 0x6ed9eba1, 25, SCHED);
	ROUND5(F2, 0x6ed9eba1, 30, SCHED);
	ROUND5(F2, 0x6ed9eba1, 35, SCHED);
	ROUND5(F3, 0x8f1bbcdc, 40, SCHED);
	ROUND5(F3, 0x8f1bbcdc, 45, SCHED);
	ROUND5(F3, 0x8f1bbcdc, 50, SCHED);
	ROUND5(F3, 0x8f1bbcdc, 55, SCHED);
	ROUND5(F2, 0xca62c1d6, 60, SCHED);
	ROUND5(F2, 0xca62c1d6, 65, SCHED);
	ROUND5(F2, 0xca62c1d6, 70, SCHED);
	ROUND5(F2, 0xca62c1d6, 75, SCHED);
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void cobra_sha1_init(struct cobra_sha1 *c)
{
	static const uint32_t init[5] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0};
	memcpy(c->h, init, sizeof(init));
	c->len = 0;
	c->used = 0;
}

void cobra_sha1_update(struct cobra_sha1 *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	c->len += n;
	if (c->used) {
		size_t take = 64 - c->used < n ? 64 - c->used : n;
		memcpy(c->buf + c->used, p, take);
		c->used += take;
		p += take;
		n -= take;
		if (c->used < 64)
			return;
		block(c->h, c->buf);
		c->used = 0;
	}
	for (; n >= 64; p += 64, n -= 64)
		block(c->h, p);
	memcpy(c->buf, p, n);
	c->used = n;
}

void cobra_sha1_final(struct cobra_sha1 *c, unsigned char out[20])
{
	uint64_t bits = c->len * 8;
	unsigned char pad[72] = {0x80};
	size_t padlen = c->used < 56 ? 56 - c->used : 120 - c->used;
	unsigned char lenbe[8];
	for (int i = 0; i < 8; i++)
		lenbe[i] = (unsigned char)(bits >> (56 - 8 * i));
	cobra_sha1_update(c, pad, padlen);
	cobra_sha1_update(c, lenbe, 8);
	for (size_t i = 0; i < 5; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}

uint64_t cobra_fnv64(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w;
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0x100000001b3ull;
	}
	for (; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}
