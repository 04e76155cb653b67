#include "opt.h"

#include <stdio.h>
#include <string.h>

#include "error.h"
#include "i18n.h"
#include "text.h"

static const struct cobra_opt *find_long(const struct cobra_opt *opts, const char *name, size_t len)
{
	for (; opts && opts->name; opts++)
		if (strlen(opts->name) == len && strncmp(opts->name, name, len) == 0)
			return opts;
	return NULL;
}

static const struct cobra_opt *find_short(const struct cobra_opt *opts, char c)
{
	for (; opts && opts->name; opts++)
		if (opts->shortname && opts->shortname == c)
			return opts;
	return NULL;
}

int cobra_opt_parse(const struct cobra_opt *opts, int argc, char **argv, char **args, int *nargs)
{
	bool done = false;
	char q[96];
	const struct cobra_opt *seen[64];
	size_t nseen = 0;
	*nargs = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const struct cobra_opt *o = NULL;
		const char *val = NULL;
		if (done || a[0] != '-' || a[1] == '\0' || (a[1] >= '0' && a[1] <= '9')) {
			args[(*nargs)++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			done = true;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			o = find_long(opts, a + 2, len);
			if (eq)
				val = eq + 1;
		} else if (a[2] == '\0') {
			o = find_short(opts, a[1]);
		}
		if (!o)
			return cobra_error(COBRA_USAGE, "unknown option \"%s\"", cobra_quote(q, sizeof(q), a));
		for (size_t k = 0; k < nseen; k++)
			if (seen[k] == o)
				return cobra_error(COBRA_USAGE, "option --%s given twice", o->name);
		if (nseen < 64)
			seen[nseen++] = o;
		if (o->type == COBRA_OPT_FLAG) {
			if (val)
				return cobra_error(COBRA_USAGE, "option --%s takes no value", o->name);
			*o->flag = true;
			continue;
		}
		if (!val) {
			if (i + 1 >= argc)
				return cobra_error(COBRA_USAGE, "option --%s needs a value (%s)", o->name, o->argname);
			val = argv[++i];
		}
		*o->value = val;
	}
	return 0;
}

void cobra_opt_usage(struct cobra_buf *out, const char *cmd, const char *synopsis, const struct cobra_opt *opts)
{
	/* TRANSLATORS: the first word of "usage: cobra pay CUSTOMER AMOUNT" */
	cobra_buf_printf(out, "%s cobra %s%s%s\n", _("usage:"), cmd, synopsis && *synopsis ? " " : "",
		synopsis ? synopsis : "");
	if (!opts || !opts->name)
		return;
	cobra_buf_puts(out, "\n");
	for (; opts->name; opts++) {
		char left[64];
		int n;
		if (opts->shortname)
			n = snprintf(left, sizeof(left), "-%c, --%s%s%s", opts->shortname, opts->name,
				opts->type == COBRA_OPT_VALUE ? " " : "", opts->type == COBRA_OPT_VALUE ? opts->argname : "");
		else
			n = snprintf(left, sizeof(left), "    --%s%s%s", opts->name, opts->type == COBRA_OPT_VALUE ? " " : "",
				opts->type == COBRA_OPT_VALUE ? opts->argname : "");
		(void)n;
		cobra_buf_printf(out, "    %-28s %s\n", left, cobra_tr(opts->help));
	}
}
