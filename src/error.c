#include "error.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "i18n.h"

/* err_msg is for people, in their language; err_msg_c is the same message
 * in English, for what is written down (a reminder's failure reason). */
static char err_msg[1024];
static char err_msg_c[1024];
static char err_hint[512];
static enum cobra_exit err_code;

static int set(enum cobra_exit code, const char *fmt, va_list ap)
{
	const char *tr = cobra_tr(fmt);
	va_list ap2;
	va_copy(ap2, ap);
	if (vsnprintf(err_msg_c, sizeof(err_msg_c), fmt, ap) < 0)
		(void)snprintf(err_msg_c, sizeof(err_msg_c), "unknown error");
	if (tr == fmt)
		memcpy(err_msg, err_msg_c, sizeof(err_msg));
	else if (vsnprintf(err_msg, sizeof(err_msg), tr, ap2) < 0)
		(void)snprintf(err_msg, sizeof(err_msg), "%s", err_msg_c);
	va_end(ap2);
	err_code = code;
	return -(int)code;
}

int cobra_error(enum cobra_exit code, const char *fmt, ...)
{
	va_list ap;
	if (err_code != COBRA_OK)
		return -(int)code;
	va_start(ap, fmt);
	set(code, fmt, ap);
	va_end(ap);
	return -(int)code;
}

int cobra_error_replace(enum cobra_exit code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set(code, fmt, ap);
	va_end(ap);
	err_hint[0] = '\0';
	return -(int)code;
}

void cobra_hint(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (vsnprintf(err_hint, sizeof(err_hint), cobra_tr(fmt), ap) < 0)
		err_hint[0] = '\0';
	va_end(ap);
}

void cobra_error_clear(void)
{
	err_msg[0] = '\0';
	err_msg_c[0] = '\0';
	err_hint[0] = '\0';
	err_code = COBRA_OK;
}

const char *cobra_error_message(void) { return err_msg; }
const char *cobra_error_message_c(void) { return err_msg_c; }

const char *cobra_strerror_c(int err)
{
	static locale_t c_locale;
	if (!c_locale)
		c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	return c_locale ? strerror_l(err, c_locale) : strerror(err);
}
const char *cobra_error_hint(void) { return err_hint; }
enum cobra_exit cobra_error_code(void) { return err_code; }

int cobra_exit_code(int rc)
{
	if (rc >= 0)
		return rc;
	return -rc;
}
