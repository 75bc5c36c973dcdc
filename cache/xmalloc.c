/*
 * NAME
 *	xmalloc.c - allocators that never fail
 * SUMMARY
 *	malloc, calloc, realloc and strndup that abort on out of memory.
 * DESCRIPTION
 *	A cache builder or reader that cannot allocate can do nothing useful,
 *	and checking NULL at every call site hides the real logic, so the
 *	whole module allocates through here (Postfix's mymalloc idea).
 *	Large tables that are read and written at random (the builder's
 *	hash slots) come from ps_cache_xhuge(): a map aligned to 2 MiB and
 *	advised for transparent huge pages, so filling it takes a fault per
 *	2 MiB instead of per 4 KiB and far fewer TLB misses.
 * DIAGNOSTICS
 *	"psmilter: out of memory" on stderr, then abort().
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		out_of_memory(size);
	return p;
}

void *
ps_cache_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		out_of_memory(n * size);
	return p;
}

void *
ps_cache_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		out_of_memory(size);
	return p;
}

char *
ps_cache_xstrndup(const char *s, size_t len)
{
	char *p = ps_cache_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = 0;
	return p;
}

#define HUGE_PAGE ((size_t) 2 << 20)

static size_t
huge_len(size_t size)
{
	return (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

void *
ps_cache_xhuge(size_t size)
{
	size_t len = huge_len(size ? size : 1), head;
	unsigned char *p;

	p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		out_of_memory(size);
	/* Trim to a 2 MiB boundary at both ends. */
	head = (HUGE_PAGE - (uintptr_t) p % HUGE_PAGE) % HUGE_PAGE;
	if (head > 0)
		munmap(p, head);
	munmap(p + head + len, HUGE_PAGE - head);
	p += head;
	/* Advice only: without huge pages the map still works. */
	(void) madvise(p, len, MADV_HUGEPAGE);
	return p;
}

void
ps_cache_huge_free(void *p, size_t size)
{
	if (p != NULL)
		munmap(p, huge_len(size ? size : 1));
}
