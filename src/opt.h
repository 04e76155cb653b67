/*
 * opt.h - a table-driven option parser; the same table prints the usage.
 *
 * Options are --name VALUE, --name=VALUE, -x VALUE or flags (--name, -x).
 * "--" ends options. An argument that starts with '-' and a digit is taken
 * as an argument (so "-50" reaches the amount parser, which explains).
 * Unknown options, missing values and an option given twice are usage errors
 * (COBRA_USAGE).
 */
#ifndef COBRA_OPT_H
#define COBRA_OPT_H

#include <stdbool.h>

#include "buf.h"

enum cobra_opt_type { COBRA_OPT_FLAG, COBRA_OPT_VALUE };

struct cobra_opt {
	const char *name;   /* long name without "--" */
	char shortname;     /* 0 if none */
	enum cobra_opt_type type;
	const char *argname; /* "DATE" */
	const char *help;
	/* where the result goes: */
	const char **value; /* VALUE: set to the argument */
	bool *flag;         /* FLAG: set to true */
};

/* Parses ARGV[0..ARGC-1] (after the command name). Positional arguments are
 * collected in ARGS (caller-provided, ARGC entries) and counted in *NARGS. */
int cobra_opt_parse(const struct cobra_opt *opts, int argc, char **argv, char **args, int *nargs);

/* "usage: cobra CMD [options] ARGS" and one line per option. */
void cobra_opt_usage(struct cobra_buf *out, const char *cmd, const char *synopsis, const struct cobra_opt *opts);

#endif
