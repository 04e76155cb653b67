/* cobra check: validates every record, the rules across records, and the
 * repository's state. Exit 0, or 7 with one "file:line: problem" per line. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../src/ledger.h"
#include "../src/template.h"
#include "cobra.h"

static bool opt_install_hook, opt_index;

static const struct cobra_opt options[] = {
	{"index", 0, COBRA_OPT_FLAG, NULL, N_("check the files staged in the index (for a pre-commit hook)"), NULL,
	 &opt_index},
	{"install-hook", 0, COBRA_OPT_FLAG, NULL, N_("install 'cobra check --index' as the git pre-commit hook"), NULL,
	 &opt_install_hook},
	COBRA_OPT_END,
};

struct report {
	size_t problems, customers, sales, payments;
};

static void problem(struct report *r, const char *fmt, ...) COBRA_PRINTF(2, 3);
static void problem(struct report *r, const char *fmt, ...)
{
	char line[1200];
	va_list ap;
	va_start(ap, fmt);
	(void)vsnprintf(line, sizeof(line), cobra_tr(fmt), ap);
	va_end(ap);
	cobra_print_safe(stdout, line);
	putchar('\n');
	r->problems++;
}

static void rules(struct report *r, const struct cobra_policy *pol, const struct cobra_account *a, const char *path)
{
	char m1[COBRA_MONEY_BUFSZ], m2[COBRA_MONEY_BUFSZ];
	struct cobra_ledger l;
	cobra_date last = INT32_MIN;
	for (size_t i = 0; i < a->nsales; i++) {
		const struct cobra_sale *s = &a->sales[i];
		cobra_money sum = 0;
		for (size_t k = 0; k < s->due_count; k++) {
			sum += s->due[k].amount;
			if (s->due[k].due < s->date)
				problem(r, "%s: [sale %s] due.%zu is before the sale date", path, s->id, k + 1);
		}
		if (s->down >= s->total)
			problem(r, "%s: [sale %s] down payment is not less than the total", path, s->id);
		else if (sum != s->total - s->down + s->financing)
			problem(r, "%s: [sale %s] installments add up to %s, not total - down + financing = %s", path, s->id,
				cobra_money_format(m1, sum), cobra_money_format(m2, s->total - s->down + s->financing));
	}
	for (size_t i = 0; i < a->npayments; i++) {
		const struct cobra_payment *p = &a->payments[i];
		cobra_money sum = 0;
		if (p->date < last)
			problem(r, "%s: [payment %s] is dated before the payment above it", path, p->id);
		last = p->date > last ? p->date : last;
		for (size_t k = 0; k < p->paid_count; k++) {
			const struct cobra_alloc *al = &p->paid[k];
			const struct cobra_sale *s = cobra_account_sale(a, al->debt);
			sum += al->interest + al->fee + al->principal;
			if (s && s->date > p->date)
				problem(r, "%s: [payment %s] paid.%zu pays debt %s before its sale date", path, p->id, k + 1,
					al->debt);
		}
		if (sum != p->amount)
			problem(r, "%s: [payment %s] allocation adds up to %s, not the amount %s", path, p->id,
				cobra_money_format(m1, sum), cobra_money_format(m2, p->amount));
	}
	if (cobra_ledger_build(&l, a, path) < 0) {
		problem(r, "%s", cobra_error_message());
		cobra_error_clear();
		return;
	}
	for (size_t i = 0; i < l.nlines; i++) {
		const struct cobra_iline *line = &l.lines[i];
		struct cobra_owed o;
		cobra_money principal = 0;
		for (size_t k = 0; k < line->nev; k++)
			principal += line->ev[k].principal + line->ev[k].discount;
		if (principal > line->amount)
			problem(r, "%s: debt %s installment %d: payments allocate %s of principal to an installment of %s", path,
				line->sale->id, line->n, cobra_money_format(m1, principal), cobra_money_format(m2, line->amount));
		cobra_date at = line->nev ? line->ev[line->nev - 1].date : line->due;
		struct cobra_charges ch;
		cobra_charges_for(&ch, &pol->charges, a->customer.doc);
		if (cobra_charges_eval(&o, &ch, line->due, line->amount, line->ev, line->nev, at) == 0 && o.overpaid &&
		    principal <= line->amount)
			problem(r, "%s: debt %s installment %d: payments allocate more fee or interest than the rules charge",
				path, line->sale->id, line->n);
		cobra_error_clear();
	}
	cobra_ledger_free(&l);
	if (a->nsales > 0 && cobra_fee_over_cap(&pol->charges, a->customer.doc))
		problem(r, "cobra.ini: late_fee is above 2%%, which consumer law forbids for %s (CDC art. 52 par. 1)",
			a->customer.handle);
}

static void check_one(struct report *r, struct cobra_store *s, const struct cobra_entry *e)
{
	struct cobra_account a;
	if (cobra_store_load_account(s, e, &a) < 0) {
		problem(r, "%s", cobra_error_message());
		cobra_error_clear();
		return;
	}
	r->customers++;
	r->sales += a.nsales;
	r->payments += a.npayments;
	rules(r, &s->policy, &a, e->path);
	cobra_account_free(&a);
}

static void check_worktree(struct report *r, struct cobra_store *s)
{
	git_status_list *st = NULL;
	git_status_options o = GIT_STATUS_OPTIONS_INIT;
	o.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	if (git_status_list_new(&st, s->repo, &o) != 0) {
		problem(r, "repository: cannot read the status: %s", cobra_git_error());
		return;
	}
	for (size_t i = 0; i < git_status_list_entrycount(st); i++) {
		const git_status_entry *se = git_status_byindex(st, i);
		const git_diff_delta *d = se->index_to_workdir ? se->index_to_workdir : se->head_to_index;
		const char *path = d ? (d->new_file.path ? d->new_file.path : d->old_file.path) : "?";
		if (se->status & GIT_STATUS_CONFLICTED)
			problem(r, "%s: unresolved merge conflict", path);
		else if (se->status & GIT_STATUS_WT_NEW)
			problem(r, "%s: untracked file in the store (commit or remove it)", path);
		else
			problem(r, "%s: differs from HEAD (commit it with git, or 'git checkout -- %s')", path, path);
	}
	git_status_list_free(st);
}

/* A template: well formed, with only known placeholders. */
static void check_template(struct report *r, const char *path, const char *text)
{
	if (cobra_template_check(path, text, cobra_template_fields) < 0) {
		problem(r, "%s", cobra_error_message());
		cobra_error_clear();
	}
}

