#ifndef PS_PARSER_CHARSET_H
#define PS_PARSER_CHARSET_H

/*
 * NAME
 *	charset.h - a MIME part's bytes in its declared charset, to UTF-8
 * SUMMARY
 *	ps_charset_decode() returns a new GString holding the text as
 *	clean UTF-8 (see utf8.h).  ps_cp1252_c1() maps a windows-1252
 *	byte 0x80..0x9F to its code point (U+FFFD where undefined), which
 *	HTML numeric references in that range also use.
 */

#include <glib.h>
#include <stddef.h>

GString *ps_charset_decode(const char *data, size_t len, const char *charset);
unsigned long ps_cp1252_c1(unsigned char c);

#endif
