/*
 * NAME
 *	walk.c - choose the text parts of a MIME tree, in document order
 * SUMMARY
 *	multipart/alternative: the text/plain alternative, or when that is
 *	missing or blank the text/html one (converted), or else the first
 *	other alternative that yields text (e.g. multipart/related).  When
 *	the plain text was chosen, the HTML one (or that other) is read
 *	too, into the second splitter, when there is one: the fields read
 *	from it fill those the plain text lacks.  text/plain sent
 *	format=flowed is unwrapped first (flowed.c).
 *	Other multiparts: every child.  Leaves: text/plain and text/html
 *	that are not attachments.  Attached messages (message/rfc822, also
 *	when GMime left them unparsed because they are transfer-encoded)
 *	are descended into.  Anything else is skipped.
 * DESCRIPTION
 *	Depth counts multiparts and messages: the top-level body is at
 *	depth 1.  Parts deeper than max_depth are ignored, and the walk
 *	stops after max_parts parts or once the splitter is full.  A
 *	multipart without children (its boundary missing or disabled by
 *	the guard) contributes its raw body, so that text is not lost.
 * DIAGNOSTICS
 *	None: parts that cannot be read contribute no text.
 */

#include <string.h>

#include "parser/charset.h"
#include "parser/flowed.h"
#include "parser/html.h"
#include "parser/mime.h"
#include "parser/walk.h"

static int walk(struct ps_walk *w, GMimeObject *obj, unsigned depth);

static int
is_type(GMimeObject *obj, const char *type, const char *subtype)
{
	GMimeContentType *ct = g_mime_object_get_content_type(obj);

	return ct != NULL && g_mime_content_type_is_type(ct, type, subtype);
}

static int
is_attachment(GMimeObject *obj)
{
	GMimeContentDisposition *cd = g_mime_object_get_content_disposition(
		obj);

	return cd != NULL && g_mime_content_disposition_is_attachment(cd);
}

/* The part's content with its transfer encoding undone. */
static GByteArray *
content(GMimePart *part)
{
	GMimeDataWrapper *dw = g_mime_part_get_content(part);
	GMimeStream *mem = g_mime_stream_mem_new();
	GByteArray *bytes;

	if (dw != NULL)
		g_mime_data_wrapper_write_to_stream(dw, mem);
	/* Take the bytes: the stream no longer frees them. */
	bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
	g_mime_stream_mem_set_owner(GMIME_STREAM_MEM(mem), FALSE);
	g_object_unref(mem);
	return bytes;
}

static GString *
html_text(struct ps_walk *w, GString *html)
{
	size_t n;
	char *text = ps_html_to_text(html->str, html->len, w->max_html, &n);
	GString *out = g_string_new_len(text, (gssize) n);

	g_free(text);
	return out;
}

static int
emit(struct ps_walk *w, GString *text, int html)
{
	int r = ps_split_part(w->split, text->str, text->len, html);

	g_string_free(text, TRUE);
	return r;
}

/* format=flowed (RFC 3676), case-insensitively, and its DelSp. */
static GString *
unflow(GMimeObject *obj, GString *text)
{
	const char *format, *delsp;
	GString *out;

	format = g_mime_object_get_content_type_parameter(obj, "format");
	if (format == NULL || g_ascii_strcasecmp(format, "flowed") != 0)
		return text;
	delsp = g_mime_object_get_content_type_parameter(obj, "delsp");
	out = ps_flowed_unwrap(
		text->str, text->len,
		delsp != NULL && g_ascii_strcasecmp(delsp, "yes") == 0);
	g_string_free(text, TRUE);
	return out;
}

static int
leaf(struct ps_walk *w, GMimePart *part)
{
	GMimeObject *obj = GMIME_OBJECT(part);
	int html = is_type(obj, "text", "html");
	const char *charset;
	char meta[64];
	GByteArray *bytes;
	const char *data;
	GString *text;

	if (is_attachment(obj) || !(html || is_type(obj, "text", "plain")))
		return 0;
	bytes = content(part);
	/* An empty GByteArray's data is NULL; NULL + 0 is undefined in C. */
	data = bytes->len > 0 ? (const char *) bytes->data : "";
	charset = g_mime_object_get_content_type_parameter(obj, "charset");
	if (html && charset == NULL
	    && ps_html_meta_charset(data, bytes->len, meta, sizeof(meta)))
		charset = meta;
	text = ps_charset_decode(data, bytes->len, charset);
	g_byte_array_unref(bytes);
	if (html) {
		GString *plain = html_text(w, text);

		g_string_free(text, TRUE);
		text = plain;
	} else
		text = unflow(obj, text);
	return emit(w, text, html);
}

/* message/rfc822 that GMime kept as a leaf: parse its decoded content. */
static int
encoded_message(struct ps_walk *w, GMimePart *part, unsigned depth)
{
	GByteArray *bytes;
	struct ps_mime m;
	int r;

	if (depth >= w->max_depth)
		return 0; /* its body would be too deep */
	bytes = content(part);
	ps_mime_open(&m, bytes->len > 0 ? (const char *) bytes->data : "",
		     bytes->len, w->max_depth - depth, w->max_parts - w->parts);
	w->nested++;
	r = m.msg ? walk(w, g_mime_message_get_mime_part(m.msg), depth + 1) : 0;
	w->nested--;
	ps_mime_close(&m);
	g_byte_array_unref(bytes); /* GMime may have read it in place */
	return r;
}

