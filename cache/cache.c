/*
 * NAME
 *	cache.c - the LMDB license cache: read side
 * SUMMARY
 *	Open a cache file read-only and answer lookups from many threads.
 * DESCRIPTION
 *	The file is opened MDB_RDONLY|MDB_NOLOCK|MDB_NOSUBDIR: it is only
 *	ever replaced by rename, never written in place, so readers need no
 *	lock file, no reader table and no write access.  An open cache keeps
 *	reading the file (inode) it opened; a rebuilt cache is seen by
 *	opening it again.
 *
 *	Before any page is touched, the file size is checked against the
 *	last page LMDB's meta page claims, because a truncated file would
 *	otherwise be mapped past its end and crash the reader (SIGBUS), and
 *	the pages are checked against the builder's checksum trailer,
 *	because LMDB trusts its pages and can crash on a damaged one.  That
 *	reads the whole file once per open with pread() into a small buffer
 *	(checksum.c): it warms the page cache for the lookups to come
 *	without putting the file into the process's RSS.
 *
 *	Lookups go through the hash index (hashindex.c), one LMDB value
 *	that a read transaction held for the life of the cache keeps valid:
 *	the file is never written in place, so its map never changes, and a
 *	lookup reads it with no transaction, lock or allocation.  Every
 *	slot and record is checked as it is read (record.c).
 *
 *	Metadata reads (rare) pool their read transactions: a read takes a
 *	reset transaction from the pool (or begins one), renews it, reads,
 *	resets it and puts it back, which keeps within LMDB's rule that a
 *	transaction is used by one thread at a time (MDB_NOTLS lets a
 *	transaction move between threads).
 * DIAGNOSTICS
 *	ps_cache_open() gives "PATH: reason"; lookups give -1 and a reason
 *	on an LMDB error or a malformed value.
 */

#include <errno.h>
#include <lmdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache/cache.h"
#include "cache/checksum.h"
#include "cache/hashindex.h"
#include "cache/normalize.h"
#include "cache/record.h"
#include "util/xalloc.h"

/* Idle read transactions, reset, ready to renew. */
struct txn_pool {
	pthread_mutex_t lock;
	MDB_txn **idle;
	size_t n, cap;
};

struct ps_cache {
	MDB_env *env;
	MDB_dbi dbi;
	char *path;
	struct txn_pool *pool; /* mutable behind a const cache */
	MDB_txn *index_txn;    /* keeps the index value mapped */
	struct ps_hx index;
};

static int cache_error(struct ps_error *err, const char *path, const char *fmt,
		       ...) __attribute__((format(printf, 3, 4)));

static int
cache_error(struct ps_error *err, const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ps_error_vat(err, path, 0, fmt, ap);
	va_end(ap);
	return -1;
}

static MDB_txn *
txn_get(const struct ps_cache *cache, int *rc)
{
	struct txn_pool *pool = cache->pool;
	MDB_txn *txn = NULL;

	pthread_mutex_lock(&pool->lock);
	if (pool->n > 0)
		txn = pool->idle[--pool->n];
	pthread_mutex_unlock(&pool->lock);
	if (txn == NULL) {
		*rc = mdb_txn_begin(cache->env, NULL, MDB_RDONLY, &txn);
		return *rc == 0 ? txn : NULL;
	}
	if ((*rc = mdb_txn_renew(txn)) != 0) {
		mdb_txn_abort(txn);
		return NULL;
	}
	return txn;
}

static void
txn_put(const struct ps_cache *cache, MDB_txn *txn)
{
	struct txn_pool *pool = cache->pool;

	mdb_txn_reset(txn);
	pthread_mutex_lock(&pool->lock);
	if (pool->n == pool->cap) {
		pool->cap = pool->cap ? pool->cap * 2 : 16;
		pool->idle = ps_xrealloc(pool->idle,
					 pool->cap * sizeof(*pool->idle));
	}
	pool->idle[pool->n++] = txn;
	pthread_mutex_unlock(&pool->lock);
}

/*
 * Reads one key and hands its value to decode while the transaction is
 * live.  1 found, 0 not found, -1 error.
 */
static int
read_key(const struct ps_cache *cache, const char *key, size_t klen,
	 int (*decode)(const MDB_val *, void *), void *out,
	 struct ps_error *err)
{
	MDB_txn *txn;
	MDB_val k, v;
	int rc, found;

