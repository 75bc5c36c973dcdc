/*
 * NAME
 *	scan.c - prove that no pattern of a list matches a text
 * SUMMARY
 *	Built once at load; read-only afterwards and shared by all threads.
 * DESCRIPTION
 *	An unanchored search of one pattern tries it at every position;
 *	PCRE2 skips the positions whose byte cannot start a match (the
 *	pattern's start bitmap).  For a list, bytes that the same patterns
 *	can start with share one anchored alternation of those patterns,
 *	and one pass over the text runs it at each position its byte
 *	picks.  When every pattern opens with "\b", a position between two
 *	ASCII word characters, or two ASCII non-word characters, is no word
 *	boundary and is skipped too.
 *
 *	Every position where any pattern could start a match is tried, and
 *	each try covers all matches starting there; so when every try ends
 *	in "no match" (never stopped by a limit), each pattern's own search
 *	would find nothing either, or stop at its limit, which is also "no
 *	match".  Any other outcome proves nothing, and the caller runs the
 *	list as before, with each pattern's own limits.
 *
 *	Patterns without a start bitmap (PCRE2 cannot tell how a match
 *	starts) or with "\G" (whose meaning an anchored start changes)
 *	leave the scan unusable.
 * DIAGNOSTICS
 *	None.
 */

#include <stdlib.h>
#include <string.h>

#include "rules/scan.h"
#include "util/xalloc.h"

static int
has_anchor_g(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i++)
		if (p[i] == '\\' && p[i + 1] == 'G')
			return 1;
	return 0;
}

/* Anchored alternation of the list's patterns marked in member. */
static pcre2_code *
subset(const struct ps_list *list, const unsigned char *member, int jit)
{
	size_t cap = 8, len = 0, i;
	char *pat;
	pcre2_code *re;
	int errcode;
	PCRE2_SIZE erroff;

	for (i = 0; i < list->n; i++)
		cap += list->text_len[i] + 8;
	pat = ps_xmalloc(cap);
	for (i = 0; i < list->n; i++) {
		if (!member[i])
			continue;
		if (len > 0)
			pat[len++] = '|';
		memcpy(pat + len, "(?:", 3);
		memcpy(pat + len + 3, list->text[i], list->text_len[i]);
		len += 3 + list->text_len[i];
		memcpy(pat + len, "\\E)", 3);
		len += 3;
	}
	re = pcre2_compile((PCRE2_SPTR) pat, len, PS_OPTIONS | PCRE2_ANCHORED,
			   &errcode, &erroff, NULL);
	free(pat);
	if (re != NULL && jit)
		(void) pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

void
ps_scan_build(struct ps_scan *sc, const struct ps_list *list, int jit)
{
	unsigned char(*member)[256]; /* member[b][i]: i may start at b */
	unsigned char *high, set[256];
	unsigned char done[256] = {0};
	pcre2_code *re;
	size_t i;
	int b, k;

	memset(sc, 0, sizeof(*sc));
	if (list->n == 0 || list->n > 256)
		return;
	member = ps_xcalloc(256, sizeof(*member));
	high = ps_xcalloc(list->n, 1);
	sc->word_start = 1;
	for (i = 0; i < list->n; i++) {
		if (has_anchor_g(list->text[i], list->text_len[i])
		    || !ps_first_bytes(list->code[i], set, 256))
			goto out;
		sc->word_start &= ps_word_start(list->text[i],
						list->text_len[i]);
		for (b = 0; b < 256; b++) {
			member[b][i] = set[b];
			if (b >= 128 && set[b])
				high[i] = 1;
		}
	}
	/* Non-ASCII lead bytes share one group: all that may start there. */
	for (b = 128; b < 256; b++)
		if (memchr(member[b], 1, list->n) != NULL)
			memcpy(member[b], high, list->n);
	for (b = 0; b < 256; b++) {
		if (done[b] || memchr(member[b], 1, list->n) == NULL)
			continue;
		if ((re = subset(list, member[b], jit)) == NULL)
			goto out;
		sc->code = ps_xrealloc(sc->code,
				       (sc->n + 1) * sizeof(*sc->code));
		sc->code[sc->n++] = re;
		for (k = b; k < 256; k++)
			if (!done[k]
			    && memcmp(member[k], member[b], list->n) == 0) {
				done[k] = 1;
				sc->group[k] = (unsigned char) sc->n;
			}
	}
	sc->usable = sc->n > 0 && sc->n < 256;
out:
	if (!sc->usable)
		ps_scan_free(sc);
	free(member);
	free(high);
}

/* ASCII characters that \w matches, with or without UCP. */
static int
ascii_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		|| (c >= '0' && c <= '9') || c == '_';
}

int
ps_scan_none(const struct ps_scan *sc, pcre2_match_context *mctx, const char *s,
	     size_t len, uint32_t options)
{
	const unsigned char *u = (const unsigned char *) s;
	size_t p, so, eo;
	unsigned g;

	if (!sc->usable || s == NULL)
		return 0;
	for (p = 0; p < len; p++) {
		if ((g = sc->group[u[p]]) == 0 || (u[p] & 0xC0) == 0x80)
			continue;
		/* Subject start counts as a non-word character for \b. */
		if (sc->word_start && u[p] < 128 && (p == 0 || u[p - 1] < 128)
		    && ascii_word(u[p]) == (p > 0 && ascii_word(u[p - 1])))
			continue;
		if (ps_try(sc->code[g - 1], mctx, s, len, p, options, &so, &eo,
			   NULL)
		    != PS_NOMATCH)
			return 0;
	}
	return 1;
}

void
ps_scan_free(struct ps_scan *sc)
{
	size_t i;

	for (i = 0; i < sc->n; i++)
		pcre2_code_free(sc->code[i]);
	free(sc->code);
	memset(sc, 0, sizeof(*sc));
}
