/*
 * test_store.c - the commit protocol of src/store.h from the inside, for
 * what no command can reach: a commit with nothing staged is an internal
 * error that records nothing and leaves no lock, and one staged file makes
 * exactly one commit holding exactly those bytes. A new file's path taken in
 * the working tree (an untracked file, a directory, a file where a directory
 * should be) refuses the commit and records nothing: the commands cannot
 * reach it, their new paths carry random IDs.
 *
 * Each test makes a fresh store (cobra_store_init) in a temporary directory,
 * removed afterwards; HOME points there, so no git configuration of the
 * machine is read.
 */
#include "unit.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../src/buf.h"
#include "../../src/records.h"
#include "../../src/store.h"

static char dir[256];

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	struct cobra_policy pol;
	git_oid first;
	unit_clear(state);
	(void)snprintf(dir, sizeof(dir), "%s/cobra-store-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	assert_non_null(mkdtemp(dir));
	assert_int_equal(setenv("HOME", dir, 1), 0);
	assert_int_equal(setenv("GIT_CONFIG_NOSYSTEM", "1", 1), 0);
	cobra_policy_defaults(&pol);
	int rc = cobra_store_init(dir, &pol, &first);
	cobra_policy_free(&pol);
	assert_int_equal(rc, 0);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

static void head_of(git_oid *out)
{
	struct cobra_store s;
	if (cobra_store_open(&s, dir, 0) != 0)
		fail_msg("%s", cobra_error_message());
	git_oid_cpy(out, &s.head_id);
	cobra_store_close(&s);
}

static void nothing_staged_records_nothing(void **state)
{
	struct cobra_store s;
	struct cobra_commit_info info = {.command = "test", .subject = "empty"};
	git_oid before, after;
	(void)state;
	head_of(&before);
	assert_int_equal(cobra_store_open(&s, dir, COBRA_OPEN_WRITE), 0);
	assert_int_equal(cobra_store_commit(&s, &info), -COBRA_DATA);
	assert_non_null(strstr(cobra_error_message(), "nothing to commit"));
	/* a buffer that ran out of memory is refused, not staged */
	struct cobra_buf b = {0};
	cobra_buf_printf(&b, "[note]\n");
	b.oom = true;
	cobra_error_clear();
	assert_int_equal(cobra_store_stage(&s, "notes.ini", &b), -COBRA_DATA);
	assert_non_null(strstr(cobra_error_message(), "out of memory"));
	assert_int_equal(s.nchanges, 0);
	cobra_buf_free(&b);
	cobra_store_close(&s);
	head_of(&after);
	assert_true(git_oid_equal(&before, &after));
	/* the writer lock went with the store: a second writer gets it at once */
	cobra_error_clear();
	assert_int_equal(setenv("COBRA_LOCK_TIMEOUT_MS", "0", 1), 0);
	assert_int_equal(cobra_store_open(&s, dir, COBRA_OPEN_WRITE), 0);
	cobra_store_close(&s);
	assert_int_equal(unsetenv("COBRA_LOCK_TIMEOUT_MS"), 0);
}

static void one_staged_file_is_one_commit(void **state)
{
	struct cobra_store s;
	struct cobra_commit_info info = {.command = "test", .subject = "a note"};
	struct cobra_buf b = {0};
	git_oid before;
	char *data = NULL;
	size_t len = 0;
	(void)state;
	head_of(&before);
	assert_int_equal(cobra_store_open(&s, dir, COBRA_OPEN_WRITE), 0);
	cobra_buf_printf(&b, "[note]\ntext = %s\n", "fiado");
	assert_int_equal(cobra_store_stage(&s, "notes.ini", &b), 0);
	assert_null(b.data); /* taken over */
	assert_int_equal(cobra_store_commit(&s, &info), 0);
	cobra_store_close(&s);
	assert_int_equal(cobra_store_open(&s, dir, 0), 0);
	git_commit *parent = NULL;
	assert_int_equal(git_commit_parentcount(s.head), 1);
	assert_int_equal(git_commit_parent(&parent, s.head, 0), 0);
	assert_true(git_oid_equal(git_commit_id(parent), &before));
	git_commit_free(parent);
	assert_int_equal(cobra_store_read(&s, "notes.ini", &data, &len), 0);
	assert_int_equal(len, strlen("[note]\ntext = fiado\n"));
	assert_memory_equal(data, "[note]\ntext = fiado\n", len);
	free(data);
	cobra_store_close(&s);
}

/* Stages a new file at PATH and commits: the status (the error's message
 * in msg), and HEAD unchanged when it failed. */
static char msg[1024];

static int commit_new_file(const char *path)
{
	struct cobra_store s;
	struct cobra_commit_info info = {.command = "test", .subject = "new file"};
	struct cobra_buf b = {0};
	git_oid before, after;
	head_of(&before);
	assert_int_equal(cobra_store_open(&s, dir, COBRA_OPEN_WRITE), 0);
	cobra_buf_printf(&b, "[note]\n");
	assert_int_equal(cobra_store_stage(&s, path, &b), 0);
	int rc = cobra_store_commit(&s, &info);
	(void)snprintf(msg, sizeof(msg), "%s", rc < 0 ? cobra_error_message() : "");
	cobra_store_close(&s);
	head_of(&after);
	if (rc < 0)
		assert_true(git_oid_equal(&before, &after));
	return rc;
}

static void new_path_taken_in_the_working_tree(void **state)
{
	char p[512];
	(void)state;
	/* an untracked file: refused, and the file keeps its bytes */
	(void)snprintf(p, sizeof(p), "%s/mine.ini", dir);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	assert_true(fputs("owner's own\n", f) >= 0);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(commit_new_file("mine.ini"), -COBRA_REFUSED);
	assert_non_null(strstr(msg, "mine.ini: an untracked file is in the way"));
	f = fopen(p, "r");
	char line[64] = "";
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_int_equal(fclose(f), 0);
	assert_string_equal(line, "owner's own\n");
	/* a directory */
	cobra_error_clear();
	(void)snprintf(p, sizeof(p), "%s/adir.ini", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	assert_int_equal(commit_new_file("adir.ini"), -COBRA_REFUSED);
	assert_non_null(strstr(msg, "adir.ini: not a regular file in the working tree"));
	/* a file where the path needs a directory: the error of lstat, named */
	cobra_error_clear();
	assert_int_equal(commit_new_file("mine.ini/x.ini"), -COBRA_DATA);
	assert_non_null(strstr(msg, "mine.ini/x.ini: "));
	assert_non_null(strstr(msg, strerror(ENOTDIR)));
	/* and with the path free, the same commit goes through */
	cobra_error_clear();
	assert_int_equal(commit_new_file("free.ini"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(nothing_staged_records_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(one_staged_file_is_one_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(new_path_taken_in_the_working_tree, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
