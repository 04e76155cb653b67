/*
 * template.h - message templates with {{placeholders}} (DESIGN §5).
 *
 * A template is a UTF-8 text file, templates/<name>.txt in the store:
 *
 *     Subject: Lembrete de {{business}}      <- optional first line
 *                                             <- optional blank line, dropped
 *     Olá, {{first_name}}! ...                <- the body
 *
 * A placeholder is "{{", optional spaces, a name of ASCII letters, digits and
 * '_', optional spaces, "}}", all on one line. Single braces are plain text;
 * a "{{" without its "}}", a "{" inside a placeholder and a stray "}}" are
 * errors, so that a typo is reported instead of being mailed to a customer.
 *
 * Use: cobra_template_check() when a template is written or checked (`cobra
 * check`), with cobra_template_fields; cobra_template_render() for each
 * message, with a lookup function that returns the customer's values. The
 * values are the caller's formatted text: money as the store prints it
 * ("R$ 1.234,56"), dates as "DD/MM/AAAA", business_doc with its kind
 * ("CNPJ 12.345.678/0001-90"), items one installment per line.
 *
 * Rendering is one pass: text coming from a value is never read as template
 * text again, so a customer named "{{pix}}" is printed as "{{pix}}". Values
 * are sanitised on the way in (see cobra_template_render), so that data from
 * records can never forge a header, a terminal escape or an extra line.
 */
#ifndef COBRA_TEMPLATE_H
#define COBRA_TEMPLATE_H

#include "buf.h"

/* The placeholders cobra knows, NULL-terminated: name first_name business
 * business_doc business_address items principal fee interest total due_date
 * days_late pay_how pix offer today. */
extern const char *const cobra_template_fields[];

/* The one placeholder whose value may span lines (in the body only). */
#define COBRA_TEMPLATE_MULTILINE "items"

/* Checks TEXT, the contents of file PATH (PATH only names it in messages):
 * valid UTF-8; no control character but \n (no CR, no tab, no DEL, no C1, no
 * bidi override or BOM: cobra_text_unsafe); well-formed placeholders; each
 * name in KNOWN (NULL-terminated), or any name when KNOWN is NULL. Errors are
 * -COBRA_DATA with "PATH:LINE: ..." naming the offending text, e.g.
 * "templates/x.txt:3: unknown placeholder \"{{nome}}\"". */
int cobra_template_check(const char *path, const char *text, const char *const *known);

/* Returns the value of placeholder FIELD, or NULL when it has none (render
 * then fails naming the placeholder). The string must stay valid until the
 * next call. */
typedef const char *(*cobra_template_lookup)(void *ctx, const char *field);

/* Checks TEXT (any placeholder names), then renders it: the Subject line's
 * text (after "Subject:" and its spaces, trailing spaces removed) is appended
 * to SUBJECT (nothing when the template has none; SUBJECT may be NULL to drop
 * it), the rest to BODY. Values are inserted literally after sanitising:
 *   - CR is dropped (so CR LF counts as LF);
 *   - LF becomes a space, except in the body's "items", which keeps it;
 *     tab always becomes a space;
 *   - every other C0 control, DEL, C1 control (U+0080-U+009F), bidi override,
 *     U+2028/U+2029 and BOM is dropped;
 *   - an ESC sequence is dropped whole: CSI (ESC [ ... final byte), OSC and
 *     the other string sequences (ESC ] P X ^ _ ... up to BEL or ESC \),
 *     and two- or three-byte escapes (ESC [ -/]* one byte);
 *   - each byte of invalid UTF-8 becomes U+FFFD, so a broken value shows.
 * Returns 0, or -COBRA_DATA (bad template, a placeholder without a value,
 * out of memory). */
int cobra_template_render(struct cobra_buf *subject, struct cobra_buf *body, const char *path,
			  const char *text, cobra_template_lookup lookup, void *ctx);

/* Appends VALUE sanitised as above; MULTILINE keeps its line feeds. */
void cobra_template_sanitise(struct cobra_buf *out, const char *value, int multiline);

/* The default templates that `cobra init` writes into templates/<name>.txt:
 * friendly (3 days before the due date), due-today, overdue (3 days after),
 * offer (10 days after), notice (30 days after, a printed letter with the
 * prior notice of CDC art. 43 §2). Portuguese, courteous, never threatening
 * (CDC art. 42), each naming the creditor by name, document and address (CDC
 * art. 42-A). {NULL, NULL}-terminated. */
struct cobra_template_default {
	const char *name;
	const char *text;
};
extern const struct cobra_template_default cobra_template_defaults[];

#endif
