/*
 * pix.h - the static Pix "BR Code" payload ("copia e cola") and its checks.
 *
 * Use: validate the key when cobra.ini is read (cobra_pix_key_validate), then
 * fill a struct cobra_pix and call cobra_pix_payload() with a cobra_buf; the
 * buffer receives one line of printable ASCII that a bank app accepts pasted
 * or as a QR code. cobra_pix_decode() reads such a line back (for tests and
 * `cobra check`). Nothing here allocates except through the caller's buffer.
 *
 * The payload is EMV QRCPS merchant-presented mode as profiled by the Banco
 * Central's BR Code manual: TLV fields (2-digit id, 2-digit length, value),
 * closed by field 63, a CRC-16/CCITT-FALSE over everything before its value,
 * "6304" included. A static code carries no due date, fine or interest, so
 * callers compute the day's amount themselves and emit a fresh code.
 *
 * Decisions (the spec wants plain ASCII and short fields):
 *  - name and city are folded to ASCII: Latin-1 accented letters become
 *    their base letter with their case (á à â ã ä -> a, Ç -> C, ñ -> n ...),
 *    any other non-ASCII or control character is dropped, runs of spaces
 *    become one, leading and trailing spaces go; then the text is cut to 25
 *    (name, field 59) and 15 (city, field 60) characters, the spec's
 *    maximums, rather than refused, since the business name in cobra.ini is
 *    often longer than 25. An empty result is an error.
 *  - the amount is written "150.00" (dot, two decimals) and must fit the
 *    field's 13 characters: at most 9999999999.99. 0 omits field 54, so the
 *    payer types the amount.
 *  - the txid (field 62/05) is 1-25 of [A-Za-z0-9]; none gives "***".
 *  - the key is stored exactly as the DICT holds it: CPF as 11 digits, CNPJ
 *    as 14 digits, e-mail in lower case, phone as +55 plus 10 or 11 digits,
 *    random key (EVP) as a lower-case UUID. At most 77 characters, so field
 *    26 stays within 99.
 */
#ifndef COBRA_PIX_H
#define COBRA_PIX_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "money.h"

#define COBRA_PIX_KEY_MAX 77
#define COBRA_PIX_NAME_MAX 25
#define COBRA_PIX_CITY_MAX 15
#define COBRA_PIX_TXID_MAX 25
/* "9999999999.99": the 13 characters field 54 allows. */
#define COBRA_PIX_AMOUNT_MAX ((cobra_money)999999999999)

/* CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, no xorout. */
uint16_t cobra_crc16_ccitt(const void *data, size_t len);

struct cobra_pix {
	const char *key;      /* the PIX key as stored in cobra.ini (validated) */
	const char *name;     /* merchant (business) name, any UTF-8 */
	const char *city;     /* merchant city, any UTF-8 */
	cobra_money amount;   /* cents; 0 means "no field 54" (payer types the amount) */
	const char *txid;     /* NULL or "" gives "***" */
};

/* Appends the complete static payload ("copia e cola") to OUT: fields
 * 00=01, 26{00=br.gov.bcb.pix,01=key}, 52=0000, 53=986, 54=amount (when > 0,
 * "150.00" form with a dot), 58=BR, 59=name, 60=city, 62{05=txid}, 63=CRC
 * (4 uppercase hex, computed over everything including "6304").
 * Returns 0 or a negative cobra error (invalid key, amount too large, ...);
 * on error OUT is left as it was. */
int cobra_pix_payload(struct cobra_buf *out, const struct cobra_pix *p);

enum cobra_pix_key_kind {
	COBRA_PIX_KEY_CPF = 1,
	COBRA_PIX_KEY_CNPJ,
	COBRA_PIX_KEY_EMAIL,
	COBRA_PIX_KEY_PHONE,
	COBRA_PIX_KEY_EVP,
};

/* Classifies and validates KEY (see the decisions above), naming FIELD in
 * the error. Returns its kind (> 0) or -COBRA_INVALID. */
int cobra_pix_key_kind(const char *field, const char *key);
/* The same, returning 0 for a valid key. */
int cobra_pix_key_validate(const char *field, const char *key);

/* Folds IN to the ASCII the BR Code wants (see the decisions above) and cuts
 * it to MAX characters; OUT must hold MAX + 1 bytes. Returns 0, or
 * -COBRA_INVALID naming FIELD when nothing printable is left. */
int cobra_pix_ascii(char *out, size_t max, const char *field, const char *in);

/* Decoded fields of a payload, for tests and `cobra check`. */
struct cobra_pix_fields {
	char gui[32], key[80], mcc[5], currency[4], amount[16], country[3], name[26], city[16], txid[26],
		crc[5];
};

/* Walks the TLV structure (2-digit id, 2-digit length, value; nested in 26
 * and 62), checks every length, that 00 comes first, that 63 is last and
 * that the CRC matches. Fields cobra does not use (01, 26/02, other 62
 * sub-fields, 80-99) are skipped; a field given twice, a missing one among
 * 00, 26/00, 26/01, 52, 53, 58, 59, 60, 62/05 and 63, or a value longer than
 * its slot in OUT is refused. Returns 0 or -COBRA_INVALID naming what is
 * wrong. */
int cobra_pix_decode(struct cobra_pix_fields *out, const char *payload);

#endif
