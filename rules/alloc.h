#ifndef PS_RULES_ALLOC_H
#define PS_RULES_ALLOC_H

/*
 * NAME
 *	alloc.h - memory allocation for the rules module
 * SUMMARY
 *	Running out of memory is fatal, in this one place (as Postfix's
 *	mymalloc), so that no caller checks for NULL.  The functions are
 *	static inline so that they cannot clash with another module's
 *	allocator at link time.
 * DIAGNOSTICS
 *	On failure: a message on stderr, then abort().
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void psr_oom(void)
{
	fputs("psmilter: out of memory\n", stderr);
	abort();
}

static inline void *psr_malloc(size_t n)
{
	void   *p = malloc(n ? n : 1);

	if (p == NULL)
		psr_oom();
	return p;
}

static inline void *psr_calloc(size_t count, size_t size)
{
	void   *p = calloc(count ? count : 1, size ? size : 1);

	if (p == NULL)
		psr_oom();
	return p;
}

static inline void *psr_realloc(void *old, size_t n)
{
	void   *p = realloc(old, n ? n : 1);

	if (p == NULL)
		psr_oom();
	return p;
}

/* A NUL-terminated copy of the n bytes at s. */
static inline char *psr_strndup(const char *s, size_t n)
{
	char   *p = psr_malloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

#endif
