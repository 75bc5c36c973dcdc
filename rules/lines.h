#ifndef PS_RULES_LINES_H
#define PS_RULES_LINES_H

/*
 * NAME
 *	lines.h - reading the line-based configuration files of the rules
 *	module (rules, regions, freemail)
 * SUMMARY
 *	Line iteration with line numbers, whitespace-separated tokens,
 *	"NAME:LINE: reason" errors, and whole-file reading.
 */

#include <stddef.h>

#include "util/error.h"

struct ps_lines {
	const char *p; /* next unread byte */
	const char *end;
	unsigned lineno; /* number of the line last returned */
};

void ps_lines_init(struct ps_lines *it, const char *text, size_t len);

/*
 * The next line without its terminator (LF or CRLF) and without
 * surrounding blanks.  Returns 0 at the end of the text.
 */
int ps_lines_next(struct ps_lines *it, const char **line, size_t *len);

/* Is this (stripped) line blank or a comment ("#" first)? */
int ps_line_ignored(const char *line, size_t len);

/* Cut a line at a "#" that starts the line or follows a blank. */
size_t ps_strip_comment(const char *line, size_t len);

/*
 * The next blank-separated token of [*p, end), advancing *p.  Returns 0
 * when only blanks are left.
 */
int ps_token(const char **p, const char *end, const char **tok, size_t *toklen);

/* Skip blanks at *p. */
void ps_lines_skip_blanks(const char **p, const char *end);

/* Case-insensitive (ASCII) comparison of a token with a word. */
int ps_token_is(const char *tok, size_t toklen, const char *word);

/* Parse a decimal number in [min, max].  Returns 0 on success. */
int ps_parse_ulong(const char *tok, size_t toklen, unsigned long min,
		   unsigned long max, unsigned long *out);

/*
 * "NAME:LINE: what 'tok'" in err, the token cut at 80 bytes, or
 * "NAME:LINE: what" when tok is NULL.  Returns -1.
 */
int ps_token_error(struct ps_error *err, const char *name, unsigned line,
		   const char *what, const char *tok, size_t toklen);

/*
 * Read a whole file (at most max bytes).  Returns a malloc'ed buffer
 * (NUL-terminated) and its length, or NULL with "path: reason" in err.
 */
char *
ps_read_file(const char *path, size_t max, size_t *len, struct ps_error *err);

#endif
