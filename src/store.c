#include "store.h"
#include "template.h"

#include <errno.h>
#include <fcntl.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "fileio.h"
#include "gitindex.h"
#include "id.h"
#include "sha1.h"
#include "text.h"

#define JOURNAL "cobra-journal"
#define STALE_LOCK_SECONDS 60

static sigset_t held_old;
static int held;

void cobra_signals_hold(void)
{
	sigset_t set;
	if (held++)
		return;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigprocmask(SIG_BLOCK, &set, &held_old);
}

void cobra_signals_release(void)
{
	if (held == 0 || --held)
		return;
	sigprocmask(SIG_SETMASK, &held_old, NULL);
}

const char *cobra_git_error(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "unknown libgit2 error";
}

static int git_fail(const char *what)
{
	return cobra_error(COBRA_DATA, "%s: %s", what, cobra_git_error());
}

int cobra_tree_entry(git_tree_entry **out, const git_tree *tree, const char *path)
{
	int rc = git_tree_entry_bypath(out, tree, path);
	if (rc == 0)
		return 0;
	*out = NULL;
	return rc == GIT_ENOTFOUND ? 1 : git_fail(path);
}

void cobra_customer_path(char out[80], const char *id, const char *handle)
{
	/* "customers/" id[0:2] "/" id "-" handle ".ini"; by hand, it runs per customer */
	size_t hl = strnlen(handle, 32), il = strnlen(id, 16);
	memcpy(out, "customers/", sizeof("customers/") - 1);
	memcpy(out + 10, id, 2);
	out[12] = '/';
	memcpy(out + 13, id, il);
	out[13 + il] = '-';
	memcpy(out + 14 + il, handle, hl);
	memcpy(out + 14 + il + hl, ".ini", 5);
}

/* ---- small file helpers ---- */

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *p = malloc(la + lb + 1);
	if (p)
		memcpy(mempcpy(p, a, la), b, lb + 1);
	return p;
}

/* An atomic replacement of PATH (journal, records, init files), durable
 * with COBRA_FILE_DURABLE in FLAGS. */
static int write_file(const char *path, const void *data, size_t len, int flags)
{
	return cobra_file_replace(path, &data, &len, 1, flags);
}

static int write_file_atomic(const char *path, const char *data, size_t len)
{
	return write_file(path, data, len, COBRA_FILE_DURABLE);
}

/* ---- lock ---- */

static long env_ms(const char *name, long dflt)
{
	const char *v = getenv(name);
	long r = 0;
	if (!v || !*v)
		return dflt;
	for (; *v; v++) {
		if (*v < '0' || *v > '9' || r > 100000000)
			return dflt;
		r = r * 10 + (*v - '0');
	}
	return r;
}

/* xorshift32: the back-off only has to differ between waiting processes, so
 * that they do not retry in step; nothing here needs a good generator. */
static uint32_t backoff_next(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

static int take_lock(struct cobra_store *s)
{
	char path[4200];
	long timeout = env_ms("COBRA_LOCK_TIMEOUT_MS", 10000), waited = 0;
	uint32_t seed = ((uint32_t)getpid() * 2654435761u) ^ (uint32_t)time(NULL);
	if (seed == 0)
		seed = 1; /* xorshift never leaves 0 */
	(void)snprintf(path, sizeof(path), "%scobra.lock", git_repository_path(s->repo));
	s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
	if (s->lock_fd < 0)
		return cobra_error(COBRA_DATA, "%s: cannot open the writer lock: %s", path, strerror(errno));
	for (;;) {
		if (flock(s->lock_fd, LOCK_EX | LOCK_NB) == 0)
			break;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return cobra_error(COBRA_DATA, "%s: cannot lock: %s", path, strerror(errno));
		if (waited >= timeout) {
			cobra_error(COBRA_BUSY, "store is busy: another cobra holds %s (waited %ld ms)", path, waited);
			cobra_hint("nothing was changed; try again, or raise COBRA_LOCK_TIMEOUT_MS");
			return -COBRA_BUSY;
		}
		long step = 5 + (long)(backoff_next(&seed) % 20);
		struct timespec ts = {0, step * 1000000L};
		nanosleep(&ts, NULL);
		waited += step;
	}
	return 0;
}

/* ---- journal ---- */

static char *journal_path(struct cobra_store *s)
{
	return join(git_repository_path(s->repo), JOURNAL);
}

static void remove_git_locks(struct cobra_store *s, const char *branch, int max_age, int *removed)
{
	const char *gd = git_repository_path(s->repo);
	char paths[3][4200];
	(void)snprintf(paths[0], sizeof(paths[0]), "%sindex.lock", gd);
	(void)snprintf(paths[1], sizeof(paths[1]), "%s%s.lock", gd, branch);
	(void)snprintf(paths[2], sizeof(paths[2]), "%sHEAD.lock", gd);
	for (int i = 0; i < 3; i++) {
		struct stat st;
		if (lstat(paths[i], &st) != 0)
			continue;
		if (max_age >= 0 && time(NULL) - st.st_mtime < max_age)
			continue;
		if (unlink(paths[i]) == 0 && removed)
			(*removed)++;
	}
}

/* Takes git's own index lock, so that no git command can read a stale index
 * between the branch update and the index update (a "git commit" in that
 * window would otherwise record a revert). Returns the fd, or an error. */
static int lock_index(struct cobra_store *s)
{
	char path[4200];
	(void)snprintf(path, sizeof(path), "%sindex.lock", git_repository_path(s->repo));
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		if (errno == EEXIST) {
			cobra_error(COBRA_BUSY, "unable to write: '%s' exists; another git process seems to be running "
						"in this repository, or the lock file is stale", path);
			cobra_hint("nothing was recorded; try again, or run 'cobra recover' if no git command is running");
			return -COBRA_BUSY;
		}
		return cobra_error(COBRA_DATA, "%s: %s", path, strerror(errno));
	}
	close(fd);
	return 0;
}

static void unlock_index(struct cobra_store *s)
{
	char path[4200];
	(void)snprintf(path, sizeof(path), "%sindex.lock", git_repository_path(s->repo));
	unlink(path);
}

static int copy_file(const char *from, const char *to)
{
	char *data = NULL;
	size_t len = 0;
	int rc = cobra_file_read(from, &data, &len);
	if (rc > 0)
		return 1; /* no such file */
	if (rc == 0)
		rc = write_file_atomic(to, data, len);
	free(data);
	return rc;
}

/* Writes PATHS as TREE has them into the working tree. DURABLE: each file
 * synced on its own; else one syncfs() at the end (a bulk write: one sync
 * instead of thousands, and the journal is only removed after it). FROM,
 * when not NULL, has the contents (the commit's own changes, PATHS[i] being
 * FROM[i].path): nothing is read back from the object database. */
static int checkout_files(struct cobra_store *s, git_tree *tree, char **paths, size_t n, bool durable,
			  const struct cobra_change *from)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		git_tree_entry *te = NULL;
		char *full = join(s->workdir, paths[i]);
		if (!full)
			return cobra_error(COBRA_DATA, "out of memory");
		int found;
		if (from) {
			const struct cobra_buf *b = &from[i].content;
			if ((rc = cobra_file_mkdirs(full)) == 0)
				rc = write_file(full, b->data ? b->data : "", b->len, durable ? COBRA_FILE_DURABLE : 0);
		} else if ((found = cobra_tree_entry(&te, tree, paths[i])) < 0) {
			rc = found;
		} else if (found == 0) {
			git_blob *blob = NULL;
			if (git_blob_lookup(&blob, s->repo, git_tree_entry_id(te)) != 0)
				rc = git_fail(paths[i]);
			else if ((rc = cobra_file_mkdirs(full)) == 0)
				rc = write_file(full, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
					durable ? COBRA_FILE_DURABLE : 0);
			git_blob_free(blob);
			git_tree_entry_free(te);
		} else if (unlink(full) != 0 && errno != ENOENT) {
			rc = cobra_error(COBRA_DATA, "%s: cannot remove: %s", full, strerror(errno));
		}
		free(full);
	}
	if (rc == 0 && !durable) {
		int fd = open(s->workdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0 || syncfs(fd) != 0)
			rc = cobra_error(COBRA_DATA, "%s: cannot sync: %s", s->workdir, strerror(errno));
		if (fd >= 0)
			(void)close(fd);
	}
	return rc;
}

