#include "doc.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "text.h"

static int cpf_digit(const char *s, int n)
{
	int sum = 0;
	for (int i = 0; i < n; i++)
		sum += (s[i] - '0') * (n + 1 - i);
	int r = (sum * 10) % 11;
	return r == 10 ? 0 : r;
}

static bool cpf_ok(const char *s)
{
	bool same = true;
	for (int i = 1; i < 11; i++)
		same = same && s[i] == s[0];
	if (same)
		return false;
	return cpf_digit(s, 9) == s[9] - '0' && cpf_digit(s, 10) == s[10] - '0';
}

static int cnpj_digit(const char *s, int n)
{
	int sum = 0, w = 2;
	for (int i = n - 1; i >= 0; i--) {
		sum += (s[i] - '0') * w;
		w = w == 9 ? 2 : w + 1;
	}
	int r = sum % 11;
	return r < 2 ? 0 : 11 - r;
}

static bool cnpj_ok(const char *s)
{
	bool same = true;
	for (int i = 1; i < 14; i++)
		same = same && s[i] == s[0];
	if (same)
		return false;
	for (int i = 12; i < 14; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return cnpj_digit(s, 12) == s[12] - '0' && cnpj_digit(s, 13) == s[13] - '0';
}

int cobra_doc_parse(char out[COBRA_DOC_BUFSZ], const char *field, const char *text)
{
	char q[64];
	size_t n = 0;
	bool letters = false;
	cobra_quote(q, sizeof(q), text);
	for (const char *p = text; *p; p++) {
		char c = *p;
		if (c == '.' || c == '-' || c == '/' || c == ' ')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')) || n >= 14)
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a CPF or CNPJ", field, q);
		letters = letters || (c >= 'A' && c <= 'Z');
		out[n++] = c;
	}
	out[n] = '\0';
	if (n == 11 && !letters) {
		if (!cpf_ok(out))
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a valid CPF (check digits)", field, q);
		return COBRA_DOC_CPF;
	}
	if (n == 14) {
		if (!cnpj_ok(out))
			return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a valid CNPJ (check digits)", field, q);
		return COBRA_DOC_CNPJ;
	}
	return cobra_error(COBRA_INVALID, "%s: \"%s\" is not a CPF (11 digits) or CNPJ (14 characters)", field, q);
}

enum cobra_doc_kind cobra_doc_kind(const char *s)
{
	size_t n = strlen(s);
	return n == 11 ? COBRA_DOC_CPF : n == 14 ? COBRA_DOC_CNPJ : COBRA_DOC_NONE;
}

char *cobra_doc_format(char out[24], const char *s)
{
	switch (cobra_doc_kind(s)) {
	case COBRA_DOC_CPF:
		(void)snprintf(out, 24, "%.3s.%.3s.%.3s-%.2s", s, s + 3, s + 6, s + 9);
		break;
	case COBRA_DOC_CNPJ:
		(void)snprintf(out, 24, "%.2s.%.3s.%.3s/%.4s-%.2s", s, s + 2, s + 5, s + 8, s + 12);
		break;
	default:
		(void)snprintf(out, 24, "%s", s);
	}
	return out;
}
