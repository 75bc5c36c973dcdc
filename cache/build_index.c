/*
 * NAME
 *	build_index.c - the indexer thread of a cache build
 * SUMMARY
 *	Once the feed is read, a second thread puts every key of every
 *	record into the hash index (hashindex.c) while the first thread
 *	sorts the account ids and writes them to LMDB.
 * DESCRIPTION
 *	The records are walked in arena order, so their bytes are read as
 *	a stream; table slots are random memory, so keys are hashed and
 *	their home slots prefetched HASH_BATCH at a time before they are
 *	inserted.  A slot refers to its key in the record, which the index
 *	holds as it is in the arena.  A key already in the table for
 *	another account is settled by build_conflicts.c, whose warnings
 *	are made here too, once all keys are in.
 *
 *	The table is sized from the keys counted as rows were stored and
 *	never grows, so the index's layout is fixed before the thread
 *	starts and the records can be copied into it meanwhile.  Until it
 *	is joined, the thread alone touches the table, the conflicts, the
 *	count of lookup keys and the warnings.  When no thread can be
 *	made, the whole index is built at once in the caller's thread.
 */

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#include "cache/build_impl.h"
#include "cache/hashindex.h"
#include "cache/keysort.h"
#include "cache/record.h"
#include "util/xalloc.h"

#define HASH_BATCH 32 /* keys hashed ahead of insertion */

static const char kind_char[K_COUNT] = {PS_KIND_ACCOUNT, PS_KIND_DOMAIN,
					PS_KIND_EMAIL, PS_KIND_ZOID,
					PS_KIND_ZUID};

/* Puts one key in the table; an equal key goes to the better account. */
static void
index_key(struct builder *b, enum kind k, const struct ps_key_entry *e,
	  uint64_t hash)
{
	struct indexer *ix = &b->ix;
	size_t rec = (size_t) e->rec * PS_ARENA_ALIGN;
	uint64_t s;
	int found;

	s = ps_hx_insert(ix->slots, ix->nslots, b->arena, b->arena_len, hash,
			 kind_char[k], (const char *) ps_key_text(b->arena, e),
			 e->klen, rec, e->koff, &found);
	if (found)
		ps_build_claim(b, k, e, s, hash);
	else if (k != K_ACCOUNT)
		b->nkeys++;
}

/*
 * Keys waiting for insertion.  Table slots are random memory: a key is
 * hashed and its slot fetched ahead, and a batch is inserted at once.
 */
struct batch {
	struct ps_key_entry key[HASH_BATCH];
	uint64_t hash[HASH_BATCH];
	enum kind kind[HASH_BATCH];
	size_t n;
};

static void
flush(struct builder *b, struct batch *bt)
{
	size_t i;

	for (i = 0; i < bt->n; i++)
		index_key(b, bt->kind[i], &bt->key[i], bt->hash[i]);
	bt->n = 0;
}

static void
queue_key(struct builder *b, struct batch *bt, enum kind k, size_t rec,
	  const char *s, size_t len)
{
	struct ps_key_entry *e = &bt->key[bt->n];

	e->rec = (uint32_t) (rec / PS_ARENA_ALIGN);
	e->koff = (uint16_t) ((const unsigned char *) s - (b->arena + rec));
	e->klen = (uint8_t) len;
	e->dup = 0;
	bt->kind[bt->n] = k;
	bt->hash[bt->n] = ps_hx_hash_padded(kind_char[k], s, len);
	__builtin_prefetch(
		b->ix.slots + ps_hx_home(bt->hash[bt->n], b->ix.nslots), 1);
	if (++bt->n == HASH_BATCH)
		flush(b, bt);
}

static void
queue_list(struct builder *b, struct batch *bt, enum kind k, size_t rec,
	   const char *s, size_t len)
{
	const char *end = s + len, *semi;

	while (s < end) {
		if ((semi = memchr(s, ';', (size_t) (end - s))) == NULL)
			semi = end;
		queue_key(b, bt, k, rec, s, (size_t) (semi - s));
		s = semi + 1;
	}
}

/* Queues every key of the record at rec; the record's length. */
static size_t
index_record(struct builder *b, struct batch *bt, size_t rec)
{
	const unsigned char *p = b->arena + rec;
	struct ps_rec_view v;
	size_t len = ps_rec_parse(p, b->arena_len - rec, &v);

	queue_key(b, bt, K_ACCOUNT, rec, (const char *) p + ps_rec_id_offset(),
		  strlen(v.account.account_id));
	if (v.email_len > 0)
		queue_key(b, bt, K_EMAIL, rec, v.email, v.email_len);
	queue_list(b, bt, K_DOMAIN, rec, v.domains, v.domains_len);
	if (v.zoid_len > 0)
		queue_key(b, bt, K_ZOID, rec, v.zoid, v.zoid_len);
	queue_list(b, bt, K_ZUID, rec, v.zuids, v.zuids_len);
	return len;
}

/* Walks the records in arena order, which the reads then stream. */
static void
index_records(struct builder *b)
{
	struct batch bt;
	size_t rec, len;

	bt.n = 0;
	for (rec = 0; rec < b->arena_len; rec += len) {
		len = index_record(b, &bt, rec);
		len = (len + PS_ARENA_ALIGN - 1)
			& ~(size_t) (PS_ARENA_ALIGN - 1);
	}
	flush(b, &bt);
}

/*
 * The indexer thread owns the table, b->nkeys and the warnings until
 * it is joined.
 */
static void *
indexer_main(void *arg)
{
	struct builder *b = arg;

	index_records(b);
	ps_build_warn_conflicts(b);
	return NULL;
}

/* Sizes the table for the keys counted and starts indexing. */
void
ps_build_indexer_start(struct builder *b)
{
	b->ix.nslots = ps_hx_nslots(b->nentries);
	b->ix.slots = ps_xhuge(b->ix.nslots * sizeof(*b->ix.slots));
	b->ix.running = pthread_create(&b->ix.thread, NULL, indexer_main, b)
		== 0;
	if (!b->ix.running)
		(void) indexer_main(b); /* no thread: index everything now */
}

/* Waits for the index; safe to call more than once. */
void
ps_build_indexer_stop(struct builder *b)
{
	if (b->ix.running)
		pthread_join(b->ix.thread, NULL);
	b->ix.running = 0;
}