/* The index update a commit prepares before its commit point and finishes
 * after it: through cobra's own index writer (gitindex.h) when it knows the
 * index's form, else through libgit2 on a private copy. */
struct index_job {
	struct cobra_gitindex *fast;
	git_index *idx;
	bool fresh; /* there was no index */
};

static void index_job_free(struct index_job *j)
{
	cobra_gitindex_free(j->fast);
	git_index_free(j->idx);
	memset(j, 0, sizeof(*j));
}

/* Opens a private copy of the index (.git/cobra-index) through libgit2, for
 * the forms cobra's own writer leaves to it. */
static int index_open_git(struct cobra_store *s, struct index_job *j)
{
	const char *gd = git_repository_path(s->repo);
	char ipath[4200], tpath[4200];
	(void)snprintf(ipath, sizeof(ipath), "%sindex", gd);
	(void)snprintf(tpath, sizeof(tpath), "%scobra-index", gd);
	int cp = copy_file(ipath, tpath);
	if (cp < 0)
		return cp;
	j->fresh = cp > 0;
	if (git_index_open(&j->idx, tpath) != 0) {
		unlink(tpath);
		int rc = git_fail("index");
		if (strstr(cobra_error_message(), "'link'"))
			cobra_hint("the index is a split index, which cobra cannot update; run 'git update-index --no-split-index'");
		return rc;
	}
	return 0;
}

/* With index.lock held: reads the index and says whether it has conflicts. */
static int index_prepare(struct cobra_store *s, struct index_job *j)
{
	const char *gd = git_repository_path(s->repo);
	char ipath[4200], tpath[4200], lpath[4200];
	memset(j, 0, sizeof(*j));
	(void)snprintf(ipath, sizeof(ipath), "%sindex", gd);
	(void)snprintf(tpath, sizeof(tpath), "%scobra-index", gd);
	/* cobra's private files are only used under the writer lock we hold:
	 * anything left is from a killed cobra */
	unlink(tpath);
	(void)snprintf(lpath, sizeof(lpath), "%scobra-index.lock", gd);
	unlink(lpath);
	int fr = cobra_gitindex_open(&j->fast, ipath);
	if (fr < 0)
		return fr;
	if (fr == 0)
		return cobra_gitindex_conflicts(j->fast) ? 1 : 0;
	int rc = index_open_git(s, j);
	if (rc < 0)
		return rc;
	return git_index_has_conflicts(j->idx) ? 1 : 0;
}

static int stat_entry(struct cobra_store *s, const char *path, struct stat *st)
{
	char *full = join(s->workdir, path);
	int rc = 0;
	if (!full)
		return cobra_error(COBRA_DATA, "out of memory");
	if (lstat(full, st) != 0)
		rc = cobra_error(COBRA_DATA, "%s: %s", path, strerror(errno));
	free(full);
	return rc;
}

/* Puts PATHS as in TREE into the index (stat data from the working tree),
 * written the way git does (into index.lock, renamed over index). Releases
 * the lock and frees the job in every case. */
static int index_finish(struct cobra_store *s, struct index_job *j, git_tree *tree, char **paths, size_t n)
{
	const char *gd = git_repository_path(s->repo);
	char ipath[4200], tpath[4200], lpath[4200];
	int rc = 0;
	(void)snprintf(ipath, sizeof(ipath), "%sindex", gd);
	(void)snprintf(tpath, sizeof(tpath), "%scobra-index", gd);
	(void)snprintf(lpath, sizeof(lpath), "%sindex.lock", gd);
	if (j->fast) {
		struct cobra_gitindex_entry *ents = calloc(n ? n : 1, sizeof(*ents));
		if (!ents)
			rc = cobra_error(COBRA_DATA, "out of memory");
		for (size_t i = 0; ents && i < n && rc == 0; i++) {
			git_tree_entry *te = NULL;
			ents[i].path = paths[i];
			int found = cobra_tree_entry(&te, tree, paths[i]);
			if (found != 0) {
				ents[i].remove = true;
				rc = found < 0 ? found : 0;
				continue;
			}
			memcpy(ents[i].oid, git_tree_entry_id(te)->id, 20);
			git_tree_entry_free(te);
			rc = stat_entry(s, paths[i], &ents[i].st);
		}
		/* straight into the index.lock we hold, as git does */
		if (rc == 0 && (rc = cobra_gitindex_write(j->fast, lpath, ents, n)) > 0) {
			/* a change cobra's writer leaves to libgit2 (a journal naming
			 * a path twice): the same through libgit2 */
			cobra_gitindex_free(j->fast);
			j->fast = NULL;
			rc = index_open_git(s, j);
		}
		free(ents);
	}
	if (!j->fast && rc == 0) {
		if (j->fresh && git_index_read_tree(j->idx, tree) != 0)
			rc = git_fail("index");
		for (size_t i = 0; i < n && rc == 0; i++) {
			git_tree_entry *te = NULL;
			struct stat st;
			git_index_entry e;
			memset(&st, 0, sizeof(st));
			int found = cobra_tree_entry(&te, tree, paths[i]);
			if (found < 0) {
				rc = found;
				continue;
			}
			if (found > 0) {
				if (git_index_remove(j->idx, paths[i], 0) != 0 && git_index_get_bypath(j->idx, paths[i], 0))
					rc = git_fail(paths[i]);
				continue;
			}
			memset(&e, 0, sizeof(e));
			if ((rc = stat_entry(s, paths[i], &st)) == 0) {
				e.ctime.seconds = (int32_t)st.st_ctim.tv_sec;
				e.ctime.nanoseconds = (uint32_t)st.st_ctim.tv_nsec;
				e.mtime.seconds = (int32_t)st.st_mtim.tv_sec;
				e.mtime.nanoseconds = (uint32_t)st.st_mtim.tv_nsec;
				e.dev = (uint32_t)st.st_dev;
				e.ino = (uint32_t)st.st_ino;
				e.mode = GIT_FILEMODE_BLOB;
				e.uid = (uint32_t)st.st_uid;
				e.gid = (uint32_t)st.st_gid;
				e.file_size = (uint32_t)st.st_size;
				git_oid_cpy(&e.id, git_tree_entry_id(te));
				e.path = paths[i];
				if (git_index_add(j->idx, &e) != 0)
					rc = git_fail(paths[i]);
			}
			git_tree_entry_free(te);
		}
		if (rc == 0 && git_index_write(j->idx) != 0)
			rc = git_fail("index");
		if (rc == 0 && rename(tpath, lpath) != 0)
			rc = cobra_error(COBRA_DATA, "%s: %s", lpath, strerror(errno));
	}
	if (rc == 0 && rename(lpath, ipath) != 0)
		rc = cobra_error(COBRA_DATA, "%s: %s", ipath, strerror(errno));
	if (rc == 0 && cobra_file_sync_dir(ipath) != 0)
		rc = cobra_error(COBRA_DATA, "%s: cannot sync: %s", gd, strerror(errno));
	index_job_free(j);
	unlink(tpath);
	if (rc < 0)
		unlink(lpath);
	return rc;
}

