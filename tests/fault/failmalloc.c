/*
 * failmalloc.so - makes one allocation of a process fail, for the
 * out-of-memory sweep (tests/e2e/t0930-oom.sh). Preloaded (LD_PRELOAD), it
 * counts the calls to malloc, calloc, realloc, posix_memalign and
 * aligned_alloc of the process and its threads:
 *   FAILMALLOC=N      the Nth call (from 1) returns NULL with ENOMEM; every
 *                     other call goes to the C library as usual
 *   FAILMALLOC_COUNT=FILE  at exit, writes the number of calls to FILE
 *   FAILMALLOC_CRASH=FILE  on SIGSEGV, SIGBUS or SIGABRT, writes the file
 *                     name of the object (executable or library) that
 *                     crashed, then dies of the signal: the object of the
 *                     faulting instruction, or, when that is the C library
 *                     (free of a bad pointer, abort), of its first caller
 *                     outside it
 * Only a program named FAILMALLOC_PROGRAM (default "cobra") takes them, and
 * unsets them at start-up: a wrapper script on the way (make coverage's)
 * passes them on untouched, and the children of cobra inherit nothing. Written for this project; glibc's __libc_* entry points
 * do the real work.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <execinfo.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static unsigned long calls, fail_at;
static char count_file[4096], crash_file[4096];

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
	return strstr(info.dli_fname, "/libc.so") != NULL || strstr(info.dli_fname, "failmalloc") != NULL;
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
	FILE *f = fopen(count_file, "w");
	if (f) {
		(void)fprintf(f, "%lu\n", calls);
		(void)fclose(f);
	}
}

__attribute__((constructor)) static void failmalloc_init(void)
{
	const char *prog = getenv("FAILMALLOC_PROGRAM");
	if (strcmp(program_invocation_short_name, prog && prog[0] ? prog : "cobra") != 0)
		return;
	const char *n = getenv("FAILMALLOC"), *c = getenv("FAILMALLOC_COUNT");
	if (n)
		fail_at = strtoul(n, NULL, 10);
	if (c && strlen(c) < sizeof(count_file)) {
		memcpy(count_file, c, strlen(c) + 1);
		(void)atexit(write_count);
	}
	const char *k = getenv("FAILMALLOC_CRASH");
	if (k && strlen(k) < sizeof(crash_file)) {
		struct sigaction sa;
		void *warm[1];
		memcpy(crash_file, k, strlen(k) + 1);
		(void)backtrace(warm, 1); /* loads what backtrace needs, now and not in the handler */
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_crash;
		sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
		(void)sigaction(SIGSEGV, &sa, NULL);
		(void)sigaction(SIGBUS, &sa, NULL);
		(void)sigaction(SIGABRT, &sa, NULL);
	}
	(void)unsetenv("FAILMALLOC");
	(void)unsetenv("FAILMALLOC_COUNT");
	(void)unsetenv("FAILMALLOC_CRASH");
	(void)unsetenv("LD_PRELOAD");
	calls = 0; /* the start-up of the shim itself does not count */
}

/* Whether this call is the one to fail. */
static int fails(void)
{
	unsigned long n = __atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED);
	if (fail_at != 0 && n == fail_at) {
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

void *malloc(size_t size)
{
	return fails() ? NULL : __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	return fails() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	return fails() ? NULL : __libc_realloc(p, size);
}

int posix_memalign(void **out, size_t align, size_t size)
{
	if (fails())
		return ENOMEM;
	void *p = __libc_memalign(align, size);
	if (!p)
		return ENOMEM;
	*out = p;
	return 0;
}

void *aligned_alloc(size_t align, size_t size)
{
	return fails() ? NULL : __libc_memalign(align, size);
}
