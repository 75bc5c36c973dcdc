#ifndef PS_CACHE_HASHINDEX_H
#define PS_CACHE_HASHINDEX_H

/*
 * NAME
 *	hashindex.h - the cache's static hash index (internal)
 * SUMMARY
 *	One LMDB value holds a header, an open-addressing slot table and
 *	every account record; a key's hash leads to a slot, the slot to a
 *	record, and the record confirms the key.  See record.c for the
 *	layout.
 */

#include <stddef.h>
#include <stdint.h>

#include "cache/record.h"

#define PS_HX_HDR      24 /* magic, u64 slot count, u64 records length */
#define PS_HX_SLOT     8  /* u64: hash tag, key offset, record */
#define PS_HX_ALIGN    8  /* records start on this boundary */
#define PS_HX_REFS_MAX (UINT32_MAX - 1) /* record references */

/* A checked view of an index value. */
struct ps_hx {
	const unsigned char *slots;
	uint64_t nslots;
	const unsigned char *recs;
	size_t recs_len;
};

uint64_t ps_hx_hash(int kind, const void *key, size_t len);
/* The same, for a key followed by PS_HX_PAD bytes it may read. */
#define PS_HX_PAD 7
uint64_t ps_hx_hash_padded(int kind, const void *key, size_t len);
/* Slots for n keys: the table stays at most 3/4 full. */
uint64_t ps_hx_nslots(uint64_t n);
/* 0 and a view, or -1 when the value is not a well-formed index. */
int ps_hx_open(const void *val, size_t len, struct ps_hx *out);

/* 1 and the decoded record, 0 not found, -1 a damaged slot or record. */
int ps_hx_find(const struct ps_hx *hx, int kind, const char *key, size_t klen,
	       struct ps_rec_view *view);
/* The same with the hash given (tests force collisions with it). */
int ps_hx_find_hashed(const struct ps_hx *hx, uint64_t hash, int kind,
		      const char *key, size_t klen, struct ps_rec_view *view);

/*
 * Building, on a native table of nslots entries over records recs.
 * ps_hx_insert() returns the slot index of the key: a new slot now
 * pointing to the key at offset koff of the record at offset rec, or
 * the slot already holding an equal key (then *found = 1 and the slot
 * is unchanged).
 */
uint64_t
ps_hx_insert(uint64_t *slots, uint64_t nslots, const unsigned char *recs,
	     size_t recs_len, uint64_t hash, int kind, const char *key,
	     size_t klen, size_t rec, size_t koff, int *found);
uint64_t ps_hx_home(uint64_t hash, uint64_t nslots);
uint64_t ps_hx_slot(uint64_t hash, size_t rec, size_t koff);
size_t ps_hx_slot_rec(uint64_t slot);
size_t ps_hx_slot_koff(uint64_t slot);
/* Writes the header and slot table; the records follow at the end. */
size_t ps_hx_write(unsigned char *out, const uint64_t *slots, uint64_t nslots,
		   size_t recs_len);

#endif
