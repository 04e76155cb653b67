/*
 * text.h - UTF-8 text fields: validation, safe quoting, folding, handles.
 *
 * Every free-text value that reaches a record file passes
 * cobra_text_validate(): valid UTF-8, no control characters (C0, DEL, C1),
 * no bidirectional overrides, no leading or trailing space, no " ;" (inih
 * would read it as a comment) and at most MAX bytes, so that a value can never
 * split into a forged key or line (DESIGN §9).
 */
#ifndef COBRA_TEXT_H
#define COBRA_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Length in bytes of the valid UTF-8 sequence at S (1-4), or 0 if invalid.
 * Sets *CP to the code point. Rejects overlong forms and surrogates. */
int cobra_utf8_decode(const unsigned char *s, size_t avail, unsigned *cp);
bool cobra_utf8_valid(const char *s, size_t len);

/* Checks VALUE as a text field named FIELD of at most MAX bytes. Returns 0 or
 * -COBRA_INVALID with the message set. */
int cobra_text_validate(const char *field, const char *value, size_t max);

/* Copies VALUE with leading/trailing ASCII spaces removed into OUT. Returns
 * -COBRA_INVALID if it does not fit. */
int cobra_text_trim(char *out, size_t n, const char *field, const char *value);

/* True for a code point that must never reach a terminal raw: C0 and C1
 * controls, DEL, line/paragraph separators, BOM, direction marks and
 * overrides. cobra_quote and cobra_print_safe show it as <U+XXXX> or \xNN. */
bool cobra_text_unsafe(unsigned cp);

/* Printable, bounded excerpt of VALUE for error messages: control bytes,
 * invalid UTF-8, C1 and bidi characters become \xNN or <U+XXXX>. */
const char *cobra_quote(char *out, size_t n, const char *value);

/* Folds VALUE for matching: ASCII lowercase, Latin accents removed (á->a,
 * ç->c, ...), runs of anything else become one '-', no leading or trailing
 * '-'. Writes at most N-1 bytes. */
void cobra_fold(char *out, size_t n, const char *value);

#endif
