/*
 * NAME
 *	flowed.c - format=flowed text unwrapped
 * SUMMARY
 *	A line that ends in a space is soft-broken: the next line of the
 *	same quote depth continues it.  Quote markers (">" runs) and the
 *	space-stuffing space after them go; joined lines get their depth's
 *	markers once, as "> " per level, so that split.c quotes them as
 *	before.  The signature separator "-- " is never soft.
 * DESCRIPTION
 *	One pass, each byte copied once: the work and the output are
 *	linear in the input.  A change of quote depth inside a paragraph
 *	ends it (RFC 3676 calls that improper; it is still readable).
 * DIAGNOSTICS
 *	None.
 */

#include <string.h>

#include "parser/flowed.h"

#define QUOTE_MAX 64 /* quote levels written back per line */

GString *
ps_flowed_unwrap(const char *s, size_t len, int delsp)
{
	GString *out = g_string_sized_new(len + 16);
	const char *p = s, *end = s + len;
	size_t prev_depth = 0;
	int soft = 0; /* the previous line was soft-broken */

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t) (end - p));
		const char *e = nl ? nl : end, *q = p;
		size_t depth = 0, n, i;
		int sig;

		while (q < e && *q == '>') {
			q++;
			depth++;
		}
		if (q < e && *q == ' ')
			q++; /* space-stuffing */
		n = (size_t) (e - q);
		sig = n == 3 && memcmp(q, "-- ", 3) == 0;
		if (soft && depth != prev_depth)
			g_string_append_c(out, '\n');
		if (!soft || depth != prev_depth)
			for (i = 0; i < depth && i < QUOTE_MAX; i++)
				g_string_append(out,
						i + 1 < depth ? ">" : "> ");
		soft = !sig && n > 0 && q[n - 1] == ' ';
		if (soft && delsp)
			n--;
		g_string_append_len(out, q, (gssize) n);
		if (!soft)
			g_string_append_c(out, '\n');
		prev_depth = depth;
		p = nl ? nl + 1 : end;
	}
	return out;
}
