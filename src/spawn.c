#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "error.h"
#include "text.h"

/* ---- argv ---- */

void cobra_argv_free(char **argv)
{
	if (!argv)
		return;
	for (size_t i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
}

/* Reads one word at *S into WORD; *S ends on a blank or the NUL. Returns the
 * word's length, or -1 on an unterminated quote or a trailing backslash. */
static long read_word(const char **sp, char *word)
{
	const char *s = *sp;
	size_t w = 0;
	while (*s && *s != ' ' && *s != '\t') {
		if (*s == '\'') {
			const char *e = strchr(s + 1, '\'');
			if (!e)
				return -1;
			memcpy(word + w, s + 1, (size_t)(e - s - 1));
			w += (size_t)(e - s - 1);
			s = e + 1;
		} else if (*s == '"') {
			for (s++; *s && *s != '"'; s++) {
				if (*s == '\\' && (s[1] == '"' || s[1] == '\\' || s[1] == '$' || s[1] == '`'))
					s++;
				word[w++] = *s;
			}
			if (!*s)
				return -1;
			s++;
		} else if (*s == '\\') {
			if (!s[1])
				return -1;
			word[w++] = s[1];
			s += 2;
		} else {
			word[w++] = *s++;
		}
	}
	*sp = s;
	return (long)w;
}

int cobra_argv_split(char ***argv_out, int *argc_out, const char *field, const char *line)
{
	size_t len = strlen(line);
	/* Each word but the last takes at least two bytes with its blank. */
	char **argv = calloc(len / 2 + 2, sizeof(*argv));
	char *word = malloc(len + 1);
	const char *s = line;
	char q[96];
	int argc = 0, rc;
	*argv_out = NULL;
	*argc_out = 0;
	if (!argv || !word) {
		rc = cobra_error(COBRA_DATA, "%s: out of memory", field);
		goto fail;
	}
	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		long w = read_word(&s, word);
		if (w < 0) {
			rc = cobra_error(COBRA_INVALID, "%s: \"%s\" has an unterminated quote or a trailing backslash",
					 field, cobra_quote(q, sizeof(q), line));
			goto fail;
		}
		argv[argc] = malloc((size_t)w + 1);
		if (!argv[argc]) {
			rc = cobra_error(COBRA_DATA, "%s: out of memory", field);
			goto fail;
		}
		memcpy(argv[argc], word, (size_t)w);
		argv[argc][w] = '\0';
		argc++;
	}
	if (argc == 0) {
		rc = cobra_error(COBRA_INVALID, "%s: \"%s\" is not a command (no program named)", field,
				 cobra_quote(q, sizeof(q), line));
		goto fail;
	}
	free(word);
	*argv_out = argv;
	*argc_out = argc;
	return 0;
fail:
	free(word);
	cobra_argv_free(argv);
	return rc;
}

/* ---- running a command ---- */

#define STDERR_KEEP 2048
#define LINE_MAX_BYTES 180

