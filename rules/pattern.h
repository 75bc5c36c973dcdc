#ifndef PS_RULES_PATTERN_H
#define PS_RULES_PATTERN_H

/*
 * NAME
 *	pattern.h - PCRE2 helpers: checked patterns, pattern lists, one
 *	combined alternation, bounded matching with per-thread match data
 * SUMMARY
 *	The labels are joined into one anchored alternation, each
 *	alternative followed by a (*MARK:number) that tells which one
 *	matched, so a line costs one match.  Patterns that scan a whole text
 *	(severity phrases, request types, products, addresses) stay separate
 *	in a list: each keeps PCRE2's start-of-match optimisations, which a
 *	combined alternation loses (measured 4 to 6 times slower).
 */

#include <stddef.h>
#include <stdint.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/*
 * Options of every pattern.  Plain parentheses do not capture, so that
 * the user's groups cannot be renumbered by combining, and invalid UTF-8
 * in a subject simply does not match instead of failing the whole match.
 */
#define PS_OPTIONS                                                      \
	(PCRE2_UTF | PCRE2_CASELESS | PCRE2_UCP | PCRE2_NO_AUTO_CAPTURE \
	 | PCRE2_MATCH_INVALID_UTF)

#define PS_NO_MARK (-1L)

struct ps_alts {
	char *buf; /* "(?:p1\E)(*MARK:m1)|(?:p2\E)..." */
	size_t len;
	size_t cap;
	size_t n;      /* alternatives */
	size_t *off;   /* where each alternative starts in buf */
	unsigned line; /* line of the last one, for errors */
};

/* Separately compiled patterns, each with a mark (or PS_NO_MARK). */
struct ps_list {
	pcre2_code **code;
	long *mark;
	int *need;   /* a byte every match contains, or -1 */
	char **text; /* each pattern as written */
	size_t *text_len;
	unsigned *line; /* its line in the rules file */
	size_t n;
	struct ps_alts src; /* the patterns' text, joined */
	pcre2_code *any;    /* all in one, see ps_list_combine(), or NULL */
};

/*
 * Compile one user pattern and check that it also stands on its own
 * inside a group (so that it can join an alternation).  Returns the
 * compiled pattern (not yet JIT-compiled), or NULL with the reason
 * (PCRE2's message and offset) in msg.
 */
pcre2_code *ps_compile(const char *pat, size_t len, char *msg, size_t msglen);

/* Add a pattern compiled from pat[0, len), written on line. */
void ps_list_add(struct ps_list *list, pcre2_code *code, long mark,
		 const char *pat, size_t len, unsigned line);
/* JIT-compile every pattern (the interpreter runs where JIT cannot). */
void ps_list_jit(struct ps_list *list);

/*
 * Also compile the list as one alternation for ps_list_any(): one
 * search instead of one per pattern.  Worth it where the patterns are
 * anchored (stop lines); a list that scans text keeps each pattern's
 * start-of-match optimisations by not calling this.
 */
void ps_list_combine(struct ps_list *list, int jit);
void ps_list_free(struct ps_list *list);

/*
 * The leftmost match of any pattern in s[start, len) (the earlier
 * pattern on a tie): 1 with [*so, *eo) and *mark set, or 0.
 */
int ps_list_first(const struct ps_list *list, pcre2_match_context *mctx,
		  const char *s, size_t len, size_t start, uint32_t options,
		  size_t *so, size_t *eo, long *mark);

/* Does any pattern match s[0, len)?  Stops at the first that does. */
int ps_list_any(const struct ps_list *list, pcre2_match_context *mctx,
		const char *s, size_t len, uint32_t options);

/*
 * The first pattern, in list order, that matches s[0, len): its index,
 * with its leftmost match in [*so, *eo); -1 when none does.  The answer
 * "some pattern matches" is ps_list_any()'s; this says which, for
 * psmilter -t --explain.
 */
long ps_list_which(const struct ps_list *list, pcre2_match_context *mctx,
		   const char *s, size_t len, uint32_t options, size_t *so,
		   size_t *eo);

void ps_alts_add(struct ps_alts *alts, const char *pat, size_t len, long mark,
		 unsigned line);
void ps_alts_free(struct ps_alts *alts);

/*
 * Compile prefix + "(?:" + alternatives + ")" + suffix with PS_OPTIONS |
 * options, then JIT-compile it unless jit is 0.  Returns NULL with the
 * reason in msg.
 */
pcre2_code *ps_alts_compile(const struct ps_alts *alts, const char *prefix,
			    const char *suffix, uint32_t options, int jit,
			    char *msg, size_t msglen);

/*
 * Match re against s[0, len) from start.  Returns 1 with the match in
 * [*so, *eo) and, when mark is not NULL, the number of the last mark (or
 * PS_NO_MARK); returns 0 when there is no match -- including a match
 * that hit the match, depth or heap limit, or any other error.
 */
int ps_pattern_match(const pcre2_code *re, pcre2_match_context *mctx,
		     const char *s, size_t len, size_t start, uint32_t options,
		     size_t *so, size_t *eo, long *mark);

/*
 * The same, telling a complete search that found nothing (PS_NOMATCH)
 * from one that stopped early (PS_FAILED: a limit, or any other error).
 */
#define PS_MATCHED 1
#define PS_NOMATCH 0
#define PS_FAILED  (-1)
int ps_try(const pcre2_code *re, pcre2_match_context *mctx, const char *s,
	   size_t len, size_t start, uint32_t options, size_t *so, size_t *eo,
	   long *mark);

/*
 * Length of the subject to match when only the first max bytes matter:
 * len, or max cut back to a UTF-8 character boundary, in which case
 * PCRE2_NOTEOL is added to *options so that "$" cannot match at the cut.
 */
size_t ps_prefix(const char *s, size_t len, size_t max, uint32_t *options);

/*
 * An ASCII punctuation byte that every match of pattern p[0, n)
 * contains, or -1 (also when unsure); see required.c.
 */
int ps_required_byte(const char *p, size_t n);

/* Does "\b" open every top-level alternative of pattern p[0, n)? */
int ps_word_start(const char *p, size_t n);

/*
 * The bytes below nset (128 or 256) a match of re can start with, as
 * PCRE2's start-of-match analysis says: 1 with set[] filled, or 0 when
 * it does not say (any byte may start a match).
 */
int ps_first_bytes(const pcre2_code *re, unsigned char *set, int nset);

/* The calling thread's match data (one ovector pair). */
pcre2_match_data *ps_match_data(void);

/* Free the calling thread's match data (other threads: at exit). */
void ps_thread_cleanup(void);

#endif
