/*
 * customer_input.h - the profile options shared by add-customer and
 * edit-customer, validated by the customer schema's own field kinds.
 */
#ifndef COBRA_CUSTOMER_INPUT_H
#define COBRA_CUSTOMER_INPUT_H

#include "../src/records.h"

struct cobra_profile_opts {
	const char *name, *doc, *phone, *email, *address, *limit, *channel, *note;
};

#define COBRA_PROFILE_OPTS(p)                                                                              \
	{"doc", 0, COBRA_OPT_VALUE, "CPF|CNPJ", N_("CPF or CNPJ (check digits verified)"), &(p).doc, NULL},       \
	{"phone", 0, COBRA_OPT_VALUE, "PHONE", N_("phone number, 8 to 15 digits"), &(p).phone, NULL},           \
	{"email", 0, COBRA_OPT_VALUE, "EMAIL", N_("email address"), &(p).email, NULL},                           \
	{"address", 0, COBRA_OPT_VALUE, "TEXT", N_("postal address"), &(p).address, NULL},                      \
	{"limit", 0, COBRA_OPT_VALUE, "AMOUNT", N_("credit limit"), &(p).limit, NULL},                          \
	{"channel", 0, COBRA_OPT_VALUE, "CHANNEL", N_("preferred channel: email, sms, whatsapp, letter, call"),  \
	 &(p).channel, NULL},                                                                               \
	{"note", 0, COBRA_OPT_VALUE, "TEXT", N_("a note"), &(p).note, NULL}

/* Applies every given option to C. An empty value clears an optional field.
 * Returns the number of fields set, or an error. */
int cobra_profile_apply(struct cobra_customer *c, const struct cobra_profile_opts *p);

#endif
