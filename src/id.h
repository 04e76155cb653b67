/*
 * id.h - random record IDs.
 *
 * A customer ID is 16 lowercase hex digits (64 random bits). A debt or
 * payment ID is 20 hex digits: the first 4 of its customer's ID, then 64
 * random bits, so "pay DEBT" finds the customer's file from the ID alone
 * (see cobra-store(5)). IDs are shown as their shortest unique prefix, never
 * shorter than COBRA_ID_MIN_SHOW.
 */
#ifndef COBRA_ID_H
#define COBRA_ID_H

#include <stdbool.h>
#include <stddef.h>

#define COBRA_CUSTOMER_ID_LEN 16
#define COBRA_EVENT_ID_LEN 20
#define COBRA_ID_MIN_SHOW 7
#define COBRA_ID_BUFSZ 24

/* Fills OUT with a new customer ID. Returns 0 or -COBRA_DATA. */
int cobra_id_new_customer(char out[17]);
/* Fills OUT with a new debt/payment ID under CUSTOMER_ID. */
int cobra_id_new_event(char out[21], const char *customer_id);

bool cobra_id_is_hex(const char *s, size_t len);
bool cobra_id_valid_customer(const char *s);
bool cobra_id_valid_event(const char *s);

/* Length of the common prefix of A and B. */
size_t cobra_id_common(const char *a, const char *b);

/* Shortest prefix of ID (at least MIN) that no other of the N IDs starts
 * with. The IDs are char arrays at BASE, BASE + STRIDE, ... (an array of
 * structs whose id member comes first). */
size_t cobra_id_unique_len(const char *id, const void *base, size_t n, size_t stride, size_t min);

#endif
