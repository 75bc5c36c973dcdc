/*
 * NAME
 *	dispatch.c - per-first-byte subsets of the label alternation
 * SUMMARY
 *	Built once at load; read-only afterwards and shared by all threads.
 * DESCRIPTION
 *	Each alternative is compiled alone (unanchored) so that PCRE2
 *	computes the bytes a match of it can start with: its first code unit
 *	or its start bitmap.  Without either (it may match the empty string,
 *	start with "^", ...) it counts as starting with any byte.  ASCII
 *	bytes with the same set of alternatives share one pattern: those
 *	alternatives, in their order, with the suffix, anchored.
 *
 *	Why a subset tells the truth: MARKUP*+ is possessive, so when it
 *	stops at an ASCII byte c where LEAD cannot start (no lead begins
 *	with c and the byte after it: a two-byte partial match, tried for
 *	every pair at build time), any label begins exactly there, with c;
 *	an alternative that cannot begin with
 *	c fails at once.  The others are tried in the same order as in the
 *	full pattern, so a subset finds the same alternative, end and mark.
 *
 *	Limits: the full pattern does the subset's work plus a little more
 *	(the markup run, LEAD, and each left-out alternative failing on its
 *	first character).  The subset runs with the limits lowered by a
 *	generous bound of that extra (EXTRA_* below), and a subset search
 *	that hits them is redone with the full pattern, so a subset's match
 *	is one the full pattern finds within its own limits.  The bound is
 *	checked at build time: each alternative must fail on every first
 *	byte outside its start set within ALT_FAIL_MAX (match limit), and
 *	alternatives with lookarounds, whose failure cost could depend on
 *	more than one byte, get no table.
 *
 *	The subsets change the meaning of whole-pattern recursion and of
 *	group numbers, so rules with a capturing (named) group, "(?R",
 *	"(?0", a relative group reference or "\g" get no table either.
 * DIAGNOSTICS
 *	None: a table that cannot be built is left unusable.
 */

#include <stdlib.h>
#include <string.h>

#include "rules/dispatch.h"
#include "util/xalloc.h"

/* Most match-limit counts one left-out alternative may cost. */
#define ALT_FAIL_MAX 64
/* The markup run and LEAD (match limit), and their nesting (depth). */
#define EXTRA_FRAME 256
#define EXTRA_DEPTH 16

/* Alternative i of alts: buf[*from, *to). */
static void
alt_span(const struct ps_alts *alts, size_t i, size_t *from, size_t *to)
{
	*from = alts->off[i];
	*to = i + 1 < alts->n ? alts->off[i + 1] - 1 : alts->len;
}

static pcre2_code *
compile(const char *pat, size_t len, uint32_t options)
{
	int errcode;
	PCRE2_SIZE erroff;

	return pcre2_compile((PCRE2_SPTR) pat, len, PS_OPTIONS | options,
			     &errcode, &erroff, NULL);
}

/*
 * Constructs whose meaning depends on the whole pattern, and lookarounds
 * (see DESCRIPTION).  A false alarm only costs the table.
 */
static int
whole_pattern_refs(const struct ps_alts *alts)
{
	const char *bad[] = {"(?R", "(?0",  "(?+",  "\\g", "(?=",
			     "(?!", "(?<=", "(?<!", "(?*", "(?<*"};
	size_t i, j;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (strstr(alts->buf, bad[i]) != NULL)
			return 1;
	for (j = 0; alts->buf[j] != '\0'; j++)
		if (strncmp(alts->buf + j, "(?-", 3) == 0
		    && alts->buf[j + 3] >= '0' && alts->buf[j + 3] <= '9')
			return 1;
	return 0;
}

/* Bytes c (ASCII) such that the single character c matches pat. */
static int
byte_table(const char *pat, unsigned char set[128])
{
	pcre2_code *re = compile(pat, strlen(pat), PCRE2_ANCHORED);
	pcre2_match_data *md;
	char c;
	int i;

	if (re == NULL)
		return 0;
	if ((md = pcre2_match_data_create(1, NULL)) == NULL)
		ps_out_of_memory(0);
	for (i = 0; i < 128; i++) {
		c = (char) i;
		set[i] = pcre2_match(re, (PCRE2_SPTR) &c, 1, 0, 0, md, NULL)
			> 0;
	}
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return 1;
}

