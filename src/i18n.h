/*
 * i18n.h - messages for people through gettext, in the text domain "cobra".
 *
 * _("literal") translates a message where it is printed; P_("one", "many", n)
 * picks the singular or plural form. N_("literal") only
 * marks a literal kept in a table (option help, column titles, command
 * summaries) so that xgettext finds it; the printer translates it with
 * cobra_tr(). cobra_error(), cobra_error_replace() and cobra_hint() translate
 * their format themselves, so their callers write plain literals.
 *
 * Only text for people goes through here: never --format tsv|csv|json, JSON
 * keys, record files or commit messages, which must not change with LANG.
 * Until cmd/i18n.c has bound the domain (and under LANG=C) every call returns
 * its argument unchanged.
 */
#ifndef COBRA_I18N_H
#define COBRA_I18N_H

#include <libintl.h>
#include <stddef.h>

#define COBRA_TEXTDOMAIN "cobra"

/* NOLINTBEGIN(bugprone-reserved-identifier): _ and N_ are the names xgettext and translators know */
#define _(s) dgettext(COBRA_TEXTDOMAIN, s)
#define N_(s) s
/* singular or plural by N, as the language counts (Portuguese: 0 and 1 are singular) */
#define P_(s, p, n) dngettext(COBRA_TEXTDOMAIN, s, p, (unsigned long)(n))
/* NOLINTEND(bugprone-reserved-identifier) */

/* The translation of S, a message kept in a table; NULL and "" stay as they
 * are ("" would otherwise give the catalogue's header). */
static inline const char *cobra_tr(const char *s)
{
	return s && *s ? dgettext(COBRA_TEXTDOMAIN, s) : s;
}

#endif
