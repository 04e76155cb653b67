/*
 * buf.h - a growable byte buffer for building file contents and output.
 * Allocation failure is sticky: check buf.oom once before using the result.
 */
#ifndef COBRA_BUF_H
#define COBRA_BUF_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

struct cobra_buf {
	char *data;
	size_t len, cap;
	bool oom;
};

void cobra_buf_add(struct cobra_buf *b, const char *s, size_t n);
void cobra_buf_puts(struct cobra_buf *b, const char *s);
void cobra_buf_printf(struct cobra_buf *b, const char *fmt, ...) COBRA_PRINTF(2, 3);
void cobra_buf_free(struct cobra_buf *b);

#endif
