#include "error.h"

#include <stdarg.h>
#include <stdio.h>

static char err_msg[1024];
static char err_hint[512];
static enum cobra_exit err_code;

static int set(enum cobra_exit code, const char *fmt, va_list ap)
{
	int n = vsnprintf(err_msg, sizeof(err_msg), fmt, ap);
	if (n < 0)
		(void)snprintf(err_msg, sizeof(err_msg), "unknown error");
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
	if (vsnprintf(err_hint, sizeof(err_hint), fmt, ap) < 0)
		err_hint[0] = '\0';
	va_end(ap);
}

void cobra_error_clear(void)
{
	err_msg[0] = '\0';
	err_hint[0] = '\0';
	err_code = COBRA_OK;
}

const char *cobra_error_message(void) { return err_msg; }
const char *cobra_error_hint(void) { return err_hint; }
enum cobra_exit cobra_error_code(void) { return err_code; }

int cobra_exit_code(int rc)
{
	if (rc >= 0)
		return rc;
	return -rc;
}
