/*
 * test_spawn.c - channel commands and wa.me links (src/spawn.h, DESIGN §5,
 * reliability.md rows 37-38).
 *
 * The tests run /bin/sh as the program under test (cobra itself never runs
 * a shell) to see what a channel command receives: its argv, its stdin
 * bytes, its signal dispositions. Expected argv splits follow the rules in
 * spawn.h by hand; expected URLs come from WhatsApp's click-to-chat format
 * (research/market-and-law.md) and RFC 3986, with an independent encoder
 * here for the all-bytes check.
 */
#include "unit.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../../src/spawn.h"

/* ---- argv splitting ---- */

struct split_row {
	const char *line;
	int argc; /* -1: must fail */
	const char *words[6];
};

static const struct split_row splits[] = {
	{"sendmail -i -t", 3, {"sendmail", "-i", "-t"}},
	{"  a   b\t c  ", 3, {"a", "b", "c"}},
	{"'a b' c", 2, {"a b", "c"}},
	{"\"a \\\"b\\\" c\"", 1, {"a \"b\" c"}},
	{"\"a\\\\b\"", 1, {"a\\b"}},
	{"\"a\\nb\"", 1, {"a\\nb"}},          /* other backslashes stay */
	{"\"\\$HOME \\`x\\`\"", 1, {"$HOME `x`"}},
	{"'a\\b \"c\"'", 1, {"a\\b \"c\""}}, /* single quotes: all literal */
	{"a'b c'd", 1, {"ab cd"}},
	{"''", 1, {""}},
	{"a '' b", 3, {"a", "", "b"}},
	{"a\\ b", 1, {"a b"}},
	{"\\'x", 1, {"'x"}},
	/* nothing is expanded */
	{"sms-send $(touch pwned) `id`", 4, {"sms-send", "$(touch", "pwned)", "`id`"}},
	{"x \"$HOME\" ~/bin *.txt ; | & > y", 9, {"x", "$HOME", "~/bin", "*.txt", ";", "|"}},
	{"ga\xc3\xa7" "a 'S\xc3\xa3o Paulo'", 2, {"ga\xc3\xa7" "a", "S\xc3\xa3o Paulo"}},
	/* errors */
	{"", -1, {NULL}},
	{"  \t ", -1, {NULL}},
	{"'abc", -1, {NULL}},
	{"a \"abc", -1, {NULL}},
	{"a \"abc\\\"", -1, {NULL}},
	{"abc\\", -1, {NULL}},
};

static void test_spawn_argv_split_table(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(splits); i++) {
		const struct split_row *row = &splits[i];
		static char *sentinel[] = {NULL};
		char **argv = sentinel; /* must be reset */
		int argc = -7;
		cobra_error_clear();
		int rc = cobra_argv_split(&argv, &argc, "channel.sms", row->line);
		if (row->argc < 0) {
			if (rc != -COBRA_INVALID || argv != NULL || argc != 0 ||
			    strncmp(cobra_error_message(), "channel.sms: \"", 14) != 0) {
				print_error("row %zu: rc %d \"%s\"\n", i, rc, cobra_error_message());
				nfail++;
			}
			continue;
		}
		bool ok = rc == 0 && argc == row->argc && argv[argc] == NULL;
		for (int k = 0; ok && k < argc && k < 6; k++)
			ok = row->words[k] == NULL || strcmp(argv[k], row->words[k]) == 0;
		if (!ok) {
			print_error("row %zu: rc %d argc %d (%s)\n", i, rc, argc, cobra_error_message());
			for (int k = 0; rc == 0 && k < argc; k++)
				print_error("  argv[%d] = \"%s\"\n", k, argv[k]);
			nfail++;
		}
		if (rc == 0)
			cobra_argv_free(argv);
	}
	assert_int_equal(nfail, 0);
}

static void test_spawn_argv_split_error_names_field_and_value(void **state)
{
	char **argv;
	int argc;
	(void)state;
	assert_int_equal(cobra_argv_split(&argv, &argc, "channel.email", "sendmail 'oops"), -COBRA_INVALID);
	assert_non_null(strstr(cobra_error_message(), "channel.email: \"sendmail 'oops\""));
}

/* ---- a scratch directory per test ---- */

static char dir[64];

static int setup_dir(void **state)
{
	(void)state;
	cobra_error_clear();
	strcpy(dir, "/tmp/cobra-spawn-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
	(void)state;
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			(void)unlinkat(dirfd(d), e->d_name, 0);
	}
	(void)closedir(d);
	return rmdir(dir);
}

