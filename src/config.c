#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fileio.h"

const struct cobra_int_range cobra_timeout_range = {1, 3600};

#define F_CONFIG(k, n, s, r, e) COBRA_FIELD(struct cobra_config, k, n, s, r, e)
static const struct cobra_field config_fields[] = {COBRA_CHANNEL_CONFIG_FIELDS(F_CONFIG)};
static const struct cobra_schema config_schema = {"channels", config_fields,
						  sizeof(config_fields) / sizeof(config_fields[0])};

static void config_path(char *out, size_t n)
{
	const char *p = getenv("COBRA_CONFIG"), *x = getenv("XDG_CONFIG_HOME"), *h = getenv("HOME");
	if (p && *p)
		(void)snprintf(out, n, "%s", p);
	else if (x && *x)
		(void)snprintf(out, n, "%s/cobra/config.ini", x);
	else
		(void)snprintf(out, n, "%s/.config/cobra/config.ini", h ? h : "");
}

int cobra_config_load(struct cobra_config *c)
{
	struct cobra_ini ini;
	char *data = NULL;
	size_t len = 0;
	int rc = 0;
	memset(c, 0, sizeof(*c));
	memcpy(c->email, "sendmail -t -i", sizeof("sendmail -t -i"));
	c->timeout = 60;
	config_path(c->path, sizeof(c->path));
	if ((rc = cobra_file_read(c->path, &data, &len)) != 0)
		return rc > 0 ? 0 : rc; /* 1: no file, the defaults */
	if ((rc = cobra_ini_parse(&ini, c->path, data, len)) == 0) {
		for (size_t i = 0; i < ini.nsections && rc == 0; i++) {
			const struct cobra_section *sec = &ini.sections[i];
			if (strcmp(sec->type, "channels") != 0 || sec->id[0])
				rc = cobra_error(COBRA_DATA, "%s:%d: unknown section [%s]", c->path, sec->line, sec->type);
			else
				rc = cobra_schema_read(&config_schema, &ini, sec, c);
		}
		cobra_ini_free(&ini);
	}
	free(data);
	return rc;
}
