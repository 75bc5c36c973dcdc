#ifndef PS_PARSER_GUARD_LEX_H
#define PS_PARSER_GUARD_LEX_H

/*
 * NAME
 *	guard_lex.h - byte scanners of the guard (parser-internal)
 * SUMMARY
 *	Pure functions over [s, e) byte ranges: searches for "boundary"
 *	and "--" lines, field names, MIME tokens, and what a Content-Type
 *	or Content-Transfer-Encoding line plainly says.  No state.
 */

#include <stddef.h>
#include <string.h>

#include <glib.h>

/* What a Content-Type value is, when its first line says it plainly. */
enum ctype {
	CT_OTHER, /* text, unclear, or anything else */
	CT_INERT, /* application, image, audio, video, font, model */
	CT_MULTIPART,
	CT_MESSAGE, /* rfc822, news, global: GMime parses these */
};

const char *ps_find_boundary(const char *s, const char *e);
const char *ps_find_dashes(const char *p, const char *end);
int ps_ci_find(const char *s, const char *e, const char *needle);
int ps_ci_suffix(const char *s, size_t n, const char *suffix);
size_t ps_lex_field_name(const char *s, const char *e, const char **value);
char ps_continuation_starts(const char *next, const char *in_end);
size_t ps_token_len(const char *s, const char *e);
enum ctype ps_ctype_of(const char *v, const char *e);
int ps_identity(const char *v, const char *e);
int ps_read_field(const char *name, size_t n);

static inline int
ps_ci_eq(const char *s, size_t n, const char *word)
{
	return n == strlen(word) && g_ascii_strncasecmp(s, word, n) == 0;
}

static inline const char *
ps_lex_skip_blanks(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* The next line is a folded continuation of this one. */
static inline int
ps_continued(const char *next, const char *in_end)
{
	return next < in_end && (*next == ' ' || *next == '\t');
}

#endif
