/*
 * test_gitindex.c - cobra's own writer of git's index file (src/gitindex.h)
 * and the hashes of src/sha1.h, checked against git itself.
 *
 * Each test builds a real repository with the git command line in a fresh
 * temporary directory (removed afterwards), with a pinned environment: no
 * system or global configuration, HOME in the temporary directory, fixed
 * author and committer, C locale. The expectations come from git: an index
 * written by cobra must list, in `git ls-files -s`, exactly what git's own
 * `git update-index` makes of the same change in a reference copy of the
 * index, with the same `git status`, the same `git write-tree` and a clean
 * `git fsck` (the only git command that checks the index's SHA-1 trailer).
 *
 * gitindex.h promises: versions 2 and 3 are handled, optional extensions
 * (cache tree, untracked cache, ...) are dropped, and anything else -
 * version 4, a required extension such as a split index, a conflicted entry,
 * a missing file - is "unsupported" (1). A damaged file must give 1 or a
 * negative error, never a crash and never a "0" that rewrites it.
 */
#include "unit.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../../src/buf.h"
#include "../../src/gitindex.h"
#include "../../src/sha1.h"

/* ---- the temporary repository ---- */

#define PATHSZ 512

static char tmp_dir[PATHSZ - 128];
static char repo[PATHSZ - 64];
static bool optional_locks; /* let `git status` write the index (untracked cache) */

static void must(bool ok, const char *what)
{
	if (!ok)
		fail_msg("%s: %s", what, strerror(errno));
}

static char *path_in(char *buf, size_t n, const char *base, const char *rel)
{
	int k = snprintf(buf, n, "%s/%s", base, rel);
	assert_true(k > 0 && (size_t)k < n);
	return buf;
}

static char *slurp(const char *path, size_t *len)
{
	struct cobra_buf b = {0};
	char chunk[4096];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	must(fd >= 0, path);
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));
		must(n >= 0, path);
		if (n == 0)
			break;
		cobra_buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	cobra_buf_add(&b, "", 0);
	assert_false(b.oom);
	if (len)
		*len = b.len;
	return b.data ? b.data : strdup("");
}

static void spill(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	must(fd >= 0, path);
	must(write(fd, data, len) == (ssize_t)len, path);
	must(close(fd) == 0, path);
}

/* Writes REL (under the repository) with CONTENT, creating directories. */
static void put(const char *rel, const char *content)
{
	char full[4400];
	path_in(full, sizeof(full), repo, rel);
	for (char *s = full + strlen(repo) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		must(mkdir(full, 0755) == 0 || errno == EEXIST, full);
		*s = '/';
	}
	spill(full, content, strlen(content));
}

/* Runs git ARGV in the repository with the pinned environment (and
 * GIT_INDEX_FILE=INDEX when given), INPUT on stdin, stdout into OUT,
 * stderr into tmp_dir/stderr. Returns git's exit status. */
