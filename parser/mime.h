#ifndef PS_PARSER_MIME_H
#define PS_PARSER_MIME_H

/*
 * NAME
 *	mime.h - one guarded GMime parse of a raw message (parser-internal)
 * SUMMARY
 *	ps_mime_open() runs the guard (guard.h) over the bytes and has a
 *	fresh GMime parser build a message from the guarded bytes; the
 *	parser options, stream and message belong to this one call, so
 *	calls in different threads share nothing.  ps_mime_close()
 *	releases them.  msg is NULL when GMime found no message at all.
 *	When the guard changed nothing, GMime reads data in place (no
 *	copy): data must then stay valid and unchanged until
 *	ps_mime_close().
 */

#include <gmime/gmime.h>
#include <stddef.h>

struct ps_mime {
	GMimeMessage *msg;
	GMimeParserOptions *options;
	GByteArray *borrowed; /* wraps the caller's data, not ours to free */
	int capped;	      /* the guard changed something */
};

void ps_mime_open(struct ps_mime *m, const char *data, size_t len,
		  unsigned max_depth, unsigned max_parts);
void ps_mime_close(struct ps_mime *m);

#endif
