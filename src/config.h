/*
 * config.h - the user's own settings, outside the store: the commands that
 * deliver messages. They are not facts of the business and may be secrets
 * (an msmtp account), so they never enter the repository (DESIGN section 3).
 *
 * The file is $COBRA_CONFIG, else $XDG_CONFIG_HOME/cobra/config.ini, else
 * ~/.config/cobra/config.ini; a missing file means the defaults:
 *
 *   [channels]
 *   ; gets the whole RFC 5322 message on stdin
 *   email = sendmail -t -i
 *   ; get the phone as their last argument and the text on stdin;
 *   ; empty: delivery by hand
 *   sms =
 *   whatsapp =
 *   ; seconds before a command is killed
 *   timeout = 60
 *
 * Commands are split into words (spawn.h), never run through a shell.
 */
#ifndef COBRA_CONFIG_H
#define COBRA_CONFIG_H

#include "schema.h"

#define COBRA_CHANNEL_CONFIG_FIELDS(X)                             \
	X(TEXT, email, 161, COBRA_OPT, NULL)                       \
	X(TEXT, sms, 161, COBRA_OPT, NULL)                         \
	X(TEXT, whatsapp, 161, COBRA_OPT, NULL)                    \
	X(INT, timeout, 0, COBRA_OPT, &cobra_timeout_range)

extern const struct cobra_int_range cobra_timeout_range;

struct cobra_config {
	COBRA_CHANNEL_CONFIG_FIELDS(COBRA_MEMBER)
	char path[4096];
};

/* Loads the config (the defaults when there is no file). */
int cobra_config_load(struct cobra_config *c);

#endif