static int run(struct cobra_buf *out, const char *input, const char *index, const char *const *argv)
{
	char in_path[PATHSZ], err_path[PATHSZ], home[PATHSZ], xdg[PATHSZ], idx[PATHSZ], path[4096];
	int pfd[2];
	path_in(in_path, sizeof(in_path), tmp_dir, "stdin");
	path_in(err_path, sizeof(err_path), tmp_dir, "stderr");
	spill(in_path, input ? input : "", input ? strlen(input) : 0);
	snprintf(home, sizeof(home), "HOME=%s", tmp_dir);
	snprintf(xdg, sizeof(xdg), "XDG_CONFIG_HOME=%s", tmp_dir);
	snprintf(path, sizeof(path), "PATH=%s", getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	snprintf(idx, sizeof(idx), "GIT_INDEX_FILE=%s", index ? index : "");
	const char *env[] = {
		path, home, xdg, "GIT_CONFIG_NOSYSTEM=1", "LC_ALL=C", "TZ=UTC", "GIT_AUTHOR_NAME=Cobra Test",
		"GIT_AUTHOR_EMAIL=test@example.com", "GIT_AUTHOR_DATE=2026-01-02T03:04:05Z",
		"GIT_COMMITTER_NAME=Cobra Test", "GIT_COMMITTER_EMAIL=test@example.com",
		"GIT_COMMITTER_DATE=2026-01-02T03:04:05Z", "GIT_TERMINAL_PROMPT=0",
		optional_locks ? "GIT_OPTIONAL_LOCKS=1" : "GIT_OPTIONAL_LOCKS=0", index ? idx : NULL, NULL,
	};
	must(pipe(pfd) == 0, "pipe");
	fflush(NULL);
	pid_t pid = fork();
	must(pid >= 0, "fork");
	if (pid == 0) {
		int in = open(in_path, O_RDONLY), err = open(err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (in < 0 || err < 0 || chdir(repo) != 0 || dup2(in, 0) < 0 || dup2(pfd[1], 1) < 0 || dup2(err, 2) < 0)
			_exit(127);
		close(pfd[0]);
		execvpe("git", (char *const *)argv, (char *const *)env);
		_exit(127);
	}
	close(pfd[1]);
	struct cobra_buf sink = {0};
	struct cobra_buf *o = out ? out : &sink;
	o->len = 0;
	for (;;) {
		char chunk[4096];
		ssize_t n = read(pfd[0], chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		cobra_buf_add(o, chunk, (size_t)n);
	}
	cobra_buf_add(o, "", 0); /* always a string */
	close(pfd[0]);
	cobra_buf_free(&sink);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		must(errno == EINTR, "waitpid");
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#define GIT(out, ...) run((out), NULL, NULL, (const char *const[]){"git", __VA_ARGS__, NULL})
#define GIT_IN(out, input, ...) run((out), (input), NULL, (const char *const[]){"git", __VA_ARGS__, NULL})
#define GIT_IDX(out, index, ...) run((out), NULL, (index), (const char *const[]){"git", __VA_ARGS__, NULL})

static const char *git_stderr(void)
{
	static char *last;
	char p[PATHSZ];
	free(last);
	last = slurp(path_in(p, sizeof(p), tmp_dir, "stderr"), NULL);
	return last;
}

/* Runs a git command that must succeed. */
#define GIT_OK(out, ...)                                                                                   \
	do {                                                                                               \
		int rc_ = GIT((out), __VA_ARGS__);                                                         \
		if (rc_ != 0)                                                                              \
			fail_msg("git %s failed (%d): %s", #__VA_ARGS__, rc_, git_stderr());               \
	} while (0)

/* The repository every test starts from: nested directories, paths whose
 * byte order differs from a directory walk ("customers/01.txt" sorts
 * before "customers/01/..."), committed, with an index git built by
 * `git add` alone (no extension). */
static const char *const initial_files[][2] = {
	{"README", "cobra test repository\n"},
	{"customers/01.txt", "a file beside a directory of the same prefix\n"},
	{"customers/01/0123456789abcdef.ini", "[customer]\nname = Ana\n"},
	{"customers/01/01ffffffffffffff.ini", "[customer]\nname = Bia\n"},
	{"customers/a7/a7000000000000aa.ini", "[customer]\nname = Caio\n"},
	{"policy.ini", "[policy]\nlocale = pt_BR\n"},
	{"z/last.txt", "last\n"},
};

#define MOD "customers/01/0123456789abcdef.ini" /* replaced */
#define DEL "customers/01/01ffffffffffffff.ini" /* removed */
#define NEW "customers/5b/5b00000000000000.ini" /* inserted in the middle */
#define NEW2 "customers/01-new.ini"              /* inserted before "customers/01.txt" */
#define NEW3 "z/last"                            /* a prefix of "z/last.txt" */

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *f)
{
	(void)st;
	(void)flag;
	(void)f;
	return remove(p);
}

static int setup_repo(void **state)
{
	(void)state;
	cobra_error_clear();
	optional_locks = false;
	/* cobra fsyncs every index it writes and the damage tests write
	 * thousands: a memory file system keeps that to seconds */
	const char *base = getenv("TMPDIR");
	if (access("/dev/shm", W_OK | X_OK) == 0)
		base = "/dev/shm";
	else if (!base || !*base)
		base = "/tmp";
	int k = snprintf(tmp_dir, sizeof(tmp_dir), "%s/cobra-test-gitindex-XXXXXX", base);
	assert_true(k > 0 && (size_t)k < sizeof(tmp_dir));
	must(mkdtemp(tmp_dir) != NULL, "mkdtemp");
	path_in(repo, sizeof(repo), tmp_dir, "repo");
	must(mkdir(repo, 0755) == 0, repo);
	GIT_OK(NULL, "init", "-q", "-b", "main");
	for (size_t i = 0; i < N_ROWS(initial_files); i++)
		put(initial_files[i][0], initial_files[i][1]);
	GIT_OK(NULL, "add", "-A");
	GIT_OK(NULL, "commit", "-q", "-m", "initial");
	/* the commit added a cache tree; an index from `git add` alone has none */
	char ipath[PATHSZ];
	must(unlink(path_in(ipath, sizeof(ipath), repo, ".git/index")) == 0, ipath);
	GIT_OK(NULL, "add", "-A");
	return 0;
}

static int teardown_repo(void **state)
{
	(void)state;
	if (tmp_dir[0] && strstr(tmp_dir, "/cobra-test-gitindex-") != NULL)
		nftw(tmp_dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	tmp_dir[0] = '\0';
	return 0;
}

/* ---- reading an index file the way git lays it out ---- */

static const char *index_path(void)
{
	static char p[PATHSZ];
	return path_in(p, sizeof(p), repo, ".git/index");
}

static uint32_t rd32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Version and the extension signatures ("TREE UNTR ") of the index at PATH,
 * walked by this test (v2/v3 entry layout, Documentation/gitformat-index). */
static uint32_t index_layout(const char *path, char *exts, size_t n, size_t *entries_end)
{
	size_t len;
	unsigned char *d = (unsigned char *)slurp(path, &len);
	uint32_t version = rd32(d + 4), count = rd32(d + 8);
	size_t off = 12;
	exts[0] = '\0';
	for (uint32_t i = 0; i < count && version != 4; i++) {
		unsigned flags = (unsigned)d[off + 60] << 8 | d[off + 61];
		size_t fixed = (flags & 0x4000) ? 64 : 62;
		size_t nl = strlen((const char *)d + off + fixed);
		off += (fixed + nl + 8) & ~(size_t)7;
	}
	if (entries_end)
		*entries_end = off;
	while (version != 4 && off + 8 <= len - 20) {
		size_t o = strlen(exts);
		snprintf(exts + o, n - o, "%.4s ", (const char *)d + off);
		off += 8 + rd32(d + off + 4);
	}
	free(d);
	return version;
}

static void hex_to_oid(unsigned char oid[20], const char *hex)
{
	for (int i = 0; i < 20; i++) {
		unsigned v;
		assert_int_equal(sscanf(hex + 2 * i, "%2x", &v), 1);
		oid[i] = (unsigned char)v;
	}
}

/* `git hash-object -w REL` into OID (and its hex into HEX). */
static void hash_object(unsigned char oid[20], char hex[41], const char *rel)
{
	struct cobra_buf out = {0};
	GIT_OK(&out, "hash-object", "-w", "--no-filters", rel);
	assert_true(out.len == 41 && out.data[40] == '\n');
	memcpy(hex, out.data, 40);
	hex[40] = '\0';
	hex_to_oid(oid, hex);
	cobra_buf_free(&out);
}

static void entry_for(struct cobra_gitindex_entry *e, const char *rel, char hex[41])
{
	char full[PATHSZ];
	memset(e, 0, sizeof(*e));
	e->path = rel;
	hash_object(e->oid, hex, rel);
	must(lstat(path_in(full, sizeof(full), repo, rel), &e->st) == 0, full);
}

static void copy_file(const char *from, const char *to)
{
	size_t len;
	char *d = slurp(from, &len);
	spill(to, d, len);
	free(d);
}

/* The same git command on the real index and on the reference index must
 * print the same thing. */
static void same_output(const char *ref, const char *const *argv, const char *what)
{
	struct cobra_buf a = {0}, b = {0};
	int ra = run(&a, NULL, NULL, argv);
	const char *ea = git_stderr();
	if (ra != 0)
		fail_msg("%s on cobra's index: exit %d: %s", what, ra, ea);
	int rb = run(&b, NULL, ref, argv);
	assert_int_equal(rb, 0);
	if (strcmp(a.data, b.data) != 0)
		fail_msg("%s differs.\ncobra's index:\n%s\ngit's index:\n%s", what, a.data, b.data);
	cobra_buf_free(&a);
	cobra_buf_free(&b);
}

/* The main scenario: replace MOD, insert NEW and NEW2, remove DEL with
 * cobra; do the same with `git update-index` on a copy; compare. */
static void write_and_compare_with_git(void)
{
	char ref[PATHSZ], tmp[PATHSZ], hex_mod[41], hex_new[41], hex_new2[41], hex_new3[41], full[PATHSZ];
	struct cobra_gitindex_entry e[5];
	struct cobra_gitindex *ix = NULL;
	char exts_before[128], exts_after[128];
	uint32_t version = index_layout(index_path(), exts_before, sizeof(exts_before), NULL);

	put(MOD, "[customer]\nname = Ana Maria\nphone = 5511\n");
	put(NEW, "[customer]\nname = Dora\n");
	put(NEW2, "new beside 01\n");
	put(NEW3, "no extension\n");
	must(unlink(path_in(full, sizeof(full), repo, DEL)) == 0, DEL);
	/* in an order that is not the index order */
	entry_for(&e[0], NEW, hex_new);
	memset(&e[1], 0, sizeof(e[1]));
	e[1].path = DEL;
	e[1].remove = true;
	entry_for(&e[2], MOD, hex_mod);
	entry_for(&e[3], NEW2, hex_new2);
	entry_for(&e[4], NEW3, hex_new3);

	path_in(ref, sizeof(ref), tmp_dir, "ref-index");
	copy_file(index_path(), ref);
	if (GIT_IDX(NULL, ref, "update-index", "--add", "--remove", "--", MOD, NEW, NEW2, NEW3, DEL) != 0)
		fail_msg("git update-index on the reference: %s", git_stderr());

	cobra_error_clear();
	assert_int_equal(cobra_gitindex_open(&ix, index_path()), 0);
	assert_false(cobra_gitindex_conflicts(ix));
	path_in(tmp, sizeof(tmp), repo, ".git/cobra-index");
	int rc = cobra_gitindex_write(ix, tmp, e, N_ROWS(e));
	if (rc != 0)
		fail_msg("cobra_gitindex_write: %d (%s)", rc, cobra_error_message());
	cobra_gitindex_free(ix);
	must(rename(tmp, index_path()) == 0, "rename");

	/* git reads it: the same entries (mode, id, stage 0, paths in order) */
	struct cobra_buf ls = {0};
	GIT_OK(&ls, "ls-files", "-s");
	char want[512];
	snprintf(want, sizeof(want), "100644 %s 0\t%s\n", hex_mod, MOD);
	assert_non_null(strstr(ls.data, want));
	assert_non_null(strstr(ls.data, hex_new));
	assert_null(strstr(ls.data, DEL));
	snprintf(want, sizeof(want), "100644 %s 0\t%s\n", hex_new3, NEW3);
	assert_non_null(strstr(ls.data, want));
	assert_non_null(strstr(ls.data, "\tz/last.txt\n"));
	cobra_buf_free(&ls);
	same_output(ref, (const char *const[]){"git", "ls-files", "-s", NULL}, "git ls-files -s");
	same_output(ref, (const char *const[]){"git", "ls-files", "-v", NULL}, "git ls-files -v");
	same_output(ref, (const char *const[]){"git", "ls-files", "--debug", "--", NEW, NEW2, NEW3, MOD, NULL},
		"stat data (git ls-files --debug)");
	/* the stat data lets git see the files unchanged without reading them */
	struct cobra_buf out = {0};
	GIT_OK(&out, "diff-files", "--name-status");
	if (strstr(out.data, MOD) || strstr(out.data, NEW) || strstr(out.data, NEW2) || strstr(out.data, NEW3 "\n"))
		fail_msg("git diff-files sees written entries as changed:\n%s", out.data);
	same_output(ref, (const char *const[]){"git", "diff-files", "--name-status", NULL}, "git diff-files");
	/* what a user sees */
	same_output(ref, (const char *const[]){"git", "status", "--porcelain", "--untracked-files=no", NULL},
		"git status --porcelain");
	GIT_OK(&out, "status", "--porcelain", "--untracked-files=no");
	assert_non_null(strstr(out.data, "A  " NEW2 "\n"));
	assert_non_null(strstr(out.data, "M  " MOD "\n"));
	assert_non_null(strstr(out.data, "D  " DEL "\n"));
	assert_non_null(strstr(out.data, "A  " NEW "\n"));
	assert_non_null(strstr(out.data, "A  " NEW3 "\n"));
	/* the SHA-1 trailer (only fsck checks it) and the objects */
	if (GIT(&out, "fsck", "--no-progress", "--no-dangling") != 0 || strstr(git_stderr(), "index"))
		fail_msg("git fsck complains: %s", git_stderr());
	/* the same version, and no extension left (a stale cache tree would
	 * make write-tree record the old tree) */
	assert_int_equal(index_layout(index_path(), exts_after, sizeof(exts_after), NULL), version);
	if (strstr(exts_after, "TREE") || strstr(exts_after, "UNTR") || strstr(exts_after, "EOIE"))
		fail_msg("optional extensions kept: %s (before: %s)", exts_after, exts_before);
	same_output(ref, (const char *const[]){"git", "write-tree", NULL}, "git write-tree");
	cobra_buf_free(&out);
}

static void test_gitindex_v2_replace_insert_remove_as_git_does(void **state)
{
	char exts[128];
	(void)state;
	assert_int_equal(index_layout(index_path(), exts, sizeof(exts), NULL), 2);
	assert_string_equal(exts, "");
	write_and_compare_with_git();
}

static void test_gitindex_drops_the_cache_tree(void **state)
{
	char exts[128];
	(void)state;
	GIT_OK(NULL, "write-tree");
	assert_int_equal(index_layout(index_path(), exts, sizeof(exts), NULL), 2);
	assert_non_null(strstr(exts, "TREE"));
	write_and_compare_with_git();
}

static void test_gitindex_drops_untracked_cache_and_end_of_index(void **state)
{
	char exts[128];
	(void)state;
	GIT_OK(NULL, "config", "index.recordEndOfIndexEntries", "true");
	GIT_OK(NULL, "update-index", "--force-untracked-cache");
	put("untracked.txt", "not added\n");
	optional_locks = true;
	GIT_OK(NULL, "status", "--porcelain");
	GIT_OK(NULL, "write-tree");
	optional_locks = false;
	index_layout(index_path(), exts, sizeof(exts), NULL);
	assert_non_null(strstr(exts, "UNTR"));
	assert_non_null(strstr(exts, "EOIE"));
	write_and_compare_with_git();
}

static void test_gitindex_v3_keeps_extended_flags(void **state)
{
	char exts[128];
	(void)state;
	/* git writes version 3 only when an entry has extended flags */
	GIT_OK(NULL, "update-index", "--skip-worktree", "z/last.txt");
	put("notes/todo.txt", "intent to add\n");
	GIT_OK(NULL, "add", "-N", "notes/todo.txt");
	GIT_OK(NULL, "update-index", "--index-version", "3");
	assert_int_equal(index_layout(index_path(), exts, sizeof(exts), NULL), 3);
	write_and_compare_with_git();
	struct cobra_buf out = {0};
	GIT_OK(&out, "ls-files", "-v", "z/last.txt");
	assert_string_equal(out.data, "S z/last.txt\n");
	GIT_OK(&out, "status", "--porcelain", "--untracked-files=no", "notes");
	assert_string_equal(out.data, " A notes/todo.txt\n");
	cobra_buf_free(&out);
}

/* No change at all: the same entries, git reads the copy. */
static void test_gitindex_empty_update_keeps_every_entry(void **state)
{
	struct cobra_gitindex *ix;
	struct cobra_buf before = {0}, after = {0};
	char tmp[PATHSZ];
	(void)state;
	GIT_OK(NULL, "write-tree");
	GIT_OK(&before, "ls-files", "--debug");
	assert_int_equal(cobra_gitindex_open(&ix, index_path()), 0);
	assert_int_equal(cobra_gitindex_write(ix, path_in(tmp, sizeof(tmp), repo, ".git/cobra-index"), NULL, 0), 0);
	cobra_gitindex_free(ix);
	must(rename(tmp, index_path()) == 0, "rename");
	GIT_OK(&after, "ls-files", "--debug");
	assert_string_equal(after.data, before.data);
	if (GIT(NULL, "fsck", "--no-progress") != 0)
		fail_msg("git fsck: %s", git_stderr());
	GIT_OK(&after, "status", "--porcelain");
	assert_string_equal(after.data, "");
	cobra_buf_free(&before);
	cobra_buf_free(&after);
}

/* A path of 4095 bytes or more has 0xfff in the length bits; git finds its
 * end by the NUL. Cobra writes one, then reads its own output again. */
static void test_gitindex_path_longer_than_0xfff(void **state)
{
	static char longpath[4300];
	char ref[PATHSZ], tmp[PATHSZ], hex[41];
	struct cobra_gitindex_entry e;
	struct cobra_gitindex *ix;
	(void)state;
	size_t o = 0;
	for (int k = 0; k < 21; k++)
		o += (size_t)snprintf(longpath + o, sizeof(longpath) - o, "%.200s/",
			"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd"
			"dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd");
	snprintf(longpath + o, sizeof(longpath) - o, "f.ini");
	assert_true(strlen(longpath) > 0xfff);
	/* the index entry needs no file of that name: stat and blob of README */
	entry_for(&e, "README", hex);
	e.path = longpath;
	path_in(ref, sizeof(ref), tmp_dir, "ref-index");
	copy_file(index_path(), ref);
	char cacheinfo[4400];
	snprintf(cacheinfo, sizeof(cacheinfo), "100644,%s,%s", hex, longpath);
	assert_int_equal(GIT_IDX(NULL, ref, "update-index", "--add", "--cacheinfo", cacheinfo), 0);

	assert_int_equal(cobra_gitindex_open(&ix, index_path()), 0);
	assert_int_equal(cobra_gitindex_write(ix, path_in(tmp, sizeof(tmp), repo, ".git/cobra-index"), &e, 1), 0);
	cobra_gitindex_free(ix);
	must(rename(tmp, index_path()) == 0, "rename");
	same_output(ref, (const char *const[]){"git", "ls-files", "-s", NULL}, "git ls-files -s (long path)");

	/* read back by cobra: replace the entry after it */
	char hex2[41];
	put("z/last.txt", "changed\n");
	entry_for(&e, "z/last.txt", hex2);
	assert_int_equal(GIT_IDX(NULL, ref, "update-index", "z/last.txt"), 0);
	assert_int_equal(cobra_gitindex_open(&ix, index_path()), 0);
	assert_int_equal(cobra_gitindex_write(ix, tmp, &e, 1), 0);
	cobra_gitindex_free(ix);
	must(rename(tmp, index_path()) == 0, "rename");
	same_output(ref, (const char *const[]){"git", "ls-files", "-s", NULL}, "git ls-files -s (after long path)");
	if (GIT(NULL, "fsck", "--no-progress") != 0)
		fail_msg("git fsck: %s", git_stderr());
}

/* Two updates of one path that is not in the index yet must not give git
 * an index with the path twice. */
static void test_gitindex_same_new_path_twice_is_not_duplicated(void **state)
{
	struct cobra_gitindex_entry e[2];
	struct cobra_gitindex *ix;
	char hex[41], tmp[PATHSZ];
	(void)state;
	put(NEW, "[customer]\nname = Dora\n");
	entry_for(&e[0], NEW, hex);
	e[1] = e[0];
	assert_int_equal(cobra_gitindex_open(&ix, index_path()), 0);
	cobra_error_clear();
	int rc = cobra_gitindex_write(ix, path_in(tmp, sizeof(tmp), repo, ".git/cobra-index"), e, 2);
	cobra_gitindex_free(ix);
	if (rc == 1 || rc < 0)
		return; /* refused: the caller falls back to libgit2 */
	assert_int_equal(rc, 0);
	must(rename(tmp, index_path()) == 0, "rename");
	struct cobra_buf out = {0};
	GIT_OK(&out, "ls-files", "-s", "--", NEW);
	char want[256];
	snprintf(want, sizeof(want), "100644 %s 0\t%s\n", hex, NEW);
	char got[1024];
	snprintf(got, sizeof(got), "%s", out.data);
	cobra_buf_free(&out);
	if (strcmp(got, want) != 0)
		fail_msg("the same new path given twice: git ls-files -s shows\n%sinstead of\n%s", got, want);
}

/* ---- forms cobra leaves to libgit2 ---- */

static void test_gitindex_version_4_is_unsupported(void **state)
{
	struct cobra_gitindex *ix = NULL;
	char exts[64];
	(void)state;
	GIT_OK(NULL, "update-index", "--index-version", "4");
	assert_int_equal(index_layout(index_path(), exts, sizeof(exts), NULL), 4);
	assert_int_equal(cobra_gitindex_open(&ix, index_path()), 1);
}

static void test_gitindex_split_index_is_unsupported(void **state)
{
	struct cobra_gitindex *ix = NULL;
	char exts[64];
	(void)state;
	GIT_OK(NULL, "update-index", "--split-index");
	index_layout(index_path(), exts, sizeof(exts), NULL);
	assert_non_null(strstr(exts, "link"));
	assert_int_equal(cobra_gitindex_open(&ix, index_path()), 1);
}

static void test_gitindex_conflict_is_reported_and_not_written(void **state)
{
	struct cobra_gitindex *ix = NULL;
	struct cobra_gitindex_entry e;
	char hex[41], input[512], tmp[PATHSZ];
	(void)state;
	entry_for(&e, "README", hex);
	snprintf(input, sizeof(input),
		"0 0000000000000000000000000000000000000000\tpolicy.ini\n"
		"100644 %s 1\tpolicy.ini\n100644 %s 2\tpolicy.ini\n100644 %s 3\tpolicy.ini\n",
		hex, hex, hex);
	if (GIT_IN(NULL, input, "update-index", "--index-info") != 0)
		fail_msg("git update-index --index-info: %s", git_stderr());
	struct cobra_buf out = {0};
	GIT_OK(&out, "status", "--porcelain", "--untracked-files=no");
	assert_string_equal(out.data, "UU policy.ini\n"); /* git agrees it is a conflict */
	cobra_buf_free(&out);
	assert_int_equal(cobra_gitindex_open(&ix, index_path()), 0);
	assert_true(cobra_gitindex_conflicts(ix));
	assert_int_equal(cobra_gitindex_write(ix, path_in(tmp, sizeof(tmp), repo, ".git/cobra-index"), &e, 1), 1);
	cobra_gitindex_free(ix);
}

static void test_gitindex_missing_index_is_unsupported_not_an_error(void **state)
{
	struct cobra_gitindex *ix = NULL;
	char p[PATHSZ];
	(void)state;
	cobra_error_clear();
	assert_int_equal(cobra_gitindex_open(&ix, path_in(p, sizeof(p), tmp_dir, "no-such-index")), 1);
	/* not an error: nothing recorded that would mask a later one */
	assert_string_equal(cobra_error_message(), "");
	/* a directory in its place is an error or unsupported, not a crash */
	int rc = cobra_gitindex_open(&ix, tmp_dir);
	assert_true(rc == 1 || rc < 0);
}

/* ---- damaged files ---- */

static int open_bytes(const unsigned char *d, size_t len)
{
	char p[PATHSZ];
	struct cobra_gitindex *ix = NULL;
	path_in(p, sizeof(p), tmp_dir, "damaged-index");
	spill(p, d, len);
	cobra_error_clear();
	int rc = cobra_gitindex_open(&ix, p);
	if (rc == 0) {
		/* it claims to understand the file: writing must work too */
		char to[PATHSZ];
		int wr = cobra_gitindex_write(ix, path_in(to, sizeof(to), tmp_dir, "damaged-out"), NULL, 0);
		assert_true(wr == 0 || wr == 1 || wr < 0);
		cobra_gitindex_free(ix);
	}
	return rc;
}

static void truncate_everywhere(const char *label)
{
	size_t len;
	unsigned char *d = (unsigned char *)slurp(index_path(), &len);
	struct cobra_buf accepted = {0};
	assert_true(len > 100);
	assert_int_equal(open_bytes(d, len), 0); /* whole: fine */
	for (size_t cut = 0; cut < len; cut++) {
		int rc = open_bytes(d, cut);
		if (rc == 0)
			cobra_buf_printf(&accepted, " %zu", cut);
		else if (rc != 1 && rc >= 0)
			fail_msg("%s cut at %zu: rc %d", label, cut, rc);
	}
	free(d);
	char msg[512];
	snprintf(msg, sizeof(msg), "%s", accepted.len ? accepted.data : "");
	cobra_buf_free(&accepted);
	if (msg[0])
		fail_msg("%s index of %zu bytes: truncated copies accepted as valid (rc 0) at lengths%s", label, len, msg);
}

static void test_gitindex_truncated_plain_index_is_refused(void **state)
{
	(void)state;
	truncate_everywhere("plain");
}

static void test_gitindex_truncated_index_with_cache_tree_is_refused(void **state)
{
	char exts[64];
	(void)state;
	GIT_OK(NULL, "write-tree");
	index_layout(index_path(), exts, sizeof(exts), NULL);
	assert_non_null(strstr(exts, "TREE"));
	truncate_everywhere("cache-tree");
}

/* A damaged byte that git itself refuses (git fsck: "bad index file sha1
 * signature") must not be accepted and rewritten with a fresh checksum. */
static void test_gitindex_damaged_byte_that_git_refuses_is_refused(void **state)
{
	size_t len, entries_end;
	char exts[64];
	(void)state;
	GIT_OK(NULL, "write-tree");
	index_layout(index_path(), exts, sizeof(exts), &entries_end);
	unsigned char *d = (unsigned char *)slurp(index_path(), &len);
	char *orig = malloc(len);
	assert_non_null(orig);
	memcpy(orig, d, len);
	const struct {
		const char *what;
		size_t off;
	} spots[] = {
		{"first entry's blob id", 12 + 40},
		{"first entry's mode", 12 + 27},
		{"first entry's path", 12 + 62},
		{"second entry's blob id", 12 + 72 + 45},
		{"trailer", len - 1},
	};
	struct cobra_buf bad = {0};
	for (size_t i = 0; i < N_ROWS(spots); i++) {
		memcpy(d, orig, len);
		d[spots[i].off] ^= 0x01;
		spill(index_path(), d, len);
		/* git's verdict */
		if (GIT(NULL, "fsck", "--no-progress") == 0)
			fail_msg("git fsck accepted a damaged %s", spots[i].what);
		int rc = open_bytes(d, len);
		if (rc == 0)
			cobra_buf_printf(&bad, " [%s]", spots[i].what);
		else
			assert_true(rc == 1 || rc < 0);
	}
	spill(index_path(), orig, len);
	free(d);
	free(orig);
	char msg[512];
	snprintf(msg, sizeof(msg), "%s", bad.len ? bad.data : "");
	cobra_buf_free(&bad);
	if (msg[0])
		fail_msg("index with one damaged byte accepted (rc 0) at:%s", msg);
}

/* Hand-made damaged indexes with a correct SHA-1 trailer, so only the
 * structure is wrong: every one is 1 or an error, and never a crash. */
struct craft {
	const char *name;
	unsigned char d[256];
	size_t len; /* without the trailer */
};

static void be32put(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16), p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static size_t hdr(unsigned char *d, uint32_t version, uint32_t count)
{
	memcpy(d, "DIRC", 4);
	be32put(d + 4, version);
	be32put(d + 8, count);
	return 12;
}

/* One entry at D with FLAGS and NAME; returns its padded size (if PAD). */
static size_t ent(unsigned char *d, unsigned flags, const char *name, bool pad)
{
	size_t fixed = (flags & 0x4000) ? 64 : 62, nl = strlen(name);
	memset(d, 0, fixed);
	be32put(d + 24, 0100644);
	memset(d + 40, 0xab, 20);
	d[60] = (unsigned char)(flags >> 8);
	d[61] = (unsigned char)flags;
	memcpy(d + fixed, name, nl);
	size_t size = (fixed + nl + 8) & ~(size_t)7;
	if (pad)
		memset(d + fixed + nl, 0, size - fixed - nl);
	return pad ? size : fixed + nl;
}

static void test_gitindex_crafted_damage_is_unsupported(void **state)
{
	struct craft c[16];
	size_t n = 0, o;
	(void)state;
	memset(c, 0, sizeof(c));
	c[n].name = "magic DIRD";
	o = hdr(c[n].d, 2, 0);
	c[n].d[3] = 'D';
	c[n++].len = o;
	c[n].name = "version 1";
	c[n].len = hdr(c[n].d, 1, 0);
	n++;
	c[n].name = "version 5";
	c[n].len = hdr(c[n].d, 5, 0);
	n++;
	c[n].name = "count beyond the entries";
	o = hdr(c[n].d, 2, 2);
	o += ent(c[n].d + o, 5, "a.txt", true);
	c[n++].len = o;
	c[n].name = "huge count";
	o = hdr(c[n].d, 2, 0xffffffffu);
	o += ent(c[n].d + o, 5, "a.txt", true);
	c[n++].len = o;
	c[n].name = "extended flag in version 2";
	o = hdr(c[n].d, 2, 1);
	o += ent(c[n].d + o, 0x4000 | 5, "a.txt", true);
	c[n++].len = o;
	c[n].name = "name length past the end";
	o = hdr(c[n].d, 2, 1);
	o += ent(c[n].d + o, 200, "a.txt", true);
	c[n++].len = o;
	c[n].name = "name not NUL-terminated";
	o = hdr(c[n].d, 2, 1);
	o += ent(c[n].d + o, 3, "abcdefgh", true); /* length 3, byte 4 is 'd' */
	c[n++].len = o;
	c[n].name = "0xfff length without a NUL";
	o = hdr(c[n].d, 2, 1);
	o += ent(c[n].d + o, 0xfff, "abcdefgh", false);
	c[n++].len = o;
	c[n].name = "v3 extended entry cut inside its flags";
	o = hdr(c[n].d, 3, 1);
	ent(c[n].d + o, 0x4000 | 0xfff, "", false);
	o += 62; /* the 2 extended-flag bytes are beyond the end */
	c[n++].len = o;
	c[n].name = "v3 extended entry, 0xfff length, one byte short";
	o = hdr(c[n].d, 3, 1);
	ent(c[n].d + o, 0x4000 | 0xfff, "", false);
	o += 63;
	c[n++].len = o;
	c[n].name = "required (lowercase) extension";
	o = hdr(c[n].d, 2, 1);
	o += ent(c[n].d + o, 5, "a.txt", true);
	memcpy(c[n].d + o, "link", 4);
	be32put(c[n].d + o + 4, 0);
	c[n++].len = o + 8;
	c[n].name = "extension size past the end";
	o = hdr(c[n].d, 2, 1);
	o += ent(c[n].d + o, 5, "a.txt", true);
	memcpy(c[n].d + o, "TREE", 4);
	be32put(c[n].d + o + 4, 0xfffffff0u);
	c[n++].len = o + 8;
	c[n].name = "stray bytes after the entries";
	o = hdr(c[n].d, 2, 1);
	o += ent(c[n].d + o, 5, "a.txt", true);
	memcpy(c[n].d + o, "TRE", 3);
	c[n++].len = o + 3;
	c[n].name = "shorter than a header";
	c[n].d[0] = 'D';
	c[n++].len = 1;
	assert_true(n <= N_ROWS(c));
	for (size_t i = 0; i < n; i++) {
		unsigned char buf[300];
		struct cobra_sha1 s;
		memcpy(buf, c[i].d, c[i].len);
		cobra_sha1_init(&s);
		cobra_sha1_update(&s, buf, c[i].len);
		cobra_sha1_final(&s, buf + c[i].len);
		int rc = open_bytes(buf, c[i].len + 20);
		if (!(rc == 1 || rc < 0))
			fail_msg("%s: rc %d, want 1 or an error", c[i].name, rc);
	}
	/* and the well-formed counterpart is accepted, so the rows test damage */
	unsigned char buf[300];
	struct cobra_sha1 s;
	o = hdr(buf, 2, 1);
	o += ent(buf + o, 5, "a.txt", true);
	cobra_sha1_init(&s);
	cobra_sha1_update(&s, buf, o);
	cobra_sha1_final(&s, buf + o);
	assert_int_equal(open_bytes(buf, o + 20), 0);
}

/* Random damage to a real index, trailer recomputed: never a crash (run it
 * under ASan too), results in {0, 1, < 0}. */
static void test_gitindex_random_damage_never_crashes(void **state)
{
	size_t len;
	(void)state;
	GIT_OK(NULL, "update-index", "--skip-worktree", "z/last.txt"); /* v3, extended flags */
	GIT_OK(NULL, "write-tree");
	unsigned char *orig = (unsigned char *)slurp(index_path(), &len);
	unsigned char *d = malloc(len + 64);
	assert_non_null(d);
	rng_state = 0x1de7;
	for (int iter = 0; iter < 3000; iter++) {
		size_t n = len - 20;
		memcpy(d, orig, n);
		for (int k = 0, nk = 1 + (int)rng_below(4); k < nk; k++) {
			size_t at = 8 + rng_below(n - 8); /* keep the magic and version */
			switch (rng_below(4)) {
			case 0: d[at] = (unsigned char)rng_next(); break;
			case 1: d[at] ^= (unsigned char)(1u << rng_below(8)); break;
			case 2: d[at] = 0xff; break;
			default: n = at > 12 ? at : n; break; /* cut */
			}
		}
		struct cobra_sha1 s;
		cobra_sha1_init(&s);
		cobra_sha1_update(&s, d, n);
		cobra_sha1_final(&s, d + n);
		int rc = open_bytes(d, n + 20);
		assert_true(rc == 0 || rc == 1 || rc < 0);
	}
	free(d);
	free(orig);
}

/* ---- SHA-1 and FNV against git and the published vectors ---- */

static void test_sha1_blob_ids_match_git_hash_object(void **state)
{
	static const size_t sizes[] = {0, 1, 3, 46, 47, 48, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000, 65536 + 7};
	(void)state;
	rng_state = 0x5a1;
	for (size_t i = 0; i < N_ROWS(sizes); i++) {
		size_t n = sizes[i];
		unsigned char *data = malloc(n + 1);
		assert_non_null(data);
		for (size_t k = 0; k < n; k++)
			data[k] = (unsigned char)rng_next();
		char rel[32], full[PATHSZ], hexgit[41], hexme[41];
		unsigned char oid[20], me[20];
		snprintf(rel, sizeof(rel), "blob-%zu", n);
		spill(path_in(full, sizeof(full), repo, rel), data, n);
		hash_object(oid, hexgit, rel);
		/* "blob N\0" then the bytes, fed in uneven pieces */
		char head[32];
		int hl = snprintf(head, sizeof(head), "blob %zu", n) + 1;
		struct cobra_sha1 c;
		cobra_sha1_init(&c);
		cobra_sha1_update(&c, head, (size_t)hl);
		for (size_t off = 0; off < n;) {
			size_t step = 1 + rng_below(100);
			step = step > n - off ? n - off : step;
			cobra_sha1_update(&c, data + off, step);
			off += step;
		}
		cobra_sha1_final(&c, me);
		for (int k = 0; k < 20; k++)
			snprintf(hexme + 2 * k, 3, "%02x", me[k]);
		if (memcmp(me, oid, 20) != 0)
			fail_msg("blob of %zu bytes: cobra %s, git %s", n, hexme, hexgit);
		free(data);
	}
}

static void test_sha1_of_gits_own_index_is_its_trailer(void **state)
{
	(void)state;
	GIT_OK(NULL, "write-tree");
	for (int round = 0; round < 2; round++) {
		size_t len;
		unsigned char *d = (unsigned char *)slurp(index_path(), &len), sum[20];
		struct cobra_sha1 c;
		cobra_sha1_init(&c);
		cobra_sha1_update(&c, d, len - 20);
		cobra_sha1_final(&c, sum);
		assert_memory_equal(sum, d + len - 20, 20);
		free(d);
		GIT_OK(NULL, "update-index", "--index-version", "4"); /* another layout, same rule */
	}
}

/* FNV-1a 64 (Fowler/Noll/Vo): offset basis 0xcbf29ce484222325, prime
 * 0x100000001b3; cobra's variant folds whole 8-byte words (host order) and
 * then the remaining bytes one by one, so inputs shorter than 8 bytes hash
 * exactly like the published byte-wise FNV-1a. */
static uint64_t ref_fnv64(const unsigned char *p, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull;
	size_t i = 0;
	for (; i + 8 <= len; i += 8) {
		uint64_t w = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		for (int k = 0; k < 8; k++)
			w = w << 8 | p[i + (size_t)k];
#else
		for (int k = 7; k >= 0; k--)
			w = w << 8 | p[i + (size_t)k];
#endif
		h ^= w;
		h *= 0x100000001b3ull;
	}
	for (; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

static void test_fnv64_vectors_and_word_rule(void **state)
{
	static const struct {
		const char *in;
		uint64_t want;
	} vectors[] = {
		/* the published FNV-1a 64-bit test vectors (all shorter than 8 bytes) */
		{"", 0xcbf29ce484222325ull},
		{"a", 0xaf63dc4c8601ec8cull},
		{"b", 0xaf63df4c8601f1a5ull},
		{"foobar", 0x85944171f73967e8ull},
		{"fo", 0x08985907b541d342ull},
	};
	unsigned char buf[200 + 8];
	(void)state;
	for (size_t i = 0; i < N_ROWS(vectors); i++)
		if (cobra_fnv64(vectors[i].in, strlen(vectors[i].in)) != vectors[i].want)
			fail_msg("fnv64(\"%s\") = %016llx, want %016llx", vectors[i].in,
				(unsigned long long)cobra_fnv64(vectors[i].in, strlen(vectors[i].in)),
				(unsigned long long)vectors[i].want);
	rng_state = 0xf417;
	for (size_t len = 0; len <= 200; len++) {
		unsigned char data[200];
		for (size_t k = 0; k < len; k++)
			data[k] = (unsigned char)rng_next();
		uint64_t want = ref_fnv64(data, len);
		/* at every alignment */
		for (size_t a = 0; a < 8; a++) {
			memcpy(buf + a, data, len);
			if (cobra_fnv64(buf + a, len) != want)
				fail_msg("len %zu at offset %zu: %016llx, want %016llx", len, a,
					(unsigned long long)cobra_fnv64(buf + a, len), (unsigned long long)want);
		}
	}
}

/* A checksum that guards a file: any single changed byte changes it, and so
 * does a cut or an appended zero. */
static void test_fnv64_detects_any_single_byte_change(void **state)
{
	unsigned char data[300];
	(void)state;
	rng_state = 0xc4ec;
	for (size_t k = 0; k < sizeof(data); k++)
		data[k] = (unsigned char)rng_next();
	for (size_t len = 1; len <= sizeof(data); len += 7) {
		uint64_t h = cobra_fnv64(data, len);
		for (size_t at = 0; at < len; at++) {
			unsigned char save = data[at];
			data[at] ^= (unsigned char)(1u << (at % 8));
			if (cobra_fnv64(data, len) == h)
				fail_msg("len %zu: changing byte %zu keeps the checksum", len, at);
			data[at] = save;
		}
		assert_true(cobra_fnv64(data, len - 1) != h);
		unsigned char z[301];
		memcpy(z, data, len);
		z[len] = 0;
		assert_true(cobra_fnv64(z, len + 1) != h);
	}
}

#define REPO_TEST(f) cmocka_unit_test_setup_teardown(f, setup_repo, teardown_repo)

int main(void)
{
	const struct CMUnitTest tests[] = {
		REPO_TEST(test_gitindex_v2_replace_insert_remove_as_git_does),
		REPO_TEST(test_gitindex_drops_the_cache_tree),
		REPO_TEST(test_gitindex_drops_untracked_cache_and_end_of_index),
		REPO_TEST(test_gitindex_v3_keeps_extended_flags),
		REPO_TEST(test_gitindex_empty_update_keeps_every_entry),
		REPO_TEST(test_gitindex_path_longer_than_0xfff),
		REPO_TEST(test_gitindex_same_new_path_twice_is_not_duplicated),
		REPO_TEST(test_gitindex_version_4_is_unsupported),
		REPO_TEST(test_gitindex_split_index_is_unsupported),
		REPO_TEST(test_gitindex_conflict_is_reported_and_not_written),
		REPO_TEST(test_gitindex_missing_index_is_unsupported_not_an_error),
		REPO_TEST(test_gitindex_truncated_plain_index_is_refused),
		REPO_TEST(test_gitindex_truncated_index_with_cache_tree_is_refused),
		REPO_TEST(test_gitindex_damaged_byte_that_git_refuses_is_refused),
		REPO_TEST(test_gitindex_crafted_damage_is_unsupported),
		REPO_TEST(test_gitindex_random_damage_never_crashes),
		REPO_TEST(test_sha1_blob_ids_match_git_hash_object),
		REPO_TEST(test_sha1_of_gits_own_index_is_its_trailer),
		cmocka_unit_test_setup(test_fnv64_vectors_and_word_rule, unit_clear),
		cmocka_unit_test_setup(test_fnv64_detects_any_single_byte_change, unit_clear),
	};
	return cmocka_run_group_tests_name("gitindex", tests, NULL, NULL);
}