static int write_index_locked(struct cobra_store *s, git_tree *tree, char **paths, size_t n)
{
	struct index_job j;
	int rc = index_prepare(s, &j);
	if (rc < 0) {
		index_job_free(&j);
		unlock_index(s);
		return rc;
	}
	return index_finish(s, &j, tree, paths, n);
}

/* Finishes (or drops) a write a crash interrupted. Needs the writer lock. */
static int recover_journal_held(struct cobra_store *s, int *repaired);

/* Finishing an interrupted write takes git's index lock and rewrites files:
 * like a commit, it runs with the stopping signals held, so that a Ctrl-C
 * cannot leave a lock of its own behind. */
static int recover_journal(struct cobra_store *s, int *repaired)
{
	cobra_signals_hold();
	int rc = recover_journal_held(s, repaired);
	cobra_signals_release();
	return rc;
}

static int recover_journal_held(struct cobra_store *s, int *repaired)
{
	char *jp = journal_path(s), *text = NULL;
	size_t len;
	int rc;
	char *tmp = jp ? join(jp, ".cobra-tmp") : NULL;
	if (!jp || !tmp) {
		free(jp);
		free(tmp);
		return cobra_error(COBRA_DATA, "out of memory");
	}
	unlink(tmp);
	free(tmp);
	rc = cobra_file_read(jp, &text, &len);
	if (rc != 0) {
		free(jp);
		return rc > 0 ? 0 : rc;
	}
	git_oid old_id, new_id, cur;
	char branch[256] = "";
	size_t np = 0, cap = 1;
	for (const char *p = text; *p; p++)
		cap += *p == '\n';
	char **paths = calloc(cap, sizeof(*paths));
	bool ok_old = false, ok_new = false;
	char *save = NULL;
	if (!paths) {
		free(text);
		free(jp);
		return cobra_error(COBRA_DATA, "out of memory");
	}
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "old ", 4) == 0)
			ok_old = git_oid_fromstr(&old_id, line + 4) == 0;
		else if (strncmp(line, "new ", 4) == 0)
			ok_new = git_oid_fromstr(&new_id, line + 4) == 0;
		else if (strncmp(line, "ref ", 4) == 0)
			(void)snprintf(branch, sizeof(branch), "%s", line + 4);
		else if (strncmp(line, "path ", 5) == 0 && np < cap)
			paths[np++] = line + 5;
	}
	if (ok_old && ok_new && branch[0]) {
		remove_git_locks(s, branch, -1, NULL);
		int at = git_reference_name_to_id(&cur, s->repo, branch);
		if (at < 0 && at != GIT_ENOTFOUND) /* unreadable is not "the commit did not get in": keep the journal */
			rc = git_fail("recovery");
		else if (at == 0 && git_oid_equal(&cur, &new_id)) {
			git_commit *c = NULL;
			git_tree *t = NULL;
			if (git_commit_lookup(&c, s->repo, &new_id) != 0 || git_commit_tree(&t, c) != 0)
				rc = git_fail("recovery");
			else if ((rc = lock_index(s)) == 0) {
				rc = checkout_files(s, t, paths, np, true, NULL);
				if (rc == 0)
					rc = write_index_locked(s, t, paths, np);
				else
					unlock_index(s);
			}
			git_tree_free(t);
			git_commit_free(c);
		}
	}
	if (rc == 0) {
		if (unlink(jp) != 0 && errno != ENOENT)
			rc = cobra_error(COBRA_DATA, "%s: cannot remove: %s", jp, strerror(errno));
		else if (repaired)
			(*repaired)++;
	}
	free(paths);
	free(text);
	free(jp);
	return rc;
}

int cobra_store_recover(struct cobra_store *s, int *repaired)
{
	int rc = recover_journal(s, repaired);
	if (rc == 0)
		remove_git_locks(s, s->branch, STALE_LOCK_SECONDS, repaired);
	return rc;
}

static int check_git_locks(struct cobra_store *s)
{
	const char *gd = git_repository_path(s->repo);
	char path[4200];
	const char *names[] = {"index.lock", "HEAD.lock", NULL};
	struct stat st;
	(void)snprintf(path, sizeof(path), "%s%s.lock", gd, s->branch);
	for (int i = -1; i < 2; i++) {
		if (i >= 0)
			(void)snprintf(path, sizeof(path), "%s%s", gd, names[i]);
		if (lstat(path, &st) != 0) {
			if (errno != ENOENT) /* unreadable is not "no lock" */
				return cobra_error(COBRA_DATA, "%s: %s", path, strerror(errno));
		} else {
			cobra_error(COBRA_BUSY, "unable to write: '%s' exists; another git process seems to be running "
						"in this repository, or the lock file is stale", path);
			cobra_hint("if no git command is running, remove it, or run 'cobra recover' (removes git "
				   "locks older than %d s)", STALE_LOCK_SECONDS);
			return -COBRA_BUSY;
		}
	}
	return 0;
}

/* ---- open ---- */

static int load_policy(struct cobra_store *s)
{
	char *data = NULL;
	size_t len = 0;
	int rc = cobra_store_read(s, "cobra.ini", &data, &len);
	if (rc == -COBRA_NOTFOUND) {
		cobra_error_replace(COBRA_DATA, "cobra.ini: missing from HEAD; is this a cobra store?");
		cobra_hint("create one with 'cobra init'");
		return -COBRA_DATA;
	}
	if (rc == 0)
		rc = cobra_policy_parse(&s->policy, "cobra.ini", data, len);
	free(data);
	return rc;
}

/* Whether DIR or a directory above it has a .git: libgit2 answers "not
 * found" to some failures of its own (out of memory while it searches), which
 * must not pass for "no repository here". */
static bool has_dot_git(const char *dir)
{
	char *path = realpath(dir, NULL);
	bool found = false;
	if (!path)
		return false;
	for (;;) {
		char *p = join(path, "/.git");
		struct stat st;
		if (p && lstat(p, &st) == 0)
			found = true;
		free(p);
		char *slash = strrchr(path, '/');
		if (found || !slash || slash == path)
			break;
		*slash = '\0';
	}
	free(path);
	return found;
}

int cobra_store_open(struct cobra_store *s, const char *dir, int flags)
{
	git_reference *head = NULL;
	int rc;
	memset(s, 0, sizeof(*s));
	s->lock_fd = -1;
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	if ((rc = git_repository_open_ext(&s->repo, dir ? dir : ".", 0, NULL)) != 0) {
		char q[256];
		if (rc != GIT_ENOTFOUND || has_dot_git(dir ? dir : ".")) /* out of memory, an unreadable .git */
			return cobra_error(COBRA_DATA, "\"%s\": cannot open its git repository: %s",
				cobra_quote(q, sizeof(q), dir ? dir : "."), cobra_git_error());
		cobra_error(COBRA_DATA, "not a cobra store (no git repository at or above \"%s\")",
			cobra_quote(q, sizeof(q), dir ? dir : "."));
		cobra_hint("create one with 'cobra init DIR', or use -C DIR");
		return -COBRA_DATA;
	}
	if (git_repository_is_bare(s->repo)) {
		cobra_error(COBRA_DATA, "%s: a bare repository cannot be a cobra store (it has no working tree)",
			git_repository_path(s->repo));
		return -COBRA_DATA;
	}
	s->workdir = git_repository_workdir(s->repo);
	if (flags & COBRA_OPEN_WRITE) {
		s->writing = true;
		if ((rc = take_lock(s)) < 0)
			return rc;
		if ((rc = git_repository_head_detached(s->repo)) < 0)
			return git_fail("HEAD");
		if (rc == 1)
			return cobra_error(COBRA_REFUSED, "HEAD is detached; check out a branch before writing");
		if ((rc = git_repository_state(s->repo)) < 0)
			return git_fail("repository state");
		if (rc != GIT_REPOSITORY_STATE_NONE)
			return cobra_error(COBRA_REFUSED,
				"a merge, rebase, cherry-pick or revert is in progress; finish or abort it first");
	}
	if ((rc = git_repository_head_unborn(s->repo)) < 0)
		return git_fail("HEAD");
	if (rc == 1)
		return cobra_error(COBRA_DATA, "the repository has no commits; is this a cobra store?");
	if (git_repository_head(&head, s->repo) != 0)
		return git_fail("HEAD");
	(void)snprintf(s->branch, sizeof(s->branch), "%s", git_reference_name(head));
	git_reference_free(head);
	if (s->writing) {
		if (!(flags & COBRA_OPEN_RECOVER) && ((rc = recover_journal(s, NULL)) < 0 || (rc = check_git_locks(s)) < 0))
			return rc;
	}
	if (git_reference_name_to_id(&s->head_id, s->repo, "HEAD") != 0 ||
	    git_commit_lookup(&s->head, s->repo, &s->head_id) != 0 || git_commit_tree(&s->tree, s->head) != 0)
		return git_fail("HEAD");
	return load_policy(s);
}

