/*
 * NAME
 *	hashindex.c - the cache's static hash index
 * SUMMARY
 *	Hash a key, probe the slot table, confirm the key in its record.
 * DESCRIPTION
 *	The index is built once and never changed, so it is a plain
 *	open-addressing table with linear probing, at most 3/4 full: a hit
 *	reads about two slots, a miss a few more, nearly always within one
 *	cache line, then one record.  A slot holds the top 16 bits of the
 *	key's hash (the tag) and where the key lies: its account's record
 *	and the key's offset in it.  Only a slot whose tag matches costs a
 *	look at the record, and the key text there decides, so the table
 *	stores no key text and a tag collision can only cost time.  (The
 *	offset, not just the record, is checked because a record may hold
 *	a key that another account won: its slot must not answer for it.)
 *	The home slot is the low 32 hash bits scaled to the table size.
 *	The hash (below) is part of the file format.
 *
 *	Every slot and record read from a file is checked: a reference
 *	past the records or a malformed record is an error, and a probe
 *	stops after visiting every slot once.
 * DIAGNOSTICS
 *	ps_hx_open() -1 for a malformed header; ps_hx_find() -1 for a
 *	damaged slot or record.
 */

#include <string.h>

#include "cache/hashindex.h"
#include "cache/xxh.h"

static const char magic[8] = {'P', 'S', 'M', 'H', 'I', 'D', 'X', '1'};

/* xxHash64's short-input path, seeded with the key's kind. */
uint64_t
ps_hx_hash(int kind, const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = P5 + (uint64_t) (unsigned char) kind * P1 + len, w;
	size_t i;

	for (; len >= 8; p += 8, len -= 8)
		h = rotl(h ^ (rotl(get64(p) * P2, 31) * P1), 27) * P1 + P4;
	if (len > 0) {
		for (w = 0, i = len; i > 0; i--)
			w = w << 8 | p[i - 1];
		h = rotl(h ^ (rotl(w * P2, 31) * P1), 23) * P2 + P3;
	}
	return avalanche(h);
}

/*
 * The same value, reading the last partial word whole and masking it:
 * for keys followed by at least PS_HX_PAD readable bytes (the builder's
 * arena), where the byte loop cost a fifth of the hash.
 */
uint64_t
ps_hx_hash_padded(int kind, const void *key, size_t len)
{
	const unsigned char *p = key;
	uint64_t h = P5 + (uint64_t) (unsigned char) kind * P1 + len, w;

	for (; len >= 8; p += 8, len -= 8)
		h = rotl(h ^ (rotl(get64(p) * P2, 31) * P1), 27) * P1 + P4;
	if (len > 0) {
		w = get64(p) & (~(uint64_t) 0 >> (64 - 8 * len));
		h = rotl(h ^ (rotl(w * P2, 31) * P1), 23) * P2 + P3;
	}
	return avalanche(h);
}

uint64_t
ps_hx_nslots(uint64_t n)
{
	return n + n / 3 + 1;
}

uint64_t
ps_hx_home(uint64_t hash, uint64_t nslots)
{
	return (hash & 0xffffffffu) * nslots >> 32;
}

/* Slot bits: tag 63-48, key offset 47-32, record reference 31-0. */
uint64_t
ps_hx_slot(uint64_t hash, size_t rec, size_t koff)
{
	return ((hash >> 48) << 48 | (uint64_t) (koff & 0xffff) << 32
		| (uint64_t) (rec / PS_HX_ALIGN + 1));
}

size_t
ps_hx_slot_rec(uint64_t slot)
{
	return (size_t) ((slot & 0xffffffffu) - 1) * PS_HX_ALIGN;
}

size_t
ps_hx_slot_koff(uint64_t slot)
{
	return (size_t) (slot >> 32 & 0xffff);
}

static int
tag_matches(uint64_t slot, uint64_t hash)
{
	return (slot ^ hash) >> 48 == 0;
}

int
ps_hx_open(const void *val, size_t len, struct ps_hx *out)
{
	const unsigned char *p = val;
	uint64_t nslots, recs_len;

	if (len < PS_HX_HDR || memcmp(p, magic, sizeof(magic)) != 0)
		return -1;
	nslots = get64(p + 8);
	recs_len = get64(p + 16);
	if (nslots == 0 || nslots > UINT32_MAX
	    || nslots > (len - PS_HX_HDR) / PS_HX_SLOT
	    || recs_len != len - PS_HX_HDR - nslots * PS_HX_SLOT)
		return -1;
	out->slots = p + PS_HX_HDR;
	out->nslots = nslots;
	out->recs = out->slots + nslots * PS_HX_SLOT;
	out->recs_len = (size_t) recs_len;
	return 0;
}

int
ps_hx_find(const struct ps_hx *hx, int kind, const char *key, size_t klen,
	   struct ps_rec_view *view)
{
	return (ps_hx_find_hashed(hx, ps_hx_hash(kind, key, klen), kind, key,
				  klen, view));
}

int
ps_hx_find_hashed(const struct ps_hx *hx, uint64_t hash, int kind,
		  const char *key, size_t klen, struct ps_rec_view *view)
{
	uint64_t i, n, slot;
	size_t rec;

	i = ps_hx_home(hash, hx->nslots);
	for (n = 0; n < hx->nslots; n++) {
		if ((slot = get64(hx->slots + i * PS_HX_SLOT)) == 0)
			return 0;
		if (tag_matches(slot, hash)) {
			rec = ps_hx_slot_rec(slot);
			if (rec >= hx->recs_len
			    || ps_rec_parse(hx->recs + rec, hx->recs_len - rec,
					    view)
				    == 0)
				return -1;
			if (ps_rec_key_at(view, hx->recs + rec,
					  ps_hx_slot_koff(slot), kind, key,
					  klen))
				return 1;
		}
		if (++i == hx->nslots)
			i = 0;
	}
	return 0;
}

uint64_t
ps_hx_insert(uint64_t *slots, uint64_t nslots, const unsigned char *recs,
	     size_t recs_len, uint64_t hash, int kind, const char *key,
	     size_t klen, size_t rec, size_t koff, int *found)
{
	struct ps_rec_view view;
	uint64_t i = ps_hx_home(hash, nslots);
	size_t at;

	/* The caller sizes the table with ps_hx_nslots(): never full. */
	for (;; i = i + 1 == nslots ? 0 : i + 1) {
		if (slots[i] == 0) {
			slots[i] = ps_hx_slot(hash, rec, koff);
			*found = 0;
			return i;
		}
		if (!tag_matches(slots[i], hash))
			continue;
		at = ps_hx_slot_rec(slots[i]);
		if (ps_rec_parse(recs + at, recs_len - at, &view) > 0
		    && ps_rec_key_at(&view, recs + at,
				     ps_hx_slot_koff(slots[i]), kind, key,
				     klen)) {
			*found = 1;
			return i;
		}
	}
}

size_t
ps_hx_write(unsigned char *out, const uint64_t *slots, uint64_t nslots,
	    size_t recs_len)
{
	uint64_t i;

	memcpy(out, magic, sizeof(magic));
	put64(out + 8, nslots);
	put64(out + 16, recs_len);
	for (i = 0; i < nslots; i++)
		put64(out + PS_HX_HDR + i * PS_HX_SLOT, slots[i]);
	return PS_HX_HDR + nslots * PS_HX_SLOT;
}
