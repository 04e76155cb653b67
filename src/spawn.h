/*
 * spawn.h - running a channel command (sendmail, an SMS gateway script, ...)
 * and building wa.me click-to-chat links (DESIGN §5).
 *
 * A channel command comes from cobra.ini as one line. cobra_argv_split()
 * turns it into argv without any shell: quotes group words, nothing is
 * expanded. The caller appends the recipient (after "--" for sendmail) and
 * hands argv and the message to cobra_spawn(), which runs the program with
 * the message on its stdin and reports how it ended in a
 * struct cobra_spawn_result whose reason is ready for the reminder record.
 * Customer data therefore only ever reaches a program as argv strings or
 * stdin bytes, never as shell text (CWE-78, CWE-88).
 */
#ifndef COBRA_SPAWN_H
#define COBRA_SPAWN_H

#include <stddef.h>

#include "buf.h"

/* Splits LINE (the value of setting FIELD, for messages) into a
 * NULL-terminated, malloc'ed argv: words separated by spaces or tabs;
 * '...' keeps everything literally; "..." keeps everything but \" \\ \$ \`
 * which stand for the second character (any other backslash stays); outside
 * quotes a backslash keeps the next character literally. Quoted parts join
 * the word they touch (a'b c'd is one word), and '' is an empty word. No
 * expansion of any kind: $, `, ~, *, ;, |, & are ordinary characters.
 * Errors (-COBRA_INVALID, naming FIELD and LINE): no word at all, an
 * unterminated quote, a trailing backslash. Free with cobra_argv_free. */
int cobra_argv_split(char ***argv_out, int *argc_out, const char *field, const char *line);
void cobra_argv_free(char **argv);

struct cobra_spawn_result {
	int status;       /* exit status 0-255, or -1 when it could not run or was killed */
	char reason[200]; /* "" on success; else "exit 75: <first line of stderr>",
	                     "exit 1", "killed by signal 9", "timed out after 30 s",
	                     "cannot run \"x\": No such file or directory" */
};

/* Runs ARGV[0] (found through PATH like execvp, but a file that is not an
 * executable is refused, never handed to /bin/sh) with ARGV, the LEN bytes of
 * INPUT on its stdin, its stdout discarded (/dev/null) and its stderr read:
 * the first non-empty line is kept for the reason, with control characters
 * and invalid UTF-8 shown as '?'. The child gets the default action for
 * SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP and SIGCHLD, an empty signal
 * mask, its own process group, and no descriptor of cobra's but 0, 1, 2
 * (others are marked close-on-exec with close_range where glibc >= 2.34 and
 * Linux >= 5.11 provide it). After TIMEOUT_MS milliseconds (<= 0: no limit)
 * the group gets SIGKILL. The child is always reaped and every descriptor
 * opened here is closed; SIGPIPE is ignored while writing and restored
 * afterwards. Returns 0 when the command ran and exited 0, 1 when it failed
 * (R says why: non-zero exit, signal, timeout, cannot run), negative on a
 * local error (pipe, fork), with the message set. fork(), not posix_spawn:
 * with -Isrc (the static checks) <spawn.h> would find this header. */
int cobra_spawn(const char *const *argv, const char *input, size_t len, int timeout_ms,
		struct cobra_spawn_result *r);

/* Appends https://wa.me/<digits>?text=<TEXT percent-encoded>. PHONE is taken
 * as cobra stores it (digits, optional leading '+'); every non-digit is
 * dropped; without '+', a number of 10 or 11 digits is Brazilian (DDD and
 * number) and gets "55" in front. No digits: https://wa.me/?text=... (the
 * user picks the contact). An empty TEXT adds no "?text=". Check out->oom. */
void cobra_wame_link(struct cobra_buf *out, const char *phone, const char *text);

/* Appends TEXT percent-encoded byte by byte: RFC 3986 unreserved characters
 * (A-Z a-z 0-9 - . _ ~) stay, everything else becomes %XX (upper case). */
void cobra_url_encode(struct cobra_buf *out, const char *text);

#endif
