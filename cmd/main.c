/*
 * main.c - global options, the command table, set-up by flags, exit status.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../src/text.h"
#include "cobra.h"
#include "i18n.h"
#include "terminal.h"

struct cobra_common cobra_common;

#define COBRA_ENTRY(name) &cobra_cmd_##name,
static const struct cobra_command *const commands[] = {COBRA_COMMANDS(COBRA_ENTRY) NULL};

static const struct cobra_command *find_command(const char *name)
{
	for (size_t i = 0; commands[i]; i++)
		if (strcmp(commands[i]->name, name) == 0)
			return commands[i];
	return NULL;
}

int cobra_opt_date(cobra_date *out, const char *field, const char *text)
{
	if (!text)
		return cobra_date_today(out);
	return cobra_date_parse(out, field, text);
}

const char *cobra_human_money(struct cobra_ctx *ctx, char buf[40], int64_t cents)
{
	return cobra_money_format_human(buf, cents, ctx->store.repo ? ctx->store.policy.business.locale : "pt_BR");
}

const char *cobra_human_date(struct cobra_ctx *ctx, char buf[11], cobra_date d)
{
	return cobra_date_format_human(buf, d, ctx->store.repo ? ctx->store.policy.business.locale : "pt_BR");
}

static void print_error(void)
{
	bool red = cobra_color_for(STDERR_FILENO);
	(void)fprintf(stderr, "%scobra: %s%s ", red ? COBRA_SGR_RED : "", _("error:"), red ? COBRA_SGR_RESET : "");
	cobra_print_safe(stderr, cobra_error_message());
	(void)fputc('\n', stderr);
	if (cobra_error_hint()[0]) {
		(void)fprintf(stderr, "%s ", _("hint:"));
		cobra_print_safe(stderr, cobra_error_hint());
		(void)fputc('\n', stderr);
	}
}

static void print_usage(FILE *out, const struct cobra_command *cmd)
{
	struct cobra_buf b = {0};
	cobra_opt_usage(&b, cmd->name, cmd->synopsis, cmd->options);
	if (b.data) {
		(void)fputs(b.data, out);
	}
	cobra_buf_free(&b);
}

static void print_overview(FILE *out)
{
	(void)fprintf(out, "%s cobra [-C DIR] [--no-color] [--version] [--help] COMMAND [ARGS]\n\n", _("usage:"));
	(void)fputs(_("Receivables and collections in a git repository.\n\ncommands:\n"), out);
	for (size_t i = 0; commands[i]; i++)
		(void)fprintf(out, "    %-15s %s\n", commands[i]->name, cobra_tr(commands[i]->summary));
	(void)fputs(_("\n'cobra help COMMAND' or 'cobra COMMAND --help' shows a command's options.\n"
		      "exit status: 0 ok, 1 answer is no, 2 usage, 3 invalid value, 4 not found or ambiguous,\n"
		      "5 refused by a rule, 6 busy (locked), 7 data or repository error. See cobra(1).\n"),
		out);
}

/* Answers a repeated --request-id from history. Returns 1 when answered. */
static int replay_request(struct cobra_ctx *ctx, const struct cobra_command *cmd, int *rc)
{
	git_oid oid;
	int found = 0;
	const char *rid = cobra_common.request_id;
	size_t len = strlen(rid);
	bool ok = len >= 1 && len <= 64 && rid[0] != '-';
	for (size_t i = 0; ok && i < len; i++)
		ok = (rid[i] >= 'a' && rid[i] <= 'z') || (rid[i] >= 'A' && rid[i] <= 'Z') ||
		     (rid[i] >= '0' && rid[i] <= '9') || strchr("._:-", rid[i]) != NULL;
	if (!ok) {
		char q[96];
		*rc = cobra_error(COBRA_INVALID, "request-id: \"%s\" must be 1 to 64 of [A-Za-z0-9._:-]",
			cobra_quote(q, sizeof(q), rid));
		return 1;
	}
	if ((*rc = cobra_store_find_request(&ctx->store, rid, &found, &oid)) < 0)
		return 1;
	if (!found)
		return 0;
	git_commit *c = NULL;
	if (git_commit_lookup(&c, ctx->store.repo, &oid) != 0) {
		*rc = cobra_error(COBRA_DATA, "history: %s", cobra_git_error());
		return 1;
	}
	char hex[GIT_OID_HEXSZ + 1], command[64], id[64] = "";
	const char *msg = git_commit_message(c);
	git_oid_tostr(hex, sizeof(hex), &oid);
	cobra_trailer(command, sizeof(command), msg, "Cobra-Command");
	if (strcmp(command, cmd->name) != 0) {
		*rc = cobra_error(COBRA_REFUSED, "request-id: \"%s\" was already used by '%s' in commit %.10s", rid,
			command, hex);
		git_commit_free(c);
		return 1;
	}
	cobra_trailer(id, sizeof(id), msg, "Cobra-Payment");
	if (!id[0])
		cobra_trailer(id, sizeof(id), msg, "Cobra-Debt");
	if (!id[0])
		cobra_trailer(id, sizeof(id), msg, "Cobra-Customer");
	if (ctx->format == COBRA_FMT_JSON) {
		printf("{\"id\": \"%s\", \"commit\": \"%s\", \"already_recorded\": true}\n", id, hex);
	} else {
		printf(_("already recorded in commit %.10s: "), hex);
		cobra_print_safe(stdout, git_commit_summary(c));
		putchar('\n');
	}
	git_commit_free(c);
	*rc = 0;
	return 1;
}

