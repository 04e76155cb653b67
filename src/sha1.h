/*
 * sha1.h - hashes cobra computes itself: SHA-1 (FIPS 180-4) for the trailer
 * of git's index file (libgit2 keeps its hash functions private), and a fast
 * 64-bit FNV-1a over 8-byte words that guards cobra's cache files.
 */
#ifndef COBRA_SHA1_H
#define COBRA_SHA1_H

#include <stddef.h>
#include <stdint.h>

struct cobra_sha1 {
	uint32_t h[5];
	uint64_t len;
	unsigned char buf[64];
	size_t used;
};

void cobra_sha1_init(struct cobra_sha1 *c);
void cobra_sha1_update(struct cobra_sha1 *c, const void *data, size_t n);
void cobra_sha1_final(struct cobra_sha1 *c, unsigned char out[20]);

/* A checksum for derived files, not a cryptographic hash. */
uint64_t cobra_fnv64(const void *data, size_t len);

#endif