void cobra_store_close(struct cobra_store *s)
{
	for (size_t i = 0; i < s->nchanges; i++)
		cobra_buf_free(&s->changes[i].content);
	free(s->changes);
	free(s->customers);
	cobra_policy_free(&s->policy);
	git_tree_free(s->tree);
	git_commit_free(s->head);
	git_repository_free(s->repo);
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	memset(s, 0, sizeof(*s));
	s->lock_fd = -1;
	git_libgit2_shutdown();
}

/* ---- reading ---- */

int cobra_store_read_blob(struct cobra_store *s, const git_oid *oid, const char *path, char **data, size_t *len)
{
	git_blob *blob = NULL;
	if (git_blob_lookup(&blob, s->repo, oid) != 0)
		return git_fail(path);
	size_t n = (size_t)git_blob_rawsize(blob);
	char *p = malloc(n + 1);
	if (!p) {
		git_blob_free(blob);
		return cobra_error(COBRA_DATA, "out of memory");
	}
	memcpy(p, git_blob_rawcontent(blob), n);
	p[n] = '\0';
	git_blob_free(blob);
	*data = p;
	*len = n;
	return 0;
}

int cobra_store_read(struct cobra_store *s, const char *path, char **data, size_t *len)
{
	git_tree_entry *te = NULL;
	int rc;
	if ((rc = cobra_tree_entry(&te, s->tree, path)) != 0)
		return rc < 0 ? rc : cobra_error(COBRA_NOTFOUND, "%s: not in HEAD", path);
	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB || git_tree_entry_filemode(te) == GIT_FILEMODE_LINK) {
		git_tree_entry_free(te);
		return cobra_error(COBRA_DATA, "%s: not a regular file", path);
	}
	rc = cobra_store_read_blob(s, git_tree_entry_id(te), path, data, len);
	git_tree_entry_free(te);
	return rc;
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct cobra_entry *)a)->id, ((const struct cobra_entry *)b)->id);
}

/* "<16hex>-<handle>.ini" inside shard SHARD. */
static int parse_entry_name(struct cobra_entry *e, const char *shard, const char *name)
{
	size_t len = strlen(name);
	if (len < 16 + 1 + 1 + 4 || len > 16 + 1 + 32 + 4 || strcmp(name + len - 4, ".ini") != 0 || name[16] != '-')
		return -1;
	memcpy(e->id, name, 16);
	e->id[16] = '\0';
	if (!cobra_id_valid_customer(e->id) || memcmp(e->id, shard, 2) != 0)
		return -1;
	memcpy(e->handle, name + 17, len - 17 - 4);
	e->handle[len - 17 - 4] = '\0';
	cobra_error_clear();
	if (cobra_handle_validate("handle", e->handle) != 0) {
		cobra_error_clear();
		return -1;
	}
	cobra_customer_path(e->path, e->id, e->handle);
	return 0;
}

int cobra_entry_from_path(struct cobra_entry *e, const char *path)
{
	if (strncmp(path, "customers/", 10) != 0 || strlen(path) < 14 || path[12] != '/')
		return -1;
	char shard[3] = {path[10], path[11], '\0'};
	if (!cobra_id_is_hex(shard, 2) || parse_entry_name(e, shard, path + 13) != 0)
		return -1;
	return 0;
}

/* ---- the customer list ----
 * Listing customers/ means reading its 256 shard trees. The list (id,
 * handle, blob per customer) is kept in .git/cobra-cache/customers.list with
 * the tree ID of every shard it was read from: only the shards whose tree
 * changed since are read again, and the file is rewritten only when many
 * have (a pay or a sell changes one shard, and does not rewrite 700 KB).
 * Derived data with a checksum: when in doubt it is rebuilt from the trees. */

#define LIST_MAGIC "COBRAL\0\2"
#define LIST_STALE_SAVE 8

struct list_hdr {
	char magic[8];
	uint32_t nshards;
	uint32_t count;
	uint64_t checksum;
};

struct list_shard {
	char name[2];
	unsigned char oid[20];
	char pad[2];
	uint32_t first, count;
};

struct list_rec {
	char id[16];
	char handle[32];
	unsigned char blob[20];
	char pad[4];
};

struct list_file {
	char *data;
	const struct list_shard *shards;
	uint32_t nshards;
	const unsigned char *recs;
	uint32_t count;
};

static void list_path(struct cobra_store *s, char *out, size_t n)
{
	(void)snprintf(out, n, "%scobra-cache/customers.list", git_repository_path(s->repo));
}

static int list_read(struct cobra_store *s, struct list_file *lf)
{
	char path[4200];
	size_t len = 0;
	struct list_hdr h;
	memset(lf, 0, sizeof(*lf));
	list_path(s, path, sizeof(path));
	if (cobra_file_read(path, &lf->data, &len) != 0) {
		cobra_error_clear();
		return -1;
	}
	if (len < sizeof(h))
		goto bad;
	memcpy(&h, lf->data, sizeof(h));
	if (memcmp(h.magic, LIST_MAGIC, 8) != 0 || h.nshards > 256 ||
	    len != sizeof(h) + h.nshards * sizeof(struct list_shard) + (size_t)h.count * sizeof(struct list_rec) ||
	    cobra_fnv64(lf->data + sizeof(h), len - sizeof(h)) != h.checksum)
		goto bad;
	lf->shards = (const struct list_shard *)(const void *)(lf->data + sizeof(h));
	lf->nshards = h.nshards;
	lf->recs = (const unsigned char *)lf->data + sizeof(h) + h.nshards * sizeof(struct list_shard);
	lf->count = h.count;
	for (uint32_t i = 0; i < lf->nshards; i++)
		if (lf->shards[i].first > lf->count || lf->shards[i].count > lf->count - lf->shards[i].first)
			goto bad;
	return 0;
bad:
	free(lf->data);
	memset(lf, 0, sizeof(*lf));
	return -1;
}

