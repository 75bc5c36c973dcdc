/*
 * NAME
 *	guard_lex.c - byte scanners of the guard
 * SUMMARY
 *	The searches and small readers guard.c runs over raw message bytes.
 * DESCRIPTION
 *	Each function reads only [s, e) and keeps no state, so each can be
 *	read, and tested, on its own.  guard.c holds the line machine that
 *	decides what they are asked.
 * DIAGNOSTICS
 *	None.
 */

#include <string.h>

#include <glib.h>

#include "parser/guard_lex.h"

/* k+1 for the k-th letter of "boundary" (all eight differ), else 0. */
static const unsigned char boundary_at[256] = {
	['b'] = 1, ['B'] = 1, ['o'] = 2, ['O'] = 2, ['u'] = 3, ['U'] = 3,
	['n'] = 4, ['N'] = 4, ['d'] = 5, ['D'] = 5, ['a'] = 6, ['A'] = 6,
	['r'] = 7, ['R'] = 7, ['y'] = 8, ['Y'] = 8,
};

/*
 * The first "boundary" (any case) wholly inside [s, e), or e.  Every
 * occurrence covers exactly one of the bytes s[7], s[15], ..., and that
 * byte's letter tells where it starts; occurrences are met in order.
 */
const char *
ps_find_boundary(const char *s, const char *e)
{
	const char *i, *t;

	if (e - s < 8)
		return e;
	for (i = s + 7; i < e; i += 8) {
		unsigned k = boundary_at[(unsigned char) *i];

		if (k == 0)
			continue;
		t = i - (k - 1);
		if (t >= s && e - t >= 8 && (t[0] | 0x20) == 'b'
		    && (t[1] | 0x20) == 'o' && (t[2] | 0x20) == 'u'
		    && (t[3] | 0x20) == 'n' && (t[4] | 0x20) == 'd'
		    && (t[5] | 0x20) == 'a' && (t[6] | 0x20) == 'r'
		    && (t[7] | 0x20) == 'y')
			return t; /* x | 0x20 is a letter only for its cases */
	}
	return e;
}

/* The first line start after p where a line starts with "--", or end. */
const char *
ps_find_dashes(const char *p, const char *end)
{
	const char *c;

	for (c = p + 1; c < end; c++) {
		if ((c = memchr(c, '-', (size_t) (end - c))) == NULL)
			return end;
		if (c[-1] == '\n' && end - c >= 2 && c[1] == '-')
			return c;
	}
	return end;
}

int
ps_ci_find(const char *s, const char *e, const char *needle)
{
	size_t n = strlen(needle);

	for (; (size_t) (e - s) >= n; s++)
		if (g_ascii_strncasecmp(s, needle, n) == 0)
			return 1;
	return 0;
}

int
ps_ci_suffix(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);

	return n >= m && g_ascii_strncasecmp(s + n - m, suffix, m) == 0;
}

/* Length of "name" in "name:" at s (blanks allowed before ":"), or 0. */
size_t
ps_lex_field_name(const char *s, const char *e, const char **value)
{
	const char *p = s;
	size_t n;

	while (p<e && * p> ' ' && *p < 0x7F && *p != ':')
		p++;
	n = (size_t) (p - s);
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	if (n == 0 || p >= e || *p != ':')
		return 0;
	*value = p + 1;
	return n;
}

/* The first non-blank byte of the continuation line at next, or 0. */
char
ps_continuation_starts(const char *next, const char *in_end)
{
	const char *p;

	if (!ps_continued(next, in_end))
		return 0;
	p = ps_lex_skip_blanks(next, in_end);
	return p < in_end ? *p : 0;
}

/* Length of the MIME token (RFC 2045) at s. */
size_t
ps_token_len(const char *s, const char *e)
{
	const char *p = s;

	while (p<e && * p> ' ' && *p < 0x7F
	       && strchr("()<>@,;:\\\"/[]?=", *p) == NULL)
		p++;
	return (size_t) (p - s);
}

/* A Content-Type's first line [v, e) read strictly: type/subtype [;...]. */
enum ctype
ps_ctype_of(const char *v, const char *e)
{
	const char *t = ps_lex_skip_blanks(v, e), *sub, *q;
	size_t tn = ps_token_len(t, e), sn;

	if (tn == 0 || t + tn >= e || t[tn] != '/')
		return CT_OTHER;
	sub = t + tn + 1;
	sn = ps_token_len(sub, e);
	q = ps_lex_skip_blanks(sub + sn, e);
	if (sn == 0 || (q < e && *q != ';'))
		return CT_OTHER;
	if (ps_ci_eq(t, tn, "multipart"))
		return CT_MULTIPART;
	if (ps_ci_eq(t, tn, "message"))
		return ps_ci_eq(sub, sn, "rfc822") || ps_ci_eq(sub, sn, "news")
				|| ps_ci_eq(sub, sn, "global")
			? CT_MESSAGE
			: CT_OTHER;
	if (ps_ci_eq(t, tn, "application") || ps_ci_eq(t, tn, "image")
	    || ps_ci_eq(t, tn, "audio") || ps_ci_eq(t, tn, "video")
	    || ps_ci_eq(t, tn, "font") || ps_ci_eq(t, tn, "model"))
		return CT_INERT;
	return CT_OTHER;
}

/* A Content-Transfer-Encoding's line [v, e) is plainly an identity. */
int
ps_identity(const char *v, const char *e)
{
	const char *t = ps_lex_skip_blanks(v, e);
	size_t n = ps_token_len(t, e);

	return ps_lex_skip_blanks(t + n, e) == e
		&& (ps_ci_eq(t, n, "7bit") || ps_ci_eq(t, n, "8bit")
		    || ps_ci_eq(t, n, "binary"));
}

/* Fields something reads: the walk, text.c, or GMime for the structure. */
int
ps_read_field(const char *name, size_t n)
{
	return (n >= 8 && g_ascii_strncasecmp(name, "content-", 8) == 0)
		|| ps_ci_eq(name, n, "subject")
		|| ps_ci_eq(name, n, "mime-version")
		|| ps_ci_eq(name, n, "auto-submitted")
		|| ps_ci_eq(name, n, "precedence")
		|| ps_ci_eq(name, n, "x-autoreply")
		|| ps_ci_eq(name, n, "return-path");
}