/*
 * ASCII bytes that can start the lead, and for each the ASCII bytes
 * that can follow it in a lead (a partial match of the two is a
 * possible lead); 0 if any byte may start one.  No lead: nothing may.
 */
static int
lead_table(struct ps_dispatch *d, const char *lead)
{
	pcre2_code *re, *anchored;
	pcre2_match_data *md;
	char two[2];
	int ok, c, k, rc;

	if (lead == NULL)
		return 1;
	if ((re = compile(lead, strlen(lead), 0)) == NULL)
		return 0;
	ok = ps_first_bytes(re, d->lead, 128);
	pcre2_code_free(re);
	if (!ok
	    || (anchored = compile(lead, strlen(lead), PCRE2_ANCHORED)) == NULL)
		return 0;
	if ((md = pcre2_match_data_create(1, NULL)) == NULL)
		ps_out_of_memory(0);
	d->lead2 = ps_xcalloc(128, sizeof(*d->lead2));
	for (c = 0; c < 128; c++) {
		if (!d->lead[c])
			continue;
		for (k = 0; k < 128; k++) {
			two[0] = (char) c;
			two[1] = (char) k;
			rc = pcre2_match(anchored, (PCRE2_SPTR) two, 2, 0,
					 PCRE2_PARTIAL_HARD, md, NULL);
			if (rc >= 0 || rc == PCRE2_ERROR_PARTIAL)
				d->lead2[c][k / 8] |=
					(unsigned char) (1 << (k % 8));
		}
	}
	pcre2_match_data_free(md);
	pcre2_code_free(anchored);
	return 1;
}

/* Can a lead start at s[i] (an ASCII byte the lead table names)? */
static int
lead_here(const struct ps_dispatch *d, const unsigned char *u, size_t i,
	  size_t n)
{
	unsigned char c = u[i];

	if (i + 1 >= n || u[i + 1] >= 128 || d->lead2 == NULL)
		return 1;
	return d->lead2[c][u[i + 1] / 8] >> (u[i + 1] % 8) & 1;
}

