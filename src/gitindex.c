#include "gitindex.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "fileio.h"
#include "sha1.h"

#define HDR 12
#define FIXED 62

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

struct ent {
	size_t off, size;  /* whole entry, padding included */
	const char *name;
	size_t namelen;
	unsigned stage;
};

/* git's order: name bytes, then length, then stage */
static int cmp_name(const char *a, size_t al, const char *b, size_t bl)
{
	int c = memcmp(a, b, al < bl ? al : bl);
	if (c)
		return c;
	return al < bl ? -1 : al > bl;
}

static void write_entry(struct cobra_buf *out, const struct cobra_gitindex_entry *e)
{
	unsigned char f[FIXED];
	size_t nl = strlen(e->path);
	put32(f, (uint32_t)e->st.st_ctim.tv_sec);
	put32(f + 4, (uint32_t)e->st.st_ctim.tv_nsec);
	put32(f + 8, (uint32_t)e->st.st_mtim.tv_sec);
	put32(f + 12, (uint32_t)e->st.st_mtim.tv_nsec);
	put32(f + 16, (uint32_t)e->st.st_dev);
	put32(f + 20, (uint32_t)e->st.st_ino);
	put32(f + 24, 0100644);
	put32(f + 28, (uint32_t)e->st.st_uid);
	put32(f + 32, (uint32_t)e->st.st_gid);
	put32(f + 36, (uint32_t)e->st.st_size);
	memcpy(f + 40, e->oid, 20);
	unsigned flags = nl < 0xfff ? (unsigned)nl : 0xfff;
	f[60] = (unsigned char)(flags >> 8);
	f[61] = (unsigned char)flags;
	cobra_buf_add(out, (const char *)f, FIXED);
	cobra_buf_add(out, e->path, nl);
	static const char zeros[8] = {0};
	size_t total = FIXED + nl;
	cobra_buf_add(out, zeros, ((total + 8) & ~(size_t)7) - total);
}

static int parse(const unsigned char *d, size_t len, struct ent **out, uint32_t *count)
{
	if (len < HDR + 20 || memcmp(d, "DIRC", 4) != 0)
		return 1;
	uint32_t version = be32(d + 4), n = be32(d + 8);
	if ((version != 2 && version != 3) || n > len / FIXED)
		return 1;
	{
		/* git refuses an index whose SHA-1 trailer does not match; so do we,
		 * rather than write damage back under a fresh checksum */
		struct cobra_sha1 c;
		unsigned char sum[20];
		cobra_sha1_init(&c);
		cobra_sha1_update(&c, d, len - 20);
		cobra_sha1_final(&c, sum);
		if (memcmp(sum, d + len - 20, 20) != 0)
			return 1;
	}
	struct ent *e = calloc(n ? n : 1, sizeof(*e));
	if (!e)
		return cobra_error(COBRA_DATA, "out of memory");
	size_t off = HDR, end = len - 20;
	for (uint32_t i = 0; i < n; i++) {
		if (off + FIXED > end)
			goto bad;
		unsigned flags = (unsigned)d[off + 60] << 8 | d[off + 61];
		size_t fixed = FIXED;
		if (flags & 0x4000) { /* extended flags (v3): not written by cobra, keep as is */
			if (version < 3)
				goto bad;
			fixed += 2;
		}
		const char *name = (const char *)d + off + fixed;
		size_t nl = flags & 0xfff;
		if (nl == 0xfff) {
			const char *z = memchr(name, '\0', end - off - fixed);
			if (!z)
				goto bad;
			nl = (size_t)(z - name);
		}
		size_t size = (fixed + nl + 8) & ~(size_t)7;
		if (off + size > end || name[nl] != '\0')
			goto bad;
		e[i].off = off;
		e[i].size = size;
		e[i].name = name;
		e[i].namelen = nl;
		e[i].stage = (flags >> 12) & 3;
		off += size;
	}
	/* extensions: optional ones (capital first letter) are dropped; a
	 * required one means we do not know this index well enough */
	while (off + 8 <= end) {
		uint32_t size = be32(d + off + 4);
		if (!(d[off] >= 'A' && d[off] <= 'Z') || size > end - off - 8) {
			free(e);
			return 1;
		}
		off += 8 + size;
	}
	if (off != end)
		goto bad;
	*out = e;
	*count = n;
	return 0;
bad:
	free(e);
	return 1;
}