	if ((txn = txn_get(cache, &rc)) == NULL)
		return (cache_error(err, cache->path, "%s", mdb_strerror(rc)));
	k.mv_data = (void *) key;
	k.mv_size = klen;
	rc = mdb_get(txn, cache->dbi, &k, &v);
	if (rc == 0)
		found = decode(&v, out) < 0 ? -2 : 1;
	else
		found = rc == MDB_NOTFOUND ? 0 : -1;
	txn_put(cache, txn);
	if (found == -1)
		return (cache_error(err, cache->path, "%s", mdb_strerror(rc)));
	if (found == -2)
		return (cache_error(err, cache->path,
				    "malformed value for key %s", key));
	return found;
}

/* ---- metadata ---- */

struct text {
	char *buf;
	size_t size;
};

static int
decode_text(const MDB_val *v, void *out)
{
	struct text *t = out;

	if (v->mv_size >= t->size || memchr(v->mv_data, 0, v->mv_size))
		return -1;
	memcpy(t->buf, v->mv_data, v->mv_size);
	t->buf[v->mv_size] = 0;
	return 0;
}

/* A metadata value as text; 1, 0 absent, -1 error. */
static int
read_meta(const struct ps_cache *cache, const char *name, char *buf,
	  size_t size, struct ps_error *err)
{
	char key[32];
	struct text t;

	t.buf = buf;
	t.size = size;
	snprintf(key, sizeof(key), "%c:%s", PS_KIND_META, name);
	return (read_key(cache, key, strlen(key), decode_text, &t, err));
}

static int
meta_number(const struct ps_cache *cache, const char *name,
	    unsigned long long *out, struct ps_error *err)
{
	char buf[32], *end;
	int rc;

	if ((rc = read_meta(cache, name, buf, sizeof(buf), err)) <= 0)
		return (rc == 0 ? cache_error(err, cache->path, "no m:%s key",
					      name)
				: -1);
	errno = 0;
	*out = strtoull(buf, &end, 10);
	if (errno != 0 || end == buf || *end != 0)
		return (cache_error(err, cache->path, "malformed m:%s value",
				    name));
	return 0;
}

int
ps_cache_meta(const struct ps_cache *cache, struct ps_cache_meta *out,
	      struct ps_error *err)
{
	unsigned long long built, rows, keys, format;

	memset(out, 0, sizeof(*out));
	if (meta_number(cache, "format", &format, err) < 0
	    || meta_number(cache, "built", &built, err) < 0
	    || meta_number(cache, "rows", &rows, err) < 0
	    || meta_number(cache, "keys", &keys, err) < 0
	    || read_meta(cache, "source", out->source, sizeof(out->source), err)
		    < 0)
		return -1;
	out->format = (unsigned) format;
	out->built = (time_t) built;
	out->rows = (unsigned long) rows;
	out->keys = (unsigned long) keys;
	return 0;
}

/* ---- open and close ---- */

/*
 * Before any page is used: the file must hold every page LMDB's meta
 * page claims (a shorter file would be mapped past its end: SIGBUS),
 * then the checksum trailer, and the pages must match the checksum
 * (LMDB trusts its pages and may crash on a damaged one).
 */
static int
check_file(struct ps_cache *cache, struct ps_error *err)
{
	unsigned char trailer[PS_TRAILER_SIZE];
	unsigned long long used, have;
	uint64_t len, hash, sum;
	MDB_envinfo info;
	MDB_stat st;
	struct stat sb;
	int fd, rc;

	if ((rc = mdb_env_info(cache->env, &info)) != 0
	    || (rc = mdb_env_stat(cache->env, &st)) != 0
	    || (rc = mdb_env_get_fd(cache->env, &fd)) != 0)
		return (cache_error(err, cache->path, "%s", mdb_strerror(rc)));
	if (fstat(fd, &sb) < 0)
		return (cache_error(err, cache->path, "%s", strerror(errno)));
	used = ((unsigned long long) info.me_last_pgno + 1) * st.ms_psize;
	have = (unsigned long long) sb.st_size;
	if (have < used)
		return (cache_error(err, cache->path,
				    "truncated file (%llu bytes, needs %llu)",
				    have, used + PS_TRAILER_SIZE));
	if (have != used + PS_TRAILER_SIZE
	    || pread(fd, trailer, sizeof(trailer), (off_t) used)
		    != (ssize_t) sizeof(trailer)
	    || ps_trailer_decode(trailer, &len, &hash) < 0 || len != used)
		return (cache_error(
			err, cache->path,
			"no valid checksum "
			"trailer (not written by psmilter-cache?)"));
	if (ps_cache_hash_file(fd, used, &sum) < 0)
		return (cache_error(err, cache->path, "%s", strerror(errno)));
	if (sum != hash)
		return (cache_error(err, cache->path,
				    "checksum mismatch (damaged file)"));
	return 0;
}

