/*
 * i18n.c - binds the "cobra" message catalogue (src/i18n.h) at start-up.
 *
 * Only LC_MESSAGES and LC_CTYPE follow the environment: LC_NUMERIC stays "C"
 * so that no number is ever read or written with a decimal comma by the C
 * library (DESIGN §9), and money and dates keep following the store's
 * locale, not LANG.
 *
 * The catalogue directory is the first of:
 *   $COBRA_LOCALEDIR                   a tester's or packager's override
 *   <dir of the binary>/build/locale   the build tree: ./cobra
 *   <dir of the binary>/locale         the build tree: build/cobra
 *   <dir of the binary>/../share/locale an install under any PREFIX or DESTDIR
 *   COBRA_LOCALEDIR (compiled in)      $(PREFIX)/share/locale, when /proc is missing
 * The binary's own directory comes before the compiled-in one so that a build
 * tree never picks up an older installed catalogue, and an install is
 * relocatable (a DESTDIR install finds its own catalogue).
 */
#include <limits.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../src/i18n.h"
#include "i18n.h"
#include "terminal.h"

#ifndef COBRA_LOCALEDIR
#define COBRA_LOCALEDIR "/usr/local/share/locale"
#endif

static bool is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Writes the catalogue directory beside the running binary into OUT;
 * false when there is none. */
static bool beside_binary(char *out, size_t n)
{
	static const char *const rel[] = {"/build/locale", "/locale", "/../share/locale"};
	char exe[PATH_MAX];
	if (!cobra_exe_dir(exe, sizeof(exe)))
		return false;
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		int w = snprintf(out, n, "%s%s", exe, rel[i]);
		if (w > 0 && (size_t)w < n && is_dir(out))
			return true;
	}
	return false;
}

const char *cobra_method_human(const char *method)
{
	/* TRANSLATORS: payment methods, as in "R$ 10,00 by cash" */
	static const char *const words[] = {N_("cash"), N_("pix"), N_("card"), N_("transfer"), N_("boleto")};
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(method, words[i]) == 0)
			return _(words[i]);
	return method;
}

void cobra_i18n_init(void)
{
	char dir[PATH_MAX + 32];
	const char *env = getenv("COBRA_LOCALEDIR");
	(void)setlocale(LC_CTYPE, "");
	(void)setlocale(LC_MESSAGES, "");
	if (env && *env)
		(void)snprintf(dir, sizeof(dir), "%s", env);
	else if (!beside_binary(dir, sizeof(dir)))
		(void)snprintf(dir, sizeof(dir), "%s", COBRA_LOCALEDIR);
	(void)bindtextdomain(COBRA_TEXTDOMAIN, dir);
	(void)bind_textdomain_codeset(COBRA_TEXTDOMAIN, "UTF-8");
}
