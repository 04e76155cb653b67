/*
 * handle.h - the handle a customer gets from a name, as add-customer makes
 * it: the name folded (cobra_fold, text.h) to at most 27 bytes, without the
 * '-' a cut may leave at the end, or "c-" and 7 digits of the ID when
 * nothing is left; then "-2", "-3" ... until TAKEN says it is free.
 *
 * TAKEN is the caller's: the store's handles for add-customer
 * (cobra_new_handle, resolve.h); the store's and the file's for import; the
 * ones generated so far for the bench generator.
 */
#ifndef COBRA_HANDLE_H
#define COBRA_HANDLE_H

#include <stdbool.h>

typedef bool cobra_handle_taken_fn(void *arg, const char *handle);

/* Fills OUT. Returns 0, or COBRA_DATA when -2 to -9999 are all taken. */
int cobra_handle_make(char out[33], const char *name, const char *id, cobra_handle_taken_fn *taken, void *arg);

#endif
