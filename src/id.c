#include "id.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include "error.h"

static int random_hex(char *out, size_t ndigits)
{
	unsigned char raw[16];
	size_t nbytes = (ndigits + 1) / 2;
	size_t got = 0;
	static const char hex[] = "0123456789abcdef";
	while (got < nbytes) {
		ssize_t n = getrandom(raw + got, nbytes - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return cobra_error(COBRA_DATA, "random: cannot read random bytes: %s", strerror(errno));
		}
		got += (size_t)n;
	}
	for (size_t i = 0; i < ndigits; i++)
		out[i] = hex[(raw[i / 2] >> (i % 2 ? 0 : 4)) & 0xf];
	out[ndigits] = '\0';
	return 0;
}

int cobra_id_new_customer(char out[17])
{
	return random_hex(out, COBRA_CUSTOMER_ID_LEN);
}

int cobra_id_new_event(char out[21], const char *customer_id)
{
	memcpy(out, customer_id, 4);
	return random_hex(out + 4, COBRA_EVENT_ID_LEN - 4);
}

bool cobra_id_is_hex(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}

bool cobra_id_valid_customer(const char *s)
{
	return strlen(s) == COBRA_CUSTOMER_ID_LEN && cobra_id_is_hex(s, COBRA_CUSTOMER_ID_LEN);
}

bool cobra_id_valid_event(const char *s)
{
	return strlen(s) == COBRA_EVENT_ID_LEN && cobra_id_is_hex(s, COBRA_EVENT_ID_LEN);
}

size_t cobra_id_common(const char *a, const char *b)
{
	size_t n = 0;
	while (a[n] && a[n] == b[n])
		n++;
	return n;
}

size_t cobra_id_unique_len(const char *id, const void *base, size_t n, size_t stride, size_t min)
{
	size_t best = min, len = strlen(id);
	for (size_t i = 0; i < n; i++) {
		const char *other = (const char *)base + i * stride;
		if (strcmp(other, id) == 0)
			continue;
		size_t c = cobra_id_common(id, other) + 1;
		best = c > best ? c : best;
	}
	return best > len ? len : best;
}
