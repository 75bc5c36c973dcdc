#ifndef PS_CACHE_LABELSET_H
#define PS_CACHE_LABELSET_H

/*
 * NAME
 *	labelset.h - first labels of freemail list entries
 * SUMMARY
 *	A cheap test that a domain cannot be on a freemail list.
 * DESCRIPTION
 *	Built from the text of a freemail file: the part before the first
 *	dot of every blank-separated word, lowercased.  A domain matches an
 *	entry ("gmail.com", "yahoo.*") only if one of its labels other than
 *	the last is that entry's first label, so a domain with no such label
 *	needs no lookup.  Comment words only add labels, which is harmless.
 */

#include <stddef.h>

struct ps_labelset;

struct ps_labelset *ps_labelset_from_text(const char *text, size_t len);
void ps_labelset_free(struct ps_labelset *ls);

/*
 * 0 when no label of domain (lowercase, dot-separated, NUL-terminated)
 * other than the last is in the set: it cannot be a freemail domain.
 */
int ps_labelset_may_match(const struct ps_labelset *ls, const char *domain);

#endif
