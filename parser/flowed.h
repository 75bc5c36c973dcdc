#ifndef PS_PARSER_FLOWED_H
#define PS_PARSER_FLOWED_H

/*
 * NAME
 *	flowed.h - format=flowed text unwrapped (parser-internal)
 * SUMMARY
 *	ps_flowed_unwrap() joins the soft-broken lines of a text/plain
 *	part sent with format=flowed (RFC 3676), as Thunderbird and Apple
 *	Mail send plain text, so that a label or an instruction that the
 *	sender's client wrapped is one line again.  The input is clean
 *	UTF-8 with LF line ends; so is the output.
 */

#include <glib.h>
#include <stddef.h>

/* delsp: the part's DelSp=yes (the space before a soft break goes). */
GString *ps_flowed_unwrap(const char *s, size_t len, int delsp);

#endif
