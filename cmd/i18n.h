/*
 * i18n.h - start-up of the message catalogue; see src/i18n.h for _() and N_().
 */
#ifndef COBRA_CMD_I18N_H
#define COBRA_CMD_I18N_H

/* Sets LC_MESSAGES and LC_CTYPE from the environment (never LC_ALL: LC_NUMERIC
 * stays "C") and binds the "cobra" catalogue. Call first in main(). */
void cobra_i18n_init(void);

/* A payment method (cash, pix, card, transfer, boleto) in the reader's
 * language; records and --format keep the stored word. */
const char *cobra_method_human(const char *method);

#endif
