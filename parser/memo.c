/*
 * NAME
 *	memo.c - what the rules said of a byte string already seen
 * SUMMARY
 *	A reply quotes the mail it answers, often several levels deep, so
 *	the lines of a template come back again and again (the bench corpus:
 *	64,270 lines, 7,462 of them different).  The rules' answer for a
 *	line depends on its bytes alone; fields.c and fields_instruction.c
 *	ask them once per different line and keep the answer here.
 * DESCRIPTION
 *	An open hash table over (bytes, length), growing by doubling up to
 *	max entries: past that nothing more is kept and the caller asks the
 *	rules again, so that a text of many different lines costs bounded
 *	memory.  A lookup visits at most MEMO_PROBES slots, so that lines
 *	crafted to collide cost bounded time too.  One memo
 *	serves one extraction in one thread.
 * DIAGNOSTICS
 *	None.
 */

#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "parser/memo.h"

struct slot {
	const char *key; /* NULL: free */
	size_t len;
	uint64_t hash;
	struct ps_memo_entry e;
};

struct ps_memo {
	struct slot *slot;
	size_t size; /* a power of two; never more than half used */
	size_t used, max;
	int copy;
};

#define MEMO_FIRST_SIZE 64
#define MEMO_PROBES	16 /* slots one lookup may visit */

/*
 * Words multiplied in, then a full avalanche (the MurmurHash3 finalizer)
 * so that lines differing in one byte anywhere get unrelated slots.
 * It is not keyed, so a sender can still craft lines that share a home
 * slot; the probe cap keeps what those cost to MEMO_PROBES comparisons
 * of a 64-bit hash per line, and lines past the cap go to the rules.
 */
uint64_t
ps_memo_hash(const char *s, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
		h ^= h >> 31;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ h >> 33;
}

struct ps_memo *
ps_memo_new(size_t max, int copy)
{
	struct ps_memo *m = g_new0(struct ps_memo, 1);

	m->max = max;
	m->copy = copy;
	m->size = MEMO_FIRST_SIZE;
	m->slot = g_new0(struct slot, m->size);
	return m;
}

static struct slot *
probe(struct ps_memo *m, const char *s, size_t n, uint64_t h)
{
	size_t i = (size_t) h & (m->size - 1), k;
	struct slot *sl;

	/* The slot holding [s, s+n), a free one for it, or NULL. */
	for (k = 0; k < MEMO_PROBES; k++, i = (i + 1) & (m->size - 1)) {
		sl = &m->slot[i];
		if (sl->key == NULL
		    || (sl->hash == h && sl->len == n
			&& memcmp(sl->key, s, n) == 0))
			return sl;
	}
	return NULL;
}

static void
drop(struct ps_memo *m, struct slot *sl)
{
	if (m->copy)
		g_free((char *) sl->key);
	m->used--;
}

static void
grow(struct ps_memo *m)
{
	struct slot *old = m->slot;
	size_t i, n = m->size;

	m->size *= 2;
	m->slot = g_new0(struct slot, m->size);
	for (i = 0; i < n; i++) {
		struct slot *sl;

		if (old[i].key == NULL)
			continue;
		/* Rarely a crafted cluster no longer fits: forget the entry. */
		if ((sl = probe(m, old[i].key, old[i].len, old[i].hash))
		    != NULL)
			*sl = old[i];
		else
			drop(m, &old[i]);
	}
	g_free(old);
}

struct ps_memo_entry *
ps_memo_get(struct ps_memo *m, const char *s, size_t n, int *added)
{
	uint64_t h = ps_memo_hash(s, n);
	struct slot *sl = probe(m, s, n, h);

	*added = 0;
	if (sl != NULL && sl->key != NULL)
		return &sl->e;
	if (m->used >= m->max)
		return NULL;
	if (2 * (m->used + 1) > m->size) {
		grow(m);
		sl = probe(m, s, n, h);
	}
	if (sl == NULL)
		return NULL;
	m->used++;
	/* A copied key is NUL-terminated so that an empty one is not NULL. */
	sl->key = m->copy ? g_strndup(s, n) : s;
	sl->len = n;
	sl->hash = h;
	sl->e.a = sl->e.b = sl->e.c = PS_MEMO_UNKNOWN;
	sl->e.off = 0;
	*added = 1;
	return &sl->e;
}

void
ps_memo_free(struct ps_memo *m)
{
	size_t i;

	if (m == NULL)
		return;
	if (m->copy)
		for (i = 0; i < m->size; i++)
			g_free((char *) m->slot[i].key);
	g_free(m->slot);
	g_free(m);
}