/* Every file under templates/ in HEAD, and a template for every schedule step. */
static void check_templates(struct report *r, struct cobra_store *s)
{
	git_tree_entry *te = NULL;
	git_tree *dir = NULL;
	int found = cobra_tree_entry(&te, s->tree, "templates");
	if (found < 0) {
		problem(r, "%s", cobra_error_message());
		cobra_error_clear();
	} else if (found == 0 && git_tree_entry_type(te) == GIT_OBJECT_TREE &&
		   git_tree_lookup(&dir, s->repo, git_tree_entry_id(te)) == 0) {
		for (size_t i = 0; i < git_tree_entrycount(dir); i++) {
			const git_tree_entry *fe = git_tree_entry_byindex(dir, i);
			char path[300], *data = NULL;
			size_t len = 0;
			(void)snprintf(path, sizeof(path), "templates/%s", git_tree_entry_name(fe));
			if (git_tree_entry_type(fe) != GIT_OBJECT_BLOB || git_tree_entry_filemode(fe) == GIT_FILEMODE_LINK ||
			    cobra_store_read_blob(s, git_tree_entry_id(fe), path, &data, &len) < 0) {
				problem(r, "%s: not a readable file", path);
				cobra_error_clear();
				continue;
			}
			if (strlen(data) != len)
				problem(r, "%s: holds a NUL byte", path);
			else
				check_template(r, path, data);
			free(data);
		}
	}
	git_tree_free(dir);
	git_tree_entry_free(te);
	for (size_t i = 0; i < s->policy.schedule.step_count; i++) {
		char path[64];
		git_tree_entry *fe = NULL;
		(void)snprintf(path, sizeof(path), "templates/%s.txt", s->policy.schedule.step[i].tmpl);
		if ((found = cobra_tree_entry(&fe, s->tree, path)) < 0) {
			problem(r, "%s", cobra_error_message());
			cobra_error_clear();
		} else if (found > 0) {
			problem(r, "cobra.ini: [schedule] step.%zu: no template %s", i + 1, path);
		}
		git_tree_entry_free(fe);
	}
}

