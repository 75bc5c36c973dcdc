#ifndef PS_CACHE_BUILD_IMPL_H
#define PS_CACHE_BUILD_IMPL_H

/*
 * NAME
 *	build_impl.h - the state of one cache build (internal)
 * SUMMARY
 *	The builder that build.c creates for ps_cache_build() and hands to
 *	the build_*.c files, and the key kinds and feed columns they share.
 * DESCRIPTION
 *	Records live in one arena, PS_ARENA_ALIGN-aligned; an account id,
 *	or the key of a conflict, is a 16-byte entry pointing into its
 *	record (keysort.h).  While the indexer thread runs, it alone
 *	touches the slots, the conflicts, nkeys and the warnings.
 */

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "cache/build.h"
#include "cache/csv.h"
#include "cache/feed.h"
#include "cache/keysort.h"
#include "cache/record.h"
#include "util/error.h"

/* Key kinds. */
enum kind {
	K_ACCOUNT,
	K_DOMAIN,
	K_EMAIL,
	K_ZOID,
	K_ZUID,
	K_COUNT
};

/* Feed columns. */
enum column {
	C_ACCOUNT_ID,
	C_EMAIL,
	C_DOMAINS,
	C_REGION,
	C_LICENSES,
	C_ZOID,
	C_ZUIDS,
	C_COUNT
};

struct keyvec {
	struct ps_key_entry *v;
	size_t n, cap;
};

struct warning {
	unsigned long line;
	size_t seq; /* keeps same-line warnings in order */
	char *msg;
};

/* A key that an account lost to another, for the warnings. */
struct conflict {
	struct ps_key_entry key; /* the key, in some claimant's record */
	uint32_t kind;
	uint32_t loser; /* the losing record (arena units) */
	uint64_t slot;
};

/* The second thread: builds the hash index while the first writes. */
struct indexer {
	pthread_t thread;
	int running;
	uint64_t *slots; /* native order */
	uint64_t nslots;
	struct conflict *conf;
	size_t nconf, capconf;
};

struct builder {
	const struct ps_build_opts *opts;
	const char *feed;     /* feed name for messages */
	unsigned char *arena; /* records, PS_ARENA_ALIGN-aligned */
	size_t arena_len, arena_cap;
	size_t data_bytes; /* a: leaf bytes, an upper bound */
	size_t nentries;   /* key entries of every kind */
	struct keyvec ids; /* account ids */
	struct warning *warn;
	size_t nwarn, capwarn;
	unsigned long rows;
	unsigned long nkeys; /* lookup keys kept after dedup */
	struct indexer ix;
	struct ps_csv_column cols[C_COUNT];
	char domains[PS_CSV_ROW_MAX]; /* a row's domains, joined */
	char zuids[PS_CSV_ROW_MAX];   /* a row's zuids, joined */
	char email[PS_EMAIL_MAX];
};

static inline const unsigned char *
rec_of(const struct builder *b, const struct ps_key_entry *e)
{
	return ps_key_rec(b->arena, e);
}

static inline const char *
rec_id(const unsigned char *rec, int *len)
{
	*len = rec[4];
	return (const char *) rec + PS_COMPACT_HDR;
}

/* build_diag.c */
void ps_build_warn(struct builder *b, unsigned long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ps_build_warn_drop(struct builder *b, size_t n);
void ps_build_warn_flush(struct builder *b);
int ps_build_row_error(const struct builder *b, unsigned long line,
		       struct ps_error *err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* build_validate.c */
int ps_build_check_row(struct builder *b, const struct ps_feed_row *row,
		       struct ps_rec_fields *f, struct ps_error *err);
int ps_build_check_accounts(struct builder *b, struct ps_error *err);

/* build_index.c */
void ps_build_indexer_start(struct builder *b);
void ps_build_indexer_stop(struct builder *b);

/* build_store.c */
int ps_build_store_row(struct builder *b, const struct ps_rec_fields *f,
		       struct ps_error *err);

/* build_conflicts.c */
void ps_build_claim(struct builder *b, enum kind k,
		    const struct ps_key_entry *e, uint64_t s, uint64_t hash);
void ps_build_warn_conflicts(struct builder *b);

/* build_write.c */
int ps_build_write(struct builder *b, struct ps_error *err);

#endif