static int
check_format(struct ps_cache *cache, struct ps_error *err)
{
	char buf[32], ours[16];
	int rc;

	if ((rc = read_meta(cache, "format", buf, sizeof(buf), err)) < 0)
		return -1;
	if (rc == 0)
		return (cache_error(err, cache->path,
				    "not a psmilter cache (no m:format key)"));
	snprintf(ours, sizeof(ours), "%d", PS_CACHE_FORMAT);
	if (strcmp(buf, ours) != 0)
		return (cache_error(
			err, cache->path,
			"unsupported cache format %s (this program reads %d)",
			buf, PS_CACHE_FORMAT));
	return 0;
}

/* The hash index; the transaction that holds it open stays open. */
static int
open_index(struct ps_cache *cache, struct ps_error *err)
{
	MDB_val k, v;
	int rc;

	if ((rc = mdb_txn_begin(cache->env, NULL, MDB_RDONLY,
				&cache->index_txn))
	    != 0)
		return (cache_error(err, cache->path, "%s", mdb_strerror(rc)));
	k.mv_data = (void *) ("h:" PS_INDEX_NAME);
	k.mv_size = strlen("h:" PS_INDEX_NAME);
	if ((rc = mdb_get(cache->index_txn, cache->dbi, &k, &v)) != 0)
		return (cache_error(err, cache->path, "%s",
				    rc == MDB_NOTFOUND ? "no h:index key"
						       : mdb_strerror(rc)));
	if (ps_hx_open(v.mv_data, v.mv_size, &cache->index) < 0)
		return (cache_error(err, cache->path, "malformed hash index"));
	return 0;
}

static int
open_env(struct ps_cache *cache, struct ps_error *err)
{
	struct stat sb;
	MDB_txn *txn;
	int rc;

	if (stat(cache->path, &sb) < 0)
		return (cache_error(err, cache->path, "%s", strerror(errno)));
	if (!S_ISREG(sb.st_mode))
		return (cache_error(err, cache->path, "not a regular file"));
	if (sb.st_size == 0)
		return cache_error(err, cache->path, "empty file");
	if ((rc = mdb_env_create(&cache->env)) != 0)
		return (cache_error(err, cache->path, "%s", mdb_strerror(rc)));
	/* LMDB raises this to what the meta page needs; check_size() then
	 * refuses a file that is shorter. */
	if ((rc = mdb_env_set_mapsize(cache->env, (size_t) sb.st_size)) != 0
	    || (rc = mdb_env_open(cache->env, cache->path,
				  MDB_RDONLY | MDB_NOLOCK | MDB_NOSUBDIR
					  | MDB_NOTLS,
				  0444))
		    != 0)
		return (cache_error(err, cache->path, "%s",
				    rc == ENOENT ? "not an LMDB file"
						 : mdb_strerror(rc)));
	if (check_file(cache, err) < 0)
		return -1;
	if ((rc = mdb_txn_begin(cache->env, NULL, MDB_RDONLY, &txn)) != 0)
		return (cache_error(err, cache->path, "%s", mdb_strerror(rc)));
	rc = mdb_dbi_open(txn, NULL, 0, &cache->dbi);
	mdb_txn_abort(txn);
	if (rc != 0)
		return (cache_error(err, cache->path, "%s", mdb_strerror(rc)));
	if (check_format(cache, err) < 0)
		return -1;
	return open_index(cache, err);
}

struct ps_cache *
ps_cache_open(const char *path, struct ps_error *err)
{
	struct ps_cache *cache = ps_xcalloc(1, sizeof(*cache));

	cache->path = ps_xstrndup(path, strlen(path));
	cache->pool = ps_xcalloc(1, sizeof(*cache->pool));
	pthread_mutex_init(&cache->pool->lock, NULL);
	if (open_env(cache, err) < 0) {
		ps_cache_close(cache);
		return NULL;
	}
	return cache;
}

