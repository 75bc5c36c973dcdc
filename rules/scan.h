#ifndef PS_RULES_SCAN_H
#define PS_RULES_SCAN_H

/*
 * NAME
 *	scan.h - one pass over a text for a whole pattern list
 * SUMMARY
 *	"Does any pattern of this list match the text?" costs one search
 *	per pattern, each over the whole text.  When the answer is no (the
 *	common case for severity phrases), one pass that tries, at each
 *	position where some pattern can start, only the patterns that can
 *	start there proves it for much less.  Anything else -- a match, a
 *	limit, a list it cannot reason about -- leaves the answer to the
 *	list's own search.
 */

#include "rules/pattern.h"

struct ps_scan {
	int usable;
	int word_start;		  /* every pattern opens with \b */
	unsigned char group[256]; /* byte -> 1 + index in code, 0: none */
	pcre2_code **code;	  /* anchored alternations */
	size_t n;
};

/* Build for the patterns of a list; left unusable when unsure. */
void ps_scan_build(struct ps_scan *sc, const struct ps_list *list, int jit);

/*
 * 1 when no pattern of the list matches s[0, len) (with these match
 * options), proven position by position; 0 when that is not proven.
 */
int ps_scan_none(const struct ps_scan *sc, pcre2_match_context *mctx,
		 const char *s, size_t len, uint32_t options);

void ps_scan_free(struct ps_scan *sc);

#endif
