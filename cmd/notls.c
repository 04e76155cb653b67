/*
 * notls.c - cobra never talks to a network, so it does not load the
 * system's certificate authorities.
 *
 * Debian's libgit2 1.5 (built with mbedTLS) parses the whole CA bundle,
 * /etc/ssl/certs/ca-certificates.crt, inside git_libgit2_init(): about 55
 * million instructions, half of the start-up of every cobra command, and
 * there is no option or environment variable to skip it. This definition
 * interposes the mbedTLS function libgit2 calls for that (ELF symbol
 * interposition: the executable's definition wins over the shared
 * library's), and loads nothing. Were cobra ever to open an HTTPS remote
 * through libgit2, certificate checks would fail closed, never open. Built
 * against a libgit2 that does not use mbedTLS, this function is simply
 * never called.
 */
#include <stddef.h>

int mbedtls_x509_crt_parse_file(void *chain, const char *path);

int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	(void)chain;
	(void)path;
	return 0;
}