/* Saves the list as read from TOP (the customers/ tree). */
static void list_save(struct cobra_store *s, git_tree *top)
{
	struct cobra_buf b = {0};
	struct list_hdr h;
	char path[4200], dir[4200];
	size_t k = 0;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, LIST_MAGIC, 8);
	h.nshards = (uint32_t)git_tree_entrycount(top);
	h.count = (uint32_t)s->ncustomers;
	for (uint32_t i = 0; i < h.nshards; i++) {
		const git_tree_entry *se = git_tree_entry_byindex(top, i);
		struct list_shard sh;
		memset(&sh, 0, sizeof(sh));
		memcpy(sh.name, git_tree_entry_name(se), 2);
		memcpy(sh.oid, git_tree_entry_id(se)->id, 20);
		sh.first = (uint32_t)k;
		while (k < s->ncustomers && memcmp(s->customers[k].id, sh.name, 2) == 0)
			k++;
		sh.count = (uint32_t)k - sh.first;
		cobra_buf_add(&b, (const char *)&sh, sizeof(sh));
	}
	for (size_t i = 0; i < s->ncustomers; i++) {
		struct list_rec r;
		memset(&r, 0, sizeof(r));
		memcpy(r.id, s->customers[i].id, 16);
		memcpy(r.handle, s->customers[i].handle, strlen(s->customers[i].handle));
		memcpy(r.blob, s->customers[i].blob.id, 20);
		cobra_buf_add(&b, (const char *)&r, sizeof(r));
	}
	if (b.oom || k != s->ncustomers) {
		cobra_buf_free(&b);
		return;
	}
	h.checksum = cobra_fnv64(b.data ? b.data : "", b.len);
	(void)snprintf(dir, sizeof(dir), "%scobra-cache", git_repository_path(s->repo));
	list_path(s, path, sizeof(path));
	if (mkdir(dir, 0755) == 0 || errno == EEXIST) {
		const void *parts[2] = {&h, b.data ? b.data : ""};
		size_t lens[2] = {sizeof(h), b.len};
		if (cobra_file_replace(path, parts, lens, 2, COBRA_FILE_SHARED) < 0)
			cobra_error_clear(); /* only an optimisation */
	}
	cobra_buf_free(&b);
}

static struct cobra_entry *list_grow(struct cobra_store *s, size_t *cap)
{
	if (s->ncustomers == *cap) {
		size_t ncap = *cap ? *cap * 2 : 256;
		void *p = realloc(s->customers, ncap * sizeof(*s->customers));
		if (!p)
			return NULL;
		s->customers = p;
		*cap = ncap;
	}
	return &s->customers[s->ncustomers];
}

/* Appends the customers of shard SE, from the saved list when its tree is
 * unchanged, else from the tree. *STALE counts the shards read. */
static int list_shard(struct cobra_store *s, const git_tree_entry *se, const struct list_file *lf, size_t *cap,
		      size_t *stale)
{
	const char *shard = git_tree_entry_name(se);
	char q[128];
	for (uint32_t i = 0; i < lf->nshards; i++) {
		const struct list_shard *sh = &lf->shards[i];
		if (memcmp(sh->name, shard, 2) != 0 || memcmp(sh->oid, git_tree_entry_id(se)->id, 20) != 0)
			continue;
		for (uint32_t k = 0; k < sh->count; k++) {
			struct list_rec r;
			struct cobra_entry *e = list_grow(s, cap);
			if (!e)
				return cobra_error(COBRA_DATA, "out of memory");
			memcpy(&r, lf->recs + (size_t)(sh->first + k) * sizeof(r), sizeof(r));
			memcpy(e->id, r.id, 16);
			e->id[16] = '\0';
			memcpy(e->handle, r.handle, 32);
			e->handle[32] = '\0';
			memcpy(e->blob.id, r.blob, 20);
			if (!cobra_id_valid_customer(e->id) || memcmp(e->id, shard, 2) != 0 || !e->handle[0])
				return 1; /* damaged: the caller lists from the trees */
			cobra_customer_path(e->path, e->id, e->handle);
			s->ncustomers++;
		}
		return 0;
	}
	git_tree *sub = NULL;
	(*stale)++;
	if (git_tree_lookup(&sub, s->repo, git_tree_entry_id(se)) != 0)
		return git_fail(shard);
	int rc = 0;
	for (size_t k = 0; k < git_tree_entrycount(sub) && rc == 0; k++) {
		const git_tree_entry *fe = git_tree_entry_byindex(sub, k);
		struct cobra_entry *e = list_grow(s, cap);
		if (!e) {
			rc = cobra_error(COBRA_DATA, "out of memory");
			break;
		}
		if (git_tree_entry_type(fe) != GIT_OBJECT_BLOB || git_tree_entry_filemode(fe) == GIT_FILEMODE_LINK ||
		    parse_entry_name(e, shard, git_tree_entry_name(fe)) != 0) {
			rc = cobra_error(COBRA_DATA, "customers/%s/%s: unexpected entry (customer files are "
						     "<id>-<handle>.ini)", shard,
				cobra_quote(q, sizeof(q), git_tree_entry_name(fe)));
			break;
		}
		git_oid_cpy(&e->blob, git_tree_entry_id(fe));
		s->ncustomers++;
	}
	git_tree_free(sub);
	return rc;
}

int cobra_store_customers(struct cobra_store *s, git_tree **top)
{
	git_tree_entry *te = NULL;
	int rc = cobra_tree_entry(&te, s->tree, "customers");
	*top = NULL;
	if (rc != 0)
		return rc;
	if (git_tree_entry_type(te) != GIT_OBJECT_TREE)
		rc = cobra_error(COBRA_DATA, "customers: not a directory");
	else if (git_tree_lookup(top, s->repo, git_tree_entry_id(te)) != 0)
		rc = git_fail("customers");
	git_tree_entry_free(te);
	return rc;
}

int cobra_store_list(struct cobra_store *s)
{
	git_tree *top = NULL;
	struct list_file lf;
	size_t cap = 0, stale = 0;
	int rc = 0;
	char q[128];
	if (s->listed)
		return 0;
	if ((rc = cobra_store_customers(s, &top)) != 0) {
		s->listed = rc > 0;
		return rc > 0 ? 0 : rc;
	}
	bool have = list_read(s, &lf) == 0;
	for (int attempt = 0; attempt < 2; attempt++) {
		s->ncustomers = 0;
		rc = 0;
		for (size_t i = 0; i < git_tree_entrycount(top) && rc == 0; i++) {
			const git_tree_entry *se = git_tree_entry_byindex(top, i);
			const char *shard = git_tree_entry_name(se);
			if (git_tree_entry_type(se) != GIT_OBJECT_TREE || strlen(shard) != 2 || !cobra_id_is_hex(shard, 2))
				rc = cobra_error(COBRA_DATA, "customers/%s: unexpected entry (only shard directories belong here)",
					cobra_quote(q, sizeof(q), shard));
			else
				rc = list_shard(s, se, &lf, &cap, &stale);
		}
		if (rc <= 0)
			break;
		/* a damaged saved list: read every shard from the trees */
		free(lf.data);
		memset(&lf, 0, sizeof(lf));
		have = false;
	}
	free(lf.data);
	if (rc == 0) {
		for (size_t i = 1; i < s->ncustomers; i++)
			if (strcmp(s->customers[i - 1].id, s->customers[i].id) >= 0)
				rc = cobra_error(COBRA_DATA, "%s: two files for customer %s (or out of order)",
					s->customers[i].path, s->customers[i].id);
	}
	if (rc == 0) {
		s->listed = true;
		if (!have || stale > LIST_STALE_SAVE)
			list_save(s, top);
	}
	git_tree_free(top);
	return rc;
}

const struct cobra_entry *cobra_store_entry(const struct cobra_store *s, const char *id)
{
	struct cobra_entry key;
	if (s->ncustomers == 0)
		return NULL;
	memset(&key, 0, sizeof(key));
	(void)snprintf(key.id, sizeof(key.id), "%s", id); /* a longer id matches nothing either way */
	return bsearch(&key, s->customers, s->ncustomers, sizeof(key), cmp_entry);
}