static long long now_ms(void)
{
	struct timespec ts;
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void close_fd(int *fd)
{
	if (*fd >= 0) {
		(void)close(*fd);
		*fd = -1;
	}
}

/* Moves *FD above 2, so that the child's dup2 onto 0-2 can never clobber a
 * pipe end (cobra may run with a standard descriptor closed). */
static int lift_fd(int *fd)
{
	if (*fd > 2)
		return 0;
	int nfd = fcntl(*fd, F_DUPFD_CLOEXEC, 3);
	if (nfd < 0)
		return -1;
	(void)close(*fd);
	*fd = nfd;
	return 0;
}

/* The first non-empty line of the N bytes at S, as printable text of at most
 * LINE_MAX_BYTES bytes: control characters and invalid UTF-8 become '?'. */
static void first_line(char *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0;
	while (i < n && (p[i] == '\n' || p[i] == '\r' || p[i] == ' ' || p[i] == '\t'))
		i++;
	while (i < n && p[i] != '\n') {
		unsigned cp;
		int cl = cobra_utf8_decode(p + i, n - i, &cp);
		if (cl == 0 || cobra_text_unsafe(cp)) {
			if (p[i] == '\r') {
				i++;
				continue;
			}
			if (o + 1 > LINE_MAX_BYTES)
				break;
			out[o++] = (cl == 1 && cp == '\t') ? ' ' : '?';
			i += cl ? (size_t)cl : 1;
			continue;
		}
		if (o + (size_t)cl > LINE_MAX_BYTES)
			break;
		memcpy(out + o, p + i, (size_t)cl);
		o += (size_t)cl;
		i += (size_t)cl;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

struct child {
	pid_t pid;
	int in, err;           /* our ends: the child's stdin, its stderr */
	const char *input;
	size_t len, off;
	char errbuf[STDERR_KEEP];
	size_t errlen;
};

static void feed(struct child *c)
{
	size_t n = c->len - c->off;
	if (n > 65536)
		n = 65536;
	ssize_t w = write(c->in, c->input + c->off, n);
	if (w > 0)
		c->off += (size_t)w;
	/* EPIPE and the like: the program does not want (more) input, and its
	 * exit status says whether that was a failure. */
	if (c->off == c->len || (w < 0 && errno != EAGAIN && errno != EINTR))
		close_fd(&c->in);
}

/* Reads what stderr has; keeps the first STDERR_KEEP bytes. */
static void drain(struct child *c)
{
	for (int rounds = 0; c->err >= 0 && rounds < 64; rounds++) {
		char scratch[4096];
		char *dst = scratch;
		size_t room = sizeof(scratch);
		if (c->errlen < sizeof(c->errbuf)) {
			dst = c->errbuf + c->errlen;
			room = sizeof(c->errbuf) - c->errlen;
		}
		ssize_t r = read(c->err, dst, room);
		if (r > 0) {
			if (dst != scratch)
				c->errlen += (size_t)r;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0 || errno != EAGAIN)
			close_fd(&c->err);
		return;
	}
}

/* Feeds stdin and reads stderr until the child exits (0, *WSTATUS set),
 * the deadline passes (1), or waiting fails (-1, errno set). */
static int supervise(struct child *c, long long deadline, int *wstatus)
{
	for (;;) {
		pid_t w = waitpid(c->pid, wstatus, WNOHANG);
		if (w == c->pid)
			return 0;
		if (w < 0 && errno != EINTR)
			return -1;
		/* The exit itself cannot be polled for: look again every 20 ms. */
		int wait_ms = 20;
		if (deadline >= 0) {
			long long rem = deadline - now_ms();
			if (rem <= 0)
				return 1;
			if (rem < wait_ms)
				wait_ms = (int)rem;
		}
		struct pollfd pf[2];
		nfds_t n = 0;
		if (c->in >= 0)
			pf[n++] = (struct pollfd){.fd = c->in, .events = POLLOUT};
		if (c->err >= 0)
			pf[n++] = (struct pollfd){.fd = c->err, .events = POLLIN};
		int pr = poll(n ? pf : NULL, n, wait_ms);
		if (pr < 0 && errno != EINTR)
			return -1;
		for (nfds_t i = 0; pr > 0 && i < n; i++) {
			if (!pf[i].revents)
				continue;
			if (pf[i].fd == c->in)
				feed(c);
			else
				drain(c);
		}
	}
}

static void describe(struct cobra_spawn_result *r, int wstatus, const struct child *c)
{
	if (WIFEXITED(wstatus)) {
		char line[LINE_MAX_BYTES + 1];
		r->status = WEXITSTATUS(wstatus);
		if (r->status == 0)
			return;
		first_line(line, c->errbuf, c->errlen);
		if (line[0])
			(void)snprintf(r->reason, sizeof(r->reason), "exit %d: %s", r->status, line);
		else
			(void)snprintf(r->reason, sizeof(r->reason), "exit %d", r->status);
	} else if (WIFSIGNALED(wstatus)) {
		(void)snprintf(r->reason, sizeof(r->reason), "killed by signal %d", WTERMSIG(wstatus));
	} else {
		(void)snprintf(r->reason, sizeof(r->reason), "stopped with status %#x", (unsigned)wstatus);
	}
}

static void reap(pid_t pid, int *wstatus)
{
	while (waitpid(pid, wstatus, 0) < 0 && errno == EINTR)
		;
}

/* In the child, after fork: where the program's descriptors and signals
 * are set up, then ARGV[0] is looked up in SEARCH (a copy of $PATH) like
 * execvp does, except that a file the kernel will not execute is an error
 * (execvp would hand it to /bin/sh). On failure the errno goes to ERR_PIPE.
 * Only async-signal-safe calls here. */
static void child_exec(const char *const *argv, const char *search, int in_rd, int err_wr, int err_pipe)
{
	static const int reset[] = {SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD};
	struct sigaction dfl;
	sigset_t none;
	char path[4096];
	int e = 0;
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	(void)sigemptyset(&dfl.sa_mask);
	for (size_t i = 0; i < sizeof(reset) / sizeof(reset[0]); i++)
		(void)sigaction(reset[i], &dfl, NULL);
	(void)sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	(void)setpgid(0, 0);
	int nul = open("/dev/null", O_WRONLY);
	if (nul >= 0 && nul <= 2) /* 0-2 are about to be replaced */
		nul = fcntl(nul, F_DUPFD, 3);
	if (nul < 0 || dup2(in_rd, 0) < 0 || dup2(nul, 1) < 0 || dup2(err_wr, 2) < 0)
		goto fail;
	(void)close(nul);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
	/* Descriptors the rest of cobra left inheritable (a lock file) close
	 * at exec too; ERR_PIPE already does. Failure (old kernel) is harmless. */
	(void)close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
#endif
	if (strchr(argv[0], '/')) {
		(void)execv(argv[0], (char *const *)argv);
		goto fail;
	}
	e = ENOENT;
	for (const char *dir = search;; dir++) {
		size_t dlen = strcspn(dir, ":"), nlen = strlen(argv[0]);
		if (dlen == 0) { /* an empty entry is the current directory */
			path[0] = '.';
			dlen = 1;
		} else if (dlen < sizeof(path)) {
			memcpy(path, dir, dlen);
		}
		if (dlen + 1 + nlen < sizeof(path)) {
			path[dlen] = '/';
			memcpy(path + dlen + 1, argv[0], nlen + 1);
			(void)execv(path, (char *const *)argv);
			if (errno == EACCES)
				e = EACCES; /* remembered; later entries may still work */
			else if (errno != ENOENT && errno != ENOTDIR && errno != ENAMETOOLONG && errno != ELOOP)
				goto fail;
		}
		dir += strcspn(dir, ":");
		if (!*dir)
			break;
	}
	errno = e;
fail:
	e = errno;
	while (write(err_pipe, &e, sizeof(e)) < 0 && errno == EINTR)
		;
	_exit(127);
}

/* Forks and execs. Returns 0 (C->pid set), the errno of a failed exec in
 * *EXEC_ERR (the child already reaped), or -1 when fork or a pipe failed. */
static int start(struct child *c, const char *const *argv, int in_rd, int err_wr, int *exec_err)
{
	int ep[2] = {-1, -1}, e = 0;
	const char *search = getenv("PATH");
	if (!search || !*search)
		search = "/bin:/usr/bin";
	*exec_err = 0;
	if (pipe2(ep, O_CLOEXEC) < 0 || lift_fd(&ep[0]) < 0 || lift_fd(&ep[1]) < 0) {
		e = errno;
		close_fd(&ep[0]);
		close_fd(&ep[1]);
		errno = e;
		return -1;
	}
	c->pid = fork();
	if (c->pid == 0)
		child_exec(argv, search, in_rd, err_wr, ep[1]);
	e = errno;
	close_fd(&ep[1]);
	if (c->pid < 0) {
		close_fd(&ep[0]);
		errno = e;
		return -1;
	}
	/* Also here, so that a kill of the group cannot miss it. */
	(void)setpgid(c->pid, c->pid);
	/* EOF means the exec succeeded (the pipe closed on exec). */
	ssize_t n;
	while ((n = read(ep[0], &e, sizeof(e))) < 0 && errno == EINTR)
		;
	close_fd(&ep[0]);
	if (n == (ssize_t)sizeof(e)) {
		int st;
		*exec_err = e ? e : ENOEXEC;
		reap(c->pid, &st);
		c->pid = -1;
	}
	return 0;
}

int cobra_spawn(const char *const *argv, const char *input, size_t len, int timeout_ms,
		struct cobra_spawn_result *r)
{
	struct child c = {.pid = -1, .in = -1, .err = -1, .input = input, .len = len};
	int in[2] = {-1, -1}, err[2] = {-1, -1};
	int rc = 0, wstatus = 0, exec_err = 0, e;
	struct sigaction ign, old_pipe;
	bool pipe_saved = false;
	char q[96];
	r->status = -1;
	r->reason[0] = '\0';
	if (!argv || !argv[0] || !argv[0][0])
		return cobra_error(COBRA_INVALID, "command: no program named");
	if (pipe2(in, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0 || lift_fd(&in[0]) < 0 ||
	    lift_fd(&in[1]) < 0 || lift_fd(&err[0]) < 0 || lift_fd(&err[1]) < 0) {
		rc = cobra_error(COBRA_DATA, "cannot create a pipe for \"%s\": %s",
				 cobra_quote(q, sizeof(q), argv[0]), cobra_strerror_c(errno));
		goto out;
	}
	e = start(&c, argv, in[0], err[1], &exec_err);
	close_fd(&in[0]);
	close_fd(&err[1]);
	if (e < 0) {
		rc = cobra_error(COBRA_DATA, "cannot start \"%s\": %s", cobra_quote(q, sizeof(q), argv[0]),
				 cobra_strerror_c(errno));
		goto out;
	}
	if (exec_err != 0) {
		(void)snprintf(r->reason, sizeof(r->reason), "cannot run \"%s\": %s",
			       cobra_quote(q, sizeof(q), argv[0]), cobra_strerror_c(exec_err));
		rc = 1;
		goto out;
	}
	c.in = in[1];
	c.err = err[0];
	in[1] = err[0] = -1;
	if (fcntl(c.in, F_SETFL, O_NONBLOCK) < 0 || fcntl(c.err, F_SETFL, O_NONBLOCK) < 0) {
		rc = cobra_error(COBRA_DATA, "cannot set up the pipes of \"%s\": %s",
				 cobra_quote(q, sizeof(q), argv[0]), cobra_strerror_c(errno));
		(void)kill(-c.pid, SIGKILL);
		reap(c.pid, &wstatus);
		goto out;
	}
	if (len == 0)
		close_fd(&c.in);
	/* A program that exits without reading its input must not kill cobra. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	(void)sigemptyset(&ign.sa_mask);
	pipe_saved = sigaction(SIGPIPE, &ign, &old_pipe) == 0;

	e = supervise(&c, timeout_ms > 0 ? now_ms() + timeout_ms : -1, &wstatus);
	if (e < 0 && errno == ECHILD) {
		/* Someone set SIGCHLD to SIG_IGN: the kernel reaped it. */
		(void)snprintf(r->reason, sizeof(r->reason), "exit status unknown (SIGCHLD is ignored)");
		rc = 1;
		goto out;
	}
	if (e != 0) {
		int saved = errno;
		/* Timed out (or waiting failed): kill the whole group, so that
		 * a helper it started does not linger. */
		(void)kill(-c.pid, SIGKILL);
		reap(c.pid, &wstatus);
		if (e < 0) {
			rc = cobra_error(COBRA_DATA, "cannot wait for \"%s\": %s",
					 cobra_quote(q, sizeof(q), argv[0]), cobra_strerror_c(saved));
			goto out;
		}
		if (timeout_ms % 1000 == 0)
			(void)snprintf(r->reason, sizeof(r->reason), "timed out after %d s", timeout_ms / 1000);
		else
			(void)snprintf(r->reason, sizeof(r->reason), "timed out after %d ms", timeout_ms);
		rc = 1;
		goto out;
	}
	drain(&c);
	describe(r, wstatus, &c);
	rc = r->status == 0 ? 0 : 1;
out:
	close_fd(&c.in);
	close_fd(&c.err);
	close_fd(&in[0]);
	close_fd(&in[1]);
	close_fd(&err[0]);
	close_fd(&err[1]);
	if (pipe_saved)
		(void)sigaction(SIGPIPE, &old_pipe, NULL);
	return rc;
}

/* ---- wa.me ---- */

void cobra_url_encode(struct cobra_buf *out, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
		    c == '.' || c == '_' || c == '~') {
			cobra_buf_add(out, (const char *)p, 1);
		} else {
			char enc[3] = {'%', hex[c >> 4], hex[c & 15]};
			cobra_buf_add(out, enc, 3);
		}
	}
}

void cobra_wame_link(struct cobra_buf *out, const char *phone, const char *text)
{
	size_t ndigits = 0;
	const char *s = phone;
	while (*s == ' ')
		s++;
	bool international = *s == '+';
	for (s = phone; *s; s++)
		ndigits += (*s >= '0' && *s <= '9');
	cobra_buf_puts(out, "https://wa.me/");
	if (!international && (ndigits == 10 || ndigits == 11))
		cobra_buf_puts(out, "55");
	for (s = phone; *s; s++) {
		if (*s >= '0' && *s <= '9')
			cobra_buf_add(out, s, 1);
	}
	if (text && *text) {
		cobra_buf_puts(out, "?text=");
		cobra_url_encode(out, text);
	}
}
