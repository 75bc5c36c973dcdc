#ifndef PS_PARSER_UTF8_H
#define PS_PARSER_UTF8_H

/*
 * NAME
 *	utf8.h - UTF-8 validation, repair and truncation (parser-internal)
 * SUMMARY
 *	psp_utf8_seq() measures one well-formed UTF-8 sequence (RFC 3629:
 *	no overlongs, no surrogates, nothing above U+10FFFF).
 *	psp_utf8_clean() appends text to a GString as valid UTF-8: invalid
 *	bytes become U+FFFD, NUL bytes are dropped, CRLF and lone CR
 *	become LF.  psp_utf8_cut() finds the longest prefix of at most n
 *	bytes that ends on a character boundary.
 */

#include <stddef.h>
#include <glib.h>

size_t	psp_utf8_seq(const unsigned char *p, const unsigned char *end);
int	psp_utf8_valid(const char *s, size_t len);
void	psp_utf8_clean(GString *out, const char *s, size_t len);
size_t	psp_utf8_cut(const char *s, size_t len, size_t n);
void	psp_utf8_put(GString *out, unsigned long cp);

#define PSP_REPLACEMENT	"\xEF\xBF\xBD"	/* U+FFFD */

#endif