static int check_index(struct report *r, struct cobra_store *s)
{
	git_index *idx = NULL;
	if (git_repository_index(&idx, s->repo) != 0)
		return cobra_error(COBRA_DATA, "index: %s", cobra_git_error());
	for (size_t i = 0; i < git_index_entrycount(idx); i++) {
		const git_index_entry *ie = git_index_get_byindex(idx, i);
		char *data = NULL;
		size_t len = 0;
		if (strcmp(ie->path, "cobra.ini") == 0) {
			struct cobra_policy pol;
			if (cobra_store_read_blob(s, &ie->id, ie->path, &data, &len) < 0 ||
			    cobra_policy_parse(&pol, ie->path, data, len) < 0) {
				problem(r, "%s", cobra_error_message());
				cobra_error_clear();
			} else {
				cobra_policy_free(&pol);
			}
		} else if (strncmp(ie->path, "templates/", 10) == 0) {
			if (cobra_store_read_blob(s, &ie->id, ie->path, &data, &len) < 0) {
				problem(r, "%s", cobra_error_message());
				cobra_error_clear();
			} else if (strlen(data) != len) {
				problem(r, "%s: holds a NUL byte", ie->path);
			} else {
				check_template(r, ie->path, data);
			}
		} else if (strncmp(ie->path, "customers/", 10) == 0) {
			struct cobra_entry e;
			memset(&e, 0, sizeof(e));
			if (cobra_entry_from_path(&e, ie->path) != 0) {
				problem(r, "%s: unexpected file (customer files are customers/<xx>/<id>-<handle>.ini)", ie->path);
			} else {
				git_oid_cpy(&e.blob, &ie->id);
				check_one(r, s, &e);
			}
		}
		free(data);
	}
	git_index_free(idx);
	return 0;
}

static int install_hook(struct cobra_store *s)
{
	char self[4096], path[4200];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	struct stat st;
	if (n <= 0)
		(void)snprintf(self, sizeof(self), "cobra");
	else
		self[n] = '\0';
	(void)snprintf(path, sizeof(path), "%shooks", git_repository_path(s->repo));
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		return cobra_error(COBRA_DATA, "%s: %s", path, strerror(errno));
	(void)snprintf(path, sizeof(path), "%shooks/pre-commit", git_repository_path(s->repo));
	if (lstat(path, &st) == 0) {
		char head[256] = "";
		FILE *f = fopen(path, "r");
		size_t got = f ? fread(head, 1, sizeof(head) - 1, f) : 0;
		head[got] = '\0';
		if (f)
			(void)fclose(f);
		if (!strstr(head, "installed by cobra check"))
			return cobra_error(COBRA_REFUSED, "%s: a pre-commit hook exists already; add 'cobra check --index' to it",
				path);
	}
	FILE *f = fopen(path, "w");
	if (!f)
		return cobra_error(COBRA_DATA, "%s: %s", path, strerror(errno));
	int written = fprintf(f, "#!/bin/sh\n# installed by cobra check --install-hook: refuse commits of malformed records\n"
				 "exec '%s' check --index\n",
		self);
	if (fclose(f) != 0 || written < 0 || chmod(path, 0755) != 0)
		return cobra_error(COBRA_DATA, "%s: %s", path, strerror(errno));
	printf(_("installed %s\n"), path);
	return 0;
}

static int cmd_check(struct cobra_ctx *ctx, int argc, char **argv)
{
	struct cobra_store *s = &ctx->store;
	struct report r = {0};
	struct cobra_buf health = {0};
	(void)argc;
	(void)argv;
	if (opt_install_hook)
		return install_hook(s);
	if (opt_index) {
		int rc;
		if ((rc = check_index(&r, s)) < 0)
			return rc;
	} else {
		if (cobra_store_list(s) < 0) {
			problem(&r, "%s", cobra_error_message());
			cobra_error_clear();
		}
		for (size_t i = 0; i < s->ncustomers; i++)
			check_one(&r, s, &s->customers[i]);
		check_templates(&r, s);
		if (cobra_store_health(s, &health) > 0 && health.data) {
			char *save = NULL;
			for (char *line = strtok_r(health.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
				problem(&r, "%s", line);
		}
		check_worktree(&r, s);
	}
	cobra_buf_free(&health);
	if (r.problems)
		return r.problems == 1 ? cobra_error(COBRA_DATA, "check: 1 problem found")
				       : cobra_error(COBRA_DATA, "check: %zu problems found", r.problems);
	/* TRANSLATORS: "ok: 3 customers, 5 sales, 2 payments" */
	printf(_("ok: %zu customers, %zu sales, %zu payments\n"), r.customers, r.sales, r.payments);
	return 0;
}

const struct cobra_command cobra_cmd_check = {
	"check", cmd_check, options, "[--index] [--install-hook]", 0, 0, CMD_NEEDS_STORE,
	N_("validate every record and the repository; usable as a pre-commit hook"),
};
