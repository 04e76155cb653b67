/*
 * faults.so - makes one call of a process fail, for the fault sweeps:
 * out of memory (tests/e2e/t0930-oom.sh) and failing file system and libgit2
 * calls (tests/e2e/t0940-call-faults.sh). Preloaded (LD_PRELOAD), it counts
 * the calls of the process and its threads to the allocator (malloc,
 * calloc, realloc, posix_memalign, aligned_alloc: one count, "malloc") and
 * to each function of CALLS below (C library and libgit2):
 *   FAULT_MALLOC=N    the Nth allocation (from 1) returns NULL with ENOMEM
 *   FAULT_MALLOC_OWN=1  only the allocations the program makes itself count
 *                     (not those of the libraries, libgit2's or libc's)
 *   FAULT_CALL=F:N    the Nth call of F (one of CALLS below) from the
 *                     program itself fails (libgit2's own calls, to its
 *                     functions or the C library, are not counted: strace
 *                     fails system calls wherever they come from, t0910):
 *                     a C library function returns -1 with errno
 *                     FAULT_ERRNO (a name: EIO by default, EEXIST, ENOSPC,
 *                     EACCES, ENOLCK, EBUSY, EROFS), a libgit2 one returns
 *                     -1 (GIT_ERROR) with the message "injected failure (F)"
 *   FAULT_PATH=S      with FAULT_CALL, only the calls of F on a path that
 *                     contains S count (F takes a path)
 *   FAULT_COUNT=FILE  at exit, writes "NAME COUNT" to FILE for the allocator
 *                     and for each function called (FAULT_PATH applies)
 *   FAULT_CRASH=FILE  on SIGSEGV, SIGBUS or SIGABRT, writes the file name of
 *                     the object (executable or library) that crashed, then
 *                     dies of the signal: the object of the faulting
 *                     instruction, or, when that is the C library (free of
 *                     a bad pointer, abort), of its first caller outside it
 * Every other call goes through as usual. faults-calls.so, the same built
 * with FAULTS_CALLS_ONLY, leaves the allocator alone (and FAULT_MALLOC has
 * no effect): it runs beside the sanitizers' allocator. Only a program named
 * FAULT_PROGRAM (default "cobra") takes them, and unsets them at start-up: a
 * wrapper script on the way (make coverage's) passes them on untouched, and
 * the children of cobra inherit nothing. Written for this project; glibc's
 * __libc_* entry points and dlsym(RTLD_NEXT) reach the real functions.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <git2/sys/mempack.h>
#include <link.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <ucontext.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

/* CALLS: the functions that can be made to fail, C library ones first. */
#define LIBC_CALLS(X) X(open) X(lstat) X(unlink) X(rename) X(mkdir) X(flock) X(fsync) X(fdatasync) X(syncfs)
#define GIT_CALLS(X)                                                                                                 \
	X(git_repository_open_ext) X(git_repository_head_detached) X(git_repository_state)                            \
	X(git_repository_head_unborn) X(git_repository_head) X(git_reference_name_to_id) X(git_commit_lookup)        \
	X(git_commit_tree) X(git_tree_entry_bypath) X(git_tree_lookup) X(git_blob_lookup)                            \
	X(git_blob_create_from_buffer) X(git_tree_create_updated) X(git_signature_default) X(git_signature_now)     \
	X(git_commit_create) X(git_reference_create_matching) X(git_index_open) X(git_index_read_tree)              \
	X(git_index_remove) X(git_index_add) X(git_index_write) X(git_odb_hashfile) X(git_revwalk_new)             \
	X(git_revwalk_push) X(git_revwalk_next) X(git_repository_odb) X(git_odb_new) X(git_mempack_new)            \
	X(git_odb_add_backend) X(git_odb_add_disk_alternate) X(git_mempack_dump) X(git_odb_write_pack)

#define ENUM(f) F_##f,
enum { F_MALLOC, LIBC_CALLS(ENUM) GIT_CALLS(ENUM) NCALLS };
#define NAME(f) #f,
static const char *const names[NCALLS] = {"malloc", LIBC_CALLS(NAME) GIT_CALLS(NAME)};

static unsigned long calls[NCALLS];
static int fail_fn = -1, fail_errno = EIO;
static unsigned long fail_at;
static char count_file[4096], crash_file[4096], path_filter[4096];
static int active; /* this process is the program */
static int own_allocs; /* FAULT_MALLOC_OWN: only the program's allocations count */
static uintptr_t prog_lo[16], prog_hi[16]; /* the program's loaded segments */
static int prog_n;