static int run(const struct cobra_command *cmd, const char *dir, int argc, char **argv)
{
	struct cobra_ctx ctx;
	char **args = calloc((size_t)argc + 1, sizeof(*args));
	int nargs = 0, rc;
	memset(&ctx, 0, sizeof(ctx));
	ctx.dir = dir;
	if (!args)
		return cobra_error(COBRA_DATA, "out of memory");
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			/* -h: the short usage from the option table; --help: the manual */
			if (strcmp(argv[i], "--help") == 0 && cobra_show_manual(cmd->name) == 0) {
				free(args);
				return 0;
			}
			print_usage(stdout, cmd);
			if (strcmp(argv[i], "--help") == 0)
				printf(_("\n%s. See cobra-%s(1).\n"), cobra_tr(cmd->summary), cmd->name);
			free(args);
			return 0;
		}
	}
	rc = cobra_opt_parse(cmd->options, argc, argv, args, &nargs);
	if (rc == 0 && (nargs < cmd->min_args || nargs > cmd->max_args))
		rc = nargs < cmd->min_args    ? cobra_error(COBRA_USAGE, "%s: missing argument", cmd->name)
		     : nargs - cmd->max_args > 1 ? cobra_error(COBRA_USAGE, "%s: unexpected arguments", cmd->name)
						 : cobra_error(COBRA_USAGE, "%s: unexpected argument", cmd->name);
	if (rc == 0 && cobra_common.format)
		rc = cobra_format_parse(&ctx.format, cobra_common.format);
	if (rc == -COBRA_USAGE) {
		print_error();
		print_usage(stderr, cmd);
		cobra_error_clear();
		free(args);
		return -COBRA_USAGE;
	}
	bool writes = (cmd->flags & CMD_WRITES) && (rc != 0 || !cmd->writes || cmd->writes());
	if (rc == 0 && (cmd->flags & CMD_NEEDS_STORE))
		rc = cobra_store_open(&ctx.store, dir,
			(writes ? COBRA_OPEN_WRITE : 0) | ((cmd->flags & CMD_RECOVERS) ? COBRA_OPEN_RECOVER : 0));
	int answered = 0;
	if (rc == 0 && writes && cobra_common.request_id)
		answered = replay_request(&ctx, cmd, &rc);
	cobra_output_set_color(ctx.format == COBRA_FMT_HUMAN && cobra_color_for(STDOUT_FILENO));
	cobra_output_set_width(cobra_terminal_width(STDOUT_FILENO));
	if (rc == 0 && !answered && ctx.format == COBRA_FMT_HUMAN && (cmd->flags & CMD_PAGES))
		cobra_pager_start();
	if (rc == 0 && !answered)
		rc = cmd->run(&ctx, nargs, args);
	if (rc == -COBRA_USAGE) {
		print_error();
		print_usage(stderr, cmd);
	}
	if (ctx.store.repo || (cmd->flags & CMD_NEEDS_STORE))
		cobra_store_close(&ctx.store);
	free(args);
	return rc;
}

