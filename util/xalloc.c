/*
 * NAME
 *	xalloc.c - allocation that cannot fail
 * SUMMARY
 *	malloc, calloc, realloc and string copies that abort on out of
 *	memory after one log line.
 * DIAGNOSTICS
 *	"out of memory allocating N bytes", at priority crit, then abort().
 */

#include <stdlib.h>
#include <string.h>

#include "util/log.h"
#include "util/xalloc.h"

void
ps_out_of_memory(size_t n)
{
	/* util/log.c formats into a stack buffer: no allocation here. */
	ps_log(LOG_CRIT, "out of memory allocating %zu bytes", n);
	abort();
}

void *
ps_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		ps_out_of_memory(n);
	return p;
}

void *
ps_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		ps_out_of_memory(n * size);
	return p;
}

void *
ps_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		ps_out_of_memory(n);
	return q;
}

char *
ps_xstrdup(const char *s)
{
	return ps_xstrndup(s, strlen(s));
}

char *
ps_xstrndup(const char *s, size_t n)
{
	char *p = ps_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}
