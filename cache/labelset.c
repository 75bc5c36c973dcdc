/*
 * NAME
 *	labelset.c - first labels of freemail list entries
 * SUMMARY
 *	A small hash set of labels, filled from a freemail file's text.
 * DESCRIPTION
 *	Checking a million feed rows against the freemail list cost
 *	psmilter-cache build a quarter of its checking thread: each lookup
 *	copies and hashes every suffix of the domain.  Almost no customer
 *	domain shares a label with a freemail entry's first label, and that
 *	test is a few byte compares.  Words are split the way the freemail
 *	reader splits them (blanks, line ends), so every entry it accepts
 *	leaves its first label here.
 * DIAGNOSTICS
 *	None; out of memory is fatal (xmalloc.c).
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cache/labelset.h"
#include "util/xalloc.h"

#define LABEL_KEEP 63 /* labels have at most 63 bytes */

struct ps_labelset {
	char **slot; /* open addressing, at most half full */
	size_t mask;
	size_t n;
	int all;	    /* a word too long to be a label */
	uint64_t lens[256]; /* by first byte: bit n, a label of n */
};

static uint64_t
hash(const char *s, size_t len)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char) s[i]) * 1099511628211ULL;
	return h ^ (h >> 29);
}

static int
is_blank(char c)
{
	return (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
		|| c == '\n');
}

static size_t
find(const struct ps_labelset *ls, const char *s, size_t len, int *found)
{
	size_t h = (size_t) hash(s, len) & ls->mask;

	*found = 0;
	for (; ls->slot[h] != NULL; h = (h + 1) & ls->mask) {
		if (strlen(ls->slot[h]) == len
		    && memcmp(ls->slot[h], s, len) == 0) {
			*found = 1;
			break;
		}
	}
	return h;
}

static void
add(struct ps_labelset *ls, const char *s, size_t len)
{
	char low[LABEL_KEEP];
	size_t i, h;
	int found;

	if (len == 0)
		return;
	if (len > sizeof(low)) {
		ls->all = 1; /* not a label: give up filtering */
		return;
	}
	for (i = 0; i < len; i++)
		low[i] = s[i] >= 'A' && s[i] <= 'Z' ? (char) (s[i] - 'A' + 'a')
						    : s[i];
	ls->lens[(unsigned char) low[0]] |= (uint64_t) 1 << len;
	h = find(ls, low, len, &found);
	if (!found) {
		ls->slot[h] = ps_xstrndup(low, len);
		ls->n++;
	}
}

struct ps_labelset *
ps_labelset_from_text(const char *text, size_t len)
{
	struct ps_labelset *ls = ps_xcalloc(1, sizeof(*ls));
	const char *p = text, *end = text + len, *w, *dot;
	size_t words = 0, size = 16;

	for (w = text; w < end; w++) /* a bound on the words */
		words += !is_blank(*w) && (w == text || is_blank(w[-1]));
	while (size < 2 * words + 2)
		size *= 2;
	ls->slot = ps_xcalloc(size, sizeof(*ls->slot));
	ls->mask = size - 1;
	while (p < end) {
		while (p < end && is_blank(*p))
			p++;
		for (w = p; p < end && !is_blank(*p); p++)
			;
		dot = memchr(w, '.', (size_t) (p - w));
		add(ls, w, (size_t) ((dot ? dot : p) - w));
	}
	return ls;
}

void
ps_labelset_free(struct ps_labelset *ls)
{
	size_t i;

	if (ls == NULL)
		return;
	for (i = 0; i <= ls->mask; i++)
		free(ls->slot[i]);
	free(ls->slot);
	free(ls);
}

/* Bytes that end a label: the dot and the terminating NUL. */
static const unsigned char label_end[256] = {[0] = 1, ['.'] = 1};

/* Most labels are ruled out by their first byte and length alone. */
int
ps_labelset_may_match(const struct ps_labelset *ls, const char *domain)
{
	const char *s = domain, *p;
	size_t len;
	int found;

	if (ls->all)
		return 1;
	for (;;) {
		for (p = s; !label_end[(unsigned char) *p]; p++)
			;
		if (*p == 0)
			return 0; /* the last label never counts */
		len = (size_t) (p - s);
		if (len < LABEL_KEEP + 1
		    && (ls->lens[(unsigned char) *s] >> len & 1)) {
			(void) find(ls, s, len, &found);
			if (found)
				return 1;
		}
		s = p + 1;
	}
}