static char *path_in_dir(char out[128], const char *name)
{
	(void)snprintf(out, 128, "%s/%s", dir, name);
	return out;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	size_t cap = 0;
	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (*len + 4096 > cap) {
			cap = cap ? cap * 2 : 8192;
			data = realloc(data, cap);
			assert_non_null(data);
		}
		size_t n = fread(data + *len, 1, cap - *len - 1, f);
		*len += n;
		if (n == 0)
			break;
	}
	data[*len] = '\0';
	(void)fclose(f);
	return data;
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static int count_open_fds(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/fd");
	assert_non_null(d);
	while (readdir(d))
		n++;
	(void)closedir(d);
	return n;
}

static long long ms_now(void)
{
	struct timespec ts;
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* No child of ours is left, not even a zombie. */
static void assert_no_children(void)
{
	int st;
	errno = 0;
	assert_int_equal(waitpid(-1, &st, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

/* ---- running ---- */

/* Every byte value, NULs included, more than a pipe buffer holds. */
static void test_spawn_stdin_arrives_byte_exact(void **state)
{
	char out[128];
	size_t len = 300000, got;
	char *input = malloc(len);
	struct cobra_spawn_result r;
	(void)state;
	assert_non_null(input);
	for (size_t i = 0; i < len; i++)
		input[i] = (char)(i * 7 + i / 256);
	const char *argv[] = {"/bin/sh", "-c", "cat > \"$1\"", "sh", path_in_dir(out, "stdin"), NULL};
	int fds = count_open_fds();
	assert_int_equal(cobra_spawn(argv, input, len, 10000, &r), 0);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.reason, "");
	char *data = slurp(out, &got);
	assert_non_null(data);
	assert_int_equal(got, len);
	assert_memory_equal(data, input, len);
	assert_int_equal(count_open_fds(), fds);
	assert_no_children();
	free(data);
	free(input);
}

static void test_spawn_empty_input_is_eof(void **state)
{
	char out[128];
	size_t got;
	struct cobra_spawn_result r;
	(void)state;
	const char *argv[] = {"/bin/sh", "-c", "cat > \"$1\"", "sh", path_in_dir(out, "empty"), NULL};
	assert_int_equal(cobra_spawn(argv, "", 0, 5000, &r), 0);
	char *data = slurp(out, &got);
	assert_non_null(data);
	assert_int_equal(got, 0);
	free(data);
}

struct exit_row {
	const char *script;
	int rc, status;
	const char *reason;
};

static const struct exit_row exits[] = {
	{"exit 0", 0, 0, ""},
	{"echo 'noise on success' >&2; exit 0", 0, 0, ""},
	{"echo 'sendmail: cannot connect to smtp.example' >&2; exit 3", 1, 3,
	 "exit 3: sendmail: cannot connect to smtp.example"},
	{"exit 75", 1, 75, "exit 75"},
	{"printf '\\n\\n  first\\r\\nsecond\\n' >&2; exit 1", 1, 1, "exit 1: first"},
	{"printf '\\033[31mred\\033[0m\\tx\\n' >&2; exit 4", 1, 4, "exit 4: ?[31mred?[0m x"},
	{"printf 'bad \\377 byte\\n' >&2; exit 5", 1, 5, "exit 5: bad ? byte"},
	{"echo 'to stdout, discarded'; exit 6", 1, 6, "exit 6"},
	{"kill -9 $$", 1, -1, "killed by signal 9"},
	{"kill -15 $$", 1, -1, "killed by signal 15"},
};

static void test_spawn_exit_status_and_reason(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(exits); i++) {
		struct cobra_spawn_result r;
		const char *argv[] = {"/bin/sh", "-c", exits[i].script, NULL};
		int rc = cobra_spawn(argv, "x\n", 2, 5000, &r);
		if (rc != exits[i].rc || r.status != exits[i].status || strcmp(r.reason, exits[i].reason) != 0) {
			print_error("row %zu: rc %d status %d reason \"%s\"\n", i, rc, r.status, r.reason);
			nfail++;
		}
	}
	assert_int_equal(nfail, 0);
	assert_no_children();
}

/* A long stderr line is cut to fit, at a character boundary. */
static void test_spawn_long_stderr_line_fits(void **state)
{
	struct cobra_spawn_result r;
	(void)state;
	const char *argv[] = {"/bin/sh", "-c", "i=0; while [ $i -lt 150 ]; do printf '\\303\\251'; i=$((i+1)); done >&2; exit 2", NULL};
	assert_int_equal(cobra_spawn(argv, "", 0, 5000, &r), 1);
	assert_true(strlen(r.reason) < sizeof(r.reason));
	assert_true(strlen(r.reason) > 100);
	assert_int_equal(strncmp(r.reason, "exit 2: \xc3\xa9", 10), 0);
	/* ends on a whole "é" */
	assert_int_equal((strlen(r.reason) - strlen("exit 2: ")) % 2, 0);
	assert_string_equal(r.reason + strlen(r.reason) - 2, "\xc3\xa9");
}

static void test_spawn_missing_program_cannot_run(void **state)
{
	struct cobra_spawn_result r;
	(void)state;
	const char *argv[] = {"cobra-no-such-program-7d1e", "--help", NULL};
	int fds = count_open_fds();
	assert_int_equal(cobra_spawn(argv, "hi", 2, 5000, &r), 1);
	assert_int_equal(r.status, -1);
	assert_string_equal(r.reason, "cannot run \"cobra-no-such-program-7d1e\": No such file or directory");
	assert_int_equal(count_open_fds(), fds);
	assert_no_children();
}

/* A file without "#!" is refused, not run by /bin/sh as execvp would. */
static void test_spawn_never_falls_back_to_a_shell(void **state)
{
	char script[128], marker[128], text[300];
	struct cobra_spawn_result r;
	(void)state;
	path_in_dir(script, "noshebang");
	path_in_dir(marker, "ran");
	(void)snprintf(text, sizeof(text), "touch %s\n", marker);
	FILE *f = fopen(script, "w");
	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(chmod(script, 0700), 0);
	const char *argv[] = {script, NULL};
	assert_int_equal(cobra_spawn(argv, "", 0, 5000, &r), 1);
	assert_int_equal(r.status, -1);
	assert_non_null(strstr(r.reason, "cannot run \""));
	assert_non_null(strstr(r.reason, "Exec format error"));
	assert_false(exists(marker));
}

static void test_spawn_timeout_kills_and_reports(void **state)
{
	struct cobra_spawn_result r;
	(void)state;
	const char *argv[] = {"sleep", "5", NULL};
	int fds = count_open_fds();
	long long t0 = ms_now();
	assert_int_equal(cobra_spawn(argv, "", 0, 200, &r), 1);
	long long took = ms_now() - t0;
	assert_int_equal(r.status, -1);
	assert_string_equal(r.reason, "timed out after 200 ms");
	assert_true(took >= 200 && took < 2000);
	assert_int_equal(count_open_fds(), fds);
	assert_no_children();
}

static void test_spawn_timeout_in_whole_seconds(void **state)
{
	struct cobra_spawn_result r;
	(void)state;
	const char *argv[] = {"sleep", "5", NULL};
	assert_int_equal(cobra_spawn(argv, "", 0, 1000, &r), 1);
	assert_string_equal(r.reason, "timed out after 1 s");
}

/* A helper the command started in the background dies with it, and a
 * program that never reads its (large) input is still timed out. */
static void test_spawn_timeout_kills_the_process_group(void **state)
{
	char pidfile[128], stat_path[64];
	size_t got;
	struct cobra_spawn_result r;
	static char big[1 << 20];
	(void)state;
	path_in_dir(pidfile, "pid");
	const char *argv[] = {"/bin/sh", "-c", "sleep 30 & echo $! > \"$1\"; sleep 30", "sh", pidfile, NULL};
	assert_int_equal(cobra_spawn(argv, big, sizeof(big), 300, &r), 1);
	assert_string_equal(r.reason, "timed out after 300 ms");
	char *pid = slurp(pidfile, &got);
	assert_non_null(pid);
	(void)snprintf(stat_path, sizeof(stat_path), "/proc/%ld/stat", strtol(pid, NULL, 10));
	free(pid);
	/* Give init a moment to reap the orphan; a zombie ("Z") is dead too. */
	bool dead = false;
	for (int i = 0; i < 200 && !dead; i++) {
		char *st = slurp(stat_path, &got);
		const char *paren = st ? strrchr(st, ')') : NULL;
		dead = !st || (paren && paren[1] == ' ' && paren[2] == 'Z');
		free(st);
		if (!dead)
			(void)usleep(10000);
	}
	assert_true(dead);
}

/* reliability.md row 38: shell text in an argument reaches the program as
 * that text, and nothing runs it. */
static void test_spawn_arguments_are_never_shell_text(void **state)
{
	char out[128], pwned[128], arg1[200], arg2[400], want[700];
	size_t got;
	struct cobra_spawn_result r;
	(void)state;
	path_in_dir(out, "argv");
	path_in_dir(pwned, "pwned");
	(void)snprintf(arg1, sizeof(arg1), "$(touch %s)", pwned);
	(void)snprintf(arg2, sizeof(arg2), "`touch %s`; touch %s | &", pwned, pwned);
	const char *argv[] = {"/bin/sh", "-c", "printf '%s\\n' \"$@\" > \"$0\"", out, arg1, arg2, "--help", NULL};
	assert_int_equal(cobra_spawn(argv, "", 0, 5000, &r), 0);
	char *data = slurp(out, &got);
	assert_non_null(data);
	(void)snprintf(want, sizeof(want), "%s\n%s\n--help\n", arg1, arg2);
	assert_string_equal(data, want);
	assert_false(exists(pwned));
	free(data);
}

/* The same, when the command line comes from the configuration. */
static void test_spawn_configured_line_runs_literally(void **state)
{
	char out[128], line[400];
	char **argv;
	int argc;
	size_t got;
	struct cobra_spawn_result r;
	(void)state;
	path_in_dir(out, "argv");
	(void)snprintf(line, sizeof(line), "/bin/sh -c 'printf \"%%s\\n\" \"$@\" > \"$0\"' %s '$(id)' \"a b\"", out);
	assert_int_equal(cobra_argv_split(&argv, &argc, "channel.sms", line), 0);
	assert_int_equal(argc, 6);
	assert_int_equal(cobra_spawn((const char *const *)argv, "", 0, 5000, &r), 0);
	cobra_argv_free(argv);
	char *data = slurp(out, &got);
	assert_non_null(data);
	assert_string_equal(data, "$(id)\na b\n");
	free(data);
}

/* A program that exits without reading must not kill cobra with SIGPIPE,
 * and SIGPIPE's disposition is restored afterwards. */
static void test_spawn_unread_input_and_sigpipe(void **state)
{
	static char big[1 << 20];
	struct sigaction before, after;
	struct cobra_spawn_result r;
	(void)state;
	memset(big, 'x', sizeof(big));
	assert_int_equal(sigaction(SIGPIPE, NULL, &before), 0);
	const char *argv[] = {"/bin/sh", "-c", "exit 0", NULL};
	assert_int_equal(cobra_spawn(argv, big, sizeof(big), 5000, &r), 0);
	const char *argv2[] = {"/bin/sh", "-c", "head -c 10 >/dev/null; exit 9", NULL};
	assert_int_equal(cobra_spawn(argv2, big, sizeof(big), 5000, &r), 1);
	assert_int_equal(r.status, 9);
	assert_int_equal(sigaction(SIGPIPE, NULL, &after), 0);
	assert_ptr_equal((void *)after.sa_handler, (void *)before.sa_handler);
	assert_no_children();
}

/* Even when cobra ignores SIGPIPE, the program gets the default action. */
static void test_spawn_child_gets_default_sigpipe(void **state)
{
	char out[128];
	size_t got;
	struct sigaction ign, old;
	struct cobra_spawn_result r;
	(void)state;
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	assert_int_equal(sigaction(SIGPIPE, &ign, &old), 0);
	const char *argv[] = {"/bin/sh", "-c", "grep '^SigIgn:' /proc/$$/status > \"$0\"", path_in_dir(out, "sig"), NULL};
	int rc = cobra_spawn(argv, "", 0, 5000, &r);
	assert_int_equal(sigaction(SIGPIPE, &old, NULL), 0);
	assert_int_equal(rc, 0);
	char *data = slurp(out, &got);
	assert_non_null(data);
	unsigned long long mask = strtoull(data + strlen("SigIgn:"), NULL, 16);
	free(data);
	assert_int_equal(mask & (1ull << (SIGPIPE - 1)), 0);
}

/* Much output on stdout does not block the program. */
static void test_spawn_stdout_is_discarded(void **state)
{
	struct cobra_spawn_result r;
	(void)state;
	const char *argv[] = {"/bin/sh", "-c", "i=0; while [ $i -lt 2000 ]; do echo 0123456789012345678901234567890123456789; i=$((i+1)); done", NULL};
	assert_int_equal(cobra_spawn(argv, "", 0, 10000, &r), 0);
	assert_string_equal(r.reason, "");
}

/* ---- wa.me ---- */

struct wame_row {
	const char *phone, *text, *url;
};

static const struct wame_row wames[] = {
	{"(11) 98765-4321", "Ol\xc3\xa1, R$ 10,00", "https://wa.me/5511987654321?text=Ol%C3%A1%2C%20R%24%2010%2C00"},
	{"+351 912 345 678", "Ol\xc3\xa1, R$ 10,00", "https://wa.me/351912345678?text=Ol%C3%A1%2C%20R%24%2010%2C00"},
	{"11987654321", "oi", "https://wa.me/5511987654321?text=oi"},
	{"1187654321", "oi", "https://wa.me/551187654321?text=oi"},       /* landline, 10 digits */
	{"5511987654321", "oi", "https://wa.me/5511987654321?text=oi"},   /* already with 55 */
	{"+1 (415) 555-2671", "oi", "https://wa.me/14155552671?text=oi"}, /* 11 digits but '+' */
	{"+55 11 98765-4321", "", "https://wa.me/5511987654321"},
	{"", "a b", "https://wa.me/?text=a%20b"},
	{"11987654321", "linha 1\nlinha 2 & {{pix}}",
	 "https://wa.me/5511987654321?text=linha%201%0Alinha%202%20%26%20%7B%7Bpix%7D%7D"},
};

static void test_spawn_wame_links(void **state)
{
	int nfail = 0;
	(void)state;
	for (size_t i = 0; i < N_ROWS(wames); i++) {
		struct cobra_buf b = {0};
		cobra_wame_link(&b, wames[i].phone, wames[i].text);
		if (b.oom || strcmp(b.data, wames[i].url) != 0) {
			print_error("row %zu: \"%s\"\n", i, b.data);
			nfail++;
		}
		cobra_buf_free(&b);
	}
	assert_int_equal(nfail, 0);
}

/* Every byte against a reference encoder written from RFC 3986 §2.3. */
static void test_spawn_url_encode_every_byte(void **state)
{
	static const char unreserved[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
	(void)state;
	for (int c = 1; c < 256; c++) {
		char in[2] = {(char)c, 0}, want[4];
		struct cobra_buf b = {0};
		if (strchr(unreserved, c))
			(void)snprintf(want, sizeof(want), "%c", c);
		else
			(void)snprintf(want, sizeof(want), "%%%02X", (unsigned)c);
		cobra_url_encode(&b, in);
		assert_string_equal(b.data, want);
		cobra_buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_spawn_argv_split_table, unit_clear),
		cmocka_unit_test_setup(test_spawn_argv_split_error_names_field_and_value, unit_clear),
		cmocka_unit_test_setup_teardown(test_spawn_stdin_arrives_byte_exact, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_spawn_empty_input_is_eof, setup_dir, teardown_dir),
		cmocka_unit_test_setup(test_spawn_exit_status_and_reason, unit_clear),
		cmocka_unit_test_setup(test_spawn_long_stderr_line_fits, unit_clear),
		cmocka_unit_test_setup(test_spawn_missing_program_cannot_run, unit_clear),
		cmocka_unit_test_setup_teardown(test_spawn_never_falls_back_to_a_shell, setup_dir, teardown_dir),
		cmocka_unit_test_setup(test_spawn_timeout_kills_and_reports, unit_clear),
		cmocka_unit_test_setup(test_spawn_timeout_in_whole_seconds, unit_clear),
		cmocka_unit_test_setup_teardown(test_spawn_timeout_kills_the_process_group, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_spawn_arguments_are_never_shell_text, setup_dir, teardown_dir),
		cmocka_unit_test_setup_teardown(test_spawn_configured_line_runs_literally, setup_dir, teardown_dir),
		cmocka_unit_test_setup(test_spawn_unread_input_and_sigpipe, unit_clear),
		cmocka_unit_test_setup_teardown(test_spawn_child_gets_default_sigpipe, setup_dir, teardown_dir),
		cmocka_unit_test_setup(test_spawn_stdout_is_discarded, unit_clear),
		cmocka_unit_test_setup(test_spawn_wame_links, unit_clear),
		cmocka_unit_test_setup(test_spawn_url_encode_every_byte, unit_clear),
	};
	return cmocka_run_group_tests_name("spawn", tests, NULL, NULL);
}