int main(int argc, char **argv)
{
	const char *dir = NULL;
	int i = 1, rc;
	(void)signal(SIGPIPE, SIG_IGN);
	cobra_i18n_init();
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--version") == 0) {
			puts("cobra " COBRA_VERSION);
			return fflush(stdout) == 0 ? 0 : COBRA_DATA;
		} else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			print_overview(stdout);
			return 0;
		} else if (strcmp(argv[i], "-C") == 0 && i + 1 < argc) {
			dir = argv[++i];
		} else if (strcmp(argv[i], "--no-color") == 0) {
			cobra_no_color_option = true;
		} else {
			char q[96];
			(void)fprintf(stderr, "cobra: %s ", _("error:"));
			(void)fprintf(stderr, _("unknown option \"%s\"\n"), cobra_quote(q, sizeof(q), argv[i]));
			print_overview(stderr);
			return COBRA_USAGE;
		}
	}
	if (i >= argc) {
		print_overview(stderr);
		return COBRA_USAGE;
	}
	if (strcmp(argv[i], "help") == 0) {
		const struct cobra_command *c = i + 1 < argc ? find_command(argv[i + 1]) : NULL;
		if (i + 1 < argc && !c) {
			char q[96];
			(void)fprintf(stderr, "cobra: %s ", _("error:"));
			(void)fprintf(stderr, _("unknown command \"%s\"\n"), cobra_quote(q, sizeof(q), argv[i + 1]));
			return COBRA_USAGE;
		}
		if (c && cobra_show_manual(c->name) == 0) {
			return 0;
		} else if (c) {
			print_usage(stdout, c);
			printf(_("\n%s. See cobra-%s(1).\n"), cobra_tr(c->summary), c->name);
		} else {
			print_overview(stdout);
		}
		return 0;
	}
	const struct cobra_command *cmd = find_command(argv[i]);
	if (!cmd) {
		char q[96];
		(void)fprintf(stderr, "cobra: %s ", _("error:"));
		(void)fprintf(stderr, _("unknown command \"%s\"\n"), cobra_quote(q, sizeof(q), argv[i]));
		(void)fprintf(stderr, "%s %s\n", _("hint:"), _("'cobra --help' lists the commands"));
		return COBRA_USAGE;
	}
	rc = run(cmd, dir, argc - i - 1, argv + i + 1);
	int code = cobra_exit_code(rc);
	cobra_pager_finish();
	if (rc < 0 && code != COBRA_USAGE)
		print_error();
	if (fflush(stdout) != 0 || ferror(stdout)) {
		/* Reads end quietly on a closed pipe; a write that committed says so. */
		bool committed = cobra_store_committed();
		if (errno != EPIPE || committed) {
			(void)fprintf(stderr, "cobra: %s ", _("error:"));
			if (committed)
				(void)fprintf(stderr, _("the change was committed, but: cannot write the output: %s\n"), strerror(errno));
			else
				(void)fprintf(stderr, _("stdout: cannot write the output: %s\n"), strerror(errno));
			if (committed)
				(void)fprintf(stderr, "%s %s\n", _("hint:"),
					_("the command is recorded; a retry with the same --request-id is a no-op"));
			code = COBRA_DATA;
		}
	}
	cobra_signals_release();
	return code;
}
