/*
 * gitindex.h - replacing a few entries of git's index file directly.
 *
 * Loading and rewriting a 10,000-entry index through libgit2 costs tens of
 * milliseconds per write command. This module copies the index file with
 * the given entries replaced, inserted or removed, exactly as git lays them
 * out (index format versions 2 and 3), drops the optional extensions (the
 * cache tree and the untracked cache are only accelerators; git rebuilds
 * them), and writes the SHA-1 trailer. Anything it does not understand
 * (version 4, a required extension such as a split index, a conflicted
 * entry) makes it answer "unsupported", and the caller uses libgit2 instead.
 */
#ifndef COBRA_GITINDEX_H
#define COBRA_GITINDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

struct cobra_gitindex_entry {
	const char *path;
	bool remove;
	struct stat st;          /* of the working-tree file */
	unsigned char oid[20];   /* blob id */
};

struct cobra_gitindex;

/* Reads and checks the index at PATH. Returns 0, 1 when it is missing or in
 * a form this module does not handle, or a negative error code. */
int cobra_gitindex_open(struct cobra_gitindex **out, const char *path);
/* Whether any entry is in a conflicted stage. */
bool cobra_gitindex_conflicts(const struct cobra_gitindex *ix);
/* Writes the index with E[0..N-1] applied to TO (fsynced). 0, 1, or < 0. */
int cobra_gitindex_write(struct cobra_gitindex *ix, const char *to, const struct cobra_gitindex_entry *e, size_t n);
void cobra_gitindex_free(struct cobra_gitindex *ix);

#endif
