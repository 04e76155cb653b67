/* print_customer.h - a customer profile as JSON or as "key: value" lines. */
#ifndef COBRA_PRINT_CUSTOMER_H
#define COBRA_PRINT_CUSTOMER_H

#include <stdio.h>

#include "../src/records.h"
#include "cobra.h"

void cobra_print_customer_json(FILE *out, const struct cobra_customer *c);
void cobra_print_customer_human(FILE *out, struct cobra_ctx *ctx, const struct cobra_customer *c);

#endif