/* dl_iterate_phdr's first object is the program */
static int find_program(struct dl_phdr_info *info, size_t size, void *data)
{
	(void)size;
	(void)data;
	for (int i = 0; i < info->dlpi_phnum && prog_n < 16; i++)
		if (info->dlpi_phdr[i].p_type == PT_LOAD) {
			prog_lo[prog_n] = info->dlpi_addr + info->dlpi_phdr[i].p_vaddr;
			prog_hi[prog_n] = prog_lo[prog_n] + info->dlpi_phdr[i].p_memsz;
			prog_n++;
		}
	return 1;
}

static int from_program(const void *ret)
{
	for (int i = 0; i < prog_n; i++)
		if ((uintptr_t)ret >= prog_lo[i] && (uintptr_t)ret < prog_hi[i])
			return 1;
	return 0;
}

/* The program counter of the interrupted context, where this machine says. */
static void *fault_pc(void *uc)
{
#if defined(__x86_64__)
	return (void *)((ucontext_t *)uc)->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
	return (void *)((ucontext_t *)uc)->uc_mcontext.pc;
#else
	(void)uc;
	return NULL;
#endif
}

/* Whether the code at PC is in the C library (or this shim). */
static int in_libc(void *pc, const char **name)
{
	Dl_info info;
	*name = "unknown";
	if (!pc || !dladdr(pc, &info) || !info.dli_fname)
		return 0;
	*name = info.dli_fname;
	return strstr(info.dli_fname, "/libc.so") != NULL || strstr(info.dli_fname, "faults.so") != NULL;
}

static void on_crash(int sig, siginfo_t *si, void *uc)
{
	const char *where;
	void *frames[64];
	(void)si;
	if (in_libc(fault_pc(uc), &where)) {
		int n = backtrace(frames, 64);
		for (int i = 0; i < n; i++)
			if (!in_libc(frames[i], &where) && strcmp(where, "unknown") != 0)
				break;
	}
	int fd = open(crash_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd >= 0) {
		(void)!write(fd, where, strlen(where));
		(void)!write(fd, "\n", 1);
		(void)close(fd);
	}
	(void)signal(sig, SIG_DFL);
	(void)raise(sig);
}

static void write_count(void)
{
	active = 0; /* fopen and friends below are not counted */
	FILE *f = fopen(count_file, "w");
	if (!f)
		return;
	for (int i = 0; i < NCALLS; i++)
		if (calls[i] > 0)
			(void)fprintf(f, "%s %lu\n", names[i], calls[i]);
	(void)fclose(f);
}

static int errno_named(const char *s)
{
	static const struct {
		const char *name;
		int value;
	} known[] = {{"EIO", EIO}, {"EEXIST", EEXIST}, {"ENOSPC", ENOSPC}, {"EACCES", EACCES}, {"ENOLCK", ENOLCK},
		{"EBUSY", EBUSY}, {"EROFS", EROFS}};
	for (size_t i = 0; s && i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(s, known[i].name) == 0)
			return known[i].value;
	return EIO;
}

static void copy_env(char *out, size_t n, const char *name)
{
	const char *v = getenv(name);
	if (v && strlen(v) < n)
		memcpy(out, v, strlen(v) + 1);
}

