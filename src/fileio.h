/*
 * fileio.h - whole-file reads and writes, the only way cobra's core touches
 * files outside git.
 *
 * cobra_file_replace() writes a new version of a file atomically: a
 * temporary file in the same directory, then rename(2). With
 * COBRA_FILE_DURABLE the file and its directory are fsynced (journal,
 * working-tree records, index); without it the write is best effort (the
 * derived caches). The temporary file is PATH.cobra-tmp, reused by the next
 * writer under the store's lock, unless COBRA_FILE_SHARED asks for a name of
 * its own (cache files, which lock-free readers write too).
 */
#ifndef COBRA_FILEIO_H
#define COBRA_FILEIO_H

#include <stddef.h>

#define COBRA_FILE_DURABLE 1
#define COBRA_FILE_SHARED 2

/* *DATA is malloc'ed and NUL-terminated. Returns 0, 1 when PATH does not
 * exist, or -COBRA_DATA (only ENOENT means "absent"). Symlinks are refused. */
int cobra_file_read(const char *path, char **data, size_t *len);

/* The concatenation of N parts becomes the new PATH. 0 or -COBRA_DATA. */
int cobra_file_replace(const char *path, const void *const *parts, const size_t *lens, size_t n, int flags);

/* Writes DATA over PATH in place (truncating it), fsynced when DURABLE. */
int cobra_file_put(const char *path, const void *data, size_t len, int flags);

/* fsyncs the directory that holds PATH. 0 or -1 (errno set). */
int cobra_file_sync_dir(const char *path);

/* Creates the missing directories above PATH. 0 or -COBRA_DATA. */
int cobra_file_mkdirs(const char *path);

#endif