/* The anchored pattern of the alternatives marked in member. */
static pcre2_code *
subset(const struct ps_alts *alts, const unsigned char *member,
       const char *suffix, int jit)
{
	size_t cap = alts->len + strlen(suffix) + 8;
	char *pat = ps_xmalloc(cap);
	size_t len = 0, i, from, to;
	pcre2_code *re;

	memcpy(pat, "(?:", 3);
	len = 3;
	for (i = 0; i < alts->n; i++) {
		if (!member[i])
			continue;
		alt_span(alts, i, &from, &to);
		if (len > 3)
			pat[len++] = '|';
		memcpy(pat + len, alts->buf + from, to - from);
		len += to - from;
	}
	pat[len++] = ')';
	memcpy(pat + len, suffix, strlen(suffix));
	len += strlen(suffix);
	re = compile(pat, len, PCRE2_ANCHORED);
	free(pat);
	if (re != NULL && jit)
		(void) pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/*
 * Does alternative buf[0, len) fail on each one-byte subject outside its
 * start set, cheaply, as it will inside the full pattern?
 */
static int
fails_cheaply(const char *buf, size_t len, const unsigned char set[128],
	      int jit)
{
	pcre2_code *re = compile(buf, len, PCRE2_ANCHORED);
	pcre2_match_context *mctx;
	pcre2_match_data *md;
	char c;
	int i, ok = 1;

	if (re == NULL)
		return 0;
	if (jit)
		(void) pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	if ((mctx = pcre2_match_context_create(NULL)) == NULL
	    || (md = pcre2_match_data_create(1, NULL)) == NULL)
		ps_out_of_memory(0);
	pcre2_set_match_limit(mctx, ALT_FAIL_MAX);
	pcre2_set_depth_limit(mctx, ALT_FAIL_MAX);
	for (i = 0; i < 128 && ok; i++) {
		if (set[i])
			continue;
		c = (char) i;
		ok = pcre2_match(re, (PCRE2_SPTR) &c, 1, 0, 0, md, mctx)
			== PCRE2_ERROR_NOMATCH;
	}
	pcre2_match_data_free(md);
	pcre2_match_context_free(mctx);
	pcre2_code_free(re);
	return ok;
}

/* The subsets' limits: the full pattern's, less the most it adds. */
static void
subset_limits(struct ps_dispatch *d, size_t nalts, unsigned long match_limit,
	      unsigned long depth_limit)
{
	unsigned long extra = EXTRA_FRAME
		+ (unsigned long) nalts * ALT_FAIL_MAX;

	if ((d->mctx = pcre2_match_context_create(NULL)) == NULL)
		ps_out_of_memory(0);
	/* A limit of 1 makes every subset search fail: the full decides. */
	pcre2_set_match_limit(
		d->mctx,
		match_limit > extra ? (uint32_t) (match_limit - extra) : 1);
	pcre2_set_depth_limit(d->mctx,
			      depth_limit > EXTRA_DEPTH
				      ? (uint32_t) (depth_limit - EXTRA_DEPTH)
				      : 1);
}

void
ps_dispatch_build(struct ps_dispatch *d, const struct ps_alts *alts,
		  const char *markup, const char *lead, const char *suffix,
		  int jit, unsigned long match_limit, unsigned long depth_limit)
{
	unsigned char(*starts)[128]; /* per alternative */
	unsigned char *member, *seen;
	pcre2_code *re;
	size_t i, from, to;
	uint32_t ncap;
	int c, k;

	memset(d, 0, sizeof(*d));
	if (alts->n == 0 || whole_pattern_refs(alts)
	    || !byte_table(markup, d->markup) || !lead_table(d, lead))
		return;
	starts = ps_xcalloc(alts->n, sizeof(*starts));
	member = ps_xcalloc(128, alts->n);
	seen = ps_xcalloc(128, 1);
	for (i = 0; i < alts->n; i++) {
		alt_span(alts, i, &from, &to);
		if ((re = compile(alts->buf + from, to - from, 0)) == NULL)
			goto out;
		if (pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &ncap) != 0
		    || ncap != 0) {
			pcre2_code_free(re);
			goto out;
		}
		if (!ps_first_bytes(re, starts[i], 128)) {
			memset(starts[i], 1, 128);
			d->empty = 1;
		}
		pcre2_code_free(re);
		if (!fails_cheaply(alts->buf + from, to - from, starts[i], jit))
			goto out;
	}
	for (c = 0; c < 128; c++)
		for (i = 0; i < alts->n; i++)
			member[c * alts->n + i] = starts[i][c];
	/* One pattern per distinct non-empty set of alternatives. */
	for (c = 0; c < 128; c++) {
		if (seen[c] || memchr(member + c * alts->n, 1, alts->n) == NULL)
			continue;
		re = subset(alts, member + c * alts->n, suffix, jit);
		if (re == NULL)
			goto out;
		d->code = ps_xrealloc(d->code, (d->n + 1) * sizeof(*d->code));
		d->code[d->n++] = re;
		for (k = c; k < 128; k++)
			if (!seen[k]
			    && memcmp(member + k * alts->n,
				      member + c * alts->n, alts->n)
				    == 0) {
				seen[k] = 1;
				d->group[k] = (unsigned char) d->n;
			}
	}
	subset_limits(d, alts->n, match_limit, depth_limit);
	d->usable = 1;
out:
	if (!d->usable)
		ps_dispatch_free(d);
	free(starts);
	free(member);
	free(seen);
}

const pcre2_code *
ps_dispatch_pick(const struct ps_dispatch *d, const pcre2_code *full,
		 const char *s, size_t n, size_t *start)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t i = 0;

	*start = 0;
	if (!d->usable)
		return full;
	while (i < n && u[i] < 128 && d->markup[u[i]])
		i++;
	if (i == n)
		return d->empty ? full : NULL;
	if (u[i] >= 128 || (d->lead[u[i]] && lead_here(d, u, i, n)))
		return full;
	if (d->group[u[i]] == 0)
		return NULL;
	*start = i;
	return d->code[d->group[u[i]] - 1];
}

void
ps_dispatch_free(struct ps_dispatch *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		pcre2_code_free(d->code[i]);
	free(d->code);
	free(d->lead2);
	pcre2_match_context_free(d->mctx);
	memset(d, 0, sizeof(*d));
}
