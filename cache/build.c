/*
 * NAME
 *	build.c - build the license cache from a CSV feed
 * SUMMARY
 *	ps_cache_build(): reads and checks the whole feed, then writes the
 *	accounts and the hash index to a new file renamed over the cache.
 * DESCRIPTION
 *	The whole feed is read and checked before anything is written, so a
 *	bad row costs nothing but the error; a second thread parses the CSV
 *	(feed.c) while this one checks each row (build_validate.c) and
 *	keeps it as one encoded record in an arena (build_store.c).  As
 *	soon as the feed is read, the indexer thread (build_index.c) puts
 *	every key into the hash index; a key claimed by two accounts goes
 *	to the one with more licenses (on a tie, the earlier line), with a
 *	warning (build_conflicts.c).  Meanwhile this thread radix-sorts
 *	the account ids, failing on a duplicate (build_validate.c), and
 *	writes everything in one transaction (build_write.c) to a new file
 *	renamed over the cache (replace.c).  build_diag.c keeps the
 *	messages.
 * DIAGNOSTICS
 *	"FEED:LINE: reason" for a bad row: the first in file order, except
 *	that duplicate account ids are found once the feed is read.  Write
 *	failures name the file.  Warnings go to the warn callback in line
 *	order before ps_cache_build() returns.
 */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache/build.h"
#include "cache/build_impl.h"
#include "cache/feed.h"
#include "cache/hashindex.h"
#include "cache/record.h"
#include "util/xalloc.h"

static void
builder_free(struct builder *b)
{
	size_t i;

	free(b->arena);
	ps_xhuge_free(b->ix.slots, b->ix.nslots * sizeof(*b->ix.slots));
	free(b->ix.conf);
	free(b->ids.v);
	for (i = 0; i < b->nwarn; i++)
		free(b->warn[i].msg);
	free(b->warn);
	free(b);
}

static int
add_row(void *ctx, const struct ps_feed_row *row, struct ps_error *err)
{
	struct builder *b = ctx;
	struct ps_rec_fields f;

	if (ps_build_check_row(b, row, &f, err) < 0
	    || ps_build_store_row(b, &f, err) < 0)
		return -1;
	b->rows++;
	return 0;
}

static int
read_feed(struct builder *b, struct ps_error *err)
{
	static const char *const names[C_COUNT] = {
		"account_id", "superadmin_email", "domains",
		"region",     "licenses",	  "zoid",
		"zuids"};
	int rc, i;

	for (i = 0; i < C_COUNT; i++) {
		b->cols[i].name = names[i];
		/* Without region and licenses no row could be valid. */
		b->cols[i].required = i == C_ACCOUNT_ID || i == C_REGION
			|| i == C_LICENSES;
	}
	rc = ps_feed_read(b->opts->feed, b->cols, C_COUNT, add_row, b, err);
	if (rc == 0 && b->rows == 0) {
		/* An empty export must not wipe every priority customer. */
		ps_error_set(err, "%s: no data rows", b->feed);
		rc = -1;
	}
	return rc;
}

/*
 * Once the feed is read: the keys are indexed while the account ids
 * are sorted and checked, then everything is written.
 */
static int
check_and_write(struct builder *b, struct ps_error *err)
{
	int too_big = ps_hx_nslots(b->nentries) > UINT32_MAX;
	size_t nwarn = b->nwarn;

	/* The index needs only the records: build it while ids are sorted. */
	if (!too_big)
		ps_build_indexer_start(b);
	if (ps_build_check_accounts(b, err) < 0) {
		ps_build_indexer_stop(b);
		/* A failed feed shows no conflicts. */
		ps_build_warn_drop(b, nwarn);
		return -1;
	}
	if (too_big) {
		ps_error_set(err, "%s: feed too large (more than %lu keys)",
			     b->feed, (unsigned long) (UINT32_MAX / 4 * 3));
		return -1;
	}
	return ps_build_write(b, err);
}

int
ps_cache_build(const struct ps_build_opts *opts, struct ps_build_stats *stats,
	       struct ps_error *err)
{
	struct builder *b = ps_xcalloc(1, sizeof(*b));
	int rc;

	b->opts = opts;
	b->feed = strcmp(opts->feed, "-") == 0 ? "stdin" : opts->feed;
	if ((rc = read_feed(b, err)) == 0)
		rc = check_and_write(b, err);
	ps_build_indexer_stop(b);
	ps_build_warn_flush(b);
	if (stats != NULL) {
		stats->rows = b->rows;
		stats->keys = b->nkeys;
		stats->warnings = b->nwarn;
	}
	builder_free(b);
	return rc < 0 ? -1 : 0;
}