/* The line number of the first line of the LEN bytes at TEXT that sets KEY
 * ("KEY =" or "KEY="), or 1. */
static int key_line(const char *text, size_t len, const char *key)
{
	size_t kl = strlen(key);
	int line = 1;
	for (size_t i = 0; i < len; line++) {
		if (len - i > kl && memcmp(text + i, key, kl) == 0 && (text[i + kl] == ' ' || text[i + kl] == '='))
			return line;
		const char *nl = memchr(text + i, '\n', len - i);
		if (!nl)
			break;
		i = (size_t)(nl - text) + 1;
	}
	return 1;
}

int cobra_store_load_account_raw(struct cobra_store *s, const struct cobra_entry *e, struct cobra_account *a,
				 char **raw, size_t *rawlen)
{
	char *data = NULL;
	size_t len = 0;
	int rc = cobra_store_read_blob(s, &e->blob, e->path, &data, &len);
	if (rc == 0)
		rc = cobra_account_parse(a, e->path, e->id, data, len);
	if (rc == 0 && strcmp(a->customer.handle, e->handle) != 0) {
		char q[64];
		rc = cobra_error(COBRA_DATA, "%s:%d: handle \"%s\" does not match the file name", e->path,
			key_line(data, len, "handle"), cobra_quote(q, sizeof(q), a->customer.handle));
		cobra_account_free(a);
	}
	if (rc == 0 && raw) {
		*raw = data;
		*rawlen = len;
	} else {
		free(data);
	}
	return rc;
}

int cobra_store_load_account(struct cobra_store *s, const struct cobra_entry *e, struct cobra_account *a)
{
	return cobra_store_load_account_raw(s, e, a, NULL, NULL);
}

/* ---- writing ---- */

static struct cobra_change *new_change(struct cobra_store *s, const char *path)
{
	void *p = realloc(s->changes, (s->nchanges + 1) * sizeof(*s->changes));
	if (!p)
		return NULL;
	s->changes = p;
	struct cobra_change *c = &s->changes[s->nchanges++];
	memset(c, 0, sizeof(*c));
	(void)snprintf(c->path, sizeof(c->path), "%s", path);
	return c;
}

int cobra_store_stage(struct cobra_store *s, const char *path, struct cobra_buf *b)
{
	if (b->oom)
		return cobra_error(COBRA_DATA, "out of memory");
	struct cobra_change *c = new_change(s, path);
	if (!c)
		return cobra_error(COBRA_DATA, "out of memory");
	c->content = *b;
	memset(b, 0, sizeof(*b));
	return 0;
}

