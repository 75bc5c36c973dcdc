/*
 * NAME
 *	html_tag.c - lexer for HTML tags, comments and declarations
 * SUMMARY
 *	Follows the HTML tokenizer where it matters for text: a "<" that
 *	does not start a tag is text; quoted attribute values may hold
 *	">"; comments end at "-->"; unclosed markup runs to the end of the
 *	input, as in a browser.
 * DESCRIPTION
 *	Every byte is looked at a bounded number of times, so the whole
 *	converter stays linear.
 * DIAGNOSTICS
 *	None: unclosed markup ends at the end of the input.
 */

#include <string.h>

#include <glib.h>

#include "parser/html_tag.h"

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
name_char(char c)
{
	return g_ascii_isalnum(c) || c == '-' || c == '_' || c == ':'
		|| c == '.';
}

/* Position after the first ">" at or after p, or end. */
static const char *
past_gt(const char *p, const char *end)
{
	const char *gt = memchr(p, '>', (size_t) (end - p));

	return gt ? gt + 1 : end;
}

/* The "-->" at or after p, or NULL. */
static const char *
comment_close(const char *p, const char *end)
{
	while (end - p >= 3
	       && (p = memchr(p, '-', (size_t) (end - p - 2))) != NULL) {
		if (p[1] == '-' && p[2] == '>')
			return p;
		p++;
	}
	return NULL;
}

static const char *
skip_comment(const char *p, const char *end)
{
	const char *close;

	/* "<!-->" and "<!--->" are complete (empty) comments. */
	if (p < end && *p == '>')
		return p + 1;
	if (end - p >= 2 && p[0] == '-' && p[1] == '>')
		return p + 2;
	close = comment_close(p, end);
	return close ? close + 3 : end;
}

static void
keep_attr(struct ps_tag *t, const char *name, size_t nlen, const char *v,
	  size_t vlen)
{
	static const struct {
		const char *name;
		size_t off;
	} wanted[] = {
		{"href", offsetof(struct ps_tag, href)},
		{"class", offsetof(struct ps_tag, class_)},
		{"type", offsetof(struct ps_tag, type)},
		{"style", offsetof(struct ps_tag, style)},
		{"charset", offsetof(struct ps_tag, charset)},
		{"content", offsetof(struct ps_tag, content)},
	};
	size_t i;

	for (i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
		struct ps_attr *a;

		if (strlen(wanted[i].name) != nlen
		    || g_ascii_strncasecmp(wanted[i].name, name, nlen) != 0)
			continue;
		a = (struct ps_attr *) ((char *) t + wanted[i].off);
		if (a->v == NULL) { /* the first one counts */
			a->v = v;
			a->len = vlen;
		}
		return;
	}
}

/* One attribute at p; returns the position after it, or end. */
static const char *
lex_attr(const char *p, const char *end, struct ps_tag *t)
{
	const char *name = p, *v = p;
	size_t nlen, vlen = 0;

	/* A name runs to a space, "/", ">" or "=" (not "=" at its start). */
	p++;
	while (p < end && !is_space(*p) && *p != '/' && *p != '>' && *p != '=')
		p++;
	nlen = (size_t) (p - name);
	while (p < end && is_space(*p))
		p++;
	if (p < end && *p == '=') {
		p++;
		while (p < end && is_space(*p))
			p++;
		if (p < end && (*p == '"' || *p == '\'')) {
			const char *q = memchr(p + 1, *p,
					       (size_t) (end - p - 1));

			if (q == NULL)
				return end;
			v = p + 1;
			vlen = (size_t) (q - v);
			p = q + 1;
		} else {
			v = p;
			while (p < end && !is_space(*p) && *p != '>')
				p++;
			vlen = (size_t) (p - v);
		}
	}
	keep_attr(t, name, nlen, v, vlen);
	return p;
}

static const char *
lex_tag(const char *p, const char *end, struct ps_tag *t)
{
	const char *name = p;
	size_t n;

	while (p < end && name_char(*p))
		p++;
	n = (size_t) (p - name);
	if (n <= PS_TAG_NAME_MAX) {
		size_t i;

		for (i = 0; i < n; i++)
			t->name[i] = g_ascii_tolower(name[i]);
		t->name[n] = 0;
	}
	if (t->end)
		return past_gt(p, end);
	while (p < end) {
		if (*p == '>')
			return p + 1;
		if (*p == '/') {
			t->self_closing = p + 1 < end && p[1] == '>';
			p++;
		} else if (is_space(*p))
			p++;
		else
			p = lex_attr(p, end, t);
	}
	return end;
}

const char *
ps_tag_lex(const char *lt, const char *end, struct ps_tag *t,
	   enum ps_markup *kind)
{
	const char *p = lt + 1;

	memset(t, 0, sizeof(*t));
	*kind = PS_MARKUP_SKIP;
	if (p >= end)
		return NULL;
	if (*p == '!') {
		if (end - p >= 3 && p[1] == '-' && p[2] == '-')
			return skip_comment(p + 3, end);
		return past_gt(p, end); /* doctype, CDATA, bogus */
	}
	if (*p == '?')
		return past_gt(p, end);
	if (*p == '/') {
		p++;
		if (p < end && *p == '>')
			return p + 1; /* "</>" is dropped */
		if (p >= end || !g_ascii_isalpha(*p))
			return past_gt(p, end); /* bogus comment */
		t->end = 1;
	} else if (!g_ascii_isalpha(*p))
		return NULL;
	*kind = PS_MARKUP_TAG;
	return lex_tag(p, end, t);
}

/* Past "</name" + (space, "/" or ">") ... ">", or end. */
const char *
ps_tag_skip_raw(const char *p, const char *end, const char *name)
{
	size_t n = strlen(name);

	while (p < end) {
		const char *lt = memchr(p, '<', (size_t) (end - p));

		if (lt == NULL)
			return end;
		if ((size_t) (end - lt) > n + 2 && lt[1] == '/'
		    && g_ascii_strncasecmp(lt + 2, name, n) == 0
		    && (is_space(lt[2 + n]) || lt[2 + n] == '/'
			|| lt[2 + n] == '>'))
			return past_gt(lt + 2 + n, end);
		p = lt + 1;
	}
	return end;
}
