#ifndef PS_CACHE_H
#define PS_CACHE_H

/*
 * NAME
 *	cache.h - the LMDB license cache: read side
 * SUMMARY
 *	The cache is one LMDB file (MDB_NOSUBDIR), replaced by rename and
 *	never written in place, so readers open it MDB_RDONLY|MDB_NOLOCK
 *	without a lock file.  An open cache is an immutable snapshot: a file
 *	renamed over it later is not seen until it is opened again.  Lookups
 *	are safe from any number of threads, take no lock and allocate
 *	nothing.  Opening reads the whole file once, through a small buffer,
 *	to check its checksum (a damaged file is refused instead of crashing
 *	LMDB later).  Knows nothing of milters.  The on-disk format is
 *	described in record.c.
 * DIAGNOSTICS
 *	ps_cache_open() returns NULL with "PATH: reason" in err (missing,
 *	empty, truncated, damaged, not LMDB, not a psmilter cache, unknown
 *	format).  Lookups return -1 with a reason on an LMDB error or a
 *	malformed value, never crash on one.
 */

#include <stddef.h>
#include <time.h>

#include "util/error.h"

enum ps_key_kind {
	PS_KEY_EMAIL,  /* superadmin address, lowercase */
	PS_KEY_DOMAIN, /* customer domain, lowercase */
	PS_KEY_ZUID,   /* user id, digits */
	PS_KEY_ZOID,   /* organization id (ZOID/ZGID), digits */
	PS_KEY_ACCOUNT /* account id, as written in the feed */
};

#define PS_ACCOUNT_ID_MAX 128
#define PS_REGION_MAX	  32

struct ps_account {
	char account_id[PS_ACCOUNT_ID_MAX + 1];
	char region[PS_REGION_MAX + 1]; /* as in the feed */
	unsigned long licenses;
};

/* The whole feed row, for psmilter-cache get. */
struct ps_account_record {
	struct ps_account account;
	char *superadmin_email; /* or NULL */
	char *domains;		/* ";"-separated, or NULL */
	char *zoid;		/* or NULL */
	char *zuids;		/* ";"-separated, or NULL */
	unsigned long line;	/* feed line it came from */
};

struct ps_cache_meta {
	time_t built;	    /* build time, UTC */
	unsigned long rows; /* data rows in the feed */
	unsigned long keys; /* lookup keys written */
	char source[1024];  /* feed path as given to build */
	unsigned format;    /* on-disk format version */
};

struct ps_cache;

struct ps_cache *ps_cache_open(const char *path, struct ps_error *err);
void ps_cache_close(struct ps_cache *cache);
const char *ps_cache_path(const struct ps_cache *cache);

/*
 * 1 found (out filled), 0 not found, -1 error (reason in err).  Email
 * and domain keys are lowercased here (a domain may also carry a leading
 * "@" or a trailing dot); ids are matched exactly.  PS_KEY_ACCOUNT gives
 * the account of that id.
 */
int
ps_cache_lookup(const struct ps_cache *cache, enum ps_key_kind kind,
		const char *key, struct ps_account *out, struct ps_error *err);
int ps_cache_record(const struct ps_cache *cache, const char *account_id,
		    struct ps_account_record *out, struct ps_error *err);
void ps_account_record_free(struct ps_account_record *rec);
int ps_cache_meta(const struct ps_cache *cache, struct ps_cache_meta *out,
		  struct ps_error *err);

#endif