/* The working-tree file of each changed path must be what HEAD has. */
static int check_clean(struct cobra_store *s)
{
	for (size_t i = 0; i < s->nchanges; i++) {
		const char *path = s->changes[i].path;
		char *full = join(s->workdir, path);
		git_tree_entry *te = NULL;
		struct stat st;
		int rc = 0;
		if (!full)
			return cobra_error(COBRA_DATA, "out of memory");
		int found = cobra_tree_entry(&te, s->tree, path);
		bool in_head = found == 0;
		if (found < 0) {
			rc = found;
		} else if (lstat(full, &st) != 0) {
			if (errno != ENOENT)
				rc = cobra_error(COBRA_DATA, "%s: %s", path, strerror(errno));
			else if (in_head)
				rc = cobra_error(COBRA_REFUSED, "%s: deleted from the working tree by hand", path);
		} else if (!S_ISREG(st.st_mode)) {
			rc = cobra_error(COBRA_REFUSED, "%s: not a regular file in the working tree", path);
		} else if (!in_head) {
			rc = cobra_error(COBRA_REFUSED, "%s: an untracked file is in the way", path);
		} else {
			git_oid wt;
			if (git_odb_hashfile(&wt, full, GIT_OBJECT_BLOB) != 0)
				rc = git_fail(path);
			else if (!git_oid_equal(&wt, git_tree_entry_id(te)))
				rc = cobra_error(COBRA_REFUSED, "%s: changed by hand since the last commit", path);
		}
		if (rc == -COBRA_REFUSED)
			cobra_hint("commit the change with git, or discard it with 'git checkout -- %s'", path);
		git_tree_entry_free(te);
		free(full);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int signature(git_signature **out, git_repository *repo)
{
	const char *name = getenv("COBRA_AUTHOR_NAME"), *email = getenv("COBRA_AUTHOR_EMAIL");
	int rc = git_signature_default(out, repo);
	if (rc == 0)
		return 0;
	const git_error *e = git_error_last();
	/* no user.name or user.email (or an empty one): cobra's own author;
	 * anything else (out of memory, an unreadable configuration) fails */
	if (rc != GIT_ENOTFOUND && !(e && e->klass == GIT_ERROR_INVALID))
		return git_fail("author");
	if (!name || !*name)
		name = "cobra";
	if (!email || !*email)
		email = "cobra@localhost";
	if (git_signature_now(out, name, email) != 0)
		return git_fail("author");
	return 0;
}

static void trailer(struct cobra_buf *b, const char *key, const char *value)
{
	if (value && *value)
		cobra_buf_printf(b, "%s: %s\n", key, value);
}

static int write_journal(struct cobra_store *s, const git_oid *new_id)
{
	struct cobra_buf b = {0};
	char *jp = journal_path(s);
	char old_hex[GIT_OID_HEXSZ + 1], new_hex[GIT_OID_HEXSZ + 1];
	int rc;
	if (!jp)
		return cobra_error(COBRA_DATA, "out of memory");
	git_oid_tostr(old_hex, sizeof(old_hex), &s->head_id);
	git_oid_tostr(new_hex, sizeof(new_hex), new_id);
	cobra_buf_printf(&b, "cobra-journal 1\nold %s\nnew %s\nref %s\n", old_hex, new_hex, s->branch);
	for (size_t i = 0; i < s->nchanges; i++)
		cobra_buf_printf(&b, "path %s\n", s->changes[i].path);
	rc = b.oom ? cobra_error(COBRA_DATA, "out of memory") : write_file_atomic(jp, b.data, b.len);
	cobra_buf_free(&b);
	free(jp);
	return rc;
}

/* Whether this process has passed a commit point (for what to say when the
 * output then fails). */
static bool committed;

/* A commit of more files than this writes its objects as one pack (one
 * sync) instead of a loose object (and a sync) each, and its working-tree
 * files with one sync at the end: an import of 100,000 customers takes
 * seconds instead of minutes. */
#define COBRA_BULK_FILES 256

struct bulk {
	git_odb *disk, *mem_odb;
	git_odb_backend *mem;
};

/* Points the repository at an object database that keeps new objects in
 * memory (and reads the old ones from disk). */
static int bulk_begin(struct cobra_store *s, struct bulk *b)
{
	char objects[4200];
	memset(b, 0, sizeof(*b));
	(void)snprintf(objects, sizeof(objects), "%sobjects", git_repository_path(s->repo));
	if (git_repository_odb(&b->disk, s->repo) != 0 || git_odb_new(&b->mem_odb) != 0 || git_mempack_new(&b->mem) != 0)
		return git_fail("objects");
	if (git_odb_add_backend(b->mem_odb, b->mem, 999) != 0) {
		b->mem->free(b->mem);
		b->mem = NULL;
		return git_fail("objects");
	}
	if (git_odb_add_disk_alternate(b->mem_odb, objects) != 0)
		return git_fail("objects");
	git_repository_set_odb(s->repo, b->mem_odb);
	/* the working tree and the index are then written path by path, each
	 * lookup through a shard's tree: keep trees parsed (libgit2 caches
	 * none larger than 4 KB by default, and a shard of a big store is larger) */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, (int)GIT_OBJECT_TREE, (size_t)1 << 20);
	return 0;
}

/* With KEEP, writes the objects in memory as one pack; then points the
 * repository back at its own object database. */
static int bulk_end(struct cobra_store *s, struct bulk *b, bool keep)
{
	git_buf pack = GIT_BUF_INIT;
	git_odb_writepack *wp = NULL;
	git_indexer_progress st;
	int rc = 0;
	memset(&st, 0, sizeof(st));
	if (keep && b->mem &&
	    (git_mempack_dump(&pack, s->repo, b->mem) != 0 || git_odb_write_pack(&wp, b->disk, NULL, NULL) != 0 ||
		    wp->append(wp, pack.ptr, pack.size, &st) != 0 || wp->commit(wp, &st) != 0))
		rc = git_fail("pack");
	if (wp)
		wp->free(wp);
	git_buf_dispose(&pack);
	if (b->disk)
		git_repository_set_odb(s->repo, b->disk);
	git_odb_free(b->mem_odb);
	git_odb_free(b->disk);
	memset(b, 0, sizeof(*b));
	return rc;
}

int cobra_store_commit(struct cobra_store *s, const struct cobra_commit_info *info)
{
	git_tree_update *upd = NULL;
	git_tree *newtree = NULL;
	git_signature *sig = NULL;
	git_reference *ref = NULL;
	git_oid tree_id;
	struct cobra_buf msg = {0};
	char **paths = NULL;
	size_t n = s->nchanges;
	bool bulk = n > COBRA_BULK_FILES;
	struct bulk objects;
	int rc = 0;
	memset(&objects, 0, sizeof(objects));
	if (n == 0)
		return cobra_error(COBRA_DATA, "internal: nothing to commit");
	if ((rc = check_clean(s)) < 0)
		goto out;
	upd = calloc(n, sizeof(*upd));
	paths = calloc(n, sizeof(*paths));
	if (!upd || !paths) {
		rc = cobra_error(COBRA_DATA, "out of memory");
		goto out;
	}
	cobra_signals_hold();
	if (bulk && (rc = bulk_begin(s, &objects)) < 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		struct cobra_change *c = &s->changes[i];
		paths[i] = c->path;
		upd[i].path = c->path;
		upd[i].action = GIT_TREE_UPDATE_UPSERT;
		upd[i].filemode = GIT_FILEMODE_BLOB;
		if (git_blob_create_from_buffer(&upd[i].id, s->repo, c->content.data, c->content.len) != 0) {
			rc = git_fail(c->path);
			goto out;
		}
	}
	if (git_tree_create_updated(&tree_id, s->repo, s->tree, n, upd) != 0 ||
	    git_tree_lookup(&newtree, s->repo, &tree_id) != 0) {
		rc = git_fail("tree");
		goto out;
	}
	cobra_buf_printf(&msg, "%s\n\n", info->subject);
	trailer(&msg, "Cobra-Command", info->command);
	trailer(&msg, "Cobra-Customer", info->customer);
	trailer(&msg, "Cobra-Debt", info->debt);
	trailer(&msg, "Cobra-Payment", info->payment);
	trailer(&msg, "Cobra-Amount", info->amount);
	trailer(&msg, "Cobra-Override", info->override);
	trailer(&msg, "Cobra-Request-Id", info->request_id);
	if (msg.oom) {
		rc = cobra_error(COBRA_DATA, "out of memory");
		goto out;
	}
	if ((rc = signature(&sig, s->repo)) < 0)
		goto out;
	const git_commit *parents[1] = {s->head};
	if (git_commit_create(&s->commit_id, s->repo, NULL, sig, sig, NULL, msg.data, newtree, 1, parents) != 0) {
		rc = git_fail("commit");
		goto out;
	}
	if (bulk && (rc = bulk_end(s, &objects, true)) < 0)
		goto out;
	if ((rc = write_journal(s, &s->commit_id)) < 0)
		goto out;
	struct index_job job;
	memset(&job, 0, sizeof(job));
	if ((rc = lock_index(s)) == 0) {
		rc = index_prepare(s, &job);
		if (rc > 0)
			rc = cobra_error(COBRA_REFUSED, "the index has unresolved merge conflicts; resolve them first");
		if (rc < 0) {
			index_job_free(&job);
			unlock_index(s);
		}
	}
	if (rc < 0) {
		char *jp0 = journal_path(s);
		if (jp0)
			unlink(jp0);
		free(jp0);
		goto out;
	}
	/* The commit point: move the branch only if it still is where we read it. */
	char reflog[300];
	(void)snprintf(reflog, sizeof(reflog), "commit: %s", info->subject);
	int gr = git_reference_create_matching(&ref, s->repo, s->branch, &s->commit_id, 1, &s->head_id, reflog);
	git_oid now;
	if (gr != 0 && git_reference_name_to_id(&now, s->repo, s->branch) == 0 && git_oid_equal(&now, &s->commit_id))
		gr = 0; /* the branch moved and only a later step (a directory fsync) failed: committed */
	if (gr == 0)
		committed = true;
	if (gr != 0) {
		index_job_free(&job);
		unlock_index(s);
		char *jp = journal_path(s);
		if (jp)
			unlink(jp);
		free(jp);
		if (gr == GIT_EMODIFIED || gr == GIT_ELOCKED) {
			rc = cobra_error(COBRA_BUSY, "%s moved or was locked by another program during the command; "
						     "nothing was recorded", s->branch);
			cobra_hint("try again");
		} else {
			rc = git_fail("update HEAD");
		}
		goto out;
	}
	/* Committed. Bring the working tree and the index up to date. */
	rc = checkout_files(s, newtree, paths, n, !bulk, s->changes);
	if (rc == 0) {
		rc = index_finish(s, &job, newtree, paths, n);
	} else {
		index_job_free(&job);
		unlock_index(s);
	}
	if (rc < 0) {
		char hex[GIT_OID_HEXSZ + 1];
		char keep[1024];
		(void)snprintf(keep, sizeof(keep), "%s", cobra_error_message());
		cobra_error_replace(COBRA_DATA, "committed %s, but updating the working tree failed: %s",
			git_oid_tostr(hex, sizeof(hex), &s->commit_id), keep);
		cobra_hint("run 'cobra recover' to finish it");
		goto out;
	}
	/* Done. A journal that cannot be removed is harmless: the next write finds
	 * HEAD at its commit, rewrites the same files and removes it. */
	char *jp = journal_path(s);
	if (jp)
		unlink(jp);
	free(jp);
out:
	if (objects.disk)
		(void)bulk_end(s, &objects, false);
	git_reference_free(ref);
	git_signature_free(sig);
	git_tree_free(newtree);
	free(upd);
	free(paths);
	cobra_buf_free(&msg);
	return rc;
}

bool cobra_store_committed(void)
{
	return committed;
}

void cobra_trailer(char *out, size_t n, const char *message, const char *key)
{
	size_t kl = strlen(key);
	out[0] = '\0';
	for (const char *p = message; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t ll = nl ? (size_t)(nl - p) : strlen(p);
		if (ll > kl + 2 && memcmp(p, key, kl) == 0 && p[kl] == ':' && p[kl + 1] == ' ') {
			size_t vl = ll - kl - 2;
			if (vl >= n)
				vl = n - 1;
			memcpy(out, p + kl + 2, vl);
			out[vl] = '\0';
			return;
		}
		p = nl ? nl + 1 : NULL;
	}
}

int cobra_store_find_request(struct cobra_store *s, const char *request_id, int *found, git_oid *out)
{
	git_revwalk *walk = NULL;
	git_oid oid;
	int rc = 0, n = 0;
	char val[128];
	*found = 0;
	if (git_revwalk_new(&walk, s->repo) != 0 || git_revwalk_push(walk, &s->head_id) != 0) {
		git_revwalk_free(walk);
		return git_fail("history");
	}
	while (n++ < COBRA_REQUEST_WINDOW) {
		git_commit *c = NULL;
		int next = git_revwalk_next(&oid, walk);
		if (next == GIT_ITEROVER)
			break;
		if (next != 0) { /* an unreadable history is not "no such request": a retry would record twice */
			rc = git_fail("history");
			break;
		}
		if (git_commit_lookup(&c, s->repo, &oid) != 0) {
			rc = git_fail("history");
			break;
		}
		cobra_trailer(val, sizeof(val), git_commit_message(c), "Cobra-Request-Id");
		git_commit_free(c);
		if (strcmp(val, request_id) == 0) {
			*found = 1;
			git_oid_cpy(out, &oid);
			break;
		}
	}
	git_revwalk_free(walk);
	return rc;
}

int cobra_store_health(struct cobra_store *s, struct cobra_buf *out)
{
	int problems = 0;
	char *jp = journal_path(s);
	struct stat st;
	const char *gd = git_repository_path(s->repo);
	char path[4200];
	if (jp && lstat(jp, &st) == 0) {
		cobra_buf_printf(out, "%s: a write was interrupted; run 'cobra recover' to finish it\n", jp);
		problems++;
	}
	free(jp);
	(void)snprintf(path, sizeof(path), "%scobra-outbox", gd);
	if (lstat(path, &st) == 0) {
		cobra_buf_printf(out, "%s: an interrupted 'remind --send' left outcomes to record; run 'cobra remind "
				      "--send' to record them (nothing is sent twice)\n",
			path);
		problems++;
	}
	const char *locks[] = {"index.lock", "HEAD.lock", NULL};
	(void)snprintf(path, sizeof(path), "%s%s.lock", gd, s->branch);
	for (int i = -1; i < 2; i++) {
		if (i >= 0)
			(void)snprintf(path, sizeof(path), "%s%s", gd, locks[i]);
		if (lstat(path, &st) == 0) {
			cobra_buf_printf(out, "%s: lock file present; if no git command is running, run 'cobra recover'\n",
				path);
			problems++;
		}
	}
	int state = git_repository_state(s->repo);
	if (state < 0) {
		cobra_buf_printf(out, "repository: cannot read its state: %s\n", cobra_git_error());
		problems++;
	} else if (state != GIT_REPOSITORY_STATE_NONE) {
		cobra_buf_puts(out, "repository: a merge, rebase or similar operation is in progress\n");
		problems++;
	}
	int detached = git_repository_head_detached(s->repo);
	if (detached < 0) {
		cobra_buf_printf(out, "HEAD: %s\n", cobra_git_error());
		problems++;
	} else if (detached == 1) {
		cobra_buf_puts(out, "repository: HEAD is detached\n");
		problems++;
	}
	return problems;
}

/* ---- init ---- */

int cobra_store_init(const char *dir, const struct cobra_policy *policy, git_oid *commit_out)
{
	git_repository *repo = NULL;
	git_index *idx = NULL;
	git_tree *tree = NULL;
	git_signature *sig = NULL;
	git_config *cfg = NULL;
	git_oid tree_id;
	struct cobra_buf ini = {0};
	git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
	int rc = 0;
	char *path = NULL;
	char q[256];

	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_ENABLE_FSYNC_GITDIR, 1);
	if (git_repository_open_ext(&repo, dir, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0) {
		rc = git_repository_head_unborn(repo) == 1 ? 0 : 1;
		git_repository_free(repo);
		repo = NULL;
		if (rc) {
			rc = cobra_error(COBRA_REFUSED, "\"%s\" is already a git repository with commits",
				cobra_quote(q, sizeof(q), dir));
			goto out;
		}
	}
	{
		struct stat st0;
		char *ini0 = join(dir, "/cobra.ini");
		bool exists = ini0 && lstat(ini0, &st0) == 0;
		free(ini0);
		if (exists) {
			rc = cobra_error(COBRA_REFUSED, "\"%s/cobra.ini\" already exists", cobra_quote(q, sizeof(q), dir));
			goto out;
		}
	}
	opts.flags = GIT_REPOSITORY_INIT_MKPATH;
	opts.initial_head = "main";
	if (git_repository_init_ext(&repo, dir, &opts) != 0) {
		rc = git_fail(dir);
		goto out;
	}
	if (git_repository_config(&cfg, repo) != 0 || git_config_set_bool(cfg, "transfer.fsckObjects", 1) != 0 ||
	    git_config_set_bool(cfg, "core.autocrlf", 0) != 0 || git_config_set_int32(cfg, "gc.auto", 0) != 0) {
		rc = git_fail("config");
		goto out;
	}
	cobra_policy_write_initial(&ini, policy);
	{
		const char *wd = git_repository_workdir(repo);
		struct stat st;
		path = join(wd, "cobra.ini");
		if (!path || ini.oom) {
			rc = cobra_error(COBRA_DATA, "out of memory");
			goto out;
		}
		if (lstat(path, &st) == 0) {
			rc = cobra_error(COBRA_REFUSED, "%s: already exists", path);
			goto out;
		}
		if ((rc = write_file_atomic(path, ini.data, ini.len)) < 0)
			goto out;
		free(path);
		path = join(wd, ".gitattributes");
		static const char attrs[] =
			"# cobra records and templates are written with LF; never convert them.\n*.ini -text\n*.txt -text\n";
		if (!path || (rc = write_file_atomic(path, attrs, sizeof(attrs) - 1)) < 0) {
			rc = rc < 0 ? rc : cobra_error(COBRA_DATA, "out of memory");
			goto out;
		}
		free(path);
		path = join(wd, "templates");
		if (!path || (mkdir(path, 0777) != 0 && errno != EEXIST)) {
			rc = cobra_error(COBRA_DATA, "%s: cannot create: %s", path ? path : "templates", strerror(errno));
			goto out;
		}
		for (const struct cobra_template_default *t = cobra_template_defaults; t->name; t++) {
			char rel[128];
			free(path);
			(void)snprintf(rel, sizeof(rel), "templates/%s.txt", t->name);
			path = join(wd, rel);
			if (!path || (rc = write_file_atomic(path, t->text, strlen(t->text))) < 0) {
				rc = rc < 0 ? rc : cobra_error(COBRA_DATA, "out of memory");
				goto out;
			}
		}
	}
	if (git_repository_index(&idx, repo) != 0 || git_index_add_bypath(idx, "cobra.ini") != 0 ||
	    git_index_add_bypath(idx, ".gitattributes") != 0) {
		rc = git_fail("index");
		goto out;
	}
	for (const struct cobra_template_default *t = cobra_template_defaults; t->name; t++) {
		char rel[128];
		(void)snprintf(rel, sizeof(rel), "templates/%s.txt", t->name);
		if (git_index_add_bypath(idx, rel) != 0) {
			rc = git_fail("index");
			goto out;
		}
	}
	if (git_index_write_tree(&tree_id, idx) != 0 ||
	    git_index_write(idx) != 0 || git_tree_lookup(&tree, repo, &tree_id) != 0) {
		rc = git_fail("index");
		goto out;
	}
	if ((rc = signature(&sig, repo)) < 0)
		goto out;
	char msg[512];
	(void)snprintf(msg, sizeof(msg), "init: %s\n\nCobra-Command: init\n", policy->business.name);
	if (git_commit_create(commit_out, repo, "HEAD", sig, sig, NULL, msg, tree, 0, NULL) != 0)
		rc = git_fail("commit");
out:
	free(path);
	cobra_buf_free(&ini);
	git_config_free(cfg);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(idx);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}
