#ifndef PS_CACHE_XMALLOC_H
#define PS_CACHE_XMALLOC_H

/*
 * NAME
 *	xmalloc.h - the cache module's allocators (internal)
 * SUMMARY
 *	Out of memory is fatal, in one place: these never return NULL.
 */

#include <stddef.h>

void *ps_cache_xmalloc(size_t size);
void *ps_cache_xcalloc(size_t n, size_t size);
void *ps_cache_xrealloc(void *ptr, size_t size);
char *ps_cache_xstrndup(const char *s, size_t len);
/* Zeroed memory for a large random-access table; free with the size. */
void *ps_cache_xhuge(size_t size);
void ps_cache_huge_free(void *p, size_t size);

#endif
