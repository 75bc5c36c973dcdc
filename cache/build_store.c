/*
 * NAME
 *	build_store.c - keep the checked rows of a feed as records
 * SUMMARY
 *	Encodes each checked row as one record (record.c) at the end of
 *	the builder's arena, lists its account id, and counts its keys.
 * DESCRIPTION
 *	Records start PS_ARENA_ALIGN-aligned, so a 32-bit reference
 *	reaches 32 GiB; the arena keeps PS_HX_PAD spare bytes after the
 *	last record so that its keys can be hashed by whole words.  The
 *	account id entry points into the record, so no key text is copied.
 *	Only the account ids are collected here: the other keys are
 *	counted, to size the hash table, and found again by the indexer
 *	in the records themselves.  The bytes the account entries will
 *	take in LMDB are added up too, for the map size.
 * DIAGNOSTICS
 *	"FEED:LINE: row too long" for a record longer than 65535 bytes
 *	(its keys' offsets are 16-bit); "FEED:LINE: feed too large" when
 *	the arena would pass 32 GiB.
 */

#include <stdint.h>
#include <string.h>

#include "cache/build_impl.h"
#include "cache/hashindex.h"
#include "cache/keysort.h"
#include "cache/record.h"
#include "util/xalloc.h"

#define ARENA_MAX  ((size_t) PS_HX_REFS_MAX * PS_ARENA_ALIGN)
#define RECORD_MAX 65535 /* key offsets are 16-bit */

/* Room for a record; its offset in the arena. */
static size_t
arena_alloc(struct builder *b, size_t size)
{
	size_t off = b->arena_len;

	size = (size + PS_ARENA_ALIGN - 1) & ~(size_t) (PS_ARENA_ALIGN - 1);
	/* Keys at the very end stay hashable by whole words: PS_HX_PAD. */
	if (b->arena_cap - b->arena_len < size + PS_HX_PAD) {
		while (b->arena_cap - b->arena_len < size + PS_HX_PAD)
			b->arena_cap = b->arena_cap ? b->arena_cap * 2
						    : 1 << 20;
		/* Large blocks are mremap()ed by malloc: growing is cheap. */
		b->arena = ps_xrealloc(b->arena, b->arena_cap);
	}
	b->arena_len += size;
	return off;
}

static void
add_id(struct builder *b, size_t rec, size_t klen, size_t vlen)
{
	struct keyvec *kv = &b->ids;
	struct ps_key_entry *e;

	if (kv->n == kv->cap) {
		kv->cap = kv->cap ? kv->cap * 2 : 4096;
		kv->v = ps_xrealloc(kv->v, kv->cap * sizeof(*kv->v));
	}
	e = &kv->v[kv->n++];
	e->rec = (uint32_t) (rec / PS_ARENA_ALIGN);
	e->koff = (uint16_t) ps_rec_id_offset();
	e->klen = (uint8_t) klen;
	e->dup = 0;
	/* An a: leaf node: header, key with prefix, value, index slot. */
	b->data_bytes += 8 + 2 + klen + vlen + 2 + 1;
}

/* The items of a ";"-joined list (no empty items), 0 when empty. */
static size_t
count_items(const char *s, size_t len)
{
	const char *end = s + len;
	size_t n = len > 0;

	while ((s = memchr(s, ';', (size_t) (end - s))) != NULL)
		s++, n++;
	return n;
}

/* Encodes the checked row f in the arena; -1 with err set if no room. */
int
ps_build_store_row(struct builder *b, const struct ps_rec_fields *f,
		   struct ps_error *err)
{
	size_t full = ps_rec_full_len(f), compact = ps_rec_compact_len(f);
	size_t rec;

	if (full > RECORD_MAX)
		return ps_build_row_error(b, f->line, err, "row too long");
	if (b->arena_len + full + PS_ARENA_ALIGN > ARENA_MAX)
		return ps_build_row_error(
			b, f->line, err,
			"feed too large (more than 32 GiB of records)");
	rec = arena_alloc(b, full);
	ps_rec_encode(f, b->arena + rec);
	add_id(b, rec, f->account_id_len, compact);
	/* Only counted here: the index finds the keys in the records. */
	b->nentries += 1 + (f->email_len > 0) + (f->zoid_len > 0)
		+ count_items(f->domains, f->domains_len)
		+ count_items(f->zuids, f->zuids_len);
	return 0;
}
