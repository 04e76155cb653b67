/*
 * buf.h - a growable byte buffer for building file contents and output.
 * Allocation failure is sticky: check buf.oom once before using the result.
 */
#ifndef COBRA_BUF_H
#define COBRA_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "error.h"

struct cobra_buf {
	char *data;
	size_t len, cap;
	bool oom;
};

void cobra_buf_add_slow(struct cobra_buf *b, const char *s, size_t n);

/* Appends N bytes; the common case (room left) stays inline. */
static inline void cobra_buf_add(struct cobra_buf *b, const char *s, size_t n)
{
	if (b->data && !b->oom && b->cap > b->len && n < b->cap - b->len && n < ((size_t)1 << 40)) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
		return;
	}
	cobra_buf_add_slow(b, s, n);
}
void cobra_buf_puts(struct cobra_buf *b, const char *s);
void cobra_buf_printf(struct cobra_buf *b, const char *fmt, ...) COBRA_PRINTF(2, 3);
void cobra_buf_free(struct cobra_buf *b);

#endif
