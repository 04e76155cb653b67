/*
 * error.h - one error state for the core, and the exit codes of DESIGN §6.
 *
 * Core functions (src/) never print and never exit. A function that fails
 * returns a negative cobra_status (or a code from this enum), after calling
 * cobra_error() once, where the failure happened, with a message that names
 * the field and the offending value. The command layer (cmd/) prints it as
 * "cobra: error: <message>" and exits with cobra_exit_code(). A hint (a second
 * line, "hint: ...") may be attached with cobra_hint().
 *
 * The format of cobra_error(), cobra_error_replace() and cobra_hint() is a
 * message for people: it is looked up in the gettext catalogue (i18n.h)
 * before formatting, so pass a literal (xgettext extracts it) and keep the
 * field name and the quoted value in the arguments. The English text stays
 * available for records (cobra_error_message_c).
 */
#ifndef COBRA_ERROR_H
#define COBRA_ERROR_H

#include <stddef.h>

enum cobra_exit {
	COBRA_OK = 0,
	COBRA_NO = 1,        /* a query answered "no" */
	COBRA_USAGE = 2,     /* unknown command/option, missing or extra argument */
	COBRA_INVALID = 3,   /* a value failed validation */
	COBRA_NOTFOUND = 4,  /* no such customer/debt, or ambiguous reference */
	COBRA_REFUSED = 5,   /* refused by a rule, or a dirty repository */
	COBRA_BUSY = 6,      /* store locked by another cobra: nothing changed */
	COBRA_DATA = 7,      /* malformed record, I/O failure, git failure */
};

#if defined(__GNUC__)
#define COBRA_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define COBRA_PRINTF(a, b)
#endif

/* Records the error and returns -code, so callers can write
 * "return cobra_error(COBRA_INVALID, ...)". The first error wins until
 * cobra_error_clear(): later calls do not mask the original cause. */
int cobra_error(enum cobra_exit code, const char *fmt, ...) COBRA_PRINTF(2, 3);
/* Replaces any recorded error (used when a caller knows better). */
int cobra_error_replace(enum cobra_exit code, const char *fmt, ...) COBRA_PRINTF(2, 3);
void cobra_hint(const char *fmt, ...) COBRA_PRINTF(1, 2);
void cobra_error_clear(void);

const char *cobra_error_message(void);
/* The same message in English whatever LANG says: for what is written into
 * the store, which must not depend on who ran the command. */
const char *cobra_error_message_c(void);
/* strerror() in English whatever LC_MESSAGES says, for a message that may be
 * written into the store (a channel command's failure: cobra_spawn). */
const char *cobra_strerror_c(int err);
const char *cobra_error_hint(void);
enum cobra_exit cobra_error_code(void);
/* Turns a negative return into its exit code (0 stays 0). */
int cobra_exit_code(int rc);

#endif
