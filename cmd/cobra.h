/*
 * cobra.h - what every command file shares: the context the dispatcher sets
 * up, the command descriptor, and helpers for output.
 *
 * A command is one cmd/<name>.c with an option table, a descriptor
 * (struct cobra_command) and a run function. The dispatcher (main.c) parses
 * the options from the table, checks the argument count, opens the store
 * (taking the writer lock for CMD_WRITES), answers a repeated --request-id,
 * runs the command, and closes everything. Commands print; src/ never does.
 */
#ifndef COBRA_CMD_H
#define COBRA_CMD_H

#include <stdbool.h>

#include "../src/date.h"
#include "../src/error.h"
#include "../src/i18n.h"
#include "../src/opt.h"
#include "../src/output.h"
#include "../src/store.h"

#define COBRA_VERSION "0.1.0"

enum { CMD_NEEDS_STORE = 1, CMD_WRITES = 2, CMD_RECOVERS = 4, CMD_PAGES = 8 /* long human output: a pager */ };

struct cobra_ctx {
	const char *dir; /* -C DIR, or NULL */
	struct cobra_store store;
	enum cobra_format format;
};

struct cobra_command {
	const char *name;
	int (*run)(struct cobra_ctx *ctx, int argc, char **argv);
	const struct cobra_opt *options;
	const char *synopsis;
	int min_args, max_args;
	int flags;
	const char *summary;
	/* For a CMD_WRITES command that only sometimes writes: after the
	 * options are parsed, whether this run writes (takes the writer lock);
	 * NULL: always. */
	bool (*writes)(void);
};

/* Options every write command takes; the dispatcher reads them. */
struct cobra_common {
	const char *request_id;
	const char *format;
};
extern struct cobra_common cobra_common;

#define COBRA_OPT_FORMAT                                                                              \
	{"format", 0, COBRA_OPT_VALUE, "FMT", N_("output: human, tsv, csv or json"), &cobra_common.format, NULL}
#define COBRA_OPT_REQUEST_ID                                                                          \
	{"request-id", 0, COBRA_OPT_VALUE, "ID", N_("make a retry of this command a no-op"),                  \
	 &cobra_common.request_id, NULL}
#define COBRA_OPT_END {NULL, 0, COBRA_OPT_FLAG, NULL, NULL, NULL, NULL}

/* Parses an optional date option: "today" when TEXT is NULL. */
int cobra_opt_date(cobra_date *out, const char *field, const char *text);
/* Money in the store's human format or machine format. */
const char *cobra_human_money(struct cobra_ctx *ctx, char buf[40], int64_t cents);
const char *cobra_human_date(struct cobra_ctx *ctx, char buf[11], cobra_date d);

#define COBRA_COMMANDS(X) \
	X(init)           \
	X(add_customer)   \
	X(customers)      \
	X(show)           \
	X(edit_customer)  \
	X(sell)           \
	X(pay)            \
	X(due)            \
	X(remind)         \
	X(hold)           \
	X(negotiate)      \
	X(score)          \
	X(rank)           \
	X(pix)            \
	X(export)         \
	X(import)         \
	X(log)            \
	X(check)          \
	X(recover)

#define COBRA_DECLARE(name) extern const struct cobra_command cobra_cmd_##name;
COBRA_COMMANDS(COBRA_DECLARE)

#endif
