#ifndef PS_PARSER_WALK_H
#define PS_PARSER_WALK_H

/*
 * NAME
 *	walk.h - a message's text parts, in document order (parser-internal)
 * SUMMARY
 *	ps_walk_message() visits the MIME tree of a message, at most
 *	max_depth deep and max_parts parts in all, and hands the text of
 *	each chosen part, as clean UTF-8, to the splitter; with alt set,
 *	the HTML alternative of a multipart/alternative whose plain text
 *	was chosen goes to alt -- when asked for (ps_walk_pending), since
 *	converting HTML costs and is needed only when the plain text
 *	lacks a field.
 */

#include <gmime/gmime.h>
#include <stddef.h>

#include "parser/split.h"

#define PS_WALK_PENDING 16 /* alternatives left for later */

/* A multipart/alternative whose plain text was read. */
struct ps_walk_pending {
	GMimeMultipart *mp; /* a reference of its own */
	unsigned depth;
	int plain, html; /* child indexes, or -1 */
};

struct ps_walk {
	unsigned max_depth;
	unsigned max_parts;
	unsigned parts;	 /* parts visited so far */
	size_t max_html; /* output cap of one HTML conversion */
	struct ps_split *split;
	struct ps_split *alt; /* the alternatives not chosen, or NULL */
	int in_alt;	      /* walking one of them */
	unsigned nested;      /* inside an encoded message/rfc822, or reading
			    what was left: alternatives are read at once */
	struct ps_walk_pending pending[PS_WALK_PENDING];
	size_t npending;
};

void ps_walk_message(struct ps_walk *w, GMimeMessage *msg, unsigned depth);

/*
 * The alternatives the walk left for later (those of the message
 * itself: an encoded attached message's are read at once, its objects
 * do not outlive the walk), read into w->alt now; the references go.
 */
void ps_walk_pending(struct ps_walk *w);
void ps_walk_pending_drop(struct ps_walk *w);

#endif
