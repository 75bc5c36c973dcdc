/*
 * NAME
 *	keysort.c - MSD radix sort of cache keys
 * SUMMARY
 *	Sorts millions of short keys in memcmp order.
 * DESCRIPTION
 *	qsort over 7 million keys spends its time in comparisons that chase
 *	pointers into the arena; a most-significant-byte radix sort looks at
 *	each key byte about once.  Each 16-byte entry caches 8 key bytes (a
 *	window, big-endian, zero-padded), so a pass reads only the entry
 *	array; windows are reloaded from the keys when the sort gets 8 bytes
 *	deeper.  Each pass counts the bytes at the current depth and also
 *	notes which window bits differ at all, so a stretch of bytes that
 *	every key shares (".example", "700000") costs one pass, not one per
 *	byte.  Buckets are distributed into a second array and back (ping-
 *	pong), which streams through memory; small buckets are finished by
 *	insertion sort.  Because keys hold no NUL byte, a zero byte means
 *	"key ended", and a bucket of ended keys holds equal keys.
 *
 *	Equal keys end up side by side and the sort flags each one that
 *	equals its predecessor, so the builder finds duplicates without
 *	touching the keys again.  The sort is not stable; nothing needs it.
 * DIAGNOSTICS
 *	None.
 */

#include <endian.h>
#include <string.h>

#include "cache/keysort.h"

#define SMALL_BUCKET   32
#define PREFETCH_AHEAD 16

/* A bucket being sorted: where it lives now and where it must end. */
struct sort_job {
	struct ps_key_entry *orig; /* the caller's array (the result) */
	struct ps_key_entry *aux;  /* the scratch array, same offsets */
	int in_aux;		   /* entries are in aux right now */
	const unsigned char *arena;
};

/* Key bytes [off, off + 8) as a big-endian number, zero-padded. */
static uint64_t
window(const unsigned char *arena, const struct ps_key_entry *e, size_t off)
{
	const unsigned char *k = ps_key_text(arena, e);
	uint64_t w = 0;
	size_t i;

	if (off + 8 <= e->klen) {
		memcpy(&w, k + off, 8);
		return be64toh(w);
	}
	for (i = 0; i < 8; i++)
		w = w << 8 | (off + i < e->klen ? k[off + i] : 0);
	return w;
}

static void
load_windows(const unsigned char *arena, struct ps_key_entry *v, size_t n,
	     size_t off)
{
	size_t i;

	/* Keys are scattered in memory by now: fetch ahead of use. */
	for (i = 0; i < n; i++) {
		if (i + PREFETCH_AHEAD < n)
			__builtin_prefetch(
				ps_key_text(arena, &v[i + PREFETCH_AHEAD])
				+ off);
		v[i].win = window(arena, &v[i], off);
	}
}

/* Compares keys whose bytes before wbase are equal and windows loaded. */
static int
cmp_from(const unsigned char *arena, const struct ps_key_entry *a,
	 const struct ps_key_entry *b, size_t wbase)
{
	size_t off = wbase + 8;
	size_t m = a->klen < b->klen ? a->klen : b->klen;
	int r;

	if (a->win != b->win)
		return a->win < b->win ? -1 : 1;
	if (m > off
	    && (r = memcmp(ps_key_text(arena, a) + off,
			   ps_key_text(arena, b) + off, m - off))
		    != 0)
		return r;
	return (a->klen > b->klen) - (a->klen < b->klen);
}

static void
insertion_sort(const unsigned char *arena, struct ps_key_entry *v, size_t n,
	       size_t wbase)
{
	struct ps_key_entry tmp;
	size_t i, j;

	for (i = 1; i < n; i++) {
		tmp = v[i];
		for (j = i;
		     j > 0 && cmp_from(arena, &tmp, &v[j - 1], wbase) < 0; j--)
			v[j] = v[j - 1];
		v[j] = tmp;
	}
	for (i = 1; i < n; i++)
		if (cmp_from(arena, &v[i - 1], &v[i], wbase) == 0)
			v[i].dup = 1;
}

static unsigned
byte_at(const struct ps_key_entry *e, unsigned shift)
{
	return (unsigned) (e->win >> shift) & 0xff;
}

/* Marks every entry of an all-equal run but the first. */
static void
mark_dups(struct ps_key_entry *v, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		v[i].dup = 1;
}

/* A finished bucket goes back to the caller's array. */
static void
finish(const struct sort_job *job, size_t n)
{
	if (job->in_aux)
		memcpy(job->orig, job->aux, n * sizeof(*job->orig));
}

/*
 * Counts the byte at shift; returns the window bits in which some entry
 * differs from the first.
 */
static uint64_t
histogram(const struct ps_key_entry *v, size_t n, unsigned shift, size_t *count)
{
	uint64_t diff = 0, first = v[0].win;
	size_t i;

	memset(count, 0, 256 * sizeof(*count));
	for (i = 0; i < n; i++) {
		count[byte_at(&v[i], shift)]++;
		diff |= v[i].win ^ first;
	}
	return diff;
}

static void
distribute(const struct ps_key_entry *from, struct ps_key_entry *to, size_t n,
	   const size_t *count, unsigned shift)
{
	size_t next[256], pos = 0, i;
	unsigned b;

	for (b = 0; b < 256; b++) {
		next[b] = pos;
		pos += count[b];
	}
	for (i = 0; i < n; i++)
		to[next[byte_at(&from[i], shift)]++] = from[i];
}

/* Sorts a bucket whose keys agree before depth; windows hold [wbase, +8). */
static void
msd(struct sort_job job, size_t n, size_t depth, size_t wbase)
{
	struct ps_key_entry *cur = job.in_aux ? job.aux : job.orig;
	struct sort_job sub;
	size_t count[256], pos;
	uint64_t diff;
	unsigned shift, b;

	for (;;) {
		if (n < SMALL_BUCKET) {
			insertion_sort(job.arena, cur, n, wbase);
			finish(&job, n);
			return;
		}
		if (depth == wbase + 8) {
			wbase = depth;
			load_windows(job.arena, cur, n, wbase);
		}
		shift = (unsigned) (56 - 8 * (depth - wbase));
		diff = histogram(cur, n, shift, count);
		if (count[0] == n || (diff == 0 && (cur[0].win & 0xff) == 0)) {
			mark_dups(cur, n); /* all keys ended: equal */
			finish(&job, n);
			return;
		}
		if (count[byte_at(&cur[0], shift)] < n)
			break;
		/* One bucket: go on at the first byte where keys differ. */
		depth = diff == 0 ? wbase + 8
				  : wbase + (size_t) __builtin_clzll(diff) / 8;
	}
	distribute(cur, job.in_aux ? job.orig : job.aux, n, count, shift);
	sub = job;
	sub.in_aux = !job.in_aux;
	mark_dups(sub.in_aux ? sub.aux : sub.orig, count[0]);
	for (pos = 0, b = 0; b < 256; pos += count[b], b++) {
		if (count[b] == 0)
			continue;
		sub.orig = job.orig + pos;
		sub.aux = job.aux + pos;
		if (b == 0 || count[b] == 1)
			finish(&sub, count[b]);
		else
			msd(sub, count[b], depth + 1, wbase);
	}
}

void
ps_keysort(struct ps_key_entry *v, struct ps_key_entry *tmp, size_t n,
	   const unsigned char *arena)
{
	struct sort_job job;
	size_t i;

	for (i = 0; i < n; i++)
		v[i].dup = 0;
	load_windows(arena, v, n, 0);
	job.orig = v;
	job.aux = tmp;
	job.in_aux = 0;
	job.arena = arena;
	msd(job, n, 0, 0);
}
