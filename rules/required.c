/*
 * NAME
 *	required.c - what a pattern's text says about every match
 * SUMMARY
 *	ps_required_byte() reads a pattern's text and returns an ASCII
 *	punctuation byte that any match must contain (the "@" of an address
 *	pattern), or -1.  A subject without that byte cannot match, which
 *	memchr() tells much faster than a search.  ps_word_start() tells
 *	whether every match starts at a word boundary ("\b" opens each
 *	top-level alternative).
 * DESCRIPTION
 *	PCRE2 keeps only the last literal a match needs (the "." of a
 *	domain), so the byte is found here, conservatively: a literal at the
 *	top level of a pattern that has no top-level "|", not followed by a
 *	quantifier that allows zero ("?", "*", "{").  Groups, classes,
 *	escapes and \Q...\E quotes are stepped over, never searched, and a
 *	pattern that may turn on extended syntax ("x", where "#" starts a
 *	comment) gets -1.  Punctuation has no other case, so caseless and
 *	UTF matching change nothing.  Lookbehinds are groups, and \K only
 *	moves the reported start: the byte is inside the matched range.
 *	Any doubt gives -1, which only costs the shortcut.
 * DIAGNOSTICS
 *	None.
 */

#include <string.h>

#include "rules/pattern.h"

/* Literal punctuation that is not a metacharacter outside a class. */
static const char literal_punct[] = "!\"#%&',-/:;<=>@_`~";

/* Offset just past the "\E" that ends a \Q quote begun before from. */
static size_t
after_quote(const char *p, size_t n, size_t from)
{
	size_t i;

	for (i = from; i + 1 < n; i++)
		if (p[i] == '\\' && p[i + 1] == 'E')
			return i + 2;
	return n;
}

/* Offset just past an escape at p[i] == '\\'. */
static size_t
after_escape(const char *p, size_t n, size_t i)
{
	if (i + 1 >= n)
		return n;
	if (p[i + 1] == 'Q')
		return after_quote(p, n, i + 2);
	if (p[i + 1] == 'c') /* \cX: a control character */
		return i + 3 < n ? i + 3 : n;
	return i + 2;
}

/* Offset of the first "c]" in p[from, n), or n. */
static size_t
find_close(const char *p, size_t n, size_t from, char c)
{
	size_t i;

	for (i = from; i + 1 < n; i++)
		if (p[i] == c && p[i + 1] == ']')
			return i;
	return n;
}

/* Offset just past a class that opens at p[i] == '['; n if unclosed. */
static size_t
after_class(const char *p, size_t n, size_t i)
{
	size_t end;

	i++;
	if (i < n && p[i] == '^')
		i++;
	if (i < n && p[i] == ']')
		i++;
	while (i < n) {
		if (p[i] == '\\') {
			i = after_escape(p, n, i);
			continue;
		}
		if (p[i] == ']')
			return i + 1;
		/* [:alpha:] and the like end with the same character + ']'. */
		if (p[i] == '[' && i + 1 < n && p[i + 1] != '\0'
		    && strchr(":.=", p[i + 1]) != NULL) {
			end = find_close(p, n, i + 2, p[i + 1]);
			if (end < n) {
				i = end + 2;
				continue;
			}
		}
		i++;
	}
	return n;
}

/* Does the group opening at p[i] == '(' set options including "x"? */
static int
sets_extended(const char *p, size_t n, size_t i)
{
	if (i + 1 >= n || p[i + 1] != '?')
		return 0;
	for (i += 2; i < n
	     && strchr("abcdefghijklmnopqrstuvwxyz"
		       "ABCDEFGHIJKLMNOPQRSTUVWXYZ-^",
		       p[i])
		     != NULL
	     && p[i] != '\0';
	     i++)
		if (p[i] == 'x')
			return 1;
	return 0;
}

int
ps_required_byte(const char *p, size_t n)
{
	size_t i = 0;
	int depth = 0;
	int found = -1;
	char c, next;

	if (memchr(p, '\0', n) != NULL)
		return -1;
	while (i < n) {
		c = p[i];
		if (c == '\\') {
			i = after_escape(p, n, i);
		} else if (c == '[') {
			i = after_class(p, n, i);
		} else if (c == '(') {
			if (sets_extended(p, n, i))
				return -1;
			if (i + 2 < n && p[i + 1] == '?' && p[i + 2] == '#') {
				while (i < n && p[i] != ')')
					i++;
				i++;
				continue;
			}
			depth++;
			i++;
		} else if (c == ')') {
			if (--depth < 0)
				return -1;
			i++;
		} else if (c == '|' && depth == 0) {
			return -1;
		} else if (c == '{') {
			/* A quantifier's "{2,24}": its comma is no literal. */
			while (i < n && p[i] != '}')
				i++;
			i++;
		} else {
			next = i + 1 < n ? p[i + 1] : '\0';
			if (depth == 0 && found < 0
			    && strchr(literal_punct, c) != NULL && next != '?'
			    && next != '*' && next != '{')
				found = (unsigned char) c;
			i++;
		}
	}
	return depth == 0 ? found : -1;
}

/* Is p[i, n) "\b" not followed by a quantifier? */
static int
boundary_at(const char *p, size_t n, size_t i)
{
	return i + 1 < n && p[i] == '\\' && p[i + 1] == 'b'
		&& (i + 2 >= n || strchr("?*+{", p[i + 2]) == NULL);
}

int
ps_word_start(const char *p, size_t n)
{
	size_t i = 0;
	int depth = 0;

	if (memchr(p, '\0', n) != NULL || !boundary_at(p, n, 0))
		return 0;
	while (i < n) {
		switch (p[i]) {
		case '\\': i = after_escape(p, n, i); break;
		case '[': i = after_class(p, n, i); break;
		case '(':
			if (i + 2 < n && p[i + 1] == '?' && p[i + 2] == '#')
				return 0;
			depth++;
			i++;
			break;
		case ')':
			if (--depth < 0)
				return 0;
			i++;
			break;
		case '|':
			if (depth == 0 && !boundary_at(p, n, i + 1))
				return 0;
			i++;
			break;
		default: i++;
		}
	}
	return depth == 0;
}
