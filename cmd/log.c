/* cobra log [CUSTOMER|DEBT]: the audit trail, from git history. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/resolve.h"
#include "../src/text.h"
#include "cobra.h"

static const char *opt_since, *opt_until;
static bool opt_patch;

static const struct cobra_opt options[] = {
	{"since", 0, COBRA_OPT_VALUE, "DATE", N_("only commits made on or after DATE"), &opt_since, NULL},
	{"until", 0, COBRA_OPT_VALUE, "DATE", N_("only commits made on or before DATE"), &opt_until, NULL},
	{"patch", 'p', COBRA_OPT_FLAG, NULL, N_("show each change to the records"), NULL, &opt_patch},
	COBRA_OPT_FORMAT,
	COBRA_OPT_END,
};

static const struct cobra_col cols[] = {
	{"commit", N_("COMMIT"), COBRA_COL_TEXT},   {"date", N_("DATE"), COBRA_COL_TEXT},
	{"author", N_("AUTHOR"), COBRA_COL_TEXT, true},   {"command", N_("COMMAND"), COBRA_COL_TEXT},
	{"customer", N_("CUSTOMER"), COBRA_COL_TEXT}, {"debt", N_("DEBT"), COBRA_COL_TEXT},
	{"amount", N_("AMOUNT"), COBRA_COL_NUM},    {"request_id", N_("REQUEST"), COBRA_COL_TEXT},
	{"subject", N_("SUBJECT"), COBRA_COL_TEXT, true},
};

static size_t count(const char *hay, size_t len, const char *needle)
{
	size_t n = 0, nl = strlen(needle);
	const char *p = hay, *end = hay + len;
	while (p && (size_t)(end - p) >= nl) {
		p = memmem(p, (size_t)(end - p), needle, nl);
		if (!p)
			break;
		n++;
		p += nl;
	}
	return n;
}

static int blob_of(git_repository *repo, git_tree *tree, const char *path, git_blob **out)
{
	git_tree_entry *te = NULL;
	*out = NULL;
	int rc;
	if (!tree || (rc = cobra_tree_entry(&te, tree, path)) > 0)
		return 0;
	if (rc < 0)
		return rc;
	rc = git_blob_lookup(out, repo, git_tree_entry_id(te));
	git_tree_entry_free(te);
	return rc;
}

/* Did COMMIT change PATH (and, with DEBT, add text naming DEBT)? */
static int touches(git_repository *repo, git_tree *old, git_tree *cur, const char *path, const char *debt, int *yes)
{
	git_blob *a = NULL, *b = NULL;
	*yes = 0;
	if (blob_of(repo, old, path, &a) != 0 || blob_of(repo, cur, path, &b) != 0) {
		git_blob_free(a);
		return cobra_error(COBRA_DATA, "history: %s", cobra_git_error());
	}
	if (!a && !b) {
		return 0;
	}
	if (a && b && git_oid_equal(git_blob_id(a), git_blob_id(b))) {
		*yes = 0;
	} else if (!debt) {
		*yes = 1;
	} else {
		size_t na = a ? count(git_blob_rawcontent(a), (size_t)git_blob_rawsize(a), debt) : 0;
		size_t nb = b ? count(git_blob_rawcontent(b), (size_t)git_blob_rawsize(b), debt) : 0;
		*yes = nb != na;
	}
	git_blob_free(a);
	git_blob_free(b);
	return 0;
}

static int print_line(const git_diff_delta *d, const git_diff_hunk *h, const git_diff_line *l, void *payload)
{
	(void)d;
	(void)h;
	(void)payload;
	char *text = strndup(l->content, l->content_len);
	if (!text)
		return -1;
	bool mark = l->origin == GIT_DIFF_LINE_CONTEXT || l->origin == GIT_DIFF_LINE_ADDITION ||
		    l->origin == GIT_DIFF_LINE_DELETION;
	/* file headers come as several lines in one call */
	for (char *line = text, *nl; line && *line; line = nl) {
		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		if (mark)
			putchar(l->origin);
		cobra_print_safe(stdout, line);
		putchar('\n');
	}
	free(text);
	return 0;
}

static int show_patch(git_repository *repo, git_tree *old, git_tree *cur, const char *path)
{
	git_diff *diff = NULL;
	git_diff_options o = GIT_DIFF_OPTIONS_INIT;
	char *ps[1] = {(char *)path};
	if (path) {
		o.pathspec.strings = ps;
		o.pathspec.count = 1;
	}
	if (git_diff_tree_to_tree(&diff, repo, old, cur, &o) != 0 ||
	    git_diff_print(diff, GIT_DIFF_FORMAT_PATCH, print_line, NULL) != 0) {
		git_diff_free(diff);
		return cobra_error(COBRA_DATA, "diff: %s", cobra_git_error());
	}
	git_diff_free(diff);
	return 0;
}

