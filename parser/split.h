#ifndef PS_PARSER_SPLIT_H
#define PS_PARSER_SPLIT_H

/*
 * NAME
 *	split.h - unquoted and quoted lines of a message (parser-internal)
 * SUMMARY
 *	ps_split_part() takes one part's text (clean UTF-8, LF line ends)
 *	and files each line as unquoted, or as quoted when its first
 *	non-blank character is ">", with every leading ">" and one space
 *	after each removed.  Parts are separated by a blank line.  Each
 *	kind keeps at most max bytes, cut on a character boundary.  Where
 *	each part begins in the two texts, and whether it was HTML, is
 *	kept (for the first PS_SPLIT_SPANS parts) so that a line can be
 *	traced to its part.
 */

#include <glib.h>
#include <stddef.h>

#include "parser/text.h"

#define PS_SPLIT_SPANS 64

struct ps_split {
	GString *text[2]; /* [0] unquoted, [1] quoted */
	int full[2];
	int sep[2]; /* a new part began: blank line before more */
	size_t max;
	struct ps_text_span span[PS_SPLIT_SPANS];
	size_t nspans;
};

void ps_split_init(struct ps_split *s, size_t max);
/* One part's text; html says it was converted from text/html. */
int ps_split_part(struct ps_split *s, const char *text, size_t len, int html);
int ps_split_full(const struct ps_split *s);
void ps_split_take(struct ps_split *s, int quoted, char **text, size_t *len);
/* The spans, as a new array (NULL when there are none). */
struct ps_text_span *ps_split_spans(const struct ps_split *s, size_t *n);

#endif
