/*
 * store.h - the store: a git repository with a working tree, driven through
 * libgit2, and the one-command-one-commit protocol.
 *
 * Opening: cobra_store_open() finds the repository (from DIR upwards),
 * reads HEAD and cobra.ini from HEAD's tree. With COBRA_OPEN_WRITE it first
 * takes the writer lock (flock on .git/cobra.lock, waiting up to
 * COBRA_LOCK_TIMEOUT_MS, default 10000, then COBRA_BUSY), finishes or rolls
 * back a write that a crash interrupted (the journal .git/cobra-journal),
 * and refuses (COBRA_REFUSED) a repository in the middle of a merge, rebase
 * or with a detached HEAD.
 *
 * Reading: records are read from HEAD's tree, never from the working tree,
 * so readers need no lock and always see one consistent commit.
 *
 * Writing: cobra_store_stage() queues whole-file contents; cobra_store_commit()
 * makes the commit: blobs, trees (from HEAD's tree, the index is not used),
 * the commit object, the journal, then the commit point: the branch update,
 * compare-and-swap against the HEAD we read. Only then are the working tree
 * files and their index entries updated, and the journal removed. SIGINT,
 * SIGTERM, SIGHUP and SIGQUIT are held from the first object written until
 * cobra_store_close(), so an acknowledged write is always complete.
 */
#ifndef COBRA_STORE_H
#define COBRA_STORE_H

#include <git2.h>
#include <stdbool.h>

#include "buf.h"
#include "records.h"

#define COBRA_OPEN_WRITE 1
#define COBRA_OPEN_RECOVER 2 /* with WRITE: do not refuse on git lock files */

struct cobra_entry {
	char id[17];
	char handle[33];
	char path[80];
	git_oid blob;
};

struct cobra_change {
	char path[128];
	struct cobra_buf content;
};

struct cobra_store {
	git_repository *repo;
	const char *workdir;
	char branch[256];
	git_oid head_id;
	git_commit *head;
	git_tree *tree;
	struct cobra_policy policy;
	int lock_fd;
	bool writing;
	struct cobra_entry *customers; /* sorted by id */
	size_t ncustomers;
	bool listed;
	struct cobra_change *changes;
	size_t nchanges;
	git_oid commit_id; /* after cobra_store_commit */
};

/* Commit message parts; trailers with a NULL/empty value are left out. */
struct cobra_commit_info {
	const char *command;
	char subject[256];
	const char *customer;
	const char *debt;
	const char *amount;
	const char *payment;
	const char *override; /* the reason a rule was overridden */
	const char *request_id;
};

int cobra_store_open(struct cobra_store *s, const char *dir, int flags);
void cobra_store_close(struct cobra_store *s);

/* Creates a new store in DIR (which may exist, empty of a store). */
int cobra_store_init(const char *dir, const struct cobra_policy *policy, git_oid *commit_out);

/* The customers/ tree of HEAD into *TOP (git_tree_free it): 0, 1 when the
 * store has none yet, or an error (not a directory, unreadable). */
int cobra_store_customers(struct cobra_store *s, git_tree **top);
/* Lists customers/ of HEAD (once). */
int cobra_store_list(struct cobra_store *s);
const struct cobra_entry *cobra_store_entry(const struct cobra_store *s, const char *id);
/* Reads a file of HEAD's tree. *DATA is malloc'ed and NUL-terminated. */
int cobra_store_read(struct cobra_store *s, const char *path, char **data, size_t *len);
int cobra_store_read_blob(struct cobra_store *s, const git_oid *blob, const char *path, char **data, size_t *len);
/* Reads and parses customer E's file of HEAD into A, refusing a file whose
 * handle is not its file name's. */
int cobra_store_load_account(struct cobra_store *s, const struct cobra_entry *e, struct cobra_account *a);
/* The same, also handing over the file's bytes (*RAW, malloc'ed) on success:
 * what a write command appends to. */
int cobra_store_load_account_raw(struct cobra_store *s, const struct cobra_entry *e, struct cobra_account *a,
				 char **raw, size_t *rawlen);

/* Queues PATH's new contents (taken over: B is reset). */
int cobra_store_stage(struct cobra_store *s, const char *path, struct cobra_buf *b);
int cobra_store_commit(struct cobra_store *s, const struct cobra_commit_info *info);

/* Looks for REQUEST_ID in the Cobra-Request-Id trailer of the last
 * COBRA_REQUEST_WINDOW commits. *FOUND is 1 and OUT holds the commit. */
#define COBRA_REQUEST_WINDOW 1000
int cobra_store_find_request(struct cobra_store *s, const char *request_id, int *found, git_oid *out);

/* Whether this process made a commit (passed a commit point). */
bool cobra_store_committed(void);

/* A trailer's value from a commit message, or "" (OUT of size N). */
void cobra_trailer(char *out, size_t n, const char *message, const char *key);

/* Parses "customers/xx/<id>-<handle>.ini" into E (blob not set). 0 or -1. */
int cobra_entry_from_path(struct cobra_entry *e, const char *path);

/* Path of a customer file. */
void cobra_customer_path(char out[80], const char *id, const char *handle);

/* State checks for `cobra check`: journal, stale locks. Appends one line per
 * problem to OUT; returns the number of problems. */
int cobra_store_health(struct cobra_store *s, struct cobra_buf *out);
/* Finishes an interrupted write and clears stale git locks (needs the lock). */
int cobra_store_recover(struct cobra_store *s, int *repaired);

/* Signals: held during the critical section. */
void cobra_signals_hold(void);
void cobra_signals_release(void);

/* libgit2's last error as text. */
const char *cobra_git_error(void);
/* PATH's entry of TREE into *OUT (git_tree_entry_free it): 0 found, 1 not
 * there, or an error set (out of memory, a broken object): a failure to
 * look is never taken for "not there". */
int cobra_tree_entry(git_tree_entry **out, const git_tree *tree, const char *path);

#endif
