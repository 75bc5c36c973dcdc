#ifndef PS_PARSER_CLEAN_H
#define PS_PARSER_CLEAN_H

/*
 * NAME
 *	clean.h - part text made valid UTF-8 (parser-internal)
 * SUMMARY
 *	ps_utf8_clean() appends text to a GString as valid UTF-8: invalid bytes
 *	become U+FFFD, NUL bytes are dropped, CRLF and lone CR become LF,
 *	invisible characters (zero-width space and joiners, word joiner, BOM,
 *	soft hyphen, direction marks) are dropped and no-break spaces become
 *	spaces.  ps_utf8_put() appends one code point, U+FFFD for one that is
 *	not a character.  Decoding, validation and cutting at a character
 *	boundary are util/utf8.h's.
 */

#include <glib.h>
#include <stddef.h>

void ps_utf8_clean(GString *out, const char *s, size_t len);
void ps_utf8_put(GString *out, unsigned long cp);

#endif
