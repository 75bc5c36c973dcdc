/*
 * NAME
 *	xalloc.c - allocation that cannot fail
 * SUMMARY
 *	malloc, calloc, realloc and string copies that abort on out of
 *	memory after one log line.
 * DESCRIPTION
 *	Large tables that are read and written at random (the cache
 *	builder's hash slots) come from ps_xhuge(): a map aligned to 2 MiB
 *	and advised for transparent huge pages, so filling it takes a fault
 *	per 2 MiB instead of per 4 KiB and far fewer TLB misses.
 * DIAGNOSTICS
 *	"out of memory allocating N bytes", at priority crit, then abort().
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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

#define HUGE_PAGE ((size_t) 2 << 20)

static size_t
huge_len(size_t size)
{
	return (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

void *
ps_xhuge(size_t size)
{
	size_t len = huge_len(size ? size : 1), head;
	unsigned char *p;

	p = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		ps_out_of_memory(size);
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
ps_xhuge_free(void *p, size_t size)
{
	if (p != NULL)
		munmap(p, huge_len(size ? size : 1));
}
