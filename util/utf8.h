#ifndef PS_UTIL_UTF8_H
#define PS_UTIL_UTF8_H

/*
 * NAME
 *	utf8.h - UTF-8 decoding, validation and truncation
 * SUMMARY
 *	The one UTF-8 decoder of the tree.  A sequence is well formed as
 *	RFC 3629's table says: no overlong forms, no UTF-16 surrogates,
 *	nothing above U+10FFFF.  Every function is bounded by the length it
 *	is given and reads no byte past it.
 */

#include <stddef.h>

#define PS_UTF8_REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

/* Length of the well-formed sequence at p (p < end), or 0. */
size_t ps_utf8_seq(const unsigned char *p, const unsigned char *end);

/* As ps_utf8_seq(), and the code point in *cp when well formed. */
size_t ps_utf8_decode(const unsigned char *p, const unsigned char *end,
		      unsigned long *cp);

/* 1 if s[0, len) is well formed; NUL bytes count as well formed. */
int ps_utf8_valid(const char *s, size_t len);

/*
 * The longest prefix of s[0, len) of at most n bytes that does not end
 * inside a character: len when len <= n.
 */
size_t ps_utf8_cut(const char *s, size_t len, size_t n);

#endif
