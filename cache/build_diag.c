/*
 * NAME
 *	build_diag.c - row errors and warnings of a cache build
 * SUMMARY
 *	Formats "FEED:LINE: reason" for a bad row, and keeps the
 *	"FEED:LINE: warning: ..." messages until the build hands them to
 *	the caller's warn callback, sorted by line.
 * DESCRIPTION
 *	Warnings are found out of line order (a conflict is seen when its
 *	second claimant is indexed) and by two threads in turn, so they
 *	are collected and sorted once at the end; a sequence number keeps
 *	the warnings of one line in the order they were made.
 */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/build_impl.h"
#include "util/xalloc.h"

/* Keeps a warning for ps_build_warn_flush(). */
void
ps_build_warn(struct builder *b, unsigned long line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	int n;

	n = snprintf(msg, sizeof(msg), "%s:%lu: warning: ", b->feed, line);
	if (n < 0 || (size_t) n >= sizeof(msg))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t) n, fmt, ap);
	va_end(ap);
	if (b->nwarn == b->capwarn) {
		b->capwarn = b->capwarn ? b->capwarn * 2 : 64;
		b->warn = ps_xrealloc(b->warn, b->capwarn * sizeof(*b->warn));
	}
	b->warn[b->nwarn].line = line;
	b->warn[b->nwarn].seq = b->nwarn;
	b->warn[b->nwarn].msg = ps_xstrndup(msg, strlen(msg));
	b->nwarn++;
}

static int
warning_cmp(const void *x, const void *y)
{
	const struct warning *a = x, *b = y;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Forgets the warnings after the first n. */
void
ps_build_warn_drop(struct builder *b, size_t n)
{
	while (b->nwarn > n)
		free(b->warn[--b->nwarn].msg);
}

/* Hands the warnings to the caller in line order. */
void
ps_build_warn_flush(struct builder *b)
{
	size_t i;

	if (b->nwarn == 0)
		return; /* qsort() wants a non-null array */
	qsort(b->warn, b->nwarn, sizeof(*b->warn), warning_cmp);
	for (i = 0; i < b->nwarn; i++)
		if (b->opts->warn != NULL)
			b->opts->warn(b->opts->ctx, b->warn[i].msg);
}

/* "FEED:LINE: reason" in err; always -1. */
int
ps_build_row_error(const struct builder *b, unsigned long line,
		   struct ps_error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ps_error_vat(err, b->feed, line, fmt, ap);
	va_end(ap);
	return -1;
}
