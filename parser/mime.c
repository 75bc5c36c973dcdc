/*
 * NAME
 *	mime.c - one guarded GMime parse of a raw message
 * SUMMARY
 *	Guard, then parse from memory.  A guarded copy, when the guard
 *	made one, is handed to the memory stream, which frees it.  Else the
 *	stream reads the caller's bytes in place, through a byte array
 *	that neither it nor we free until ps_mime_close() (GMime's parts
 *	keep substreams of it).
 * DESCRIPTION
 *	Header values are decoded with UTF-8 tried first and windows-1252
 *	as the fallback for raw 8-bit headers, the charset such headers are
 *	in most often.  The options live as long as the message, since
 *	GMime may decode headers lazily.
 * DIAGNOSTICS
 *	ps_mime_open() leaves msg NULL when GMime builds no message.
 */

#include "parser/mime.h"
#include "parser/guard.h"

void
ps_mime_open(struct ps_mime *m, const char *data, size_t len,
	     unsigned max_depth, unsigned max_parts)
{
	static const char *fallback[] = {"UTF-8", "windows-1252", NULL};
	size_t glen;
	char *copy;
	const char *view = ps_guard_view(data, len, max_depth, max_parts, &glen,
					 &m->capped, &copy);
	GByteArray *bytes = g_byte_array_new_take((guint8 *) view, glen);
	GMimeStream *stream = g_mime_stream_mem_new_with_byte_array(bytes);
	GMimeParser *parser;

	m->borrowed = NULL;
	if (copy == NULL) {
		g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(stream), FALSE);
		m->borrowed = bytes;
	}
	parser = g_mime_parser_new_with_stream(stream);

	m->options = g_mime_parser_options_new();
	g_mime_parser_options_set_fallback_charsets(m->options, fallback);
	g_mime_parser_set_format(parser, GMIME_FORMAT_MESSAGE);
	m->msg = g_mime_parser_construct_message(parser, m->options);
	g_object_unref(parser);
	g_object_unref(stream);
}

void
ps_mime_close(struct ps_mime *m)
{
	if (m->msg != NULL)
		g_object_unref(m->msg);
	if (m->options != NULL)
		g_mime_parser_options_free(m->options);
	if (m->borrowed != NULL) /* the array, not the caller's bytes */
		(void) g_byte_array_free(m->borrowed, FALSE);
	m->msg = NULL;
	m->options = NULL;
	m->borrowed = NULL;
}