static int
prologue(struct ps_walk *w, GMimeMultipart *mp)
{
	const char *raw = g_mime_multipart_get_prologue(mp);

	if (raw == NULL)
		return 0;
	return emit(w, ps_charset_decode(raw, strlen(raw), NULL), 0);
}

static int
children(struct ps_walk *w, GMimeMultipart *mp, unsigned depth)
{
	int i, n = g_mime_multipart_get_count(mp), r = 0;

	if (n == 0)
		return prologue(w, mp);
	for (i = 0; i < n; i++)
		r |= walk(w, g_mime_multipart_get_part(mp, i), depth + 1);
	return r;
}

/* Index of the first child of that type which is not an attachment. */
static int
find_child(GMimeMultipart *mp, const char *subtype)
{
	int i, n = g_mime_multipart_get_count(mp);

	for (i = 0; i < n; i++) {
		GMimeObject *c = g_mime_multipart_get_part(mp, i);

		if (GMIME_IS_PART(c) && is_type(c, "text", subtype)
		    && !is_attachment(c))
			return i;
	}
	return -1;
}

/*
 * The plain alternative was read: read the HTML one (or another that
 * yields text) into the alternatives' splitter, now or when asked.
 */
static void
other_alternative(struct ps_walk *w, GMimeMultipart *mp, unsigned depth,
		  int plain, int html)
{
	struct ps_split *saved = w->split;
	struct ps_walk_pending *p;
	int i, n = g_mime_multipart_get_count(mp);

	if (w->alt == NULL || w->in_alt || n < 2)
		return;
	if (!w->nested) {
		if (w->npending == PS_WALK_PENDING)
			return;
		p = &w->pending[w->npending++];
		p->mp = g_object_ref(mp);
		p->depth = depth;
		p->plain = plain;
		p->html = html;
		return;
	}
	w->split = w->alt;
	w->in_alt = 1;
	if (html < 0
	    || !walk(w, g_mime_multipart_get_part(mp, html), depth + 1))
		for (i = 0; i < n; i++)
			if (i != plain && i != html
			    && walk(w, g_mime_multipart_get_part(mp, i),
				    depth + 1))
				break;
	w->split = saved;
	w->in_alt = 0;
}

static int
alternative(struct ps_walk *w, GMimeMultipart *mp, unsigned depth)
{
	int plain = find_child(mp, "plain");
	int html = find_child(mp, "html");
	int i, n = g_mime_multipart_get_count(mp);

	if (plain >= 0
	    && walk(w, g_mime_multipart_get_part(mp, plain), depth + 1)) {
		other_alternative(w, mp, depth, plain, html);
		return 1;
	}
	if (html >= 0
	    && walk(w, g_mime_multipart_get_part(mp, html), depth + 1))
		return 1;
	for (i = 0; i < n; i++)
		if (i != plain && i != html
		    && walk(w, g_mime_multipart_get_part(mp, i), depth + 1))
			return 1;
	return n == 0 ? prologue(w, mp) : 0;
}

/* Returns 1 if the object yielded some text. */
static int
walk(struct ps_walk *w, GMimeObject *obj, unsigned depth)
{
	if (obj == NULL || depth > w->max_depth || w->parts >= w->max_parts
	    || ps_split_full(w->split))
		return 0;
	w->parts++;
	if (GMIME_IS_MESSAGE_PART(obj)) {
		GMimeMessage *m = g_mime_message_part_get_message(
			GMIME_MESSAGE_PART(obj));

		return m ? walk(w, g_mime_message_get_mime_part(m), depth + 1)
			 : 0;
	}
	if (GMIME_IS_MULTIPART(obj)) {
		if (is_type(obj, "multipart", "alternative"))
			return alternative(w, GMIME_MULTIPART(obj), depth);
		return children(w, GMIME_MULTIPART(obj), depth);
	}
	if (!GMIME_IS_PART(obj))
		return 0;
	if (is_type(obj, "message", "rfc822")
	    || is_type(obj, "message", "global"))
		return encoded_message(w, GMIME_PART(obj), depth);
	return leaf(w, GMIME_PART(obj));
}

void
ps_walk_message(struct ps_walk *w, GMimeMessage *msg, unsigned depth)
{
	if (msg != NULL)
		walk(w, g_mime_message_get_mime_part(msg), depth);
}

void
ps_walk_pending(struct ps_walk *w)
{
	size_t i;

	w->nested++; /* read now, not left for later again */
	for (i = 0; i < w->npending; i++)
		other_alternative(w, w->pending[i].mp, w->pending[i].depth,
				  w->pending[i].plain, w->pending[i].html);
	w->nested--;
	ps_walk_pending_drop(w);
}

void
ps_walk_pending_drop(struct ps_walk *w)
{
	size_t i;

	for (i = 0; i < w->npending; i++)
		g_object_unref(w->pending[i].mp);
	w->npending = 0;
}
