#ifndef PS_BUILD_H
#define PS_BUILD_H

/*
 * NAME
 *	build.h - build the license cache from a CSV feed
 * SUMMARY
 *	The feed is RFC 4180 CSV, UTF-8, with a header row naming the
 *	columns (any order; unknown columns ignored; account_id required).
 *	The cache is written to a new file beside the target, synced, and
 *	renamed over it: readers see the old cache or the new one, never a
 *	half-written one.  Region and freemail policy come from the caller, so
 *	this module depends on nothing but LMDB.
 * DIAGNOSTICS
 *	On a bad row the build fails with "FEED:LINE: reason" in err, and the
 *	old cache is left in place.  Warnings (a freemail domain refused, a
 *	key claimed by two accounts) go to the warn callback as
 *	"FEED:LINE: warning: ...".
 */

#include <stddef.h>

#include "util/error.h"

/*
 * region_ok and is_freemail may be NULL (accept every region; no domain
 * is freemail).  All three callbacks are called in the caller's thread;
 * warn in line order, before ps_cache_build() returns.
 */
struct ps_build_opts {
	const char *feed;  /* path of the CSV feed, "-" for stdin */
	const char *cache; /* path of the cache file to replace */
	/* 1 if the region (tier name or country code) is known, else 0 */
	int (*region_ok)(void *ctx, const char *region);
	/* 1 if the domain (lowercase, no trailing dot) is free mail, else 0 */
	int (*is_freemail)(void *ctx, const char *domain);
	void (*warn)(void *ctx, const char *msg);
	void *ctx;
};

struct ps_build_stats {
	unsigned long rows; /* data rows read */
	unsigned long keys; /* lookup keys written */
	unsigned long warnings;
};

/* 0 on success, -1 with the reason in err. */
int ps_cache_build(const struct ps_build_opts *opts,
		   struct ps_build_stats *stats, struct ps_error *err);

/*
 * The temporary file a build in this process writes beside the cache,
 * "CACHE.tmp.PID", so that a signal handler can unlink() it when the
 * build is interrupted.  Async-signal-unsafe: call it beforehand.
 */
void ps_cache_build_tmpname(const char *cache, char *buf, size_t len);

#endif
