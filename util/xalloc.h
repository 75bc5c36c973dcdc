#ifndef PS_XALLOC_H
#define PS_XALLOC_H

/*
 * NAME
 *	xalloc.h - allocation that cannot fail
 * SUMMARY
 *	Out of memory is fatal in one place (as Postfix's mymalloc): the
 *	process logs and aborts, and the MTA's milter_default_action applies.
 *	Callers never check for NULL.
 */

#include <stddef.h>

void   *xmalloc(size_t n);
void   *xcalloc(size_t n, size_t size);
void   *xrealloc(void *p, size_t n);
char   *xstrdup(const char *s);
char   *xstrndup(const char *s, size_t n);

#endif
