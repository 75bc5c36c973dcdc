#ifndef PS_XALLOC_H
#define PS_XALLOC_H

/*
 * NAME
 *	xalloc.h - allocation that cannot fail
 * SUMMARY
 *	Out of memory is fatal in one place (as Postfix's mymalloc): the
 *	process logs through util/log.c, so the line reaches syslog in the
 *	daemon and stderr in the commands, and aborts; the MTA's
 *	milter_default_action then applies.  Callers never check for NULL.
 */

#include <stddef.h>

void *ps_xmalloc(size_t n);
void *ps_xcalloc(size_t n, size_t size);
void *ps_xrealloc(void *p, size_t n);
char *ps_xstrdup(const char *s);
char *ps_xstrndup(const char *s, size_t n);

/*
 * Zeroed memory for a large table read and written at random (the cache
 * builder's hash slots): mapped, aligned to 2 MiB and advised for
 * transparent huge pages.  Free with the size it was made with.
 */
void *ps_xhuge(size_t size);
void ps_xhuge_free(void *p, size_t size);

/* For allocators psmilter does not own (PCRE2's, pthread keys). */
void ps_out_of_memory(size_t n) __attribute__((noreturn));

#endif
