/*
 * terminal.c - manners at a terminal, like git's: colour only on a terminal
 * and never with NO_COLOR or --no-color; long human output through a pager
 * ($COBRA_PAGER, else $PAGER, else "less -FRX") when stdout is a terminal;
 * `cobra help CMD` and `cobra CMD --help` show the manual page.
 *
 * Machine formats (--format tsv|csv|json) are never coloured or paged.
 */
#include "terminal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../src/output.h"
#include "../src/spawn.h"

bool cobra_no_color_option;

static bool no_color_env(void)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");
	return (nc && nc[0]) || !term || strcmp(term, "dumb") == 0;
}

bool cobra_color_for(int fd)
{
	return !cobra_no_color_option && !no_color_env() && isatty(fd);
}

size_t cobra_terminal_width(int fd)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;
	if (!isatty(fd))
		return 0;
	if (env && env[0]) {
		char *end;
		errno = 0;
		long n = strtol(env, &end, 10);
		if (errno == 0 && *end == '\0' && n > 0 && n <= 10000)
			return (size_t)n;
	}
	if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

static pid_t pager_pid = -1;

void cobra_pager_start(void)
{
	const char *cmd = getenv("COBRA_PAGER");
	char **argv = NULL;
	int argc = 0, fds[2];
	if (pager_pid > 0 || !isatty(STDOUT_FILENO))
		return;
	if (!cmd)
		cmd = getenv("PAGER");
	if (!cmd)
		cmd = "less -FRX";
	if (!cmd[0] || strcmp(cmd, "cat") == 0)
		return;
	if (cobra_argv_split(&argv, &argc, "PAGER", cmd) < 0 || argc == 0) {
		cobra_error_clear(); /* an unusable pager: no pager, not an error */
		cobra_argv_free(argv);
		return;
	}
	(void)fflush(stdout);
	if (pipe(fds) != 0) {
		cobra_argv_free(argv);
		return;
	}
	pid_t pid = fork();
	if (pid == 0) {
		(void)dup2(fds[0], STDIN_FILENO);
		(void)close(fds[0]);
		(void)close(fds[1]);
		if (!getenv("LESS"))
			(void)setenv("LESS", "FRX", 1);
		execvp(argv[0], argv);
		_exit(127);
	}
	cobra_argv_free(argv);
	(void)close(fds[0]);
	if (pid < 0) {
		(void)close(fds[1]);
		return;
	}
	if (dup2(fds[1], STDOUT_FILENO) < 0) {
		(void)close(fds[1]);
		(void)kill(pid, SIGTERM);
		(void)waitpid(pid, NULL, 0);
		return;
	}
	(void)close(fds[1]);
	pager_pid = pid;
}

void cobra_pager_finish(void)
{
	if (pager_pid <= 0)
		return;
	(void)fflush(stdout);
	(void)close(STDOUT_FILENO); /* the pager sees the end of its input */
	while (waitpid(pager_pid, NULL, 0) < 0 && errno == EINTR)
		;
	pager_pid = -1;
}

/* Runs ARGV and waits: its exit status, or -1 (no process, or killed). */
static int run_wait(char *const argv[])
{
	(void)fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	int st = 0;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

bool cobra_exe_dir(char *out, size_t n)
{
	ssize_t len = readlink("/proc/self/exe", out, n - 1);
	if (len <= 0)
		return false;
	out[len] = '\0';
	char *slash = strrchr(out, '/');
	if (!slash)
		return false;
	*slash = '\0';
	return true;
}

/* man/cobra-NAME.1 beside the binary (a build tree), or in the share/man
 * of its prefix (an installed cobra that man's own path does not know). */
static bool page_near_binary(char *out, size_t n, const char *name)
{
	char exe[4096];
	struct stat st;
	if (!cobra_exe_dir(exe, sizeof(exe)))
		return false;
	const char *const where[] = {"/man/", "/../man/", "/../share/man/man1/"};
	for (size_t i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		(void)snprintf(out, n, "%s%s%s.1", exe, where[i], name);
		if (stat(out, &st) == 0 && S_ISREG(st.st_mode))
			return true;
	}
	return false;
}

int cobra_show_manual(const char *command)
{
	char page[64], path[4200];
	(void)snprintf(page, sizeof(page), "cobra%s%s", command ? "-" : "", command ? command : "");
	if (page_near_binary(path, sizeof(path), page)) {
		/* shown, even if a closed pipe made man fail; 127: no man(1) */
		char *const argv[] = {(char *)"man", (char *)"-l", path, NULL};
		return run_wait(argv) == 127 ? -1 : 0;
	}
	char *const argv[] = {(char *)"man", page, NULL};
	return run_wait(argv) == 0 ? 0 : -1;
}