/* Index of the first entry not before NAME (stage 0), in [0, n]. */
static size_t lower_bound(const struct ent *e, uint32_t n, const char *name, size_t nl)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cmp_name(e[mid].name, e[mid].namelen, name, nl) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int cmp_update(const void *a, const void *b)
{
	const struct cobra_gitindex_entry *const *x = a, *const *y = b;
	return cmp_name((*x)->path, strlen((*x)->path), (*y)->path, strlen((*y)->path));
}

struct cobra_gitindex {
	unsigned char *d;
	size_t len;
	struct ent *e;
	uint32_t n;
	bool conflicts;
};

int cobra_gitindex_open(struct cobra_gitindex **out, const char *path)
{
	struct cobra_gitindex *ix = calloc(1, sizeof(*ix));
	int rc;
	if (!ix)
		return cobra_error(COBRA_DATA, "out of memory");
	char *text = NULL;
	rc = cobra_file_read(path, &text, &ix->len);
	ix->d = (unsigned char *)text;
	if (rc != 0 || (rc = parse(ix->d, ix->len, &ix->e, &ix->n)) != 0) {
		cobra_gitindex_free(ix);
		return rc;
	}
	for (uint32_t i = 0; i < ix->n; i++)
		ix->conflicts = ix->conflicts || ix->e[i].stage != 0;
	*out = ix;
	return 0;
}

bool cobra_gitindex_conflicts(const struct cobra_gitindex *ix)
{
	return ix->conflicts;
}

void cobra_gitindex_free(struct cobra_gitindex *ix)
{
	if (!ix)
		return;
	free(ix->e);
	free(ix->d);
	free(ix);
}

int cobra_gitindex_write(struct cobra_gitindex *ix, const char *to, const struct cobra_gitindex_entry *upd, size_t nupd)
{
	const unsigned char *d = ix->d;
	const struct ent *e = ix->e;
	uint32_t n = ix->n;
	struct cobra_buf out = {0};
	const struct cobra_gitindex_entry **u = NULL;
	int rc = 0;
	if (ix->conflicts)
		return 1;
	u = calloc(nupd ? nupd : 1, sizeof(const struct cobra_gitindex_entry *));
	if (!u)
		return cobra_error(COBRA_DATA, "out of memory");
	for (size_t i = 0; i < nupd; i++)
		u[i] = &upd[i];
	qsort(u, nupd, sizeof(const struct cobra_gitindex_entry *), cmp_update);
	for (size_t i = 1; i < nupd; i++) {
		if (cmp_update(&u[i - 1], &u[i]) == 0) { /* the same path twice: not ours to guess */
			free(u);
			return 1;
		}
	}
	cobra_buf_add(&out, (const char *)d, HDR);
	size_t pos = 0;
	uint32_t count = n;
	for (size_t k = 0; k < nupd; k++) {
		size_t nl = strlen(u[k]->path);
		size_t at = lower_bound(e, n, u[k]->path, nl);
		if (at < pos) { /* the same path twice: not expected */
			rc = 1;
			goto done;
		}
		if (at > pos) /* the untouched entries before it */
			cobra_buf_add(&out, (const char *)d + e[pos].off, e[at - 1].off + e[at - 1].size - e[pos].off);
		bool present = at < n && cmp_name(e[at].name, e[at].namelen, u[k]->path, nl) == 0;
		if (!u[k]->remove)
			write_entry(&out, u[k]);
		if (present)
			count -= u[k]->remove ? 1 : 0;
		else
			count += u[k]->remove ? 0 : 1;
		pos = present ? at + 1 : at;
	}
	if (pos < n)
		cobra_buf_add(&out, (const char *)d + e[pos].off, e[n - 1].off + e[n - 1].size - e[pos].off);
	if (out.oom) {
		rc = cobra_error(COBRA_DATA, "out of memory");
		goto done;
	}
	put32((unsigned char *)out.data + 8, count);
	{
		struct cobra_sha1 c;
		unsigned char sum[20];
		cobra_sha1_init(&c);
		cobra_sha1_update(&c, out.data, out.len);
		cobra_sha1_final(&c, sum);
		cobra_buf_add(&out, (const char *)sum, 20);
	}
	rc = cobra_file_put(to, out.data, out.len, COBRA_FILE_DURABLE);
done:
	free(u);
	cobra_buf_free(&out);
	return rc;
}
