#ifndef PS_CACHE_KEYSORT_H
#define PS_CACHE_KEYSORT_H

/*
 * NAME
 *	keysort.h - sort cache keys in LMDB (memcmp) order (internal)
 * SUMMARY
 *	The builder collects the account ids as 16-byte entries that point
 *	into their records in the arena, sorts them with this to find
 *	duplicates, and appends them to LMDB in order.  Keys must not
 *	contain NUL bytes.
 */

#include <stddef.h>
#include <stdint.h>

#define PS_ARENA_ALIGN 8 /* records start on this boundary */

struct ps_key_entry {
	uint64_t win;  /* sort scratch: 8 key bytes */
	uint32_t rec;  /* record offset / PS_ARENA_ALIGN */
	uint16_t koff; /* key offset in the record */
	uint8_t klen;  /* key length (keys are < 256) */
	uint8_t dup;   /* out: same key as the entry before */
};

static inline const unsigned char *
ps_key_rec(const unsigned char *arena, const struct ps_key_entry *e)
{
	return arena + (size_t) e->rec * PS_ARENA_ALIGN;
}

static inline const unsigned char *
ps_key_text(const unsigned char *arena, const struct ps_key_entry *e)
{
	return ps_key_rec(arena, e) + e->koff;
}

/* Sorts v; tmp has room for n entries. */
void ps_keysort(struct ps_key_entry *v, struct ps_key_entry *tmp, size_t n,
		const unsigned char *arena);

#endif
