/*
 * NAME
 *	lines.c - line, token and error helpers for the rules module's files
 * SUMMARY
 *	Shared by the rules, regions and freemail loaders so that all three
 *	files follow the same lexical rules: one directive per line, "#"
 *	comments, blank lines ignored, LF or CRLF line ends.
 * DESCRIPTION
 *	A NUL byte ends nothing here: callers see it inside a line and
 *	reject the line, so a binary file gives an error, not a truncation.
 * DIAGNOSTICS
 *	ps_read_file() reports "path: strerror" or "path: file too large".
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rules/lines.h"
#include "util/xalloc.h"

static int
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

void
ps_lines_init(struct ps_lines *it, const char *text, size_t len)
{
	it->p = text;
	it->end = text + len;
	it->lineno = 0;
}

int
ps_lines_next(struct ps_lines *it, const char **line, size_t *len)
{
	const char *start = it->p;
	const char *nl;
	const char *e;

	if (start >= it->end)
		return 0;
	nl = memchr(start, '\n', (size_t) (it->end - start));
	e = nl ? nl : it->end;
	it->p = nl ? nl + 1 : it->end;
	it->lineno++;
	while (start < e && is_blank(*start))
		start++;
	while (e > start && is_blank(e[-1]))
		e--;
	*line = start;
	*len = (size_t) (e - start);
	return 1;
}

int
ps_line_ignored(const char *line, size_t len)
{
	return len == 0 || line[0] == '#';
}

size_t
ps_strip_comment(const char *line, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (line[i] == '#' && (i == 0 || is_blank(line[i - 1])))
			break;
	while (i > 0 && is_blank(line[i - 1]))
		i--;
	return i;
}

void
ps_lines_skip_blanks(const char **p, const char *end)
{
	while (*p < end && is_blank(**p))
		(*p)++;
}

int
ps_token(const char **p, const char *end, const char **tok, size_t *toklen)
{
	const char *s;

	ps_lines_skip_blanks(p, end);
	if (*p >= end)
		return 0;
	s = *p;
	while (*p < end && !is_blank(**p))
		(*p)++;
	*tok = s;
	*toklen = (size_t) (*p - s);
	return 1;
}

int
ps_token_is(const char *tok, size_t toklen, const char *word)
{
	size_t i;

	if (strlen(word) != toklen)
		return 0;
	for (i = 0; i < toklen; i++) {
		unsigned char a = (unsigned char) tok[i];
		unsigned char b = (unsigned char) word[i];

		if (a >= 'A' && a <= 'Z')
			a = (unsigned char) (a - 'A' + 'a');
		if (b >= 'A' && b <= 'Z')
			b = (unsigned char) (b - 'A' + 'a');
		if (a != b)
			return 0;
	}
	return 1;
}

int
ps_parse_ulong(const char *tok, size_t toklen, unsigned long min,
	       unsigned long max, unsigned long *out)
{
	unsigned long v = 0;
	size_t i;

	if (toklen == 0 || toklen > 19)
		return -1;
	for (i = 0; i < toklen; i++) {
		if (tok[i] < '0' || tok[i] > '9')
			return -1;
		v = v * 10 + (unsigned long) (tok[i] - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int
ps_token_error(struct ps_error *err, const char *name, unsigned line,
	       const char *what, const char *tok, size_t toklen)
{
	if (tok != NULL)
		ps_error_at(err, name, line, "%s '%.*s'", what,
			    (int) (toklen > 80 ? 80 : toklen), tok);
	else
		ps_error_at(err, name, line, "%s", what);
	return -1;
}

char *
ps_read_file(const char *path, size_t max, size_t *len, struct ps_error *err)
{
	FILE *fp;
	char *buf;
	size_t cap = 65536;
	size_t n = 0;
	size_t got;

	if ((fp = fopen(path, "r")) == NULL) {
		ps_error_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = ps_xmalloc(cap + 1);
	while ((got = fread(buf + n, 1, cap - n, fp)) > 0) {
		n += got;
		if (n > max)
			break;
		if (n == cap) {
			cap *= 2;
			buf = ps_xrealloc(buf, cap + 1);
		}
	}
	if (ferror(fp) || n > max) {
		ps_error_set(err, "%s: %s", path,
			     n > max ? "file too large" : strerror(errno));
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}
