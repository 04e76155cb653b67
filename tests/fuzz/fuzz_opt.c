/*
 * fuzz_opt.c - the command-line option parser (src/opt.h) over any argv.
 *
 * Input: arguments separated by NUL bytes (at most 64), parsed with a table
 * like a command's: value options with and without a short name, and flags.
 * cobra_opt_parse() is compared with ref_parse(), the rules of opt.h written
 * again here: --name VALUE, --name=VALUE, -x VALUE, flags --name and -x, "--"
 * ends options, "-" and "-<digit>..." are arguments; unknown options, missing
 * values, a value given to a flag and an option given twice are usage errors.
 * Both must accept the same argv, with the same arguments (the same
 * pointers, in order), values and flags; a refusal is -COBRA_USAGE.
 */
#include "fuzz.h"

#include <stdbool.h>

#include "../../src/buf.h"
#include "../../src/error.h"
#include "../../src/opt.h"

#define MAX_ARGS 64

struct result {
	const char *date, *amount, *desc, *format;
	bool force, quiet;
};

static void table(struct cobra_opt opts[7], struct result *r)
{
	const struct cobra_opt t[7] = {
		{"date", 'd', COBRA_OPT_VALUE, "DATE", "date of the sale", &r->date, NULL},
		{"amount", 0, COBRA_OPT_VALUE, "AMOUNT", "how much", &r->amount, NULL},
		{"desc", 0, COBRA_OPT_VALUE, "TEXT", "what was sold", &r->desc, NULL},
		{"force", 'f', COBRA_OPT_FLAG, NULL, "do it anyway", NULL, &r->force},
		{"quiet", 'q', COBRA_OPT_FLAG, NULL, "say nothing", NULL, &r->quiet},
		{"format", 0, COBRA_OPT_VALUE, "FMT", "output format", &r->format, NULL},
		{NULL, 0, COBRA_OPT_FLAG, NULL, NULL, NULL, NULL},
	};
	memcpy(opts, t, sizeof(t));
}

/* Index in OPTS of the option that A (after its dashes) names, or -1. */
static int ref_find(const struct cobra_opt *opts, const char *a, bool is_long, size_t len)
{
	for (int k = 0; opts[k].name; k++) {
		if (is_long && strlen(opts[k].name) == len && memcmp(opts[k].name, a, len) == 0)
			return k;
		if (!is_long && opts[k].shortname && opts[k].shortname == a[0])
			return k;
	}
	return -1;
}

static int ref_parse(const struct cobra_opt *opts, int argc, char **argv, char **args, int *nargs)
{
	bool done = false, seen[8] = {false};
	*nargs = 0;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		int k;
		if (done || a[0] != '-' || strcmp(a, "-") == 0 || (a[1] >= '0' && a[1] <= '9')) {
			args[(*nargs)++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			done = true;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a, '=');
			k = ref_find(opts, a + 2, true, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
			val = eq ? eq + 1 : NULL;
		} else {
			k = strlen(a) == 2 ? ref_find(opts, a + 1, false, 1) : -1;
		}
		if (k < 0 || seen[k])
			return -1;
		seen[k] = true;
		if (opts[k].type == COBRA_OPT_FLAG) {
			if (val)
				return -1;
			*opts[k].flag = true;
			continue;
		}
		if (!val) {
			if (i + 1 == argc)
				return -1;
			val = argv[++i];
		}
		*opts[k].value = val;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_split in;
	char *argv[MAX_ARGS], *args[MAX_ARGS], *ref_args[MAX_ARGS];
	int argc = 0, nargs = -1, ref_nargs = -1;
	struct result got = {0}, want = {0};
	struct cobra_opt opts[7], ref_opts[7];
	const char *a;
	fuzz_split_init(&in, data, size);
	while (argc < MAX_ARGS && (a = fuzz_next(&in)))
		argv[argc++] = (char *)a;
	table(opts, &got);
	table(ref_opts, &want);
	cobra_error_clear();
	int rc = cobra_opt_parse(opts, argc, argv, args, &nargs);
	int rr = ref_parse(ref_opts, argc, argv, ref_args, &ref_nargs);
	FUZZ_ASSERT((rc == 0) == (rr == 0), "cobra %s, reference %s", rc == 0 ? "accepts" : "refuses",
		    rr == 0 ? "accepts" : "refuses");
	if (rc < 0) {
		FUZZ_ASSERT(rc == -COBRA_USAGE && cobra_error_message()[0], "rc %d", rc);
	} else {
		FUZZ_ASSERT(nargs == ref_nargs, "%d arguments, reference %d", nargs, ref_nargs);
		for (int i = 0; i < nargs; i++)
			FUZZ_ASSERT(args[i] == ref_args[i], "argument %d: \"%s\", reference \"%s\"", i, args[i],
				    ref_args[i]);
		FUZZ_ASSERT(got.date == want.date && got.amount == want.amount && got.desc == want.desc &&
				    got.format == want.format,
			    "values differ");
		FUZZ_ASSERT(got.force == want.force && got.quiet == want.quiet, "flags differ");
	}
	/* The usage lists every option, one line each after the synopsis. */
	struct cobra_buf usage = {0};
	size_t lines = 0;
	cobra_opt_usage(&usage, "sell", "CUSTOMER AMOUNT", opts);
	for (size_t i = 0; i < usage.len; i++)
		lines += usage.data[i] == '\n';
	FUZZ_ASSERT(lines == 2 + 6, "usage has %zu lines", lines);
	cobra_buf_free(&usage);
	fuzz_split_free(&in);
	return 0;
}
