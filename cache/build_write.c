/*
 * NAME
 *	build_write.c - write a checked feed into a new cache file
 * SUMMARY
 *	In one LMDB transaction on a new file (replace.c): every account
 *	id with its compact account, the hash index, then the metadata.
 * DESCRIPTION
 *	Everything is put in key order ("a:", "h:index", "m:") with
 *	MDB_APPEND, so LMDB fills its pages without searching them.  The
 *	account ids are sorted, so their records are met in random arena
 *	order and are prefetched PREFETCH_AHEAD ahead.
 *
 *	The index value is reserved in the new file's map and filled in
 *	place.  The records are copied into it first, while the indexer
 *	may still be filling the table; then this waits for the indexer
 *	and writes the table.  The metadata follow, once the lookup keys
 *	are counted.
 *
 *	The map size is an upper bound; the file is cut back to the
 *	pages in use before it is renamed.
 * DIAGNOSTICS
 *	Those of ps_lmdb_replace() (replace.c), which name the file.
 */

#include <lmdb.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache/build_impl.h"
#include "cache/hashindex.h"
#include "cache/keysort.h"
#include "cache/record.h"
#include "cache/replace.h"

#define PREFETCH_AHEAD 16 /* entries */

static int
put(MDB_cursor *cur, char kind, const void *key, size_t klen, MDB_val *v,
    unsigned flags)
{
	unsigned char kbuf[PS_KEY_MAX];
	MDB_val k;

	kbuf[0] = (unsigned char) kind;
	kbuf[1] = ':';
	memcpy(kbuf + 2, key, klen);
	k.mv_data = kbuf;
	k.mv_size = klen + 2;
	return mdb_cursor_put(cur, &k, v, MDB_APPEND | flags);
}

/* Account ids, sorted, each with its compact account. */
static int
put_accounts(MDB_cursor *cur, struct builder *b)
{
	const struct keyvec *kv = &b->ids;
	const struct ps_key_entry *e;
	const unsigned char *rec;
	MDB_val v;
	size_t i;
	int rc;

	for (i = 0; i < kv->n; i++) {
		/* Sorted order is random order in the arena: fetch ahead. */
		if (i + PREFETCH_AHEAD < kv->n)
			__builtin_prefetch(
				rec_of(b, &kv->v[i + PREFETCH_AHEAD]));
		e = &kv->v[i];
		rec = rec_of(b, e);
		v.mv_data = (void *) rec;
		v.mv_size = ps_rec_compact_size(rec);
		if ((rc = put(cur, PS_KIND_ACCOUNT, rec + e->koff, e->klen, &v,
			      0))
		    != 0)
			return rc;
	}
	return 0;
}

static size_t
index_size(const struct builder *b)
{
	return PS_HX_HDR + b->ix.nslots * PS_HX_SLOT + b->arena_len;
}

/*
 * The index value, written straight into the new file's map.  The
 * records go first, while the indexer may still be filling the table:
 * their place follows from the slot count, fixed when the indexer
 * started, and the indexer only reads them.
 */
static int
put_index(MDB_cursor *cur, struct builder *b)
{
	MDB_val v;
	int rc;

	v.mv_data = NULL;
	v.mv_size = index_size(b);
	if ((rc = put(cur, PS_KIND_INDEX, PS_INDEX_NAME, strlen(PS_INDEX_NAME),
		      &v, MDB_RESERVE))
	    != 0) {
		ps_build_indexer_stop(b);
		return rc;
	}
	memcpy((unsigned char *) v.mv_data + PS_HX_HDR
		       + b->ix.nslots * PS_HX_SLOT,
	       b->arena, b->arena_len);
	ps_build_indexer_stop(b);
	(void) ps_hx_write(v.mv_data, b->ix.slots, b->ix.nslots, b->arena_len);
	return 0;
}

static int
put_meta(MDB_cursor *cur, const char *name, const char *value)
{
	MDB_val v;

	v.mv_data = (void *) value;
	v.mv_size = strlen(value);
	return put(cur, PS_KIND_META, name, strlen(name), &v, 0);
}

/* Metadata keys, in key order, once every kind is counted. */
static int
put_metas(MDB_cursor *cur, struct builder *b)
{
	char built[32], format[16], keys[32], rows[32];
	int rc;

	snprintf(built, sizeof(built), "%lld", (long long) time(NULL));
	snprintf(format, sizeof(format), "%d", PS_CACHE_FORMAT);
	snprintf(keys, sizeof(keys), "%lu", b->nkeys);
	snprintf(rows, sizeof(rows), "%lu", b->rows);
	if ((rc = put_meta(cur, "built", built)) != 0
	    || (rc = put_meta(cur, "format", format)) != 0
	    || (rc = put_meta(cur, "keys", keys)) != 0
	    || (rc = put_meta(cur, "rows", rows)) != 0
	    || (rc = put_meta(cur, "source", b->feed)) != 0)
		return rc;
	return 0;
}

/* Everything, in key order: a: h: m:. */
static int
fill(MDB_cursor *cur, void *ctx)
{
	struct builder *b = ctx;
	int rc;

	if ((rc = put_accounts(cur, b)) != 0 || (rc = put_index(cur, b)) != 0
	    || (rc = put_metas(cur, b)) != 0)
		return rc;
	return 0;
}

/*
 * The map only reserves address space (the file is trimmed after), so
 * be generous: twice the a: leaf bytes covers branch pages and partly
 * filled pages.
 */
static size_t
map_size(const struct builder *b)
{
	size_t page = (size_t) sysconf(_SC_PAGESIZE);

	return (b->data_bytes * 2 + index_size(b) + (64u << 20) + page - 1)
		/ page * page;
}

/* Writes the new cache file and renames it over the old. */
int
ps_build_write(struct builder *b, struct ps_error *err)
{
	return ps_lmdb_replace(b->opts->cache, map_size(b), fill, b, err);
}
