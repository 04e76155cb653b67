#include "text.h"

#include <stdio.h>
#include <string.h>

#include "error.h"

int cobra_utf8_decode(const unsigned char *s, size_t avail, unsigned *cp)
{
	unsigned c = s[0];
	int len;
	unsigned v, min;
	if (c < 0x80) {
		*cp = c;
		return 1;
	} else if ((c & 0xe0) == 0xc0) {
		len = 2;
		v = c & 0x1f;
		min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		len = 3;
		v = c & 0x0f;
		min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		len = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return 0;
	}
	if ((size_t)len > avail)
		return 0;
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		v = (v << 6) | (s[i] & 0x3f);
	}
	if (v < min || v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
		return 0;
	*cp = v;
	return len;
}

bool cobra_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < len) {
		unsigned cp;
		int n = cobra_utf8_decode(p + i, len - i, &cp);
		if (n == 0)
			return false;
		i += (size_t)n;
	}
	return true;
}

bool cobra_text_unsafe(unsigned cp);

static bool is_bidi(unsigned cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

static bool is_control(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0xfeff;
}

bool cobra_text_unsafe(unsigned cp)
{
	return is_control(cp) || is_bidi(cp);
}

int cobra_text_validate(const char *field, const char *value, size_t max)
{
	char q[96];
	size_t len = strlen(value);
	const unsigned char *p = (const unsigned char *)value;
	cobra_quote(q, sizeof(q), value);
	if (len > max)
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is too long (%zu bytes, at most %zu)", field, q, len, max);
	for (size_t i = 0; i < len;) {
		unsigned cp;
		int n = cobra_utf8_decode(p + i, len - i, &cp);
		if (n == 0)
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not valid UTF-8", field, q);
		if (is_control(cp))
			return cobra_error(COBRA_INVALID, "%s: \"%s\" contains a control character", field, q);
		if (is_bidi(cp))
			return cobra_error(COBRA_INVALID, "%s: \"%s\" contains a text-direction override", field, q);
		i += (size_t)n;
	}
	if (len > 0 && (value[0] == ' ' || value[len - 1] == ' '))
		return cobra_error(COBRA_INVALID, "%s: \"%s\" starts or ends with a space", field, q);
	if (value[0] == ';' || strstr(value, " ;") != NULL)
		return cobra_error(COBRA_INVALID, "%s: \"%s\" contains \";\" after a space (it would start a comment in the record)", field, q);
	return 0;
}

int cobra_text_trim(char *out, size_t n, const char *field, const char *value)
{
	const char *s = value, *e;
	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && e[-1] == ' ')
		e--;
	if ((size_t)(e - s) + 1 > n) {
		char q[96];
		return cobra_error(COBRA_INVALID, "%s: \"%s\" is too long (at most %zu bytes)", field,
			cobra_quote(q, sizeof(q), value), n - 1);
	}
	memcpy(out, s, (size_t)(e - s));
	out[e - s] = '\0';
	return 0;
}

const char *cobra_quote(char *out, size_t n, const char *value)
{
	size_t o = 0, len = strlen(value);
	const unsigned char *p = (const unsigned char *)value;
	if (n < 16) {
		if (n)
			out[0] = '\0';
		return out;
	}
	for (size_t i = 0; i < len;) {
		char buf[16];
		size_t blen;
		unsigned cp;
		int cl = cobra_utf8_decode(p + i, len - i, &cp);
		if (cl == 0) {
			(void)snprintf(buf, sizeof(buf), "\\x%02x", p[i]);
			blen = 4;
			cl = 1;
		} else if (cp < 0x20 || cp == 0x7f) {
			(void)snprintf(buf, sizeof(buf), "\\x%02x", cp);
			blen = 4;
		} else if (is_control(cp) || is_bidi(cp)) {
			blen = (size_t)snprintf(buf, sizeof(buf), "<U+%04X>", cp);
		} else if (cp == '"' || cp == '\\') {
			buf[0] = '\\';
			buf[1] = (char)cp;
			blen = 2;
		} else {
			memcpy(buf, p + i, (size_t)cl);
			blen = (size_t)cl;
		}
		if (o + blen + 4 >= n) {
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		memcpy(out + o, buf, blen);
		o += blen;
		i += (size_t)cl;
	}
	out[o] = '\0';
	return out;
}

/* ASCII base letter of a Latin-1 Supplement / Latin Extended-A letter, or 0. */
static char fold_latin(unsigned cp)
{
	static const char l1[] = /* U+00C0 .. U+00FF */
		"aaaaaaaceeeeiiii" "dnooooo-ouuuuyts"
		"aaaaaaaceeeeiiii" "dnooooo-ouuuuyty";
	static const char exta[] = /* U+0100 .. U+017F */
		"aaaaaaccccccccdd" "ddeeeeeeeeeegggg"
		"gggghhhhiiiiiiii" "iiiijjkkklllllll"
		"lllnnnnnnnnnoooo" "oooorrrrrrssssss"
		"ssttttttuuuuuuuu" "uuuuwwyyyzzzzzzs";
	if (cp >= 0xc0 && cp <= 0xff)
		return l1[cp - 0xc0];
	if (cp >= 0x100 && cp <= 0x17f)
		return exta[cp - 0x100];
	return 0;
}

void cobra_fold(char *out, size_t n, const char *value)
{
	size_t o = 0, len = strlen(value);
	const unsigned char *p = (const unsigned char *)value;
	bool dash = false;
	if (n == 0)
		return;
	for (size_t i = 0; i < len && o + 1 < n;) {
		unsigned cp;
		int cl = cobra_utf8_decode(p + i, len - i, &cp);
		char c = 0;
		if (cl == 0)
			cl = 1;
		else if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			c = (char)cp;
		else if (cp >= 'A' && cp <= 'Z')
			c = (char)(cp - 'A' + 'a');
		else
			c = fold_latin(cp);
		if (c == '-')
			c = 0;
		i += (size_t)cl;
		if (c == 0) {
			dash = o > 0;
			continue;
		}
		if (dash) {
			if (o + 2 >= n)
				break; /* no room for "-x": stop at a word boundary */
			out[o++] = '-';
		}
		dash = false;
		out[o++] = c;
	}
	out[o] = '\0';
}
