/*
 * NAME
 *	fixture.c - shared Check fixtures: a real license cache from a feed
 * SUMMARY
 *	The milter tests decide against caches built exactly as
 *	psmilter-cache builds them, validated by the shipped regions.
 */

#include <check.h>
#include <stdio.h>
#include <string.h>

#include "cache/build.h"
#include "rules/defaults.h"
#include "rules/regions.h"
#include "tests/fixture.h"

void
ps_test_write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	ck_assert_ptr_nonnull(fp);
	fputs(text, fp);
	ck_assert_int_eq(fclose(fp), 0);
}

static int
region_ok(void *regions, const char *region)
{
	return ps_regions_tier(regions, region) != NULL;
}

void
ps_test_build_cache(const char *dir, const char *feed, const char *cache)
{
	char path[512];
	struct ps_error err;
	struct ps_regions *regions;
	struct ps_build_opts opts;
	struct ps_build_stats stats;

	snprintf(path, sizeof(path), "%s/feed.csv", dir);
	ps_test_write_file(path, feed);
	regions = ps_regions_parse("regions", ps_default_regions,
				   ps_default_regions_len, &err);
	ck_assert_msg(regions != NULL, "%s", err.text);
	memset(&opts, 0, sizeof(opts));
	opts.feed = path;
	opts.cache = cache;
	opts.region_ok = region_ok;
	opts.ctx = regions;
	ck_assert_msg(ps_cache_build(&opts, &stats, &err) == 0, "%s", err.text);
	ps_regions_free(regions);
}