/* Callers guarantee no lookup is running (the generation is unused). */
void
ps_cache_close(struct ps_cache *cache)
{
	size_t i;

	if (cache == NULL)
		return;
	for (i = 0; i < cache->pool->n; i++)
		mdb_txn_abort(cache->pool->idle[i]);
	if (cache->index_txn != NULL)
		mdb_txn_abort(cache->index_txn);
	free(cache->pool->idle);
	pthread_mutex_destroy(&cache->pool->lock);
	free(cache->pool);
	if (cache->env != NULL)
		mdb_env_close(cache->env);
	free(cache->path);
	free(cache);
}

const char *
ps_cache_path(const struct ps_cache *cache)
{
	return cache->path;
}

/* ---- lookups ---- */

/*
 * Builds "k:text" in buf: addresses and domains lowercased (a domain
 * also loses a leading "@" and a trailing dot), so callers may pass
 * them as found.  0 when the text cannot be a key.
 */
static size_t
make_key(enum ps_key_kind kind, const char *text, char *buf)
{
	static const char prefix[] = {[PS_KEY_EMAIL] = PS_KIND_EMAIL,
				      [PS_KEY_DOMAIN] = PS_KIND_DOMAIN,
				      [PS_KEY_ZUID] = PS_KIND_ZUID,
				      [PS_KEY_ZOID] = PS_KIND_ZOID,
				      [PS_KEY_ACCOUNT] = PS_KIND_ACCOUNT};
	size_t len = strlen(text);

	if ((unsigned) kind > PS_KEY_ACCOUNT || len == 0
	    || len > PS_KEY_MAX - 2)
		return 0;
	buf[0] = prefix[kind];
	buf[1] = ':';
	if (kind == PS_KEY_EMAIL) {
		ps_norm_lower(text, len, buf + 2);
	} else if (kind == PS_KEY_DOMAIN) {
		if (text[0] == '@')
			text++, len--;
		if (len > 0 && text[len - 1] == '.')
			len--;
		ps_norm_lower(text, len, buf + 2);
	} else {
		memcpy(buf + 2, text, len);
	}
	buf[2 + len] = 0;
	return len == 0 ? 0 : 2 + len;
}

/* A key ("k:text") through the hash index: 1, 0 or -1 as below. */
static int
find(const struct ps_cache *cache, const char *key, size_t len,
     struct ps_rec_view *view, struct ps_error *err)
{
	int rc;

	if ((rc = ps_hx_find(&cache->index, key[0], key + 2, len - 2, view))
	    < 0)
		return (cache_error(err, cache->path,
				    "malformed value for key %s", key));
	return rc;
}

int
ps_cache_lookup(const struct ps_cache *cache, enum ps_key_kind kind,
		const char *key, struct ps_account *out, struct ps_error *err)
{
	struct ps_rec_view view;
	char buf[PS_KEY_MAX + 1];
	size_t len;
	int rc;

	if ((len = make_key(kind, key, buf)) == 0)
		return 0;
	if ((rc = find(cache, buf, len, &view, err)) == 1)
		*out = view.account;
	return rc;
}

static char *
dup_or_null(const char *s, size_t len)
{
	return len == 0 ? NULL : ps_xstrndup(s, len);
}

int
ps_cache_record(const struct ps_cache *cache, const char *account_id,
		struct ps_account_record *out, struct ps_error *err)
{
	struct ps_rec_view view;
	char buf[PS_KEY_MAX + 1];
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((len = make_key(PS_KEY_ACCOUNT, account_id, buf)) == 0)
		return 0;
	if ((rc = find(cache, buf, len, &view, err)) != 1)
		return rc;
	out->account = view.account;
	out->line = view.line;
	out->superadmin_email = dup_or_null(view.email, view.email_len);
	out->domains = dup_or_null(view.domains, view.domains_len);
	out->zoid = dup_or_null(view.zoid, view.zoid_len);
	out->zuids = dup_or_null(view.zuids, view.zuids_len);
	return 1;
}

void
ps_account_record_free(struct ps_account_record *rec)
{
	if (rec == NULL)
		return;
	free(rec->superadmin_email);
	free(rec->domains);
	free(rec->zoid);
	free(rec->zuids);
	memset(rec, 0, sizeof(*rec));
}
