#ifndef PS_PARSER_WALK_H
#define PS_PARSER_WALK_H

/*
 * NAME
 *	walk.h - choose a message's text parts, in document order (parser-internal)
 * SUMMARY
 *	ps_walk_message() visits the MIME tree of a message, at most
 *	max_depth deep and max_parts parts in all, and hands the text of
 *	each chosen part, as clean UTF-8, to the splitter.
 */

#include <gmime/gmime.h>
#include <stddef.h>

#include "parser/split.h"

struct ps_walk {
	unsigned max_depth;
	unsigned max_parts;
	unsigned parts;	 /* parts visited so far */
	size_t max_html; /* output cap of one HTML conversion */
	struct ps_split *split;
};

void ps_walk_message(struct ps_walk *w, GMimeMessage *msg, unsigned depth);

#endif