__attribute__((constructor)) static void faults_init(void)
{
	const char *prog = getenv("FAULT_PROGRAM");
	if (strcmp(program_invocation_short_name, prog && prog[0] ? prog : "cobra") != 0)
		return;
	const char *m = getenv("FAULT_MALLOC"), *c = getenv("FAULT_CALL");
	if (m) {
		fail_fn = F_MALLOC;
		fail_at = strtoul(m, NULL, 10);
	} else if (c && strchr(c, ':')) {
		for (int i = 0; i < NCALLS; i++)
			if (strncmp(c, names[i], strlen(names[i])) == 0 && c[strlen(names[i])] == ':')
				fail_fn = i;
		fail_at = strtoul(strchr(c, ':') + 1, NULL, 10);
		if (fail_fn < 0) {
			(void)fprintf(stderr, "faults.so: FAULT_CALL=%s: no such function here\n", c);
			_exit(99);
		}
	}
	fail_errno = errno_named(getenv("FAULT_ERRNO"));
	own_allocs = getenv("FAULT_MALLOC_OWN") && getenv("FAULT_MALLOC_OWN")[0];
	copy_env(path_filter, sizeof(path_filter), "FAULT_PATH");
	copy_env(count_file, sizeof(count_file), "FAULT_COUNT");
	if (count_file[0])
		(void)atexit(write_count);
	copy_env(crash_file, sizeof(crash_file), "FAULT_CRASH");
	if (crash_file[0]) {
		struct sigaction sa;
		void *warm[1];
		(void)backtrace(warm, 1); /* loads what backtrace needs, now and not in the handler */
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_crash;
		sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
		(void)sigaction(SIGSEGV, &sa, NULL);
		(void)sigaction(SIGBUS, &sa, NULL);
		(void)sigaction(SIGABRT, &sa, NULL);
	}
	static const char *const vars[] = {"FAULT_MALLOC", "FAULT_CALL", "FAULT_ERRNO", "FAULT_PATH", "FAULT_COUNT",
		"FAULT_CRASH", "FAULT_MALLOC_OWN", "LD_PRELOAD"};
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		(void)unsetenv(vars[i]);
	(void)dl_iterate_phdr(find_program, NULL);
	memset(calls, 0, sizeof(calls)); /* the start-up of the shim itself does not count */
	active = 1;
}

/* Whether this call of FN (on PATH, NULL if it takes none; from RET, the
 * caller's return address) is the one to fail. */
static int fails(int fn, const char *path, const void *ret)
{
	if (!active)
		return 0;
	if (fn != F_MALLOC && (!from_program(ret) || (path_filter[0] && (!path || !strstr(path, path_filter)))))
		return 0;
	unsigned long n = __atomic_add_fetch(&calls[fn], 1, __ATOMIC_RELAXED);
	return fn == fail_fn && n == fail_at;
}

/* ---- the allocator (not in faults-calls.so, which can sit beside the
 * sanitizers' allocator) ---- */
#ifndef FAULTS_CALLS_ONLY

