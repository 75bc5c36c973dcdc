/*
 * NAME
 *	xmalloc.c - allocators that never fail
 * SUMMARY
 *	malloc, calloc, realloc and strndup that abort on out of memory.
 * DESCRIPTION
 *	A cache builder or reader that cannot allocate can do nothing useful,
 *	and checking NULL at every call site hides the real logic, so the
 *	whole module allocates through here (Postfix's mymalloc idea).
 * DIAGNOSTICS
 *	"psmilter: out of memory" on stderr, then abort().
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/xmalloc.h"

static void
out_of_memory(size_t size)
{
	fprintf(stderr, "psmilter: out of memory (allocating %zu bytes)\n",
		size);
	abort();
}

void *
ps_cache_xmalloc(size_t size)
{
	void   *p = malloc(size ? size : 1);

	if (p == NULL)
		out_of_memory(size);
	return (p);
}

void *
ps_cache_xcalloc(size_t n, size_t size)
{
	void   *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory(n * size);
	return (p);
}

void *
ps_cache_xrealloc(void *ptr, size_t size)
{
	void   *p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		out_of_memory(size);
	return (p);
}

char *
ps_cache_xstrndup(const char *s, size_t len)
{
	char   *p = ps_cache_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = 0;
	return (p);
}
