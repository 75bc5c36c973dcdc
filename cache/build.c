/*
 * NAME
 *	build.c - build the license cache from a CSV feed
 * SUMMARY
 *	Checks every feed row, then writes the accounts and the hash index.
 * DESCRIPTION
 *	The whole feed is read and checked before anything is written, so a
 *	bad row costs nothing but the error; a second thread parses the CSV
 *	while this one checks rows (feed.c).  Each row becomes one encoded
 *	record (record.c) in an arena; every key (account id, email,
 *	domain, ZOID, ZUID) is a 16-byte entry pointing into its record, so
 *	no text is copied twice.  Account ids are radix-sorted (keysort.c):
 *	a duplicate is an error, and sorted ids go to LMDB by MDB_APPEND.
 *	As soon as the feed is read, a second thread puts every key into
 *	the hash index (hashindex.c), whose records area is the arena itself
 *	and is copied to the file while the table fills; a key claimed
 *	by two accounts goes to the one with more licenses (on a tie, the
 *	earlier line), with a warning.  Everything is written in one
 *	transaction to a new file renamed over the cache (replace.c).
 * DIAGNOSTICS
 *	"FEED:LINE: reason" for a bad row: the first in file order, except
 *	that duplicate account ids are found once the feed is read.  Write
 *	failures name the file.  Warnings go to the warn callback in line
 *	order before ps_cache_build() returns.
 */

#include <lmdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cache/build.h"
#include "cache/build_impl.h"
#include "cache/csv.h"
#include "cache/feed.h"
#include "cache/hashindex.h"
#include "cache/keysort.h"
#include "cache/normalize.h"
#include "cache/record.h"
#include "cache/replace.h"
#include "cache/xmalloc.h"


static void
builder_free(struct builder *b)
{
	size_t	i;

	free(b->arena);
	ps_cache_huge_free(b->ix.slots, b->ix.nslots * sizeof(*b->ix.slots));
	free(b->ix.conf);
	free(b->ids.v);
	for (i = 0; i < b->nwarn; i++)
		free(b->warn[i].msg);
	free(b->warn);
	free(b);
}

static int
add_row(void *ctx, const struct ps_feed_row *row, char *err, size_t errlen)
{
	struct builder *b = ctx;
	struct ps_rec_fields f;

	if (ps_build_check_row(b, row, &f, err, errlen) < 0
	    || ps_build_store_row(b, &f, err, errlen) < 0)
		return (-1);
	b->rows++;
	return (0);
}

static int
read_feed(struct builder *b, char *err, size_t errlen)
{
	static const char *const names[C_COUNT] = {
		"account_id", "superadmin_email", "domains", "region",
		"licenses", "zoid", "zuids"
	};
	int	rc, i;

	for (i = 0; i < C_COUNT; i++) {
		b->cols[i].name = names[i];
		/* Without region and licenses no row could be valid. */
		b->cols[i].required = i == C_ACCOUNT_ID || i == C_REGION
		    || i == C_LICENSES;
	}
	rc = ps_feed_read(b->opts->feed, b->cols, C_COUNT, add_row, b, err,
			  errlen);
	if (rc == 0 && b->rows == 0) {
		/* An empty export must not wipe every priority customer. */
		snprintf(err, errlen, "%s: no data rows", b->feed);
		rc = -1;
	}
	return (rc);
}

int
ps_cache_build(const struct ps_build_opts *opts, struct ps_build_stats *stats,
	       char *err, size_t errlen)
{
	struct builder *b = ps_cache_xcalloc(1, sizeof(*b));
	size_t	nwarn;
	int	rc, too_big;

	b->opts = opts;
	b->feed = strcmp(opts->feed, "-") == 0 ? "stdin" : opts->feed;
	rc = read_feed(b, err, errlen);
	too_big = rc == 0 && ps_hx_nslots(b->nentries) > UINT32_MAX;
	/* The index needs only the records: build it while ids are sorted. */
	nwarn = b->nwarn;
	if (rc == 0 && !too_big)
		ps_build_indexer_start(b);
	if (rc == 0 && (rc = ps_build_check_accounts(b, err, errlen)) < 0) {
		ps_build_indexer_stop(b);
		ps_build_warn_drop(b, nwarn);	/* a failed feed shows no conflicts */
	}
	if (rc == 0 && too_big) {
		snprintf(err, errlen, "%s: feed too large (more than %lu keys)",
			 b->feed, (unsigned long) (UINT32_MAX / 4 * 3));
		rc = -1;
	}
	if (rc == 0)
		rc = ps_build_write(b, err, errlen);
	ps_build_indexer_stop(b);
	ps_build_warn_flush(b);
	if (stats != NULL) {
		stats->rows = b->rows;
		stats->keys = b->nkeys;
		stats->warnings = b->nwarn;
	}
	builder_free(b);
	return (rc < 0 ? -1 : 0);
}
