#ifndef PS_RULES_DISPATCH_H
#define PS_RULES_DISPATCH_H

/*
 * NAME
 *	dispatch.h - pick the alternatives that can start a label line
 * SUMMARY
 *	The label pattern is MARKUP*+ LEAD? (?:ALT1|ALT2|...) SUFFIX,
 *	anchored.  Most lines are prose, and PCRE2 tries every alternative
 *	on them in turn.  When the markup run ends on a plain ASCII byte,
 *	only the alternatives that can begin with that byte (as PCRE2's own
 *	start-of-match analysis says) can match there, so one small anchored
 *	alternation of just those decides that the line holds no label.
 *	Anything else -- a non-ASCII byte, a possible LEAD (judged by its
 *	first two bytes), an alternative whose first byte is not known --
 *	is left to the full pattern.
 */

#include "rules/pattern.h"

struct ps_dispatch {
	int usable;		    /* 0: always the full pattern */
	int empty;		    /* some alternative may start anywhere */
	unsigned char markup[128];  /* ASCII bytes MARKUP takes */
	unsigned char lead[128];    /* ASCII bytes that may start LEAD */
	unsigned char (*lead2)[16]; /* [first byte]: bit set of second
				       bytes (ASCII) LEAD may go on with */
	unsigned char group[128];   /* byte -> 1 + index in code, 0: none */
	pcre2_code **code;	    /* anchored (?:subset)SUFFIX */
	size_t n;
	pcre2_match_context *mctx; /* limits less the full pattern's extra */
};

/*
 * Build from the alternatives and the frame parts (markup is a single
 * character class, repeated possessively in the full pattern; lead may
 * be NULL when there is none), for the full pattern's match and depth
 * limits.  On any surprise the table is left unusable, which is always
 * correct.
 */
void ps_dispatch_build(struct ps_dispatch *d, const struct ps_alts *alts,
		       const char *markup, const char *lead, const char *suffix,
		       int jit, unsigned long match_limit,
		       unsigned long depth_limit);

/*
 * Where a line s[0, n) must be matched: NULL when no alternative can
 * start it (no label), "full" with *start = 0 when the table cannot
 * tell, else a subset pattern to run from *start with d->mctx.  The
 * subset's answer is the full pattern's, unless it fails (PS_FAILED):
 * then the full pattern decides.
 */
const pcre2_code *
ps_dispatch_pick(const struct ps_dispatch *d, const pcre2_code *full,
		 const char *s, size_t n, size_t *start);

void ps_dispatch_free(struct ps_dispatch *d);

#endif
