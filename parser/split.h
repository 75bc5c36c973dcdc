#ifndef PS_PARSER_SPLIT_H
#define PS_PARSER_SPLIT_H

/*
 * NAME
 *	split.h - unquoted and quoted lines of a message's texts (parser-internal)
 * SUMMARY
 *	ps_split_part() takes one part's text (clean UTF-8, LF line ends)
 *	and files each line as unquoted, or as quoted when its first
 *	non-blank character is ">", with every leading ">" and one space
 *	after each removed.  Parts are separated by a blank line.  Each
 *	kind keeps at most max bytes, cut on a character boundary.
 */

#include <glib.h>
#include <stddef.h>

struct ps_split {
	GString *text[2]; /* [0] unquoted, [1] quoted */
	int full[2];
	int sep[2]; /* a new part began: blank line before more */
	size_t max;
};

void ps_split_init(struct ps_split *s, size_t max);
int ps_split_part(struct ps_split *s, const char *text, size_t len);
int ps_split_full(const struct ps_split *s);
void ps_split_take(struct ps_split *s, int quoted, char **text, size_t *len);

#endif