static int cmd_log(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct cobra_store *s = &ctx->store;
	git_revwalk *walk = NULL;
	git_oid oid;
	const struct cobra_entry *e = NULL;
	char debt[21] = "";
	cobra_date since = INT32_MIN, until = INT32_MAX;
	struct cobra_table t;
	bool human = ctx->format == COBRA_FMT_HUMAN;
	int rc = 0;
	if (opt_since && (rc = cobra_date_parse(&since, "since", opt_since)) < 0)
		return rc;
	if (opt_until && (rc = cobra_date_parse(&until, "until", opt_until)) < 0)
		return rc;
	if (argc == 1) {
		int rd = cobra_resolve_debt(s, argv[0], &e, debt);
		if (rd < 0)
			return rd;
		if (rd == 1 && (rc = cobra_resolve_customer(s, argv[0], &e)) < 0)
			return rc;
	}
	if (git_revwalk_new(&walk, s->repo) != 0 || git_revwalk_push(walk, &s->head_id) != 0) {
		git_revwalk_free(walk);
		return cobra_error(COBRA_DATA, "history: %s", cobra_git_error());
	}
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
	cobra_table_init(&t, cols, sizeof(cols) / sizeof(cols[0]));
	while (rc == 0 && git_revwalk_next(&oid, walk) == 0) {
		git_commit *c = NULL, *parent = NULL;
		git_tree *cur = NULL, *old = NULL;
		int yes = 1;
		if (git_commit_lookup(&c, s->repo, &oid) != 0 || git_commit_tree(&cur, c) != 0) {
			rc = cobra_error(COBRA_DATA, "history: %s", cobra_git_error());
			git_commit_free(c);
			break;
		}
		if (git_commit_parentcount(c) > 0 && (git_commit_parent(&parent, c, 0) != 0 || git_commit_tree(&old, parent) != 0))
			rc = cobra_error(COBRA_DATA, "history: %s", cobra_git_error());
		cobra_date day = (cobra_date)(git_commit_time(c) / 86400);
		if (rc == 0 && (day < since || day > until))
			yes = 0;
		if (rc == 0 && yes && e)
			rc = touches(s->repo, old, cur, e->path, debt[0] ? debt : NULL, &yes);
		if (rc == 0 && yes) {
			const char *msg = git_commit_message(c);
			char hex[GIT_OID_HEXSZ + 1], d[11], cmd[32], cust[40], dbt[40], amt[40], req[80];
			const git_signature *au = git_commit_author(c);
			git_oid_tostr(hex, sizeof(hex), &oid);
			cobra_trailer(cmd, sizeof(cmd), msg, "Cobra-Command");
			cobra_trailer(cust, sizeof(cust), msg, "Cobra-Customer");
			cobra_trailer(dbt, sizeof(dbt), msg, "Cobra-Debt");
			cobra_trailer(amt, sizeof(amt), msg, "Cobra-Amount");
			cobra_trailer(req, sizeof(req), msg, "Cobra-Request-Id");
			if (human) {
				printf("%.10s %s ", hex, cobra_date_format(d, day));
				cobra_print_safe(stdout, git_commit_summary(c) ? git_commit_summary(c) : "");
				(void)fputs(" <", stdout);
				cobra_print_safe(stdout, au->name);
				puts(">");
				if (opt_patch) {
					rc = show_patch(s->repo, old, cur, e ? e->path : NULL);
					putchar('\n');
				}
			} else {
				const char *v[] = {hex, cobra_date_format(d, day), au->name, cmd, cust, dbt, amt, req,
					git_commit_summary(c) ? git_commit_summary(c) : ""};
				cobra_table_add(&t, v);
			}
		}
		git_tree_free(old);
		git_tree_free(cur);
		git_commit_free(parent);
		git_commit_free(c);
	}
	if (rc == 0 && !human)
		cobra_table_print(stdout, &t, ctx->format, false);
	cobra_table_free(&t);
	git_revwalk_free(walk);
	return rc;
}

const struct cobra_command cobra_cmd_log = {
	"log", cmd_log, options, "[CUSTOMER|DEBT] [--since DATE] [--until DATE] [-p]", 0, 1, CMD_NEEDS_STORE | CMD_PAGES,
	N_("the audit trail of the store, a customer or a debt, from git history"),
};
