#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"

int cobra_file_read(const char *path, char **data, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct cobra_buf b = {0};
	char chunk[65536];
	if (fd < 0)
		return errno == ENOENT ? 1 : cobra_error(COBRA_DATA, "%s: cannot open: %s", path, strerror(errno));
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			(void)close(fd);
			cobra_buf_free(&b);
			return cobra_error(COBRA_DATA, "%s: cannot read: %s", path, strerror(e));
		}
		if (n == 0)
			break;
		cobra_buf_add(&b, chunk, (size_t)n);
	}
	(void)close(fd);
	cobra_buf_add(&b, "", 0);
	if (b.oom) {
		cobra_buf_free(&b);
		return cobra_error(COBRA_DATA, "out of memory");
	}
	*data = b.data;
	*len = b.len;
	return 0;
}

int cobra_file_sync_dir(const char *path)
{
	char *dir = strdup(path);
	char *slash = dir ? strrchr(dir, '/') : NULL;
	int fd, rc = 0;
	if (!dir)
		return -1;
	if (slash)
		*slash = '\0';
	fd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0)
		rc = -1;
	if (fd >= 0)
		(void)close(fd);
	free(dir);
	return rc;
}

static int write_all(int fd, const char *path, const void *data, size_t len)
{
	const char *p = data;
	size_t off = 0;
	while (off < len) {
		ssize_t n = write(fd, p + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return cobra_error(COBRA_DATA, "%s: cannot write: %s", path, n < 0 ? strerror(errno) : "short write");
		off += (size_t)n;
	}
	return 0;
}

/* Writes the parts to FD, fsyncs when asked, closes FD in every case. */
static int write_parts(int fd, const char *path, const void *const *parts, const size_t *lens, size_t n, int flags)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = write_all(fd, path, parts[i], lens[i]);
	if (rc == 0 && (flags & COBRA_FILE_DURABLE) && fsync(fd) != 0)
		rc = cobra_error(COBRA_DATA, "%s: cannot sync: %s", path, strerror(errno));
	if (close(fd) != 0 && rc == 0)
		rc = cobra_error(COBRA_DATA, "%s: cannot write: %s", path, strerror(errno));
	return rc;
}

int cobra_file_put(const char *path, const void *data, size_t len, int flags)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return cobra_error(COBRA_DATA, "%s: %s", path, strerror(errno));
	return write_parts(fd, path, &data, &len, 1, flags);
}

int cobra_file_replace(const char *path, const void *const *parts, const size_t *lens, size_t n, int flags)
{
	char tmp[4300];
	int w = (flags & COBRA_FILE_SHARED) ? snprintf(tmp, sizeof(tmp), "%s.%d.tmp", path, (int)getpid())
					   : snprintf(tmp, sizeof(tmp), "%s.cobra-tmp", path);
	if (w < 0 || (size_t)w >= sizeof(tmp))
		return cobra_error(COBRA_DATA, "%s: path too long", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (fd < 0)
		return cobra_error(COBRA_DATA, "%s: cannot create: %s", tmp, strerror(errno));
	int rc = write_parts(fd, tmp, parts, lens, n, flags);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = cobra_error(COBRA_DATA, "%s: cannot rename: %s", path, strerror(errno));
	if (rc < 0) {
		(void)unlink(tmp);
		return rc;
	}
	if ((flags & COBRA_FILE_DURABLE) && cobra_file_sync_dir(path) != 0)
		return cobra_error(COBRA_DATA, "%s: cannot sync its directory: %s", path, strerror(errno));
	return 0;
}

int cobra_file_mkdirs(const char *path)
{
	char buf[4200];
	size_t len = strlen(path);
	if (len >= sizeof(buf))
		return cobra_error(COBRA_DATA, "%s: path too long", path);
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) != 0 && errno != EEXIST)
			return cobra_error(COBRA_DATA, "%s: cannot create directory: %s", buf, strerror(errno));
		*p = '/';
	}
	return 0;
}