static int alloc_fails(const void *ret)
{
	if (own_allocs && !from_program(ret))
		return 0;
	if (fails(F_MALLOC, NULL, NULL)) {
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

void *malloc(size_t size)
{
	return alloc_fails(__builtin_return_address(0)) ? NULL : __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	return alloc_fails(__builtin_return_address(0)) ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	return alloc_fails(__builtin_return_address(0)) ? NULL : __libc_realloc(p, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
	if (alloc_fails(__builtin_return_address(0)))
		return ENOMEM;
	void *p = __libc_memalign(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *aligned_alloc(size_t align, size_t size)
{
	return alloc_fails(__builtin_return_address(0)) ? NULL : __libc_memalign(align, size);
}

#endif

/* ---- the C library ---- */

#define REAL(f) static __typeof__(f) *real; if (!real) real = (__typeof__(f) *)dlsym(RTLD_NEXT, #f)
#define LIBC_FAIL(f, path) if (fails(F_##f, path, __builtin_return_address(0))) { errno = fail_errno; return -1; }

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;
	if (flags & (O_CREAT | O_TMPFILE)) {
		va_list ap;
		va_start(ap, flags);
		mode = (mode_t)va_arg(ap, int);
		va_end(ap);
	}
	REAL(open);
	LIBC_FAIL(open, path)
	return real(path, flags, mode);
}

int lstat(const char *path, struct stat *st)
{
	REAL(lstat);
	LIBC_FAIL(lstat, path)
	return real(path, st);
}

int unlink(const char *path)
{
	REAL(unlink);
	LIBC_FAIL(unlink, path)
	return real(path);
}

int rename(const char *from, const char *to)
{
	REAL(rename);
	/* the path filter matches either name */
	LIBC_FAIL(rename, path_filter[0] && from && strstr(from, path_filter) ? from : to)
	return real(from, to);
}

int mkdir(const char *path, mode_t mode)
{
	REAL(mkdir);
	LIBC_FAIL(mkdir, path)
	return real(path, mode);
}

int flock(int fd, int op)
{
	REAL(flock);
	LIBC_FAIL(flock, NULL)
	return real(fd, op);
}

int fsync(int fd)
{
	REAL(fsync);
	LIBC_FAIL(fsync, NULL)
	return real(fd);
}

int fdatasync(int fd)
{
	REAL(fdatasync);
	LIBC_FAIL(fdatasync, NULL)
	return real(fd);
}

int syncfs(int fd)
{
	REAL(syncfs);
	LIBC_FAIL(syncfs, NULL)
	return real(fd);
}

/* ---- libgit2 ---- */

static int git_fails(int fn, const void *ret)
{
	if (!fails(fn, NULL, ret))
		return 0;
	static __typeof__(git_error_set_str) *set;
	char msg[128];
	if (!set)
		set = (__typeof__(git_error_set_str) *)dlsym(RTLD_NEXT, "git_error_set_str");
	(void)snprintf(msg, sizeof(msg), "injected failure (%s)", names[fn]);
	if (set)
		(void)set(GIT_ERROR_OS, msg);
	return 1;
}

/* W(function, (parameters), (arguments)): a wrapper that fails when told */
#define W(f, params, args)                                                                                           \
	int f params                                                                                                 \
	{                                                                                                            \
		REAL(f);                                                                                             \
		if (git_fails(F_##f, __builtin_return_address(0)))                                                   \
			return -1;                                                                                   \
		return real args;                                                                                    \
	}

W(git_repository_open_ext, (git_repository **out, const char *path, unsigned int flags, const char *ceiling),
	(out, path, flags, ceiling))
W(git_repository_head_detached, (git_repository *repo), (repo))
W(git_repository_state, (git_repository *repo), (repo))
W(git_repository_head_unborn, (git_repository *repo), (repo))
W(git_repository_head, (git_reference **out, git_repository *repo), (out, repo))
W(git_reference_name_to_id, (git_oid *out, git_repository *repo, const char *name), (out, repo, name))
W(git_commit_lookup, (git_commit **out, git_repository *repo, const git_oid *id), (out, repo, id))
W(git_commit_tree, (git_tree **out, const git_commit *commit), (out, commit))
W(git_tree_entry_bypath, (git_tree_entry **out, const git_tree *root, const char *path), (out, root, path))
W(git_tree_lookup, (git_tree **out, git_repository *repo, const git_oid *id), (out, repo, id))
W(git_blob_lookup, (git_blob **out, git_repository *repo, const git_oid *id), (out, repo, id))
W(git_blob_create_from_buffer, (git_oid *id, git_repository *repo, const void *buf, size_t len), (id, repo, buf, len))
W(git_tree_create_updated, (git_oid *out, git_repository *repo, git_tree *base, size_t n, const git_tree_update *u),
	(out, repo, base, n, u))
W(git_signature_default, (git_signature **out, git_repository *repo), (out, repo))
W(git_signature_now, (git_signature **out, const char *name, const char *email), (out, name, email))
W(git_commit_create,
	(git_oid *id, git_repository *repo, const char *update_ref, const git_signature *author,
		const git_signature *committer, const char *encoding, const char *message, const git_tree *tree,
		size_t parent_count, const git_commit *parents[]),
	(id, repo, update_ref, author, committer, encoding, message, tree, parent_count, parents))
W(git_reference_create_matching,
	(git_reference **out, git_repository *repo, const char *name, const git_oid *id, int force,
		const git_oid *current, const char *log_message),
	(out, repo, name, id, force, current, log_message))
W(git_index_open, (git_index **out, const char *path), (out, path))
W(git_index_read_tree, (git_index *index, const git_tree *tree), (index, tree))
W(git_index_remove, (git_index *index, const char *path, int stage), (index, path, stage))
W(git_index_add, (git_index *index, const git_index_entry *entry), (index, entry))
W(git_index_write, (git_index *index), (index))
W(git_odb_hashfile, (git_oid *out, const char *path, git_object_t type), (out, path, type))
W(git_revwalk_new, (git_revwalk **out, git_repository *repo), (out, repo))
W(git_revwalk_push, (git_revwalk *walk, const git_oid *id), (walk, id))
W(git_revwalk_next, (git_oid *out, git_revwalk *walk), (out, walk))
W(git_repository_odb, (git_odb **out, git_repository *repo), (out, repo))
W(git_odb_new, (git_odb **out), (out))
W(git_mempack_new, (git_odb_backend **out), (out))
W(git_odb_add_backend, (git_odb *odb, git_odb_backend *backend, int priority), (odb, backend, priority))
W(git_odb_add_disk_alternate, (git_odb *odb, const char *path), (odb, path))
W(git_mempack_dump, (git_buf *pack, git_repository *repo, git_odb_backend *backend), (pack, repo, backend))
W(git_odb_write_pack,
	(git_odb_writepack **out, git_odb *odb, git_indexer_progress_cb cb, void *payload), (out, odb, cb, payload))
