#ifndef PS_PARSER_GUARD_H
#define PS_PARSER_GUARD_H

/*
 * NAME
 *	guard.h - make a raw message safe to hand to GMime (parser-internal)
 * SUMMARY
 *	ps_guard() returns a g_malloc'ed copy of msg (at most len bytes)
 *	in which the structures GMime handles with unbounded recursion,
 *	quadratic time or unbounded memory are capped:
 *	- multipart nesting: a boundary parameter past max_depth open
 *	  multiparts, or past 64 declared in all, is disabled;
 *	- part count: the copy ends before the (max_parts+1)th delimiter;
 *	- address groups: past 8 ":" in an address header, the rest are
 *	  blanked (GMime parses nested groups recursively);
 *	- header fields: 1,000 per header block and 10,000 in all are kept.
 *	The bodies of parts the walk never reads (application, image, ...)
 *	are left out when the structure is plain, so that GMime does not
 *	scan them; so are header fields nothing reads (Received, ...).
 *	*out_len gets the copy's length; *capped is set when a limit was
 *	hit.
 *	ps_guard_view() is the same without the copy where none is needed:
 *	it returns msg itself (its first *out_len bytes) and sets *copy to
 *	NULL when nothing was rewritten or left out (the part cap only
 *	shortens *out_len); otherwise it returns, and puts in *copy, a
 *	g_malloc'ed NUL-terminated copy that the caller frees.
 */

#include <stddef.h>

char *ps_guard(const char *msg, size_t len, unsigned max_depth,
	       unsigned max_parts, size_t *out_len, int *capped);
const char *
ps_guard_view(const char *msg, size_t len, unsigned max_depth,
	      unsigned max_parts, size_t *out_len, int *capped, char **copy);

#endif
