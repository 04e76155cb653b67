#include "handle.h"

#include <stdio.h>
#include <string.h>

#include "error.h"
#include "text.h"

int cobra_handle_make(char out[33], const char *name, const char *id, cobra_handle_taken_fn *taken, void *arg)
{
	char slug[33];
	cobra_fold(slug, 28, name);
	size_t l = strlen(slug);
	while (l > 0 && slug[l - 1] == '-')
		slug[--l] = '\0';
	if (l == 0)
		(void)snprintf(slug, sizeof(slug), "c-%.7s", id);
	(void)snprintf(out, 33, "%s", slug);
	for (int n = 2; taken(arg, out); n++) {
		if (n > 9999)
			return cobra_error(COBRA_DATA, "handle: no free handle for \"%s\"", slug);
		char tmp[64];
		(void)snprintf(tmp, sizeof(tmp), "%.27s-%d", slug, n);
		(void)snprintf(out, 33, "%.32s", tmp);
	}
	return 0;
}
